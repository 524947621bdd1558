// In-memory EngineStore for engine unit tests (the real adapters are tested in packages/store).
import type { LedgerEntry, RecordError, Watermark } from '@flowsync/contracts';
import type { EngineStore, LedgerWrite } from '../../src/index.ts';

export class MemoryStore implements EngineStore {
  readonly ledgerRows = new Map<string, LedgerEntry>();
  readonly history: LedgerWrite[] = [];
  readonly errorRows = new Map<string, RecordError>();
  readonly watermarkRows = new Map<string, Watermark>();

  private key(flowId: string, target: string, sourceId: string) {
    return `${flowId}|${target}|${sourceId}`;
  }

  ledger = {
    getMany: async (flowId: string, target: string | null, sourceIds: readonly string[]) => {
      const found = new Map<string, LedgerEntry>();
      const wanted = new Set(sourceIds);
      for (const entry of this.ledgerRows.values()) {
        if (entry.flowId !== flowId || (target !== null && entry.target !== target)) continue;
        if (wanted.has(entry.sourceId)) found.set(entry.sourceId, entry);
      }
      return found;
    },
    upsertMany: async (entries: readonly LedgerWrite[]) => {
      for (const { action: _action, ...entry } of entries) {
        this.ledgerRows.set(this.key(entry.flowId, entry.target, entry.sourceId), entry);
      }
      this.history.push(...entries);
    },
  };

  errors = {
    insertMany: async (errors: readonly RecordError[]) => {
      for (const error of errors) this.errorRows.set(error.id, structuredClone(error));
    },
    resolve: async (ids: readonly string[], resolution: 'succeeded' | 'retried' | 'manual', by: string) => {
      let changed = 0;
      for (const id of ids) {
        const row = this.errorRows.get(id);
        if (row?.status !== 'open') continue;
        Object.assign(row, { status: 'resolved', resolution, resolvedBy: by });
        changed += 1;
      }
      return changed;
    },
    resolveForRecords: async (flowId: string, sourceIds: readonly string[], by: string) => {
      const wanted = new Set(sourceIds);
      let changed = 0;
      for (const row of this.errorRows.values()) {
        if (row.flowId !== flowId || row.status !== 'open' || !wanted.has(row.sourceId)) continue;
        Object.assign(row, { status: 'resolved', resolution: 'succeeded', resolvedBy: by });
        changed += 1;
      }
      return changed;
    },
  };

  watermarks = {
    get: async (flowId: string, nodeId: string) => this.watermarkRows.get(`${flowId}|${nodeId}`) ?? null,
    set: async (watermark: Watermark) => {
      this.watermarkRows.set(`${watermark.flowId}|${watermark.nodeId}`, watermark);
    },
  };

  openErrors(): RecordError[] {
    return [...this.errorRows.values()].filter((e) => e.status === 'open');
  }
}
