import type { FieldDescription, ObjectDescription } from '@flowsync/connector-sdk';
import type { SalesforceClient } from './client.ts';
import { soqlName } from './soql.ts';

/** The parts of a Salesforce describe that we use. */
export interface SalesforceDescribe {
  name: string;
  label: string;
  queryable?: boolean;
  fields: {
    name: string;
    label: string;
    type: string;
    nillable: boolean;
    createable: boolean;
    updateable: boolean;
    defaultedOnCreate?: boolean;
    externalId?: boolean;
    calculated?: boolean;
    referenceTo?: string[];
    picklistValues?: { value: string; active?: boolean }[];
  }[];
}

/** Field types that cannot be selected in SOQL field lists as plain values. */
const NOT_SELECTABLE = new Set(['base64']);

/** Caches describes per object for the connector's life (field lists, literal types). */
export class DescribeCache {
  private readonly client: SalesforceClient;
  private readonly entries = new Map<string, Promise<SalesforceDescribe>>();

  constructor(client: SalesforceClient) {
    this.client = client;
  }

  /** The describe of an object; shared by concurrent callers, so it is not tied to one caller's signal. */
  get(object: string): Promise<SalesforceDescribe> {
    const key = object.toLowerCase();
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = this.client
        .request<SalesforceDescribe>({ path: `sobjects/${soqlName(object, 'object')}/describe` })
        .then((response) => response.body);
      // A failed describe must not stay cached.
      entry.catch(() => this.entries.delete(key));
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Describe field type by name (case-insensitive), for literal formatting. */
  async fieldTypes(object: string): Promise<Map<string, string>> {
    const describe = await this.get(object);
    return new Map(describe.fields.map((f) => [f.name.toLowerCase(), f.type]));
  }

  /** Every selectable field, for reads that name none. */
  async allFields(object: string): Promise<string[]> {
    const describe = await this.get(object);
    return describe.fields.filter((f) => !NOT_SELECTABLE.has(f.type)).map((f) => f.name);
  }
}

function fieldType(type: string): FieldDescription['type'] {
  switch (type) {
    case 'id':
      return 'id';
    case 'reference':
      return 'reference';
    case 'boolean':
      return 'boolean';
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
    case 'long':
      return 'number';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'picklist':
    case 'multipicklist':
    case 'combobox':
      return 'picklist';
    case 'string':
    case 'textarea':
    case 'email':
    case 'phone':
    case 'url':
    case 'encryptedstring':
      return 'string';
    case 'address':
    case 'location':
      return 'object';
    default:
      return 'other';
  }
}

/** Maps a Salesforce describe to the editor's object description. */
export function toObjectDescription(describe: SalesforceDescribe): ObjectDescription {
  const names = new Set(describe.fields.map((f) => f.name));
  const fields = describe.fields.map((f): FieldDescription => {
    const field: FieldDescription = { name: f.name, label: f.label, type: fieldType(f.type) };
    if (!f.nillable && f.createable && f.defaultedOnCreate !== true) field.required = true;
    if (f.externalId === true) field.externalId = true;
    if (!f.createable && !f.updateable) field.readOnly = true;
    if (f.referenceTo !== undefined && f.referenceTo.length > 0) field.referenceTo = f.referenceTo;
    const picklist = (f.picklistValues ?? []).filter((p) => p.active !== false).map((p) => p.value);
    if (picklist.length > 0) field.picklistValues = picklist;
    return field;
  });
  const modifiedField = names.has('SystemModstamp')
    ? 'SystemModstamp'
    : names.has('LastModifiedDate')
      ? 'LastModifiedDate'
      : undefined;
  return {
    name: describe.name,
    label: describe.label,
    idField: 'Id',
    ...(modifiedField === undefined ? {} : { modifiedField }),
    fields,
  };
}

/** `GET /sobjects/X/describe` as an ObjectDescription (idField `Id`, modifiedField `SystemModstamp`). */
export async function describeObject(cache: DescribeCache, object: string): Promise<ObjectDescription> {
  return toObjectDescription(await cache.get(object));
}

/** `GET /sobjects`: the queryable objects. */
export async function listObjects(
  client: SalesforceClient,
  signal?: AbortSignal,
): Promise<Pick<ObjectDescription, 'name' | 'label'>[]> {
  const { body } = await client.request<{ sobjects: { name: string; label: string; queryable?: boolean }[] }>(
    {
      path: 'sobjects',
      ...(signal === undefined ? {} : { signal }),
    },
  );
  return body.sobjects.filter((s) => s.queryable !== false).map((s) => ({ name: s.name, label: s.label }));
}
