import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import Fastify from 'fastify';
import { initialFaults } from '../shared/faults.ts';
import { generateSeed, type SeedData } from '../shared/seed-data.ts';
import { WebhookDispatcher } from '../shared/webhooks.ts';
import { adminRoutes } from './admin.routes.ts';
import type { TbaCredentials } from './netsuite-auth.ts';
import {
  initialStats,
  sendError,
  type NetSuiteContext,
  type NetSuiteSettings,
  type NetSuiteState,
} from './netsuite-context.ts';
import { NetSuiteApiError } from './netsuite-errors.ts';
import { createStore } from './netsuite-store.ts';
import { restApiPlugin } from './rest-api.plugin.ts';
import { tokenRoutes } from './token.routes.ts';

export type { NetSuiteState, NetSuiteStats, LoginAuditEntry } from './netsuite-context.ts';
export type { TbaCredentials } from './netsuite-auth.ts';
export { RECORD_FIELDS, CUSTOM_FIELDS, type RecordType } from './netsuite-schema.ts';
export { toNormalizedRecord } from './netsuite-views.ts';

import type { EmulatorInstance } from '../shared/emulator-instance.ts';
export type { EmulatorInstance };

export interface NetSuiteOAuth2Options {
  clientId: string;
  certificateId: string;
  /** The certificate's public key (RSA for PS256…, EC for ES256…). Generated (EC P-256) when absent. */
  publicKeyPem?: string;
  /** Handed out by `connection(baseUrl, 'oauth2')`; only known when the emulator generated the key. */
  privateKeyPem?: string;
}

export interface NetSuiteEmulatorOptions {
  /** Default `1234567_SB1` (the OAuth realm form: upper case with `_`). */
  accountId?: string;
  tba?: TbaCredentials;
  oauth2?: NetSuiteOAuth2Options;
  /** Lifetime of OAuth 2.0 access tokens; NetSuite's is 3600 s. */
  tokenLifetimeSeconds?: number;
  /** Concurrent API requests allowed for the account before 429 (default 5, a base service tier). */
  concurrencyLimit?: number;
  adminToken?: string;
  seed?: SeedData;
  /** Secret returned with `connection()` for verifying realtime events (subscriptions choose their own). */
  webhookSecret?: string;
  clock?: () => number;
}

export interface NetSuiteEmulator extends EmulatorInstance<NetSuiteState> {
  connection(
    baseUrl: string,
    authKind?: 'tba' | 'oauth2',
  ): { kind: 'netsuite'; config: Record<string, unknown>; secrets: Record<string, string> };
}

const DEFAULT_TBA: TbaCredentials = {
  consumerKey: 'ns-sandbox-consumer-key',
  consumerSecret: 'ns-sandbox-consumer-secret',
  tokenId: 'ns-sandbox-token-id',
  tokenSecret: 'ns-sandbox-token-secret',
};

/**
 * A NetSuite SuiteTalk REST emulator: TBA (OAuth 1.0a HMAC-SHA256, signatures verified) and OAuth 2.0
 * M2M auth, the record API for customer and contact, SuiteQL with `Prefer: transient` and offset
 * paging, `o:errorDetails` errors, the account concurrency limit (429), fault switches, and an admin
 * API whose record changes fire signed realtime events.
 *
 * @example
 * ```ts
 * const netsuite = await createNetSuiteEmulator({ seed: generateSeed({ contacts: 500 }) });
 * const address = await netsuite.app.listen({ host: '127.0.0.1', port: 0 });
 * const { config, secrets } = netsuite.connection(address);
 * ```
 */
export async function createNetSuiteEmulator(
  options: NetSuiteEmulatorOptions = {},
): Promise<NetSuiteEmulator> {
  const clock = options.clock ?? Date.now;
  const seed = options.seed ?? generateSeed();
  const accountId = options.accountId ?? '1234567_SB1';
  let privateKeyPem = options.oauth2?.privateKeyPem;
  let publicKeyPem = options.oauth2?.publicKeyPem;
  if (publicKeyPem === undefined) {
    const pair = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    publicKeyPem = pair.publicKey;
    privateKeyPem = pair.privateKey;
  }
  const settings: NetSuiteSettings = {
    accountId,
    tba: options.tba ?? DEFAULT_TBA,
    oauth2: {
      clientId: options.oauth2?.clientId ?? 'ns-sandbox-client-id',
      certificateId: options.oauth2?.certificateId ?? 'ns-sandbox-certificate-id',
      publicKey: createPublicKey(publicKeyPem),
    },
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    concurrencyLimit: options.concurrencyLimit ?? 5,
    adminToken: options.adminToken ?? 'sandbox-admin',
  };
  const state: NetSuiteState = {
    accountId,
    store: createStore(seed, clock),
    auth: { nonces: new Map(), bearerTokens: new Map() },
    loginAudit: [],
    stats: initialStats(),
  };
  const faults = initialFaults();
  const webhooks = new WebhookDispatcher('netsuite');
  const context: NetSuiteContext = {
    state,
    settings,
    faults,
    webhooks,
    clock,
    resetData() {
      Object.assign(state.store, createStore(seed, clock));
      Object.assign(faults, initialFaults());
      // Calls being served right now still finish and release their slot.
      Object.assign(state.stats, { ...initialStats(), inFlight: state.stats.inFlight });
      state.loginAudit.length = 0;
    },
  };

  const app = Fastify({ logger: false });
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof NetSuiteApiError) {
      return sendError(reply, error);
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    const message = error instanceof Error ? error.message : String(error);
    if (status >= 400 && status < 500) {
      const code = status === 415 ? 415 : 400;
      return sendError(
        reply,
        new NetSuiteApiError(code, {
          detail: `Invalid request: ${message}`,
          'o:errorCode': 'INVALID_CONTENT',
        }),
      );
    }
    request.log.error(error);
    return sendError(
      reply,
      new NetSuiteApiError(500, {
        detail: 'An unexpected error occurred.',
        'o:errorCode': 'UNEXPECTED_ERROR',
      }),
    );
  });
  await app.register(tokenRoutes, { context });
  await app.register(restApiPlugin, { context, prefix: '/services/rest' });
  await app.register(adminRoutes, { context, prefix: '/__admin' });

  return {
    app,
    state,
    webhooks,
    faults,
    connection(baseUrl, authKind = 'tba') {
      const webhookSecret = options.webhookSecret ?? 'ns-sandbox-webhook-secret';
      const common = { accountId, baseUrl, allowPrivateNetwork: true };
      if (authKind === 'oauth2') {
        return {
          kind: 'netsuite',
          config: {
            ...common,
            authKind: 'oauth2',
            clientId: settings.oauth2.clientId,
            certificateId: settings.oauth2.certificateId,
          },
          secrets: { ...(privateKeyPem === undefined ? {} : { privateKeyPem }), webhookSecret },
        };
      }
      return {
        kind: 'netsuite',
        config: { ...common, authKind: 'tba' },
        secrets: { ...settings.tba, webhookSecret },
      };
    },
  };
}
