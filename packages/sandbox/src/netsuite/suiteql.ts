/**
 * A SuiteQL subset: `SELECT cols | * FROM customer|contact [alias] [WHERE …] [ORDER BY …]` with
 * comparisons, AND/OR/NOT, IN, IS [NOT] NULL, LIKE, BETWEEN and the functions TO_DATE, TO_TIMESTAMP,
 * TO_CHAR, TO_NUMBER, UPPER, LOWER, NVL and BUILTIN.DF. Values come back as strings with lower-case
 * column names, booleans as `T`/`F`, and datetimes in the account's date format unless TO_CHAR'd —
 * like the real service, so that parsing bugs in a client show up here.
 */
import { invalidSearch } from './netsuite-errors.ts';
import type { NetSuiteStore, StoredRecord } from './netsuite-store.ts';
import {
  DateFormatError,
  formatAccountDate,
  formatDate,
  parseDate,
  ACCOUNT_DATE_FORMAT,
} from './oracle-datetime.ts';
import {
  RECORD_FIELDS,
  SUBSIDIARIES,
  isRecordType,
  type FieldDef,
  type RecordType,
} from './netsuite-schema.ts';

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

type Token =
  | { kind: 'ident'; text: string; quoted: boolean }
  | { kind: 'string'; text: string }
  | { kind: 'number'; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'eof' };

class ParseError extends Error {}

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === "'") {
      let text = '';
      i += 1;
      for (;;) {
        if (i >= sql.length) throw new ParseError('unterminated string literal');
        if (sql[i] === "'") {
          if (sql[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        text += sql[i];
        i += 1;
      }
      tokens.push({ kind: 'string', text });
    } else if (c === '"') {
      const end = sql.indexOf('"', i + 1);
      if (end === -1) throw new ParseError('unterminated quoted identifier');
      tokens.push({ kind: 'ident', text: sql.slice(i + 1, end), quoted: true });
      i = end + 1;
    } else if (/[0-9]/.test(c)) {
      const match = /^\d+(\.\d+)?/.exec(sql.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'number', text: match[0] });
      i += match[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_$#]*(\.[A-Za-z_][A-Za-z0-9_$#]*)*/.exec(
        sql.slice(i),
      ) as RegExpExecArray;
      tokens.push({ kind: 'ident', text: match[0], quoted: false });
      i += match[0].length;
    } else {
      const two = sql.slice(i, i + 2);
      if (two === '<=' || two === '>=' || two === '<>' || two === '!=') {
        tokens.push({ kind: 'op', text: two });
        i += 2;
      } else if ('=<>(),*-'.includes(c)) {
        tokens.push({ kind: 'op', text: c });
        i += 1;
      } else {
        throw new ParseError(`unexpected character "${c}"`);
      }
    }
  }
  tokens.push({ kind: 'eof' });
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Syntax tree
// ---------------------------------------------------------------------------------------------

export type ValueExpr =
  | { kind: 'column'; name: string; qualifier?: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'null' }
  | { kind: 'call'; name: string; args: ValueExpr[] };

export type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type BoolExpr =
  | { kind: 'and' | 'or'; left: BoolExpr; right: BoolExpr }
  | { kind: 'not'; expr: BoolExpr }
  | { kind: 'compare'; op: CompareOp; left: ValueExpr; right: ValueExpr }
  | { kind: 'in'; negated: boolean; value: ValueExpr; list: ValueExpr[] }
  | { kind: 'isNull'; negated: boolean; value: ValueExpr }
  | { kind: 'like'; negated: boolean; value: ValueExpr; pattern: ValueExpr }
  | { kind: 'between'; negated: boolean; value: ValueExpr; low: ValueExpr; high: ValueExpr };

export interface SelectItem {
  expr: ValueExpr;
  /** Output column name (lower case). */
  name: string;
}

export interface SelectQuery {
  table: RecordType;
  alias?: string;
  /** Undefined for `SELECT *`. */
  items: SelectItem[];
  where?: BoolExpr;
  orderBy: { expr: ValueExpr; desc: boolean }[];
}

const RESERVED = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'IN',
  'IS',
  'NULL',
  'LIKE',
  'BETWEEN',
  'ORDER',
  'BY',
  'ASC',
  'DESC',
  'AS',
  'JOIN',
  'LEFT',
  'RIGHT',
  'INNER',
  'OUTER',
  'ON',
  'GROUP',
  'HAVING',
  'UNION',
  'FETCH',
  'OFFSET',
  'DISTINCT',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'NULLS',
]);

const FUNCTIONS = new Set([
  'TO_DATE',
  'TO_TIMESTAMP',
  'TO_CHAR',
  'TO_NUMBER',
  'UPPER',
  'LOWER',
  'NVL',
  'BUILTIN.DF',
]);

class Parser {
  private readonly tokens: Token[];
  private at = 0;

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.at + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    this.at += 1;
    return token;
  }

  private isKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'ident' && !token.quoted && token.text.toUpperCase() === word;
  }

  private isOp(text: string): boolean {
    const token = this.peek();
    return token.kind === 'op' && token.text === text;
  }

  private expectKeyword(word: string): void {
    if (!this.isKeyword(word)) throw new ParseError(`expected ${word} but found ${describe(this.peek())}`);
    this.at += 1;
  }

  private expectOp(text: string): void {
    if (!this.isOp(text)) throw new ParseError(`expected "${text}" but found ${describe(this.peek())}`);
    this.at += 1;
  }

  parseQuery(): SelectQuery & { star: boolean } {
    this.expectKeyword('SELECT');
    if (this.isKeyword('DISTINCT')) throw new ParseError('DISTINCT is not supported by this emulator');
    let star = false;
    const items: SelectItem[] = [];
    if (this.isOp('*')) {
      this.at += 1;
      star = true;
    } else {
      let unnamed = 0;
      do {
        const expr = this.parseValue();
        let name: string | undefined;
        if (this.isKeyword('AS')) {
          this.at += 1;
          name = this.parseName();
        } else if (this.peek().kind === 'ident' && !this.isReserved(this.peek())) {
          name = this.parseName();
        }
        if (name === undefined) {
          if (expr.kind === 'column') name = expr.name;
          else {
            unnamed += 1;
            name = `expr${unnamed}`;
          }
        }
        items.push({ expr, name: name.toLowerCase() });
      } while (this.isOp(',') && this.next());
    }
    this.expectKeyword('FROM');
    const tableToken = this.next();
    if (tableToken.kind !== 'ident')
      throw new ParseError(`expected a table name but found ${describe(tableToken)}`);
    const table = tableToken.text.toLowerCase();
    if (!isRecordType(table)) throw new SearchError(`Record '${tableToken.text}' was not found.`);
    let alias: string | undefined;
    if (this.peek().kind === 'ident' && !this.isReserved(this.peek())) alias = this.parseName().toLowerCase();
    if (this.isOp(',') || this.isKeyword('JOIN') || this.isKeyword('LEFT') || this.isKeyword('INNER')) {
      throw new ParseError('joins are not supported by this emulator');
    }
    let where: BoolExpr | undefined;
    if (this.isKeyword('WHERE')) {
      this.at += 1;
      where = this.parseOr();
    }
    const orderBy: SelectQuery['orderBy'] = [];
    if (this.isKeyword('ORDER')) {
      this.at += 1;
      this.expectKeyword('BY');
      do {
        const expr = this.parseValue();
        let desc = false;
        if (this.isKeyword('ASC')) this.at += 1;
        else if (this.isKeyword('DESC')) {
          this.at += 1;
          desc = true;
        }
        orderBy.push({ expr, desc });
      } while (this.isOp(',') && this.next());
    }
    if (this.peek().kind !== 'eof') throw new ParseError(`unexpected ${describe(this.peek())}`);
    return {
      table,
      ...(alias === undefined ? {} : { alias }),
      items,
      ...(where ? { where } : {}),
      orderBy,
      star,
    };
  }

  private isReserved(token: Token): boolean {
    return token.kind === 'ident' && !token.quoted && RESERVED.has(token.text.toUpperCase());
  }

  private parseName(): string {
    const token = this.next();
    if (token.kind !== 'ident' || this.isReserved(token))
      throw new ParseError(`expected a name but found ${describe(token)}`);
    return token.text;
  }

  private parseOr(): BoolExpr {
    let left = this.parseAnd();
    while (this.isKeyword('OR')) {
      this.at += 1;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): BoolExpr {
    let left = this.parseNot();
    while (this.isKeyword('AND')) {
      this.at += 1;
      left = { kind: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): BoolExpr {
    if (this.isKeyword('NOT')) {
      this.at += 1;
      return { kind: 'not', expr: this.parseNot() };
    }
    return this.parsePredicate();
  }

  private parsePredicate(): BoolExpr {
    if (this.isOp('(')) {
      this.at += 1;
      const inner = this.parseOr();
      this.expectOp(')');
      return inner;
    }
    const value = this.parseValue();
    const token = this.peek();
    if (token.kind === 'op' && ['=', '<>', '!=', '<', '<=', '>', '>='].includes(token.text)) {
      this.at += 1;
      const op = (token.text === '!=' ? '<>' : token.text) as CompareOp;
      return { kind: 'compare', op, left: value, right: this.parseValue() };
    }
    if (this.isKeyword('IS')) {
      this.at += 1;
      const negated = this.isKeyword('NOT');
      if (negated) this.at += 1;
      this.expectKeyword('NULL');
      return { kind: 'isNull', negated, value };
    }
    const negated = this.isKeyword('NOT');
    if (negated) this.at += 1;
    if (this.isKeyword('IN')) {
      this.at += 1;
      this.expectOp('(');
      const list: ValueExpr[] = [];
      do list.push(this.parseValue());
      while (this.isOp(',') && this.next());
      this.expectOp(')');
      if (list.length > 1000)
        throw new SearchError('ORA-01795: maximum number of expressions in a list is 1000');
      return { kind: 'in', negated, value, list };
    }
    if (this.isKeyword('LIKE')) {
      this.at += 1;
      return { kind: 'like', negated, value, pattern: this.parseValue() };
    }
    if (this.isKeyword('BETWEEN')) {
      this.at += 1;
      const low = this.parseValue();
      this.expectKeyword('AND');
      return { kind: 'between', negated, value, low, high: this.parseValue() };
    }
    throw new ParseError(`expected a condition but found ${describe(this.peek())}`);
  }

  parseValue(): ValueExpr {
    const token = this.next();
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.text };
      case 'number':
        return { kind: 'number', value: Number(token.text) };
      case 'op':
        if (token.text === '-' && this.peek().kind === 'number') {
          return { kind: 'number', value: -Number((this.next() as { text: string }).text) };
        }
        throw new ParseError(`unexpected ${describe(token)}`);
      case 'ident': {
        if (!token.quoted && token.text.toUpperCase() === 'NULL') return { kind: 'null' };
        if (this.isReserved(token)) throw new ParseError(`unexpected ${describe(token)}`);
        if (this.isOp('(')) {
          const name = token.text.toUpperCase();
          if (!FUNCTIONS.has(name)) throw new SearchError(`Unknown identifier '${token.text}'.`);
          this.at += 1;
          const args: ValueExpr[] = [];
          if (!this.isOp(')')) {
            do args.push(this.parseValue());
            while (this.isOp(',') && this.next());
          }
          this.expectOp(')');
          return { kind: 'call', name, args };
        }
        const parts = token.text.split('.');
        const name = (parts.pop() as string).toLowerCase();
        return parts.length > 0
          ? { kind: 'column', name, qualifier: parts.join('.').toLowerCase() }
          : { kind: 'column', name };
      }
      case 'eof':
        throw new ParseError('unexpected end of query');
      default:
        return assertNever(token);
    }
  }
}

function describe(token: Token): string {
  return token.kind === 'eof' ? 'end of query' : `"${token.text}"`;
}

function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}

/** A query that parsed but cannot run (unknown field, bad conversion). */
class SearchError extends Error {}

// ---------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------

type SqlValue = { t: 'text'; v: string } | { t: 'num'; v: number } | { t: 'date'; v: number } | null;

interface Context {
  store: NetSuiteStore;
  query: SelectQuery;
  columns: Map<string, FieldDef>;
  /** Values of calls that read no column (`TO_DATE('…', '…')`), computed once per query, not per row. */
  constants: Map<ValueExpr, SqlValue>;
}

function resolveColumn(context: Context, expr: { name: string; qualifier?: string }): FieldDef {
  const { query } = context;
  if (expr.qualifier !== undefined && expr.qualifier !== query.table && expr.qualifier !== query.alias) {
    throw new SearchError(`Unknown identifier '${expr.qualifier}.${expr.name}'.`);
  }
  const field = context.columns.get(expr.name);
  if (field === undefined) {
    throw new SearchError(
      `Field '${expr.name}' for record '${query.table}' was not found. Reason: NOT_EXPOSED - Not available for channel SEARCH.`,
    );
  }
  return field;
}

/** Checks every column and function up front, so a bad query fails even when no row matches. */
function check(context: Context, expr: ValueExpr): void {
  if (expr.kind === 'column') resolveColumn(context, expr);
  if (expr.kind === 'call') {
    const arity: Record<string, [number, number]> = {
      TO_DATE: [1, 2],
      TO_TIMESTAMP: [1, 2],
      TO_CHAR: [1, 2],
      TO_NUMBER: [1, 1],
      UPPER: [1, 1],
      LOWER: [1, 1],
      NVL: [2, 2],
      'BUILTIN.DF': [1, 1],
    };
    const [min, max] = arity[expr.name] ?? [0, 0];
    if (expr.args.length < min || expr.args.length > max) {
      throw new SearchError(`ORA-00909: invalid number of arguments for ${expr.name}`);
    }
    if (expr.name === 'BUILTIN.DF' && expr.args[0]?.kind !== 'column') {
      throw new SearchError('BUILTIN.DF takes a field.');
    }
    for (const arg of expr.args) check(context, arg);
  }
}

function checkBool(context: Context, expr: BoolExpr): void {
  switch (expr.kind) {
    case 'and':
    case 'or':
      checkBool(context, expr.left);
      checkBool(context, expr.right);
      return;
    case 'not':
      checkBool(context, expr.expr);
      return;
    case 'compare':
      check(context, expr.left);
      check(context, expr.right);
      return;
    case 'in':
      check(context, expr.value);
      for (const item of expr.list) check(context, item);
      return;
    case 'isNull':
      check(context, expr.value);
      return;
    case 'like':
      check(context, expr.value);
      check(context, expr.pattern);
      return;
    case 'between':
      check(context, expr.value);
      check(context, expr.low);
      check(context, expr.high);
      return;
    default:
      return assertNever(expr);
  }
}

function columnValue(field: FieldDef, record: StoredRecord): SqlValue {
  if (field.type === 'id') return { t: 'num', v: Number(record.id) };
  const value = record.values[field.name];
  switch (field.type) {
    case 'boolean':
      return { t: 'text', v: value === true ? 'T' : 'F' };
    case 'datetime':
      return value === null || value === undefined ? null : { t: 'date', v: Number(value) };
    case 'reference':
      return value === null || value === undefined ? null : { t: 'num', v: Number(value) };
    case 'string':
      return value === null || value === undefined || value === '' ? null : { t: 'text', v: String(value) };
    default:
      return assertNever(field.type);
  }
}

function asText(value: SqlValue): string | null {
  if (value === null) return null;
  switch (value.t) {
    case 'text':
      return value.v;
    case 'num':
      return String(value.v);
    case 'date':
      return formatAccountDate(value.v);
    default:
      return assertNever(value);
  }
}

function dateFrom(text: string, format: string): number {
  try {
    return parseDate(text, format);
  } catch (error) {
    if (error instanceof DateFormatError) throw new SearchError(error.message);
    throw error;
  }
}

function evaluate(context: Context, expr: ValueExpr, record: StoredRecord): SqlValue {
  switch (expr.kind) {
    case 'column':
      return columnValue(resolveColumn(context, expr), record);
    case 'string':
      // Oracle: the empty string is NULL.
      return expr.value === '' ? null : { t: 'text', v: expr.value };
    case 'number':
      return { t: 'num', v: expr.value };
    case 'null':
      return null;
    case 'call':
      return context.constants.has(expr)
        ? (context.constants.get(expr) ?? null)
        : call(context, expr, record);
    default:
      return assertNever(expr);
  }
}

function readsColumns(expr: ValueExpr): boolean {
  if (expr.kind === 'column') return true;
  if (expr.kind === 'call') return expr.name === 'BUILTIN.DF' || expr.args.some(readsColumns);
  return false;
}

const NO_ROW: StoredRecord = { id: '0', values: {} };

function foldConstants(context: Context, expr: ValueExpr): void {
  if (expr.kind !== 'call') return;
  if (!readsColumns(expr)) {
    context.constants.set(expr, call(context, expr, NO_ROW));
    return;
  }
  for (const arg of expr.args) foldConstants(context, arg);
}

function foldBool(context: Context, expr: BoolExpr): void {
  switch (expr.kind) {
    case 'and':
    case 'or':
      foldBool(context, expr.left);
      foldBool(context, expr.right);
      return;
    case 'not':
      foldBool(context, expr.expr);
      return;
    case 'compare':
      foldConstants(context, expr.left);
      foldConstants(context, expr.right);
      return;
    case 'in':
      foldConstants(context, expr.value);
      for (const item of expr.list) foldConstants(context, item);
      return;
    case 'isNull':
      foldConstants(context, expr.value);
      return;
    case 'like':
      foldConstants(context, expr.value);
      foldConstants(context, expr.pattern);
      return;
    case 'between':
      foldConstants(context, expr.value);
      foldConstants(context, expr.low);
      foldConstants(context, expr.high);
      return;
    default:
      return assertNever(expr);
  }
}

interface Keyed {
  record: StoredRecord;
  keys: SqlValue[];
}

/**
 * The first `count` rows in order. A page near the start of a large table is picked by binary
 * insertion into a bounded buffer instead of sorting every row; equal keys keep their table order.
 */
function firstInOrder(rows: Keyed[], compare: (a: Keyed, b: Keyed) => number, count: number): Keyed[] {
  if (count * 4 >= rows.length) return rows.sort(compare).slice(0, count);
  const best: Keyed[] = [];
  for (const row of rows) {
    if (best.length === count && compare(row, best[count - 1] as Keyed) >= 0) continue;
    let low = 0;
    let high = best.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(row, best[middle] as Keyed) < 0) high = middle;
      else low = middle + 1;
    }
    best.splice(low, 0, row);
    if (best.length > count) best.pop();
  }
  return best;
}

function call(context: Context, expr: { name: string; args: ValueExpr[] }, record: StoredRecord): SqlValue {
  const arg = (index: number): SqlValue => evaluate(context, expr.args[index] as ValueExpr, record);
  switch (expr.name) {
    case 'TO_DATE':
    case 'TO_TIMESTAMP': {
      const value = arg(0);
      if (value === null) return null;
      if (value.t === 'date') return value;
      const format = expr.args.length > 1 ? asText(arg(1)) : ACCOUNT_DATE_FORMAT;
      return { t: 'date', v: dateFrom(asText(value) ?? '', format ?? ACCOUNT_DATE_FORMAT) };
    }
    case 'TO_CHAR': {
      const value = arg(0);
      if (value === null) return null;
      if (value.t === 'date' && expr.args.length > 1) {
        try {
          return { t: 'text', v: formatDate(value.v, asText(arg(1)) ?? '') };
        } catch (error) {
          if (error instanceof DateFormatError) throw new SearchError(error.message);
          throw error;
        }
      }
      return { t: 'text', v: asText(value) ?? '' };
    }
    case 'TO_NUMBER': {
      const value = arg(0);
      if (value === null) return null;
      return { t: 'num', v: toNumber(asText(value) ?? '') };
    }
    case 'UPPER':
    case 'LOWER': {
      const text = asText(arg(0));
      if (text === null) return null;
      return { t: 'text', v: expr.name === 'UPPER' ? text.toUpperCase() : text.toLowerCase() };
    }
    case 'NVL':
      return arg(0) ?? arg(1);
    case 'BUILTIN.DF': {
      const field = resolveColumn(context, expr.args[0] as { name: string; qualifier?: string });
      const value = columnValue(field, record);
      if (value === null || field.type !== 'reference')
        return value === null ? null : { t: 'text', v: asText(value) ?? '' };
      const id = String(value.v);
      if (field.referenceTo === 'subsidiary') return { t: 'text', v: SUBSIDIARIES.get(id) ?? id };
      const customer = context.store.records.customer.get(id);
      const name = customer?.values['companyName'] ?? customer?.values['entityId'];
      return { t: 'text', v: name === null || name === undefined ? id : String(name) };
    }
    default:
      throw new SearchError(`Unknown identifier '${expr.name}'.`);
  }
}

function toNumber(text: string): number {
  const number = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(number))
    throw new SearchError(`ORA-01722: invalid number '${text}'`);
  return number;
}

/** Oracle comparison with implicit conversion; null when either side is NULL. */
function compareValues(a: SqlValue, b: SqlValue): number | null {
  if (a === null || b === null) return null;
  const order = (x: number, y: number): number => (x < y ? -1 : x > y ? 1 : 0);
  if (a.t === 'text' && b.t === 'text') return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  if (a.t === 'num' && b.t === 'num') return order(a.v, b.v);
  if (a.t === 'date' && b.t === 'date') return order(a.v, b.v);
  if (a.t === 'num' && b.t === 'text') return order(a.v, toNumber(b.v));
  if (a.t === 'text' && b.t === 'num') return order(toNumber(a.v), b.v);
  if (a.t === 'date' && b.t === 'text') return order(a.v, dateFrom(b.v, ACCOUNT_DATE_FORMAT));
  if (a.t === 'text' && b.t === 'date') return order(dateFrom(a.v, ACCOUNT_DATE_FORMAT), b.v);
  throw new SearchError('ORA-00932: inconsistent datatypes: expected DATE got NUMBER');
}

function like(text: string, pattern: string): boolean {
  const source = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${source}$`, 's').test(text);
}

const not3 = (value: boolean | null): boolean | null => (value === null ? null : !value);

interface LiteralSet {
  /** Present when every item is a text literal. */
  texts?: Set<string>;
  /** Present when every item is a number literal. */
  numbers?: Set<number>;
}

const literalSets = new WeakMap<object, LiteralSet | undefined>();

/** `col IN ('a', 'b', …)` with literals only: a set lookup instead of a comparison per item and row. */
function literalSet(expr: { list: ValueExpr[] }): LiteralSet | undefined {
  if (literalSets.has(expr)) return literalSets.get(expr);
  let result: LiteralSet | undefined;
  if (expr.list.every((item) => item.kind === 'string' && item.value !== '')) {
    result = { texts: new Set(expr.list.map((item) => (item as { value: string }).value)) };
  } else if (expr.list.every((item) => item.kind === 'number')) {
    result = { numbers: new Set(expr.list.map((item) => (item as { value: number }).value)) };
  }
  literalSets.set(expr, result);
  return result;
}

function test(context: Context, expr: BoolExpr, record: StoredRecord): boolean | null {
  switch (expr.kind) {
    case 'and': {
      const left = test(context, expr.left, record);
      if (left === false) return false;
      const right = test(context, expr.right, record);
      if (right === false) return false;
      return left === null || right === null ? null : true;
    }
    case 'or': {
      const left = test(context, expr.left, record);
      if (left === true) return true;
      const right = test(context, expr.right, record);
      if (right === true) return true;
      return left === null || right === null ? null : false;
    }
    case 'not':
      return not3(test(context, expr.expr, record));
    case 'compare': {
      const result = compareValues(
        evaluate(context, expr.left, record),
        evaluate(context, expr.right, record),
      );
      if (result === null) return null;
      switch (expr.op) {
        case '=':
          return result === 0;
        case '<>':
          return result !== 0;
        case '<':
          return result < 0;
        case '<=':
          return result <= 0;
        case '>':
          return result > 0;
        case '>=':
          return result >= 0;
        default:
          return assertNever(expr.op);
      }
    }
    case 'in': {
      const value = evaluate(context, expr.value, record);
      const fast = literalSet(expr);
      if (
        value !== null &&
        fast !== undefined &&
        (value.t === 'text' ? fast.texts : fast.numbers) !== undefined
      ) {
        const found = value.t === 'text' ? fast.texts?.has(value.v) : fast.numbers?.has(value.v);
        return expr.negated ? !found : (found as boolean);
      }
      let sawNull = value === null;
      let found = false;
      if (value !== null) {
        for (const item of expr.list) {
          const result = compareValues(value, evaluate(context, item, record));
          if (result === null) sawNull = true;
          else if (result === 0) {
            found = true;
            break;
          }
        }
      }
      const result = found ? true : sawNull ? null : false;
      return expr.negated ? not3(result) : result;
    }
    case 'isNull': {
      const isNull = evaluate(context, expr.value, record) === null;
      return expr.negated ? !isNull : isNull;
    }
    case 'like': {
      const text = asText(evaluate(context, expr.value, record));
      const pattern = asText(evaluate(context, expr.pattern, record));
      if (text === null || pattern === null) return null;
      const result = like(text, pattern);
      return expr.negated ? !result : result;
    }
    case 'between': {
      const value = evaluate(context, expr.value, record);
      const low = compareValues(value, evaluate(context, expr.low, record));
      const high = compareValues(value, evaluate(context, expr.high, record));
      if (low === null || high === null) return null;
      const result = low >= 0 && high <= 0;
      return expr.negated ? !result : result;
    }
    default:
      return assertNever(expr);
  }
}

// ---------------------------------------------------------------------------------------------
// Running a query
// ---------------------------------------------------------------------------------------------

export interface SuiteQLResult {
  totalResults: number;
  /** One page of rows: lower-case column names, string values, NULLs left out. */
  items: Record<string, string>[];
}

/**
 * Parses and runs a query; throws NetSuiteApiError (400, INVALID_PARAMETER) for a query the service
 * would refuse.
 *
 * @example
 * ```ts
 * const { items } = runSuiteQL(store, "SELECT id, email FROM contact WHERE company = 1000", 0, 1000);
 * ```
 */
export function runSuiteQL(store: NetSuiteStore, sql: string, offset: number, limit: number): SuiteQLResult {
  try {
    const parsed = new Parser(tokenize(sql)).parseQuery();
    const columns = new Map(RECORD_FIELDS[parsed.table].map((field) => [field.column, field]));
    const items = parsed.star
      ? RECORD_FIELDS[parsed.table].map((field) => ({
          expr: { kind: 'column', name: field.column } as ValueExpr,
          name: field.column,
        }))
      : parsed.items;
    const query: SelectQuery = { ...parsed, items };
    const context: Context = { store, query, columns, constants: new Map() };
    for (const item of items) check(context, item.expr);
    if (query.where) checkBool(context, query.where);
    for (const item of items) foldConstants(context, item.expr);
    if (query.where) foldBool(context, query.where);
    const orderBy = query.orderBy.map(({ expr, desc }) => {
      // ORDER BY may name a select-list alias or a position.
      if (expr.kind === 'column' && expr.qualifier === undefined && !columns.has(expr.name)) {
        const item = items.find((candidate) => candidate.name === expr.name);
        if (item) return { expr: item.expr, desc };
      }
      if (expr.kind === 'number') {
        const item = items[expr.value - 1];
        if (item === undefined)
          throw new SearchError('ORA-01785: ORDER BY item must be the number of a SELECT-list expression');
        return { expr: item.expr, desc };
      }
      check(context, expr);
      foldConstants(context, expr);
      return { expr, desc };
    });

    let rows = [...store.records[query.table].values()];
    const where = query.where;
    if (where) rows = rows.filter((record) => test(context, where, record) === true);
    const total = rows.length;
    let pageRows: StoredRecord[];
    if (orderBy.length > 0) {
      const keyed = rows.map((record) => ({
        record,
        keys: orderBy.map(({ expr }) => evaluate(context, expr, record)),
      }));
      const compare = (a: Keyed, b: Keyed): number => {
        for (const [index, { desc }] of orderBy.entries()) {
          const x = a.keys[index] ?? null;
          const y = b.keys[index] ?? null;
          // Oracle: NULLs sort last ascending and first descending.
          if (x === null || y === null) {
            if (x === y) continue;
            return (x === null ? 1 : -1) * (desc ? -1 : 1);
          }
          const result = compareValues(x, y) ?? 0;
          if (result !== 0) return desc ? -result : result;
        }
        return 0;
      };
      pageRows = firstInOrder(keyed, compare, offset + limit)
        .slice(offset)
        .map(({ record }) => record);
    } else {
      pageRows = rows.slice(offset, offset + limit);
    }
    const page = pageRows.map((record) => {
      const item: Record<string, string> = {};
      for (const { expr, name } of items) {
        const text = asText(evaluate(context, expr, record));
        if (text !== null) item[name] = text;
      }
      return item;
    });
    return { totalResults: total, items: page };
  } catch (error) {
    if (error instanceof ParseError)
      throw invalidSearch(`Search error occurred: Parse of query string failed: ${error.message}.`);
    if (error instanceof SearchError) throw invalidSearch(`Search error occurred: ${error.message}`);
    throw error;
  }
}
