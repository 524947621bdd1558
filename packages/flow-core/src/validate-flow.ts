import {
  Flow,
  FlowEdge,
  NODE_OUTPUTS,
  NODE_SCHEMAS,
  NODE_TYPES,
  ValueMap,
  type FlowNode,
  type NodeType,
} from '@flowsync/contracts';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { assertNever } from './assert-never.ts';
import type { FlowIssue, ValidateOptions, ValidationResult } from './flow-issue.ts';
import { findCycles, outgoingEdges, reachableFrom, type ResolvedEdge } from './graph-analysis.ts';
import { fieldName, pointer } from './json-pointer.ts';
import { FlowMigrationError, migrateFlow } from './migrations.ts';
import { nodeDisplayName } from './node-names.ts';
import { connectionRefsOf, expressionsOf } from './node-references.ts';
import { schemaProblems } from './schema-problems.ts';
import { isRecord } from './is-record.ts';

/** The flow without its node and edge items, which are checked one at a time so messages name them. */
const FlowShell = Type.Object(
  {
    ...Flow.properties,
    nodes: Type.Array(Type.Unknown(), { maxItems: Flow.properties.nodes.maxItems }),
    edges: Type.Array(Type.Unknown(), { maxItems: Flow.properties.edges.maxItems }),
  },
  { additionalProperties: false },
);

interface NodeEntry {
  readonly index: number;
  readonly id: string;
  readonly type: NodeType | undefined;
  readonly raw: Record<string, unknown>;
}

/**
 * Migrates, applies schema defaults, then validates. Collects ALL issues rather than stopping at
 * the first; on success returns the migrated flow with defaults filled in (the input is not changed).
 *
 * @example
 * const result = validateFlow(JSON.parse(text), {
 *   connections: new Set(['netsuite', 'salesforce']),
 *   checkExpression: checkExpressionSyntax,
 * });
 * if (!result.ok) for (const issue of result.issues) console.log(issue.path, issue.message);
 */
export function validateFlow(doc: unknown, options: ValidateOptions = {}): ValidationResult {
  if (!isRecord(doc)) {
    return {
      ok: false,
      issues: [{ code: 'schema', path: '', message: 'Flow: the document must be a JSON object' }],
    };
  }
  let migrated: Record<string, unknown>;
  try {
    migrated = migrateFlow(doc).doc;
  } catch (error) {
    if (!(error instanceof FlowMigrationError)) throw error;
    return {
      ok: false,
      issues: [{ code: 'unsupportedSchemaVersion', path: error.path, message: `Flow: ${error.message}` }],
    };
  }

  const issues: FlowIssue[] = [];
  Value.Default(FlowShell, migrated);
  for (const problem of schemaProblems(FlowShell, migrated)) {
    const inSettings = problem.path.startsWith('/settings/');
    const field = fieldName(inSettings ? problem.path.slice('/settings'.length) : problem.path);
    issues.push({
      code: 'schema',
      path: problem.path,
      message: `${inSettings ? 'Settings' : 'Flow'}: ${field === '' ? '' : `${field}: `}${problem.message}`,
    });
  }

  const nodes = Array.isArray(migrated['nodes']) ? (migrated['nodes'] as unknown[]) : [];
  const edges = Array.isArray(migrated['edges']) ? (migrated['edges'] as unknown[]) : [];
  const { entries, validNodes } = checkNodes(nodes, issues);
  const byId = new Map<string, NodeEntry>();
  for (const entry of entries) {
    const first = byId.get(entry.id);
    if (first === undefined) {
      byId.set(entry.id, entry);
      continue;
    }
    issues.push({
      code: 'duplicateNodeId',
      path: pointer('nodes', entry.index, 'id'),
      nodeId: entry.id,
      message: `${nodeDisplayName(entry.raw)}: id: "${entry.id}" is already used by ${nodeDisplayName(first.raw)}`,
    });
  }
  const triggers = checkTriggerCount(entries, Array.isArray(migrated['nodes']), issues);
  const resolved = checkEdges(edges, byId, issues);
  checkStructure([...byId.values()], triggers, resolved, issues);
  checkNodeSemantics(validNodes, options, issues);

  if (issues.length > 0) return { ok: false, issues };
  if (!Value.Check(Flow, migrated)) {
    // Guard: the piecewise checks above should cover the whole schema.
    const problems = schemaProblems(Flow, migrated);
    return {
      ok: false,
      issues: problems.map((p) => ({
        code: 'schema',
        path: p.path,
        message: `Flow: ${fieldName(p.path)}: ${p.message}`,
      })),
    };
  }
  return { ok: true, flow: migrated as Flow, issues: [] };
}

function checkNodes(
  nodes: readonly unknown[],
  issues: FlowIssue[],
): { entries: NodeEntry[]; validNodes: { index: number; node: FlowNode }[] } {
  const entries: NodeEntry[] = [];
  const validNodes: { index: number; node: FlowNode }[] = [];
  nodes.forEach((raw, index) => {
    if (!isRecord(raw)) {
      issues.push({
        code: 'schema',
        path: pointer('nodes', index),
        message: `nodes[${index}]: Expected an object`,
      });
      return;
    }
    const id = typeof raw['id'] === 'string' ? raw['id'] : undefined;
    const type = raw['type'];
    const nodeId = id === undefined ? {} : { nodeId: id };
    if (!isNodeType(type)) {
      issues.push({
        code: 'unknownNodeType',
        path: pointer('nodes', index, 'type'),
        ...nodeId,
        message: `${nodeDisplayName(raw)}: type: ${type === undefined ? 'is required' : `${JSON.stringify(type)} is not a node type`}; expected one of ${NODE_TYPES.join(', ')}`,
      });
      if (id !== undefined) entries.push({ index, id, type: undefined, raw });
      return;
    }
    if (id !== undefined) entries.push({ index, id, type, raw });

    applyNodeDefaults(type, raw);
    const problems = schemaProblems(NODE_SCHEMAS[type], raw);
    for (const problem of problems) {
      const field = nodeFieldName(problem.path);
      issues.push({
        code: 'schema',
        path: `${pointer('nodes', index)}${problem.path}`,
        ...nodeId,
        message: `${nodeDisplayName(raw)}: ${field === '' ? '' : `${field}: `}${problem.message}`,
      });
    }
    if (problems.length === 0) validNodes.push({ index, node: raw as FlowNode });
  });
  return { entries, validNodes };
}

function applyNodeDefaults(type: NodeType, raw: Record<string, unknown>): void {
  Value.Default(NODE_SCHEMAS[type], raw);
  // TypeBox does not descend into Record values whose schema has no default of its own.
  const config = raw['config'];
  if (type === 'map' && isRecord(config) && isRecord(config['valueMaps'])) {
    for (const valueMap of Object.values(config['valueMaps'])) {
      if (isRecord(valueMap)) Value.Default(ValueMap, valueMap);
    }
  }
}

function checkTriggerCount(
  entries: readonly NodeEntry[],
  hasNodeList: boolean,
  issues: FlowIssue[],
): NodeEntry[] {
  const triggers = entries.filter((entry) => entry.type === 'trigger');
  const [first, ...extra] = triggers;
  if (first === undefined) {
    if (hasNodeList) {
      issues.push({
        code: 'triggerCount',
        path: '/nodes',
        message: 'Flow: needs exactly one trigger; it has none',
      });
    }
    return triggers;
  }
  for (const entry of extra) {
    issues.push({
      code: 'triggerCount',
      path: pointer('nodes', entry.index),
      nodeId: entry.id,
      message: `${nodeDisplayName(entry.raw)}: a flow has exactly one trigger and ${nodeDisplayName(first.raw)} is already it`,
    });
  }
  return triggers;
}

function checkEdges(
  edges: readonly unknown[],
  byId: ReadonlyMap<string, NodeEntry>,
  issues: FlowIssue[],
): ResolvedEdge[] {
  const resolved: ResolvedEdge[] = [];
  const edgeIds = new Set<string>();
  const connections = new Map<string, string>();
  edges.forEach((raw, index) => {
    const at = (...segments: string[]) => pointer('edges', index, ...segments);
    if (!isRecord(raw)) {
      issues.push({ code: 'schema', path: at(), message: `edges[${index}]: Expected an object` });
      return;
    }
    const id = typeof raw['id'] === 'string' ? raw['id'] : undefined;
    const name = id === undefined ? `edges[${index}]` : `Edge ${id}`;
    const edgeId = id === undefined ? {} : { edgeId: id };
    for (const problem of schemaProblems(FlowEdge, raw)) {
      const field = fieldName(problem.path);
      issues.push({
        code: 'schema',
        path: `${at()}${problem.path}`,
        ...edgeId,
        message: `${name}: ${field === '' ? '' : `${field}: `}${problem.message}`,
      });
    }
    if (id !== undefined) {
      if (edgeIds.has(id)) {
        issues.push({
          code: 'duplicateEdgeId',
          path: at('id'),
          ...edgeId,
          message: `${name}: id: is used by another edge too`,
        });
      }
      edgeIds.add(id);
    }

    const { source, target, sourceHandle } = raw;
    if (typeof source !== 'string' || typeof target !== 'string' || typeof sourceHandle !== 'string') return;
    const from = byId.get(source);
    const to = byId.get(target);
    if (from === undefined) {
      issues.push({
        code: 'danglingEdge',
        path: at('source'),
        ...edgeId,
        message: `${name}: source: no node has id "${source}"`,
      });
    }
    if (to === undefined) {
      issues.push({
        code: 'danglingEdge',
        path: at('target'),
        ...edgeId,
        message: `${name}: target: no node has id "${target}"`,
      });
    }
    if (from?.type !== undefined) {
      const outputs: readonly string[] = NODE_OUTPUTS[from.type];
      if (!outputs.includes(sourceHandle)) {
        issues.push({
          code: 'badHandle',
          path: at('sourceHandle'),
          ...edgeId,
          message: `${name}: sourceHandle: ${nodeDisplayName(from.raw)} has no output "${sourceHandle}"; its outputs are ${outputs.join(', ')}`,
        });
      }
    }
    if (to?.type === 'trigger') {
      issues.push({
        code: 'edgeIntoTrigger',
        path: at('target'),
        ...edgeId,
        message: `${name}: target: ${nodeDisplayName(to.raw)} is a trigger and cannot receive records from other nodes`,
      });
    }
    if (from === undefined || to === undefined) return;

    const key = `${source} ${sourceHandle} ${target}`;
    const earlier = connections.get(key);
    if (earlier !== undefined) {
      issues.push({
        code: 'duplicateEdge',
        path: at(),
        ...edgeId,
        message: `${name}: connects ${nodeDisplayName(from.raw)} (${sourceHandle}) to ${nodeDisplayName(to.raw)} again, like ${earlier}`,
      });
      return;
    }
    connections.set(key, name);
    // Edges into a trigger are reported above; leaving them out keeps them from also showing as cycles.
    if (to.type !== 'trigger') resolved.push({ index, id: id ?? `#${index}`, source, sourceHandle, target });
  });
  return resolved;
}

function checkStructure(
  entries: readonly NodeEntry[],
  triggers: readonly NodeEntry[],
  resolved: readonly ResolvedEdge[],
  issues: FlowIssue[],
): void {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const nameOf = (id: string) => {
    const entry = byId.get(id);
    return entry === undefined ? id : nodeDisplayName(entry.raw);
  };
  const ids = entries.map((entry) => entry.id);
  const outgoing = outgoingEdges(ids, resolved);
  for (const cycle of findCycles(ids, outgoing)) {
    const names = cycle.nodeIds.map(nameOf);
    const first = cycle.nodeIds[0] as string;
    issues.push({
      code: 'cycle',
      path: pointer('edges', cycle.closingEdge.index),
      nodeId: first,
      edgeId: cycle.closingEdge.id,
      message: `${nameOf(first)}: is part of a cycle: ${[...names, names[0]].join(' → ')}; flows must not loop`,
    });
  }
  if (triggers.length === 0) return;
  const reachable = reachableFrom(
    triggers.map((trigger) => trigger.id),
    outgoing,
  );
  for (const entry of entries) {
    if (reachable.has(entry.id)) continue;
    issues.push({
      code: 'unreachable',
      path: pointer('nodes', entry.index),
      nodeId: entry.id,
      message: `${nodeDisplayName(entry.raw)}: cannot be reached from the trigger; connect it or delete it`,
    });
  }
}

function checkNodeSemantics(
  validNodes: readonly { index: number; node: FlowNode }[],
  options: ValidateOptions,
  issues: FlowIssue[],
): void {
  const aliases = new Map<string, FlowNode>();
  for (const { index, node } of validNodes) {
    const name = nodeDisplayName(node);
    const at = (relative: string) => `${pointer('nodes', index)}${relative}`;

    if (options.checkExpression !== undefined) {
      for (const expression of expressionsOf(node)) {
        const error = options.checkExpression(expression.source);
        if (error === null) continue;
        const where = /position \d+/.test(error.message) ? '' : ` at position ${error.position}`;
        issues.push({
          code: 'expressionSyntax',
          path: at(expression.path),
          nodeId: node.id,
          position: error.position,
          message: `${name}: ${nodeFieldName(expression.path)}: ${error.message}${where}`,
        });
      }
    }

    if (options.connections !== undefined) {
      for (const ref of connectionRefsOf(node)) {
        if (options.connections.has(ref.name)) continue;
        issues.push({
          code: 'unknownConnection',
          path: at(ref.path),
          nodeId: node.id,
          message: `${name}: ${nodeFieldName(ref.path)}: no connection named "${ref.name}" exists on this installation`,
        });
      }
    }

    switch (node.type) {
      case 'map': {
        const valueMaps = node.config.valueMaps ?? {};
        node.config.fields.forEach((field, fieldIndex) => {
          if (field.kind !== 'valueMap' || Object.hasOwn(valueMaps, field.map)) return;
          const known = Object.keys(valueMaps);
          issues.push({
            code: 'unknownValueMap',
            path: at(pointer('config', 'fields', fieldIndex, 'map')),
            nodeId: node.id,
            message: `${name}: fields[${fieldIndex}].map: no value map named "${field.map}" in valueMaps (${known.length === 0 ? 'there are none' : `known: ${known.join(', ')}`})`,
          });
        });
        break;
      }
      case 'upsert':
        if (node.config.operation !== 'create' && node.config.match === undefined) {
          issues.push({
            code: 'missingMatch',
            path: at(pointer('config', 'match')),
            nodeId: node.id,
            message: `${name}: match: is required when operation is "${node.config.operation}" (how else find the record to update?)`,
          });
        }
        break;
      case 'lookup': {
        const earlier = aliases.get(node.config.as);
        if (earlier === undefined) {
          aliases.set(node.config.as, node);
          break;
        }
        issues.push({
          code: 'duplicateLookupAlias',
          path: at(pointer('config', 'as')),
          nodeId: node.id,
          message: `${name}: as: $${node.config.as} is already bound by ${nodeDisplayName(earlier)}; choose another name`,
        });
        break;
      }
      case 'trigger':
      case 'qualify':
        break;
      default:
        assertNever(node, 'node type');
    }
  }
}

/** Node-relative pointer as a field name; config fields are named without the `config.` prefix. */
function nodeFieldName(path: string): string {
  return fieldName(path.startsWith('/config/') ? path.slice('/config'.length) : path);
}

function isNodeType(value: unknown): value is NodeType {
  return typeof value === 'string' && (NODE_TYPES as readonly string[]).includes(value);
}
