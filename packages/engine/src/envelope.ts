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
  // Runs for every written record: plain loops, no per-entry arrays or closures. The default sort
  // orders strings by UTF-16 code units, as `<` does; stored hashes must not change.
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let text = '{';
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    if (text.length > 1) text += ',';
    text += `${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${text}}`;
}

/** Hash of what is written to a target, kept in the ledger to skip unchanged records. */
export function hashWrite(target: string, fields: Record<string, unknown>): string {
  return createHash('sha256')
    .update(`${target}\0${canonicalJson(fields)}`)
    .digest('base64url');
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
