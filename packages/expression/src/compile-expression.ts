import jsonata from 'jsonata';
import { compileFastPath, INTERPRET, type FastEvaluator } from './compile-fast-path.ts';
import { LimitBreach, toExpressionError, type ErrorContext } from './expression-error.ts';
import { installGuardedFunctions, nativesLoaded } from './guarded-functions.ts';
import { DEFAULT_LIMITS, resolveLimits, type ExpressionLimits } from './limits.ts';

/** An expression parsed once, to be evaluated many times (also concurrently). */
export interface CompiledExpression {
  readonly source: string;
  /** Evaluates against `input` (the JSONata root `$`), with variables `bindings` ($name). Throws ExpressionError. */
  evaluate(input: unknown, bindings?: Record<string, unknown>): Promise<unknown>;
}

/** Built-ins whose results are no larger than a small multiple of their arguments. */
const BOUNDED_FUNCTIONS = new Set([
  'abs',
  'average',
  'boolean',
  'ceil',
  'contains',
  'count',
  'exists',
  'floor',
  'fromMillis',
  'length',
  'lookup',
  'lowercase',
  'max',
  'millis',
  'min',
  'not',
  'now',
  'number',
  'power',
  'round',
  'single',
  'sqrt',
  'substring',
  'substringAfter',
  'substringBefore',
  'sum',
  'toMillis',
  'trim',
  'type',
  'uppercase',
]);

interface AstNode {
  type?: unknown;
  value?: unknown;
  procedure?: { type?: unknown; value?: unknown };
}

/**
 * Whether any node of the tree can build a string or array larger than its inputs: string concatenation,
 * calls to other functions, function application, transforms and variable binding (which may rebind a
 * built-in). Expressions without any, such as most qualification criteria, skip the per-node result
 * check, which costs an extra await per node.
 */
export function needsResultChecks(root: unknown): boolean {
  const seen = new Set<object>();
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    const { type, value, procedure } = node as AstNode;
    if (type === 'binary' && value === '&') return true;
    if (type === 'apply' || type === 'transform' || type === 'bind') return true;
    if (type === 'function' || type === 'partial') {
      const named = procedure?.type === 'variable' && typeof procedure.value === 'string';
      if (!named || !BOUNDED_FUNCTIONS.has(procedure.value as string)) return true;
    }
    for (const child of Object.values(node)) {
      if (typeof child === 'object' && child !== null) pending.push(child);
    }
  }
  return false;
}

/** Node types that merely pass on a value made elsewhere (e.g. a long string read from the input). */
function producesNewString(expr: AstNode): boolean {
  return (
    (expr.type === 'binary' && expr.value === '&') ||
    expr.type === 'function' ||
    expr.type === 'partial' ||
    expr.type === 'apply' ||
    expr.type === 'transform'
  );
}

function resultCheck(limits: ExpressionLimits) {
  const { maxStringLength, maxSequenceLength } = limits;
  return function checkResult(expr: AstNode, _input: unknown, _environment: unknown, result: unknown): void {
    if (typeof result === 'string') {
      if (result.length > maxStringLength && producesNewString(expr)) throw new LimitBreach('string');
    } else if (Array.isArray(result) && result.length > maxSequenceLength) {
      throw new LimitBreach('sequence');
    }
  };
}

const EVALUATE_EXIT = Symbol.for('jsonata.__evaluate_exit');

/** Bindings are documented without `$`; accept `$name` too instead of silently binding nothing. */
function normaliseBindings(bindings: Record<string, unknown>): Record<string, unknown> {
  for (const key in bindings) {
    if (key.startsWith('$')) {
      const normalised: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(bindings)) {
        normalised[name.startsWith('$') ? name.slice(1) : name] = value;
      }
      return normalised;
    }
  }
  return bindings;
}

class JsonataExpression implements CompiledExpression {
  readonly source: string;
  readonly #expression: jsonata.Expression;
  readonly #context: ErrorContext;
  readonly #fast: FastEvaluator | undefined;

  constructor(
    source: string,
    expression: jsonata.Expression,
    context: ErrorContext,
    fast: FastEvaluator | undefined,
  ) {
    this.source = source;
    this.#expression = expression;
    this.#context = context;
    this.#fast = fast;
  }

  get compiledToFunction(): boolean {
    return this.#fast !== undefined;
  }

  async evaluate(input: unknown, bindings?: Record<string, unknown>): Promise<unknown> {
    const variables = bindings === undefined ? undefined : normaliseBindings(bindings);
    if (this.#fast !== undefined) {
      const result = this.#fast(input, variables);
      if (result !== INTERPRET) return result;
    }
    const loading = nativesLoaded();
    if (loading !== undefined) await loading;
    try {
      // Per-evaluation state (depth, start time, timestamp) lives in jsonata's per-call frame, so
      // concurrent evaluations of this one compiled object do not interfere.
      return await this.#expression.evaluate(input, variables);
    } catch (error) {
      throw toExpressionError(error, this.#context);
    }
  }
}

/**
 * Whether `expression` evaluates the common forms as a plain function (falling back to the JSONata
 * interpreter for inputs that need it) rather than always interpreting. For tests and diagnostics;
 * results are the same either way.
 *
 * @example
 * isCompiledToFunction(compileExpression('$lowercase(email)')); // true
 * isCompiledToFunction(compileExpression('$count(lines)')); // false: interpreted
 */
export function isCompiledToFunction(expression: CompiledExpression): boolean {
  return expression instanceof JsonataExpression && expression.compiledToFunction;
}

/**
 * Compiles `compiled`, reporting errors against `source` (which contains it at `offset`).
 * Used directly by predicates, whose conjuncts are compiled one by one. `interpretOnly` skips the
 * compiled fast path (tests compare the two).
 */
export function compileInContext(
  compiled: string,
  limits: ExpressionLimits,
  source: string = compiled,
  offset = 0,
  interpretOnly = false,
): CompiledExpression {
  const context: ErrorContext = { compiled, source, offset, limits };
  let expression: jsonata.Expression;
  try {
    // jsonata's own guardrails: depth and elapsed time checked on entry to every node, sequence growth
    // checked on every append and before a range is allocated. Their state is per evaluation.
    expression = jsonata(compiled, {
      timeout: limits.timeoutMs,
      stack: limits.maxDepth,
      sequence: limits.maxSequenceLength,
    });
  } catch (error) {
    throw toExpressionError(error, context);
  }
  installGuardedFunctions(expression, limits);
  const ast = expression.ast();
  const checkResults = needsResultChecks(ast);
  if (checkResults) {
    expression.assign(EVALUATE_EXIT as unknown as string, resultCheck(limits));
  }
  const fast = interpretOnly
    ? undefined
    : compileFastPath(ast, {
        maxDepth: limits.maxDepth,
        maxStringLength: limits.maxStringLength,
        checkResults,
      });
  return new JsonataExpression(compiled, expression, context, fast);
}

/**
 * Parses a JSONata expression once, for evaluating many times within `limits`.
 * Throws ExpressionError (code EXPRESSION_ERROR, with position) on a syntax error.
 *
 * @example
 * const fullName = compileExpression('FirstName & " " & LastName');
 * await fullName.evaluate({ FirstName: 'Ada', LastName: 'Lovelace' }); // 'Ada Lovelace'
 * const withVars = compileExpression('$account.Id', { timeoutMs: 50 });
 * await withVars.evaluate({}, { account: { Id: '001' } }); // '001'
 */
export function compileExpression(source: string, limits?: Partial<ExpressionLimits>): CompiledExpression {
  return compileInContext(source, resolveLimits(limits));
}

/**
 * Syntax check without throwing, for validation messages: null when fine.
 *
 * @example
 * checkExpressionSyntax('$pad("x", 3 ');
 * // { message: 'Expected ")" before end of expression at position 12', position: 12 }
 */
export function checkExpressionSyntax(
  source: string,
): null | { message: string; position: number; token?: string } {
  try {
    jsonata(source);
    return null;
  } catch (raw) {
    const error = toExpressionError(raw, { compiled: source, source, offset: 0, limits: DEFAULT_LIMITS });
    const result: { message: string; position: number; token?: string } = {
      message: error.message,
      position: error.position ?? 0,
    };
    if (error.token !== undefined) result.token = error.token;
    return result;
  }
}
