import { DuplicateError, type ApiTokenRecord, type ApiTokenRepository } from '../store.port.ts';
import { compact } from '../store-support.ts';
import { isDuplicateKey, type ApiTokenDoc, type MongoCollections } from './mongo-collections.ts';

function toToken(doc: ApiTokenDoc): ApiTokenRecord {
  return compact({
    id: doc.id,
    userId: doc.userId,
    name: doc.name,
    tokenHash: doc.tokenHash,
    createdAt: doc.createdAt,
    lastUsedAt: doc.lastUsedAt,
    revokedAt: doc.revokedAt,
  });
}

export function createMongoApiTokenRepository(c: MongoCollections): ApiTokenRepository {
  const newestFirst = { createdAt: -1, id: -1 } as const;
  return {
    async create(token) {
      const doc = toToken(token);
      try {
        await c.apiTokens.insertOne({ ...doc });
      } catch (error) {
        if (isDuplicateKey(error)) throw new DuplicateError('API token', token.id);
        throw error;
      }
      return doc;
    },

    async get(id) {
      const doc = await c.apiTokens.findOne({ id }, { projection: { _id: 0 } });
      return doc === null ? null : toToken(doc);
    },

    async getByHash(tokenHash) {
      const doc = await c.apiTokens.findOne({ tokenHash }, { projection: { _id: 0 } });
      return doc === null ? null : toToken(doc);
    },

    async listForUser(userId) {
      const docs = await c.apiTokens
        .find({ userId }, { projection: { _id: 0 }, sort: newestFirst })
        .toArray();
      return docs.map(toToken);
    },

    async list() {
      const docs = await c.apiTokens.find({}, { projection: { _id: 0 }, sort: newestFirst }).toArray();
      return docs.map(toToken);
    },

    async revoke(id, at) {
      // Keeps the first revocation time: only a token not yet revoked gets `at`.
      await c.apiTokens.updateOne({ id, revokedAt: { $exists: false } }, { $set: { revokedAt: at } });
      const doc = await c.apiTokens.findOne({ id }, { projection: { _id: 0 } });
      return doc === null ? null : toToken(doc);
    },

    async touch(id, lastUsedAt) {
      await c.apiTokens.updateOne({ id }, { $set: { lastUsedAt } });
    },
  };
}
