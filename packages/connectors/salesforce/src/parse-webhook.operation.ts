import {
  readSignedJson,
  ConnectorError,
  type RecordEvent,
  type WebhookRequest,
} from '@flowsync/connector-sdk';
import type { RecordEventKind } from '@flowsync/contracts';
import { toSourceRecord } from './query-pages.ts';

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body>`; the sandbox and the Apex callout both send it. */
export const SIGNATURE_HEADERS = ['x-sandbox-signature', 'x-flowsync-signature'] as const;

const KINDS: readonly RecordEventKind[] = ['create', 'update', 'delete'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string): ConnectorError {
  return new ConnectorError('VALIDATION_FAILED', `Salesforce webhook: ${message}`);
}

function toEvent(item: unknown, index: number): RecordEvent {
  if (!isRecord(item)) throw invalid(`event ${index} is not an object`);
  const { eventId, kind, object, recordId, record, occurredAt } = item;
  if (typeof eventId !== 'string' || eventId === '') throw invalid(`event ${index}: eventId is required`);
  if (typeof kind !== 'string' || !KINDS.includes(kind as RecordEventKind))
    throw invalid(`event ${index}: kind must be create, update or delete`);
  if (typeof object !== 'string' || object === '') throw invalid(`event ${index}: object is required`);
  if (typeof recordId !== 'string' || recordId === '') throw invalid(`event ${index}: recordId is required`);
  const event: RecordEvent = { eventId, kind: kind as RecordEventKind, object, recordId };
  if (isRecord(record)) event.record = toSourceRecord(record);
  if (typeof occurredAt === 'string') event.occurredAt = occurredAt;
  return event;
}

/**
 * Verifies and parses a record-change notification. Salesforce has no built-in signed JSON webhook; the
 * org sends one from an Apex trigger (or a record-triggered Flow calling an invocable Apex action) that
 * POSTs, via a Named Credential, the JSON below and the header `X-Flowsync-Signature: sha256=<hex>` computed
 * with `EncodingUtil.convertToHex(Crypto.generateMac('hmacSHA256', Blob.valueOf(body), Blob.valueOf(secret)))`.
 * The sandbox sends the same body with `X-Sandbox-Signature`.
 *
 * Body: one event, an array of events, or `{ "events": [...] }`, each
 * `{ "eventId", "object": "Contact", "kind": "create"|"update"|"delete", "recordId": "003…", "record"?: {…}, "occurredAt"? }`.
 *
 * @example
 * ```ts
 * const events = parseWebhook({ headers, rawBody, url }, secrets.webhookSecret);
 * ```
 */
export function parseWebhook(request: WebhookRequest, secret: string | undefined): RecordEvent[] {
  if (secret === undefined || secret === '') {
    throw new ConnectorError(
      'WEBHOOK_SIGNATURE_INVALID',
      'No webhook secret is configured for this Salesforce connection',
    );
  }
  const body = readSignedJson(request, { secret, signatureHeaders: SIGNATURE_HEADERS, malformed: invalid });
  const items = Array.isArray(body)
    ? body
    : isRecord(body) && Array.isArray(body['events'])
      ? body['events']
      : [body];
  return items.map(toEvent);
}
