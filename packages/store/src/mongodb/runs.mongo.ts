import type { RunRecord } from '@flowsync/contracts';
import type { Filter, MatchKeysAndValues } from 'mongodb';
import { DuplicateError, NotFoundError, type RunRepository } from '../store.port.ts';
import { listLimit } from '../store-support.ts';
import { isDuplicateKey, withoutId, type MongoCollections, type RunDoc } from './mongo-collections.ts';

type RunPatch = Partial<Omit<RunRecord, 'id' | 'flowId'>>;

export function createMongoRunRepository(c: MongoCollections): RunRepository {
  return {
    async create(run) {
      try {
        // A JSON copy: the driver adds `_id` to the object it inserts, and undefined members vanish.
        await c.runs.insertOne(JSON.parse(JSON.stringify(run)) as RunDoc);
      } catch (error) {
        if (isDuplicateKey(error)) throw new DuplicateError('run', run.id);
        throw error;
      }
    },

    async update(runId, patch) {
      const set: MatchKeysAndValues<RunDoc> = {};
      const unset: Partial<Record<keyof RunPatch, ''>> = {};
      for (const key of Object.keys(patch) as (keyof RunPatch)[]) {
        if ((key as string) === 'id' || (key as string) === 'flowId') continue;
        const value = patch[key];
        // A key present with `undefined` clears that field, like the object spread it mirrors.
        if (value === undefined) unset[key] = '';
        else Object.assign(set, { [key]: JSON.parse(JSON.stringify(value)) as unknown });
      }
      const hasSet = Object.keys(set).length > 0;
      const hasUnset = Object.keys(unset).length > 0;
      if (!hasSet && !hasUnset) {
        if ((await c.runs.countDocuments({ id: runId }, { limit: 1 })) === 0)
          throw new NotFoundError('run', runId);
        return;
      }
      const result = await c.runs.updateOne(
        { id: runId },
        { ...(hasSet ? { $set: set } : {}), ...(hasUnset ? { $unset: unset } : {}) },
      );
      if (result.matchedCount === 0) throw new NotFoundError('run', runId);
    },

    async get(runId) {
      const doc = await c.runs.findOne({ id: runId }, { projection: { _id: 0 } });
      return doc === null ? null : withoutId(doc);
    },

    async list(filter) {
      const limit = listLimit(filter.limit);
      if (limit === 0) return []; // MongoDB reads limit 0 as "no limit"
      const query: Filter<RunDoc> = {};
      if (filter.flowId !== undefined) query.flowId = filter.flowId;
      if (filter.status !== undefined && filter.status.length > 0) query.status = { $in: filter.status };
      if (filter.before !== undefined) query.queuedAt = { $lt: filter.before };
      const docs = await c.runs
        .find(query, { projection: { _id: 0 }, sort: { queuedAt: -1, id: -1 }, limit })
        .toArray();
      return docs.map((doc) => withoutId(doc));
    },
  };
}
