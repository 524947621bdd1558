import type { SeedData } from '../shared/seed-data.ts';
import { invalidContent, nonexistentId, NetSuiteApiError, userError } from './netsuite-errors.ts';
import { SUBSIDIARIES, fieldByName, type FieldDef, type RecordType } from './netsuite-schema.ts';

/** datetime: epoch ms; reference: the referenced internal id; boolean; string. */
export type StoredValue = string | number | boolean | null;

export interface StoredRecord {
  id: string;
  /** Keyed by record-API field name; a missing or null value is an empty field. */
  values: Record<string, StoredValue>;
}

export interface NetSuiteStore {
  records: Record<RecordType, Map<string, StoredRecord>>;
  /** Entities share one internal-id sequence, as in NetSuite. */
  nextId: number;
  /** Last lastModifiedDate handed out: modification stamps never go backwards. */
  lastStamp: number;
  clock: () => number;
}

export interface WriteOptions {
  /** The admin API takes `company: "1000"` as well as `{ "id": "1000" }`; the REST API only the latter. */
  lenientReferences?: boolean;
}

// Documented external id alphabet: letters, digits, underscore and hyphen (a pipe breaks eid: URLs).
const EXTERNAL_ID = /^[A-Za-z0-9_-]{1,255}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Loads the seed: record ids are the seed ids; every record sits in subsidiary 1. */
export function createStore(seed: SeedData, clock: () => number): NetSuiteStore {
  const store: NetSuiteStore = {
    records: { customer: new Map(), contact: new Map() },
    nextId: 1,
    lastStamp: 0,
    clock,
  };
  let maxId = 0;
  for (const customer of seed.customers) {
    const modified = Date.parse(customer.lastModifiedDate);
    // Seeded individuals carry a name in companyName; NetSuite keeps a person's name in first/last name.
    const [first, ...rest] = customer.isPerson ? customer.companyName.split(' ') : [];
    store.records.customer.set(customer.id, {
      id: customer.id,
      values: {
        entityId: customer.entityId,
        isPerson: customer.isPerson,
        companyName: customer.isPerson ? null : customer.companyName,
        firstName: first ?? null,
        lastName: rest.length > 0 ? rest.join(' ') : null,
        email: customer.email,
        phone: customer.phone,
        isInactive: customer.isInactive,
        subsidiary: '1',
        dateCreated: modified,
        lastModifiedDate: modified,
      },
    });
    maxId = Math.max(maxId, Number(customer.id));
    store.lastStamp = Math.max(store.lastStamp, modified);
  }
  for (const contact of seed.contacts) {
    const modified = Date.parse(contact.lastModifiedDate);
    store.records.contact.set(contact.id, {
      id: contact.id,
      values: {
        entityId: `${contact.firstName} ${contact.lastName}`,
        firstName: contact.firstName,
        lastName: contact.lastName,
        email: contact.email,
        phone: contact.phone,
        title: contact.title ?? null,
        company: contact.companyId ?? null,
        isInactive: false,
        subsidiary: '1',
        dateCreated: modified,
        lastModifiedDate: modified,
      },
    });
    maxId = Math.max(maxId, Number(contact.id));
    store.lastStamp = Math.max(store.lastStamp, modified);
  }
  store.nextId = maxId + 1;
  return store;
}

/** NetSuite keeps datetimes to the second; stamps never run backwards even if the clock does. */
export function nextStamp(store: NetSuiteStore): number {
  const now = Math.floor(store.clock() / 1000) * 1000;
  store.lastStamp = Math.max(store.lastStamp, now);
  return store.lastStamp;
}

/** `123` or `eid:ABC`; undefined when there is no such record. */
export function findRecord(store: NetSuiteStore, type: RecordType, key: string): StoredRecord | undefined {
  if (key.startsWith('eid:')) return findByExternalId(store, type, key.slice(4));
  return store.records[type].get(key);
}

export function findByExternalId(
  store: NetSuiteStore,
  type: RecordType,
  externalId: string,
): StoredRecord | undefined {
  for (const record of store.records[type].values()) {
    if (record.values['externalId'] === externalId) return record;
  }
  return undefined;
}

export function requireRecord(store: NetSuiteStore, type: RecordType, key: string): StoredRecord {
  const record = findRecord(store, type, key);
  if (record === undefined) throw nonexistentId();
  return record;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function referenceId(field: FieldDef, value: unknown, options: WriteOptions): string | null {
  if (value === null) return null;
  let id: unknown = value;
  if (isRecord(value)) id = value['id'];
  else if (!options.lenientReferences) {
    throw invalidContent(
      `Error while accessing a resource. Invalid value for the reference field ${field.name}: provide an object with an id.`,
      field.name,
    );
  }
  if ((typeof id !== 'string' && typeof id !== 'number') || !/^\d+$/.test(String(id))) {
    throw invalidContent(
      `Error while accessing a resource. You have entered an Invalid Field Value ${JSON.stringify(id)} for the following field: ${field.name}`,
      field.name,
    );
  }
  return String(id);
}

/** Validates a request body's properties and merges them over `current` (null clears a field). */
function mergeBody(
  type: RecordType,
  current: Record<string, StoredValue>,
  body: unknown,
  options: WriteOptions,
): Record<string, StoredValue> {
  if (!isRecord(body)) throw invalidContent('The request body must be a JSON object.');
  const values = { ...current };
  for (const [name, value] of Object.entries(body)) {
    if (name === 'links' || name === 'refName') continue;
    const field = fieldByName(type, name);
    if (field === undefined) {
      throw invalidContent(`Error while accessing a resource. Invalid field name: ${name}.`, name);
    }
    if (field.readOnly) {
      throw invalidContent(`Error while accessing a resource. The field ${name} is read-only.`, name);
    }
    switch (field.type) {
      case 'string':
        if (value !== null && typeof value !== 'string') {
          throw invalidContent(
            `Error while accessing a resource. Invalid value for the field ${name}: a string is expected.`,
            name,
          );
        }
        values[name] = value === '' ? null : value;
        break;
      case 'boolean':
        if (typeof value !== 'boolean') {
          throw invalidContent(
            `Error while accessing a resource. Invalid value for the field ${name}: a boolean is expected.`,
            name,
          );
        }
        values[name] = value;
        break;
      case 'reference':
        values[name] = referenceId(field, value, options);
        break;
      case 'id':
      case 'datetime':
        // Only read-only fields have these types.
        throw invalidContent(`Error while accessing a resource. The field ${name} is read-only.`, name);
      default:
        return assertNever(field.type);
    }
  }
  return values;
}

function assertNever(value: never): never {
  throw new Error(`unexpected value ${String(value)}`);
}

function blank(value: StoredValue | undefined): boolean {
  return value === undefined || value === null || value === '';
}

/** Mandatory fields and references, checked on every save like the record's form would. */
function validate(
  store: NetSuiteStore,
  type: RecordType,
  id: string,
  values: Record<string, StoredValue>,
): void {
  const externalId = values['externalId'];
  if (typeof externalId === 'string') {
    if (!EXTERNAL_ID.test(externalId)) {
      throw invalidContent(
        `Error while accessing a resource. Invalid external ID ${externalId}: use letters, digits, underscores and hyphens only.`,
        'externalId',
      );
    }
    const holder = findByExternalId(store, type, externalId);
    if (holder !== undefined && holder.id !== id) {
      throw new NetSuiteApiError(400, {
        detail: `Error while accessing a resource. A ${type} record with external ID ${externalId} already exists.`,
        'o:errorCode': 'DUP_RCRD',
        'o:errorPath': 'externalId',
      });
    }
  }
  const email = values['email'];
  if (typeof email === 'string' && !EMAIL.test(email)) {
    throw userError(`Please enter a valid email address: ${email}`, 'email');
  }
  const subsidiary = values['subsidiary'];
  if (typeof subsidiary === 'string' && !SUBSIDIARIES.has(subsidiary)) {
    throw invalidContent(
      `Error while accessing a resource. You have entered an Invalid Field Value ${subsidiary} for the following field: subsidiary`,
      'subsidiary',
    );
  }
  if (type === 'customer') {
    if (values['isPerson'] === true) {
      if (blank(values['lastName'])) throw userError('Please enter value(s) for: Last Name.', 'lastName');
    } else if (blank(values['companyName'])) {
      throw userError('Please enter value(s) for: Company Name.', 'companyName');
    }
    if (blank(subsidiary)) throw userError('Please enter value(s) for: Primary Subsidiary.', 'subsidiary');
    return;
  }
  // Contact: Last Name is mandatory [3p netsuite-docs.pages.dev]; the company must be a customer.
  if (blank(values['lastName'])) throw userError('Please enter value(s) for: Last Name.', 'lastName');
  const company = values['company'];
  if (typeof company === 'string' && !store.records.customer.has(company)) {
    throw invalidContent(
      `Error while accessing a resource. You have entered an Invalid Field Value ${company} for the following field: company`,
      'company',
    );
  }
  if (blank(subsidiary)) throw userError('Please enter value(s) for: Subsidiary.', 'subsidiary');
}

/** Defaults NetSuite fills in on create: auto-generated entity ids, inherited subsidiary. */
function applyCreateDefaults(
  store: NetSuiteStore,
  type: RecordType,
  id: string,
  values: Record<string, StoredValue>,
): void {
  values['isInactive'] ??= false;
  if (type === 'customer') {
    values['isPerson'] ??= false;
    if (blank(values['entityId'])) values['entityId'] = `CUST${id.padStart(5, '0')}`;
    return;
  }
  if (blank(values['subsidiary']) && typeof values['company'] === 'string') {
    // A contact attached to a company takes the company's subsidiary.
    values['subsidiary'] = store.records.customer.get(values['company'])?.values['subsidiary'] ?? null;
  }
  if (blank(values['entityId'])) {
    const name = [values['firstName'], values['lastName']].filter((part) => !blank(part)).join(' ');
    values['entityId'] = name === '' ? null : name;
  }
}

export function createRecord(
  store: NetSuiteStore,
  type: RecordType,
  body: unknown,
  options: WriteOptions = {},
  externalIdFromUrl?: string,
): StoredRecord {
  const values = mergeBody(type, {}, body, options);
  if (externalIdFromUrl !== undefined) {
    if (values['externalId'] !== undefined && values['externalId'] !== externalIdFromUrl) {
      throw invalidContent(
        'Error while accessing a resource. The external ID in the body differs from the one in the URL.',
        'externalId',
      );
    }
    values['externalId'] = externalIdFromUrl;
  }
  const id = String(store.nextId);
  applyCreateDefaults(store, type, id, values);
  validate(store, type, id, values);
  store.nextId += 1;
  const stamp = nextStamp(store);
  values['dateCreated'] = stamp;
  values['lastModifiedDate'] = stamp;
  const record: StoredRecord = { id, values: normalizeEmpty(values) };
  store.records[type].set(id, record);
  return record;
}

export function updateRecord(
  store: NetSuiteStore,
  type: RecordType,
  record: StoredRecord,
  body: unknown,
  options: WriteOptions = {},
): StoredRecord {
  const values = mergeBody(type, record.values, body, options);
  validate(store, type, record.id, values);
  values['lastModifiedDate'] = nextStamp(store);
  record.values = normalizeEmpty(values);
  return record;
}

export function deleteRecord(store: NetSuiteStore, type: RecordType, record: StoredRecord): void {
  store.records[type].delete(record.id);
}

function normalizeEmpty(values: Record<string, StoredValue>): Record<string, StoredValue> {
  const result: Record<string, StoredValue> = {};
  for (const field of Object.keys(values)) result[field] = values[field] ?? null;
  return result;
}
