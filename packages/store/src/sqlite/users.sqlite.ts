import {
  DuplicateError,
  NotFoundError,
  type Role,
  type UserRecord,
  type UserRepository,
} from '../store.port.ts';
import { newId, normalizeEmail, nowIso } from '../store-support.ts';
import { flag, integer, isUniqueViolation, text, type Row, type SqliteDatabase } from './sqlite-database.ts';

function toUser(row: Row): UserRecord {
  return {
    id: text(row, 'id'),
    email: text(row, 'email'),
    name: text(row, 'name'),
    role: text(row, 'role') as Role,
    passwordHash: text(row, 'password_hash'),
    disabled: flag(row, 'disabled'),
    createdAt: text(row, 'created_at'),
    updatedAt: text(row, 'updated_at'),
  };
}

/** Emails are unique case-insensitively (`email_key` is the trimmed lower-case form). */
export function createSqliteUserRepository(db: SqliteDatabase): UserRepository {
  return {
    async create(input) {
      const at = nowIso();
      const user: UserRecord = {
        ...input,
        email: input.email.trim(),
        id: newId(),
        createdAt: at,
        updatedAt: at,
      };
      try {
        db.statement(
          `INSERT INTO users (id, email, email_key, name, role, password_hash, disabled, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          user.id,
          user.email,
          normalizeEmail(user.email),
          user.name,
          user.role,
          user.passwordHash,
          user.disabled ? 1 : 0,
          at,
          at,
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateError('user', user.email);
        throw error;
      }
      return user;
    },

    async getByEmail(email) {
      const row = db.statement('SELECT * FROM users WHERE email_key = ?').get(normalizeEmail(email));
      return row === undefined ? null : toUser(row);
    },

    async get(id) {
      const row = db.statement('SELECT * FROM users WHERE id = ?').get(id);
      return row === undefined ? null : toUser(row);
    },

    async list() {
      return db.statement('SELECT * FROM users ORDER BY email_key').all().map(toUser);
    },

    async update(id, patch) {
      const row = db
        .statement(
          `UPDATE users SET name = coalesce(?, name), role = coalesce(?, role),
             password_hash = coalesce(?, password_hash), disabled = coalesce(?, disabled), updated_at = ?
           WHERE id = ? RETURNING *`,
        )
        .get(
          patch.name ?? null,
          patch.role ?? null,
          patch.passwordHash ?? null,
          patch.disabled === undefined ? null : patch.disabled ? 1 : 0,
          nowIso(),
          id,
        );
      if (row === undefined) throw new NotFoundError('user', id);
      return toUser(row);
    },

    async count() {
      const row = db.statement('SELECT count(*) AS n FROM users').get();
      return row === undefined ? 0 : integer(row, 'n');
    },
  };
}
