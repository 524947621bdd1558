import { createHmac, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';
import { decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';

/** Token-based authentication credentials: integration record (consumer) plus access token. */
export interface TbaCredentials {
  consumerKey: string;
  consumerSecret: string;
  tokenId: string;
  tokenSecret: string;
}

/** OAuth 2.0 client credentials (M2M) mapping: the integration's client id and the certificate. */
export interface OAuth2Client {
  clientId: string;
  certificateId: string;
  publicKey: KeyObject;
}

export interface AuthState {
  /** `consumerKey|token|nonce|timestamp` → when it may be forgotten. */
  nonces: Map<string, number>;
  bearerTokens: Map<string, { issuedAt: number; expiresAt: number }>;
}

export type AuthOutcome = { ok: true; kind: 'tba' | 'oauth2' } | { ok: false; reason: string };

/** How far an oauth_timestamp may be from the server clock. */
const TIMESTAMP_WINDOW_SECONDS = 300;

/** RFC 3986 percent-encoding, as RFC 5849 §3.6 requires. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Parses `OAuth realm="…", oauth_consumer_key="…", …`; undefined when it is not an OAuth header. */
export function parseOAuthHeader(header: string): Map<string, string> | undefined {
  const match = /^OAuth\s+(.*)$/is.exec(header.trim());
  if (match === null) return undefined;
  const params = new Map<string, string>();
  const pair = /\s*([A-Za-z0-9_.~-]+)\s*=\s*"([^"]*)"\s*(?:,|$)/gy;
  const rest = match[1] as string;
  while (pair.lastIndex < rest.length) {
    const found = pair.exec(rest);
    if (found === null) return undefined;
    try {
      params.set(found[1] as string, decodeURIComponent(found[2] as string));
    } catch {
      return undefined;
    }
  }
  return params;
}

/**
 * RFC 5849 §3.4.1 signature base string: method, base string URI (scheme and host lower-case, no
 * default port, no query) and the sorted, encoded oauth_* and query parameters. `realm` and
 * `oauth_signature` are not signed.
 */
export function signatureBaseString(
  method: string,
  baseUri: string,
  rawQuery: string,
  oauthParams: ReadonlyMap<string, string>,
): string {
  const pairs: [string, string][] = [];
  for (const [name, value] of new URLSearchParams(rawQuery))
    pairs.push([percentEncode(name), percentEncode(value)]);
  for (const [name, value] of oauthParams) {
    if (name === 'realm' || name === 'oauth_signature') continue;
    pairs.push([percentEncode(name), percentEncode(value)]);
  }
  pairs.sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const normalized = pairs.map(([name, value]) => `${name}=${value}`).join('&');
  return [method.toUpperCase(), percentEncode(baseUri), percentEncode(normalized)].join('&');
}

export interface ApiRequestAuth {
  method: string;
  /** `http://127.0.0.1:4010/services/rest/record/v1/contact` as the client addressed it. */
  baseUri: string;
  /** The query exactly as sent, without `?`. */
  rawQuery: string;
  authorization: string | undefined;
}

function verifyTba(
  request: ApiRequestAuth,
  params: Map<string, string>,
  accountId: string,
  credentials: TbaCredentials | undefined,
  state: AuthState,
  now: number,
): AuthOutcome {
  if (params.get('realm') !== accountId) return { ok: false, reason: 'invalid_realm' };
  if (credentials === undefined) return { ok: false, reason: 'FeatureDisabled' };
  if (params.get('oauth_signature_method') !== 'HMAC-SHA256')
    return { ok: false, reason: 'signature_method_rejected' };
  const version = params.get('oauth_version');
  if (version !== undefined && version !== '1.0') return { ok: false, reason: 'version_rejected' };
  if (params.get('oauth_consumer_key') !== credentials.consumerKey)
    return { ok: false, reason: 'consumer_key_unknown' };
  if (params.get('oauth_token') !== credentials.tokenId) return { ok: false, reason: 'token_rejected' };
  const timestamp = Number(params.get('oauth_timestamp'));
  if (!Number.isInteger(timestamp) || Math.abs(now / 1000 - timestamp) > TIMESTAMP_WINDOW_SECONDS) {
    return { ok: false, reason: 'timestamp_refused' };
  }
  const nonce = params.get('oauth_nonce') ?? '';
  if (nonce.length < 6) return { ok: false, reason: 'nonce_rejected' };
  const nonceKey = `${credentials.consumerKey}|${credentials.tokenId}|${nonce}|${timestamp}`;
  if (state.nonces.has(nonceKey)) return { ok: false, reason: 'nonce_used' };

  const base = signatureBaseString(request.method, request.baseUri, request.rawQuery, params);
  const key = `${percentEncode(credentials.consumerSecret)}&${percentEncode(credentials.tokenSecret)}`;
  const expected = createHmac('sha256', key).update(base).digest();
  const received = Buffer.from(params.get('oauth_signature') ?? '', 'base64');
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
    return { ok: false, reason: 'InvalidSignature' };
  }
  forgetOldNonces(state, now);
  state.nonces.set(nonceKey, now + 2 * TIMESTAMP_WINDOW_SECONDS * 1000);
  return { ok: true, kind: 'tba' };
}

function forgetOldNonces(state: AuthState, now: number): void {
  if (state.nonces.size < 10_000) return;
  // Entries are kept in insertion order, which is expiry order: stop at the first one still valid, so
  // that a busy client (more than 10,000 calls in the window) does not make every call scan them all.
  for (const [key, until] of state.nonces) {
    if (until >= now) break;
    state.nonces.delete(key);
  }
}

/** Checks a REST call's credentials: TBA (signature verified) or an OAuth 2.0 bearer token. */
export function authenticate(
  request: ApiRequestAuth,
  accountId: string,
  tba: TbaCredentials | undefined,
  state: AuthState,
  now: number,
): AuthOutcome {
  const header = request.authorization;
  if (header === undefined || header.trim() === '') return { ok: false, reason: 'missing_authorization' };
  const bearer = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (bearer !== null) {
    const token = state.bearerTokens.get(bearer[1] as string);
    if (token === undefined) return { ok: false, reason: 'invalid_token' };
    if (token.expiresAt <= now) return { ok: false, reason: 'token_expired' };
    return { ok: true, kind: 'oauth2' };
  }
  const params = parseOAuthHeader(header);
  if (params === undefined) return { ok: false, reason: 'malformed_authorization' };
  return verifyTba(request, params, accountId, tba, state, now);
}

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** The algorithms NetSuite documents for M2M client assertions; RS256 is not among them. */
export const ASSERTION_ALGORITHMS = ['PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

export type TokenOutcome =
  | { ok: true; body: { access_token: string; expires_in: string; token_type: 'Bearer' } }
  | { ok: false; status: number; body: { error: string; error_description?: string } };

/**
 * The M2M token endpoint: `grant_type=client_credentials` with a JWT client assertion whose `kid` is
 * the certificate id, signed PS256/ES256…, `iss` the client id, `aud` the token URL, `scope` including
 * `rest_webservices`, and a lifetime of at most an hour.
 */
export async function issueAccessToken(
  form: Record<string, string>,
  client: OAuth2Client | undefined,
  tokenUrl: string,
  lifetimeSeconds: number,
  state: AuthState,
  now: number,
): Promise<TokenOutcome> {
  if (form['grant_type'] !== 'client_credentials') {
    return { ok: false, status: 400, body: { error: 'unsupported_grant_type' } };
  }
  const assertion = form['client_assertion'];
  if (
    form['client_assertion_type'] !== CLIENT_ASSERTION_TYPE ||
    assertion === undefined ||
    assertion === ''
  ) {
    return {
      ok: false,
      status: 400,
      body: { error: 'invalid_request', error_description: 'client_assertion is required' },
    };
  }
  // RFC 7523 §3.2: a client assertion that does not verify is a client authentication failure.
  const refuse = (description: string): TokenOutcome => ({
    ok: false,
    status: 401,
    body: { error: 'invalid_client', error_description: description },
  });
  if (client === undefined) return refuse('OAuth 2.0 client credentials are not set up for this account');
  let header;
  try {
    header = decodeProtectedHeader(assertion);
  } catch {
    return refuse('the client assertion is not a JWT');
  }
  if (header.kid !== client.certificateId) return refuse('unknown certificate id (kid)');
  if (typeof header.alg !== 'string' || !ASSERTION_ALGORITHMS.includes(header.alg)) {
    return refuse(`algorithm ${String(header.alg)} is not supported`);
  }
  try {
    const { payload } = await jwtVerify(assertion, client.publicKey, {
      algorithms: ASSERTION_ALGORITHMS,
      issuer: client.clientId,
      audience: tokenUrl,
      currentDate: new Date(now),
      requiredClaims: ['iat', 'exp'],
    });
    if ((payload.exp as number) - (payload.iat as number) > 3600)
      return refuse('the assertion may live at most 3600 s');
    const scopes = String(payload['scope'] ?? '').split(/[\s,]+/);
    if (!scopes.includes('rest_webservices')) return refuse('scope must include rest_webservices');
  } catch (error) {
    if (error instanceof joseErrors.JOSEError)
      return refuse(`the client assertion did not verify: ${error.code}`);
    throw error;
  }
  if (state.bearerTokens.size >= 1000) {
    for (const [token, { expiresAt }] of state.bearerTokens)
      if (expiresAt <= now) state.bearerTokens.delete(token);
  }
  const accessToken = randomBytes(32).toString('base64url');
  state.bearerTokens.set(accessToken, { issuedAt: now, expiresAt: now + lifetimeSeconds * 1000 });
  return {
    ok: true,
    body: { access_token: accessToken, expires_in: String(lifetimeSeconds), token_type: 'Bearer' },
  };
}
