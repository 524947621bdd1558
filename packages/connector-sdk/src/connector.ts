import type { RecordEventKind, SourceFilter, UpsertOperation } from '@flowsync/contracts';
import type { ConnectorError } from './connector-error.ts';

/** A record as a business system returns it: field name to value. */
export type SourceRecord = Record<string, unknown>;

export interface FieldDescription {
  name: string;
  label: string;
  type:
    | 'string'
    | 'number'
    | 'boolean'
    | 'date'
    | 'datetime'
    | 'id'
    | 'reference'
    | 'picklist'
    | 'object'
    | 'other';
  required?: boolean;
  /** The field can serve as an upsert key (Salesforce external id, NetSuite externalId). */
  externalId?: boolean;
  readOnly?: boolean;
  referenceTo?: string[];
  picklistValues?: string[];
}

export interface ObjectDescription {
  name: string;
  label: string;
  idField: string;
  /** Field that holds the last-modified time, usable as an incremental watermark. */
  modifiedField?: string;
  fields: FieldDescription[];
}

export interface ReadRequest {
  object: string;
  fields?: readonly string[];
  filters?: readonly SourceFilter[];
  /**
   * Incremental read: records whose `field` is at or after `since` and at or before `until` (both
   * inclusive, either may be absent), ordered by `field` ascending. The engine sets `until` to the time
   * the read begins, so that records changed while it runs — its own write-backs among them — are left
   * to the next read (which starts at the committed watermark, before them) instead of coming round
   * again behind a keyset read's position. A system that stamps to the second may round either bound.
   */
  incremental?: { field: string; since?: string; until?: string };
  /** Read just these records (realtime events, "sync selected records"). */
  ids?: readonly string[];
  idField?: string;
  pageSize: number;
  /** Resume a read from a cursor returned with an earlier page. */
  cursor?: string;
  signal?: AbortSignal;
}

export interface ReadPage {
  records: SourceRecord[];
  /** Opaque position to resume after this page; absent on the last page. */
  cursor?: string;
  /** Highest value of the incremental field in this page, when the connector knows it. */
  watermark?: string;
}

export interface LookupRequest {
  object: string;
  /** Field compared with each value (an exact, case-sensitive match unless the system differs). */
  field: string;
  values: readonly string[];
  fields?: readonly string[];
  signal?: AbortSignal;
}

export interface UpsertItem {
  /** Caller's reference, echoed in the result (the engine uses the source record id). */
  ref: string;
  /** Target record id, for update (and for upsert when already known). */
  id?: string;
  /** Upsert by an external id field of the target. */
  externalId?: { field: string; value: string };
  fields: Record<string, unknown>;
}

export interface UpsertBatchRequest {
  object: string;
  operation: UpsertOperation;
  items: readonly UpsertItem[];
  signal?: AbortSignal;
}

export type UpsertResult =
  { ref: string; ok: true; id: string; created: boolean } | { ref: string; ok: false; error: ConnectorError };

export interface UpdateRequest {
  object: string;
  id: string;
  fields: Record<string, unknown>;
  signal?: AbortSignal;
}

export interface WebhookRequest {
  headers: Record<string, string | string[] | undefined>;
  /** The raw body exactly as received: signatures are computed over bytes, not parsed JSON. */
  rawBody: Buffer;
  url: string;
}

export interface RecordEvent {
  /** Stable id of the event, for de-duplication of redeliveries. */
  eventId: string;
  kind: RecordEventKind;
  object: string;
  recordId: string;
  /** The record, when the event carries it; otherwise the engine reads it by id. */
  record?: SourceRecord;
  occurredAt?: string;
}

export interface ConnectionTestResult {
  ok: true;
  /** Human-readable detail, e.g. the user and organisation the credentials belong to. */
  detail: string;
}

/**
 * What every connector implements. Methods throw {@link ConnectorError} for failures of the whole
 * call; per-record failures of a batch come back in {@link UpsertResult}.
 *
 * @example
 * ```ts
 * for await (const page of connector.read({ object: 'contact', pageSize: 200 })) {
 *   console.log(page.records.length, page.cursor);
 * }
 * ```
 */
export interface Connector {
  /** Connector kind, e.g. `salesforce`. */
  readonly kind: string;
  testConnection(signal?: AbortSignal): Promise<ConnectionTestResult>;
  listObjects(signal?: AbortSignal): Promise<Pick<ObjectDescription, 'name' | 'label'>[]>;
  describeObject(object: string, signal?: AbortSignal): Promise<ObjectDescription>;
  read(request: ReadRequest): AsyncIterable<ReadPage>;
  /** Finds records whose `field` equals any of `values`, in as few calls as the system allows. */
  lookup(request: LookupRequest): Promise<Map<string, SourceRecord[]>>;
  upsertBatch(request: UpsertBatchRequest): Promise<UpsertResult[]>;
  /** Updates one record: write-back of a target id to the source. */
  update(request: UpdateRequest): Promise<void>;
  /** Verifies a webhook delivery and parses it into record events; throws WEBHOOK_SIGNATURE_INVALID. */
  parseWebhook?(request: WebhookRequest): RecordEvent[];
  /** Largest batch the system accepts in one upsert call. */
  readonly maxBatchSize: number;
}
