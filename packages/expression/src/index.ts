export { DEFAULT_LIMITS, type ExpressionLimits } from './limits.ts';
export {
  ExpressionError,
  type ExpressionErrorCode,
  type ExpressionErrorInit,
  type ExpressionLimitKind,
} from './expression-error.ts';
export {
  checkExpressionSyntax,
  compileExpression,
  isCompiledToFunction,
  type CompiledExpression,
} from './compile-expression.ts';
export { isTruthy } from './truthiness.ts';
export { splitConjuncts } from './conjuncts.ts';
export { compilePredicate, type CompiledPredicate, type PredicateVerdict } from './compile-predicate.ts';
