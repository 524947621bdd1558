import type { RecordError } from '@flowsync/contracts';
import { MongoBulkWriteError, type Filter } from 'mongodb';
import { NotFoundError, type RecordErrorFilter, type RecordErrorRepository } from '../store.port.ts';
import { chunk, compact, listLimit, nowIso } from '../store-support.ts';
import { MAX_IN_LIST, type MongoCollections, type RecordErrorDoc } from './mongo-collections.ts';

function toError(doc: RecordErrorDoc): RecordError {
  return compact({
    id: doc.id,
    flowId: doc.flowId,
    flowVersion: doc.flowVersion,
    runId: doc.runId,
    nodeId: doc.nodeId,
    sourceId: doc.sourceId,
    code: doc.code,
    message: doc.message,
    retryable: doc.retryable,
    attempt: doc.attempt,
    payload: JSON.parse(doc.payload) as RecordError['payload'],
    status: doc.status,
    resolution: doc.resolution,
    resolvedAt: doc.resolvedAt,
    resolvedBy: doc.resolvedBy,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  });
}

function toDoc(error: RecordError): RecordErrorDoc {
  return compact({
    id: error.id,
    flowId: error.flowId,
    flowVersion: error.flowVersion,
    runId: error.runId,
    nodeId: error.nodeId,
    sourceId: error.sourceId,
    code: error.code,
    message: error.message,
    retryable: error.retryable,
    attempt: error.attempt,
    payload: JSON.stringify(error.payload),
    status: error.status,
    resolution: error.resolution,
    resolvedAt: error.resolvedAt,
    resolvedBy: error.resolvedBy,
    createdAt: error.createdAt,
    updatedAt: error.updatedAt,
  });
}

function toQuery(filter: RecordErrorFilter): Filter<RecordErrorDoc> {
  const query: Filter<RecordErrorDoc> = {};
  if (filter.flowId !== undefined) query.flowId = filter.flowId;
  if (filter.nodeId !== undefined) query.nodeId = filter.nodeId;
  if (filter.code !== undefined) query.code = filter.code as RecordError['code'];
  if (filter.status !== undefined) query.status = filter.status;
  if (filter.runId !== undefined) query.runId = filter.runId;
  if (filter.sourceId !== undefined) query.sourceId = filter.sourceId;
  return query;
}

/** True when every failed write of a bulk insert only hit an id that is already stored. */
function onlyDuplicates(error: unknown): boolean {
  if (!(error instanceof MongoBulkWriteError)) return false;
  const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  return error.err === undefined && writeErrors.length > 0 && writeErrors.every((e) => e.code === 11000);
}

export function createMongoRecordErrorRepository(c: MongoCollections): RecordErrorRepository {
  const resolveWhere = async (
    base: Filter<RecordErrorDoc>,
    field: 'id' | 'sourceId',
    values: readonly string[],
    resolution: NonNullable<RecordError['resolution']>,
    by: string,
  ): Promise<number> => {
    const at = nowIso();
    let changed = 0;
    for (const slice of chunk([...new Set(values)], MAX_IN_LIST)) {
      const result = await c.errors.updateMany(
        { ...base, status: 'open', [field]: { $in: slice } },
        { $set: { status: 'resolved', resolution, resolvedAt: at, resolvedBy: by, updatedAt: at } },
      );
      changed += result.modifiedCount;
    }
    return changed;
  };

  return {
    async insertMany(errors) {
      if (errors.length === 0) return;
      try {
        // Unordered: inserts are independent; an id already stored is skipped (a retried page).
        await c.errors.bulkWrite(
          errors.map((error) => ({ insertOne: { document: toDoc(error) } })),
          { ordered: false },
        );
      } catch (error) {
        if (!onlyDuplicates(error)) throw error;
      }
    },

    async get(id) {
      const doc = await c.errors.findOne({ id }, { projection: { _id: 0 } });
      return doc === null ? null : toError(doc);
    },

    async list(filter) {
      const limit = listLimit(filter.limit);
      if (limit === 0) return []; // MongoDB reads limit 0 as "no limit"
      const docs = await c.errors
        .find(toQuery(filter), {
          projection: { _id: 0 },
          sort: { createdAt: -1, id: -1 },
          skip: Math.max(0, Math.floor(filter.offset ?? 0)),
          limit,
        })
        .toArray();
      return docs.map(toError);
    },

    async count(filter) {
      return c.errors.countDocuments(toQuery(filter));
    },

    async resolve(ids, resolution, by) {
      return resolveWhere({}, 'id', ids, resolution, by);
    },

    async resolveForRecords(flowId, sourceIds, by) {
      return resolveWhere({ flowId }, 'sourceId', sourceIds, 'succeeded', by);
    },

    async updatePayload(id, payload) {
      const result = await c.errors.updateOne(
        { id },
        { $set: { payload: JSON.stringify(payload), updatedAt: nowIso() } },
      );
      if (result.matchedCount === 0) throw new NotFoundError('record error', id);
    },
  };
}
