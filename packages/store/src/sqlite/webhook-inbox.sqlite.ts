import type { WebhookEvent, WebhookInboxRepository } from '../store.port.ts';
import { compact, nowIso } from '../store-support.ts';
import { changes, json, optionalText, text, type Row, type SqliteDatabase } from './sqlite-database.ts';

function toEvent(row: Row): WebhookEvent {
  return compact({
    id: text(row, 'id'),
    flowId: text(row, 'flow_id'),
    receivedAt: text(row, 'received_at'),
    events: json<unknown[]>(row, 'events'),
    status: text(row, 'status') as WebhookEvent['status'],
    runId: optionalText(row, 'run_id'),
    error: optionalText(row, 'error'),
  });
}

function byArrival(a: WebhookEvent, b: WebhookEvent): number {
  if (a.receivedAt !== b.receivedAt) return a.receivedAt < b.receivedAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function createSqliteWebhookInboxRepository(db: SqliteDatabase): WebhookInboxRepository {
  const get = (id: string): WebhookEvent | null => {
    const row = db.statement('SELECT * FROM webhook_inbox WHERE id = ?').get(id);
    return row === undefined ? null : toEvent(row);
  };

  return {
    async put(event) {
      return db.transaction(() => {
        db.statement(
          `INSERT INTO webhook_inbox (id, flow_id, received_at, events, status, run_id, error)
           VALUES (?, ?, ?, ?, 'pending', ?, ?)
           ON CONFLICT (id) DO NOTHING`,
        ).run(
          event.id,
          event.flowId,
          event.receivedAt,
          JSON.stringify(event.events),
          event.runId ?? null,
          event.error ?? null,
        );
        const stored = get(event.id);
        if (stored === null) throw new Error(`webhook event ${event.id} was not written`);
        return stored;
      });
    },

    async claim(flowId, limit) {
      if (limit <= 0) return [];
      // One UPDATE statement: SQLite runs it under the write lock, so two claimers never get the same row.
      return db
        .statement(
          `UPDATE webhook_inbox SET status = 'processing', claimed_at = ?
           WHERE id IN (
             SELECT id FROM webhook_inbox WHERE flow_id = ? AND status = 'pending'
             ORDER BY received_at, id LIMIT ?
           )
           RETURNING *`,
        )
        .all(nowIso(), flowId, Math.floor(limit))
        .map(toEvent)
        .sort(byArrival);
    },

    async complete(ids, outcome) {
      db.transaction(() => {
        db.eachIn(
          `UPDATE webhook_inbox SET status = ?, run_id = coalesce(?, run_id), error = ?, claimed_at = NULL
           WHERE id IN (?IN)`,
          ids,
          (statement, slice) => {
            statement.run(outcome.status, outcome.runId ?? null, outcome.error ?? null, ...slice);
          },
        );
      });
    },

    async requeueProcessing() {
      return changes(
        db
          .statement(
            `UPDATE webhook_inbox SET status = 'pending', claimed_at = NULL WHERE status = 'processing'`,
          )
          .run(),
      );
    },

    async pendingFlows() {
      return db
        .statement(`SELECT DISTINCT flow_id FROM webhook_inbox WHERE status = 'pending' ORDER BY flow_id`)
        .all()
        .map((row) => text(row, 'flow_id'));
    },

    async get(id) {
      return get(id);
    },
  };
}
