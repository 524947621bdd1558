import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SalesforceApiError } from './api-errors.ts';
import type { EmulatorContext } from './emulator-context.ts';
import type { StoredRecord } from './record-store.ts';
import { versionOf } from './api-version.ts';
import type { QueryCursor } from './salesforce-state.ts';
import { executeSoql } from './soql-executor.ts';
import { parseSoql } from './soql-parser.ts';

interface QueryResponse {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: Record<string, unknown>[];
}

/**
 * `Sforce-Query-Options: batchSize=N` asks for 200–2000 records per batch (default 2000); the emulator's
 * `queryBatchSize` caps it further, as Salesforce may return fewer than asked.
 */
function batchSizeOf(request: FastifyRequest, context: EmulatorContext): number {
  const header = request.headers['sforce-query-options'];
  const match = /batchSize\s*=\s*(\d+)/i.exec(Array.isArray(header) ? header.join(',') : (header ?? ''));
  const requested = match === null ? 2000 : Math.min(2000, Math.max(200, Number(match[1])));
  return Math.min(requested, context.state.options.queryBatchSize);
}

function page(context: EmulatorContext, cursor: QueryCursor, offset: number, version: string): QueryResponse {
  const { state } = context;
  const ids = cursor.ids.slice(offset, offset + cursor.batchSize);
  const records: Record<string, unknown>[] = [];
  for (const id of ids) {
    const record: StoredRecord | undefined =
      state.store.objects[cursor.schema.name].get(id) ??
      (cursor.includeDeleted ? state.store.deleted.get(id)?.record : undefined);
    if (record !== undefined) records.push(state.toApiRecord(cursor.schema, record, version, cursor.fields));
  }
  const next = offset + cursor.batchSize;
  const done = next >= cursor.ids.length;
  if (done) state.cursors.delete(cursor.locator);
  return {
    totalSize: cursor.ids.length,
    done,
    ...(done ? {} : { nextRecordsUrl: `/services/data/${version}/query/${cursor.locator}-${next}` }),
    records,
  };
}

/** `GET /query?q=` and `/queryAll?q=` with server-side cursors, and `GET /query/<locator>-<offset>`. */
export function registerQueryRoutes(api: FastifyInstance, context: EmulatorContext): void {
  const run = (includeDeleted: boolean) => async (request: FastifyRequest) => {
    const version = versionOf(request).text;
    const q = (request.query as Record<string, unknown>)['q'];
    if (typeof q !== 'string' || q.trim() === '') {
      throw new SalesforceApiError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
    }
    const result = executeSoql(context.state.store, parseSoql(q), includeDeleted);
    if (result.fields === undefined) return { totalSize: result.records.length, done: true, records: [] };
    const cursor = context.state.openCursor({
      schema: result.schema,
      fields: result.fields,
      ids: result.records.map((r) => r['Id'] as string),
      includeDeleted,
      batchSize: batchSizeOf(request, context),
    });
    return page(context, cursor, 0, version);
  };

  const more = async (request: FastifyRequest) => {
    const version = versionOf(request).text;
    const { locator: raw } = request.params as { locator: string };
    const dash = raw.lastIndexOf('-');
    const locator = dash === -1 ? raw : raw.slice(0, dash);
    const offset = dash === -1 ? 0 : Number(raw.slice(dash + 1));
    const cursor = context.state.findCursor(locator);
    if (cursor === undefined || !Number.isInteger(offset) || offset < 0 || offset > cursor.ids.length) {
      throw new SalesforceApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    return page(context, cursor, offset, version);
  };

  api.get('/:version/query', run(false));
  api.get('/:version/queryAll', run(true));
  api.get('/:version/query/:locator', more);
  api.get('/:version/queryAll/:locator', more);
}
