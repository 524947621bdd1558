import type { Flow } from '@flowsync/contracts';
import {
  NotFoundError,
  VersionConflictError,
  type FlowRepository,
  type FlowState,
  type FlowVersion,
} from '../store.port.ts';
import { compact, nowIso } from '../store-support.ts';
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

function toState(row: Row): FlowState {
  return {
    flowId: text(row, 'flow_id'),
    enabled: flag(row, 'enabled'),
    currentVersion: integer(row, 'current_version'),
    updatedAt: text(row, 'updated_at'),
    updatedBy: text(row, 'updated_by'),
  };
}

function toVersionMeta(row: Row): Omit<FlowVersion, 'flow'> {
  return compact({
    flowId: text(row, 'flow_id'),
    version: integer(row, 'version'),
    author: text(row, 'author'),
    message: optionalText(row, 'message'),
    createdAt: text(row, 'created_at'),
  });
}

function toVersion(row: Row): FlowVersion {
  return { ...toVersionMeta(row), flow: json<Flow>(row, 'document') };
}

export function createSqliteFlowRepository(db: SqliteDatabase): FlowRepository {
  return {
    async save(flow, meta) {
      const document = JSON.stringify(flow);
      return db.transaction(() => {
        const row = db.statement('SELECT current_version FROM flow_state WHERE flow_id = ?').get(flow.id);
        const current = row === undefined ? 0 : integer(row, 'current_version');
        if (meta.expectedVersion !== undefined && meta.expectedVersion !== current) {
          throw new VersionConflictError(flow.id, meta.expectedVersion, current);
        }
        const version = current + 1;
        const at = nowIso();
        db.statement(
          `INSERT INTO flow_state (flow_id, name, enabled, current_version, updated_at, updated_by)
           VALUES (?, ?, 0, ?, ?, ?)
           ON CONFLICT (flow_id) DO UPDATE SET name = excluded.name, current_version = excluded.current_version,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        ).run(flow.id, flow.name, version, at, meta.author);
        db.statement(
          `INSERT INTO flow_versions (flow_id, version, document, author, message, created_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        ).run(flow.id, version, document, meta.author, meta.message ?? null, at);
        return compact({
          flowId: flow.id,
          version,
          flow: JSON.parse(document) as Flow,
          author: meta.author,
          message: meta.message,
          createdAt: at,
        });
      });
    },

    async get(flowId, version) {
      const row =
        version === undefined
          ? db
              .statement(
                `SELECT v.* FROM flow_versions v
                 JOIN flow_state s ON s.flow_id = v.flow_id AND s.current_version = v.version
                 WHERE v.flow_id = ?`,
              )
              .get(flowId)
          : db
              .statement('SELECT * FROM flow_versions WHERE flow_id = ? AND version = ?')
              .get(flowId, version);
      return row === undefined ? null : toVersion(row);
    },

    async list() {
      return db
        .statement('SELECT * FROM flow_state ORDER BY flow_id')
        .all()
        .map((row) => ({ ...toState(row), name: text(row, 'name') }));
    },

    async versions(flowId) {
      return db
        .statement(
          `SELECT flow_id, version, author, message, created_at FROM flow_versions
           WHERE flow_id = ? ORDER BY version DESC`,
        )
        .all(flowId)
        .map(toVersionMeta);
    },

    async state(flowId) {
      const row = db.statement('SELECT * FROM flow_state WHERE flow_id = ?').get(flowId);
      return row === undefined ? null : toState(row);
    },

    async setEnabled(flowId, enabled, by) {
      const row = db
        .statement(
          'UPDATE flow_state SET enabled = ?, updated_at = ?, updated_by = ? WHERE flow_id = ? RETURNING *',
        )
        .get(enabled ? 1 : 0, nowIso(), by, flowId);
      if (row === undefined) throw new NotFoundError('flow', flowId);
      return toState(row);
    },

    async delete(flowId) {
      // flow_versions rows go with it (ON DELETE CASCADE, foreign keys are on).
      return changes(db.statement('DELETE FROM flow_state WHERE flow_id = ?').run(flowId)) > 0;
    },
  };
}
