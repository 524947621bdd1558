import type { RecordEventKind } from '@flowsync/contracts';
import {
  readSignedJson,
  ConnectorError,
  type RecordEvent,
  type SourceRecord,
  type WebhookRequest,
} from '@flowsync/connector-sdk';
import type { NetSuiteConfig, NetSuiteSecrets } from './config.ts';
import { catalogFor } from './record-catalog.ts';

export const SIGNATURE_HEADER = 'x-sandbox-signature';

const KINDS: readonly RecordEventKind[] = ['create', 'update', 'delete'];

function malformed(detail: string): ConnectorError {
  return new ConnectorError('BAD_RESPONSE', `NetSuite webhook: ${detail}`);
}

/** The posted record in the connector's read shape: references as `{ id }`, `T`/`F` as booleans, the id as text. */
function normalizeRecord(
  config: NetSuiteConfig,
  object: string,
  recordId: string,
  raw: Record<string, unknown>,
): SourceRecord {
  const record: SourceRecord = { ...raw, id: recordId };
  let catalog;
  try {
    catalog = catalogFor(object, config);
  } catch {
    return record;
  }
  for (const field of catalog.fields) {
    const value = record[field.name];
    if (value === undefined) continue;
    if (field.type === 'reference' && (typeof value === 'string' || typeof value === 'number')) {
      record[field.name] = value === '' ? null : { id: String(value) };
    } else if (field.type === 'boolean' && (value === 'T' || value === 'F')) {
      record[field.name] = value === 'T';
    }
  }
  return record;
}

/**
 * Verifies and parses a realtime event. On a real account the sender is a user-event SuiteScript
 * (afterSubmit on contact and customer, deployed for the UI and CSV contexts, not web services) that
 * POSTs JSON with N/https:
 * `{ "eventId", "object": "contact", "kind": "create"|"update"|"delete", "recordId", "record", "occurredAt" }`
 * where `record` has this connector's read shape, and signs the raw body with N/crypto HMAC-SHA256
 * (key from an API secret) in `X-Sandbox-Signature: sha256=<hex>`. A JSON array of such events is
 * accepted too.
 *
 * @example
 * ```ts
 * const events = parseWebhook(config, secrets, { headers, rawBody, url });
 * ```
 */
export function parseWebhook(
  config: NetSuiteConfig,
  secrets: NetSuiteSecrets,
  request: WebhookRequest,
): RecordEvent[] {
  const secret = secrets.webhookSecret;
  if (secret === undefined) {
    throw new ConnectorError(
      'VALIDATION_FAILED',
      'NetSuite connection: webhookSecret: required to accept realtime events',
    );
  }
  const body = readSignedJson(request, { secret, signatureHeaders: [SIGNATURE_HEADER], malformed });
  const events = Array.isArray(body) ? body : [body];
  return events.map((event: unknown): RecordEvent => {
    if (typeof event !== 'object' || event === null) throw malformed('an event is not an object');
    const { eventId, object, kind, recordId, record, occurredAt } = event as Record<string, unknown>;
    if (typeof eventId !== 'string' || eventId === '') throw malformed('eventId is missing');
    if (typeof object !== 'string' || object === '') throw malformed('object is missing');
    if (typeof kind !== 'string' || !KINDS.includes(kind as RecordEventKind))
      throw malformed(`unknown kind ${String(kind)}`);
    if ((typeof recordId !== 'string' && typeof recordId !== 'number') || recordId === '') {
      throw malformed('recordId is missing');
    }
    const id = String(recordId);
    const result: RecordEvent = { eventId, kind: kind as RecordEventKind, object, recordId: id };
    if (typeof record === 'object' && record !== null && !Array.isArray(record)) {
      result.record = normalizeRecord(config, object, id, record as Record<string, unknown>);
    }
    if (typeof occurredAt === 'string') result.occurredAt = occurredAt;
    return result;
  });
}
