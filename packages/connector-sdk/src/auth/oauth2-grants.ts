import { createPrivateKey, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { ConnectorError } from '../connector-error.ts';
import { bodyExcerpt, type ErrorClassifier } from '../http/classify-error.ts';
import type { HttpClient } from '../http/http-types.ts';
import type { AccessToken, FetchToken } from './token-cache.ts';

interface GrantOptions {
  /** Token endpoint, e.g. `https://acme.my.salesforce.com/services/oauth2/token`. */
  tokenUrl: string;
  http: HttpClient;
  /** Epoch milliseconds; defaults to Date.now. */
  clock?: () => number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Token endpoint refusals (`invalid_grant`, `invalid_client`, …) are credential problems that retrying
 * will not fix; rate limits and 5xx keep their retryable default classification.
 */
const classifyTokenError: ErrorClassifier = (response) => {
  const { status } = response;
  if (status === 408 || status === 429 || status >= 500 || status < 400) return undefined;
  const body = isRecord(response.body) ? response.body : {};
  const code = typeof body['error'] === 'string' ? body['error'] : undefined;
  const description = typeof body['error_description'] === 'string' ? body['error_description'] : undefined;
  const detail =
    code === undefined ? bodyExcerpt(response.bodyText) : `${code}${description ? ` (${description})` : ''}`;
  return new ConnectorError(
    'AUTH_FAILED',
    `Token endpoint ${response.url} refused the request: HTTP ${status} ${detail}`,
    {
      status,
      ...(code === undefined ? {} : { vendorCode: code }),
    },
  );
};

/**
 * POSTs a form to a token endpoint and parses the standard response (`access_token`, `expires_in` as a
 * number or a string, `refresh_token`, Salesforce's `instance_url`). Building block for grants not
 * covered below (authorization code exchange, Acumatica's password grant).
 *
 * @example
 * ```ts
 * const token = await requestAccessToken({ tokenUrl, http }, { grant_type: 'authorization_code', code, redirect_uri });
 * ```
 */
export async function requestAccessToken(
  options: GrantOptions,
  form: Record<string, string | undefined>,
  signal?: AbortSignal,
  headers: Record<string, string> = {},
): Promise<AccessToken> {
  const clock = options.clock ?? Date.now;
  const response = await options.http.request({
    method: 'POST',
    url: options.tokenUrl,
    form,
    headers: { accept: 'application/json', ...headers },
    expectJson: true,
    classifyError: classifyTokenError,
    ...(signal === undefined ? {} : { signal }),
  });
  const body = response.body;
  const accessToken = isRecord(body) ? body['access_token'] : undefined;
  if (!isRecord(body) || typeof accessToken !== 'string' || accessToken === '') {
    throw new ConnectorError(
      'BAD_RESPONSE',
      `Token endpoint ${options.tokenUrl} answered without an access_token`,
      {
        status: response.status,
      },
    );
  }
  const expiresIn = Number(body['expires_in']);
  const token: AccessToken = { accessToken, raw: body };
  if (body['expires_in'] !== undefined && body['expires_in'] !== '' && Number.isFinite(expiresIn)) {
    token.expiresAt = clock() + expiresIn * 1000;
  }
  if (typeof body['instance_url'] === 'string') token.instanceUrl = body['instance_url'];
  if (typeof body['refresh_token'] === 'string') token.refreshToken = body['refresh_token'];
  return token;
}

export interface ClientCredentialsGrantOptions extends GrantOptions {
  clientId: string;
  clientSecret: string;
  scope?: string;
  /** Where the client credentials go: form body (Salesforce, default) or HTTP Basic (RFC 6749 §2.3.1). */
  clientAuthentication?: 'body' | 'basic';
}

/**
 * OAuth 2.0 client credentials grant (Salesforce client credentials flow).
 *
 * @example
 * ```ts
 * const tokens = createTokenCache({
 *   fetchToken: clientCredentialsGrant({ tokenUrl, clientId, clientSecret, http }),
 * });
 * ```
 */
export function clientCredentialsGrant(options: ClientCredentialsGrantOptions): FetchToken {
  return (signal) => {
    const basic = options.clientAuthentication === 'basic';
    const form = {
      grant_type: 'client_credentials',
      scope: options.scope,
      client_id: basic ? undefined : options.clientId,
      client_secret: basic ? undefined : options.clientSecret,
    };
    const headers: Record<string, string> = basic
      ? { authorization: basicAuthorization(options.clientId, options.clientSecret) }
      : {};
    return requestAccessToken(options, form, signal, headers);
  };
}

function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (value: string): string => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

export interface RefreshTokenGrantOptions extends GrantOptions {
  clientId: string;
  clientSecret?: string;
  refreshToken: string;
  /**
   * Called with the new refresh token when the server rotates it (Exact Online: refresh tokens are
   * single-use). Persist it: the old one is dead.
   */
  onRefreshToken?: (refreshToken: string) => void | Promise<void>;
}

/**
 * OAuth 2.0 refresh token grant. Follows rotation: the next refresh uses the refresh token the server
 * returned last. Pair it with a token cache so concurrent callers never spend one refresh token twice.
 *
 * @example
 * ```ts
 * const fetchToken = refreshTokenGrant({
 *   tokenUrl: 'https://start.exactonline.nl/api/oauth2/token', clientId, clientSecret, refreshToken, http,
 *   onRefreshToken: (next) => store.saveSecret('exact', { refreshToken: next }),
 * });
 * ```
 */
export function refreshTokenGrant(options: RefreshTokenGrantOptions): FetchToken {
  let refreshToken = options.refreshToken;
  return async (signal) => {
    const token = await requestAccessToken(
      options,
      {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: options.clientId,
        client_secret: options.clientSecret,
      },
      signal,
    );
    if (token.refreshToken !== undefined && token.refreshToken !== refreshToken) {
      refreshToken = token.refreshToken;
      await options.onRefreshToken?.(refreshToken);
    }
    return token;
  };
}

function importPrivateKey(pem: string): KeyObject {
  try {
    // node:crypto reads PKCS#8, PKCS#1 ("BEGIN RSA PRIVATE KEY") and SEC1 EC keys alike.
    return createPrivateKey(pem);
  } catch (error) {
    throw new ConnectorError('AUTH_FAILED', 'The private key for the JWT assertion could not be read', {
      cause: error,
    });
  }
}

async function signAssertion(build: () => Promise<string>): Promise<string> {
  try {
    return await build();
  } catch (error) {
    throw new ConnectorError(
      'AUTH_FAILED',
      `The JWT assertion could not be signed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

export interface JwtBearerGrantOptions extends GrantOptions {
  /** `iss`: the connected app's consumer key (client id). */
  issuer: string;
  /** `sub`: the username the integration runs as. */
  subject: string;
  /** `aud`: `https://login.salesforce.com`, `https://test.salesforce.com` or the My Domain URL. */
  audience: string;
  privateKeyPem: string;
  algorithm?: 'RS256';
  /** Lifetime of the assertion (not of the access token). Default 180 s. */
  lifetimeSeconds?: number;
}

/**
 * JWT bearer grant (RFC 7523 §2.1), as Salesforce's server-to-server JWT flow uses it:
 * `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<RS256 JWT>`.
 *
 * @example
 * ```ts
 * const fetchToken = jwtBearerGrant({
 *   tokenUrl: 'https://acme.my.salesforce.com/services/oauth2/token',
 *   issuer: consumerKey, subject: 'integration@acme.com', audience: 'https://login.salesforce.com',
 *   privateKeyPem, http,
 * });
 * ```
 */
export function jwtBearerGrant(options: JwtBearerGrantOptions): FetchToken {
  const key = importPrivateKey(options.privateKeyPem);
  const algorithm = options.algorithm ?? 'RS256';
  const clock = options.clock ?? Date.now;
  return async (signal) => {
    const now = Math.floor(clock() / 1000);
    const assertion = await signAssertion(() =>
      new SignJWT({})
        .setProtectedHeader({ alg: algorithm })
        .setIssuer(options.issuer)
        .setSubject(options.subject)
        .setAudience(options.audience)
        .setIssuedAt(now)
        .setExpirationTime(now + (options.lifetimeSeconds ?? 180))
        .sign(key),
    );
    return requestAccessToken(
      options,
      { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion },
      signal,
    );
  };
}

export type ClientAssertionAlgorithm = 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512';

export interface ClientCredentialsJwtGrantOptions extends GrantOptions {
  /** `iss`: the integration record's client id. */
  clientId: string;
  /** `kid`: the certificate id from NetSuite's OAuth 2.0 client credentials (M2M) mapping. */
  keyId: string;
  privateKeyPem: string;
  /** NetSuite accepts PS256/384/512 and ES256/384/512, not RS256. Default PS256. */
  algorithm?: ClientAssertionAlgorithm;
  /** `scope` claim; several are joined with commas. Default `rest_webservices`. */
  scope?: string | readonly string[];
  /** `aud`; defaults to the token URL. */
  audience?: string;
  /** Lifetime of the assertion; NetSuite allows at most 3600 s. Default 300 s. */
  lifetimeSeconds?: number;
}

/**
 * OAuth 2.0 client credentials with a signed JWT client assertion (RFC 7523 §2.2), as NetSuite's
 * machine-to-machine flow uses it: `grant_type=client_credentials&client_assertion_type=
 * urn:ietf:params:oauth:client-assertion-type:jwt-bearer&client_assertion=<JWT>`.
 *
 * @example
 * ```ts
 * const fetchToken = clientCredentialsJwtGrant({
 *   tokenUrl: 'https://123456.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token',
 *   clientId, keyId: certificateId, privateKeyPem, http,
 * });
 * ```
 */
export function clientCredentialsJwtGrant(options: ClientCredentialsJwtGrantOptions): FetchToken {
  const key = importPrivateKey(options.privateKeyPem);
  const algorithm = options.algorithm ?? 'PS256';
  const clock = options.clock ?? Date.now;
  const scope =
    typeof options.scope === 'string' ? options.scope : (options.scope ?? ['rest_webservices']).join(',');
  const lifetimeSeconds = Math.min(options.lifetimeSeconds ?? 300, 3600);
  return async (signal) => {
    const now = Math.floor(clock() / 1000);
    const assertion = await signAssertion(() =>
      new SignJWT({ scope })
        .setProtectedHeader({ alg: algorithm, typ: 'JWT', kid: options.keyId })
        .setIssuer(options.clientId)
        .setAudience(options.audience ?? options.tokenUrl)
        .setIssuedAt(now)
        .setExpirationTime(now + lifetimeSeconds)
        .sign(key),
    );
    return requestAccessToken(
      options,
      {
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      },
      signal,
    );
  };
}

export interface PasswordGrantOptions extends GrantOptions {
  clientId: string;
  clientSecret?: string;
  username: string;
  password: string;
  /** e.g. `api offline_access` for Acumatica (offline_access yields a refresh token). */
  scope?: string;
}

/**
 * Resource owner password credentials grant: Acumatica's closest thing to server-to-server OAuth.
 *
 * @example
 * ```ts
 * const fetchToken = passwordGrant({
 *   tokenUrl: 'https://erp.example.com/identity/connect/token', clientId: `${guid}@Company`,
 *   clientSecret, username: 'api-user', password, scope: 'api', http,
 * });
 * ```
 */
export function passwordGrant(options: PasswordGrantOptions): FetchToken {
  return (signal) =>
    requestAccessToken(
      options,
      {
        grant_type: 'password',
        client_id: options.clientId,
        client_secret: options.clientSecret,
        username: options.username,
        password: options.password,
        scope: options.scope,
      },
      signal,
    );
}
