import {
  chunk,
  ConnectorError,
  toConnectorError,
  type UpsertBatchRequest,
  type UpsertItem,
  type UpsertResult,
} from '@flowsync/connector-sdk';
import type { SalesforceClient } from './client.ts';
import { parseSalesforceErrors, toConnectorErrorFromSalesforce } from './salesforce-errors.ts';
import { soqlName } from './soql.ts';

/** sObject Collections take at most 200 records per call. */
export const MAX_COLLECTION_SIZE = 200;

interface SaveResult {
  id?: string | null;
  success: boolean;
  created?: boolean;
  errors?: unknown[];
}

/** One collection call: how it is sent, and which items it carries. */
interface Call {
  kind: 'create' | 'update' | 'upsert';
  items: UpsertItem[];
  externalField?: string;
}

function withoutKeys(fields: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const lower = names.map((n) => n.toLowerCase());
  return Object.fromEntries(Object.entries(fields).filter(([key]) => !lower.includes(key.toLowerCase())));
}

/**
 * Groups the items by how Salesforce must write them: creates, updates by id, and upserts by external
 * id (one call per external id field, since all records of a collection upsert share it).
 */
function plan(request: UpsertBatchRequest, failed: UpsertResult[]): Call[] {
  const creates: UpsertItem[] = [];
  const updates: UpsertItem[] = [];
  const upserts = new Map<string, UpsertItem[]>();
  for (const item of request.items) {
    switch (request.operation) {
      case 'create':
        creates.push(item);
        break;
      case 'update':
        if (item.id === undefined) {
          failed.push({
            ref: item.ref,
            ok: false,
            error: new ConnectorError('MISSING_KEY', 'An update needs the Salesforce record id'),
          });
        } else updates.push(item);
        break;
      case 'upsert':
        if (item.externalId !== undefined) {
          const field = soqlName(item.externalId.field, 'external id field');
          const group = upserts.get(field) ?? [];
          group.push(item);
          upserts.set(field, group);
        } else if (item.id !== undefined) updates.push(item);
        else creates.push(item);
        break;
      default: {
        const never: never = request.operation;
        throw new ConnectorError('VALIDATION_FAILED', `Unknown upsert operation ${String(never)}`);
      }
    }
  }
  const calls: Call[] = [];
  for (const items of chunk(creates, MAX_COLLECTION_SIZE)) calls.push({ kind: 'create', items });
  for (const items of chunk(updates, MAX_COLLECTION_SIZE)) calls.push({ kind: 'update', items });
  for (const [externalField, group] of upserts) {
    for (const items of chunk(group, MAX_COLLECTION_SIZE))
      calls.push({ kind: 'upsert', items, externalField });
  }
  return calls;
}

function body(object: string, call: Call): { allOrNone: false; records: Record<string, unknown>[] } {
  const attributes = { type: object };
  const records = call.items.map((item) => {
    switch (call.kind) {
      case 'create':
        return { attributes, ...withoutKeys(item.fields, ['Id', 'attributes']) };
      case 'update':
        return { attributes, ...withoutKeys(item.fields, ['Id', 'attributes']), id: item.id };
      case 'upsert': {
        const field = call.externalField ?? '';
        return {
          attributes,
          ...withoutKeys(item.fields, ['Id', 'attributes', field]),
          [field]: item.externalId?.value,
        };
      }
    }
  });
  // Per-record results: one bad record must not roll back the other 199.
  return { allOrNone: false, records };
}

async function send(
  client: SalesforceClient,
  object: string,
  call: Call,
  signal?: AbortSignal,
): Promise<SaveResult[]> {
  const path =
    call.kind === 'upsert'
      ? `composite/sobjects/${object}/${call.externalField ?? ''}`
      : 'composite/sobjects';
  const { body: results } = await client.request<SaveResult[]>({
    method: call.kind === 'create' ? 'POST' : 'PATCH',
    path,
    json: body(object, call),
    ...(signal === undefined ? {} : { signal }),
  });
  if (!Array.isArray(results) || results.length !== call.items.length) {
    throw new ConnectorError(
      'BAD_RESPONSE',
      `Salesforce answered ${call.items.length} records with ${Array.isArray(results) ? results.length : 'no'} results`,
    );
  }
  return results;
}

function toResult(item: UpsertItem, call: Call, saved: SaveResult): UpsertResult {
  if (saved.success && typeof saved.id === 'string') {
    return { ref: item.ref, ok: true, id: saved.id, created: saved.created ?? call.kind === 'create' };
  }
  const errors = parseSalesforceErrors(saved.errors ?? []);
  const error =
    errors.length === 0
      ? new ConnectorError('BAD_RESPONSE', 'Salesforce reported a failure without an error')
      : toConnectorErrorFromSalesforce(errors);
  return { ref: item.ref, ok: false, error };
}

/**
 * Writes records with sObject Collections (≤ 200 per call, allOrNone false): creates with POST, updates
 * by id with PATCH, upserts by external id with PATCH `/composite/sobjects/{object}/{field}`. Returns one
 * result per item with Salesforce's per-record errors classified (validation, duplicates, row locks
 * retryable). A failure of a whole call is thrown when no call has been made yet (the engine retries the
 * batch); after a partial write it becomes the error of each item not yet written, so no written
 * record's result is lost.
 *
 * @example
 * ```ts
 * const results = await upsertRecords(client, { object: 'Contact', operation: 'upsert', items: [
 *   { ref: '5001', externalId: { field: 'Ext_Id__c', value: '5001' }, fields: { LastName: 'Hopper' } },
 * ] });
 * ```
 */
export async function upsertRecords(
  client: SalesforceClient,
  request: UpsertBatchRequest,
): Promise<UpsertResult[]> {
  const object = soqlName(request.object, 'object');
  const results: UpsertResult[] = [];
  const calls = plan(request, results);
  let failure: ConnectorError | undefined;
  let anyCallDone = false;
  for (const call of calls) {
    if (failure !== undefined) {
      for (const item of call.items) results.push({ ref: item.ref, ok: false, error: failure });
      continue;
    }
    let saved: SaveResult[];
    try {
      saved = await send(client, object, call, request.signal);
    } catch (error) {
      if (!anyCallDone) throw error;
      failure = toConnectorError(error);
      for (const item of call.items) results.push({ ref: item.ref, ok: false, error: failure });
      continue;
    }
    anyCallDone = true;
    call.items.forEach((item, index) => results.push(toResult(item, call, saved[index] as SaveResult)));
  }
  return results;
}
