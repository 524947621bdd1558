import type { Filter } from 'mongodb';
import type { AuditEntry, AuditRepository } from '../store.port.ts';
import { compact, listLimit, newId, nowIso } from '../store-support.ts';
import type { AuditDoc, MongoCollections } from './mongo-collections.ts';

function toEntry(doc: AuditDoc): AuditEntry {
  return compact({
    id: doc.id,
    at: doc.at,
    actor: doc.actor,
    action: doc.action,
    subject: doc.subject,
    detail: doc.detail === undefined ? undefined : (JSON.parse(doc.detail) as Record<string, unknown>),
  });
}

export function createMongoAuditRepository(c: MongoCollections): AuditRepository {
  return {
    async append(input) {
      const doc: AuditDoc = compact({
        id: newId(),
        at: input.at ?? nowIso(),
        actor: input.actor,
        action: input.action,
        subject: input.subject,
        detail: input.detail === undefined ? undefined : JSON.stringify(input.detail),
      });
      await c.audit.insertOne(doc);
      return toEntry(doc);
    },

    async list(filter) {
      const limit = listLimit(filter.limit);
      if (limit === 0) return []; // MongoDB reads limit 0 as "no limit"
      const query: Filter<AuditDoc> = {};
      if (filter.subject !== undefined) query.subject = filter.subject;
      if (filter.actor !== undefined) query.actor = filter.actor;
      const docs = await c.audit
        .find(query, { projection: { _id: 0 }, sort: { at: -1, id: -1 }, limit })
        .toArray();
      return docs.map(toEntry);
    },
  };
}
