import { ConnectorError, type SourceRecord } from '@flowsync/connector-sdk';
import type { SalesforceClient } from './client.ts';

/** A SOQL result batch. */
export interface QueryResponse {
  totalSize: number;
  done: boolean;
  nextRecordsUrl?: string;
  records: Record<string, unknown>[];
}

/** `Sforce-Query-Options: batchSize=N`: Salesforce takes 200–2000 and may still return fewer. */
export function queryOptionsHeader(pageSize: number): Record<string, string> {
  const size = Math.min(2000, Math.max(200, Math.floor(pageSize)));
  return { 'sforce-query-options': `batchSize=${size}` };
}

/** A query's first batch. */
export async function runQuery(
  client: SalesforceClient,
  soql: string,
  pageSize: number,
  signal?: AbortSignal,
): Promise<QueryResponse> {
  const { body } = await client.request<QueryResponse>({
    path: 'query',
    query: { q: soql },
    headers: queryOptionsHeader(pageSize),
    ...(signal === undefined ? {} : { signal }),
  });
  return checked(body);
}

/** The batch at a `nextRecordsUrl` (which is also our resume cursor). */
export async function nextBatch(
  client: SalesforceClient,
  nextRecordsUrl: string,
  pageSize: number,
  signal?: AbortSignal,
): Promise<QueryResponse> {
  if (!nextRecordsUrl.startsWith('/services/data/')) {
    throw new ConnectorError(
      'VALIDATION_FAILED',
      `Not a Salesforce query cursor: ${nextRecordsUrl.slice(0, 100)}`,
    );
  }
  const { body } = await client.request<QueryResponse>({
    path: nextRecordsUrl,
    headers: queryOptionsHeader(pageSize),
    ...(signal === undefined ? {} : { signal }),
  });
  return checked(body);
}

function checked(body: QueryResponse): QueryResponse {
  if (
    typeof body !== 'object' ||
    body === null ||
    !Array.isArray(body.records) ||
    typeof body.done !== 'boolean'
  ) {
    throw new ConnectorError('BAD_RESPONSE', 'Salesforce query answered without records/done');
  }
  if (!body.done && typeof body.nextRecordsUrl !== 'string') {
    throw new ConnectorError('BAD_RESPONSE', 'Salesforce query is not done but gave no nextRecordsUrl');
  }
  return body;
}

/** A query result row without Salesforce's `attributes` (also inside parent relationship objects). */
export function toSourceRecord(row: Record<string, unknown>): SourceRecord {
  const record: SourceRecord = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === 'attributes') continue;
    record[key] =
      typeof value === 'object' && value !== null && !Array.isArray(value) && 'attributes' in value
        ? toSourceRecord(value as Record<string, unknown>)
        : value;
  }
  return record;
}

/** Every row of a query, following `nextRecordsUrl` to the end. */
export async function* queryAllBatches(
  client: SalesforceClient,
  soql: string,
  pageSize: number,
  signal?: AbortSignal,
): AsyncGenerator<QueryResponse> {
  let batch = await runQuery(client, soql, pageSize, signal);
  yield batch;
  while (!batch.done && batch.nextRecordsUrl !== undefined) {
    batch = await nextBatch(client, batch.nextRecordsUrl, pageSize, signal);
    yield batch;
  }
}
