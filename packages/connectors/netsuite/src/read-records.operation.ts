import type { SourceFilter } from '@flowsync/contracts';
import { chunk, ConnectorError, type ReadPage, type ReadRequest } from '@flowsync/connector-sdk';
import { assertNever } from './config.ts';
import type { OperationContext } from './operation-context.ts';
import {
  catalogFor,
  dateLiteral,
  literalFor,
  normalizeRow,
  selectList,
  type NetSuiteField,
  type RecordCatalog,
} from './record-catalog.ts';

/** SuiteQL returns at most 1000 rows per call. */
export const MAX_PAGE_SIZE = 1000;

/**
 * Where a read resumes. Pages are read by key (`WHERE (lastmodifieddate, id) > last row`), not by
 * offset: a record modified during the read moves behind the read position and is read again rather
 * than shifting every later row one place (which would skip a record), and the 100,000-row limit of a
 * SuiteQL result set never applies.
 */
interface ReadCursor {
  /** The last row read: its modified time (incremental reads) and id. */
  after?: { modified?: string; id: string };
  /** Reads by id: the index of the next chunk of ids. */
  chunk?: number;
}

function encodeCursor(cursor: ReadCursor): string {
  return Buffer.from(JSON.stringify({ v: 1, ...cursor })).toString('base64url');
}

function decodeCursor(text: string | undefined): ReadCursor {
  if (text === undefined) return {};
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as ReadCursor & { v?: number };
    if (parsed.v === 1) return parsed;
  } catch {
    // fall through
  }
  throw new ConnectorError('VALIDATION_FAILED', 'NetSuite: the read cursor is not one this connector issued');
}

function filterCondition(catalog: RecordCatalog, filter: SourceFilter): string {
  const field = catalog.field(filter.field);
  const column = field.column;
  const single = (): string => {
    const literal = literalFor(field, filter.value);
    if (literal === undefined) {
      throw new ConnectorError(
        'VALIDATION_FAILED',
        `NetSuite filter on ${filter.field}: ${JSON.stringify(filter.value)} is not a valid value`,
        { fields: [filter.field] },
      );
    }
    return literal;
  };
  const list = (): string[] => {
    const values = Array.isArray(filter.value) ? filter.value : [filter.value];
    return values.map((value) => literalFor(field, value)).filter((literal) => literal !== undefined);
  };
  switch (filter.op) {
    case 'isNull':
      return `${column} IS NULL`;
    case 'isNotNull':
      return `${column} IS NOT NULL`;
    case 'eq':
      return filter.value === null || filter.value === undefined
        ? `${column} IS NULL`
        : `${column} = ${single()}`;
    case 'ne':
      return filter.value === null || filter.value === undefined
        ? `${column} IS NOT NULL`
        : `${column} <> ${single()}`;
    case 'gt':
      return `${column} > ${single()}`;
    case 'gte':
      return `${column} >= ${single()}`;
    case 'lt':
      return `${column} < ${single()}`;
    case 'lte':
      return `${column} <= ${single()}`;
    case 'in': {
      const literals = list();
      return literals.length === 0 ? '1 = 0' : `${column} IN (${literals.join(', ')})`;
    }
    case 'notIn': {
      const literals = list();
      return literals.length === 0 ? '1 = 1' : `${column} NOT IN (${literals.join(', ')})`;
    }
    default:
      return assertNever(filter.op);
  }
}

function incrementalField(catalog: RecordCatalog, name: string): NetSuiteField {
  const field = catalog.field(name);
  if (field.type !== 'datetime') {
    throw new ConnectorError(
      'VALIDATION_FAILED',
      `NetSuite: ${name} is not a date/time field and cannot drive an incremental read`,
      {
        fields: [name],
      },
    );
  }
  return field;
}

function query(
  table: string,
  fields: readonly NetSuiteField[],
  conditions: string[],
  orderBy: string,
): string {
  const where = conditions.length === 0 ? '' : ` WHERE ${conditions.map((c) => `(${c})`).join(' AND ')}`;
  return `SELECT ${selectList(fields)} FROM ${table}${where} ORDER BY ${orderBy}`;
}

/**
 * Reads records through SuiteQL, page by page: everything (ordered by id), incrementally from
 * `incremental.since` up to `incremental.until` (both inclusive, to the second; ordered by the modified
 * time then id), or just the given ids.
 *
 * @example
 * ```ts
 * for await (const page of readRecords(context, { object: 'contact', pageSize: 200,
 *   incremental: { field: 'lastModifiedDate', since: '2026-01-01T00:00:00Z' } })) { … }
 * ```
 */
export async function* readRecords(
  context: OperationContext,
  request: ReadRequest,
): AsyncGenerator<ReadPage> {
  const catalog = catalogFor(request.object, context.config);
  const pageSize = Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(request.pageSize)));
  const selected = catalog.selection(request.fields);
  const filters = (request.filters ?? []).map((filter) => filterCondition(catalog, filter));
  const modified =
    request.incremental === undefined ? undefined : incrementalField(catalog, request.incremental.field);
  const fields = modified === undefined || selected.includes(modified) ? selected : [...selected, modified];
  const cursor = decodeCursor(request.cursor);
  const signal = request.signal;

  if (request.ids !== undefined) {
    const idField = catalog.field('id');
    // Ids that cannot be internal ids match nothing.
    const ids = [...new Set(request.ids)]
      .map((id) => literalFor(idField, id))
      .filter((id) => id !== undefined);
    const groups = chunk(ids, pageSize);
    for (let index = cursor.chunk ?? 0; index < groups.length; index++) {
      const sql = query(
        catalog.object,
        fields,
        [...filters, `id IN (${(groups[index] as string[]).join(', ')})`],
        'id',
      );
      const page = await context.client.suiteql(sql, { limit: pageSize, ...(signal ? { signal } : {}) });
      const records = page.items.map((row) => normalizeRow(fields, row));
      const more = index + 1 < groups.length;
      yield { records, ...(more ? { cursor: encodeCursor({ chunk: index + 1 }) } : {}) };
    }
    return;
  }

  let after = cursor.after;
  for (;;) {
    const conditions = [...filters];
    let orderBy = 'id';
    if (modified !== undefined) {
      const since = request.incremental?.since;
      if (since !== undefined && since !== '')
        conditions.push(`${modified.column} >= ${dateLiteral(since, modified.name)}`);
      const until = request.incremental?.until;
      if (until !== undefined && until !== '')
        conditions.push(`${modified.column} <= ${dateLiteral(until, modified.name)}`);
      if (after?.modified !== undefined) {
        const at = dateLiteral(after.modified, modified.name);
        conditions.push(
          `${modified.column} > ${at} OR (${modified.column} = ${at} AND id > ${Number(after.id)})`,
        );
      }
      orderBy = `${modified.column}, id`;
    } else if (after !== undefined) {
      conditions.push(`id > ${Number(after.id)}`);
    }
    const sql = query(catalog.object, fields, conditions, orderBy);
    const page = await context.client.suiteql(sql, { limit: pageSize, ...(signal ? { signal } : {}) });
    const records = page.items.map((row) => normalizeRow(fields, row));
    const last = records.at(-1);
    const lastModified =
      modified === undefined ? undefined : (last?.[modified.name] as string | null | undefined);
    const result: ReadPage = { records };
    if (typeof lastModified === 'string') result.watermark = lastModified;
    if (page.hasMore && last !== undefined) {
      after = {
        id: String(last['id']),
        ...(typeof lastModified === 'string' ? { modified: lastModified } : {}),
      };
      result.cursor = encodeCursor({ after });
      yield result;
      continue;
    }
    yield result;
    return;
  }
}
