import type { Flow, LedgerEntry, RecordError, RunRecord, RunStatus, Watermark } from '@flowsync/contracts';

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

/** Thrown when a method that returns the changed entity is given an id that does not exist. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  readonly code = 'NOT_FOUND';
  readonly entity: string;
  readonly key: string;
  constructor(entity: string, key: string) {
    super(`${entity} ${key} does not exist`);
    this.entity = entity;
    this.key = key;
  }
}

/** Thrown when a create would break a uniqueness rule (a user's email, a run's id). */
export class DuplicateError extends Error {
  override readonly name = 'DuplicateError';
  readonly code = 'CONFLICT';
  readonly entity: string;
  readonly key: string;
  constructor(entity: string, key: string) {
    super(`${entity} ${key} already exists`);
    this.entity = entity;
    this.key = key;
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
  save(
    flow: Flow,
    meta: { author: string; message?: string; expectedVersion?: number },
  ): Promise<FlowVersion>;
  get(flowId: string, version?: number): Promise<FlowVersion | null>;
  list(): Promise<(FlowState & { name: string })[]>;
  /** Newest first. */
  versions(flowId: string): Promise<Omit<FlowVersion, 'flow'>[]>;
  state(flowId: string): Promise<FlowState | null>;
  /** @throws NotFoundError for an unknown flow. */
  setEnabled(flowId: string, enabled: boolean, by: string): Promise<FlowState>;
  /** Removes the flow and all its versions; false when it did not exist. */
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
  put(
    input: ConnectionInput,
    by: string,
    options?: { keepExistingSecrets?: boolean },
  ): Promise<ConnectionSummary>;
  get(name: string): Promise<(ConnectionSummary & { secrets: Record<string, string> }) | null>;
  list(): Promise<ConnectionSummary[]>;
  delete(name: string): Promise<boolean>;
}

export interface RunFilter {
  flowId?: string;
  /** Any of these; an empty array means any status. */
  status?: RunStatus[];
  /** Default 100. */
  limit?: number;
  /** Runs queued before this ISO time (for paging, newest first). */
  before?: string;
}

export interface RunRepository {
  /** @throws DuplicateError when the id exists. */
  create(run: RunRecord): Promise<void>;
  /** Shallow merge; a key given as `undefined` clears that field. @throws NotFoundError for an unknown run. */
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
  /** Default 100; count() ignores limit and offset. */
  limit?: number;
  offset?: number;
}

export interface RecordErrorRepository {
  /** One bulk write, never a round trip per record. Ids already stored are skipped (a retried page). */
  insertMany(errors: readonly RecordError[]): Promise<void>;
  get(id: string): Promise<RecordError | null>;
  list(filter: RecordErrorFilter): Promise<RecordError[]>;
  count(filter: RecordErrorFilter): Promise<number>;
  /** Resolves the given open errors; returns how many changed. */
  resolve(
    ids: readonly string[],
    resolution: 'succeeded' | 'retried' | 'manual',
    by: string,
  ): Promise<number>;
  /** A later success of the same record resolves its open errors in this flow (any node). */
  resolveForRecords(flowId: string, sourceIds: readonly string[], by: string): Promise<number>;
  /** Replaces the stored payload (an edited retry). @throws NotFoundError for an unknown id. */
  updatePayload(id: string, payload: RecordError['payload']): Promise<void>;
}

export interface LedgerHistoryEntry extends LedgerEntry {
  /** What happened: created in the target, updated, or skipped as unchanged. */
  action: 'created' | 'updated';
}

export interface LedgerRepository {
  /** `target` null: entries of any target of the flow (the most recently synced one per source id). */
  getMany(
    flowId: string,
    target: string | null,
    sourceIds: readonly string[],
  ): Promise<Map<string, LedgerEntry>>;
  /** Finds entries by the target id (reverse lookup, echo detection in two-way sync). */
  getByTargetIds(
    flowId: string,
    target: string,
    targetIds: readonly string[],
  ): Promise<Map<string, LedgerEntry>>;
  /** One bulk write: upserts the current entries and appends to the history. */
  upsertMany(entries: readonly LedgerHistoryEntry[]): Promise<void>;
  /**
   * Every entry and history row whose source or target id is `recordId`, across flows, newest first
   * (by syncedAt, then write order). Default limit 100.
   */
  history(recordId: string, limit?: number): Promise<LedgerHistoryEntry[]>;
  /**
   * Forgets what a flow synced (current entries; the history stays): after the target system was
   * reset, e.g. the sandbox. Returns how many entries were removed.
   */
  forgetFlow(flowId: string): Promise<number>;
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
  /** Emails are unique case-insensitively. @throws DuplicateError for a taken email. */
  create(user: Omit<UserRecord, 'id' | 'createdAt' | 'updatedAt'>): Promise<UserRecord>;
  /** Case-insensitive. */
  getByEmail(email: string): Promise<UserRecord | null>;
  get(id: string): Promise<UserRecord | null>;
  list(): Promise<UserRecord[]>;
  /** @throws NotFoundError for an unknown id. */
  update(
    id: string,
    patch: Partial<Pick<UserRecord, 'name' | 'role' | 'passwordHash' | 'disabled'>>,
  ): Promise<UserRecord>;
  count(): Promise<number>;
}

/**
 * A browser session. Only the SHA-256 of the session id is stored, so a copy of the database does not
 * yield usable cookies. The CSRF token is not a credential on its own and is kept as is.
 */
export interface SessionRecord {
  /** Hex SHA-256 of the session id carried by the cookie. */
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
}

export interface SessionRepository {
  /** @throws DuplicateError when the idHash exists. */
  create(session: SessionRecord): Promise<void>;
  /** The stored session, expired or not: the caller decides. */
  get(idHash: string): Promise<SessionRecord | null>;
  touch(idHash: string, lastSeenAt: string): Promise<void>;
  /** False when it did not exist. */
  delete(idHash: string): Promise<boolean>;
  /** Ends every session of the user (disabled, password changed), optionally but one; returns how many. */
  deleteForUser(userId: string, options?: { exceptIdHash?: string }): Promise<number>;
  /** Removes sessions whose expiresAt is at or before `now`; returns how many. */
  deleteExpired(now: string): Promise<number>;
}

/** An API token for automation. Only the SHA-256 of the token is stored; the value is shown once. */
export interface ApiTokenRecord {
  id: string;
  userId: string;
  name: string;
  /** Hex SHA-256 of the token. */
  tokenHash: string;
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

export interface ApiTokenRepository {
  /** @throws DuplicateError when the id or the hash exists. */
  create(token: ApiTokenRecord): Promise<ApiTokenRecord>;
  get(id: string): Promise<ApiTokenRecord | null>;
  /** Revoked tokens too: the caller checks `revokedAt`. */
  getByHash(tokenHash: string): Promise<ApiTokenRecord | null>;
  /** Newest first, revoked ones included. */
  listForUser(userId: string): Promise<ApiTokenRecord[]>;
  /** Every user's tokens, newest first, revoked ones included. */
  list(): Promise<ApiTokenRecord[]>;
  /** Marks the token revoked (the first revocation time is kept); null for an unknown id. */
  revoke(id: string, at: string): Promise<ApiTokenRecord | null>;
  touch(id: string, lastUsedAt: string): Promise<void>;
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
  /** Newest first; default limit 100. */
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
  /** Persisted before the listener answers 2xx. A redelivered id returns the stored event unchanged. */
  put(event: Omit<WebhookEvent, 'status'>): Promise<WebhookEvent>;
  /** Atomically marks up to `limit` pending events of a flow, oldest first, as processing and returns them. */
  claim(flowId: string, limit: number): Promise<WebhookEvent[]>;
  complete(
    ids: readonly string[],
    outcome: { status: 'processed' | 'failed'; runId?: string; error?: string },
  ): Promise<void>;
  /** Returns processing events of crashed runs to pending (start-up recovery). */
  requeueProcessing(): Promise<number>;
  pendingFlows(): Promise<string[]>;
  /** One event with its outcome (status, run, error), for the delivery log and tests. */
  get(id: string): Promise<WebhookEvent | null>;
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
  readonly sessions: SessionRepository;
  readonly apiTokens: ApiTokenRepository;
  readonly webhookInbox: WebhookInboxRepository;
  close(): Promise<void>;
}
