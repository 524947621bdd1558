import type { ConnectionRepository, ConnectionSummary } from '../store.port.ts';
import { nowIso, openSecrets, sealSecrets } from '../store-support.ts';
import { changes, json, text, type Row, type SqliteDatabase } from './sqlite-database.ts';

function toSummary(row: Row): ConnectionSummary {
  return {
    name: text(row, 'name'),
    kind: text(row, 'kind'),
    config: json<Record<string, unknown>>(row, 'config'),
    secretKeys: Object.keys(json<Record<string, string>>(row, 'secrets')).sort(),
    createdAt: text(row, 'created_at'),
    updatedAt: text(row, 'updated_at'),
    updatedBy: text(row, 'updated_by'),
  };
}

/** Secrets are stored as `{ name: envelope }`; only ciphertext reaches the file. */
export function createSqliteConnectionRepository(
  db: SqliteDatabase,
  secretKey: Buffer,
): ConnectionRepository {
  return {
    async put(input, by, options) {
      const sealed = sealSecrets(input.name, input.secrets, secretKey);
      const config = JSON.stringify(input.config);
      return db.transaction(() => {
        let secrets = sealed;
        if (options?.keepExistingSecrets === true) {
          const existing = db.statement('SELECT secrets FROM connections WHERE name = ?').get(input.name);
          if (existing !== undefined)
            secrets = { ...json<Record<string, string>>(existing, 'secrets'), ...sealed };
        }
        const at = nowIso();
        const row = db
          .statement(
            `INSERT INTO connections (name, kind, config, secrets, created_at, updated_at, updated_by)
             VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, config = excluded.config,
               secrets = excluded.secrets, updated_at = excluded.updated_at, updated_by = excluded.updated_by
             RETURNING *`,
          )
          .get(input.name, input.kind, config, JSON.stringify(secrets), at, at, by);
        if (row === undefined) throw new Error(`connection ${input.name} was not written`);
        return toSummary(row);
      });
    },

    async get(name) {
      const row = db.statement('SELECT * FROM connections WHERE name = ?').get(name);
      if (row === undefined) return null;
      return {
        ...toSummary(row),
        secrets: openSecrets(name, json<Record<string, string>>(row, 'secrets'), secretKey),
      };
    },

    async list() {
      return db.statement('SELECT * FROM connections ORDER BY name').all().map(toSummary);
    },

    async delete(name) {
      return changes(db.statement('DELETE FROM connections WHERE name = ?').run(name)) > 0;
    },
  };
}
