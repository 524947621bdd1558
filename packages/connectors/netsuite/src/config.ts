import { Type, type Static } from '@sinclair/typebox';
import { ConnectorError, parseConnectionSettings } from '@flowsync/connector-sdk';

const CustomFieldId = Type.String({ pattern: '^cust[a-z0-9_]+$', description: 'Custom field script id' });

/**
 * Non-secret settings of a NetSuite connection. Secrets (consumer key/secret and token id/secret for
 * TBA, the certificate's private key for OAuth 2.0, the webhook secret) are passed separately, see
 * {@link NETSUITE_SECRET_KEYS}.
 */
export const NetSuiteConfig = Type.Object({
  accountId: Type.String({
    pattern: '^[A-Za-z0-9_-]+$',
    description: 'Account id as in the OAuth realm, e.g. 1234567 or 1234567_SB1 for a sandbox',
  }),
  baseUrl: Type.Optional(
    Type.String({
      pattern: '^https?://[^\\s/]+(?::\\d+)?(/services/rest)?/?$',
      description:
        'Overrides https://<account-id>.suitetalk.api.netsuite.com (see Company Information > Company URLs)',
    }),
  ),
  authKind: Type.Union([Type.Literal('tba'), Type.Literal('oauth2')], {
    default: 'tba',
    description: 'Token-based authentication (OAuth 1.0a) or OAuth 2.0 client credentials (M2M)',
  }),
  clientId: Type.Optional(
    Type.String({ minLength: 1, description: 'OAuth 2.0: integration record client id' }),
  ),
  certificateId: Type.Optional(
    Type.String({ minLength: 1, description: 'OAuth 2.0: certificate id of the M2M mapping (JWT kid)' }),
  ),
  assertionAlgorithm: Type.Optional(
    Type.Union(
      ['PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'].map((alg) => Type.Literal(alg)),
      { description: 'OAuth 2.0: JWT signing algorithm; derived from the key when absent (RSA → PS256)' },
    ),
  ),
  scopes: Type.Array(Type.String({ pattern: '^[a-z_]+$' }), {
    default: ['rest_webservices'],
    minItems: 1,
    description: 'OAuth 2.0 scopes',
  }),
  tokenUrl: Type.Optional(
    Type.String({
      pattern: '^https?://\\S+$',
      description: 'OAuth 2.0 token endpoint; defaults from the base URL',
    }),
  ),
  concurrency: Type.Integer({
    minimum: 1,
    maximum: 100,
    default: 4,
    description: 'Concurrent requests this connection makes (keep below the account concurrency limit)',
  }),
  rateLimitRetries: Type.Integer({
    minimum: 0,
    maximum: 20,
    default: 6,
    description: 'Retries of a call refused with 429 before the error surfaces',
  }),
  rateLimitBaseDelayMs: Type.Integer({
    minimum: 1,
    maximum: 60_000,
    default: 1000,
    description: 'First backoff after a 429; doubles per retry, with jitter',
  }),
  customFields: Type.Object(
    {
      customer: Type.Array(CustomFieldId, { default: ['custentity_sf_account_id'] }),
      contact: Type.Array(CustomFieldId, { default: ['custentity_sf_contact_id'] }),
    },
    { default: {}, description: 'Custom fields read with every record (the Salesforce write-back fields)' },
  ),
  allowPrivateNetwork: Type.Boolean({
    default: false,
    description: 'Allow loopback and private addresses (local sandbox only)',
  }),
  timeoutMs: Type.Integer({ minimum: 1000, maximum: 900_000, default: 120_000 }),
});
export type NetSuiteConfig = Static<typeof NetSuiteConfig>;

export const NETSUITE_SECRET_KEYS = [
  'consumerKey',
  'consumerSecret',
  'tokenId',
  'tokenSecret',
  'privateKeyPem',
  'webhookSecret',
] as const;
export type NetSuiteSecrets = Partial<Record<(typeof NETSUITE_SECRET_KEYS)[number], string>>;

export function invalidSetting(message: string): ConnectorError {
  return new ConnectorError('VALIDATION_FAILED', `NetSuite connection: ${message}`);
}

/**
 * Applies defaults and checks the settings and the secrets the chosen auth kind needs.
 * Throws ConnectorError VALIDATION_FAILED naming the field.
 *
 * @example
 * ```ts
 * const { config, secrets } = parseNetSuiteSettings({ accountId: '1234567_SB1' }, { consumerKey, consumerSecret, tokenId, tokenSecret });
 * ```
 */
export function parseNetSuiteSettings(
  rawConfig: Record<string, unknown>,
  rawSecrets: Record<string, string>,
): { config: NetSuiteConfig; secrets: NetSuiteSecrets } {
  const parsed = parseConnectionSettings({
    system: 'NetSuite',
    schema: NetSuiteConfig,
    secretKeys: NETSUITE_SECRET_KEYS,
    config: rawConfig,
    secrets: rawSecrets,
  });
  const { config, secrets } = parsed;
  const requireSecret = (key: keyof NetSuiteSecrets): void =>
    parsed.requireSecret(key, `for authKind ${config.authKind}`);
  switch (config.authKind) {
    case 'tba':
      requireSecret('consumerKey');
      requireSecret('consumerSecret');
      requireSecret('tokenId');
      requireSecret('tokenSecret');
      break;
    case 'oauth2':
      if (config.clientId === undefined) throw invalidSetting('clientId: required for authKind oauth2');
      if (config.certificateId === undefined)
        throw invalidSetting('certificateId: required for authKind oauth2');
      requireSecret('privateKeyPem');
      break;
    default:
      return assertNever(config.authKind);
  }
  return { config, secrets };
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${String(value)}`);
}

/**
 * `https://1234567-sb1.suitetalk.api.netsuite.com`: in the host the account id is lower case with
 * `-`, in the OAuth realm upper case with `_` (§2.1).
 */
export function defaultOrigin(accountId: string): string {
  return `https://${accountId.toLowerCase().replace(/_/g, '-')}.suitetalk.api.netsuite.com`;
}

/** `<origin>/services/rest` from the configured base URL, with or without the path. */
export function restRoot(config: NetSuiteConfig): string {
  const origin = (config.baseUrl ?? defaultOrigin(config.accountId))
    .replace(/\/+$/, '')
    .replace(/\/services\/rest$/, '');
  return `${origin}/services/rest`;
}
