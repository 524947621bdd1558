import type { RunRecord, RunStatus } from '@flowsync/contracts';
import type { SQLInputValue } from 'node:sqlite';
import { DuplicateError, NotFoundError, type RunRepository } from '../store.port.ts';
import { compact, listLimit } from '../store-support.ts';
import {
  integer,
  isUniqueViolation,
  json,
  optionalJson,
  optionalText,
  text,
  type Row,
  type SqliteDatabase,
} from './sqlite-database.ts';

function toRun(row: Row): RunRecord {
  return compact({
    id: text(row, 'id'),
    flowId: text(row, 'flow_id'),
    flowVersion: integer(row, 'flow_version'),
    trigger: json<RunRecord['trigger']>(row, 'trigger'),
    status: text(row, 'status') as RunStatus,
    queuedAt: text(row, 'queued_at'),
    startedAt: optionalText(row, 'started_at'),
    finishedAt: optionalText(row, 'finished_at'),
    totals: json<RunRecord['totals']>(row, 'totals'),
    nodes: json<RunRecord['nodes']>(row, 'nodes'),
    rejections: optionalJson<RunRecord['rejections']>(row, 'rejections'),
    message: optionalText(row, 'message'),
    requestedBy: optionalText(row, 'requested_by'),
  });
}

function runValues(run: RunRecord): SQLInputValue[] {
  return [
    run.flowId,
    run.flowVersion,
    JSON.stringify(run.trigger),
    run.status,
    run.queuedAt,
    run.startedAt ?? null,
    run.finishedAt ?? null,
    JSON.stringify(run.totals),
    JSON.stringify(run.nodes),
    run.rejections === undefined ? null : JSON.stringify(run.rejections),
    run.message ?? null,
    run.requestedBy ?? null,
    run.id,
  ];
}

export function createSqliteRunRepository(db: SqliteDatabase): RunRepository {
  const get = (runId: string): RunRecord | null => {
    const row = db.statement('SELECT * FROM runs WHERE id = ?').get(runId);
    return row === undefined ? null : toRun(row);
  };

  return {
    async create(run) {
      try {
        db.statement(
          `INSERT INTO runs (flow_id, flow_version, trigger, status, queued_at, started_at, finished_at, totals,
             nodes, rejections, message, requested_by, id)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(...runValues(run));
      } catch (error) {
        if (isUniqueViolation(error)) throw new DuplicateError('run', run.id);
        throw error;
      }
    },

    async update(runId, patch) {
      db.transaction(() => {
        const current = get(runId);
        if (current === null) throw new NotFoundError('run', runId);
        // A key present with `undefined` clears that field, like the object spread it mirrors.
        const next: RunRecord = { ...current, ...patch, id: current.id, flowId: current.flowId };
        db.statement(
          `UPDATE runs SET flow_id = ?, flow_version = ?, trigger = ?, status = ?, queued_at = ?, started_at = ?,
             finished_at = ?, totals = ?, nodes = ?, rejections = ?, message = ?,
             requested_by = ?
           WHERE id = ?`,
        ).run(...runValues(next));
      });
    },

    async get(runId) {
      return get(runId);
    },

    async list(filter) {
      const where: string[] = [];
      const params: SQLInputValue[] = [];
      if (filter.flowId !== undefined) {
        where.push('flow_id = ?');
        params.push(filter.flowId);
      }
      if (filter.status !== undefined && filter.status.length > 0) {
        where.push(`status IN (${filter.status.map(() => '?').join(', ')})`);
        params.push(...filter.status);
      }
      if (filter.before !== undefined) {
        where.push('queued_at < ?');
        params.push(filter.before);
      }
      const sql = `SELECT * FROM runs ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY queued_at DESC, id DESC LIMIT ?`;
      return db
        .statement(sql)
        .all(...params, listLimit(filter.limit))
        .map(toRun);
    },
  };
}
