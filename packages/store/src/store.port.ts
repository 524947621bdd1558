import type {
  Flow,
  LedgerEntry,
  RecordError,
  RunRecord,
  RunStatus,
  Watermark,
} from '@flowsync/contracts';

/** Thrown for a save whose expectedVersion is not the current one (optimistic concurrency). */
export class VersionConflictError extends Error {
  override readonly name = 'VersionConflictError';
  readonly flowId: string;
  readonly expectedVersion: number;
  readonly currentVersion: number;
  constructor(flowId: string, expectedVersion: number, currentVersion: number) {
    super(`flow ${flowId} is at version ${currentVersion}, not ${expectedVersion}`);
    this.flowId = flowId;
    this.expectedVersion = expectedVersion;
    this.currentVersion = currentVersion;
  }
}

export interface FlowVersion {
  flowId: string;
  version: number;
  flow: Flow;
  author: string;
  message?: string;
  createdAt: string;
}

export interface FlowState {
  flowId: string;
  enabled: boolean;
  currentVersion: number;
  updatedAt: string;
  updatedBy: string;
}

export interface FlowRepository {
  /** Saves a new version. With `expectedVersion`, fails with VersionConflictError when it is stale (0 = must not exist). */
  save(flow: Flow, meta: { author: string; message?: string; expectedVersion?: number }): Promise<FlowVersion>;
  get(flowId: string, version?: number): Promise<FlowVersion | null>;
  list(): Promise<(FlowState & { name: string })[]>;
  versions(flowId: string): Promise<Omit<FlowVersion, 'flow'>[]>;
  state(flowId: string): Promise<FlowState | null>;
  setEnabled(flowId: string, enabled: boolean, by: string): Promise<FlowState>;
  delete(flowId: string): Promise<boolean>;
}

export interface ConnectionInput {
  name: string;
  /** Connector kind: salesforce, netsuite, ... */
  kind: string;
  /** Non-secret settings (URLs, account id, client id). */
  config: Record<string, unknown>;
  /** Secret settings; encrypted at rest (AES-256-GCM), never returned by list(). */
  secrets: Record<string, string>;
}

export interface ConnectionSummary {
  name: string;
  kind: string;
  config: Record<string, unknown>;
  /** Names of the secrets that are set, never their values. */
  secretKeys: string[];
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

export interface ConnectionRepository {
  /** Creates or replaces. Secrets omitted from `secrets` keep their stored value when `keepExistingSecrets`. */
  put(input: ConnectionInput, by: string, options?: { keepExistingSecrets?: boolean }): Promise<ConnectionSummary>;
  get(name: string): Promise<(ConnectionSummary & { secrets: Record<string, string> }) | null>;
  list(): Promise<ConnectionSummary[]>;
  delete(name: string): Promise<boolean>;
}

export interface RunFilter {
  flowId?: string;
  status?: RunStatus[];
  limit?: number;
  /** Runs queued before this ISO time (for paging, newest first). */
  before?: string;
}

export interface RunRepository {
  create(run: RunRecord): Promise<void>;
  update(runId: string, patch: Partial<Omit<RunRecord, 'id' | 'flowId'>>): Promise<void>;
  get(runId: string): Promise<RunRecord | null>;
  list(filter: RunFilter): Promise<RunRecord[]>;
}

export interface RecordErrorFilter {
  flowId?: string;
  nodeId?: string;
  code?: string;
  status?: 'open' | 'resolved';
  runId?: string;
  sourceId?: string;
  limit?: number;
  offset?: number;
}

export interface RecordErrorRepository {
  /** One bulk write, never a round trip per record. */
  insertMany(errors: readonly RecordError[]): Promise<void>;
  get(id: string): Promise<RecordError | null>;
  list(filter: RecordErrorFilter): Promise<RecordError[]>;
  count(filter: RecordErrorFilter): Promise<number>;
  /** Resolves the given open errors; returns how many changed. */
  resolve(ids: readonly string[], resolution: 'succeeded' | 'retried' | 'manual', by: string): Promise<number>;
  /** A later success of the same record resolves its open errors in this flow (any node). */
  resolveForRecords(flowId: string, sourceIds: readonly string[], by: string): Promise<number>;
  /** Replaces the stored payload (an edited retry). */
  updatePayload(id: string, payload: RecordError['payload']): Promise<void>;
}

export interface LedgerHistoryEntry extends LedgerEntry {
  /** What happened: created in the target, updated, or skipped as unchanged. */
  action: 'created' | 'updated';
}

export interface LedgerRepository {
  getMany(flowId: string, target: string, sourceIds: readonly string[]): Promise<Map<string, LedgerEntry>>;
  /** Finds entries by the target id (reverse lookup, echo detection in two-way sync). */
  getByTargetIds(flowId: string, target: string, targetIds: readonly string[]): Promise<Map<string, LedgerEntry>>;
  /** One bulk write: upserts the current entries and appends to the history. */
  upsertMany(entries: readonly LedgerHistoryEntry[]): Promise<void>;
  /** Every entry and history row whose source or target id is `recordId`, across flows, newest first. */
  history(recordId: string, limit?: number): Promise<LedgerHistoryEntry[]>;
}

export interface WatermarkRepository {
  get(flowId: string, nodeId: string): Promise<Watermark | null>;
  set(watermark: Watermark): Promise<void>;
  clear(flowId: string): Promise<void>;
}

export type Role = 'admin' | 'integrator' | 'analyst' | 'viewer';

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface UserRepository {
  create(user: Omit<UserRecord, 'id' | 'createdAt' | 'updatedAt'>): Promise<UserRecord>;
  getByEmail(email: string): Promise<UserRecord | null>;
  get(id: string): Promise<UserRecord | null>;
  list(): Promise<UserRecord[]>;
  update(id: string, patch: Partial<Pick<UserRecord, 'name' | 'role' | 'passwordHash' | 'disabled'>>): Promise<UserRecord>;
  count(): Promise<number>;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  /** e.g. `flow:netsuite-contacts-to-salesforce`, `connection:sf-sandbox`, `user:…` */
  subject: string;
  detail?: Record<string, unknown>;
}

export interface AuditRepository {
  append(entry: Omit<AuditEntry, 'id' | 'at'> & { at?: string }): Promise<AuditEntry>;
  list(filter: { subject?: string; actor?: string; limit?: number }): Promise<AuditEntry[]>;
}

export interface WebhookEvent {
  id: string;
  flowId: string;
  receivedAt: string;
  /** The verified, parsed record events of one delivery. */
  events: unknown[];
  status: 'pending' | 'processing' | 'processed' | 'failed';
  runId?: string;
  error?: string;
}

export interface WebhookInboxRepository {
  /** Persisted before the listener answers 2xx. */
  put(event: Omit<WebhookEvent, 'status'>): Promise<WebhookEvent>;
  /** Atomically marks up to `limit` pending events of a flow as processing and returns them. */
  claim(flowId: string, limit: number): Promise<WebhookEvent[]>;
  complete(ids: readonly string[], outcome: { status: 'processed' | 'failed'; runId?: string; error?: string }): Promise<void>;
  /** Returns processing events of crashed runs to pending (start-up recovery). */
  requeueProcessing(): Promise<number>;
  pendingFlows(): Promise<string[]>;
}

/**
 * The persistence port. Both adapters (embedded SQLite, MongoDB) implement it and pass the same
 * contract test suite.
 */
export interface Store {
  readonly flows: FlowRepository;
  readonly connections: ConnectionRepository;
  readonly runs: RunRepository;
  readonly errors: RecordErrorRepository;
  readonly ledger: LedgerRepository;
  readonly watermarks: WatermarkRepository;
  readonly users: UserRepository;
  readonly audit: AuditRepository;
  readonly webhookInbox: WebhookInboxRepository;
  close(): Promise<void>;
}
