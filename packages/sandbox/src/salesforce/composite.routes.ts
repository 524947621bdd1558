import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound, RecordFailure, SalesforceApiError, type RecordSaveError } from './api-errors.ts';
import { versionOf } from './api-version.ts';
import type { EmulatorContext } from './emulator-context.ts';
import type { Journal } from './record-store.ts';
import { findSObject, type SObjectSchema } from './sobject-schema.ts';
import { bodyObject, externalIdField, schemaOf } from './sobject.routes.ts';

const MAX_RECORDS = 200;

interface SaveResult {
  id?: string;
  success: boolean;
  errors: RecordSaveError[];
  created?: boolean;
}

const ROLLED_BACK: RecordSaveError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

function requireVersion(request: FastifyRequest, minimum: number): void {
  // Collections arrived in v42 (upsert in v46): older versions have no such resource.
  if (versionOf(request).number < minimum) throw notFound();
}

function collectionBody(request: FastifyRequest): { allOrNone: boolean; records: Record<string, unknown>[] } {
  const body = bodyObject(request);
  const records = body['records'];
  if (
    !Array.isArray(records) ||
    records.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))
  ) {
    throw new SalesforceApiError(400, 'JSON_PARSER_ERROR', 'records: expected an array of sObjects');
  }
  if (records.length > MAX_RECORDS) {
    // [unverified] code and text of this refusal; Salesforce documents only the 200-record cap.
    throw new SalesforceApiError(
      400,
      'EXCEEDED_ID_LIMIT',
      `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`,
    );
  }
  return { allOrNone: body['allOrNone'] === true, records: records as Record<string, unknown>[] };
}

function typeOf(record: Record<string, unknown>): SObjectSchema {
  const attributes = record['attributes'];
  const type =
    typeof attributes === 'object' && attributes !== null
      ? (attributes as Record<string, unknown>)['type']
      : undefined;
  const schema = typeof type === 'string' ? findSObject(type) : undefined;
  if (schema === undefined) {
    throw new RecordFailure(
      'INVALID_TYPE',
      typeof type === 'string'
        ? `sObject type '${type}' is not supported.`
        : 'Must send a concrete entity type.',
    );
  }
  return schema;
}

function withoutKeys(record: Record<string, unknown>, ...names: string[]): Record<string, unknown> {
  const lower = names.map((n) => n.toLowerCase());
  return Object.fromEntries(Object.entries(record).filter(([k]) => !lower.includes(k.toLowerCase())));
}

/**
 * Runs one write per record, in order. All-or-none rolls every write back when any record fails, and
 * marks the records that did not fail themselves as rolled back.
 */
function saveAll(
  records: Record<string, unknown>[],
  allOrNone: boolean,
  write: (record: Record<string, unknown>, index: number, journal: Journal) => SaveResult,
): SaveResult[] {
  const journal: Journal = [];
  const results = records.map((record, index): SaveResult => {
    try {
      return write(record, index, journal);
    } catch (error) {
      if (!(error instanceof RecordFailure)) throw error;
      const id = record['id'] ?? record['Id'];
      return { ...(typeof id === 'string' ? { id } : {}), success: false, errors: [error.toSaveError()] };
    }
  });
  if (!allOrNone || results.every((r) => r.success)) return results;
  for (const undo of journal.reverse()) undo();
  // A rolled-back insert has no id any more; an update or delete keeps the id it named.
  return results.map((r) =>
    r.success
      ? {
          ...(r.created === true || r.id === undefined ? {} : { id: r.id }),
          success: false,
          errors: [ROLLED_BACK],
        }
      : r,
  );
}

/** sObject Collections: create, update, upsert by external id, delete and retrieve, up to 200 records. */
export function registerCompositeRoutes(api: FastifyInstance, context: EmulatorContext): void {
  const store = context.state.store;

  api.post('/:version/composite/sobjects', async (request) => {
    requireVersion(request, 42);
    const { allOrNone, records } = collectionBody(request);
    return saveAll(records, allOrNone, (record, _index, journal) => {
      const schema = typeOf(record);
      if (record['id'] !== undefined)
        throw new RecordFailure('INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']);
      const created = store.create(schema, record, journal);
      return { id: created['Id'] as string, success: true, errors: [], created: true };
    }).map(({ created: _created, ...result }) => result);
  });

  api.patch('/:version/composite/sobjects', async (request) => {
    requireVersion(request, 42);
    const { allOrNone, records } = collectionBody(request);
    return saveAll(records, allOrNone, (record, _index, journal) => {
      const schema = typeOf(record);
      const id = record['id'] ?? record['Id'];
      if (typeof id !== 'string' || id === '')
        throw new RecordFailure('MISSING_ARGUMENT', 'Id not specified in an update call');
      store.update(schema, id, withoutKeys(record, 'id'), journal);
      return { id: store.get(id)?.record['Id'] as string, success: true, errors: [], created: false };
    }).map(({ created: _created, ...result }) => result);
  });

  api.patch('/:version/composite/sobjects/:object/:field', async (request) => {
    requireVersion(request, 46);
    const schema = schemaOf(request);
    const field = externalIdField(schema, (request.params as { field: string }).field);
    const { allOrNone, records } = collectionBody(request);
    const keyOf = (record: Record<string, unknown>): string | undefined => {
      const entry = Object.entries(record).find(([k]) => k.toLowerCase() === field.name.toLowerCase());
      const value = entry?.[1];
      return value === undefined || value === null || value === '' ? undefined : String(value);
    };
    const counts = new Map<string, number>();
    for (const record of records) {
      const key = keyOf(record)?.toLowerCase();
      if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return saveAll(records, allOrNone, (record, _index, journal) => {
      if (record['attributes'] !== undefined && typeOf(record) !== schema) {
        throw new RecordFailure(
          'INVALID_TYPE',
          `Record type does not match the ${schema.name} of the request URL`,
        );
      }
      const key = keyOf(record);
      if (key === undefined)
        throw new RecordFailure('MISSING_ARGUMENT', `${field.name} not specified`, [field.name]);
      if ((counts.get(key.toLowerCase()) ?? 0) > 1) {
        throw new RecordFailure('DUPLICATE_EXTERNAL_ID', `Duplicate external id specified: ${key}`, [
          field.name,
        ]);
      }
      const matches = store.findByExternalId(schema, field, key);
      if (matches.length > 1) {
        const ids = matches.map((m) => String(m['Id'])).join(', ');
        throw new RecordFailure(
          'DUPLICATE_EXTERNAL_ID',
          `${field.name}: more than one record found for external id field: [${ids}]`,
          [field.name],
        );
      }
      const existing = matches[0];
      if (existing === undefined) {
        if (field.name === 'Id') throw new RecordFailure('NOT_FOUND', `Id not found: ${key}`, ['Id']);
        const created = store.create(
          schema,
          { ...withoutKeys(record, field.name), [field.name]: key },
          journal,
        );
        return { id: created['Id'] as string, success: true, errors: [], created: true };
      }
      store.update(schema, existing['Id'] as string, withoutKeys(record, field.name, 'id'), journal);
      return { id: existing['Id'] as string, success: true, errors: [], created: false };
    });
  });

  api.delete('/:version/composite/sobjects', async (request) => {
    requireVersion(request, 42);
    const query = request.query as Record<string, unknown>;
    const ids = typeof query['ids'] === 'string' ? query['ids'].split(',').filter((id) => id !== '') : [];
    if (ids.length === 0)
      throw new SalesforceApiError(400, 'MISSING_ARGUMENT', 'ids: at least one id is required');
    if (ids.length > MAX_RECORDS) {
      throw new SalesforceApiError(
        400,
        'EXCEEDED_ID_LIMIT',
        `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`,
      );
    }
    return saveAll(
      ids.map((id) => ({ id })),
      query['allOrNone'] === 'true',
      (record, _index, journal) => {
        const id = record['id'] as string;
        store.delete(id, journal);
        return { id, success: true, errors: [] };
      },
    );
  });

  api.get('/:version/composite/sobjects/:object', async (request) => {
    requireVersion(request, 42);
    const schema = schemaOf(request);
    const query = request.query as Record<string, unknown>;
    const ids = typeof query['ids'] === 'string' ? query['ids'].split(',') : [];
    const names = typeof query['fields'] === 'string' ? query['fields'].split(',') : [];
    if (ids.length === 0 || names.length === 0) {
      throw new SalesforceApiError(400, 'MISSING_ARGUMENT', 'ids and fields are required');
    }
    const fields = names.map((name) => {
      const field = schema.byLowerName.get(name.trim().toLowerCase());
      if (field === undefined)
        throw new SalesforceApiError(
          400,
          'INVALID_FIELD',
          `No such column '${name}' on sobject of type ${schema.name}`,
        );
      return field;
    });
    const version = versionOf(request).text;
    return ids.map((id) => {
      const found = store.get(id);
      return found === undefined || found.schema !== schema
        ? null
        : context.state.toApiRecord(schema, found.record, version, fields);
    });
  });
}
