import { Type, type Static } from '@sinclair/typebox';
import { ErrorCode } from './error-codes.ts';
import { FlowId, NodeId } from './common.schema.ts';
import { NodeStats, RunStatus, RunTotals, RunTrigger } from './records.schema.ts';

const base = { runId: Type.String(), flowId: FlowId, at: Type.String() };

export const RunQueuedEvent = Type.Object({
  type: Type.Literal('run.queued'),
  ...base,
  flowVersion: Type.Integer(),
  trigger: RunTrigger,
});
export const RunStartedEvent = Type.Object({ type: Type.Literal('run.started'), ...base });
export const RunCountersEvent = Type.Object({
  type: Type.Literal('run.counters'),
  ...base,
  nodes: Type.Record(Type.String(), NodeStats),
  totals: RunTotals,
});
export const RunRecordErrorEvent = Type.Object({
  type: Type.Literal('run.recordError'),
  ...base,
  errorId: Type.String(),
  nodeId: NodeId,
  sourceId: Type.String(),
  code: ErrorCode,
  message: Type.String(),
});
/** A record that did not qualify, with the condition it failed. */
export const RunRecordRejectedEvent = Type.Object({
  type: Type.Literal('run.recordRejected'),
  ...base,
  nodeId: NodeId,
  sourceId: Type.String(),
  reason: Type.String(),
});
export const RunWatermarkEvent = Type.Object({
  type: Type.Literal('run.watermark'),
  ...base,
  nodeId: NodeId,
  value: Type.String(),
});
export const RunFinishedEvent = Type.Object({
  type: Type.Literal('run.finished'),
  ...base,
  status: RunStatus,
  totals: RunTotals,
  nodes: Type.Record(Type.String(), NodeStats),
  message: Type.Optional(Type.String()),
});

/** Everything the engine reports about a run, in order. */
export const RunEvent = Type.Union([
  RunQueuedEvent,
  RunStartedEvent,
  RunCountersEvent,
  RunRecordErrorEvent,
  RunRecordRejectedEvent,
  RunWatermarkEvent,
  RunFinishedEvent,
]);
export type RunEvent = Static<typeof RunEvent>;
export type RunEventType = RunEvent['type'];
export type RunEventOf<T extends RunEventType> = Extract<RunEvent, { type: T }>;
