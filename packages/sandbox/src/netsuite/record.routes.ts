import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  pagingLinks,
  parsePaging,
  restBase,
  sendResource,
  type NetSuiteContext,
} from './netsuite-context.ts';
import { invalidContent, invalidParameter, NetSuiteApiError } from './netsuite-errors.ts';
import { isRecordType, RECORD_FIELDS, type RecordType } from './netsuite-schema.ts';
import { createRecord, deleteRecord, findRecord, requireRecord, updateRecord } from './netsuite-store.ts';
import { toRecordJson } from './netsuite-views.ts';
import { parseRecordQuery, recordMatches } from './record-query.ts';

const SINGULAR = 'application/vnd.oracle.resource+json; type=singular';
const COLLECTION = 'application/vnd.oracle.resource+json; type=collection';

interface TypeParams {
  type: string;
}
interface RecordParams extends TypeParams {
  id: string;
}

function recordType(type: string): RecordType {
  if (!isRecordType(type)) {
    throw new NetSuiteApiError(404, {
      detail: `Record type '${type}' does not exist.`,
      'o:errorCode': 'NONEXISTENT_ID',
    });
  }
  return type;
}

function location(request: FastifyRequest, type: RecordType, id: string): string {
  return `${restBase(request)}/record/v1/${type}/${id}`;
}

function noContent(reply: FastifyReply, href: string): FastifyReply {
  return reply.code(204).header('location', href).send();
}

/** The record API `/record/v1/{customer|contact}`: get, list, create, update, upsert by eid, delete. */
export async function recordRoutes(
  app: FastifyInstance,
  { context }: { context: NetSuiteContext },
): Promise<void> {
  const store = context.state.store;

  app.get<{ Params: TypeParams; Querystring: Record<string, string | undefined> }>(
    '/record/v1/:type',
    async (request, reply) => {
      const type = recordType(request.params.type);
      const { limit, offset } = parsePaging(request.query);
      const q = request.query['q'];
      const groups = q === undefined || q.trim() === '' ? [] : parseRecordQuery(type, q);
      const matching = [...store.records[type].values()].filter((record) => recordMatches(groups, record));
      const page = matching.slice(offset, offset + limit);
      const base = restBase(request);
      return sendResource(reply, COLLECTION, {
        links: pagingLinks(
          `${base}/record/v1/${type}`,
          q === undefined ? {} : { q },
          offset,
          limit,
          matching.length,
        ),
        count: page.length,
        hasMore: offset + page.length < matching.length,
        items: page.map((record) => ({
          links: [{ rel: 'self', href: `${base}/record/v1/${type}/${record.id}` }],
          id: record.id,
        })),
        offset,
        totalResults: matching.length,
      });
    },
  );

  app.get<{ Params: RecordParams; Querystring: Record<string, string | undefined> }>(
    '/record/v1/:type/:id',
    async (request, reply) => {
      const type = recordType(request.params.type);
      const record = requireRecord(store, type, request.params.id);
      let fields: Set<string> | undefined;
      const list = request.query['fields'];
      if (list !== undefined) {
        fields = new Set(
          list
            .split(',')
            .map((name) => name.trim())
            .filter((name) => name !== ''),
        );
        const known = new Set(RECORD_FIELDS[type].map((field) => field.name));
        const unknown = [...fields].filter((name) => !known.has(name));
        if (unknown.length > 0) {
          throw invalidParameter(
            `Invalid value for the query parameter fields: unknown field ${unknown.join(', ')}.`,
            'fields',
          );
        }
      }
      return sendResource(reply, SINGULAR, toRecordJson(store, type, record, restBase(request), fields));
    },
  );

  app.post<{ Params: TypeParams }>('/record/v1/:type', async (request, reply) => {
    const type = recordType(request.params.type);
    const record = createRecord(store, type, request.body);
    return noContent(reply, location(request, type, record.id));
  });

  app.patch<{ Params: RecordParams }>('/record/v1/:type/:id', async (request, reply) => {
    const type = recordType(request.params.type);
    const record = requireRecord(store, type, request.params.id);
    updateRecord(store, type, record, request.body);
    return noContent(reply, location(request, type, record.id));
  });

  // Upsert only works with PUT and an eid: URL (§2.4).
  app.put<{ Params: RecordParams }>('/record/v1/:type/:id', async (request, reply) => {
    const type = recordType(request.params.type);
    const key = request.params.id;
    if (!key.startsWith('eid:') || key.length === 4) {
      throw invalidParameter(
        `Upsert needs an external ID in the URL: PUT /record/v1/${type}/eid:{externalId}.`,
      );
    }
    const externalId = key.slice(4);
    const body: unknown = request.body;
    if (typeof body === 'object' && body !== null && 'externalId' in body && body.externalId !== externalId) {
      throw invalidContent(
        'Error while accessing a resource. The external ID in the body differs from the one in the URL.',
        'externalId',
      );
    }
    const existing = findRecord(store, type, key);
    const record = existing
      ? updateRecord(store, type, existing, body)
      : createRecord(store, type, body, {}, externalId);
    return noContent(reply, location(request, type, record.id));
  });

  app.delete<{ Params: RecordParams }>('/record/v1/:type/:id', async (request, reply) => {
    const type = recordType(request.params.type);
    deleteRecord(store, type, requireRecord(store, type, request.params.id));
    return reply.code(204).send();
  });
}
