import type { ConnectionRepository, ConnectionSummary } from '../store.port.ts';
import { nowIso, openSecrets, sealSecrets } from '../store-support.ts';
import type { ConnectionDoc, MongoCollections } from './mongo-collections.ts';

function toSummary(doc: ConnectionDoc): ConnectionSummary {
  return {
    name: doc.name,
    kind: doc.kind,
    config: JSON.parse(doc.config) as Record<string, unknown>,
    secretKeys: Object.keys(doc.secrets).sort(),
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    updatedBy: doc.updatedBy,
  };
}

export function createMongoConnectionRepository(
  c: MongoCollections,
  secretKey: Buffer,
): ConnectionRepository {
  return {
    async put(input, by, options) {
      const sealed = sealSecrets(input.name, input.secrets, secretKey);
      const at = nowIso();
      // One atomic pipeline upsert: merging kept secrets happens on the server, not read-modify-write.
      // Every caller value is wrapped in $literal so that no string is read as a field path or operator.
      const doc = await c.connections.findOneAndUpdate(
        { name: input.name },
        [
          {
            $set: {
              kind: { $literal: input.kind },
              config: { $literal: JSON.stringify(input.config) },
              secrets:
                options?.keepExistingSecrets === true
                  ? { $mergeObjects: [{ $ifNull: ['$secrets', {}] }, { $literal: sealed }] }
                  : { $literal: sealed },
              createdAt: { $ifNull: ['$createdAt', { $literal: at }] },
              updatedAt: { $literal: at },
              updatedBy: { $literal: by },
            },
          },
        ],
        { upsert: true, returnDocument: 'after', projection: { _id: 0 } },
      );
      if (doc === null) throw new Error(`connection ${input.name} was not written`);
      return toSummary(doc);
    },

    async get(name) {
      const doc = await c.connections.findOne({ name }, { projection: { _id: 0 } });
      if (doc === null) return null;
      return { ...toSummary(doc), secrets: openSecrets(name, doc.secrets, secretKey) };
    },

    async list() {
      const docs = await c.connections.find({}, { projection: { _id: 0 }, sort: { name: 1 } }).toArray();
      return docs.map(toSummary);
    },

    async delete(name) {
      return (await c.connections.deleteOne({ name })).deletedCount > 0;
    },
  };
}
