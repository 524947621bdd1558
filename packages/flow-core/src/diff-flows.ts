import type { Flow, FlowEdge, FlowNode } from '@flowsync/contracts';
import { Value } from '@sinclair/typebox/value';
import { isRecord } from './is-record.ts';
import { fieldName, pointer } from './json-pointer.ts';
import { nodeDisplayName } from './node-names.ts';

export type FlowChangeKind =
  | 'nodeAdded'
  | 'nodeRemoved'
  | 'nodeConfigChanged'
  | 'nodeMoved'
  | 'nodeRelabelled'
  | 'edgeAdded'
  | 'edgeRemoved'
  | 'settingsChanged'
  | 'flowRenamed';

/** One readable difference between two versions of a flow. */
export interface FlowChange {
  kind: FlowChangeKind;
  nodeId?: string;
  /**
   * JSON pointer: relative to the node for node changes (`/config/expression`, `/label`), into the
   * document otherwise (`/settings/retry/attempts`, `/name`).
   */
  path?: string;
  before?: unknown;
  after?: unknown;
  summary: string;
  /** Set on changes that do not alter behaviour (node moves), so UIs can hide them. */
  cosmetic?: true;
}

interface Leaf {
  path: string;
  before: unknown;
  after: unknown;
}

/**
 * Readable diff between two versions: flow name, settings and node config are reported per leaf
 * field, nodes and edges as added or removed (edges by what they connect, not by id). Node moves are
 * reported with `cosmetic: true`.
 *
 * @example
 * diffFlows(v1, v2).map((change) => change.summary);
 * // ['Qualify "Has company": expression changed from "a" to "b"']
 */
export function diffFlows(before: Flow, after: Flow): FlowChange[] {
  const changes: FlowChange[] = [];
  if (before.name !== after.name) {
    changes.push({
      kind: 'flowRenamed',
      path: '/name',
      before: before.name,
      after: after.name,
      summary: `Flow renamed from ${show(before.name)} to ${show(after.name)}`,
    });
  }
  if (before.description !== after.description) {
    changes.push({
      kind: 'flowRenamed',
      path: '/description',
      before: before.description,
      after: after.description,
      summary: `Flow ${describeLeaf('description', before.description, after.description)}`,
    });
  }
  for (const leaf of leafChanges(before.settings, after.settings, '')) {
    changes.push({
      kind: 'settingsChanged',
      path: `/settings${leaf.path}`,
      before: leaf.before,
      after: leaf.after,
      summary: `Settings: ${describeLeaf(fieldName(leaf.path), leaf.before, leaf.after)}`,
    });
  }

  const beforeNodes = new Map(before.nodes.map((node) => [node.id, node]));
  const afterNodes = new Map(after.nodes.map((node) => [node.id, node]));
  for (const node of before.nodes) {
    const successor = afterNodes.get(node.id);
    if (successor === undefined || successor.type !== node.type) {
      changes.push({
        kind: 'nodeRemoved',
        nodeId: node.id,
        before: node,
        summary: `Removed ${nodeDisplayName(node)}`,
      });
    }
  }
  for (const node of after.nodes) {
    const predecessor = beforeNodes.get(node.id);
    if (predecessor === undefined || predecessor.type !== node.type) {
      changes.push({
        kind: 'nodeAdded',
        nodeId: node.id,
        after: node,
        summary: `Added ${nodeDisplayName(node)}`,
      });
    } else {
      changes.push(...nodeChanges(predecessor, node));
    }
  }

  const key = (edge: FlowEdge) => `${edge.source} ${edge.sourceHandle} ${edge.target}`;
  const beforeEdges = new Set(before.edges.map(key));
  const afterEdges = new Set(after.edges.map(key));
  for (const edge of before.edges) {
    if (afterEdges.has(key(edge))) continue;
    changes.push({
      kind: 'edgeRemoved',
      nodeId: edge.source,
      before: edge,
      summary: `Disconnected ${edgeText(edge, beforeNodes, 'from')}`,
    });
  }
  for (const edge of after.edges) {
    if (beforeEdges.has(key(edge))) continue;
    changes.push({
      kind: 'edgeAdded',
      nodeId: edge.source,
      after: edge,
      summary: `Connected ${edgeText(edge, afterNodes, 'to')}`,
    });
  }
  return changes;
}

function nodeChanges(before: FlowNode, after: FlowNode): FlowChange[] {
  const changes: FlowChange[] = [];
  const name = nodeDisplayName(after);
  if ((before.label ?? '') !== (after.label ?? '')) {
    changes.push({
      kind: 'nodeRelabelled',
      nodeId: after.id,
      path: '/label',
      before: before.label,
      after: after.label,
      summary: `${nodeDisplayName(before)} is now ${name}`,
    });
  }
  if (before.position.x !== after.position.x || before.position.y !== after.position.y) {
    changes.push({
      kind: 'nodeMoved',
      nodeId: after.id,
      path: '/position',
      before: before.position,
      after: after.position,
      summary: `Moved ${name}`,
      cosmetic: true,
    });
  }
  const configChange = (
    path: string,
    field: string,
    from: unknown,
    to: unknown,
    whole = false,
  ): FlowChange => ({
    kind: 'nodeConfigChanged',
    nodeId: after.id,
    path,
    before: from,
    after: to,
    summary: `${name}: ${whole ? field : describeLeaf(field, from, to)}`,
  });

  if (before.type === 'map' && after.type === 'map' && uniqueTargets(before) && uniqueTargets(after)) {
    // Map fields are matched by target so that inserting a field does not show every later one as changed.
    const { fields: beforeFields, ...beforeRest } = before.config;
    const { fields: afterFields, ...afterRest } = after.config;
    for (const leaf of leafChanges(beforeRest, afterRest, '/config')) {
      changes.push(
        configChange(leaf.path, fieldName(leaf.path.slice('/config'.length)), leaf.before, leaf.after),
      );
    }
    const afterByTarget = new Map(afterFields.map((field, index) => [field.target, { field, index }]));
    const beforeByTarget = new Map(beforeFields.map((field, index) => [field.target, { field, index }]));
    beforeFields.forEach((field, index) => {
      if (afterByTarget.has(field.target)) return;
      const path = pointer('config', 'fields', index);
      changes.push(configChange(path, `field ${show(field.target)} removed`, field, undefined, true));
    });
    afterFields.forEach((field, index) => {
      const previous = beforeByTarget.get(field.target);
      const base = pointer('config', 'fields', index);
      if (previous === undefined) {
        changes.push(configChange(base, `field ${show(field.target)} added`, undefined, field, true));
        return;
      }
      for (const leaf of leafChanges(previous.field, field, base)) {
        const inner = fieldName(leaf.path.slice(base.length));
        changes.push(
          configChange(leaf.path, `field ${show(field.target)} ${inner}`, leaf.before, leaf.after),
        );
      }
    });
    return changes;
  }

  for (const leaf of leafChanges(before.config, after.config, '/config')) {
    changes.push(
      configChange(leaf.path, fieldName(leaf.path.slice('/config'.length)), leaf.before, leaf.after),
    );
  }
  return changes;
}

function uniqueTargets(node: FlowNode & { type: 'map' }): boolean {
  return new Set(node.config.fields.map((field) => field.target)).size === node.config.fields.length;
}

/** Differences down to scalar leaves; a missing object or array on one side counts as an empty one. */
function leafChanges(before: unknown, after: unknown, path: string): Leaf[] {
  if (Value.Equal(before, after)) return [];
  if (isRecord(before) || isRecord(after)) {
    if ((isRecord(before) || before === undefined) && (isRecord(after) || after === undefined)) {
      const from = before ?? {};
      const to = after ?? {};
      const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
      return keys.flatMap((key) => leafChanges(from[key], to[key], `${path}${pointer(key)}`));
    }
  } else if (Array.isArray(before) || Array.isArray(after)) {
    if ((Array.isArray(before) || before === undefined) && (Array.isArray(after) || after === undefined)) {
      const from: readonly unknown[] = before ?? [];
      const to: readonly unknown[] = after ?? [];
      const length = Math.max(from.length, to.length);
      return Array.from({ length }, (_, index) =>
        leafChanges(from[index], to[index], `${path}/${index}`),
      ).flat();
    }
  }
  return [{ path, before, after }];
}

function describeLeaf(field: string, before: unknown, after: unknown): string {
  if (before === undefined) return `${field} set to ${show(after)}`;
  if (after === undefined) return `${field} removed (was ${show(before)})`;
  return `${field} changed from ${show(before)} to ${show(after)}`;
}

const SHOWN_LENGTH = 120;

/** JSON text of a value, shortened for one-line summaries (the change keeps the full value). */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= SHOWN_LENGTH ? text : `${text.slice(0, SHOWN_LENGTH - 1)}…`;
}

function edgeText(edge: FlowEdge, nodes: ReadonlyMap<string, FlowNode>, preposition: 'to' | 'from'): string {
  const name = (id: string) => {
    const node = nodes.get(id);
    return node === undefined ? id : nodeDisplayName(node);
  };
  return `${name(edge.source)} (${edge.sourceHandle}) ${preposition} ${name(edge.target)}`;
}
