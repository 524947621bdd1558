import { Type, type Static } from '@sinclair/typebox';
import { FlowId } from './common.schema.ts';
import { NodeStats, RunStatus, RunTotals } from './records.schema.ts';
import { RunEvent } from './run-event.schema.ts';

/** A flow was switched on or off, saved as a new version, or deleted. */
export const FlowChangedEvent = Type.Object({
  type: Type.Literal('flow.changed'),
  flowId: FlowId,
  at: Type.String(),
  enabled: Type.Optional(Type.Boolean()),
  version: Type.Optional(Type.Integer()),
  deleted: Type.Optional(Type.Boolean()),
  by: Type.Optional(Type.String()),
});
export type FlowChangedEvent = Static<typeof FlowChangedEvent>;

/** The state of one run as a late subscriber needs it. */
export const RunSnapshot = Type.Object({
  runId: Type.String(),
  flowId: FlowId,
  status: RunStatus,
  totals: RunTotals,
  nodes: Type.Record(Type.String(), NodeStats),
  updatedAt: Type.String(),
  message: Type.Optional(Type.String()),
});
export type RunSnapshot = Static<typeof RunSnapshot>;

/**
 * Topics: `flows` (every flow and run), `flow:<flowId>`, `run:<runId>`.
 */
export const Topic = Type.String({
  pattern: '^(flows|flow:[a-z0-9][a-z0-9-]{0,79}|run:[A-Za-z0-9_-]{1,80})$',
});

export const ClientMessage = Type.Union([
  Type.Object({ type: Type.Literal('subscribe'), topic: Topic }),
  Type.Object({ type: Type.Literal('unsubscribe'), topic: Topic }),
  Type.Object({ type: Type.Literal('ping') }),
]);
export type ClientMessage = Static<typeof ClientMessage>;

export const ServerMessage = Type.Union([
  RunEvent,
  FlowChangedEvent,
  Type.Object({ type: Type.Literal('snapshot'), topic: Topic, runs: Type.Array(RunSnapshot) }),
  Type.Object({ type: Type.Literal('subscribed'), topic: Topic }),
  Type.Object({ type: Type.Literal('unsubscribed'), topic: Topic }),
  Type.Object({ type: Type.Literal('error'), code: Type.String(), message: Type.String() }),
  Type.Object({ type: Type.Literal('pong') }),
]);
export type ServerMessage = Static<typeof ServerMessage>;
