import type { ErrorCode, RecordError } from '@flowsync/contracts';
import type { SQLInputValue } from 'node:sqlite';
import { NotFoundError, type RecordErrorFilter, type RecordErrorRepository } from '../store.port.ts';
import { compact, listLimit, nowIso } from '../store-support.ts';
import {
  changes,
  flag,
  integer,
  json,
  optionalText,
  text,
  type Row,
  type SqliteDatabase,
} from './sqlite-database.ts';

function toError(row: Row): RecordError {
  return compact({
    id: text(row, 'id'),
    flowId: text(row, 'flow_id'),
    flowVersion: integer(row, 'flow_version'),
    runId: text(row, 'run_id'),
    nodeId: text(row, 'node_id'),
    sourceId: text(row, 'source_id'),
    code: text(row, 'code') as ErrorCode,
    message: text(row, 'message'),
    retryable: flag(row, 'retryable'),
    attempt: integer(row, 'attempt'),
    payload: json<RecordError['payload']>(row, 'payload'),
    status: text(row, 'status') as RecordError['status'],
    resolution: optionalText(row, 'resolution') as RecordError['resolution'],
    resolvedAt: optionalText(row, 'resolved_at'),
    resolvedBy: optionalText(row, 'resolved_by'),
    createdAt: text(row, 'created_at'),
    updatedAt: text(row, 'updated_at'),
  });
}

function whereClause(filter: RecordErrorFilter): { sql: string; params: SQLInputValue[] } {
  const columns = [
    ['flow_id', filter.flowId],
    ['node_id', filter.nodeId],
    ['code', filter.code],
    ['status', filter.status],
    ['run_id', filter.runId],
    ['source_id', filter.sourceId],
  ] as const;
  const where: string[] = [];
  const params: SQLInputValue[] = [];
  for (const [column, value] of columns) {
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  return { sql: where.length > 0 ? `WHERE ${where.join(' AND ')}` : '', params };
}

export function createSqliteRecordErrorRepository(db: SqliteDatabase): RecordErrorRepository {
  return {
    async insertMany(errors) {
      if (errors.length === 0) return;
      // Re-inserting an id already stored is a no-op, so a retried page does not fail or duplicate.
      const insert = db.statement(
        `INSERT INTO record_errors (id, flow_id, flow_version, run_id, node_id, source_id, code, message, retryable,
           attempt, payload, status, resolution, resolved_at, resolved_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING`,
      );
      db.transaction(() => {
        for (const e of errors) {
          insert.run(
            e.id,
            e.flowId,
            e.flowVersion,
            e.runId,
            e.nodeId,
            e.sourceId,
            e.code,
            e.message,
            e.retryable ? 1 : 0,
            e.attempt,
            JSON.stringify(e.payload),
            e.status,
            e.resolution ?? null,
            e.resolvedAt ?? null,
            e.resolvedBy ?? null,
            e.createdAt,
            e.updatedAt,
          );
        }
      });
    },

    async get(id) {
      const row = db.statement('SELECT * FROM record_errors WHERE id = ?').get(id);
      return row === undefined ? null : toError(row);
    },

    async list(filter) {
      const where = whereClause(filter);
      return db
        .statement(
          `SELECT * FROM record_errors ${where.sql} ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
        )
        .all(...where.params, listLimit(filter.limit), Math.max(0, Math.floor(filter.offset ?? 0)))
        .map(toError);
    },

    async count(filter) {
      const where = whereClause(filter);
      const row = db.statement(`SELECT count(*) AS n FROM record_errors ${where.sql}`).get(...where.params);
      return row === undefined ? 0 : integer(row, 'n');
    },

    async resolve(ids, resolution, by) {
      const at = nowIso();
      let changed = 0;
      db.transaction(() => {
        db.eachIn(
          `UPDATE record_errors SET status = 'resolved', resolution = ?, resolved_at = ?, resolved_by = ?, updated_at = ?
           WHERE status = 'open' AND id IN (?IN)`,
          ids,
          (statement, slice) => {
            changed += changes(statement.run(resolution, at, by, at, ...slice));
          },
        );
      });
      return changed;
    },

    async resolveForRecords(flowId, sourceIds, by) {
      const at = nowIso();
      let changed = 0;
      db.transaction(() => {
        db.eachIn(
          `UPDATE record_errors SET status = 'resolved', resolution = 'succeeded', resolved_at = ?, resolved_by = ?,
             updated_at = ?
           WHERE flow_id = ? AND status = 'open' AND source_id IN (?IN)`,
          sourceIds,
          (statement, slice) => {
            changed += changes(statement.run(at, by, at, flowId, ...slice));
          },
        );
      });
      return changed;
    },

    async updatePayload(id, payload) {
      const result = db
        .statement('UPDATE record_errors SET payload = ?, updated_at = ? WHERE id = ?')
        .run(JSON.stringify(payload), nowIso(), id);
      if (changes(result) === 0) throw new NotFoundError('record error', id);
    },
  };
}
