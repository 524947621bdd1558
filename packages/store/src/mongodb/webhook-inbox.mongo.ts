import { randomUUID } from 'node:crypto';
import type { WebhookEvent, WebhookInboxRepository } from '../store.port.ts';
import { chunk, compact, nowIso } from '../store-support.ts';
import { MAX_IN_LIST, type MongoCollections, type WebhookDoc } from './mongo-collections.ts';

function toEvent(doc: WebhookDoc): WebhookEvent {
  return compact({
    id: doc.id,
    flowId: doc.flowId,
    receivedAt: doc.receivedAt,
    events: JSON.parse(doc.events) as unknown[],
    status: doc.status,
    runId: doc.runId,
    error: doc.error,
  });
}

const ARRIVAL_ORDER = { receivedAt: 1, id: 1 } as const;
const CLAIM_ROUNDS = 8;

export function createMongoWebhookInboxRepository(c: MongoCollections): WebhookInboxRepository {
  return {
    async put(event) {
      // Insert-if-absent in one command; a redelivered id gets the stored event back.
      const doc = await c.webhookInbox.findOneAndUpdate(
        { id: event.id },
        {
          $setOnInsert: compact({
            flowId: event.flowId,
            receivedAt: event.receivedAt,
            events: JSON.stringify(event.events),
            status: 'pending' as const,
            runId: event.runId,
            error: event.error,
          }),
        },
        { upsert: true, returnDocument: 'after', projection: { _id: 0 } },
      );
      if (doc === null) throw new Error(`webhook event ${event.id} was not written`);
      return toEvent(doc);
    },

    async claim(flowId, limit) {
      const max = Math.floor(limit);
      if (max <= 0) return [];
      // Each event moves pending -> processing in one conditional update, and only the claimer whose
      // token landed on it gets it back, so two concurrent claims never return the same event. Events a
      // concurrent claimer took first are replaced by the next pending ones, a bounded number of times.
      const token = randomUUID();
      const tried: string[] = [];
      let claimed = 0;
      for (let round = 0; round < CLAIM_ROUNDS && claimed < max; round++) {
        const candidates = await c.webhookInbox
          .find(
            { flowId, status: 'pending' },
            { projection: { _id: 0, id: 1 }, sort: ARRIVAL_ORDER, limit: max - claimed },
          )
          .toArray();
        if (candidates.length === 0) break;
        const ids = candidates.map((doc) => doc.id);
        tried.push(...ids);
        const result = await c.webhookInbox.updateMany(
          { id: { $in: ids }, status: 'pending' },
          { $set: { status: 'processing', claimToken: token, claimedAt: nowIso() } },
        );
        claimed += result.modifiedCount;
      }
      if (claimed === 0) return [];
      const docs = await c.webhookInbox
        .find({ id: { $in: tried }, claimToken: token }, { projection: { _id: 0 }, sort: ARRIVAL_ORDER })
        .toArray();
      return docs.map(toEvent);
    },

    async complete(ids, outcome) {
      for (const slice of chunk([...new Set(ids)], MAX_IN_LIST)) {
        await c.webhookInbox.updateMany(
          { id: { $in: slice } },
          {
            $set: compact({ status: outcome.status, runId: outcome.runId, error: outcome.error }),
            $unset: { claimToken: '', claimedAt: '', ...(outcome.error === undefined ? { error: '' } : {}) },
          },
        );
      }
    },

    async requeueProcessing() {
      const result = await c.webhookInbox.updateMany(
        { status: 'processing' },
        { $set: { status: 'pending' }, $unset: { claimToken: '', claimedAt: '' } },
      );
      return result.modifiedCount;
    },

    async pendingFlows() {
      const flows = await c.webhookInbox.distinct('flowId', { status: 'pending' });
      return flows.sort();
    },

    async get(id) {
      const doc = await c.webhookInbox.findOne({ id }, { projection: { _id: 0 } });
      return doc === null ? null : toEvent(doc);
    },
  };
}
