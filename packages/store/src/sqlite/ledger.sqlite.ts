import type { LedgerEntry } from '@flowsync/contracts';
import type { LedgerHistoryEntry, LedgerRepository } from '../store.port.ts';
import { DEFAULT_LIST_LIMIT } from '../store-support.ts';
import { text, type Row, type SqliteDatabase } from './sqlite-database.ts';

function toEntry(row: Row): LedgerEntry {
  return {
    flowId: text(row, 'flow_id'),
    target: text(row, 'target'),
    sourceId: text(row, 'source_id'),
    targetId: text(row, 'target_id'),
    hash: text(row, 'hash'),
    runId: text(row, 'run_id'),
    syncedAt: text(row, 'synced_at'),
  };
}

export function createSqliteLedgerRepository(db: SqliteDatabase): LedgerRepository {
  const lookup = (
    column: 'source_id' | 'target_id',
    flowId: string,
    target: string | null,
    ids: readonly string[],
  ) => {
    const found = new Map<string, LedgerEntry>();
    if (target === null) {
      db.eachIn(
        'SELECT * FROM ledger INDEXED BY ledger_by_source WHERE flow_id = ? AND source_id IN (?IN) ORDER BY synced_at',
        ids,
        (statement, slice) => {
          for (const row of statement.all(flowId, ...slice)) {
            const entry = toEntry(row);
            found.set(entry.sourceId, entry);
          }
        },
      );
      return found;
    }
    db.eachIn(
      // Without the hint, target-id lookups use the primary key's (flow_id, target) prefix and scan the
      // whole target once per slice.
      column === 'source_id'
        ? 'SELECT * FROM ledger WHERE flow_id = ? AND target = ? AND source_id IN (?IN)'
        : 'SELECT * FROM ledger INDEXED BY ledger_by_target_id WHERE flow_id = ? AND target = ? AND target_id IN (?IN)',
      ids,
      (statement, slice) => {
        for (const row of statement.all(flowId, target, ...slice)) {
          const entry = toEntry(row);
          found.set(column === 'source_id' ? entry.sourceId : entry.targetId, entry);
        }
      },
    );
    return found;
  };

  return {
    async getMany(flowId, target, sourceIds) {
      return lookup('source_id', flowId, target, sourceIds);
    },

    async getByTargetIds(flowId, target, targetIds) {
      return lookup('target_id', flowId, target, targetIds);
    },

    async upsertMany(entries) {
      if (entries.length === 0) return;
      const upsert = db.statement(
        `INSERT INTO ledger (flow_id, target, source_id, target_id, hash, run_id, synced_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (flow_id, target, source_id) DO UPDATE SET target_id = excluded.target_id,
           hash = excluded.hash, run_id = excluded.run_id, synced_at = excluded.synced_at`,
      );
      const append = db.statement(
        `INSERT INTO ledger_history (flow_id, target, source_id, target_id, hash, run_id, synced_at, action)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      db.transaction(() => {
        for (const e of entries) {
          upsert.run(e.flowId, e.target, e.sourceId, e.targetId, e.hash, e.runId, e.syncedAt);
          append.run(e.flowId, e.target, e.sourceId, e.targetId, e.hash, e.runId, e.syncedAt, e.action);
        }
      });
    },

    async forgetFlow(flowId) {
      return Number(db.statement('DELETE FROM ledger WHERE flow_id = ?').run(flowId).changes);
    },

    async history(recordId, limit = DEFAULT_LIST_LIMIT) {
      return db
        .statement(
          `SELECT * FROM ledger_history WHERE source_id = ? OR target_id = ?
           ORDER BY synced_at DESC, seq DESC LIMIT ?`,
        )
        .all(recordId, recordId, Math.max(0, Math.floor(limit)))
        .map((row) => ({ ...toEntry(row), action: text(row, 'action') as LedgerHistoryEntry['action'] }));
    },
  };
}
