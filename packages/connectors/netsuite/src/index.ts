import type { TSchema } from '@sinclair/typebox';
import type { Connector, Logger } from '@flowsync/connector-sdk';
import { createNetSuiteClient, type NetSuiteClientOptions } from './client.ts';
import {
  NETSUITE_SECRET_KEYS,
  NetSuiteConfig,
  parseNetSuiteSettings,
  type NetSuiteSecrets,
} from './config.ts';
import { describeObject, listObjects } from './describe.operation.ts';
import { lookupRecords } from './lookup-records.operation.ts';
import type { OperationContext } from './operation-context.ts';
import { parseWebhook } from './parse-webhook.operation.ts';
import { readRecords } from './read-records.operation.ts';
import { testConnection } from './test-connection.operation.ts';
import { updateRecord } from './update-record.operation.ts';
import { upsertRecords } from './upsert-records.operation.ts';

export {
  NetSuiteConfig,
  NETSUITE_SECRET_KEYS,
  parseNetSuiteSettings,
  type NetSuiteSecrets,
} from './config.ts';
export {
  netSuiteErrorClassifier,
  createNetSuiteClient,
  type NetSuiteClient,
  type SuiteQLPage,
} from './client.ts';

/** NetSuite has no batch write; a "batch" is the unit the connector runs with bounded concurrency. */
export const NETSUITE_MAX_BATCH_SIZE = 200;

export interface NetSuiteConnector extends Connector {
  readonly kind: 'netsuite';
  /** Closes pooled connections. */
  close(): Promise<void>;
}

export interface NetSuiteConnectorDeps extends NetSuiteClientOptions {
  logger?: Logger;
}

/**
 * Creates a NetSuite connector (SuiteTalk REST: SuiteQL reads and lookups, record-API writes) with
 * token-based authentication or OAuth 2.0 client credentials. Throws ConnectorError VALIDATION_FAILED
 * naming the setting that is wrong.
 *
 * @example
 * ```ts
 * const netsuite = createNetSuiteConnector(
 *   { accountId: '1234567_SB1', authKind: 'tba' },
 *   { consumerKey, consumerSecret, tokenId, tokenSecret },
 * );
 * for await (const page of netsuite.read({ object: 'contact', pageSize: 200,
 *   incremental: { field: 'lastModifiedDate', since: '2026-01-01T00:00:00Z' } })) console.log(page.records.length);
 * ```
 */
export function createNetSuiteConnector(
  rawConfig: Record<string, unknown>,
  rawSecrets: NetSuiteSecrets | Record<string, string>,
  deps: NetSuiteConnectorDeps = {},
): NetSuiteConnector {
  const { config, secrets } = parseNetSuiteSettings(rawConfig, rawSecrets as Record<string, string>);
  const client = createNetSuiteClient(config, secrets, deps);
  const context: OperationContext = { client, config, secrets };
  return {
    kind: 'netsuite',
    maxBatchSize: NETSUITE_MAX_BATCH_SIZE,
    testConnection: (signal) => testConnection(context, signal),
    listObjects: async () => listObjects(),
    describeObject: async (object) => describeObject(config, object),
    read: (request) => readRecords(context, request),
    lookup: (request) => lookupRecords(context, request),
    upsertBatch: (request) => upsertRecords(context, request),
    update: (request) => updateRecord(context, request),
    parseWebhook: (request) => parseWebhook(config, secrets, request),
    close: () => client.close(),
  };
}

/**
 * How flowsync creates NetSuite connections: TypeBox schema of the settings, the names of the secret
 * ones, and the factory.
 *
 * @example
 * ```ts
 * const connector = netsuiteConnectorDefinition.create({ accountId: '1234567', authKind: 'oauth2', clientId, certificateId },
 *   { privateKeyPem });
 * ```
 */
export const netsuiteConnectorDefinition: {
  kind: 'netsuite';
  label: string;
  configSchema: TSchema;
  secretKeys: readonly string[];
  create(
    config: Record<string, unknown>,
    secrets: Record<string, string>,
    deps?: { logger?: Logger },
  ): Connector;
} = {
  kind: 'netsuite',
  label: 'NetSuite',
  configSchema: NetSuiteConfig,
  secretKeys: NETSUITE_SECRET_KEYS,
  create: (config, secrets, deps) => createNetSuiteConnector(config, secrets, deps),
};
