import { Type, type Static } from '@sinclair/typebox';
import { FlowId } from '../common.schema.ts';
import type { Flow } from '../flow.schema.ts';
import type { FlowOperation } from '../flow-operation.schema.ts';
import { RunStatus, RunTotals } from '../records.schema.ts';

// REST DTOs of the flow resources (`/api/flows…`). Flow documents travel as loosely typed objects on
// the wire: the server validates them with flow-core, which reports per-node issues (422 FLOW_INVALID)
// far more readably than a schema validator could.

/** A flow document (see the `Flow` schema); validated by the server with per-node messages. */
export const FlowDocument = Type.Unsafe<Flow>({
  type: 'object',
  additionalProperties: true,
  description: 'A flow document (schema: https://flowsync.dev/schema/flow.schema.json)',
});
export type FlowDocument = Static<typeof FlowDocument>;

const FLOW_OPERATION_TYPES = [
  'addNode',
  'moveNode',
  'updateNode',
  'updateConfig',
  'deleteNode',
  'connect',
  'disconnect',
  'updateSettings',
  'renameFlow',
] as const satisfies readonly FlowOperation['type'][];

/** One edit operation (see `FlowOperation`); its fields are checked per type by the server. */
export const FlowOperationInput = Type.Unsafe<FlowOperation>({
  type: 'object',
  required: ['type'],
  properties: { type: { type: 'string', enum: [...FLOW_OPERATION_TYPES] } },
  additionalProperties: true,
  description: 'A FlowOperation: addNode, moveNode, updateNode, updateConfig, deleteNode, connect, …',
});

const VersionNumber = Type.Integer({ minimum: 1, description: 'Flow version, from 1' });
// Path and query-string values arrive as text (the API does not coerce types): versions are digit strings.
const VersionText = Type.String({ pattern: '^[1-9][0-9]{0,8}$', description: 'Flow version, from 1' });
const SaveMessage = Type.String({ maxLength: 500, description: 'Why the change was made' });

export const FlowParams = Type.Object({ flowId: FlowId });
export type FlowParams = Static<typeof FlowParams>;

export const FlowVersionParams = Type.Object({ flowId: FlowId, version: VersionText });
export type FlowVersionParams = Static<typeof FlowVersionParams>;

export const FlowTriggerKind = Type.Union([
  Type.Literal('schedule'),
  Type.Literal('realtime'),
  Type.Literal('manual'),
]);
export type FlowTriggerKind = Static<typeof FlowTriggerKind>;

export const FlowLastRun = Type.Object({
  id: Type.String(),
  status: RunStatus,
  queuedAt: Type.String(),
  finishedAt: Type.Optional(Type.String()),
  totals: RunTotals,
});
export type FlowLastRun = Static<typeof FlowLastRun>;

export const FlowSummary = Type.Object({
  id: FlowId,
  name: Type.String(),
  description: Type.Optional(Type.String()),
  enabled: Type.Boolean(),
  currentVersion: VersionNumber,
  updatedAt: Type.String(),
  updatedBy: Type.String(),
  /** How the flow can start: `manual` always; `schedule` and `realtime` when its trigger says so. */
  triggerKinds: Type.Array(FlowTriggerKind),
  lastRun: Type.Optional(FlowLastRun),
  openErrors: Type.Integer({ minimum: 0 }),
});
export type FlowSummary = Static<typeof FlowSummary>;

export const FlowList = Type.Object({ flows: Type.Array(FlowSummary) });
export type FlowList = Static<typeof FlowList>;

export const FlowVersionSummary = Type.Object({
  version: VersionNumber,
  author: Type.String(),
  message: Type.Optional(Type.String()),
  createdAt: Type.String(),
});
export type FlowVersionSummary = Static<typeof FlowVersionSummary>;

export const FlowVersionList = Type.Object({ flowId: FlowId, versions: Type.Array(FlowVersionSummary) });
export type FlowVersionList = Static<typeof FlowVersionList>;

export const FlowVersionDetail = Type.Object({
  flowId: FlowId,
  version: VersionNumber,
  author: Type.String(),
  message: Type.Optional(Type.String()),
  createdAt: Type.String(),
  flow: FlowDocument,
});
export type FlowVersionDetail = Static<typeof FlowVersionDetail>;

/** The current version of a flow with its deployment state. */
export const FlowDetail = Type.Object({
  flowId: FlowId,
  version: VersionNumber,
  enabled: Type.Boolean(),
  /** Who last changed the flow or its state (a save, or switching it on or off), and when. */
  updatedAt: Type.String(),
  updatedBy: Type.String(),
  /** Author and time of the current version. */
  author: Type.String(),
  message: Type.Optional(Type.String()),
  createdAt: Type.String(),
  flow: FlowDocument,
});
export type FlowDetail = Static<typeof FlowDetail>;

export const FlowChangeKind = Type.Union([
  Type.Literal('nodeAdded'),
  Type.Literal('nodeRemoved'),
  Type.Literal('nodeConfigChanged'),
  Type.Literal('nodeMoved'),
  Type.Literal('nodeRelabelled'),
  Type.Literal('edgeAdded'),
  Type.Literal('edgeRemoved'),
  Type.Literal('settingsChanged'),
  Type.Literal('flowRenamed'),
]);

/** One readable difference between two versions (flow-core `diffFlows`). */
export const FlowChange = Type.Object({
  kind: FlowChangeKind,
  nodeId: Type.Optional(Type.String()),
  /** JSON pointer: relative to the node for node changes, into the document otherwise. */
  path: Type.Optional(Type.String()),
  before: Type.Optional(Type.Unknown()),
  after: Type.Optional(Type.Unknown()),
  summary: Type.String(),
  /** Set on changes that do not alter behaviour (node moves). */
  cosmetic: Type.Optional(Type.Boolean()),
});
export type FlowChange = Static<typeof FlowChange>;

export const FlowDiffQuery = Type.Object(
  { from: Type.Optional(VersionText), to: Type.Optional(VersionText) },
  { additionalProperties: false },
);
export type FlowDiffQuery = Static<typeof FlowDiffQuery>;

/** What changed from version `from` to version `to`, and who saved `to`. */
export const FlowDiff = Type.Object({
  flowId: FlowId,
  from: VersionNumber,
  to: VersionNumber,
  author: Type.String(),
  createdAt: Type.String(),
  message: Type.Optional(Type.String()),
  changes: Type.Array(FlowChange),
});
export type FlowDiff = Static<typeof FlowDiff>;

export const CreateFlowRequest = Type.Object(
  { flow: FlowDocument, message: Type.Optional(SaveMessage) },
  { additionalProperties: false },
);
export type CreateFlowRequest = Static<typeof CreateFlowRequest>;

export const SaveFlowRequest = Type.Object(
  {
    flow: FlowDocument,
    /** The version the edit started from; a stale one is refused with 409 CONFLICT. */
    expectedVersion: VersionNumber,
    message: Type.Optional(SaveMessage),
  },
  { additionalProperties: false },
);
export type SaveFlowRequest = Static<typeof SaveFlowRequest>;

export const FlowOperationsRequest = Type.Object(
  {
    expectedVersion: VersionNumber,
    operations: Type.Array(FlowOperationInput, { minItems: 1, maxItems: 500 }),
    message: Type.Optional(SaveMessage),
  },
  { additionalProperties: false },
);
export type FlowOperationsRequest = Static<typeof FlowOperationsRequest>;

export const RestoreFlowRequest = Type.Object(
  { expectedVersion: VersionNumber, message: Type.Optional(SaveMessage) },
  { additionalProperties: false },
);
export type RestoreFlowRequest = Static<typeof RestoreFlowRequest>;

/** The outcome of a save: the version now current, and what changed (nothing is written when nothing did). */
export const SavedFlow = Type.Object({
  flowId: FlowId,
  version: VersionNumber,
  /** False when the document equalled the current version; no version was written. */
  changed: Type.Boolean(),
  /** True when the flow did not exist before (create, or an import of a new flow). */
  created: Type.Boolean(),
  changes: Type.Array(FlowChange),
  flow: FlowDocument,
});
export type SavedFlow = Static<typeof SavedFlow>;

export const SetFlowEnabledRequest = Type.Object(
  { enabled: Type.Boolean() },
  { additionalProperties: false },
);
export type SetFlowEnabledRequest = Static<typeof SetFlowEnabledRequest>;

export const FlowState = Type.Object({
  flowId: FlowId,
  enabled: Type.Boolean(),
  currentVersion: VersionNumber,
  updatedAt: Type.String(),
  updatedBy: Type.String(),
});
export type FlowState = Static<typeof FlowState>;

export const ValidateFlowRequest = Type.Object({ flow: Type.Unknown() }, { additionalProperties: false });
export type ValidateFlowRequest = Static<typeof ValidateFlowRequest>;

/** One problem in a flow document (flow-core `FlowIssue`). */
export const FlowIssueDto = Type.Object({
  code: Type.String(),
  message: Type.String(),
  /** JSON pointer into the document, e.g. `/nodes/2/config/expression`. */
  path: Type.String(),
  nodeId: Type.Optional(Type.String()),
  edgeId: Type.Optional(Type.String()),
  position: Type.Optional(Type.Integer()),
});
export type FlowIssueDto = Static<typeof FlowIssueDto>;

export const ValidateFlowResponse = Type.Object({ ok: Type.Boolean(), issues: Type.Array(FlowIssueDto) });
export type ValidateFlowResponse = Static<typeof ValidateFlowResponse>;

export const ImportFlowQuery = Type.Object(
  {
    /** When given and the flow exists, the import is refused unless it is the current version. */
    expectedVersion: Type.Optional(VersionText),
    message: Type.Optional(SaveMessage),
  },
  { additionalProperties: false },
);
export type ImportFlowQuery = Static<typeof ImportFlowQuery>;

export const ExportFlowQuery = Type.Object(
  { version: Type.Optional(VersionText) },
  { additionalProperties: false },
);
export type ExportFlowQuery = Static<typeof ExportFlowQuery>;

export const DeletedFlow = Type.Object({ flowId: FlowId, deleted: Type.Literal(true) });
export type DeletedFlow = Static<typeof DeletedFlow>;
