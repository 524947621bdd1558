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
  isDuplicateKey,
  withoutId,
  type FlowStateDoc,
  type FlowVersionBody,
  type MongoCollections,
} from './mongo-collections.ts';

/** Saves retried when the caller gave no expectedVersion (last writer wins) but lost a race. */
const UNCONDITIONAL_SAVE_ATTEMPTS = 5;

function toState(doc: FlowStateDoc): FlowState {
  return {
    flowId: doc.flowId,
    enabled: doc.enabled,
    currentVersion: doc.currentVersion,
    updatedAt: doc.updatedAt,
    updatedBy: doc.updatedBy,
  };
}

function toVersion(flowId: string, version: number, body: FlowVersionBody): FlowVersion {
  return compact({
    flowId,
    version,
    flow: body.flow,
    author: body.author,
    message: body.message,
    createdAt: body.createdAt,
  });
}

/**
 * A save is decided by one conditional write on the state document (`currentVersion` still equals the
 * version read, or for a new flow an insert under the unique `flowId` index), so of two concurrent saves
 * with the same expectedVersion exactly one wins. The state carries a copy of the current version; the
 * version history is written after the win and repaired from that copy if a crash came in between.
 */
export function createMongoFlowRepository(c: MongoCollections): FlowRepository {
  const archive = async (state: FlowStateDoc): Promise<void> => {
    try {
      await c.flowVersions.updateOne(
        { flowId: state.flowId, version: state.currentVersion },
        { $setOnInsert: { ...state.current } },
        { upsert: true },
      );
    } catch (error) {
      // Another writer archived the same version at the same moment.
      if (!isDuplicateKey(error)) throw error;
    }
  };

  const claimVersion = async (
    flowId: string,
    name: string,
    current: number,
    body: FlowVersionBody,
  ): Promise<boolean> => {
    const version = current + 1;
    if (current === 0) {
      try {
        await c.flowStates.insertOne({
          flowId,
          name,
          enabled: false,
          currentVersion: version,
          updatedAt: body.createdAt,
          updatedBy: body.author,
          current: body,
        });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    }
    const result = await c.flowStates.updateOne(
      { flowId, currentVersion: current },
      {
        $set: {
          name,
          currentVersion: version,
          updatedAt: body.createdAt,
          updatedBy: body.author,
          current: body,
        },
      },
    );
    return result.matchedCount === 1;
  };

  return {
    async save(flow, meta) {
      for (let attempt = 1; ; attempt++) {
        const state = await c.flowStates.findOne({ flowId: flow.id }, { projection: { _id: 0 } });
        const current = state?.currentVersion ?? 0;
        if (meta.expectedVersion !== undefined && meta.expectedVersion !== current) {
          throw new VersionConflictError(flow.id, meta.expectedVersion, current);
        }
        if (state !== null) await archive(state);
        // A JSON copy drops `undefined` members exactly as the SQLite adapter's JSON text does.
        const body: FlowVersionBody = compact({
          flow: JSON.parse(JSON.stringify(flow)) as Flow,
          author: meta.author,
          message: meta.message,
          createdAt: nowIso(),
        });
        if (await claimVersion(flow.id, flow.name, current, body)) {
          const version = current + 1;
          await c.flowVersions.replaceOne(
            { flowId: flow.id, version },
            { flowId: flow.id, version, ...body },
            { upsert: true },
          );
          return toVersion(flow.id, version, body);
        }
        if (meta.expectedVersion !== undefined || attempt >= UNCONDITIONAL_SAVE_ATTEMPTS) {
          const now = await c.flowStates.findOne({ flowId: flow.id }, { projection: { currentVersion: 1 } });
          throw new VersionConflictError(flow.id, meta.expectedVersion ?? current, now?.currentVersion ?? 0);
        }
      }
    },

    async get(flowId, version) {
      if (version !== undefined) {
        const doc = await c.flowVersions.findOne({ flowId, version }, { projection: { _id: 0 } });
        if (doc !== null) return toVersion(doc.flowId, doc.version, doc);
      }
      const state = await c.flowStates.findOne({ flowId }, { projection: { _id: 0 } });
      if (state === null || (version !== undefined && version !== state.currentVersion)) return null;
      return toVersion(flowId, state.currentVersion, state.current);
    },

    async list() {
      const docs = await c.flowStates
        .find({}, { projection: { _id: 0, current: 0 }, sort: { flowId: 1 } })
        .toArray();
      return docs.map((doc) => ({ ...toState(doc), name: doc.name }));
    },

    async versions(flowId) {
      const state = await c.flowStates.findOne({ flowId }, { projection: { _id: 0 } });
      if (state === null) return [];
      const docs = await c.flowVersions
        .find(
          { flowId, version: { $lte: state.currentVersion } },
          { projection: { _id: 0, flow: 0 }, sort: { version: -1 } },
        )
        .toArray();
      const versions = docs.map((doc) =>
        compact({
          flowId: doc.flowId,
          version: doc.version,
          author: doc.author,
          message: doc.message,
          createdAt: doc.createdAt,
        }),
      );
      if (versions[0]?.version !== state.currentVersion) {
        versions.unshift(
          compact({
            flowId,
            version: state.currentVersion,
            author: state.current.author,
            message: state.current.message,
            createdAt: state.current.createdAt,
          }),
        );
      }
      return versions;
    },

    async state(flowId) {
      const doc = await c.flowStates.findOne({ flowId }, { projection: { _id: 0, current: 0 } });
      return doc === null ? null : toState(doc);
    },

    async setEnabled(flowId, enabled, by) {
      const doc = await c.flowStates.findOneAndUpdate(
        { flowId },
        { $set: { enabled, updatedAt: nowIso(), updatedBy: by } },
        { returnDocument: 'after', projection: { _id: 0, current: 0 } },
      );
      if (doc === null) throw new NotFoundError('flow', flowId);
      return toState(withoutId(doc));
    },

    async delete(flowId) {
      // History first: a crash in between leaves a flow that still exists and can be deleted again,
      // never history rows that a re-created flow would inherit.
      await c.flowVersions.deleteMany({ flowId });
      const result = await c.flowStates.deleteOne({ flowId });
      return result.deletedCount > 0;
    },
  };
}
