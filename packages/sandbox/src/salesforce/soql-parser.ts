import { SalesforceApiError } from './api-errors.ts';

/**
 * A SOQL subset: `SELECT f1, f2 | COUNT() FROM Object [WHERE …] [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], …]
 * [LIMIT n] [OFFSET n]`. WHERE takes comparisons (`= != <> < <= > >= LIKE`), `[NOT] IN (…)`, `AND`, `OR`,
 * `NOT` and parentheses, with string, number, boolean, null, date and datetime literals (unquoted).
 */

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'datetime'; value: number; text: string }
  | { kind: 'date'; value: string };

export interface FieldRef {
  name: string;
  pos: number;
}

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like';

export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition }
  | { kind: 'compare'; field: FieldRef; op: CompareOp; value: Literal; valuePos: number }
  | { kind: 'in'; field: FieldRef; negate: boolean; values: Literal[]; valuePos: number };

export interface OrderBy {
  field: FieldRef;
  descending: boolean;
  nullsFirst: boolean;
}

export interface SoqlQuery {
  text: string;
  /** Undefined for `SELECT COUNT()`. */
  fields: FieldRef[] | undefined;
  object: FieldRef;
  where: Condition | undefined;
  orderBy: OrderBy[];
  limit: number | undefined;
  offset: number | undefined;
}

type TokenKind = 'ident' | 'string' | 'number' | 'datetime' | 'date' | 'punct' | 'eof';

interface Token {
  kind: TokenKind;
  text: string;
  pos: number;
  /** Decoded value of a string literal. */
  value?: string;
}

const KEYWORDS = new Set([
  'select',
  'from',
  'where',
  'and',
  'or',
  'not',
  'in',
  'like',
  'order',
  'by',
  'asc',
  'desc',
  'nulls',
  'first',
  'last',
  'limit',
  'offset',
  'null',
  'true',
  'false',
  'group',
  'having',
  'includes',
  'excludes',
]);

const ESCAPES: Record<string, string> = {
  "'": "'",
  '"': '"',
  '\\': '\\',
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  // Kept escaped: they only mean something (a literal % or _) to LIKE.
  '%': '\\%',
  _: '\\_',
};

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\dT])/;
const NUMBER = /^[+-]?\d+(?:\.\d+)?(?![\w.])/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_.]*/;

/**
 * The message Salesforce gives for a query error: the offending line, a caret, the position and the
 * reason.
 */
export function queryErrorMessage(text: string, pos: number, reason: string): string {
  const before = text.slice(0, pos);
  const row = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = text.indexOf('\n', pos);
  const line = text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  const column = pos - lineStart + 1;
  return `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${reason}`;
}

export function malformed(text: string, pos: number, reason: string): SalesforceApiError {
  return new SalesforceApiError(400, 'MALFORMED_QUERY', queryErrorMessage(text, pos, reason));
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    const rest = text.slice(pos);
    const space = /^\s+/.exec(rest);
    if (space) {
      pos += space[0].length;
      continue;
    }
    const c = text[pos] as string;
    if (c === "'") {
      let value = '';
      let end = pos + 1;
      for (;;) {
        const ch = text[end];
        if (ch === undefined)
          throw malformed(
            text,
            pos,
            `Invalid string literal '${text.slice(pos)}'. Missing closing quote character.`,
          );
        if (ch === "'") break;
        if (ch === '\\') {
          const next = text[end + 1] ?? '';
          const decoded = ESCAPES[next];
          if (decoded === undefined) {
            throw malformed(
              text,
              pos,
              `Invalid string literal '${text.slice(pos, end + 2)}'. Illegal character sequence '\\${next}' in string literal.`,
            );
          }
          value += decoded;
          end += 2;
          continue;
        }
        value += ch;
        end += 1;
      }
      tokens.push({ kind: 'string', text: text.slice(pos, end + 1), pos, value });
      pos = end + 1;
      continue;
    }
    const datetime = DATETIME.exec(rest);
    if (datetime) {
      tokens.push({ kind: 'datetime', text: datetime[0], pos });
      pos += datetime[0].length;
      continue;
    }
    const date = DATE.exec(rest);
    if (date) {
      tokens.push({ kind: 'date', text: date[0], pos });
      pos += date[0].length;
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', text: number[0], pos });
      pos += number[0].length;
      continue;
    }
    const ident = IDENT.exec(rest);
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], pos });
      pos += ident[0].length;
      continue;
    }
    const punct = /^(?:!=|<>|<=|>=|[=<>(),])/.exec(rest);
    if (punct) {
      tokens.push({ kind: 'punct', text: punct[0], pos });
      pos += punct[0].length;
      continue;
    }
    throw malformed(text, pos, `unexpected token: '${c}'`);
  }
  tokens.push({ kind: 'eof', text: '<EOF>', pos: text.length });
  return tokens;
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
    this.tokens = tokenize(text);
  }

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index += 1;
    return token;
  }

  private isKeyword(token: Token, word: string): boolean {
    return token.kind === 'ident' && token.text.toLowerCase() === word;
  }

  private unexpected(token: Token): SalesforceApiError {
    return malformed(
      this.text,
      token.pos,
      `unexpected token: ${token.kind === 'eof' ? '<EOF>' : `'${token.text}'`}`,
    );
  }

  private expectKeyword(word: string): Token {
    const token = this.next();
    if (!this.isKeyword(token, word)) throw this.unexpected(token);
    return token;
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(this.peek(), word)) return false;
    this.index += 1;
    return true;
  }

  private acceptPunct(text: string): boolean {
    const token = this.peek();
    if (token.kind !== 'punct' || token.text !== text) return false;
    this.index += 1;
    return true;
  }

  private expectPunct(text: string): void {
    const token = this.next();
    if (token.kind !== 'punct' || token.text !== text) throw this.unexpected(token);
  }

  private fieldRef(): FieldRef {
    const token = this.next();
    if (token.kind !== 'ident' || KEYWORDS.has(token.text.toLowerCase())) throw this.unexpected(token);
    return { name: token.text, pos: token.pos };
  }

  parse(): SoqlQuery {
    this.expectKeyword('select');
    let fields: FieldRef[] | undefined = [];
    const first = this.peek();
    if (this.isKeyword(first, 'count') && this.tokens[this.index + 1]?.text === '(') {
      this.index += 1;
      this.expectPunct('(');
      this.expectPunct(')');
      fields = undefined;
    } else {
      const seen = new Set<string>();
      do {
        const field = this.fieldRef();
        if (this.peek().text === '(')
          throw malformed(
            this.text,
            field.pos,
            `Aggregate and function calls are not supported by the sandbox: ${field.name}(…)`,
          );
        const key = field.name.toLowerCase();
        if (seen.has(key)) throw malformed(this.text, field.pos, `duplicate field selected: ${field.name}`);
        seen.add(key);
        fields.push(field);
      } while (this.acceptPunct(','));
    }
    this.expectKeyword('from');
    const object = this.fieldRef();
    let where: Condition | undefined;
    if (this.acceptKeyword('where')) where = this.orCondition();
    const orderBy: OrderBy[] = [];
    if (this.acceptKeyword('order')) {
      this.expectKeyword('by');
      do {
        const field = this.fieldRef();
        const descending = this.acceptKeyword('desc') ? true : (this.acceptKeyword('asc'), false);
        let nullsFirst = !descending;
        if (this.acceptKeyword('nulls')) {
          if (this.acceptKeyword('first')) nullsFirst = true;
          else if (this.acceptKeyword('last')) nullsFirst = false;
          else throw this.unexpected(this.peek());
        }
        orderBy.push({ field, descending, nullsFirst });
      } while (this.acceptPunct(','));
    }
    let limit: number | undefined;
    let offset: number | undefined;
    if (this.acceptKeyword('limit')) limit = this.integer();
    if (this.acceptKeyword('offset')) {
      const token = this.peek();
      offset = this.integer();
      if (offset > 2000) {
        throw new SalesforceApiError(
          400,
          'NUMBER_OUTSIDE_VALID_RANGE',
          queryErrorMessage(this.text, token.pos, 'Maximum SOQL offset allowed is 2000'),
        );
      }
    }
    const end = this.peek();
    if (end.kind !== 'eof') throw this.unexpected(end);
    return { text: this.text, fields, object, where, orderBy, limit, offset };
  }

  private integer(): number {
    const token = this.next();
    if (token.kind !== 'number' || !/^\d+$/.test(token.text)) throw this.unexpected(token);
    return Number(token.text);
  }

  private orCondition(): Condition {
    let left = this.andCondition();
    while (this.acceptKeyword('or')) left = { kind: 'or', left, right: this.andCondition() };
    return left;
  }

  private andCondition(): Condition {
    let left = this.notCondition();
    while (this.acceptKeyword('and')) left = { kind: 'and', left, right: this.notCondition() };
    return left;
  }

  private notCondition(): Condition {
    if (this.acceptKeyword('not')) return { kind: 'not', operand: this.notCondition() };
    if (this.acceptPunct('(')) {
      const inner = this.orCondition();
      this.expectPunct(')');
      return inner;
    }
    return this.predicate();
  }

  private predicate(): Condition {
    const field = this.fieldRef();
    const token = this.next();
    if (this.isKeyword(token, 'not') || this.isKeyword(token, 'in')) {
      const negate = this.isKeyword(token, 'not');
      if (negate) this.expectKeyword('in');
      const valuePos = this.peek().pos;
      this.expectPunct('(');
      const values: Literal[] = [];
      do values.push(this.literal());
      while (this.acceptPunct(','));
      this.expectPunct(')');
      return { kind: 'in', field, negate, values, valuePos };
    }
    let op: CompareOp;
    if (this.isKeyword(token, 'like')) op = 'like';
    else if (token.kind === 'punct' && ['=', '!=', '<>', '<', '<=', '>', '>='].includes(token.text)) {
      op = (token.text === '<>' ? '!=' : token.text) as CompareOp;
    } else throw this.unexpected(token);
    const valuePos = this.peek().pos;
    return { kind: 'compare', field, op, value: this.literal(), valuePos };
  }

  private literal(): Literal {
    const token = this.next();
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.value ?? '' };
      case 'number':
        return { kind: 'number', value: Number(token.text) };
      case 'datetime':
        return { kind: 'datetime', value: Date.parse(token.text), text: token.text };
      case 'date':
        return { kind: 'date', value: token.text };
      case 'ident': {
        const word = token.text.toLowerCase();
        if (word === 'null') return { kind: 'null' };
        if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true' };
        throw this.unexpected(token);
      }
      case 'punct':
      case 'eof':
        throw this.unexpected(token);
    }
  }
}

/**
 * Parses a SOQL query; throws SalesforceApiError MALFORMED_QUERY with Salesforce's message format.
 *
 * @example
 * ```ts
 * const query = parseSoql("SELECT Id FROM Contact WHERE Email = 'a@b.example' LIMIT 1");
 * ```
 */
export function parseSoql(text: string): SoqlQuery {
  return new Parser(text).parse();
}
