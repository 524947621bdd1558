import type { RecordError, RecordPayload } from '@flowsync/contracts';
import { createHash } from 'node:crypto';

/** One record on its way through the graph. */
export interface Envelope extends RecordPayload {
  /** Set when this record re-enters the flow from the error inbox. */
  retryOf?: RecordError;
}

export function bindingsOf(envelope: Envelope): Record<string, unknown> {
  return envelope.lookups;
}

/** Deterministic JSON: object keys sorted, so equal data hashes equally whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Hash of what is written to a target, kept in the ledger to skip unchanged records. */
export function hashWrite(target: string, fields: Record<string, unknown>): string {
  return createHash('sha256').update(target).update('\0').update(canonicalJson(fields)).digest('base64url');
}

export function payloadOf(envelope: Envelope): RecordPayload {
  const payload: RecordPayload = {
    sourceId: envelope.sourceId,
    data: envelope.data,
    lookups: envelope.lookups,
  };
  if (envelope.mapped !== undefined) payload.mapped = envelope.mapped;
  return payload;
}
