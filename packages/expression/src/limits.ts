/** Bounds applied to every evaluation of a compiled expression. */
export interface ExpressionLimits {
  /**
   * Wall time per evaluation in milliseconds, checked as each expression node is entered. Evaluations
   * started together on one thread (e.g. `Promise.all`) interleave and so share the clock: evaluate
   * records one after another for the limit to measure one expression's work.
   */
  timeoutMs: number;
  /** Evaluation stack depth (nested expression nodes, so also recursion through user functions). */
  maxDepth: number;
  /** Largest array or sequence any step may produce. */
  maxSequenceLength: number;
  /** Largest string (in UTF-16 code units) any step may produce. */
  maxStringLength: number;
}

/**
 * The limits used where a caller does not override them.
 *
 * @example
 * compileExpression('Name', { ...DEFAULT_LIMITS, timeoutMs: 500 });
 */
export const DEFAULT_LIMITS: Readonly<ExpressionLimits> = Object.freeze({
  // Generous: a wall-clock limit also counts GC pauses and a busy machine, and a record should not
  // fail for those. Runaway expressions are still stopped within a second.
  timeoutMs: 1000,
  maxDepth: 200,
  maxSequenceLength: 100_000,
  maxStringLength: 1_000_000,
});

const LIMIT_KEYS = ['timeoutMs', 'maxDepth', 'maxSequenceLength', 'maxStringLength'] as const;

/** Fills in defaults and rejects values that would silently disable a limit. */
export function resolveLimits(overrides: Partial<ExpressionLimits> | undefined): ExpressionLimits {
  const limits: ExpressionLimits = { ...DEFAULT_LIMITS };
  if (overrides === undefined) return limits;
  for (const key of LIMIT_KEYS) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value <= 0) {
      throw new RangeError(`Expression limit ${key} must be a positive integer, got ${String(value)}`);
    }
    limits[key] = value;
  }
  return limits;
}
