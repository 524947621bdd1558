import { ConnectorError } from '@flowsync/connector-sdk';
import type { SourceFilter } from '@flowsync/contracts';

/** The Salesforce field type names (describe `type`) that decide how a literal is written. */
export type SalesforceFieldType = string;

/** An object, or a field that goes into a URL path. */
const OBJECT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** A field, or a parent relationship path such as `Account.Name`. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*$/;

/** Checks an object or field name before it goes into a query: names are never quoted, so never trusted. */
export function soqlName(name: string, what: 'field' | 'object' | 'external id field' = 'field'): string {
  if (!(what === 'field' ? FIELD_NAME : OBJECT_NAME).test(name)) {
    throw new ConnectorError(
      'VALIDATION_FAILED',
      `Not a valid Salesforce ${what} name: ${JSON.stringify(name)}`,
    );
  }
  return name;
}

/** Checks a record id (15 or 18 alphanumerics) before it goes into a URL path. */
export function salesforceId(id: string): string {
  if (!/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(id)) {
    throw new ConnectorError('VALIDATION_FAILED', `Not a Salesforce record id: ${JSON.stringify(id)}`);
  }
  return id;
}

/**
 * A SELECT list: the names checked, duplicates dropped (Salesforce refuses a field selected twice,
 * whatever its case) and the required fields added.
 */
export function selectList(fields: readonly string[], required: readonly string[]): string[] {
  const list: string[] = [];
  const seen = new Set<string>();
  for (const name of [...fields, ...required]) {
    const key = soqlName(name).toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    list.push(name);
  }
  return list;
}

const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/**
 * A quoted SOQL string literal: backslash, quotes and control characters escaped.
 *
 * @example
 * ```ts
 * soqlString("O'Brien"); // 'O\'Brien'
 * ```
 */
export function soqlString(value: string): string {
  return `'${value.replace(/[\\'"\n\r\t\b\f]/g, (c) => ESCAPES[c] ?? c)}'`;
}

/**
 * A SOQL datetime literal (unquoted, UTC) from ISO text or Salesforce's `…+0000` form. With `floor`,
 * drops the milliseconds: Salesforce stamps whole seconds, so for an inclusive lower bound this only
 * widens the window.
 */
export function soqlDateTime(value: string, floor = false): string {
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(ms))
    throw new ConnectorError('VALIDATION_FAILED', `Not a date and time: ${JSON.stringify(value)}`);
  const iso = new Date(floor ? Math.floor(ms / 1000) * 1000 : ms).toISOString();
  // [unverified] fractional seconds: the documented literal forms have none, so leave them out when zero.
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** A literal of the field's type: quoted text, unquoted numbers, booleans, dates and datetimes. */
export function soqlLiteral(value: unknown, type: SalesforceFieldType | undefined): string {
  if (value === null || value === undefined) return 'null';
  switch (type) {
    case 'datetime':
      return soqlDateTime(String(value));
    case 'date': {
      const text = String(value);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text.slice(0, 10)))
        throw new ConnectorError('VALIDATION_FAILED', `Not a date: ${JSON.stringify(text)}`);
      return text.slice(0, 10);
    }
    case 'boolean':
      return value === true || value === 'true' ? 'true' : 'false';
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
    case 'long': {
      const n = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(n))
        throw new ConnectorError('VALIDATION_FAILED', `Not a number: ${JSON.stringify(value)}`);
      return String(n);
    }
    case undefined:
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return soqlString(String(value));
    default:
      return soqlString(String(value));
  }
}

/** A WHERE condition for one trigger filter. */
export function soqlFilter(filter: SourceFilter, type: SalesforceFieldType | undefined): string {
  const field = soqlName(filter.field);
  const values = Array.isArray(filter.value)
    ? filter.value
    : filter.value === undefined
      ? []
      : [filter.value];
  const single = (op: string): string => {
    if (Array.isArray(filter.value))
      throw new ConnectorError('VALIDATION_FAILED', `Filter ${field} ${filter.op} takes one value`);
    return `${field} ${op} ${soqlLiteral(filter.value, type)}`;
  };
  switch (filter.op) {
    case 'eq':
      return single('=');
    case 'ne':
      return single('!=');
    case 'gt':
      return single('>');
    case 'gte':
      return single('>=');
    case 'lt':
      return single('<');
    case 'lte':
      return single('<=');
    case 'in':
      // An empty IN list matches nothing; SOQL has no FALSE, but no record lacks an Id.
      return values.length === 0
        ? 'Id = null'
        : `${field} IN (${values.map((v) => soqlLiteral(v, type)).join(', ')})`;
    case 'notIn':
      return values.length === 0
        ? 'Id != null'
        : `${field} NOT IN (${values.map((v) => soqlLiteral(v, type)).join(', ')})`;
    case 'isNull':
      return `${field} = null`;
    case 'isNotNull':
      return `${field} != null`;
    default: {
      const never: never = filter.op;
      throw new ConnectorError('VALIDATION_FAILED', `Unsupported filter operator ${String(never)}`);
    }
  }
}
