import type { Flow } from '@flowsync/contracts';

export type FlowIssueCode =
  | 'schema'
  | 'unknownNodeType'
  | 'duplicateNodeId'
  | 'duplicateEdgeId'
  | 'danglingEdge'
  | 'badHandle'
  | 'edgeIntoTrigger'
  | 'duplicateEdge'
  | 'triggerCount'
  | 'cycle'
  | 'unreachable'
  | 'expressionSyntax'
  | 'unknownConnection'
  | 'unknownValueMap'
  | 'missingMatch'
  | 'duplicateLookupAlias'
  | 'unsupportedSchemaVersion';

/** One problem in a flow document, addressed by JSON pointer and, where it applies, node or edge id. */
export interface FlowIssue {
  code: FlowIssueCode;
  /** Readable; names the node (label, else id) and the field, e.g. `Qualify "Has company": expression: ...`. */
  message: string;
  /** JSON pointer into the document, e.g. `/nodes/2/config/expression`. */
  path: string;
  /** Set for node-level problems. */
  nodeId?: string;
  edgeId?: string;
  /** For expression syntax errors: character offset inside the expression. */
  position?: number;
}

/** Checks an expression's syntax only; `@flowsync/expression`'s `checkExpressionSyntax` fits. */
export type ExpressionSyntaxChecker = (
  source: string,
) => null | { message: string; position: number; token?: string };

export interface ValidateOptions {
  /** Names of connections that exist; when given, unknown names are reported. */
  connections?: ReadonlySet<string>;
  /** Injected by callers (server, engine, web) from @flowsync/expression's checkExpressionSyntax. */
  checkExpression?: ExpressionSyntaxChecker;
}

export type ValidationResult = { ok: true; flow: Flow; issues: [] } | { ok: false; issues: FlowIssue[] };

/**
 * Groups node-level issues by node id, keeping their order; issues without a node are left out.
 *
 * @example
 * const result = validateFlow(doc);
 * if (!result.ok) issuesByNode(result.issues).get('qualify-1'); // that node's problems, for its badge
 */
export function issuesByNode(issues: readonly FlowIssue[]): Map<string, FlowIssue[]> {
  const grouped = new Map<string, FlowIssue[]>();
  for (const issue of issues) {
    if (issue.nodeId === undefined) continue;
    const list = grouped.get(issue.nodeId);
    if (list === undefined) grouped.set(issue.nodeId, [issue]);
    else list.push(issue);
  }
  return grouped;
}
