import type { UpdateRequest } from '@flowsync/connector-sdk';
import type { SalesforceClient } from './client.ts';
import { salesforceId, soqlName } from './soql.ts';

/**
 * Updates one record by id (`PATCH /sobjects/{object}/{id}`, 204): the write-back of another system's id.
 *
 * @example
 * ```ts
 * await updateRecord(client, { object: 'Account', id: '001…', fields: { NetSuite_Id__c: '1042' } });
 * ```
 */
export async function updateRecord(client: SalesforceClient, request: UpdateRequest): Promise<void> {
  const object = soqlName(request.object, 'object');
  const id = salesforceId(request.id);
  const fields = Object.fromEntries(
    Object.entries(request.fields).filter(([key]) => key.toLowerCase() !== 'id'),
  );
  await client.request({
    method: 'PATCH',
    path: `sobjects/${object}/${id}`,
    json: fields,
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  });
}
