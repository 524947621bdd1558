import type { ObjectDescription } from '@flowsync/connector-sdk';
import type { NetSuiteConfig } from './config.ts';
import { catalogFor, NETSUITE_OBJECTS } from './record-catalog.ts';

/**
 * The record types this connector reads and writes, for the editor's pickers. Static: the REST
 * metadata catalog describes hundreds of types and is slow; flows here need customer and contact.
 *
 * @example
 * ```ts
 * listObjects(); // [{ name: 'customer', label: 'Customer' }, { name: 'contact', label: 'Contact' }]
 * ```
 */
export function listObjects(): Pick<ObjectDescription, 'name' | 'label'>[] {
  return NETSUITE_OBJECTS.map(({ name, label }) => ({ name, label }));
}

/**
 * Fields of a record type: which are references (`company` → customer), the external id, the
 * read-only ones and the configured custom (write-back) fields.
 *
 * @example
 * ```ts
 * describeObject(config, 'contact').fields.find((field) => field.name === 'company'); // { type: 'reference', referenceTo: ['customer'], … }
 * ```
 */
export function describeObject(config: NetSuiteConfig, object: string): ObjectDescription {
  const catalog = catalogFor(object, config);
  const label = NETSUITE_OBJECTS.find((entry) => entry.name === catalog.object)?.label ?? object;
  return {
    name: catalog.object,
    label,
    idField: 'id',
    modifiedField: 'lastModifiedDate',
    fields: catalog.describe(),
  };
}
