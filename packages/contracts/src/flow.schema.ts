import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { FlowId, NodeId, Position } from './common.schema.ts';
import { LookupConfig, MapConfig, QualifyConfig, TriggerConfig, UpsertConfig } from './node-config.schema.ts';

/** The flow document version this build writes. Older documents are migrated by flow-core. */
export const CURRENT_SCHEMA_VERSION = 1;

export const NODE_TYPES = ['trigger', 'qualify', 'lookup', 'map', 'upsert'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** Named output handles per node type. Every node has a single input handle. */
export const NODE_OUTPUTS = {
  trigger: ['out'],
  qualify: ['pass', 'reject'],
  lookup: ['found', 'notFound'],
  map: ['out'],
  upsert: ['out'],
} as const satisfies Record<NodeType, readonly string[]>;
export type NodeOutput<T extends NodeType = NodeType> = (typeof NODE_OUTPUTS)[T][number];

function nodeSchema<T extends NodeType, C extends TSchema>(type: T, config: C) {
  return Type.Object(
    {
      id: NodeId,
      type: Type.Literal(type),
      position: Position,
      label: Type.Optional(Type.String({ maxLength: 120, description: 'Display only' })),
      config,
    },
    { additionalProperties: false, $id: `${type}Node` },
  );
}

export const TriggerNode = nodeSchema('trigger', TriggerConfig);
export const QualifyNode = nodeSchema('qualify', QualifyConfig);
export const LookupNode = nodeSchema('lookup', LookupConfig);
export const MapNode = nodeSchema('map', MapConfig);
export const UpsertNode = nodeSchema('upsert', UpsertConfig);
export type TriggerNode = Static<typeof TriggerNode>;
export type QualifyNode = Static<typeof QualifyNode>;
export type LookupNode = Static<typeof LookupNode>;
export type MapNode = Static<typeof MapNode>;
export type UpsertNode = Static<typeof UpsertNode>;

/** Schema of each node type, for validating one node at a time with messages that name it. */
export const NODE_SCHEMAS = {
  trigger: TriggerNode,
  qualify: QualifyNode,
  lookup: LookupNode,
  map: MapNode,
  upsert: UpsertNode,
} as const satisfies Record<NodeType, TSchema>;

export const FlowNode = Type.Union([TriggerNode, QualifyNode, LookupNode, MapNode, UpsertNode]);
export type FlowNode = Static<typeof FlowNode>;
export type FlowNodeOf<T extends NodeType> = Extract<FlowNode, { type: T }>;
export type NodeConfigOf<T extends NodeType> = FlowNodeOf<T>['config'];

export const FlowEdge = Type.Object(
  {
    id: Type.String({ pattern: '^[A-Za-z0-9_:.>-]{1,160}$' }),
    source: NodeId,
    sourceHandle: Type.String({ minLength: 1, maxLength: 32 }),
    target: NodeId,
  },
  { additionalProperties: false },
);
export type FlowEdge = Static<typeof FlowEdge>;

export const RetrySettings = Type.Object(
  {
    attempts: Type.Integer({
      minimum: 1,
      maximum: 20,
      default: 4,
      description: 'Tries per call, first included',
    }),
    backoff: Type.Union([Type.Literal('exponential'), Type.Literal('fixed')], { default: 'exponential' }),
    baseDelayMs: Type.Integer({ minimum: 0, maximum: 600_000, default: 500 }),
    maxDelayMs: Type.Integer({ minimum: 0, maximum: 3_600_000, default: 60_000 }),
  },
  { additionalProperties: false, default: {} },
);
export type RetrySettings = Static<typeof RetrySettings>;

export const ErrorPolicy = Type.Object(
  {
    /** continue: store failed records and go on; stopAfter: fail the run after `maxErrors` record errors. */
    mode: Type.Union([Type.Literal('continue'), Type.Literal('stopAfter')], { default: 'continue' }),
    maxErrors: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  },
  { additionalProperties: false, default: {} },
);
export type ErrorPolicy = Static<typeof ErrorPolicy>;

export const FlowSettings = Type.Object(
  {
    retry: RetrySettings,
    batchSize: Type.Integer({ minimum: 1, maximum: 10_000, default: 200, description: 'Records per page' }),
    concurrency: Type.Integer({
      minimum: 1,
      maximum: 64,
      default: 4,
      description: 'Pages in flight at once',
    }),
    errorPolicy: ErrorPolicy,
    overlap: Type.Union([Type.Literal('skip'), Type.Literal('queue')], {
      default: 'skip',
      description: 'When a run is due while the previous one still runs',
    }),
  },
  { additionalProperties: false, default: {} },
);
export type FlowSettings = Static<typeof FlowSettings>;

export const Flow = Type.Object(
  {
    /** Lets editors find the JSON Schema; ignored by flowsync. */
    $schema: Type.Optional(Type.String()),
    schemaVersion: Type.Literal(CURRENT_SCHEMA_VERSION),
    id: FlowId,
    name: Type.String({ minLength: 1, maxLength: 160 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    nodes: Type.Array(FlowNode, { maxItems: 2000 }),
    edges: Type.Array(FlowEdge, { maxItems: 8000 }),
    settings: FlowSettings,
  },
  {
    additionalProperties: false,
    $id: 'https://flowsync.dev/schema/flow.schema.json',
    title: 'flowsync flow',
  },
);
export type Flow = Static<typeof Flow>;
