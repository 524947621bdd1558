import { createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import { initialFaults } from '../shared/faults.ts';
import { generateSeed, type SeedData } from '../shared/seed-data.ts';
import { WebhookDispatcher } from '../shared/webhooks.ts';
import { adminPlugin } from './admin.routes.ts';
import type { EmulatorContext, EmulatorInstance } from './emulator-context.ts';
import { registerOAuthRoutes } from './oauth.routes.ts';
import { restApiPlugin } from './rest-api.plugin.ts';
import { SalesforceState } from './salesforce-state.ts';

export type { EmulatorInstance } from './emulator-context.ts';
export { SalesforceState, SEED_TIME } from './salesforce-state.ts';
export { formatDateTime, ORG_ID, USER_ID } from './record-store.ts';
export type { StoredRecord, ValidationRule, RecordFault } from './record-store.ts';

export interface SalesforceEmulatorOptions {
  /** Connected app consumer key. Default `3MVG9sandbox.flowsync`. */
  clientId?: string;
  /** Connected app consumer secret. Default `sandbox-client-secret`. */
  clientSecret?: string;
  /** The integration user (JWT `sub`). Default `integration@flowsync.sandbox`. */
  username?: string;
  /**
   * Public key or X.509 certificate (PEM) that verifies JWT bearer assertions. When absent, the emulator
   * generates an RSA key pair and hands the private key out through `connection()`.
   */
  jwtPublicKeyPem?: string;
  /** Session lifetime; Salesforce's default session timeout is 2 hours. */
  tokenLifetimeSeconds?: number;
  /** Largest query batch served (Salesforce: 2000). Lower it to exercise paging with little data. */
  queryBatchSize?: number;
  /** Daily API request allocation reported in Sforce-Limit-Info; beyond it calls get REQUEST_LIMIT_EXCEEDED. */
  apiLimit?: number;
  /** Value of the `x-sandbox-admin` header for `/__admin`. Default `sandbox-admin`. */
  adminToken?: string;
  /** The NetSuite seed, whose contact emails the pre-existing Salesforce contacts mirror. */
  seed?: SeedData;
  /** Epoch milliseconds; defaults to Date.now. */
  clock?: () => number;
  /** Sent as the connection's webhook secret by `connection()`. Default `salesforce-webhook-secret`. */
  webhookSecret?: string;
  /** API version `connection()` names. Default `62.0`. */
  apiVersion?: string;
}

async function jwtKeys(
  publicKeyPem: string | undefined,
): Promise<{ publicKey: KeyObject; privateKeyPem?: string }> {
  if (publicKeyPem !== undefined) return { publicKey: createPublicKey(publicKeyPem) };
  const { publicKey, privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  return { publicKey, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/**
 * Creates the Salesforce emulator: the OAuth token endpoint (client credentials, JWT bearer, refresh
 * token), the REST API (SOQL with query locators, sObjects, upsert by external id, sObject Collections,
 * deleted/updated), Salesforce's errors and limits, fault switches and the `/__admin` API.
 *
 * @example
 * ```ts
 * const salesforce = await createSalesforceEmulator({ queryBatchSize: 200 });
 * const baseUrl = await salesforce.app.listen({ host: '127.0.0.1', port: 0 });
 * const connection = salesforce.connection(baseUrl); // kind 'salesforce', client credentials
 * ```
 */
export async function createSalesforceEmulator(
  options: SalesforceEmulatorOptions = {},
): Promise<EmulatorInstance<SalesforceState>> {
  const clock = options.clock ?? Date.now;
  const clientId = options.clientId ?? '3MVG9sandbox.flowsync';
  const clientSecret = options.clientSecret ?? 'sandbox-client-secret';
  const username = options.username ?? 'integration@flowsync.sandbox';
  const webhookSecret = options.webhookSecret ?? 'salesforce-webhook-secret';
  const apiVersion = options.apiVersion ?? '62.0';
  const keys = await jwtKeys(options.jwtPublicKeyPem);
  const state = new SalesforceState({
    clientId,
    clientSecret,
    username,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 7200,
    queryBatchSize: options.queryBatchSize ?? 2000,
    apiLimit: options.apiLimit ?? 15_000,
    seed: options.seed ?? generateSeed(),
    clock,
  });
  const faults = initialFaults();
  const webhooks = new WebhookDispatcher('salesforce');
  const context: EmulatorContext = {
    state,
    faults,
    webhooks,
    clientId,
    clientSecret,
    username,
    jwtPublicKey: keys.publicKey,
    adminToken: options.adminToken ?? 'sandbox-admin',
    clock,
  };

  const app = Fastify({ routerOptions: { ignoreTrailingSlash: true }, bodyLimit: 50 * 1024 * 1024 });
  registerOAuthRoutes(app, context);
  app.register((api) => restApiPlugin(api, context), { prefix: '/services/data' });
  app.register((admin) => adminPlugin(admin, context), { prefix: '/__admin' });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/services/')) {
      return reply
        .code(404)
        .send([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    }
    return reply.code(404).send({ error: 'not_found', message: `${request.method} ${request.url}` });
  });

  return {
    app,
    state,
    webhooks,
    faults,
    connection(baseUrl) {
      const secrets: Record<string, string> = {
        clientSecret,
        webhookSecret,
        refreshToken: state.initialRefreshToken,
      };
      if (keys.privateKeyPem !== undefined) secrets['privateKeyPem'] = keys.privateKeyPem;
      return {
        kind: 'salesforce',
        config: {
          loginUrl: baseUrl.replace(/\/+$/, ''),
          apiVersion,
          authKind: 'clientCredentials',
          clientId,
          username,
          allowPrivateNetwork: true,
        },
        secrets,
      };
    },
  };
}
