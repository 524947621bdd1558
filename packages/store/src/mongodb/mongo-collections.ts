import type { Flow, LedgerEntry, RecordError, RunRecord, Watermark } from '@flowsync/contracts';
import { MongoServerError, type Collection, type Db, type IndexDescription } from 'mongodb';
import type {
  ApiTokenRecord,
  AuditEntry,
  LedgerHistoryEntry,
  SessionRecord,
  UserRecord,
  WebhookEvent,
} from '../store.port.ts';

/*
 * Document shapes. Times are ISO strings, as in SQLite, so both adapters return identical values.
 * Values whose keys come from users or vendor systems (record payloads, webhook events, audit detail,
 * connection config) are stored as JSON text: such keys may start with `$` or contain dots, which
 * MongoDB field names handle badly, and nothing queries inside them.
 */

export interface FlowVersionBody {
  flow: Flow;
  author: string;
  message?: string;
  createdAt: string;
}

/** The flow's state plus a copy of its current version, so one conditional update decides a save. */
export interface FlowStateDoc {
  flowId: string;
  name: string;
  enabled: boolean;
  currentVersion: number;
  updatedAt: string;
  updatedBy: string;
  current: FlowVersionBody;
}

export interface FlowVersionDoc extends FlowVersionBody {
  flowId: string;
  version: number;
}

export interface ConnectionDoc {
  name: string;
  kind: string;
  config: string;
  /** `{ secretName: envelope }`, ciphertext only. */
  secrets: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

export type RunDoc = RunRecord;

export interface RecordErrorDoc extends Omit<RecordError, 'payload'> {
  payload: string;
}

export type LedgerDoc = LedgerEntry;
export type LedgerHistoryDoc = LedgerHistoryEntry;
export type WatermarkDoc = Watermark;

export interface UserDoc extends UserRecord {
  emailKey: string;
}

export interface AuditDoc extends Omit<AuditEntry, 'detail'> {
  detail?: string;
}

export type SessionDoc = SessionRecord;
export type ApiTokenDoc = ApiTokenRecord;

export interface WebhookDoc extends Omit<WebhookEvent, 'events'> {
  events: string;
  claimedAt?: string;
  claimToken?: string;
}

export interface MongoCollections {
  flowStates: Collection<FlowStateDoc>;
  flowVersions: Collection<FlowVersionDoc>;
  connections: Collection<ConnectionDoc>;
  runs: Collection<RunDoc>;
  errors: Collection<RecordErrorDoc>;
  ledger: Collection<LedgerDoc>;
  ledgerHistory: Collection<LedgerHistoryDoc>;
  watermarks: Collection<WatermarkDoc>;
  users: Collection<UserDoc>;
  audit: Collection<AuditDoc>;
  sessions: Collection<SessionDoc>;
  apiTokens: Collection<ApiTokenDoc>;
  webhookInbox: Collection<WebhookDoc>;
}

export function mongoCollections(db: Db): MongoCollections {
  return {
    flowStates: db.collection<FlowStateDoc>('flow_states'),
    flowVersions: db.collection<FlowVersionDoc>('flow_versions'),
    connections: db.collection<ConnectionDoc>('connections'),
    runs: db.collection<RunDoc>('runs'),
    errors: db.collection<RecordErrorDoc>('record_errors'),
    ledger: db.collection<LedgerDoc>('ledger'),
    ledgerHistory: db.collection<LedgerHistoryDoc>('ledger_history'),
    watermarks: db.collection<WatermarkDoc>('watermarks'),
    users: db.collection<UserDoc>('users'),
    audit: db.collection<AuditDoc>('audit'),
    sessions: db.collection<SessionDoc>('sessions'),
    apiTokens: db.collection<ApiTokenDoc>('api_tokens'),
    webhookInbox: db.collection<WebhookDoc>('webhook_inbox'),
  };
}

/** The same logical indexes as the SQLite schema; unique where SQLite has a primary key or UNIQUE. */
export const MONGO_INDEXES: Record<keyof MongoCollections, IndexDescription[]> = {
  flowStates: [{ key: { flowId: 1 }, name: 'flow_id', unique: true }],
  flowVersions: [{ key: { flowId: 1, version: -1 }, name: 'flow_version', unique: true }],
  connections: [{ key: { name: 1 }, name: 'name', unique: true }],
  runs: [
    { key: { id: 1 }, name: 'id', unique: true },
    { key: { flowId: 1, queuedAt: -1 }, name: 'by_flow' },
    { key: { status: 1, queuedAt: -1 }, name: 'by_status' },
    { key: { queuedAt: -1 }, name: 'by_queued' },
  ],
  errors: [
    { key: { id: 1 }, name: 'id', unique: true },
    { key: { flowId: 1, status: 1, createdAt: -1 }, name: 'by_flow' },
    { key: { flowId: 1, nodeId: 1, status: 1, createdAt: -1 }, name: 'by_node' },
    { key: { flowId: 1, code: 1, status: 1, createdAt: -1 }, name: 'by_code' },
    { key: { flowId: 1, sourceId: 1, status: 1 }, name: 'by_flow_source' },
    { key: { sourceId: 1 }, name: 'by_source' },
    { key: { runId: 1 }, name: 'by_run' },
    { key: { status: 1, createdAt: -1 }, name: 'by_status' },
  ],
  ledger: [
    { key: { flowId: 1, target: 1, sourceId: 1 }, name: 'by_source', unique: true },
    { key: { flowId: 1, target: 1, targetId: 1 }, name: 'by_target_id' },
    { key: { flowId: 1, sourceId: 1 }, name: 'by_flow_source' },
  ],
  ledgerHistory: [
    { key: { sourceId: 1, syncedAt: -1 }, name: 'by_source' },
    { key: { targetId: 1, syncedAt: -1 }, name: 'by_target' },
  ],
  watermarks: [{ key: { flowId: 1, nodeId: 1 }, name: 'flow_node', unique: true }],
  users: [
    { key: { id: 1 }, name: 'id', unique: true },
    { key: { emailKey: 1 }, name: 'email', unique: true },
  ],
  audit: [
    { key: { id: 1 }, name: 'id', unique: true },
    { key: { subject: 1, at: -1 }, name: 'by_subject' },
    { key: { actor: 1, at: -1 }, name: 'by_actor' },
    { key: { at: -1 }, name: 'by_at' },
  ],
  sessions: [
    { key: { idHash: 1 }, name: 'id_hash', unique: true },
    { key: { userId: 1 }, name: 'by_user' },
    { key: { expiresAt: 1 }, name: 'by_expiry' },
  ],
  apiTokens: [
    { key: { id: 1 }, name: 'id', unique: true },
    { key: { tokenHash: 1 }, name: 'token_hash', unique: true },
    { key: { userId: 1, createdAt: -1 }, name: 'by_user' },
    { key: { createdAt: -1 }, name: 'by_created' },
  ],
  webhookInbox: [
    { key: { id: 1 }, name: 'id', unique: true },
    { key: { flowId: 1, status: 1, receivedAt: 1 }, name: 'by_flow' },
    { key: { status: 1, flowId: 1 }, name: 'by_status' },
  ],
};

export async function ensureIndexes(collections: MongoCollections): Promise<void> {
  const names = Object.keys(MONGO_INDEXES) as (keyof MongoCollections)[];
  await Promise.all(names.map((name) => collections[name].createIndexes(MONGO_INDEXES[name])));
}

const DUPLICATE_KEY = 11000;

export function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}

/** Removes `_id` (and nothing else); reads also project it away, this keeps the types honest. */
export function withoutId<T extends object>(doc: T & { _id?: unknown }): T {
  const copy: T & { _id?: unknown } = { ...doc };
  delete copy._id;
  return copy;
}

/** Largest `$in` list per query; keeps each command far below the 16 MB BSON limit. */
export const MAX_IN_LIST = 5000;
