import {
  ConnectorError,
  toConnectorError,
  type HttpResponse,
  type SourceRecord,
  type UpsertBatchRequest,
  type UpsertItem,
  type UpsertResult,
} from '@flowsync/connector-sdk';
import { mapWithConcurrency } from './concurrency.ts';
import { lookupRecords } from './lookup-records.operation.ts';
import type { OperationContext } from './operation-context.ts';
import { catalogFor, toRecordBody, type RecordCatalog } from './record-catalog.ts';

/** A path segment; `eid:` keeps its colon. */
export function recordPath(object: string, key: string): string {
  return `record/v1/${object}/${encodeURIComponent(key).replace(/%3A/gi, ':')}`;
}

/** The internal id in a `Location: …/record/v1/customer/647` header, when it is there. */
export function idFromLocation(response: HttpResponse): string | undefined {
  const location = response.headers['location'];
  if (location === undefined) return undefined;
  const last = new URL(location, 'http://placeholder').pathname.split('/').pop() ?? '';
  return /^\d+$/.test(last) ? last : undefined;
}

interface Plan {
  item: UpsertItem;
  kind: 'post' | 'patch' | 'putEid';
  /** PATCH target: an internal id or `eid:…`. */
  key?: string;
  created: boolean;
  /** A failure known before any write (e.g. several records hold the match key). */
  error?: ConnectorError;
}

function existingIds(found: Map<string, SourceRecord[]>): Map<string, string[]> {
  const ids = new Map<string, string[]>();
  for (const [value, records] of found)
    ids.set(
      value,
      records.map((record) => String(record['id'])),
    );
  return ids;
}

/** Resolves externalId keys in one lookup per key field: which records exist, and their ids. */
async function matchByKey(
  context: OperationContext,
  object: string,
  items: readonly UpsertItem[],
  signal: AbortSignal | undefined,
): Promise<Map<string, Map<string, string[]>>> {
  const byField = new Map<string, Set<string>>();
  for (const item of items) {
    if (item.id !== undefined || item.externalId === undefined) continue;
    const values = byField.get(item.externalId.field) ?? new Set<string>();
    values.add(item.externalId.value);
    byField.set(item.externalId.field, values);
  }
  const result = new Map<string, Map<string, string[]>>();
  for (const [field, values] of byField) {
    const found = await lookupRecords(context, {
      object,
      field,
      values: [...values],
      fields: ['id'],
      ...(signal === undefined ? {} : { signal }),
    });
    result.set(field, existingIds(found));
  }
  return result;
}

function plan(
  catalog: RecordCatalog,
  operation: UpsertBatchRequest['operation'],
  item: UpsertItem,
  matches: Map<string, Map<string, string[]>>,
): Plan {
  if (operation === 'create') return { item, kind: 'post', created: true };
  if (item.id !== undefined && item.id !== '') return { item, kind: 'patch', key: item.id, created: false };
  const external = item.externalId;
  if (external !== undefined) {
    const ids = matches.get(external.field)?.get(external.value) ?? [];
    if (ids.length > 1) {
      return {
        item,
        kind: 'patch',
        created: false,
        error: new ConnectorError(
          'MULTIPLE_MATCHES',
          `${ids.length} NetSuite ${catalog.object} records have ${external.field} = ${external.value}`,
          { fields: [external.field] },
        ),
      };
    }
    // NetSuite's native upsert: PUT …/eid:{externalId} (§2.4).
    if (catalog.field(external.field).name === 'externalId' && operation === 'upsert') {
      return { item, kind: 'putEid', key: `eid:${external.value}`, created: ids.length === 0 };
    }
    if (ids[0] !== undefined) return { item, kind: 'patch', key: ids[0], created: false };
  }
  if (operation === 'upsert') return { item, kind: 'post', created: true };
  return {
    item,
    kind: 'patch',
    created: false,
    error: new ConnectorError(
      'RECORD_NOT_FOUND',
      `No NetSuite ${catalog.object} to update: the item has no id${external ? ` and no record has ${external.field} = ${external.value}` : ''}`,
    ),
  };
}

async function write(
  context: OperationContext,
  catalog: RecordCatalog,
  step: Plan,
  signal: AbortSignal | undefined,
): Promise<UpsertResult> {
  const { item } = step;
  if (step.error !== undefined) return { ref: item.ref, ok: false, error: step.error };
  const fields = { ...item.fields };
  // A key match on a field other than externalId writes the key too, so the next run finds the record.
  if (item.externalId !== undefined && step.kind === 'post')
    fields[item.externalId.field] ??= item.externalId.value;
  const json = toRecordBody(catalog, fields);
  try {
    const response = await context.client.request({
      method: step.kind === 'post' ? 'POST' : step.kind === 'putEid' ? 'PUT' : 'PATCH',
      url: step.kind === 'post' ? `record/v1/${catalog.object}` : recordPath(catalog.object, step.key ?? ''),
      json,
      ...(signal === undefined ? {} : { signal }),
    });
    const id = idFromLocation(response) ?? (step.key !== undefined && /^\d+$/.test(step.key) ? step.key : '');
    // An empty id is resolved after the batch (see below).
    return { ref: item.ref, ok: true, id, created: step.created };
  } catch (error) {
    return { ref: item.ref, ok: false, error: toConnectorError(error) };
  }
}

/**
 * NetSuite has no batch write: each item is its own call (POST create, PATCH update, PUT eid: upsert),
 * run with bounded concurrency; a call refused with 429 backs off and is repeated by the client. Each
 * item gets its own result. Keys other than externalId are matched with one SuiteQL lookup per batch.
 *
 * @example
 * ```ts
 * const results = await upsertRecords(context, { object: 'customer', operation: 'upsert',
 *   items: [{ ref: '1', externalId: { field: 'externalId', value: 'SF-001' }, fields: { companyName: 'Acme', subsidiary: '1' } }] });
 * ```
 */
export async function upsertRecords(
  context: OperationContext,
  request: UpsertBatchRequest,
): Promise<UpsertResult[]> {
  const catalog = catalogFor(request.object, context.config);
  const { signal } = request;
  let matches: Map<string, Map<string, string[]>>;
  try {
    matches =
      request.operation === 'create'
        ? new Map()
        : await matchByKey(context, catalog.object, request.items, signal);
  } catch (error) {
    const failure = toConnectorError(error);
    return request.items.map((item) => ({ ref: item.ref, ok: false, error: failure }));
  }
  const steps = request.items.map((item): Plan => {
    try {
      return plan(catalog, request.operation, item, matches);
    } catch (error) {
      return { item, kind: 'patch', created: false, error: toConnectorError(error) };
    }
  });
  const results = await mapWithConcurrency(steps, context.config.concurrency, (step) =>
    write(context, catalog, step, signal),
  );

  // A PUT eid: whose Location names no internal id: find the ids in one query.
  const missing = results.flatMap((result, index) =>
    result.ok && result.id === '' ? [{ index, value: steps[index]?.item.externalId?.value ?? '' }] : [],
  );
  if (missing.length > 0) {
    try {
      const found = await lookupRecords(context, {
        object: catalog.object,
        field: 'externalId',
        values: missing.map((entry) => entry.value),
        fields: ['id'],
        ...(signal === undefined ? {} : { signal }),
      });
      for (const { index, value } of missing) {
        const result = results[index];
        const id = found.get(value)?.[0]?.['id'];
        if (result?.ok && typeof id === 'string') result.id = id;
      }
    } catch {
      // The records are written; leave the ids unknown rather than fail writes that succeeded.
    }
    for (const { index } of missing) {
      const result = results[index];
      if (result?.ok && result.id === '') {
        results[index] = {
          ref: result.ref,
          ok: false,
          error: new ConnectorError('BAD_RESPONSE', 'NetSuite wrote the record but did not say its id', {
            retryable: true,
          }),
        };
      }
    }
  }
  return results;
}
