import { ConnectorError, type FieldDescription, type SourceRecord } from '@flowsync/connector-sdk';
import type { NetSuiteConfig } from './config.ts';

export type NetSuiteObject = 'customer' | 'contact';
export const NETSUITE_OBJECTS: readonly { name: NetSuiteObject; label: string }[] = [
  { name: 'customer', label: 'Customer' },
  { name: 'contact', label: 'Contact' },
];

export type NetSuiteFieldType = 'id' | 'string' | 'boolean' | 'datetime' | 'reference';

/** A field as flows see it (record-API camelCase name) and where SuiteQL keeps it (lower-case column). */
export interface NetSuiteField {
  name: string;
  column: string;
  label: string;
  type: NetSuiteFieldType;
  required?: boolean;
  readOnly?: boolean;
  externalId?: boolean;
  referenceTo?: string;
  custom?: boolean;
}

const HEAD: NetSuiteField[] = [
  { name: 'id', column: 'id', label: 'Internal ID', type: 'id', readOnly: true },
  { name: 'entityId', column: 'entityid', label: 'ID', type: 'string' },
  { name: 'externalId', column: 'externalid', label: 'External ID', type: 'string', externalId: true },
];

const TAIL: NetSuiteField[] = [
  { name: 'isInactive', column: 'isinactive', label: 'Inactive', type: 'boolean' },
  {
    name: 'subsidiary',
    column: 'subsidiary',
    label: 'Subsidiary',
    type: 'reference',
    referenceTo: 'subsidiary',
  },
  { name: 'dateCreated', column: 'datecreated', label: 'Date Created', type: 'datetime', readOnly: true },
  {
    name: 'lastModifiedDate',
    column: 'lastmodifieddate',
    label: 'Last Modified',
    type: 'datetime',
    readOnly: true,
  },
];

const STANDARD_FIELDS: Record<NetSuiteObject, NetSuiteField[]> = {
  customer: [
    ...HEAD,
    { name: 'isPerson', column: 'isperson', label: 'Individual', type: 'boolean' },
    // Required for companies; an individual (isPerson) needs lastName instead.
    { name: 'companyName', column: 'companyname', label: 'Company Name', type: 'string', required: true },
    { name: 'firstName', column: 'firstname', label: 'First Name', type: 'string' },
    { name: 'lastName', column: 'lastname', label: 'Last Name', type: 'string' },
    { name: 'email', column: 'email', label: 'Email', type: 'string' },
    { name: 'phone', column: 'phone', label: 'Phone', type: 'string' },
    ...TAIL.map((field) => (field.name === 'subsidiary' ? { ...field, required: true } : field)),
  ],
  contact: [
    ...HEAD,
    { name: 'firstName', column: 'firstname', label: 'First Name', type: 'string' },
    { name: 'lastName', column: 'lastname', label: 'Last Name', type: 'string', required: true },
    { name: 'email', column: 'email', label: 'Email', type: 'string' },
    { name: 'phone', column: 'phone', label: 'Phone', type: 'string' },
    { name: 'title', column: 'title', label: 'Job Title', type: 'string' },
    { name: 'company', column: 'company', label: 'Company', type: 'reference', referenceTo: 'customer' },
    ...TAIL,
  ],
};

const CUSTOM_LABELS: Record<string, string> = {
  custentity_sf_account_id: 'Salesforce Account ID',
  custentity_sf_contact_id: 'Salesforce Contact ID',
};

function customField(id: string): NetSuiteField {
  // Custom fields are read and written as text; their script id is both property and column name.
  return { name: id, column: id, label: CUSTOM_LABELS[id] ?? id, type: 'string', custom: true };
}

/** The fields of one record type: standard ones plus the configured custom fields. */
export class RecordCatalog {
  readonly object: NetSuiteObject;
  readonly fields: readonly NetSuiteField[];

  constructor(object: NetSuiteObject, customFields: readonly string[]) {
    this.object = object;
    this.fields = [...STANDARD_FIELDS[object], ...customFields.map(customField)];
  }

  /** A field by flow name (`lastModifiedDate`) or column (`lastmodifieddate`); `cust…` ids pass as custom text fields. */
  field(name: string): NetSuiteField {
    const found =
      this.fields.find((field) => field.name === name) ??
      this.fields.find((field) => field.column === name.toLowerCase());
    if (found !== undefined) return found;
    if (/^cust[a-z0-9_]+$/.test(name)) return customField(name);
    throw new ConnectorError(
      'VALIDATION_FAILED',
      `NetSuite ${this.object} has no field "${name}" (known: ${this.fields.map((field) => field.name).join(', ')})`,
      { fields: [name] },
    );
  }

  /** The requested fields (always with id), or every field. */
  selection(names: readonly string[] | undefined): NetSuiteField[] {
    if (names === undefined || names.length === 0) return [...this.fields];
    const selected = new Map<string, NetSuiteField>([['id', this.field('id')]]);
    for (const name of names) {
      const field = this.field(name);
      selected.set(field.name, field);
    }
    return [...selected.values()];
  }

  describe(): FieldDescription[] {
    return this.fields.map((field) => ({
      name: field.name,
      label: field.label,
      type: field.type,
      ...(field.required ? { required: true } : {}),
      ...(field.readOnly ? { readOnly: true } : {}),
      ...(field.externalId ? { externalId: true } : {}),
      ...(field.referenceTo === undefined ? {} : { referenceTo: [field.referenceTo] }),
    }));
  }
}

export function catalogFor(object: string, config: NetSuiteConfig): RecordCatalog {
  if (object !== 'customer' && object !== 'contact') {
    throw new ConnectorError(
      'VALIDATION_FAILED',
      `NetSuite object "${object}" is not supported (supported: customer, contact)`,
    );
  }
  return new RecordCatalog(object, config.customFields[object]);
}

// ---------------------------------------------------------------------------------------------
// SuiteQL: select lists, literals and row normalisation
// ---------------------------------------------------------------------------------------------

/**
 * Datetimes are selected through TO_CHAR into an ISO-like text, because plain datetime columns come
 * back in the account's date format (`1/15/2026`, no time). SuiteQL renders them in the account's
 * time zone, which the connector takes to be UTC: for an account in another zone, the values are
 * that zone's wall-clock times labelled Z. Incremental reads stay correct either way, because the
 * watermark is fed back through TO_DATE in the same zone.
 */
export const ISO_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS';
const TO_DATE_FORMAT = 'YYYY-MM-DD HH24:MI:SS';

export function isoColumn(field: NetSuiteField): string {
  return `${field.column}_iso`;
}

export function selectList(fields: readonly NetSuiteField[]): string {
  return fields
    .map((field) =>
      field.type === 'datetime'
        ? `TO_CHAR(${field.column}, '${ISO_FORMAT}') AS ${isoColumn(field)}`
        : field.column,
    )
    .join(', ');
}

/** A SuiteQL string literal: quotes doubled, nothing else is special. */
export function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** `TO_DATE('2026-01-01 00:00:05', 'YYYY-MM-DD HH24:MI:SS')` for an ISO time, to the second (rounded down). */
export function dateLiteral(iso: string, fieldName: string): string {
  // A time without a zone is UTC here (JavaScript would read it as the machine's local time).
  const ms = Date.parse(/T\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(iso) ? `${iso}Z` : iso);
  if (Number.isNaN(ms)) {
    throw new ConnectorError('VALIDATION_FAILED', `${fieldName}: "${iso}" is not a date and time`, {
      fields: [fieldName],
    });
  }
  const text = new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ');
  return `TO_DATE('${text}', '${TO_DATE_FORMAT}')`;
}

/**
 * The SuiteQL literal for a value compared with `field`; undefined when no record can have that value
 * (a non-numeric id).
 */
export function literalFor(field: NetSuiteField, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  switch (field.type) {
    case 'id':
    case 'reference': {
      const id = typeof value === 'object' && value !== null && 'id' in value ? value.id : value;
      const text = String(id).trim();
      return /^\d+$/.test(text) ? String(Number(text)) : undefined;
    }
    case 'boolean':
      return value === true || value === 'true' || value === 'T' ? "'T'" : "'F'";
    case 'datetime':
      return dateLiteral(String(value), field.name);
    case 'string':
      return quote(typeof value === 'string' ? value : JSON.stringify(value));
    default:
      return assertNever(field.type);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${String(value)}`);
}

/** A SuiteQL row (lower-case columns, string values, NULLs absent) as the flow-facing record. */
export function normalizeRow(fields: readonly NetSuiteField[], row: Record<string, unknown>): SourceRecord {
  const record: SourceRecord = {};
  for (const field of fields) {
    const raw = row[field.type === 'datetime' ? isoColumn(field) : field.column];
    const text = raw === undefined || raw === null || raw === '' ? undefined : String(raw);
    switch (field.type) {
      case 'id':
        record[field.name] = text ?? null;
        break;
      case 'string':
        record[field.name] = text ?? null;
        break;
      case 'boolean':
        record[field.name] = text === 'T';
        break;
      case 'datetime':
        record[field.name] = text === undefined ? null : `${text}Z`;
        break;
      case 'reference':
        record[field.name] = text === undefined ? null : { id: text };
        break;
      default:
        return assertNever(field.type);
    }
  }
  return record;
}

/** Flow values to a record-API body: references become `{ id }`; the id travels in the URL. */
export function toRecordBody(
  catalog: RecordCatalog,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    // An absent value leaves the field as it is; null clears it.
    if (name === 'id' || value === undefined) continue;
    const known = catalog.fields.find((field) => field.name === name);
    if (known?.type === 'reference' && value !== null && value !== undefined) {
      const id = typeof value === 'object' && 'id' in value ? (value as { id: unknown }).id : value;
      body[name] = { id: String(id) };
    } else {
      body[name] = value;
    }
  }
  return body;
}
