import { SalesforceApiError } from './api-errors.ts';
import type { RecordStore, StoredRecord, FieldValue } from './record-store.ts';
import { toId18 } from './salesforce-ids.ts';
import { findSObject, type FieldSchema, type SObjectSchema } from './sobject-schema.ts';
import {
  queryErrorMessage,
  type Condition,
  type FieldRef,
  type Literal,
  type SoqlQuery,
} from './soql-parser.ts';

export interface QueryResult {
  schema: SObjectSchema;
  /** Selected fields in query order (canonical names); undefined for COUNT(). */
  fields: FieldSchema[] | undefined;
  /** Matching records, filtered, ordered, offset and limited. */
  records: StoredRecord[];
}

type Predicate = (record: StoredRecord) => boolean;

function fieldError(query: SoqlQuery, ref: FieldRef, schema: SObjectSchema): SalesforceApiError {
  const reason = ref.name.includes('.')
    ? `Didn't understand relationship '${ref.name.split('.')[0] ?? ''}' in field path. The sandbox supports fields of the queried object only.`
    : `No such column '${ref.name}' on entity '${schema.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`;
  return new SalesforceApiError(400, 'INVALID_FIELD', queryErrorMessage(query.text, ref.pos, reason));
}

function resolveField(query: SoqlQuery, schema: SObjectSchema, ref: FieldRef): FieldSchema {
  const field = schema.byLowerName.get(ref.name.toLowerCase());
  if (field === undefined) throw fieldError(query, ref, schema);
  return field;
}

type Kind = 'string' | 'id' | 'number' | 'boolean' | 'datetime' | 'date';

function kindOf(field: FieldSchema): Kind {
  switch (field.type) {
    case 'id':
    case 'reference':
      return 'id';
    case 'double':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'datetime':
      return 'datetime';
    case 'date':
      return 'date';
    case 'string':
    case 'textarea':
    case 'email':
    case 'phone':
    case 'url':
    case 'picklist':
      return 'string';
  }
}

const TYPE_NAMES: Record<Kind, string> = {
  string: 'string',
  id: 'id',
  number: 'double',
  boolean: 'boolean',
  datetime: 'dateTime',
  date: 'date',
};

/** The literal as a comparable value of the field's type, or the error Salesforce gives for a mismatch. */
function coerceLiteral(query: SoqlQuery, field: FieldSchema, literal: Literal, pos: number): FieldValue {
  if (literal.kind === 'null') return null;
  const kind = kindOf(field);
  const quoted = kind === 'string' || kind === 'id';
  const mismatch = (): SalesforceApiError =>
    new SalesforceApiError(
      400,
      'INVALID_FIELD',
      queryErrorMessage(
        query.text,
        pos,
        `value of filter criterion for field '${field.name}' must be of type ${TYPE_NAMES[kind]} and should ${quoted ? '' : 'not '}be enclosed in quotes`,
      ),
    );
  switch (kind) {
    case 'string':
      if (literal.kind !== 'string') throw mismatch();
      return literal.value.toLowerCase();
    case 'id': {
      if (literal.kind !== 'string') throw mismatch();
      const id18 = toId18(literal.value);
      if (id18 === undefined) {
        throw new SalesforceApiError(
          400,
          'INVALID_QUERY_FILTER_OPERATOR',
          queryErrorMessage(query.text, pos, `invalid ID field: ${literal.value}`),
        );
      }
      return id18.toLowerCase();
    }
    case 'number':
      if (literal.kind !== 'number') throw mismatch();
      return literal.value;
    case 'boolean':
      if (literal.kind !== 'boolean') throw mismatch();
      return literal.value;
    case 'datetime':
      if (literal.kind !== 'datetime') throw mismatch();
      return literal.value;
    case 'date':
      if (literal.kind !== 'date') throw mismatch();
      return literal.value;
  }
}

/** Record values made comparable: strings and ids compare case-insensitively in SOQL. */
function comparable(field: FieldSchema, value: FieldValue | undefined): FieldValue {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' && kindOf(field) !== 'date' ? value.toLowerCase() : value;
}

function compareValues(a: FieldValue, b: FieldValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function likePattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_')) {
      source += pattern[i + 1];
      i += 1;
    } else if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

function compile(query: SoqlQuery, schema: SObjectSchema, condition: Condition): Predicate {
  switch (condition.kind) {
    case 'and': {
      const left = compile(query, schema, condition.left);
      const right = compile(query, schema, condition.right);
      return (r) => left(r) && right(r);
    }
    case 'or': {
      const left = compile(query, schema, condition.left);
      const right = compile(query, schema, condition.right);
      return (r) => left(r) || right(r);
    }
    case 'not': {
      const operand = compile(query, schema, condition.operand);
      return (r) => !operand(r);
    }
    case 'in': {
      const field = resolveField(query, schema, condition.field);
      const values = new Set(condition.values.map((v) => coerceLiteral(query, field, v, condition.valuePos)));
      return (r) => values.has(comparable(field, r[field.name])) !== condition.negate;
    }
    case 'compare': {
      const field = resolveField(query, schema, condition.field);
      if (condition.op === 'like') {
        if (kindOf(field) !== 'string' || condition.value.kind !== 'string') {
          throw new SalesforceApiError(
            400,
            'INVALID_FIELD',
            queryErrorMessage(query.text, condition.field.pos, `invalid operator on field: ${field.name}`),
          );
        }
        const regex = likePattern(condition.value.value);
        return (r) => {
          const value = r[field.name];
          return typeof value === 'string' && regex.test(value);
        };
      }
      const literal = coerceLiteral(query, field, condition.value, condition.valuePos);
      const op = condition.op;
      return (r) => {
        const value = comparable(field, r[field.name]);
        switch (op) {
          case '=':
            return value === literal;
          case '!=':
            // SOQL, unlike SQL, counts a null field as different from a non-null value.
            return value !== literal;
          case '<':
          case '<=':
          case '>':
          case '>=': {
            if (value === null || literal === null) return false;
            const c = compareValues(value, literal);
            return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
          }
        }
      };
    }
  }
}

/**
 * Runs a parsed query against the store (including the recycle bin for `queryAll`).
 *
 * @example
 * ```ts
 * const { records } = executeSoql(store, parseSoql('SELECT Id FROM Contact ORDER BY Id'), false);
 * ```
 */
export function executeSoql(store: RecordStore, query: SoqlQuery, includeDeleted: boolean): QueryResult {
  const schema = findSObject(query.object.name);
  if (schema === undefined) {
    throw new SalesforceApiError(
      400,
      'INVALID_TYPE',
      queryErrorMessage(
        query.text,
        query.object.pos,
        `sObject type '${query.object.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      ),
    );
  }
  const fields = query.fields?.map((ref) => resolveField(query, schema, ref));
  const predicate = query.where === undefined ? () => true : compile(query, schema, query.where);
  const order = query.orderBy.map((o) => ({ ...o, schema: resolveField(query, schema, o.field) }));

  const matches: StoredRecord[] = [];
  for (const record of store.scan(schema, includeDeleted)) if (predicate(record)) matches.push(record);
  if (order.length > 0) {
    matches.sort((a, b) => {
      for (const o of order) {
        const x = comparable(o.schema, a[o.schema.name]);
        const y = comparable(o.schema, b[o.schema.name]);
        if (x === y) continue;
        if (x === null) return o.nullsFirst ? -1 : 1;
        if (y === null) return o.nullsFirst ? 1 : -1;
        const c = compareValues(x, y);
        return o.descending ? -c : c;
      }
      return 0;
    });
  }
  const start = query.offset ?? 0;
  const end = query.limit === undefined ? undefined : start + query.limit;
  return { schema, fields, records: matches.slice(start, end) };
}
