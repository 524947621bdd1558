/**
 * The record-collection filter `?q=`: conditions `field OPERATOR value` joined with AND / OR (AND binds
 * tighter), e.g. `email START_WITH "ada" AND lastModifiedDate ON_OR_AFTER "2026-01-01"`.
 */
import { invalidParameter } from './netsuite-errors.ts';
import type { StoredRecord } from './netsuite-store.ts';
import { fieldByName, type FieldDef, type RecordType } from './netsuite-schema.ts';

const UNARY = new Set(['EMPTY', 'EMPTY_NOT']);
const OPERATORS = new Set([
  'IS',
  'IS_NOT',
  'CONTAIN',
  'DOES_NOT_CONTAIN',
  'START_WITH',
  'END_WITH',
  'EMPTY',
  'EMPTY_NOT',
  'AFTER',
  'BEFORE',
  'ON',
  'ON_OR_AFTER',
  'ON_OR_BEFORE',
  'EQUAL',
  'GREATER',
  'GREATER_OR_EQUAL',
  'LESS',
  'LESS_OR_EQUAL',
]);

interface Condition {
  field: FieldDef;
  operator: string;
  value: string;
}

function tokens(q: string): string[] {
  return [...q.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? (m[3] as string));
}

/** Parses `q` into OR-of-AND groups; throws 400 INVALID_PARAMETER. */
export function parseRecordQuery(type: RecordType, q: string): Condition[][] {
  const words = tokens(q);
  const groups: Condition[][] = [[]];
  let i = 0;
  const bad = (detail: string) => invalidParameter(`Invalid query parameter q: ${detail}`, 'q');
  while (i < words.length) {
    const name = words[i] as string;
    const field = fieldByName(type, name);
    if (field === undefined) throw bad(`unknown field ${name}`);
    const operator = (words[i + 1] ?? '').toUpperCase();
    if (!OPERATORS.has(operator)) throw bad(`unknown operator ${words[i + 1] ?? '(none)'}`);
    i += 2;
    let value = '';
    if (!UNARY.has(operator)) {
      if (i >= words.length) throw bad(`${operator} needs a value`);
      value = words[i] as string;
      i += 1;
    }
    (groups[groups.length - 1] as Condition[]).push({ field, operator, value });
    if (i < words.length) {
      const join = (words[i] as string).toUpperCase();
      if (join === 'OR') groups.push([]);
      else if (join !== 'AND') throw bad(`expected AND or OR, found ${words[i]}`);
      i += 1;
      if (i >= words.length) throw bad('the query ends with a conjunction');
    }
  }
  return groups.filter((group) => group.length > 0);
}

function dateValue(text: string): number {
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const ms = us ? Date.UTC(Number(us[3]), Number(us[1]) - 1, Number(us[2])) : Date.parse(text);
  if (Number.isNaN(ms)) throw invalidParameter(`Invalid query parameter q: invalid date ${text}`, 'q');
  return ms;
}

function matches(condition: Condition, record: StoredRecord): boolean {
  const { field, operator, value } = condition;
  const raw = field.type === 'id' ? record.id : record.values[field.name];
  const empty = raw === null || raw === undefined || raw === '';
  if (operator === 'EMPTY') return empty;
  if (operator === 'EMPTY_NOT') return !empty;
  if (field.type === 'datetime') {
    if (empty) return false;
    const at = Number(raw);
    const day = dateValue(value);
    const dayOnly = !value.includes('T');
    const end = dayOnly ? day + 86_400_000 : day + 1000;
    switch (operator) {
      case 'AFTER':
        return at >= end;
      case 'BEFORE':
        return at < day;
      case 'ON':
        return at >= day && at < end;
      case 'ON_OR_AFTER':
        return at >= day;
      case 'ON_OR_BEFORE':
        return at < end;
      default:
        throw invalidParameter(`Invalid query parameter q: ${operator} does not apply to ${field.name}`, 'q');
    }
  }
  const text = empty ? '' : String(raw);
  if (['EQUAL', 'GREATER', 'GREATER_OR_EQUAL', 'LESS', 'LESS_OR_EQUAL'].includes(operator)) {
    const a = Number(text);
    const b = Number(value);
    if (empty || Number.isNaN(a) || Number.isNaN(b)) return false;
    return operator === 'EQUAL'
      ? a === b
      : operator === 'GREATER'
        ? a > b
        : operator === 'GREATER_OR_EQUAL'
          ? a >= b
          : operator === 'LESS'
            ? a < b
            : a <= b;
  }
  const lower = text.toLowerCase();
  const needle = value.toLowerCase();
  // Record-collection text filters are case-insensitive, like saved searches.
  switch (operator) {
    case 'IS':
      return lower === needle;
    case 'IS_NOT':
      return lower !== needle;
    case 'CONTAIN':
      return lower.includes(needle);
    case 'DOES_NOT_CONTAIN':
      return !lower.includes(needle);
    case 'START_WITH':
      return lower.startsWith(needle);
    case 'END_WITH':
      return lower.endsWith(needle);
    default:
      throw invalidParameter(`Invalid query parameter q: ${operator} does not apply to ${field.name}`, 'q');
  }
}

export function recordMatches(groups: Condition[][], record: StoredRecord): boolean {
  return (
    groups.length === 0 || groups.some((group) => group.every((condition) => matches(condition, record)))
  );
}
