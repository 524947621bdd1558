import type { SQLInputValue } from 'node:sqlite';
import type { AuditEntry, AuditRepository } from '../store.port.ts';
import { compact, listLimit, newId, nowIso } from '../store-support.ts';
import { optionalJson, text, type Row, type SqliteDatabase } from './sqlite-database.ts';

function toEntry(row: Row): AuditEntry {
  return compact({
    id: text(row, 'id'),
    at: text(row, 'at'),
    actor: text(row, 'actor'),
    action: text(row, 'action'),
    subject: text(row, 'subject'),
    detail: optionalJson<Record<string, unknown>>(row, 'detail'),
  });
}

export function createSqliteAuditRepository(db: SqliteDatabase): AuditRepository {
  return {
    async append(input) {
      const entry: AuditEntry = compact({
        id: newId(),
        at: input.at ?? nowIso(),
        actor: input.actor,
        action: input.action,
        subject: input.subject,
        detail:
          input.detail === undefined
            ? undefined
            : (JSON.parse(JSON.stringify(input.detail)) as Record<string, unknown>),
      });
      db.statement(
        'INSERT INTO audit (id, at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(
        entry.id,
        entry.at,
        entry.actor,
        entry.action,
        entry.subject,
        entry.detail === undefined ? null : JSON.stringify(entry.detail),
      );
      return entry;
    },

    async list(filter) {
      const where: string[] = [];
      const params: SQLInputValue[] = [];
      if (filter.subject !== undefined) {
        where.push('subject = ?');
        params.push(filter.subject);
      }
      if (filter.actor !== undefined) {
        where.push('actor = ?');
        params.push(filter.actor);
      }
      return db
        .statement(
          `SELECT * FROM audit ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
           ORDER BY at DESC, id DESC LIMIT ?`,
        )
        .all(...params, listLimit(filter.limit))
        .map(toEntry);
    },
  };
}
