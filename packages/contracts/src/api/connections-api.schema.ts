import { Type, type Static } from '@sinclair/typebox';
import { ConnectionName, FlowId } from '../common.schema.ts';
import { ErrorCode } from '../error-codes.ts';
import { SourceFilter } from '../node-config.schema.ts';

// REST DTOs of connections (`/api/connections…`) and connector kinds (`/api/connector-kinds`).
// Secrets are write-only: requests may carry their values, responses only ever name the ones set.

/** A connector kind the installation offers, with what the editor needs to draw its form. */
export const ConnectorKindInfo = Type.Object({
  kind: Type.String(),
  label: Type.String(),
  /** JSON Schema of the non-secret settings. */
  configSchema: Type.Unknown(),
  /** Names of the secret settings (write-only). */
  secretKeys: Type.Array(Type.String()),
});
export type ConnectorKindInfo = Static<typeof ConnectorKindInfo>;

export const ConnectorKindList = Type.Object({ kinds: Type.Array(ConnectorKindInfo) });
export type ConnectorKindList = Static<typeof ConnectorKindList>;

export const ConnectionParams = Type.Object({ name: ConnectionName });
export type ConnectionParams = Static<typeof ConnectionParams>;

export const ConnectionObjectParams = Type.Object({
  name: ConnectionName,
  object: Type.String({ minLength: 1, maxLength: 128, pattern: '^[^/\\s]+$' }),
});
export type ConnectionObjectParams = Static<typeof ConnectionObjectParams>;

/** A flow that references the connection. */
export const ConnectionUsage = Type.Object({ flowId: FlowId, enabled: Type.Boolean() });
export type ConnectionUsage = Static<typeof ConnectionUsage>;

export const ConnectionInfo = Type.Object({
  name: ConnectionName,
  kind: Type.String(),
  config: Type.Record(Type.String(), Type.Unknown()),
  /** Names of the secrets that are set; their values are never returned. */
  secretKeys: Type.Array(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  updatedBy: Type.String(),
  usedBy: Type.Array(ConnectionUsage),
});
export type ConnectionInfo = Static<typeof ConnectionInfo>;

export const ConnectionList = Type.Object({ connections: Type.Array(ConnectionInfo) });
export type ConnectionList = Static<typeof ConnectionList>;

export const PutConnectionRequest = Type.Object(
  {
    kind: Type.String({ minLength: 1, maxLength: 64 }),
    config: Type.Record(Type.String(), Type.Unknown()),
    /** Secret values by name; an empty string means "not given". */
    secrets: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 20_000 }))),
    /** Keep stored secrets that this request does not give (editing a connection without retyping them). */
    keepExistingSecrets: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type PutConnectionRequest = Static<typeof PutConnectionRequest>;

/** The outcome of a connection test: the connector's detail, or its error code and message. */
export const ConnectionTestResult = Type.Object({
  ok: Type.Boolean(),
  detail: Type.Optional(Type.String()),
  code: Type.Optional(ErrorCode),
  message: Type.Optional(Type.String()),
  retryable: Type.Optional(Type.Boolean()),
});
export type ConnectionTestResult = Static<typeof ConnectionTestResult>;

export const ConnectorObjectList = Type.Object({
  objects: Type.Array(Type.Object({ name: Type.String(), label: Type.String() })),
});
export type ConnectorObjectList = Static<typeof ConnectorObjectList>;

export const ConnectorFieldInfo = Type.Object({
  name: Type.String(),
  label: Type.String(),
  type: Type.String(),
  required: Type.Optional(Type.Boolean()),
  externalId: Type.Optional(Type.Boolean()),
  readOnly: Type.Optional(Type.Boolean()),
  referenceTo: Type.Optional(Type.Array(Type.String())),
  picklistValues: Type.Optional(Type.Array(Type.String())),
});
export type ConnectorFieldInfo = Static<typeof ConnectorFieldInfo>;

/** An object of a connected system with its fields, for the editor's object and field pickers. */
export const ConnectorObjectInfo = Type.Object({
  name: Type.String(),
  label: Type.String(),
  idField: Type.String(),
  modifiedField: Type.Optional(Type.String()),
  fields: Type.Array(ConnectorFieldInfo),
});
export type ConnectorObjectInfo = Static<typeof ConnectorObjectInfo>;

export const DeletedConnection = Type.Object({ name: ConnectionName, deleted: Type.Literal(true) });
export type DeletedConnection = Static<typeof DeletedConnection>;

/**
 * `POST /api/connections/:name/objects/:object/sample`: the first records of an object as the flow's
 * trigger would read them (its source filters applied), for the editor's criteria and mapping previews.
 */
export const SampleRecordsRequest = Type.Object(
  {
    fields: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 500 })),
    filters: Type.Optional(Type.Array(SourceFilter, { maxItems: 50 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
  },
  { additionalProperties: false },
);
export type SampleRecordsRequest = Static<typeof SampleRecordsRequest>;

export const SampleRecords = Type.Object({
  object: Type.String(),
  idField: Type.String(),
  records: Type.Array(Type.Record(Type.String(), Type.Unknown())),
});
export type SampleRecords = Static<typeof SampleRecords>;
