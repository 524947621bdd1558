import { Type, type Static } from '@sinclair/typebox';
import { FlowId } from '../common.schema.ts';
import { ErrorCode } from '../error-codes.ts';
import { RecordErrorResolution } from '../records.schema.ts';

// REST DTOs of "where is record X" (`/api/ledger/records/:recordId`).

export const LedgerRecordParams = Type.Object({
  // The router refuses longer path parameters (414) before the schema sees them.
  recordId: Type.String({ minLength: 1, maxLength: 100, description: 'A source or target record id' }),
});
export type LedgerRecordParams = Static<typeof LedgerRecordParams>;

export const LedgerTimelineQuery = Type.Object(
  {
    // Query-string values arrive as text (the API does not coerce types).
    limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: '1–500, default 100' })),
  },
  { additionalProperties: false },
);
export type LedgerTimelineQuery = Static<typeof LedgerTimelineQuery>;

/**
 * One event in a record's life: written to a target (`synced`), failed at a node (`error`), or that
 * error resolved (`resolved`).
 */
export const LedgerTimelineEntry = Type.Object({
  at: Type.String(),
  flowId: FlowId,
  kind: Type.Union([Type.Literal('synced'), Type.Literal('error'), Type.Literal('resolved')]),
  sourceId: Type.String(),
  runId: Type.String(),
  /** synced: the record's id in the target system, the target (`<connection>/<object>`) and what was done. */
  targetId: Type.Optional(Type.String()),
  target: Type.Optional(Type.String()),
  action: Type.Optional(Type.Union([Type.Literal('created'), Type.Literal('updated')])),
  /** error and resolved: the stored record error. */
  errorId: Type.Optional(Type.String()),
  nodeId: Type.Optional(Type.String()),
  code: Type.Optional(ErrorCode),
  message: Type.Optional(Type.String()),
  /** resolved: how and by whom. */
  resolution: Type.Optional(RecordErrorResolution),
  by: Type.Optional(Type.String()),
});
export type LedgerTimelineEntry = Static<typeof LedgerTimelineEntry>;

/** Newest first. */
export const LedgerTimeline = Type.Object({
  recordId: Type.String(),
  entries: Type.Array(LedgerTimelineEntry),
});
export type LedgerTimeline = Static<typeof LedgerTimeline>;
