import type { UpdateRequest } from '@flowsync/connector-sdk';
import type { OperationContext } from './operation-context.ts';
import { catalogFor, toRecordBody } from './record-catalog.ts';
import { recordPath } from './upsert-records.operation.ts';

/**
 * Updates one record with PATCH (omitted fields stay as they are, null clears): the write-back of a
 * Salesforce id into `custentity_sf_contact_id` / `custentity_sf_account_id`.
 *
 * @example
 * ```ts
 * await updateRecord(context, { object: 'contact', id: '5001', fields: { custentity_sf_contact_id: '003…' } });
 * ```
 */
export async function updateRecord(context: OperationContext, request: UpdateRequest): Promise<void> {
  const catalog = catalogFor(request.object, context.config);
  await context.client.request({
    method: 'PATCH',
    url: recordPath(catalog.object, request.id),
    json: toRecordBody(catalog, request.fields),
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  });
}
