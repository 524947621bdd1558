import { Type, type Static } from '@sinclair/typebox';
import { FlowId, NodeId } from '../common.schema.ts';
import { ErrorCode } from '../error-codes.ts';
import { RecordError, RecordErrorStatus, RecordPayload, RunRecord, RunStatus } from '../records.schema.ts';

// Query-string values arrive as text (the API does not coerce types), so numbers are digit strings.
const digits = (description: string, maxLength = 6) =>
  Type.String({ pattern: `^[0-9]{1,${maxLength}}$`, description });

const RUN_STATUSES = RunStatus.anyOf.map((s) => s.const).join('|');

/** `GET /api/runs` filters. */
export const RunListQuery = Type.Object(
  {
    flowId: Type.Optional(FlowId),
    status: Type.Optional(
      Type.String({
        pattern: `^(${RUN_STATUSES})(,(${RUN_STATUSES}))*$`,
        description: 'One status or several, comma-separated',
      }),
    ),
    before: Type.Optional(
      Type.String({ format: 'date-time', description: 'Runs queued before this time (paging)' }),
    ),
    limit: Type.Optional(digits('1–500, default 50', 3)),
  },
  { additionalProperties: false },
);
export type RunListQuery = Static<typeof RunListQuery>;

export const RunList = Type.Object({ items: Type.Array(RunRecord) });
export type RunList = Static<typeof RunList>;

/** A run with its per-node counters; `live` when they come from the running run, not the store. */
export const RunDetail = Type.Composite([
  RunRecord,
  Type.Object({
    live: Type.Boolean(),
    openErrors: Type.Integer({ minimum: 0, description: 'Record errors of this run not yet resolved' }),
  }),
]);
export type RunDetail = Static<typeof RunDetail>;

export const RunIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 80 }) });
export type RunIdParams = Static<typeof RunIdParams>;

export const FlowRunParams = Type.Object({ flowId: FlowId });
export type FlowRunParams = Static<typeof FlowRunParams>;

const SourceIdList = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
  minItems: 1,
  maxItems: 1000,
});

/** `POST /api/flows/:flowId/sync`: sync just these source records now. */
export const SyncSelectedBody = Type.Object({ sourceIds: SourceIdList }, { additionalProperties: false });
export type SyncSelectedBody = Static<typeof SyncSelectedBody>;

/** The cancel was passed to the run; it ends `cancelled` shortly (watch `run.finished`). */
export const CancelRunResponse = Type.Object({
  cancelled: Type.Boolean(),
  /** The run's status when the cancel was asked (queued or running). */
  status: RunStatus,
});
export type CancelRunResponse = Static<typeof CancelRunResponse>;

/** `GET /api/errors` filters. */
export const ErrorListQuery = Type.Object(
  {
    flowId: Type.Optional(FlowId),
    nodeId: Type.Optional(NodeId),
    code: Type.Optional(ErrorCode),
    status: Type.Optional(RecordErrorStatus),
    runId: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    sourceId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    limit: Type.Optional(digits('1–500, default 100', 3)),
    offset: Type.Optional(digits('Errors to skip (paging)', 7)),
  },
  { additionalProperties: false },
);
export type ErrorListQuery = Static<typeof ErrorListQuery>;

export const ErrorList = Type.Object({
  items: Type.Array(RecordError),
  /** Matching errors, ignoring limit and offset. */
  total: Type.Integer({ minimum: 0 }),
});
export type ErrorList = Static<typeof ErrorList>;

export const ErrorIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 80 }) });
export type ErrorIdParams = Static<typeof ErrorIdParams>;

/** `PUT /api/errors/:id/payload`: the record as it should be retried. */
export const EditErrorPayloadBody = Type.Object({ payload: RecordPayload }, { additionalProperties: false });
export type EditErrorPayloadBody = Static<typeof EditErrorPayloadBody>;

/** One or many stored errors (retry, resolve). */
export const ErrorIdsBody = Type.Object(
  { ids: Type.Array(Type.String({ minLength: 1, maxLength: 80 }), { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);
export type ErrorIdsBody = Static<typeof ErrorIdsBody>;

/** One retry run per flow of the retried errors. */
export const RetryErrorsResponse = Type.Object({ runs: Type.Array(RunRecord) });
export type RetryErrorsResponse = Static<typeof RetryErrorsResponse>;

export const ResolveErrorsResponse = Type.Object({
  resolved: Type.Integer({ minimum: 0, description: 'Errors that were open and are now resolved' }),
});
export type ResolveErrorsResponse = Static<typeof ResolveErrorsResponse>;

/** Answer of a realtime listener (`POST /hooks/:flowId`). */
export const WebhookAccepted = Type.Object({
  /** Record events stored for processing. */
  accepted: Type.Integer({ minimum: 0 }),
  /** Events of a kind or object the flow does not listen to (delete events are not processed yet). */
  ignored: Type.Integer({ minimum: 0 }),
  /** The stored delivery (a redelivery of the same events gets the same id and is stored once). */
  deliveryId: Type.Optional(Type.String()),
});
export type WebhookAccepted = Static<typeof WebhookAccepted>;
