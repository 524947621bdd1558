/**
 * The record types the emulator serves and their fields: record-API names (camelCase) and SuiteQL
 * column names (lower case), per connector-protocols.md §2.5–2.6.
 */
export const RECORD_TYPES = ['customer', 'contact'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export type FieldType = 'id' | 'string' | 'boolean' | 'datetime' | 'reference';

export interface FieldDef {
  /** Record-API property name. */
  name: string;
  /** SuiteQL column. */
  column: string;
  label: string;
  type: FieldType;
  readOnly?: boolean;
  referenceTo?: 'customer' | 'subsidiary';
}

/** Entity custom fields the integration writes the Salesforce ids back to. */
export const CUSTOM_FIELDS: Record<RecordType, FieldDef[]> = {
  customer: [
    {
      name: 'custentity_sf_account_id',
      column: 'custentity_sf_account_id',
      label: 'Salesforce Account ID',
      type: 'string',
    },
  ],
  contact: [
    {
      name: 'custentity_sf_contact_id',
      column: 'custentity_sf_contact_id',
      label: 'Salesforce Contact ID',
      type: 'string',
    },
  ],
};

const COMMON_HEAD: FieldDef[] = [
  { name: 'id', column: 'id', label: 'Internal ID', type: 'id', readOnly: true },
  { name: 'entityId', column: 'entityid', label: 'ID', type: 'string' },
  { name: 'externalId', column: 'externalid', label: 'External ID', type: 'string' },
];

const COMMON_TAIL: FieldDef[] = [
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

export const RECORD_FIELDS: Record<RecordType, FieldDef[]> = {
  customer: [
    ...COMMON_HEAD,
    { name: 'isPerson', column: 'isperson', label: 'Individual', type: 'boolean' },
    { name: 'companyName', column: 'companyname', label: 'Company Name', type: 'string' },
    { name: 'firstName', column: 'firstname', label: 'First Name', type: 'string' },
    { name: 'lastName', column: 'lastname', label: 'Last Name', type: 'string' },
    { name: 'email', column: 'email', label: 'Email', type: 'string' },
    { name: 'phone', column: 'phone', label: 'Phone', type: 'string' },
    ...COMMON_TAIL,
    ...CUSTOM_FIELDS.customer,
  ],
  contact: [
    ...COMMON_HEAD,
    { name: 'firstName', column: 'firstname', label: 'First Name', type: 'string' },
    { name: 'lastName', column: 'lastname', label: 'Last Name', type: 'string' },
    { name: 'email', column: 'email', label: 'Email', type: 'string' },
    { name: 'phone', column: 'phone', label: 'Phone', type: 'string' },
    { name: 'title', column: 'title', label: 'Job Title', type: 'string' },
    { name: 'company', column: 'company', label: 'Company', type: 'reference', referenceTo: 'customer' },
    ...COMMON_TAIL,
    ...CUSTOM_FIELDS.contact,
  ],
};

export function isRecordType(value: string): value is RecordType {
  return (RECORD_TYPES as readonly string[]).includes(value);
}

export function fieldByName(type: RecordType, name: string): FieldDef | undefined {
  return RECORD_FIELDS[type].find((field) => field.name === name);
}

/** Subsidiaries of the emulated OneWorld account. */
export const SUBSIDIARIES: ReadonlyMap<string, string> = new Map([
  ['1', 'Parent Company'],
  ['2', 'Honeycomb Mfg.'],
  ['3', 'Honeycomb Holdings Inc.'],
]);
