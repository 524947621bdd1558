import type { ErrorCode } from '@flowsync/contracts';
import type { ExpressionLimits } from './limits.ts';

export type ExpressionErrorCode = Extract<ErrorCode, 'EXPRESSION_ERROR' | 'EXPRESSION_LIMIT'>;

/** Which limit an `EXPRESSION_LIMIT` error breached. */
export type ExpressionLimitKind = 'time' | 'depth' | 'sequence' | 'string';

export interface ExpressionErrorInit {
  code: ExpressionErrorCode;
  message: string;
  source: string;
  position?: number;
  token?: string;
  jsonataCode?: string;
  limit?: ExpressionLimitKind;
  cause?: unknown;
}

/**
 * Every failure to compile or evaluate an expression. `code` is one of the contracts' error codes:
 * `EXPRESSION_LIMIT` when a time, depth or size limit stopped the evaluation, else `EXPRESSION_ERROR`.
 *
 * @example
 * try {
 *   await compileExpression('Amount + 1').evaluate({ Amount: 'x' });
 * } catch (error) {
 *   if (error instanceof ExpressionError) console.log(error.code, error.jsonataCode, error.position); // EXPRESSION_ERROR T2001 7
 * }
 */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  readonly code: ExpressionErrorCode;
  /** 0-based character offset into `source` of the offending token, when known. */
  readonly position?: number;
  readonly token?: string;
  /** The JSONata error code, e.g. 'S0201' or 'T2002'. */
  readonly jsonataCode?: string;
  /** Set when `code` is `EXPRESSION_LIMIT`. */
  readonly limit?: ExpressionLimitKind;
  /** The whole expression text the position refers to. */
  readonly source: string;

  constructor(init: ExpressionErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.source = init.source;
    if (init.position !== undefined) this.position = init.position;
    if (init.token !== undefined) this.token = init.token;
    if (init.jsonataCode !== undefined) this.jsonataCode = init.jsonataCode;
    if (init.limit !== undefined) this.limit = init.limit;
  }
}

/** Thrown by this package's own guards (size checks, guarded built-ins); mapped to ExpressionError. */
export class LimitBreach extends Error {
  readonly kind: ExpressionLimitKind;
  constructor(kind: ExpressionLimitKind) {
    super(`expression ${kind} limit exceeded`);
    this.kind = kind;
  }
}

/** Where an expression's text sits: predicates compile each conjunct separately but report on the whole. */
export interface ErrorContext {
  /** The text given to jsonata. */
  readonly compiled: string;
  /** The text errors refer to (`compiled` or the predicate it was cut from). */
  readonly source: string;
  /** Offset of `compiled` inside `source`. */
  readonly offset: number;
  readonly limits: ExpressionLimits;
}

/** The shape of errors jsonata throws (plain objects, not Error instances). */
interface JsonataErrorLike {
  code: string;
  message?: string;
  position?: number;
  token?: string;
  error?: unknown;
}

const JSONATA_CODE = /^[A-Z]\d{4}$/;
const LIMIT_CODES: Readonly<Record<string, ExpressionLimitKind>> = {
  D1011: 'depth',
  D1012: 'time',
  D2014: 'sequence',
  D2015: 'sequence',
};
/** Codes whose message is the user's own text ($error, $assert): no position appended. */
const USER_MESSAGE_CODES = new Set(['D3137', 'D3141']);

function isJsonataError(value: unknown): value is JsonataErrorLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    JSONATA_CODE.test((value as { code: string }).code)
  );
}

export function limitMessage(kind: ExpressionLimitKind, limits: ExpressionLimits): string {
  switch (kind) {
    case 'time':
      return `expression exceeded the ${limits.timeoutMs} ms time limit`;
    case 'depth':
      return `expression exceeded the evaluation depth limit of ${limits.maxDepth} (check for non-terminating recursion)`;
    case 'sequence':
      return `expression exceeded the sequence length limit of ${limits.maxSequenceLength} items`;
    case 'string':
      return `expression exceeded the string length limit of ${limits.maxStringLength} characters`;
    default:
      return assertNever(kind);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled limit kind: ${String(value)}`);
}

export function limitError(
  kind: ExpressionLimitKind,
  context: ErrorContext,
  cause?: unknown,
): ExpressionError {
  return new ExpressionError({
    code: 'EXPRESSION_LIMIT',
    message: limitMessage(kind, context.limits),
    source: context.source,
    limit: kind,
    cause,
  });
}

/** The limit a host-engine failure stands for: out-of-memory strings, arrays and stacks. */
function limitOfRangeError(error: unknown): ExpressionLimitKind | undefined {
  if (!(error instanceof Error)) return undefined;
  const message = error.message;
  if (/invalid string length|allocation size overflow/i.test(message)) return 'string';
  if (/invalid array length/i.test(message)) return 'sequence';
  if (/maximum call stack|too much recursion/i.test(message)) return 'depth';
  return undefined;
}

/**
 * JSONata reports the offset just past the offending token (and, for calls, past the `(`); step back
 * to where the token starts when it can be found right there.
 */
export function tokenStart(text: string, position: number, token: string | undefined): number {
  const end = Math.min(Math.max(position, 0), text.length);
  if (token === undefined || token === '' || token === '(end)') return end;
  const start = text.lastIndexOf(token, end - token.length);
  if (start < 0) return end;
  const gap = text.slice(start + token.length, end);
  return /^[\s(]*$/.test(gap) ? start : end;
}

/** Maps anything thrown while compiling or evaluating to an ExpressionError. */
export function toExpressionError(raw: unknown, context: ErrorContext): ExpressionError {
  if (raw instanceof ExpressionError) return raw;
  if (raw instanceof LimitBreach) return limitError(raw.kind, context, raw);
  const rangeLimit = limitOfRangeError(raw);
  if (rangeLimit !== undefined) return limitError(rangeLimit, context, raw);
  if (!isJsonataError(raw)) {
    // A host function passed in bindings failed; keep its error as the cause.
    const message = raw instanceof Error ? raw.message : String(raw);
    return new ExpressionError({ code: 'EXPRESSION_ERROR', message, source: context.source, cause: raw });
  }
  const limit = LIMIT_CODES[raw.code];
  if (limit !== undefined) return limitError(limit, context, raw);
  // $eval wraps failures of the evaluated text; a limit hit inside it is still a limit.
  if ((raw.code === 'D3120' || raw.code === 'D3121') && raw.error !== undefined) {
    const inner = toExpressionError(raw.error, context);
    if (inner.code === 'EXPRESSION_LIMIT') return inner;
  }
  const token = typeof raw.token === 'string' ? raw.token : undefined;
  const position =
    typeof raw.position === 'number'
      ? context.offset + tokenStart(context.compiled, raw.position, token)
      : undefined;
  const text = raw.message ?? `JSONata error ${raw.code}`;
  const message =
    position === undefined || USER_MESSAGE_CODES.has(raw.code) ? text : `${text} at position ${position}`;
  return new ExpressionError({
    code: 'EXPRESSION_ERROR',
    message,
    source: context.source,
    position,
    token: token === '(end)' ? undefined : token,
    jsonataCode: raw.code,
    cause: raw,
  });
}
