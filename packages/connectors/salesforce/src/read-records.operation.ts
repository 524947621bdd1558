import { chunk, ConnectorError, type ReadPage, type ReadRequest } from '@flowsync/connector-sdk';
import type { SalesforceClient } from './client.ts';
import type { DescribeCache } from './describe.operation.ts';
import { nextBatch, runQuery, toSourceRecord, type QueryResponse } from './query-pages.ts';
import { selectList, soqlDateTime, soqlFilter, soqlName, soqlString } from './soql.ts';

/** Ids per query of an ids read: ~4 KB of SOQL, well under the URL limit. */
const IDS_PER_QUERY = 200;
const IDS_CURSOR = /^ids:(\d+):(.*)$/s;

async function buildSoql(
  describes: DescribeCache,
  request: ReadRequest,
  ids: readonly string[] | undefined,
): Promise<string> {
  const object = soqlName(request.object, 'object');
  const idField = soqlName(request.idField ?? 'Id');
  const incremental = request.incremental === undefined ? undefined : soqlName(request.incremental.field);
  const fields = selectList(request.fields ?? (await describes.allFields(object)), [
    idField,
    ...(incremental === undefined ? [] : [incremental]),
  ]);

  const where: string[] = [];
  if (incremental !== undefined && request.incremental?.since !== undefined) {
    where.push(`${incremental} >= ${soqlDateTime(request.incremental.since, true)}`);
  }
  if (incremental !== undefined && request.incremental?.until !== undefined) {
    where.push(`${incremental} <= ${soqlDateTime(request.incremental.until, true)}`);
  }
  if (request.filters !== undefined && request.filters.length > 0) {
    const types = await describes.fieldTypes(object);
    for (const filter of request.filters)
      where.push(soqlFilter(filter, types.get(filter.field.toLowerCase())));
  }
  if (ids !== undefined) where.push(`${idField} IN (${ids.map(soqlString).join(', ')})`);
  // Ties on the timestamp are broken by id, so a resumed or overlapping read is deterministic.
  const order = incremental === undefined ? `${idField} ASC` : `${incremental} ASC, ${idField} ASC`;
  return `SELECT ${fields.join(', ')} FROM ${object}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order}`;
}

function watermarkOf(batch: QueryResponse, field: string | undefined): string | undefined {
  if (field === undefined) return undefined;
  const last = batch.records.at(-1);
  const key =
    last === undefined ? undefined : Object.keys(last).find((k) => k.toLowerCase() === field.toLowerCase());
  const value = key === undefined ? undefined : last?.[key];
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

function toPage(
  batch: QueryResponse,
  cursor: string | undefined,
  incrementalField: string | undefined,
): ReadPage {
  const page: ReadPage = { records: batch.records.map(toSourceRecord) };
  if (cursor !== undefined) page.cursor = cursor;
  const watermark = watermarkOf(batch, incrementalField);
  if (watermark !== undefined) page.watermark = watermark;
  return page;
}

/**
 * Reads records with SOQL, one page per Salesforce batch: `WHERE field >= since AND field <= until
 * ORDER BY field, Id` for incremental reads (both bounds to the second), filters and ids as conditions,
 * all describe fields when none are named. A page's cursor is the batch's `nextRecordsUrl` (for id
 * lists, prefixed with the list chunk), so a read resumes exactly where it stopped; the watermark is the
 * last record's incremental field.
 *
 * @example
 * ```ts
 * for await (const page of readRecords(client, describes, { object: 'Contact', pageSize: 2000,
 *   incremental: { field: 'SystemModstamp', since: '2026-01-01T00:00:00Z' } })) { … }
 * ```
 */
export async function* readRecords(
  client: SalesforceClient,
  describes: DescribeCache,
  request: ReadRequest,
): AsyncGenerator<ReadPage> {
  const signal = request.signal;
  const incrementalField = request.incremental?.field;

  if (request.ids !== undefined) {
    const groups = chunk([...new Set(request.ids)], IDS_PER_QUERY);
    let start = 0;
    let resumeUrl: string | undefined;
    if (request.cursor !== undefined) {
      const match = IDS_CURSOR.exec(request.cursor);
      if (match === null)
        throw new ConnectorError('VALIDATION_FAILED', 'Not a cursor of a Salesforce read by ids');
      start = Number(match[1]);
      resumeUrl = match[2] === '' ? undefined : match[2];
    }
    for (let index = start; index < groups.length; index++) {
      let batch =
        index === start && resumeUrl !== undefined
          ? await nextBatch(client, resumeUrl, request.pageSize, signal)
          : await runQuery(
              client,
              await buildSoql(describes, request, groups[index]),
              request.pageSize,
              signal,
            );
      for (;;) {
        const more = !batch.done && batch.nextRecordsUrl !== undefined;
        const cursor = more
          ? `ids:${index}:${batch.nextRecordsUrl ?? ''}`
          : index + 1 < groups.length
            ? `ids:${index + 1}:`
            : undefined;
        if (batch.records.length > 0) yield toPage(batch, cursor, incrementalField);
        if (!more || batch.nextRecordsUrl === undefined) break;
        batch = await nextBatch(client, batch.nextRecordsUrl, request.pageSize, signal);
      }
    }
    return;
  }

  let batch =
    request.cursor === undefined
      ? await runQuery(client, await buildSoql(describes, request, undefined), request.pageSize, signal)
      : await nextBatch(client, request.cursor, request.pageSize, signal);
  for (;;) {
    const done = batch.done || batch.nextRecordsUrl === undefined;
    if (batch.records.length > 0)
      yield toPage(batch, done ? undefined : batch.nextRecordsUrl, incrementalField);
    if (done || batch.nextRecordsUrl === undefined) return;
    batch = await nextBatch(client, batch.nextRecordsUrl, request.pageSize, signal);
  }
}
