import { Type, type Static } from '@sinclair/typebox';
import { ErrorCode } from './error-codes.ts';
import { FlowId, NodeId } from './common.schema.ts';

/** What the engine carries for one record between nodes; stored with a failed record for retry. */
export const RecordPayload = Type.Object({
  sourceId: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  lookups: Type.Record(Type.String(), Type.Unknown()),
  mapped: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type RecordPayload = Static<typeof RecordPayload>;

export const RecordErrorStatus = Type.Union([Type.Literal('open'), Type.Literal('resolved')]);
export type RecordErrorStatus = Static<typeof RecordErrorStatus>;

export const RecordErrorResolution = Type.Union([
  Type.Literal('succeeded'),
  Type.Literal('retried'),
  Type.Literal('manual'),
]);

/** A record that failed at a node: the payload it had there, so it can be retried from that node. */
export const RecordError = Type.Object({
  id: Type.String(),
  flowId: FlowId,
  flowVersion: Type.Integer({ minimum: 1 }),
  runId: Type.String(),
  nodeId: NodeId,
  sourceId: Type.String(),
  code: ErrorCode,
  message: Type.String(),
  retryable: Type.Boolean(),
  attempt: Type.Integer({ minimum: 1 }),
  payload: RecordPayload,
  status: RecordErrorStatus,
  resolution: Type.Optional(RecordErrorResolution),
  resolvedAt: Type.Optional(Type.String()),
  resolvedBy: Type.Optional(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type RecordError = Static<typeof RecordError>;

/** Per flow and target: which source record became which target record, and what was last written. */
export const LedgerEntry = Type.Object({
  flowId: FlowId,
  /** `<connection>/<object>` of the target, so one flow may write to more than one target. */
  target: Type.String(),
  sourceId: Type.String(),
  targetId: Type.String(),
  hash: Type.String(),
  runId: Type.String(),
  syncedAt: Type.String(),
});
export type LedgerEntry = Static<typeof LedgerEntry>;

export const Watermark = Type.Object({
  flowId: FlowId,
  nodeId: NodeId,
  value: Type.String(),
  updatedAt: Type.String(),
  runId: Type.Optional(Type.String()),
});
export type Watermark = Static<typeof Watermark>;

export const NodeStats = Type.Object({
  received: Type.Integer({ minimum: 0 }),
  /** Records that left through each output handle. */
  emitted: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
  failed: Type.Integer({ minimum: 0 }),
  /** Records the node did not need to act on (e.g. an unchanged record at an upsert). */
  skipped: Type.Integer({ minimum: 0 }),
  /** Calls retried after a transient error. */
  retries: Type.Integer({ minimum: 0 }),
});
export type NodeStats = Static<typeof NodeStats>;

export const RunStatus = Type.Union([
  Type.Literal('queued'),
  Type.Literal('running'),
  Type.Literal('succeeded'),
  Type.Literal('completedWithErrors'),
  Type.Literal('failed'),
  Type.Literal('cancelled'),
]);
export type RunStatus = Static<typeof RunStatus>;

export const RunTrigger = Type.Union([
  Type.Object({ kind: Type.Literal('schedule') }),
  Type.Object({ kind: Type.Literal('manual') }),
  Type.Object({ kind: Type.Literal('realtime'), eventIds: Type.Array(Type.String()) }),
  Type.Object({ kind: Type.Literal('selected'), sourceIds: Type.Array(Type.String()) }),
  Type.Object({ kind: Type.Literal('retry'), errorIds: Type.Array(Type.String()) }),
]);
export type RunTrigger = Static<typeof RunTrigger>;

export const RunTotals = Type.Object({
  read: Type.Integer({ minimum: 0 }),
  written: Type.Integer({ minimum: 0 }),
  rejected: Type.Integer({ minimum: 0 }),
  skipped: Type.Integer({ minimum: 0 }),
  failed: Type.Integer({ minimum: 0 }),
});
export type RunTotals = Static<typeof RunTotals>;

export const RunRejection = Type.Object({ nodeId: NodeId, sourceId: Type.String(), reason: Type.String() });
export type RunRejection = Static<typeof RunRejection>;

export const RunRecord = Type.Object({
  id: Type.String(),
  flowId: FlowId,
  flowVersion: Type.Integer({ minimum: 1 }),
  trigger: RunTrigger,
  status: RunStatus,
  queuedAt: Type.String(),
  startedAt: Type.Optional(Type.String()),
  finishedAt: Type.Optional(Type.String()),
  totals: RunTotals,
  nodes: Type.Record(Type.String(), NodeStats),
  message: Type.Optional(Type.String()),
  requestedBy: Type.Optional(Type.String()),
  /** The first rejected records of the run with their reasons (a bounded sample). */
  rejections: Type.Optional(Type.Array(RunRejection)),
});
export type RunRecord = Static<typeof RunRecord>;
