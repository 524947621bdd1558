import { nowIso } from '../store-support.ts';
import { integer, type SqliteDatabase } from './sqlite-database.ts';

export interface SqliteMigration {
  version: number;
  description: string;
  sql: string;
}

/**
 * Forward-only schema migrations, applied in order at open. Never edit a released migration; append a
 * new one. JSON values are TEXT; times are ISO-8601 TEXT, which sorts chronologically.
 */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    description: 'initial schema',
    sql: `
      CREATE TABLE flow_state (
        flow_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 0,
        current_version INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      ) STRICT;

      CREATE TABLE flow_versions (
        flow_id TEXT NOT NULL REFERENCES flow_state (flow_id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        document TEXT NOT NULL,
        author TEXT NOT NULL,
        message TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (flow_id, version)
      ) STRICT;

      CREATE TABLE connections (
        name TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        config TEXT NOT NULL,
        secrets TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      ) STRICT;

      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        flow_id TEXT NOT NULL,
        flow_version INTEGER NOT NULL,
        trigger TEXT NOT NULL,
        status TEXT NOT NULL,
        queued_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        totals TEXT NOT NULL,
        nodes TEXT NOT NULL,
        message TEXT,
        requested_by TEXT
      ) STRICT;
      CREATE INDEX runs_by_flow ON runs (flow_id, queued_at, id);
      CREATE INDEX runs_by_status ON runs (status, queued_at, id);
      CREATE INDEX runs_by_queued ON runs (queued_at, id);

      CREATE TABLE record_errors (
        id TEXT PRIMARY KEY,
        flow_id TEXT NOT NULL,
        flow_version INTEGER NOT NULL,
        run_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        source_id TEXT NOT NULL,
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        retryable INTEGER NOT NULL,
        attempt INTEGER NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL,
        resolution TEXT,
        resolved_at TEXT,
        resolved_by TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX record_errors_by_flow ON record_errors (flow_id, created_at, id);
      CREATE INDEX record_errors_by_flow_status ON record_errors (flow_id, status, created_at, id);
      CREATE INDEX record_errors_by_node ON record_errors (flow_id, node_id, status, created_at, id);
      CREATE INDEX record_errors_by_code ON record_errors (flow_id, code, status, created_at, id);
      CREATE INDEX record_errors_by_flow_source ON record_errors (flow_id, source_id, status);
      CREATE INDEX record_errors_by_source ON record_errors (source_id, created_at);
      CREATE INDEX record_errors_by_run ON record_errors (run_id, created_at);
      CREATE INDEX record_errors_by_status ON record_errors (status, created_at, id);

      CREATE TABLE ledger (
        flow_id TEXT NOT NULL,
        target TEXT NOT NULL,
        source_id TEXT NOT NULL,
        target_id TEXT NOT NULL,
        hash TEXT NOT NULL,
        run_id TEXT NOT NULL,
        synced_at TEXT NOT NULL,
        PRIMARY KEY (flow_id, target, source_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX ledger_by_target_id ON ledger (flow_id, target, target_id);
      CREATE INDEX ledger_by_source ON ledger (flow_id, source_id);

      CREATE TABLE ledger_history (
        seq INTEGER PRIMARY KEY,
        flow_id TEXT NOT NULL,
        target TEXT NOT NULL,
        source_id TEXT NOT NULL,
        target_id TEXT NOT NULL,
        hash TEXT NOT NULL,
        run_id TEXT NOT NULL,
        synced_at TEXT NOT NULL,
        action TEXT NOT NULL
      ) STRICT;
      CREATE INDEX ledger_history_by_source ON ledger_history (source_id, synced_at);
      CREATE INDEX ledger_history_by_target ON ledger_history (target_id, synced_at);

      CREATE TABLE watermarks (
        flow_id TEXT NOT NULL,
        node_id TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        run_id TEXT,
        PRIMARY KEY (flow_id, node_id)
      ) STRICT;

      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL,
        email_key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE audit (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        detail TEXT
      ) STRICT;
      CREATE INDEX audit_by_subject ON audit (subject, at, id);
      CREATE INDEX audit_by_actor ON audit (actor, at, id);
      CREATE INDEX audit_by_at ON audit (at, id);

      CREATE TABLE webhook_inbox (
        id TEXT PRIMARY KEY,
        flow_id TEXT NOT NULL,
        received_at TEXT NOT NULL,
        events TEXT NOT NULL,
        status TEXT NOT NULL,
        run_id TEXT,
        error TEXT,
        claimed_at TEXT
      ) STRICT;
      CREATE INDEX webhook_inbox_by_flow ON webhook_inbox (flow_id, status, received_at, id);
      CREATE INDEX webhook_inbox_by_status ON webhook_inbox (status, flow_id);
    `,
  },
  {
    version: 2,
    description: 'sessions and API tokens (hashes only)',
    sql: `
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        csrf_token TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX sessions_by_user ON sessions (user_id);
      CREATE INDEX sessions_by_expiry ON sessions (expires_at);

      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at TEXT
      ) STRICT;
      CREATE INDEX api_tokens_by_user ON api_tokens (user_id, created_at, id);
      CREATE INDEX api_tokens_by_created ON api_tokens (created_at, id);
    `,
  },
  {
    version: 3,
    description: 'runs keep their first rejected records (run detail)',
    sql: `ALTER TABLE runs ADD COLUMN rejections TEXT;`,
  },
];

/**
 * Brings the database to the latest schema version. Refuses a database written by a newer flowsync,
 * whose schema this build does not know.
 */
export function migrate(
  db: SqliteDatabase,
  migrations: readonly SqliteMigration[] = SQLITE_MIGRATIONS,
): number {
  db.raw.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const latest = migrations.reduce((max, migration) => Math.max(max, migration.version), 0);
  return db.transaction(() => {
    const row = db.raw.prepare('SELECT coalesce(max(version), 0) AS version FROM schema_version').get();
    const current = row === undefined ? 0 : integer(row, 'version');
    if (current > latest) {
      throw new Error(
        `the database is at schema version ${current}, newer than this flowsync knows (${latest}); upgrade flowsync`,
      );
    }
    const pending = migrations.filter((migration) => migration.version > current);
    pending.sort((a, b) => a.version - b.version);
    for (const migration of pending) {
      db.raw.exec(migration.sql);
      db.raw
        .prepare('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)')
        .run(migration.version, migration.description, nowIso());
    }
    return latest;
  });
}
