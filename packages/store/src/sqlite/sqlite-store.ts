import { DatabaseSync } from 'node:sqlite';
import type { Store } from '../store.port.ts';
import { SECRET_KEY_BYTES } from '../secret-box.ts';
import { createSqliteApiTokenRepository } from './api-tokens.sqlite.ts';
import { createSqliteAuditRepository } from './audit.sqlite.ts';
import { createSqliteConnectionRepository } from './connections.sqlite.ts';
import { createSqliteRecordErrorRepository } from './errors.sqlite.ts';
import { createSqliteFlowRepository } from './flows.sqlite.ts';
import { createSqliteLedgerRepository } from './ledger.sqlite.ts';
import { createSqliteRunRepository } from './runs.sqlite.ts';
import { createSqliteSessionRepository } from './sessions.sqlite.ts';
import { SqliteDatabase } from './sqlite-database.ts';
import { migrate } from './sqlite-migrations.ts';
import { createSqliteUserRepository } from './users.sqlite.ts';
import { createSqliteWatermarkRepository } from './watermarks.sqlite.ts';
import { createSqliteWebhookInboxRepository } from './webhook-inbox.sqlite.ts';

export interface SqliteStoreOptions {
  /** Database file (created when missing), or `':memory:'`. */
  path: string;
  /** 32-byte key that encrypts connection secrets (see resolveSecretKey). */
  secretKey: Buffer;
  /** How long a write waits for another process's lock before failing, in ms. Default 5000. */
  busyTimeoutMs?: number;
}

/**
 * Opens (and migrates) the embedded SQLite store: the zero-setup default for one process.
 *
 * @example
 * const store = await openSqliteStore({ path: 'data/flowsync.db', secretKey });
 * await store.flows.save(flow, { author: 'ada@example.com', expectedVersion: 0 });
 * await store.close();
 */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  if (options.secretKey.length !== SECRET_KEY_BYTES) {
    throw new RangeError(`secretKey must be ${SECRET_KEY_BYTES} bytes, got ${options.secretKey.length}`);
  }
  const raw = new DatabaseSync(options.path, {
    enableForeignKeyConstraints: true,
    timeout: options.busyTimeoutMs ?? 5000,
  });
  const db = new SqliteDatabase(raw);
  try {
    // WAL lets readers proceed while a run writes; NORMAL sync is durable across process crashes in WAL.
    raw.exec('PRAGMA journal_mode = WAL');
    raw.exec('PRAGMA synchronous = NORMAL');
    raw.exec('PRAGMA foreign_keys = ON');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return {
    flows: createSqliteFlowRepository(db),
    connections: createSqliteConnectionRepository(db, options.secretKey),
    runs: createSqliteRunRepository(db),
    errors: createSqliteRecordErrorRepository(db),
    ledger: createSqliteLedgerRepository(db),
    watermarks: createSqliteWatermarkRepository(db),
    users: createSqliteUserRepository(db),
    audit: createSqliteAuditRepository(db),
    sessions: createSqliteSessionRepository(db),
    apiTokens: createSqliteApiTokenRepository(db),
    webhookInbox: createSqliteWebhookInboxRepository(db),
    async close() {
      db.close();
    },
  };
}
