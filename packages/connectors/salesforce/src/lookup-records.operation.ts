import type { LookupRequest, SourceRecord } from '@flowsync/connector-sdk';
import type { SalesforceClient } from './client.ts';
import type { DescribeCache } from './describe.operation.ts';
import { queryAllBatches, toSourceRecord } from './query-pages.ts';
import { selectList, soqlLiteral, soqlName } from './soql.ts';

/**
 * Budget for one query's URL-encoded SOQL. Salesforce refuses request URIs beyond about 16 KB; the
 * rest of the URL (host, path) fits in the margin.
 */
const MAX_ENCODED_SOQL = 12_000;

const NUMERIC = new Set(['int', 'double', 'currency', 'percent', 'long']);

/**
 * How Salesforce compares in a WHERE clause: text case-insensitively, ids by their case-safe 18-character
 * form (a 15-character id is the same record), numbers as numbers.
 */
function normaliser(type: string | undefined): (value: unknown) => string | undefined {
  if (type === 'id' || type === 'reference') {
    // A malformed id would make Salesforce refuse the whole query; it cannot match anything anyway.
    return (value) =>
      typeof value === 'string' && /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(value)
        ? value.slice(0, 15)
        : undefined;
  }
  if (type !== undefined && NUMERIC.has(type)) {
    return (value) => {
      const n = typeof value === 'number' ? value : Number(value);
      return value === null || value === '' || !Number.isFinite(n) ? undefined : String(n);
    };
  }
  return (value) => (value === null || value === undefined ? undefined : String(value).toLowerCase());
}

/** Splits literals into IN lists whose queries stay under the URL budget. */
function inLists(prefix: string, suffix: string, literals: readonly string[]): string[][] {
  const lists: string[][] = [];
  let current: string[] = [];
  let size = encodeURIComponent(prefix + suffix).length;
  const base = size;
  for (const literal of literals) {
    const cost = encodeURIComponent(`${literal}, `).length;
    if (current.length > 0 && size + cost > MAX_ENCODED_SOQL) {
      lists.push(current);
      current = [];
      size = base;
    }
    current.push(literal);
    size += cost;
  }
  if (current.length > 0) lists.push(current);
  return lists;
}

/**
 * Finds the records whose `field` equals any of `values` with SOQL `IN` lists (as few queries as the URL
 * length allows, each followed to its last batch). The result is keyed by the value as asked for, even
 * where Salesforce matched it case-insensitively.
 *
 * @example
 * ```ts
 * const byEmail = await lookupRecords(client, describes, { object: 'Contact', field: 'Email', values: ['a@b.example'] });
 * byEmail.get('a@b.example'); // [{ Id: '003…', Email: 'A@b.example', … }]
 * ```
 */
export async function lookupRecords(
  client: SalesforceClient,
  describes: DescribeCache,
  request: LookupRequest,
): Promise<Map<string, SourceRecord[]>> {
  const object = soqlName(request.object, 'object');
  const field = soqlName(request.field);
  const result = new Map<string, SourceRecord[]>();
  const values = [...new Set(request.values)];
  for (const value of values) result.set(value, []);
  if (values.length === 0) return result;

  const types = await describes.fieldTypes(object);
  const type = types.get(field.toLowerCase());
  const normalise = normaliser(type);
  const asked = new Map<string, string[]>();
  const literals: string[] = [];
  for (const value of values) {
    const key = normalise(value);
    if (key === undefined || value === '') continue;
    const same = asked.get(key);
    if (same === undefined) {
      asked.set(key, [value]);
      literals.push(soqlLiteral(value, type));
    } else same.push(value);
  }

  const fields = selectList(request.fields ?? [], ['Id', field]);
  const prefix = `SELECT ${fields.join(', ')} FROM ${object} WHERE ${field} IN (`;
  const suffix = ')';
  for (const list of inLists(prefix, suffix, literals)) {
    const soql = `${prefix}${list.join(', ')}${suffix}`;
    for await (const batch of queryAllBatches(client, soql, 2000, request.signal)) {
      for (const row of batch.records) {
        const record = toSourceRecord(row);
        const key = Object.keys(record).find((k) => k.toLowerCase() === field.toLowerCase());
        const matched = normalise(key === undefined ? undefined : record[key]);
        for (const value of matched === undefined ? [] : (asked.get(matched) ?? []))
          result.get(value)?.push(record);
      }
    }
  }
  return result;
}
