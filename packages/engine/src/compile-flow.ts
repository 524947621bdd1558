import type { Flow, FlowNode, FlowNodeOf, LookupStrategy, NodeType, ValueMap } from '@flowsync/contracts';
import {
  checkExpressionSyntax,
  compileExpression,
  compilePredicate,
  type CompiledExpression,
  type CompiledPredicate,
  type ExpressionLimits,
} from '@flowsync/expression';
import { buildGraph, validateFlow, valueMapKey, type FlowGraph, type FlowIssue } from '@flowsync/flow-core';

export interface CompiledLookupStrategy extends LookupStrategy {
  compiled: CompiledExpression;
}

export interface CompiledFieldMapping {
  target: string;
  path: string[];
  kind: 'expression' | 'static' | 'valueMap';
  compiled?: CompiledExpression;
  value?: unknown;
  valueMap?: CompiledValueMap;
}

export interface CompiledValueMap {
  name: string;
  lookup: Map<string, unknown>;
  spec: ValueMap;
}

/** Per node type, the node plus whatever was compiled for it once per flow version. */
export interface CompiledNodes {
  trigger: { node: FlowNodeOf<'trigger'> };
  qualify: { node: FlowNodeOf<'qualify'>; predicate: CompiledPredicate };
  lookup: {
    node: FlowNodeOf<'lookup'>;
    strategies: CompiledLookupStrategy[];
    ledgerSourceId?: CompiledExpression;
  };
  map: { node: FlowNodeOf<'map'>; fields: CompiledFieldMapping[] };
  upsert: { node: FlowNodeOf<'upsert'>; targetId?: CompiledExpression; target: string };
}
export type CompiledNode = { [T in NodeType]: CompiledNodes[T] & { type: T } }[NodeType];
export type CompiledNodeOf<T extends NodeType> = Extract<CompiledNode, { type: T }>;

export interface CompiledFlow {
  readonly flow: Flow;
  readonly graph: FlowGraph;
  readonly nodes: ReadonlyMap<string, CompiledNode>;
}

export class FlowCompileError extends Error {
  override readonly name = 'FlowCompileError';
  readonly issues: FlowIssue[];
  constructor(issues: FlowIssue[]) {
    super(`The flow does not validate: ${issues.map((i) => i.message).join('; ')}`);
    this.issues = issues;
  }
}

function compileValueMap(name: string, spec: ValueMap): CompiledValueMap {
  const lookup = new Map<string, unknown>();
  for (const entry of spec.entries) lookup.set(valueMapKey(entry.from), entry.to);
  return { name, lookup, spec };
}

type Compilers = {
  [T in NodeType]: (node: FlowNodeOf<T>, limits?: Partial<ExpressionLimits>) => CompiledNodes[T];
};

const compilers: Compilers = {
  trigger: (node) => ({ node }),
  qualify: (node, limits) => ({ node, predicate: compilePredicate(node.config.expression, limits) }),
  lookup: (node, limits) => {
    const source = node.config.source;
    if (source.kind === 'ledger') {
      return { node, strategies: [], ledgerSourceId: compileExpression(source.sourceId, limits) };
    }
    return {
      node,
      strategies: source.strategies.map((s) => ({ ...s, compiled: compileExpression(s.value, limits) })),
    };
  },
  map: (node, limits) => {
    const maps = node.config.valueMaps ?? {};
    return {
      node,
      fields: node.config.fields.map((field): CompiledFieldMapping => {
        const path = field.target.split('.');
        switch (field.kind) {
          case 'expression':
            return {
              target: field.target,
              path,
              kind: 'expression',
              compiled: compileExpression(field.expression, limits),
            };
          case 'static':
            return { target: field.target, path, kind: 'static', value: field.value };
          case 'valueMap': {
            const spec = maps[field.map];
            if (!spec) throw new Error(`value map ${field.map} is not defined`); // validateFlow reports this first
            return {
              target: field.target,
              path,
              kind: 'valueMap',
              compiled: compileExpression(field.expression, limits),
              valueMap: compileValueMap(field.map, spec),
            };
          }
        }
      }),
    };
  },
  upsert: (node, limits) => {
    const { match, connection, object } = node.config;
    const compiled: CompiledNodes['upsert'] = { node, target: `${connection}/${object}` };
    if (match?.kind === 'targetId') compiled.targetId = compileExpression(match.expression, limits);
    return compiled;
  },
};

function compileNode(node: FlowNode, limits?: Partial<ExpressionLimits>): CompiledNode {
  // The cast pairs each node with its own compiler; Compilers' mapped type keeps them in step.
  const compile = compilers[node.type] as (
    n: FlowNode,
    l?: Partial<ExpressionLimits>,
  ) => CompiledNodes[NodeType];
  return { ...compile(node, limits), type: node.type } as CompiledNode;
}

export interface CompileOptions {
  limits?: Partial<ExpressionLimits>;
  /** When given, connection names the flow uses must be among these. */
  connections?: ReadonlySet<string>;
}

/**
 * Validates a flow document and compiles every expression in it once. The result is immutable and
 * can run any number of times.
 *
 * @example
 * ```ts
 * const compiled = compileFlow(JSON.parse(text));
 * const result = await runFlow(compiled, { runId: 'r1', flowVersion: 3, trigger: { kind: 'manual' } }, ports);
 * ```
 */
export function compileFlow(doc: unknown, options: CompileOptions = {}): CompiledFlow {
  const validation = validateFlow(doc, {
    checkExpression: checkExpressionSyntax,
    ...(options.connections ? { connections: options.connections } : {}),
  });
  if (!validation.ok) throw new FlowCompileError(validation.issues);
  const flow = validation.flow;
  const nodes = new Map<string, CompiledNode>();
  for (const node of flow.nodes) nodes.set(node.id, compileNode(node, options.limits));
  return { flow, graph: buildGraph(flow), nodes };
}
