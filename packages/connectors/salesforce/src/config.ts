import { Type, type Static } from '@sinclair/typebox';
import { ConnectorError, parseConnectionSettings } from '@flowsync/connector-sdk';

/**
 * Non-secret settings of a Salesforce connection. Secrets (client secret, private key, refresh token,
 * webhook secret) are passed separately, see {@link SALESFORCE_SECRET_KEYS}.
 */
export const SalesforceConfig = Type.Object({
  loginUrl: Type.String({
    default: 'https://login.salesforce.com',
    pattern: '^https?://[^\\s/]+(?::\\d+)?/?$',
    description:
      "Token host: the org's My Domain URL (https://acme.my.salesforce.com; required for client credentials), https://login.salesforce.com or https://test.salesforce.com",
  }),
  apiVersion: Type.String({
    default: '62.0',
    pattern: '^\\d{2}\\.0$',
    description: 'REST API version, 46.0 or later (collection upsert needs 46.0)',
  }),
  authKind: Type.Union(
    [Type.Literal('clientCredentials'), Type.Literal('jwtBearer'), Type.Literal('refreshToken')],
    { default: 'clientCredentials', description: 'OAuth 2.0 flow used to obtain access tokens' },
  ),
  clientId: Type.String({ minLength: 1, description: 'Connected app consumer key' }),
  username: Type.Optional(Type.String({ minLength: 1, description: 'Integration user (JWT bearer `sub`)' })),
  audience: Type.Optional(
    Type.String({ minLength: 1, description: 'JWT bearer `aud`; defaults to the login URL' }),
  ),
  allowPrivateNetwork: Type.Boolean({
    default: false,
    description: 'Allow loopback and private addresses (local sandbox only)',
  }),
  timeoutMs: Type.Integer({ minimum: 1000, maximum: 600_000, default: 120_000 }),
});
export type SalesforceConfig = Static<typeof SalesforceConfig>;

export const SALESFORCE_SECRET_KEYS = [
  'clientSecret',
  'privateKeyPem',
  'refreshToken',
  'webhookSecret',
] as const;
export type SalesforceSecrets = Partial<Record<(typeof SALESFORCE_SECRET_KEYS)[number], string>>;

function invalid(message: string): ConnectorError {
  return new ConnectorError('VALIDATION_FAILED', `Salesforce connection: ${message}`);
}

/**
 * Applies defaults and checks the settings and the secrets the chosen auth kind needs.
 * Throws ConnectorError VALIDATION_FAILED naming the field.
 *
 * @example
 * ```ts
 * const { config, secrets } = parseSalesforceSettings({ clientId: '3MVG…', loginUrl }, { clientSecret });
 * ```
 */
export function parseSalesforceSettings(
  rawConfig: Record<string, unknown>,
  rawSecrets: Record<string, string>,
): { config: SalesforceConfig; secrets: SalesforceSecrets } {
  const parsed = parseConnectionSettings({
    system: 'Salesforce',
    schema: SalesforceConfig,
    secretKeys: SALESFORCE_SECRET_KEYS,
    config: rawConfig,
    secrets: rawSecrets,
  });
  const { config, secrets } = parsed;
  config.loginUrl = config.loginUrl.replace(/\/+$/, '');
  if (Number(config.apiVersion) < 46) throw invalid(`apiVersion: ${config.apiVersion} is older than 46.0`);
  const requireSecret = (key: keyof SalesforceSecrets): void =>
    parsed.requireSecret(key, `for authKind ${config.authKind}`);
  switch (config.authKind) {
    case 'clientCredentials':
      requireSecret('clientSecret');
      break;
    case 'jwtBearer':
      requireSecret('privateKeyPem');
      if (config.username === undefined) throw invalid('username: required for authKind jwtBearer');
      break;
    case 'refreshToken':
      requireSecret('refreshToken');
      break;
    default:
      return assertNever(config.authKind);
  }
  return { config, secrets };
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${String(value)}`);
}
