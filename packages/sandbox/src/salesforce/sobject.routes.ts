import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound, RecordFailure, SalesforceApiError } from './api-errors.ts';
import { versionOf } from './api-version.ts';
import type { EmulatorContext } from './emulator-context.ts';
import { formatDateTime, type StoredRecord } from './record-store.ts';
import { toId18 } from './salesforce-ids.ts';
import { describeGlobalEntry, describeSObject } from './sobject-describe.ts';
import { findSObject, SOBJECTS, type FieldSchema, type SObjectSchema } from './sobject-schema.ts';

/** How far back `/deleted` reaches (the recycle bin window). */
const REPLICATION_WINDOW_MS = 15 * 24 * 3600 * 1000;

export function schemaOf(request: FastifyRequest): SObjectSchema {
  const schema = findSObject((request.params as { object: string }).object);
  if (schema === undefined) throw notFound();
  return schema;
}

export function bodyObject(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SalesforceApiError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/** The external id field of an upsert URL, or Salesforce's 404 for one that is not an external id. */
export function externalIdField(schema: SObjectSchema, name: string): FieldSchema {
  const field = schema.byLowerName.get(name.toLowerCase());
  if (field === undefined || !(field.externalId === true || field.name === 'Id')) {
    throw new SalesforceApiError(
      404,
      'NOT_FOUND',
      `Provided external ID field does not exist or is not accessible: ${name}`,
    );
  }
  return field;
}

function selectedFields(schema: SObjectSchema, list: unknown): FieldSchema[] {
  if (typeof list !== 'string' || list === '') return schema.fields;
  return list.split(',').map((name) => {
    const field = schema.byLowerName.get(name.trim().toLowerCase());
    if (field === undefined)
      throw new SalesforceApiError(
        400,
        'INVALID_FIELD',
        `No such column '${name.trim()}' on sobject of type ${schema.name}`,
      );
    return field;
  });
}

/** Single-record calls answer an unusable id the way Salesforce does: as an unknown external id field. */
function liveRecord(context: EmulatorContext, schema: SObjectSchema, id: string): StoredRecord {
  const id18 = toId18(id);
  if (id18 === undefined || !id18.startsWith(schema.keyPrefix)) {
    throw new SalesforceApiError(
      404,
      'NOT_FOUND',
      `Provided external ID field does not exist or is not accessible: ${id}`,
    );
  }
  if (context.state.store.deleted.has(id18))
    throw new SalesforceApiError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
  const record = context.state.store.objects[schema.name].get(id18);
  if (record === undefined) throw notFound();
  return record;
}

function parseReplicationDate(value: unknown, name: string): number {
  // A `+` of an unencoded offset arrives as a space.
  const ms = typeof value === 'string' ? Date.parse(value.replace(' ', '+')) : NaN;
  if (Number.isNaN(ms))
    throw new SalesforceApiError(400, 'INVALID_REPLICATION_DATE', `${name}: a valid dateTime is required`);
  return ms;
}

function replicationWindow(
  context: EmulatorContext,
  request: FastifyRequest,
): { start: number; end: number } {
  const query = request.query as Record<string, unknown>;
  const start = parseReplicationDate(query['start'], 'start');
  const end = parseReplicationDate(query['end'], 'end');
  if (end <= start)
    throw new SalesforceApiError(
      400,
      'INVALID_REPLICATION_DATE',
      'EndDate must chronologically succeed startDate',
    );
  if (start < context.clock() - REPLICATION_WINDOW_MS) {
    throw new SalesforceApiError(
      400,
      'INVALID_REPLICATION_DATE',
      'startDate cannot be more than 15 days ago',
    );
  }
  return { start, end };
}

/** sObject basic information, describe, CRUD by id, get and upsert by external id, deleted and updated. */
export function registerSObjectRoutes(api: FastifyInstance, context: EmulatorContext): void {
  const { state } = context;

  api.get('/:version/sobjects', async (request) => {
    const { text } = versionOf(request);
    return {
      encoding: 'UTF-8',
      maxBatchSize: 200,
      sobjects: SOBJECTS.map((s) => describeGlobalEntry(s, text)),
    };
  });

  api.get('/:version/sobjects/:object', async (request) => {
    const { text } = versionOf(request);
    return { objectDescribe: describeGlobalEntry(schemaOf(request), text), recentItems: [] };
  });

  api.get('/:version/sobjects/:object/describe', async (request) =>
    describeSObject(schemaOf(request), versionOf(request).text),
  );

  api.post('/:version/sobjects/:object', async (request, reply) => {
    const schema = schemaOf(request);
    const record = state.store.create(schema, bodyObject(request));
    return reply.code(201).send({ id: record['Id'], success: true, errors: [] });
  });

  api.get('/:version/sobjects/:object/deleted', async (request) => {
    const schema = schemaOf(request);
    const { start, end } = replicationWindow(context, request);
    const deletedRecords = [...state.store.deleted.entries()]
      .filter(([, d]) => d.object === schema.name && d.deletedDate >= start && d.deletedDate < end)
      .map(([id, d]) => ({ id, deletedDate: formatDateTime(d.deletedDate) }));
    const earliest = Math.min(
      ...[...state.store.deleted.values()].map((d) => d.deletedDate),
      context.clock(),
    );
    const covered = Math.floor(Math.min(end, context.clock()) / 60_000) * 60_000;
    return {
      deletedRecords,
      earliestDateAvailable: formatDateTime(earliest),
      latestDateCovered: formatDateTime(covered),
    };
  });

  api.get('/:version/sobjects/:object/updated', async (request) => {
    const schema = schemaOf(request);
    const { start, end } = replicationWindow(context, request);
    const ids: string[] = [];
    for (const record of state.store.objects[schema.name].values()) {
      const stamp = record['SystemModstamp'] as number;
      if (stamp >= start && stamp < end) ids.push(record['Id'] as string);
    }
    const covered = Math.floor(Math.min(end, context.clock()) / 60_000) * 60_000;
    return { ids, latestDateCovered: formatDateTime(covered) };
  });

  api.get('/:version/sobjects/:object/:id', async (request) => {
    const schema = schemaOf(request);
    const { id } = request.params as { id: string };
    const fields = selectedFields(schema, (request.query as Record<string, unknown>)['fields']);
    return state.toApiRecord(schema, liveRecord(context, schema, id), versionOf(request).text, fields);
  });

  api.patch('/:version/sobjects/:object/:id', async (request, reply) => {
    const schema = schemaOf(request);
    const { id } = request.params as { id: string };
    liveRecord(context, schema, id);
    state.store.update(schema, id, bodyObject(request));
    return reply.code(204).send();
  });

  api.delete('/:version/sobjects/:object/:id', async (request, reply) => {
    const schema = schemaOf(request);
    const { id } = request.params as { id: string };
    liveRecord(context, schema, id);
    state.store.delete(id);
    return reply.code(204).send();
  });

  api.get('/:version/sobjects/:object/:field/:value', async (request, reply) => {
    const schema = schemaOf(request);
    const { field: name, value } = request.params as { field: string; value: string };
    const field = externalIdField(schema, name);
    const version = versionOf(request).text;
    const matches = state.store.findByExternalId(schema, field, value);
    if (matches.length === 0) throw notFound();
    if (matches.length > 1) return multipleChoices(reply, schema, matches, version);
    const fields = selectedFields(schema, (request.query as Record<string, unknown>)['fields']);
    return state.toApiRecord(schema, matches[0] as StoredRecord, version, fields);
  });

  api.patch('/:version/sobjects/:object/:field/:value', async (request, reply) => {
    const schema = schemaOf(request);
    const { field: name, value } = request.params as { field: string; value: string };
    const field = externalIdField(schema, name);
    const version = versionOf(request);
    const body = { ...bodyObject(request) };
    const bodyKey = Object.keys(body).find((k) => k.toLowerCase() === field.name.toLowerCase());
    if (bodyKey !== undefined) {
      if (String(body[bodyKey]).toLowerCase() !== value.toLowerCase()) {
        throw new SalesforceApiError(
          400,
          'INVALID_FIELD',
          `The value of ${field.name} in the URL does not match the value in the request body`,
        );
      }
      delete body[bodyKey];
    }
    const updateOnly = (request.query as Record<string, unknown>)['updateOnly'] === 'true';
    const matches = state.store.findByExternalId(schema, field, value);
    if (matches.length > 1) return multipleChoices(reply, schema, matches, version.text);
    const existing = matches[0];
    if (existing === undefined && (updateOnly || field.name === 'Id')) throw notFound();
    try {
      if (existing === undefined) {
        const record = state.store.create(schema, { ...body, [field.name]: value });
        return reply.code(201).send({ id: record['Id'], success: true, errors: [], created: true });
      }
      state.store.update(schema, existing['Id'] as string, body);
    } catch (error) {
      if (error instanceof RecordFailure) throw error.toApiError();
      throw error;
    }
    // `created: false` with 200 since v46; older versions answered 204 with no body.
    if (version.number < 46) return reply.code(204).send();
    return reply.code(200).send({ id: existing['Id'], success: true, errors: [], created: false });
  });
}

function multipleChoices(
  reply: FastifyReply,
  schema: SObjectSchema,
  matches: StoredRecord[],
  version: string,
): FastifyReply {
  return reply
    .code(300)
    .send(matches.map((r) => `/services/data/${version}/sobjects/${schema.name}/${String(r['Id'])}`));
}
