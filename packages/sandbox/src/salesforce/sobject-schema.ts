/**
 * The emulated org's metadata: Account and Contact with the fields a contact/account sync uses
 * (connector-protocols.md §1.9), plus the custom external ids `Ext_Id__c` (unique) and `Legacy_Id__c`
 * (not unique, so that an upsert by it can match several records: HTTP 300).
 */

export type SoapType =
  | 'id'
  | 'reference'
  | 'string'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'url'
  | 'picklist'
  | 'boolean'
  | 'double'
  | 'datetime'
  | 'date';

export interface FieldSchema {
  name: string;
  label: string;
  type: SoapType;
  length?: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  /** Required on create (not nillable, createable, not defaulted). */
  required?: boolean;
  externalId?: boolean;
  unique?: boolean;
  referenceTo?: string[];
  relationshipName?: string;
  picklistValues?: string[];
  idLookup?: boolean;
}

export interface SObjectSchema {
  name: 'Account' | 'Contact';
  label: string;
  labelPlural: string;
  keyPrefix: string;
  fields: FieldSchema[];
  /** Lower-case field name → field. SOQL and JSON bodies name fields case-insensitively. */
  byLowerName: Map<string, FieldSchema>;
}

const auditFields: FieldSchema[] = [
  {
    name: 'OwnerId',
    label: 'Owner ID',
    type: 'reference',
    nillable: false,
    createable: true,
    updateable: true,
    referenceTo: ['User'],
    relationshipName: 'Owner',
  },
  {
    name: 'CreatedDate',
    label: 'Created Date',
    type: 'datetime',
    nillable: false,
    createable: false,
    updateable: false,
  },
  {
    name: 'CreatedById',
    label: 'Created By ID',
    type: 'reference',
    nillable: false,
    createable: false,
    updateable: false,
    referenceTo: ['User'],
    relationshipName: 'CreatedBy',
  },
  {
    name: 'LastModifiedDate',
    label: 'Last Modified Date',
    type: 'datetime',
    nillable: false,
    createable: false,
    updateable: false,
  },
  {
    name: 'LastModifiedById',
    label: 'Last Modified By ID',
    type: 'reference',
    nillable: false,
    createable: false,
    updateable: false,
    referenceTo: ['User'],
    relationshipName: 'LastModifiedBy',
  },
  {
    name: 'SystemModstamp',
    label: 'System Modstamp',
    type: 'datetime',
    nillable: false,
    createable: false,
    updateable: false,
  },
];

const externalIdFields: FieldSchema[] = [
  {
    name: 'Ext_Id__c',
    label: 'External ID',
    type: 'string',
    length: 255,
    nillable: true,
    createable: true,
    updateable: true,
    externalId: true,
    unique: true,
    idLookup: true,
  },
  {
    name: 'Legacy_Id__c',
    label: 'Legacy ID',
    type: 'string',
    length: 255,
    nillable: true,
    createable: true,
    updateable: true,
    externalId: true,
    idLookup: true,
  },
];

function text(name: string, label: string, length: number, type: SoapType = 'string'): FieldSchema {
  return { name, label, type, length, nillable: true, createable: true, updateable: true };
}

function address(prefix: 'Billing' | 'Shipping' | 'Mailing'): FieldSchema[] {
  return [
    text(`${prefix}Street`, `${prefix} Street`, 255, 'textarea'),
    text(`${prefix}City`, `${prefix} City`, 40),
    text(`${prefix}State`, `${prefix} State/Province`, 80),
    text(`${prefix}PostalCode`, `${prefix} Zip/Postal Code`, 20),
    text(`${prefix}Country`, `${prefix} Country`, 80),
  ];
}

function build(schema: Omit<SObjectSchema, 'byLowerName'>): SObjectSchema {
  return { ...schema, byLowerName: new Map(schema.fields.map((f) => [f.name.toLowerCase(), f])) };
}

const idField: FieldSchema = {
  name: 'Id',
  label: 'Account ID',
  type: 'id',
  length: 18,
  nillable: false,
  createable: false,
  updateable: false,
  idLookup: true,
};
const isDeleted: FieldSchema = {
  name: 'IsDeleted',
  label: 'Deleted',
  type: 'boolean',
  nillable: false,
  createable: false,
  updateable: false,
};

export const ACCOUNT: SObjectSchema = build({
  name: 'Account',
  label: 'Account',
  labelPlural: 'Accounts',
  keyPrefix: '001',
  fields: [
    idField,
    isDeleted,
    {
      name: 'Name',
      label: 'Account Name',
      type: 'string',
      length: 255,
      nillable: false,
      createable: true,
      updateable: true,
      required: true,
      idLookup: true,
    },
    {
      name: 'Type',
      label: 'Account Type',
      type: 'picklist',
      length: 255,
      nillable: true,
      createable: true,
      updateable: true,
      picklistValues: ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Partner', 'Other'],
    },
    {
      name: 'ParentId',
      label: 'Parent Account ID',
      type: 'reference',
      nillable: true,
      createable: true,
      updateable: true,
      referenceTo: ['Account'],
      relationshipName: 'Parent',
    },
    ...address('Billing'),
    ...address('Shipping'),
    text('Phone', 'Account Phone', 40, 'phone'),
    text('Website', 'Website', 255, 'url'),
    {
      name: 'Industry',
      label: 'Industry',
      type: 'picklist',
      length: 255,
      nillable: true,
      createable: true,
      updateable: true,
      picklistValues: ['Banking', 'Consulting', 'Manufacturing', 'Retail', 'Technology', 'Other'],
    },
    text('Description', 'Account Description', 32000, 'textarea'),
    ...auditFields,
    ...externalIdFields,
  ],
});

export const CONTACT: SObjectSchema = build({
  name: 'Contact',
  label: 'Contact',
  labelPlural: 'Contacts',
  keyPrefix: '003',
  fields: [
    { ...idField, label: 'Contact ID' },
    isDeleted,
    {
      name: 'AccountId',
      label: 'Account ID',
      type: 'reference',
      nillable: true,
      createable: true,
      updateable: true,
      referenceTo: ['Account'],
      relationshipName: 'Account',
    },
    {
      name: 'LastName',
      label: 'Last Name',
      type: 'string',
      length: 80,
      nillable: false,
      createable: true,
      updateable: true,
      required: true,
    },
    text('FirstName', 'First Name', 40),
    {
      name: 'Name',
      label: 'Full Name',
      type: 'string',
      length: 121,
      nillable: false,
      createable: false,
      updateable: false,
      idLookup: true,
    },
    { ...text('Email', 'Email', 80, 'email'), idLookup: true },
    text('Phone', 'Business Phone', 40, 'phone'),
    text('MobilePhone', 'Mobile Phone', 40, 'phone'),
    text('Title', 'Title', 128),
    text('Department', 'Department', 80),
    ...address('Mailing'),
    text('Description', 'Contact Description', 32000, 'textarea'),
    ...auditFields,
    ...externalIdFields,
  ],
});

export const SOBJECTS: readonly SObjectSchema[] = [ACCOUNT, CONTACT];

/** The object for a name as written in a URL or a query (case-insensitive, as Salesforce is). */
export function findSObject(name: string): SObjectSchema | undefined {
  const lower = name.toLowerCase();
  return SOBJECTS.find((s) => s.name.toLowerCase() === lower);
}

export function sobjectForId(id: string): SObjectSchema | undefined {
  return SOBJECTS.find((s) => id.startsWith(s.keyPrefix));
}
