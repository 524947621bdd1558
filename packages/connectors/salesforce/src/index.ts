import type { Connector, Logger } from '@flowsync/connector-sdk';
import { createSalesforceClient } from './client.ts';
import { parseSalesforceSettings, SALESFORCE_SECRET_KEYS, SalesforceConfig } from './config.ts';
import { DescribeCache, describeObject, listObjects } from './describe.operation.ts';
import { lookupRecords } from './lookup-records.operation.ts';
import { parseWebhook } from './parse-webhook.operation.ts';
import { readRecords } from './read-records.operation.ts';
import { testConnection } from './test-connection.operation.ts';
import { updateRecord } from './update-record.operation.ts';
import { MAX_COLLECTION_SIZE, upsertRecords } from './upsert-records.operation.ts';

export { SalesforceConfig, SALESFORCE_SECRET_KEYS, parseSalesforceSettings } from './config.ts';
export type { SalesforceSecrets } from './config.ts';
export {
  classifySalesforceError,
  parseSalesforceErrors,
  toConnectorErrorFromSalesforce,
} from './salesforce-errors.ts';
export type { SalesforceError } from './salesforce-errors.ts';
export { soqlString, soqlDateTime, soqlLiteral } from './soql.ts';

/** A Salesforce connector with its transport, for tests and tools that need to close it. */
export interface SalesforceConnector extends Connector {
  readonly kind: 'salesforce';
  /** Closes pooled connections. */
  close(): Promise<void>;
}

/**
 * Creates a Salesforce connector from connection settings and secrets (validated; throws ConnectorError
 * VALIDATION_FAILED naming the field).
 *
 * @example
 * ```ts
 * const salesforce = createSalesforceConnector(
 *   { loginUrl: 'https://acme.my.salesforce.com', clientId: '3MVG…', authKind: 'clientCredentials' },
 *   { clientSecret: '…' },
 * );
 * for await (const page of salesforce.read({ object: 'Contact', pageSize: 2000 })) console.log(page.records.length);
 * ```
 */
export function createSalesforceConnector(
  config: Record<string, unknown>,
  secrets: Record<string, string>,
  deps: { logger?: Logger } = {},
): SalesforceConnector {
  const settings = parseSalesforceSettings(config, secrets);
  const client = createSalesforceClient(settings.config, settings.secrets, deps.logger);
  const describes = new DescribeCache(client);
  return {
    kind: 'salesforce',
    maxBatchSize: MAX_COLLECTION_SIZE,
    testConnection: (signal) => testConnection(client, signal),
    listObjects: (signal) => listObjects(client, signal),
    describeObject: (object) => describeObject(describes, object),
    read: (request) => readRecords(client, describes, request),
    lookup: (request) => lookupRecords(client, describes, request),
    upsertBatch: (request) => upsertRecords(client, request),
    update: (request) => updateRecord(client, request),
    parseWebhook: (request) => parseWebhook(request, settings.secrets.webhookSecret),
    close: () => client.close(),
  };
}

/**
 * The Salesforce connector kind: settings schema, secret names and factory.
 *
 * @example
 * ```ts
 * const connector = salesforceConnectorDefinition.create(connection.config, connection.secrets, { logger });
 * ```
 */
export const salesforceConnectorDefinition = {
  kind: 'salesforce',
  label: 'Salesforce',
  configSchema: SalesforceConfig,
  secretKeys: SALESFORCE_SECRET_KEYS,
  create: (
    config: Record<string, unknown>,
    secrets: Record<string, string>,
    deps?: { logger?: Logger },
  ): Connector => createSalesforceConnector(config, secrets, deps),
} as const;
