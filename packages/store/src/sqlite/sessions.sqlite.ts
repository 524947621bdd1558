import { DuplicateError, type SessionRecord, type SessionRepository } from '../store.port.ts';
import { changes, isUniqueViolation, text, type Row, type SqliteDatabase } from './sqlite-database.ts';

function toSession(row: Row): SessionRecord {
  return {
    idHash: text(row, 'id_hash'),
    userId: text(row, 'user_id'),
    csrfToken: text(row, 'csrf_token'),
    createdAt: text(row, 'created_at'),
    expiresAt: text(row, 'expires_at'),
    lastSeenAt: text(row, 'last_seen_at'),
  };
}

export function createSqliteSessionRepository(db: SqliteDatabase): SessionRepository {
  return {
    async create(session) {
      try {
        db.statement(
          `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at, last_seen_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        ).run(
          session.idHash,
          session.userId,
          session.csrfToken,
          session.createdAt,
          session.expiresAt,
          session.lastSeenAt,
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateError('session', session.idHash);
        throw error;
      }
    },

    async get(idHash) {
      const row = db.statement('SELECT * FROM sessions WHERE id_hash = ?').get(idHash);
      return row === undefined ? null : toSession(row);
    },

    async touch(idHash, lastSeenAt) {
      db.statement('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(lastSeenAt, idHash);
    },

    async delete(idHash) {
      return changes(db.statement('DELETE FROM sessions WHERE id_hash = ?').run(idHash)) > 0;
    },

    async deleteForUser(userId, options = {}) {
      return changes(
        db
          .statement('DELETE FROM sessions WHERE user_id = ? AND id_hash IS NOT ?')
          .run(userId, options.exceptIdHash ?? null),
      );
    },

    async deleteExpired(now) {
      return changes(db.statement('DELETE FROM sessions WHERE expires_at <= ?').run(now));
    },
  };
}
