import type { NetSuiteStore, StoredRecord } from './netsuite-store.ts';
import { RECORD_FIELDS, SUBSIDIARIES, type FieldDef, type RecordType } from './netsuite-schema.ts';

/** `2026-01-01T00:00:05Z`: NetSuite datetimes have no fraction of a second. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function referenceName(store: NetSuiteStore, field: FieldDef, id: string): string {
  if (field.referenceTo === 'subsidiary') return SUBSIDIARIES.get(id) ?? id;
  const customer = store.records.customer.get(id);
  if (customer === undefined) return id;
  const name =
    customer.values['companyName'] ?? [customer.values['firstName'], customer.values['lastName']].join(' ');
  return `${String(customer.values['entityId'] ?? id)} ${String(name)}`.trim();
}

/**
 * A record as `GET /record/v1/{type}/{id}` returns it: camelCase properties, empty fields left out,
 * references as `{ links, id, refName }`, datetimes in ISO 8601.
 */
export function toRecordJson(
  store: NetSuiteStore,
  type: RecordType,
  record: StoredRecord,
  restBase: string,
  fields?: ReadonlySet<string>,
): Record<string, unknown> {
  const json: Record<string, unknown> = {
    links: [{ rel: 'self', href: `${restBase}/record/v1/${type}/${record.id}` }],
  };
  for (const field of RECORD_FIELDS[type]) {
    if (fields !== undefined && field.name !== 'id' && !fields.has(field.name)) continue;
    if (field.type === 'id') {
      json['id'] = record.id;
      continue;
    }
    const value = record.values[field.name];
    if (value === undefined || value === null) continue;
    switch (field.type) {
      case 'string':
      case 'boolean':
        json[field.name] = value;
        break;
      case 'datetime':
        json[field.name] = isoSeconds(Number(value));
        break;
      case 'reference': {
        const id = String(value);
        json[field.name] = {
          links: [{ rel: 'self', href: `${restBase}/record/v1/${field.referenceTo ?? 'customer'}/${id}` }],
          id,
          refName: referenceName(store, field, id),
        };
        break;
      }
      default:
        return assertNever(field.type);
    }
  }
  return json;
}

function assertNever(value: never): never {
  throw new Error(`unexpected value ${String(value)}`);
}

/**
 * The record in the shape the flowsync connector produces (and a user-event script posts): every field
 * present, null when empty, references as `{ id }`, datetimes as ISO 8601 UTC to the second.
 */
export function toNormalizedRecord(type: RecordType, record: StoredRecord): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const field of RECORD_FIELDS[type]) {
    if (field.type === 'id') {
      result[field.name] = record.id;
      continue;
    }
    const value = record.values[field.name];
    if (value === undefined || value === null) {
      result[field.name] = field.type === 'boolean' ? false : null;
      continue;
    }
    switch (field.type) {
      case 'string':
      case 'boolean':
        result[field.name] = value;
        break;
      case 'datetime':
        result[field.name] = isoSeconds(Number(value));
        break;
      case 'reference':
        result[field.name] = { id: String(value) };
        break;
      default:
        return assertNever(field.type);
    }
  }
  return result;
}
