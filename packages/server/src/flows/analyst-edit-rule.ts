import type { Flow, FlowNode } from '@flowsync/contracts';
import { diffFlows, type FlowChange, type FlowIssue } from '@flowsync/flow-core';
import { Value } from '@sinclair/typebox/value';
import type { ApiIssue } from '../app-error.ts';

/** The only node fields an analyst may change: a qualify node's criteria and their description. */
const ANALYST_FIELDS: readonly string[] = ['/config/expression', '/config/description'];
const ANALYST_FIELD_PATH = /^\/nodes\/(\d+)\/config\/(expression|description)$/;

const REFUSAL = 'analysts may change qualification criteria only';

/** Whether a diff change is one an analyst may make. */
export function isAnalystChange(change: FlowChange, after: Flow): boolean {
  if (change.kind !== 'nodeConfigChanged' || change.path === undefined) return false;
  const node = after.nodes.find((candidate) => candidate.id === change.nodeId);
  return node?.type === 'qualify' && ANALYST_FIELDS.includes(change.path);
}

/**
 * The fields an analyst's edit changes beyond qualification criteria, as issues whose `path` points
 * into the edited document (`/nodes/4/config/object`). Empty when the edit only changes the
 * `expression` or `description` of existing qualify nodes.
 *
 * Moving a node is refused too: it is harmless, but analysts are allowed criteria and nothing else,
 * and a rule with no exceptions is one people can predict. The editor sends an analyst's criteria
 * edit as an `updateConfig` operation, which moves nothing. `$schema` is ignored (flowsync never
 * reads it).
 *
 * @example
 * ```ts
 * analystEditRefusals(current, edited);
 * // [{ path: '/nodes/5/config/object', nodeId: 'upsert-contact',
 * //    message: 'Upsert "Create contact": object changed from "Contact" to "Lead": analysts may …' }]
 * ```
 */
export function analystEditRefusals(before: Flow, after: Flow): ApiIssue[] {
  const issues: ApiIssue[] = [];
  for (const change of diffFlows(before, after)) {
    if (isAnalystChange(change, after)) continue;
    issues.push({
      path: documentPath(change, before, after),
      message: `${change.summary}: ${REFUSAL}`,
      ...(change.nodeId === undefined ? {} : { nodeId: change.nodeId }),
    });
  }
  if (issues.length > 0) return issues;

  // diffFlows reports what users care about; it does not see edge ids or node order. Anything the
  // analyst fields do not explain is still a change, so compare against "before + allowed edits".
  const allowed = withoutSchemaRef({
    ...before,
    nodes: before.nodes.map((node) => {
      const edited = after.nodes.find((candidate) => candidate.id === node.id);
      return node.type === 'qualify' && edited?.type === 'qualify'
        ? { ...node, config: edited.config }
        : node;
    }),
  });
  const first = firstDifference(allowed, withoutSchemaRef(after), '');
  if (first === undefined) return [];
  return [{ path: first, message: `${first}: changed; ${REFUSAL}` }];
}

/**
 * For an analyst's edit that does not validate: the issues outside the fields analysts may change.
 * The stored version was valid, so a problem elsewhere means the analyst changed something else.
 */
export function analystIssuesOutsideCriteria(before: Flow, issues: readonly FlowIssue[]): ApiIssue[] {
  const inCriteria = (issue: FlowIssue): boolean =>
    ANALYST_FIELD_PATH.test(issue.path) &&
    before.nodes.some((node) => node.id === issue.nodeId && node.type === 'qualify');
  return issues
    .filter((issue) => !inCriteria(issue))
    .map((issue) => ({
      path: issue.path,
      message: `${issue.message} (${REFUSAL})`,
      ...(issue.nodeId === undefined ? {} : { nodeId: issue.nodeId }),
    }));
}

function documentPath(change: FlowChange, before: Flow, after: Flow): string {
  switch (change.kind) {
    case 'nodeAdded':
    case 'nodeConfigChanged':
    case 'nodeMoved':
    case 'nodeRelabelled':
      return `${nodePointer(after.nodes, change.nodeId)}${change.path ?? ''}`;
    case 'nodeRemoved':
      return nodePointer(before.nodes, change.nodeId);
    case 'edgeAdded':
      return edgePointer(after, change.after);
    case 'edgeRemoved':
      return edgePointer(before, change.before);
    case 'settingsChanged':
    case 'flowRenamed':
      return change.path ?? '';
    default:
      return assertNeverKind(change.kind);
  }
}

function nodePointer(nodes: readonly FlowNode[], nodeId: string | undefined): string {
  const index = nodes.findIndex((node) => node.id === nodeId);
  return index < 0 ? '/nodes' : `/nodes/${index}`;
}

function edgePointer(flow: Flow, edge: unknown): string {
  const index = flow.edges.findIndex((candidate) => candidate === edge || Value.Equal(candidate, edge));
  return index < 0 ? '/edges' : `/edges/${index}`;
}

function withoutSchemaRef(flow: Flow): Omit<Flow, '$schema'> {
  const { $schema: _ignored, ...rest } = flow;
  return rest;
}

/** JSON pointer of the first leaf where two JSON values differ, or undefined when they are equal. */
function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  const equal: boolean = Value.Equal(a, b);
  if (equal) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let index = 0; index < Math.max(a.length, b.length); index++) {
      const found = firstDifference(a[index], b[index], `${path}/${index}`);
      if (found !== undefined) return found;
    }
    return path;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = firstDifference(
        a[key],
        b[key],
        `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
      );
      if (found !== undefined) return found;
    }
    return path;
  }
  return path;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function assertNeverKind(kind: never): never {
  throw new Error(`Unhandled flow change kind: ${String(kind)}`);
}
