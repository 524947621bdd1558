import { chunk, type LookupRequest, type SourceRecord } from '@flowsync/connector-sdk';
import type { OperationContext } from './operation-context.ts';
import { catalogFor, literalFor, normalizeRow, selectList, type NetSuiteField } from './record-catalog.ts';

/** Values per SuiteQL `IN` list (Oracle allows 1000; shorter queries are kinder to the service). */
export const LOOKUP_CHUNK = 500;

/**
 * Finds records whose `field` equals any of `values` with SuiteQL `IN` queries (values escaped, chunked,
 * every page followed). The result is keyed by the requested value; a reference field such as `company`
 * is compared by id. Text comparisons are exact and case-sensitive, as in SuiteQL.
 *
 * @example
 * ```ts
 * const byCompany = await lookupRecords(context, { object: 'contact', field: 'company', values: ['1000', '1001'] });
 * ```
 */
export async function lookupRecords(
  context: OperationContext,
  request: LookupRequest,
): Promise<Map<string, SourceRecord[]>> {
  const catalog = catalogFor(request.object, context.config);
  const key = catalog.field(request.field);
  const selected = catalog.selection(request.fields);
  const fields: NetSuiteField[] = selected.includes(key) ? selected : [...selected, key];

  // Several requested values may denote the same literal ('1000' and '01000' for an id).
  const requestedByLiteral = new Map<string, string[]>();
  for (const value of new Set(request.values)) {
    const literal = literalFor(key, value);
    if (literal === undefined) continue;
    const list = requestedByLiteral.get(literal) ?? [];
    list.push(value);
    requestedByLiteral.set(literal, list);
  }

  const found = new Map<string, SourceRecord[]>();
  const signal = request.signal;
  for (const literals of chunk([...requestedByLiteral.keys()], LOOKUP_CHUNK)) {
    const sql = `SELECT ${selectList(fields)} FROM ${catalog.object} WHERE ${key.column} IN (${literals.join(', ')}) ORDER BY id`;
    let next: string | undefined;
    do {
      const page = await context.client.suiteql(sql, {
        limit: 1000,
        ...(next === undefined ? {} : { next }),
        ...(signal === undefined ? {} : { signal }),
      });
      for (const row of page.items) {
        const record = normalizeRow(fields, row);
        const literal = literalFor(key, record[key.name]);
        for (const value of (literal === undefined ? undefined : requestedByLiteral.get(literal)) ?? []) {
          const list = found.get(value) ?? [];
          list.push(record);
          found.set(value, list);
        }
      }
      next = page.next;
    } while (next !== undefined);
  }
  return found;
}
