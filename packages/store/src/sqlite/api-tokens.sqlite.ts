import { DuplicateError, type ApiTokenRecord, type ApiTokenRepository } from '../store.port.ts';
import { compact } from '../store-support.ts';
import { isUniqueViolation, optionalText, text, type Row, type SqliteDatabase } from './sqlite-database.ts';

function toToken(row: Row): ApiTokenRecord {
  return compact({
    id: text(row, 'id'),
    userId: text(row, 'user_id'),
    name: text(row, 'name'),
    tokenHash: text(row, 'token_hash'),
    createdAt: text(row, 'created_at'),
    lastUsedAt: optionalText(row, 'last_used_at'),
    revokedAt: optionalText(row, 'revoked_at'),
  });
}

export function createSqliteApiTokenRepository(db: SqliteDatabase): ApiTokenRepository {
  return {
    async create(token) {
      try {
        db.statement(
          `INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, last_used_at, revoked_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          token.id,
          token.userId,
          token.name,
          token.tokenHash,
          token.createdAt,
          token.lastUsedAt ?? null,
          token.revokedAt ?? null,
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateError('API token', token.id);
        throw error;
      }
      return compact({ ...token });
    },

    async get(id) {
      const row = db.statement('SELECT * FROM api_tokens WHERE id = ?').get(id);
      return row === undefined ? null : toToken(row);
    },

    async getByHash(tokenHash) {
      const row = db.statement('SELECT * FROM api_tokens WHERE token_hash = ?').get(tokenHash);
      return row === undefined ? null : toToken(row);
    },

    async listForUser(userId) {
      return db
        .statement('SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id DESC')
        .all(userId)
        .map(toToken);
    },

    async list() {
      return db.statement('SELECT * FROM api_tokens ORDER BY created_at DESC, id DESC').all().map(toToken);
    },

    async revoke(id, at) {
      const row = db
        .statement('UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? RETURNING *')
        .get(at, id);
      return row === undefined ? null : toToken(row);
    },

    async touch(id, lastUsedAt) {
      db.statement('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(lastUsedAt, id);
    },
  };
}
