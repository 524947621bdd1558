import { RecordFailure } from './api-errors.ts';
import { makeId, toId18 } from './salesforce-ids.ts';
import { findSObject, SOBJECTS, type FieldSchema, type SObjectSchema } from './sobject-schema.ts';

/** A stored field value: datetimes are epoch milliseconds, dates `YYYY-MM-DD`, the rest as JSON. */
export type FieldValue = string | number | boolean | null;
export type StoredRecord = Record<string, FieldValue>;
export type ObjectName = SObjectSchema['name'];

export interface DeletedRecord {
  object: ObjectName;
  record: StoredRecord;
  deletedDate: number;
}

/** `POST /__admin/validation-rules`: the field's value (empty when null) must match `pattern`. */
export interface ValidationRule {
  id: string;
  object: ObjectName;
  field: string;
  pattern: string;
  message: string;
}

/** `POST /__admin/record-faults`: the next `remaining` record writes fail with `statusCode` (e.g. UNABLE_TO_LOCK_ROW). */
export interface RecordFault {
  object?: ObjectName;
  statusCode: string;
  message?: string;
  remaining: number;
}

/** Undo steps of a write in progress, so that an all-or-none request can be rolled back. */
export type Journal = (() => void)[];

export const ORG_ID = '00DHs0000000001EAA';
export const USER_ID = '005Hs0000000001AAA';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UNIQUE_FIELD = 'Ext_Id__c';

/** `2026-01-01T00:00:00.000+0000`: the wire format of Salesforce datetimes. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/**
 * The records of the emulated org and every write to them, with Salesforce's validation: required
 * fields, types and lengths, references, the unique `Ext_Id__c`, admin validation rules.
 */
export class RecordStore {
  readonly objects: Record<ObjectName, Map<string, StoredRecord>> = {
    Account: new Map(),
    Contact: new Map(),
  };
  /** The recycle bin: what `/deleted` and `queryAll` see. */
  readonly deleted = new Map<string, DeletedRecord>();
  validationRules: ValidationRule[] = [];
  recordFaults: RecordFault[] = [];
  private readonly uniqueIndex: Record<ObjectName, Map<string, string>> = {
    Account: new Map(),
    Contact: new Map(),
  };
  private readonly sequences = new Map<string, number>();
  private readonly clock: () => number;
  private lastStamp = 0;

  constructor(clock: () => number) {
    this.clock = clock;
  }

  /** Empties the store and restarts id sequences, so ids are the same after every reset. */
  clear(): void {
    for (const schema of SOBJECTS) {
      this.objects[schema.name].clear();
      this.uniqueIndex[schema.name].clear();
    }
    this.deleted.clear();
    this.sequences.clear();
    this.validationRules = [];
    this.recordFaults = [];
    this.lastStamp = 0;
  }

  /** Audit timestamps are whole seconds, as in Salesforce, and never go backwards. */
  now(): number {
    const stamp = Math.floor(this.clock() / 1000) * 1000;
    this.lastStamp = Math.max(this.lastStamp, stamp);
    return this.lastStamp;
  }

  get(id: string): { schema: SObjectSchema; record: StoredRecord } | undefined {
    const id18 = toId18(id);
    if (id18 === undefined) return undefined;
    for (const schema of SOBJECTS) {
      const record = this.objects[schema.name].get(id18);
      if (record !== undefined) return { schema, record };
    }
    return undefined;
  }

  /** Live records of an object, and with `includeDeleted` the recycle bin too (queryAll). */
  *scan(schema: SObjectSchema, includeDeleted = false): Generator<StoredRecord> {
    yield* this.objects[schema.name].values();
    if (!includeDeleted) return;
    for (const entry of this.deleted.values()) if (entry.object === schema.name) yield entry.record;
  }

  /** Records whose external id field equals `value` (case-insensitive, as Salesforce external ids are by default). */
  findByExternalId(schema: SObjectSchema, field: FieldSchema, value: string): StoredRecord[] {
    if (field.name === 'Id') {
      const found = this.get(value);
      return found !== undefined && found.schema === schema ? [found.record] : [];
    }
    if (field.name === UNIQUE_FIELD) {
      const id = this.uniqueIndex[schema.name].get(value.toLowerCase());
      const record = id === undefined ? undefined : this.objects[schema.name].get(id);
      return record === undefined ? [] : [record];
    }
    const lower = value.toLowerCase();
    const matches: StoredRecord[] = [];
    for (const record of this.objects[schema.name].values()) {
      const current = record[field.name];
      if (typeof current === 'string' && current.toLowerCase() === lower) matches.push(record);
    }
    return matches;
  }

  create(schema: SObjectSchema, input: Record<string, unknown>, journal?: Journal): StoredRecord {
    const values = this.normalise(schema, input, 'create');
    this.takeRecordFault(schema, undefined);
    const now = this.now();
    const record: StoredRecord = {};
    for (const field of schema.fields) record[field.name] = null;
    Object.assign(record, values, {
      Id: this.nextId(schema),
      IsDeleted: false,
      CreatedDate: now,
      CreatedById: USER_ID,
      LastModifiedDate: now,
      LastModifiedById: USER_ID,
      SystemModstamp: now,
    });
    if (record['OwnerId'] === null) record['OwnerId'] = USER_ID;
    this.validate(schema, record);
    this.put(schema, record['Id'] as string, record, journal);
    return record;
  }

  update(schema: SObjectSchema, id: string, input: Record<string, unknown>, journal?: Journal): StoredRecord {
    const current = this.requireLive(schema, id);
    const values = this.normalise(schema, input, 'update');
    this.takeRecordFault(schema, current['Id'] as string);
    const now = this.now();
    const record: StoredRecord = {
      ...current,
      ...values,
      LastModifiedDate: now,
      LastModifiedById: USER_ID,
      SystemModstamp: now,
    };
    this.validate(schema, record);
    this.put(schema, record['Id'] as string, record, journal);
    return record;
  }

  delete(id: string, journal?: Journal): void {
    const id18 = toId18(id);
    if (id18 === undefined) throw new RecordFailure('MALFORMED_ID', `malformed id ${id}`);
    if (this.deleted.has(id18)) throw new RecordFailure('ENTITY_IS_DELETED', 'entity is deleted');
    const found = this.get(id18);
    if (found === undefined)
      throw new RecordFailure('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
    const { schema, record } = found;
    this.put(schema, id18, undefined, journal);
    const entry: DeletedRecord = {
      object: schema.name,
      record: { ...record, IsDeleted: true, SystemModstamp: this.now() },
      deletedDate: this.now(),
    };
    this.deleted.set(id18, entry);
    journal?.push(() => this.deleted.delete(id18));
  }

  /** The live record with this id, or the failure Salesforce gives for a bad, deleted or unknown id. */
  requireLive(schema: SObjectSchema, id: string): StoredRecord {
    const id18 = toId18(id);
    if (id18 === undefined || !id18.startsWith(schema.keyPrefix)) {
      throw new RecordFailure('MALFORMED_ID', `${schema.label} ID: id value of incorrect type: ${id}`, [
        'Id',
      ]);
    }
    if (this.deleted.has(id18)) throw new RecordFailure('ENTITY_IS_DELETED', 'entity is deleted');
    const record = this.objects[schema.name].get(id18);
    // [unverified] Salesforce's code for an update of a well-formed id that never existed; the docs name none.
    if (record === undefined)
      throw new RecordFailure('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
    return record;
  }

  private nextId(schema: SObjectSchema): string {
    const next = (this.sequences.get(schema.keyPrefix) ?? 0) + 1;
    this.sequences.set(schema.keyPrefix, next);
    return makeId(schema.keyPrefix, next);
  }

  private put(schema: SObjectSchema, id: string, record: StoredRecord | undefined, journal?: Journal): void {
    const map = this.objects[schema.name];
    const previous = map.get(id);
    const index = this.uniqueIndex[schema.name];
    const oldKey = previous?.[UNIQUE_FIELD];
    if (typeof oldKey === 'string') index.delete(oldKey.toLowerCase());
    if (record === undefined) map.delete(id);
    else {
      map.set(id, record);
      const key = record[UNIQUE_FIELD];
      if (typeof key === 'string') index.set(key.toLowerCase(), id);
    }
    journal?.push(() => this.put(schema, id, previous));
  }

  private takeRecordFault(schema: SObjectSchema, id: string | undefined): void {
    const fault = this.recordFaults.find(
      (f) => f.remaining > 0 && (f.object === undefined || f.object === schema.name),
    );
    if (fault === undefined) return;
    fault.remaining -= 1;
    const message =
      fault.message ??
      (fault.statusCode === 'UNABLE_TO_LOCK_ROW'
        ? `unable to obtain exclusive access to this record or 1 records: ${id ?? ''}`.trim()
        : `${fault.statusCode} (injected by the sandbox)`);
    throw new RecordFailure(fault.statusCode, message);
  }

  /** Maps a request body to field values: names case-insensitive, values typed and checked. */
  private normalise(
    schema: SObjectSchema,
    input: Record<string, unknown>,
    mode: 'create' | 'update',
  ): StoredRecord {
    const values: StoredRecord = {};
    const readOnly: string[] = [];
    for (const [key, raw] of Object.entries(input)) {
      if (key === 'attributes') continue;
      const field = schema.byLowerName.get(key.toLowerCase());
      if (field === undefined) {
        const relation = schema.fields.find((f) => f.relationshipName?.toLowerCase() === key.toLowerCase());
        if (relation !== undefined && typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
          values[relation.name] = this.resolveForeignKey(relation, raw as Record<string, unknown>);
          continue;
        }
        throw new RecordFailure('INVALID_FIELD', `No such column '${key}' on sobject of type ${schema.name}`);
      }
      if (field.name === 'Id') {
        if (mode === 'update') continue;
        throw new RecordFailure('INVALID_FIELD', 'cannot specify Id in an insert call', ['Id']);
      }
      if (mode === 'create' ? !field.createable : !field.updateable) {
        readOnly.push(field.name);
        continue;
      }
      values[field.name] = this.coerce(field, raw);
    }
    if (readOnly.length > 0) {
      throw new RecordFailure(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        readOnly,
      );
    }
    return values;
  }

  private coerce(field: FieldSchema, raw: unknown): FieldValue {
    if (raw === null || raw === undefined) return null;
    if (typeof raw === 'object') {
      throw new RecordFailure(
        'JSON_PARSER_ERROR',
        `Cannot deserialize instance of ${field.type} from START_OBJECT value {`,
        [field.name],
      );
    }
    switch (field.type) {
      case 'boolean':
        if (typeof raw !== 'boolean') throw this.typeError(field, raw);
        return raw;
      case 'double':
        if (typeof raw !== 'number' || !Number.isFinite(raw)) throw this.typeError(field, raw);
        return raw;
      case 'datetime': {
        const ms = typeof raw === 'string' ? Date.parse(raw.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')) : NaN;
        if (Number.isNaN(ms)) throw this.typeError(field, raw);
        return ms;
      }
      case 'date':
        if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) throw this.typeError(field, raw);
        return raw;
      case 'id':
      case 'reference':
        return this.checkReference(field, String(raw));
      case 'string':
      case 'textarea':
      case 'email':
      case 'phone':
      case 'url':
      case 'picklist': {
        if (typeof raw === 'boolean') throw this.typeError(field, raw);
        // Salesforce stores an empty string as null.
        const text = String(raw);
        if (text === '') return null;
        if (field.length !== undefined && text.length > field.length) {
          throw new RecordFailure(
            'STRING_TOO_LONG',
            `${field.label}: data value too large: ${text} (max length=${field.length})`,
            [field.name],
          );
        }
        if (field.type === 'email' && !EMAIL.test(text)) {
          throw new RecordFailure('INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${text}`, [
            field.name,
          ]);
        }
        return text;
      }
    }
  }

  private typeError(field: FieldSchema, raw: unknown): RecordFailure {
    return new RecordFailure(
      'INVALID_TYPE_ON_FIELD_IN_RECORD',
      `${field.label}: value not of required type: ${String(raw)}`,
      [field.name],
    );
  }

  private checkReference(field: FieldSchema, value: string): FieldValue {
    if (value === '') return null;
    const id18 = toId18(value);
    if (id18 === undefined)
      throw new RecordFailure('MALFORMED_ID', `${field.label}: id value of incorrect type: ${value}`, [
        field.name,
      ]);
    const targets = (field.referenceTo ?? [])
      .map((name) => (name === 'User' ? { keyPrefix: '005', name } : findSObject(name)))
      .filter((t) => t !== undefined);
    if (!targets.some((t) => id18.startsWith(t.keyPrefix))) {
      throw new RecordFailure(
        'FIELD_INTEGRITY_EXCEPTION',
        `${field.label}: id value of incorrect type: ${value}`,
        [field.name],
      );
    }
    if (id18.startsWith('005')) {
      if (id18 !== USER_ID)
        throw new RecordFailure('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
      return id18;
    }
    if (this.deleted.has(id18)) throw new RecordFailure('ENTITY_IS_DELETED', 'entity is deleted');
    if (this.get(id18) === undefined)
      throw new RecordFailure('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
    return id18;
  }

  /** `"Account": {"Ext_Id__c": "1001"}`: a reference given by the parent's external id. */
  private resolveForeignKey(relation: FieldSchema, value: Record<string, unknown>): FieldValue {
    const target = findSObject(relation.referenceTo?.[0] ?? '');
    const entries = Object.entries(value).filter(([key]) => key !== 'attributes');
    const [entry] = entries;
    if (target === undefined || entries.length !== 1 || entry === undefined) {
      throw new RecordFailure(
        'INVALID_FIELD',
        `Foreign key external ID must name exactly one field for ${relation.relationshipName ?? relation.name}`,
      );
    }
    const [key, raw] = entry;
    const field = target.byLowerName.get(key.toLowerCase());
    if (field === undefined || !(field.externalId === true || field.name === 'Id')) {
      throw new RecordFailure(
        'INVALID_FIELD',
        `Field name provided, ${key} is not an External ID or indexed field for ${target.name}`,
      );
    }
    const matches = this.findByExternalId(target, field, String(raw));
    if (matches.length === 0) {
      throw new RecordFailure(
        'INVALID_FIELD',
        `Foreign key external ID: ${String(raw)} not found for field ${field.name} in entity ${target.name}`,
      );
    }
    if (matches.length > 1) {
      throw new RecordFailure(
        'INVALID_FIELD',
        `Foreign key external ID: ${String(raw)} matches more than one record for field ${field.name} in entity ${target.name}`,
      );
    }
    return matches[0]?.['Id'] ?? null;
  }

  private validate(schema: SObjectSchema, record: StoredRecord): void {
    const missing = schema.fields.filter(
      (f) => f.required === true && (record[f.name] === null || record[f.name] === undefined),
    );
    if (missing.length > 0) {
      const names = missing.map((f) => f.name);
      throw new RecordFailure(
        'REQUIRED_FIELD_MISSING',
        `Required fields are missing: [${names.join(', ')}]`,
        names,
      );
    }
    if (schema.name === 'Contact') {
      record['Name'] = [record['FirstName'], record['LastName']]
        .filter((v) => typeof v === 'string' && v !== '')
        .join(' ');
    }
    for (const rule of this.validationRules) {
      if (rule.object !== schema.name) continue;
      const value = record[rule.field];
      const text = value === null || value === undefined ? '' : String(value);
      if (!new RegExp(rule.pattern).test(text)) {
        throw new RecordFailure('FIELD_CUSTOM_VALIDATION_EXCEPTION', rule.message, [rule.field]);
      }
    }
    const key = record[UNIQUE_FIELD];
    if (typeof key === 'string') {
      const owner = this.uniqueIndex[schema.name].get(key.toLowerCase());
      if (owner !== undefined && owner !== record['Id']) {
        throw new RecordFailure(
          'DUPLICATE_VALUE',
          `duplicate value found: ${UNIQUE_FIELD} duplicates value on record with id: ${owner}`,
        );
      }
    }
  }
}
