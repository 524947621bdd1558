import type { WatermarkRepository } from '../store.port.ts';
import { compact } from '../store-support.ts';
import { optionalText, text, type SqliteDatabase } from './sqlite-database.ts';

export function createSqliteWatermarkRepository(db: SqliteDatabase): WatermarkRepository {
  return {
    async get(flowId, nodeId) {
      const row = db
        .statement('SELECT * FROM watermarks WHERE flow_id = ? AND node_id = ?')
        .get(flowId, nodeId);
      if (row === undefined) return null;
      return compact({
        flowId: text(row, 'flow_id'),
        nodeId: text(row, 'node_id'),
        value: text(row, 'value'),
        updatedAt: text(row, 'updated_at'),
        runId: optionalText(row, 'run_id'),
      });
    },

    async set(watermark) {
      db.statement(
        `INSERT INTO watermarks (flow_id, node_id, value, updated_at, run_id) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (flow_id, node_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
           run_id = excluded.run_id`,
      ).run(
        watermark.flowId,
        watermark.nodeId,
        watermark.value,
        watermark.updatedAt,
        watermark.runId ?? null,
      );
    },

    async clear(flowId) {
      db.statement('DELETE FROM watermarks WHERE flow_id = ?').run(flowId);
    },
  };
}
