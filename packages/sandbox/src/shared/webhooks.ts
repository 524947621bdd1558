import { randomUUID } from 'node:crypto';
import { signHmac } from '@flowsync/connector-sdk';

/**
 * Realtime events, delivered the way a NetSuite user-event script or a Salesforce outbound message
 * would call an integration: an HTTP POST of JSON, signed with HMAC-SHA256 over the raw body.
 *
 * Headers: `X-Sandbox-Event-Id`, `X-Sandbox-Signature: sha256=<hex>`.
 * Body: `{ "eventId", "system", "object", "kind": "create"|"update"|"delete", "recordId", "record", "occurredAt" }`.
 */
export interface WebhookSubscription {
  id: string;
  url: string;
  secret: string;
  /** Objects to notify about; all when empty. */
  objects: string[];
}

export interface WebhookDelivery {
  subscriptionId: string;
  eventId: string;
  status: number | 'error';
  attempts: number;
}

export const SIGNATURE_HEADER = 'x-sandbox-signature';
export const EVENT_ID_HEADER = 'x-sandbox-event-id';

export class WebhookDispatcher {
  readonly subscriptions = new Map<string, WebhookSubscription>();
  readonly deliveries: WebhookDelivery[] = [];
  private readonly system: string;
  private pending = new Set<Promise<void>>();

  constructor(system: string) {
    this.system = system;
  }

  subscribe(input: Omit<WebhookSubscription, 'id'>): WebhookSubscription {
    const subscription = { ...input, id: randomUUID() };
    this.subscriptions.set(subscription.id, subscription);
    return subscription;
  }

  unsubscribe(id: string): boolean {
    return this.subscriptions.delete(id);
  }

  /** Sends the event to every matching subscription; failed deliveries are retried a few times. */
  notify(object: string, kind: 'create' | 'update' | 'delete', recordId: string, record?: unknown): void {
    for (const subscription of this.subscriptions.values()) {
      if (subscription.objects.length > 0 && !subscription.objects.includes(object)) continue;
      const body = JSON.stringify({
        eventId: randomUUID(),
        system: this.system,
        object,
        kind,
        recordId,
        record,
        occurredAt: new Date().toISOString(),
      });
      const task = this.deliver(subscription, body).finally(() => this.pending.delete(task));
      this.pending.add(task);
    }
  }

  /** Resolves when every delivery started so far has finished (for tests). */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private async deliver(subscription: WebhookSubscription, body: string): Promise<void> {
    const eventId = (JSON.parse(body) as { eventId: string }).eventId;
    const signature = signHmac({
      rawBody: Buffer.from(body),
      secret: subscription.secret,
      algorithm: 'sha256',
      encoding: 'hex',
    });
    let status: number | 'error' = 'error';
    let attempts = 0;
    for (; attempts < 3 && (status === 'error' || status >= 500);) {
      attempts += 1;
      try {
        const response = await fetch(subscription.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [SIGNATURE_HEADER]: `sha256=${signature}`,
            [EVENT_ID_HEADER]: eventId,
          },
          body,
        });
        status = response.status;
        await response.arrayBuffer();
      } catch {
        status = 'error';
      }
      if (status === 'error' || status >= 500) await new Promise((r) => setTimeout(r, 100 * attempts));
    }
    this.deliveries.push({ subscriptionId: subscription.id, eventId, status, attempts });
  }
}
