import { compileInContext, type CompiledExpression } from './compile-expression.ts';
import { conjunctRanges } from './conjuncts.ts';
import { limitError } from './expression-error.ts';
import { resolveLimits, type ExpressionLimits } from './limits.ts';
import { isTruthy } from './truthiness.ts';

export type PredicateVerdict = { passed: true } | { passed: false; failedCondition: string };

/** A predicate compiled for qualification. */
export interface CompiledPredicate {
  readonly source: string;
  /** Throws ExpressionError when a conjunct fails to evaluate. */
  test(input: unknown, bindings?: Record<string, unknown>): Promise<PredicateVerdict>;
}

interface Conjunct {
  text: string;
  expression: CompiledExpression;
}

const PASSED: PredicateVerdict = Object.freeze({ passed: true });

class ConjunctivePredicate implements CompiledPredicate {
  readonly source: string;
  readonly #conjuncts: readonly Conjunct[];
  readonly #limits: ExpressionLimits;
  readonly #errorContext: { compiled: string; source: string; offset: number; limits: ExpressionLimits };

  constructor(source: string, conjuncts: readonly Conjunct[], limits: ExpressionLimits) {
    this.source = source;
    this.#conjuncts = conjuncts;
    this.#limits = limits;
    this.#errorContext = { compiled: source, source, offset: 0, limits };
  }

  async test(input: unknown, bindings?: Record<string, unknown>): Promise<PredicateVerdict> {
    const conjuncts = this.#conjuncts;
    const started = conjuncts.length > 1 ? Date.now() : 0;
    for (let index = 0; index < conjuncts.length; index++) {
      const conjunct = conjuncts[index] as Conjunct;
      if (!isTruthy(await conjunct.expression.evaluate(input, bindings))) {
        return { passed: false, failedCondition: conjunct.text };
      }
      // Each conjunct has the full time limit; this keeps the whole test within about twice that.
      if (index < conjuncts.length - 1 && Date.now() - started > this.#limits.timeoutMs) {
        throw limitError('time', this.#errorContext);
      }
    }
    return PASSED;
  }
}

/**
 * Compiles a qualification predicate. `test` short-circuits like `and`, evaluating the top-level
 * conjuncts in order; on failure `failedCondition` is the source text of the first false one (the whole
 * source when the predicate is not a conjunction). Throws ExpressionError on a syntax error.
 *
 * @example
 * const criteria = compilePredicate('$account.synced = true and CompanyId != ""');
 * await criteria.test({ CompanyId: '' }, { account: { synced: true } });
 * // { passed: false, failedCondition: 'CompanyId != ""' }
 */
export function compilePredicate(source: string, limits?: Partial<ExpressionLimits>): CompiledPredicate {
  const resolved = resolveLimits(limits);
  const whole = compileInContext(source, resolved);
  const ranges = conjunctRanges(source);
  if (ranges.length <= 1) {
    return new ConjunctivePredicate(source, [{ text: source.trim(), expression: whole }], resolved);
  }
  let conjuncts: Conjunct[];
  try {
    conjuncts = ranges.map(({ start, end }) => {
      const text = source.slice(start, end);
      return { text, expression: compileInContext(text, resolved, source, start) };
    });
  } catch {
    // A conjunct that does not parse on its own (not expected): test the predicate as a whole.
    conjuncts = [{ text: source.trim(), expression: whole }];
  }
  return new ConjunctivePredicate(source, conjuncts, resolved);
}
