import { DuplicateError, type SessionRecord, type SessionRepository } from '../store.port.ts';
import { isDuplicateKey, type MongoCollections, type SessionDoc } from './mongo-collections.ts';

function toSession(doc: SessionDoc): SessionRecord {
  return {
    idHash: doc.idHash,
    userId: doc.userId,
    csrfToken: doc.csrfToken,
    createdAt: doc.createdAt,
    expiresAt: doc.expiresAt,
    lastSeenAt: doc.lastSeenAt,
  };
}

export function createMongoSessionRepository(c: MongoCollections): SessionRepository {
  return {
    async create(session) {
      try {
        await c.sessions.insertOne(toSession(session));
      } catch (error) {
        if (isDuplicateKey(error)) throw new DuplicateError('session', session.idHash);
        throw error;
      }
    },

    async get(idHash) {
      const doc = await c.sessions.findOne({ idHash }, { projection: { _id: 0 } });
      return doc === null ? null : toSession(doc);
    },

    async touch(idHash, lastSeenAt) {
      await c.sessions.updateOne({ idHash }, { $set: { lastSeenAt } });
    },

    async delete(idHash) {
      return (await c.sessions.deleteOne({ idHash })).deletedCount > 0;
    },

    async deleteForUser(userId, options = {}) {
      const filter =
        options.exceptIdHash === undefined ? { userId } : { userId, idHash: { $ne: options.exceptIdHash } };
      return (await c.sessions.deleteMany(filter)).deletedCount;
    },

    async deleteExpired(now) {
      return (await c.sessions.deleteMany({ expiresAt: { $lte: now } })).deletedCount;
    },
  };
}
