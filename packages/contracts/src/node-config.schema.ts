import { Type, type Static } from '@sinclair/typebox';
import { ConnectionName, Expression, FlowId, Identifier, JsonScalar } from './common.schema.ts';

const strict = { additionalProperties: false } as const;

// ---------------------------------------------------------------------------------------------
// trigger
// ---------------------------------------------------------------------------------------------

export const IntervalSchedule = Type.Object(
  { kind: Type.Literal('interval'), everySeconds: Type.Integer({ minimum: 1, maximum: 31_536_000 }) },
  strict,
);
export const CronSchedule = Type.Object(
  {
    kind: Type.Literal('cron'),
    expression: Type.String({ minLength: 1, maxLength: 120 }),
    timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone' })),
  },
  strict,
);
/**
 * Seed 002's polling cadence: the scheduler fires every `everySeconds`; a run keeps polling for new
 * records until `checkProcessSeconds` have elapsed, sleeping `sleepSeconds` between polls.
 */
export const PollingSchedule = Type.Object(
  {
    kind: Type.Literal('polling'),
    everySeconds: Type.Integer({ minimum: 1, maximum: 86_400 }),
    checkProcessSeconds: Type.Integer({ minimum: 1, maximum: 59 }),
    sleepSeconds: Type.Integer({ minimum: 1, maximum: 59 }),
  },
  strict,
);
export const Schedule = Type.Union([IntervalSchedule, CronSchedule, PollingSchedule]);
export type Schedule = Static<typeof Schedule>;

export const RecordEventKind = Type.Union([
  Type.Literal('create'),
  Type.Literal('update'),
  Type.Literal('delete'),
]);
export type RecordEventKind = Static<typeof RecordEventKind>;

export const FilterOperator = Type.Union([
  Type.Literal('eq'),
  Type.Literal('ne'),
  Type.Literal('gt'),
  Type.Literal('gte'),
  Type.Literal('lt'),
  Type.Literal('lte'),
  Type.Literal('in'),
  Type.Literal('notIn'),
  Type.Literal('isNull'),
  Type.Literal('isNotNull'),
]);
export type FilterOperator = Static<typeof FilterOperator>;

/** A filter pushed down to the source system's query (e.g. customer class, order type). */
export const SourceFilter = Type.Object(
  {
    field: Type.String({ minLength: 1, maxLength: 128 }),
    op: FilterOperator,
    value: Type.Optional(Type.Union([JsonScalar, Type.Array(JsonScalar, { maxItems: 1000 })])),
  },
  strict,
);
export type SourceFilter = Static<typeof SourceFilter>;

export const IncrementalSpec = Type.Object(
  {
    field: Type.String({ minLength: 1, maxLength: 128, description: 'Modification timestamp field' }),
    overlapSeconds: Type.Integer({
      minimum: 0,
      maximum: 86_400,
      default: 0,
      description: 'Re-read this window before the watermark to cover clock skew and late commits',
    }),
    initialValue: Type.Optional(Type.String({ description: 'Watermark used for the first run' })),
  },
  strict,
);
export type IncrementalSpec = Static<typeof IncrementalSpec>;

export const TriggerConfig = Type.Object(
  {
    connection: ConnectionName,
    object: Type.String({ minLength: 1, maxLength: 128 }),
    idField: Type.String({
      minLength: 1,
      maxLength: 128,
      default: 'id',
      description: 'Source record id field',
    }),
    fields: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 500 })),
    filters: Type.Optional(Type.Array(SourceFilter, { maxItems: 50 })),
    schedule: Type.Optional(Schedule),
    realtime: Type.Optional(
      Type.Object({ events: Type.Array(RecordEventKind, { minItems: 1, uniqueItems: true }) }, strict),
    ),
    incremental: Type.Optional(IncrementalSpec),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  },
  strict,
);
export type TriggerConfig = Static<typeof TriggerConfig>;

// ---------------------------------------------------------------------------------------------
// qualify
// ---------------------------------------------------------------------------------------------

export const QualifyConfig = Type.Object(
  {
    expression: Expression,
    description: Type.Optional(Type.String({ maxLength: 500 })),
  },
  strict,
);
export type QualifyConfig = Static<typeof QualifyConfig>;

// ---------------------------------------------------------------------------------------------
// lookup
// ---------------------------------------------------------------------------------------------

/** One way of finding the related record: `field` in the system equals the value of `value`. */
export const LookupStrategy = Type.Object(
  { field: Type.String({ minLength: 1, maxLength: 128 }), value: Expression },
  strict,
);
export type LookupStrategy = Static<typeof LookupStrategy>;

export const ConnectorLookupSource = Type.Object(
  {
    kind: Type.Literal('connector'),
    connection: ConnectionName,
    object: Type.String({ minLength: 1, maxLength: 128 }),
    /** Tried in order; records not found by one strategy are tried with the next. */
    strategies: Type.Array(LookupStrategy, { minItems: 1, maxItems: 5 }),
    fields: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 128 }), { maxItems: 200 })),
  },
  strict,
);
export const LedgerLookupSource = Type.Object(
  {
    kind: Type.Literal('ledger'),
    /** Whose ledger: another flow's (e.g. the accounts flow), or this flow's when omitted. */
    flow: Type.Optional(FlowId),
    /** `<connection>/<object>` of that flow's target; any target of the flow when omitted. */
    target: Type.Optional(Type.String({ minLength: 1, maxLength: 260 })),
    sourceId: Expression,
  },
  strict,
);
export const LookupSource = Type.Union([ConnectorLookupSource, LedgerLookupSource]);
export type LookupSource = Static<typeof LookupSource>;

export const LookupConfig = Type.Object(
  {
    /** The found record is bound as `$<as>` for the expressions of downstream nodes. */
    as: Identifier,
    source: LookupSource,
    onMultiple: Type.Union([Type.Literal('first'), Type.Literal('error')], { default: 'error' }),
  },
  strict,
);
export type LookupConfig = Static<typeof LookupConfig>;

// ---------------------------------------------------------------------------------------------
// map
// ---------------------------------------------------------------------------------------------

/** Target field path; dots create nested objects (`Address.City`). */
const TargetPath = Type.String({
  pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$',
  maxLength: 256,
});

export const ExpressionMapping = Type.Object(
  { target: TargetPath, kind: Type.Literal('expression'), expression: Expression },
  strict,
);
export const StaticMapping = Type.Object(
  { target: TargetPath, kind: Type.Literal('static'), value: JsonScalar },
  strict,
);
export const ValueMapMapping = Type.Object(
  {
    target: TargetPath,
    kind: Type.Literal('valueMap'),
    expression: Expression,
    map: Identifier,
  },
  strict,
);
export const FieldMapping = Type.Union([ExpressionMapping, StaticMapping, ValueMapMapping]);
export type FieldMapping = Static<typeof FieldMapping>;

export const ValueMap = Type.Object(
  {
    entries: Type.Array(Type.Object({ from: JsonScalar, to: JsonScalar }, strict), { maxItems: 10_000 }),
    onMissing: Type.Union([Type.Literal('default'), Type.Literal('passThrough'), Type.Literal('error')], {
      default: 'error',
    }),
    default: Type.Optional(JsonScalar),
  },
  strict,
);
export type ValueMap = Static<typeof ValueMap>;

export const MapConfig = Type.Object(
  {
    fields: Type.Array(FieldMapping, { minItems: 1, maxItems: 1000 }),
    valueMaps: Type.Optional(
      Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' }), ValueMap),
    ),
  },
  strict,
);
export type MapConfig = Static<typeof MapConfig>;

// ---------------------------------------------------------------------------------------------
// upsert
// ---------------------------------------------------------------------------------------------

export const ExternalIdMatch = Type.Object(
  {
    kind: Type.Literal('externalId'),
    /** Target field that holds the source system's id; its value is read from the mapped record. */
    field: Type.String({ minLength: 1, maxLength: 128 }),
  },
  strict,
);
export const TargetIdMatch = Type.Object(
  {
    kind: Type.Literal('targetId'),
    /** Evaluates to the target record id (e.g. `$contact.Id`); update when present, create when not. */
    expression: Expression,
  },
  strict,
);
export const UpsertMatch = Type.Union([ExternalIdMatch, TargetIdMatch]);
export type UpsertMatch = Static<typeof UpsertMatch>;

export const WriteBack = Type.Object(
  {
    /** Source field that receives the target id. */
    field: Type.String({ minLength: 1, maxLength: 128 }),
    /** Defaults to the trigger's connection and object. */
    connection: Type.Optional(ConnectionName),
    object: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  },
  strict,
);
export type WriteBack = Static<typeof WriteBack>;

export const UpsertOperation = Type.Union([
  Type.Literal('create'),
  Type.Literal('update'),
  Type.Literal('upsert'),
]);
export type UpsertOperation = Static<typeof UpsertOperation>;

export const UpsertConfig = Type.Object(
  {
    connection: ConnectionName,
    object: Type.String({ minLength: 1, maxLength: 128 }),
    operation: UpsertOperation,
    match: Type.Optional(UpsertMatch),
    batchSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    writeBack: Type.Optional(WriteBack),
    /** Skip the write when the ledger holds the same hash for this record (and so break echo loops). */
    skipUnchanged: Type.Boolean({ default: true }),
  },
  strict,
);
export type UpsertConfig = Static<typeof UpsertConfig>;
