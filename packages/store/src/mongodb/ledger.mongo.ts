import type { LedgerEntry } from '@flowsync/contracts';
import type { AnyBulkWriteOperation } from 'mongodb';
import type { LedgerHistoryEntry, LedgerRepository } from '../store.port.ts';
import { chunk, DEFAULT_LIST_LIMIT } from '../store-support.ts';
import {
  MAX_IN_LIST,
  type LedgerDoc,
  type LedgerHistoryDoc,
  type MongoCollections,
} from './mongo-collections.ts';

function toEntry(doc: LedgerDoc): LedgerEntry {
  return {
    flowId: doc.flowId,
    target: doc.target,
    sourceId: doc.sourceId,
    targetId: doc.targetId,
    hash: doc.hash,
    runId: doc.runId,
    syncedAt: doc.syncedAt,
  };
}

export function createMongoLedgerRepository(c: MongoCollections): LedgerRepository {
  const lookup = async (
    field: 'sourceId' | 'targetId',
    flowId: string,
    target: string | null,
    ids: readonly string[],
  ): Promise<Map<string, LedgerEntry>> => {
    const found = new Map<string, LedgerEntry>();
    for (const slice of chunk([...new Set(ids)], MAX_IN_LIST)) {
      const query =
        field === 'sourceId'
          ? { flowId, ...(target === null ? {} : { target }), sourceId: { $in: slice } }
          : { flowId, ...(target === null ? {} : { target }), targetId: { $in: slice } };
      // Sorted so that, across targets, the most recently synced entry per id is the one kept.
      const docs = await c.ledger.find(query, { projection: { _id: 0 }, sort: { syncedAt: 1 } }).toArray();
      for (const doc of docs) found.set(doc[field], toEntry(doc));
    }
    return found;
  };

  return {
    async getMany(flowId, target, sourceIds) {
      return lookup('sourceId', flowId, target, sourceIds);
    },

    async getByTargetIds(flowId, target, targetIds) {
      return lookup('targetId', flowId, target, targetIds);
    },

    async upsertMany(entries) {
      if (entries.length === 0) return;
      // The last entry per key wins, as in a sequential write; with one operation per key the batch
      // can run unordered.
      const latest = new Map<string, LedgerHistoryEntry>();
      for (const entry of entries)
        latest.set(JSON.stringify([entry.flowId, entry.target, entry.sourceId]), entry);
      const upserts: AnyBulkWriteOperation<LedgerDoc>[] = [...latest.values()].map((e) => ({
        updateOne: {
          filter: { flowId: e.flowId, target: e.target, sourceId: e.sourceId },
          update: { $set: { targetId: e.targetId, hash: e.hash, runId: e.runId, syncedAt: e.syncedAt } },
          upsert: true,
        },
      }));
      const appends: AnyBulkWriteOperation<LedgerHistoryDoc>[] = entries.map((e) => ({
        insertOne: {
          document: {
            flowId: e.flowId,
            target: e.target,
            sourceId: e.sourceId,
            targetId: e.targetId,
            hash: e.hash,
            runId: e.runId,
            syncedAt: e.syncedAt,
            action: e.action,
          },
        },
      }));
      await Promise.all([
        c.ledger.bulkWrite(upserts, { ordered: false }),
        // The driver assigns `_id`s client-side in array order, so history()'s `_id` tie-break follows
        // the order of `entries` even though the inserts run unordered.
        c.ledgerHistory.bulkWrite(appends, { ordered: false }),
      ]);
    },

    async forgetFlow(flowId) {
      return (await c.ledger.deleteMany({ flowId })).deletedCount;
    },

    async history(recordId, limit = DEFAULT_LIST_LIMIT) {
      const max = Math.max(0, Math.floor(limit));
      if (max === 0) return []; // MongoDB reads limit 0 as "no limit"
      const docs = await c.ledgerHistory
        .find(
          { $or: [{ sourceId: recordId }, { targetId: recordId }] },
          { projection: { _id: 0 }, sort: { syncedAt: -1, _id: -1 }, limit: max },
        )
        .toArray();
      return docs.map((doc) => ({ ...toEntry(doc), action: doc.action }));
    },
  };
}
