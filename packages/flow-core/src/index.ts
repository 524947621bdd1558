export {
  issuesByNode,
  type ExpressionSyntaxChecker,
  type FlowIssue,
  type FlowIssueCode,
  type ValidateOptions,
  type ValidationResult,
} from './flow-issue.ts';
export { validateFlow } from './validate-flow.ts';
export {
  connectionRefsOf,
  connectionsOf,
  expressionsOf,
  type NodeConnectionRef,
  type NodeExpression,
} from './node-references.ts';
export { nodeDisplayName, type NameableNode } from './node-names.ts';
export { buildGraph, type FlowGraph } from './flow-graph.ts';
export {
  applyOperation,
  applyOperations,
  FlowOperationError,
  type FlowOperationErrorCode,
} from './flow-operations.ts';
export {
  FlowMigrationError,
  MIGRATIONS,
  migrateFlow,
  type Migration,
  type MigrationResult,
} from './migrations.ts';
export { diffFlows, type FlowChange, type FlowChangeKind } from './diff-flows.ts';
export { setAtPath, valueMapKey } from './mapped-record.ts';
