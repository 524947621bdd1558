import { DuplicateError, NotFoundError, type UserRecord, type UserRepository } from '../store.port.ts';
import { newId, normalizeEmail, nowIso } from '../store-support.ts';
import { isDuplicateKey, type MongoCollections, type UserDoc } from './mongo-collections.ts';

function toUser(doc: UserDoc): UserRecord {
  return {
    id: doc.id,
    email: doc.email,
    name: doc.name,
    role: doc.role,
    passwordHash: doc.passwordHash,
    disabled: doc.disabled,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}

/** Emails are unique case-insensitively (`emailKey` is the trimmed lower-case form). */
export function createMongoUserRepository(c: MongoCollections): UserRepository {
  return {
    async create(input) {
      const at = nowIso();
      const email = input.email.trim();
      const doc: UserDoc = {
        id: newId(),
        email,
        emailKey: normalizeEmail(email),
        name: input.name,
        role: input.role,
        passwordHash: input.passwordHash,
        disabled: input.disabled,
        createdAt: at,
        updatedAt: at,
      };
      try {
        await c.users.insertOne(doc);
      } catch (error) {
        if (isDuplicateKey(error)) throw new DuplicateError('user', email);
        throw error;
      }
      return toUser(doc);
    },

    async getByEmail(email) {
      const doc = await c.users.findOne({ emailKey: normalizeEmail(email) }, { projection: { _id: 0 } });
      return doc === null ? null : toUser(doc);
    },

    async get(id) {
      const doc = await c.users.findOne({ id }, { projection: { _id: 0 } });
      return doc === null ? null : toUser(doc);
    },

    async list() {
      const docs = await c.users.find({}, { projection: { _id: 0 }, sort: { emailKey: 1 } }).toArray();
      return docs.map(toUser);
    },

    async update(id, patch) {
      const set: Partial<UserDoc> = { updatedAt: nowIso() };
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.role !== undefined) set.role = patch.role;
      if (patch.passwordHash !== undefined) set.passwordHash = patch.passwordHash;
      if (patch.disabled !== undefined) set.disabled = patch.disabled;
      const doc = await c.users.findOneAndUpdate(
        { id },
        { $set: set },
        { returnDocument: 'after', projection: { _id: 0 } },
      );
      if (doc === null) throw new NotFoundError('user', id);
      return toUser(doc);
    },

    async count() {
      return c.users.countDocuments();
    },
  };
}
