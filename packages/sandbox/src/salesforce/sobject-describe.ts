import type { FieldSchema, SObjectSchema } from './sobject-schema.ts';

const SOAP_TYPES: Record<FieldSchema['type'], string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
  url: 'xsd:string',
  picklist: 'xsd:string',
  boolean: 'xsd:boolean',
  double: 'xsd:double',
  datetime: 'xsd:dateTime',
  date: 'xsd:date',
};

const DEFAULTED = new Set([
  'Id',
  'IsDeleted',
  'OwnerId',
  'CreatedDate',
  'CreatedById',
  'LastModifiedDate',
  'LastModifiedById',
  'SystemModstamp',
]);

function urls(schema: SObjectSchema, version: string): Record<string, string> {
  const base = `/services/data/${version}/sobjects/${schema.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

/** One entry of `GET /sobjects` (describeGlobal). */
export function describeGlobalEntry(schema: SObjectSchema, version: string): Record<string, unknown> {
  return {
    name: schema.name,
    label: schema.label,
    labelPlural: schema.labelPlural,
    keyPrefix: schema.keyPrefix,
    custom: false,
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    retrieveable: true,
    searchable: true,
    triggerable: true,
    replicateable: true,
    urls: urls(schema, version),
  };
}

function describeField(field: FieldSchema): Record<string, unknown> {
  const longText = field.type === 'textarea' && (field.length ?? 0) > 255;
  return {
    name: field.name,
    label: field.label,
    type: field.type,
    soapType: SOAP_TYPES[field.type],
    length: field.length ?? 0,
    nillable: field.nillable,
    createable: field.createable,
    updateable: field.updateable,
    defaultedOnCreate: DEFAULTED.has(field.name),
    externalId: field.externalId === true,
    unique: field.unique === true,
    idLookup: field.idLookup === true,
    custom: field.name.endsWith('__c'),
    calculated: field.name === 'Name' && !field.createable,
    filterable: !longText,
    sortable: !longText,
    referenceTo: field.referenceTo ?? [],
    relationshipName: field.relationshipName ?? null,
    picklistValues: (field.picklistValues ?? []).map((value) => ({
      active: true,
      defaultValue: false,
      label: value,
      validFor: null,
      value,
    })),
  };
}

/** `GET /sobjects/X/describe`. */
export function describeSObject(schema: SObjectSchema, version: string): Record<string, unknown> {
  return {
    ...describeGlobalEntry(schema, version),
    fields: schema.fields.map(describeField),
    childRelationships: [],
    recordTypeInfos: [],
  };
}
