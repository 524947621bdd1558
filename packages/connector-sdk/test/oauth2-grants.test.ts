import assert from 'node:assert/strict';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import {
  ConnectorError,
  clientCredentialsGrant,
  clientCredentialsJwtGrant,
  createHttpClient,
  createTokenCache,
  jwtBearerGrant,
  refreshTokenGrant,
  type HttpClient,
} from '@flowsync/connector-sdk';
import { sendJson, startLocalServer, type LocalServer } from './helpers/local-server.ts';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const rsaPkcs8 = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const rsaPkcs1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const ecPkcs8 = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

const NOW = Date.parse('2025-06-01T12:00:00Z');
const clock = () => NOW;

type TokenHandler = (
  form: URLSearchParams,
  headers: Record<string, string | string[] | undefined>,
) => Promise<[number, unknown]>;

describe('OAuth 2.0 grants against a local token endpoint', () => {
  let server: LocalServer;
  let http: HttpClient;
  let handler: TokenHandler = async () => [500, {}];

  before(async () => {
    server = await startLocalServer(async (req, res) => {
      assert.equal(req.method, 'POST');
      assert.equal(req.headers['content-type'], 'application/x-www-form-urlencoded');
      const [status, body] = await handler(new URLSearchParams(req.body), req.headers);
      sendJson(res, status, body);
    });
    http = createHttpClient({ allowPrivateNetwork: true });
  });
  after(async () => {
    await http.close();
    await server.close();
  });

  const tokenUrl = () => `${server.url}/services/oauth2/token`;

  it('client credentials: posts the form and parses a Salesforce response (no expires_in)', async () => {
    handler = async (form) => {
      assert.deepEqual(Object.fromEntries(form), {
        grant_type: 'client_credentials',
        client_id: 'cid',
        client_secret: 's3cr&t=',
      });
      return [
        200,
        {
          access_token: '00D!AR8',
          instance_url: 'https://acme.my.salesforce.com',
          token_type: 'Bearer',
          id: 'x',
        },
      ];
    };
    const fetchToken = clientCredentialsGrant({
      tokenUrl: tokenUrl(),
      clientId: 'cid',
      clientSecret: 's3cr&t=',
      http,
    });
    const token = await fetchToken();
    assert.equal(token.accessToken, '00D!AR8');
    assert.equal(token.instanceUrl, 'https://acme.my.salesforce.com');
    assert.equal(token.expiresAt, undefined);
    assert.equal(token.raw?.['id'], 'x');
  });

  it('client credentials with HTTP Basic client authentication and a scope', async () => {
    handler = async (form, headers) => {
      assert.equal(headers['authorization'], `Basic ${Buffer.from('cid:sec').toString('base64')}`);
      assert.deepEqual(Object.fromEntries(form), { grant_type: 'client_credentials', scope: 'api refresh' });
      return [200, { access_token: 'at', expires_in: 3600 }];
    };
    const token = await clientCredentialsGrant({
      tokenUrl: tokenUrl(),
      clientId: 'cid',
      clientSecret: 'sec',
      scope: 'api refresh',
      clientAuthentication: 'basic',
      http,
      clock,
    })();
    assert.equal(token.expiresAt, NOW + 3_600_000);
  });

  it('maps invalid_grant / invalid_client to AUTH_FAILED (not retryable), 5xx stays retryable', async () => {
    handler = async () => [400, { error: 'invalid_grant', error_description: 'authentication failure' }];
    const fetchToken = clientCredentialsGrant({
      tokenUrl: tokenUrl(),
      clientId: 'c',
      clientSecret: 's',
      http,
    });
    await assert.rejects(fetchToken(), (error: unknown) => {
      assert.ok(error instanceof ConnectorError);
      assert.equal(error.code, 'AUTH_FAILED');
      assert.equal(error.retryable, false);
      assert.equal(error.vendorCode, 'invalid_grant');
      assert.match(error.message, /authentication failure/);
      return true;
    });
    handler = async () => [401, { error: 'invalid_client' }];
    await assert.rejects(
      fetchToken(),
      (error: unknown) => error instanceof ConnectorError && error.code === 'AUTH_FAILED',
    );
    handler = async () => [503, { error: 'temporarily_unavailable' }];
    await assert.rejects(
      fetchToken(),
      (error: unknown) => error instanceof ConnectorError && error.code === 'SERVER_ERROR' && error.retryable,
    );
    handler = async () => [200, { token_type: 'Bearer' }];
    await assert.rejects(
      fetchToken(),
      (error: unknown) => error instanceof ConnectorError && error.code === 'BAD_RESPONSE',
    );
  });

  it('refresh token: follows rotation (Exact: single-use refresh tokens, expires_in as a string)', async () => {
    const valid = new Set(['rt-1']);
    let issued = 1;
    handler = async (form) => {
      assert.equal(form.get('grant_type'), 'refresh_token');
      assert.equal(form.get('client_id'), 'exact-app');
      assert.equal(form.get('client_secret'), 'exact-secret');
      const presented = form.get('refresh_token') ?? '';
      if (!valid.delete(presented)) return [400, { error: 'invalid_grant', error_description: 'used' }];
      issued += 1;
      valid.add(`rt-${issued}`);
      return [
        200,
        {
          access_token: `at-${issued}`,
          token_type: 'bearer',
          expires_in: '600',
          refresh_token: `rt-${issued}`,
        },
      ];
    };
    const saved: string[] = [];
    const fetchToken = refreshTokenGrant({
      tokenUrl: tokenUrl(),
      clientId: 'exact-app',
      clientSecret: 'exact-secret',
      refreshToken: 'rt-1',
      onRefreshToken: (next) => {
        saved.push(next);
      },
      http,
      clock,
    });
    const cache = createTokenCache({ fetchToken, clock });
    const [a, b, c] = await Promise.all([cache.get(), cache.get(), cache.get()]);
    assert.equal(a?.accessToken, 'at-2');
    assert.equal(b?.accessToken, 'at-2');
    assert.equal(c?.accessToken, 'at-2');
    assert.equal(a?.expiresAt, NOW + 600_000);
    cache.invalidate('at-2');
    assert.equal((await cache.get()).accessToken, 'at-3');
    assert.deepEqual(saved, ['rt-2', 'rt-3']);
  });

  it('JWT bearer (Salesforce): an RS256 assertion with iss, sub, aud and a short exp', async () => {
    let verified: Record<string, unknown> = {};
    handler = async (form) => {
      assert.equal(form.get('grant_type'), 'urn:ietf:params:oauth:grant-type:jwt-bearer');
      const { payload, protectedHeader } = await jwtVerify(form.get('assertion') ?? '', rsa.publicKey, {
        issuer: '3MVG9consumerKey',
        subject: 'integration@acme.com',
        audience: 'https://login.salesforce.com',
        algorithms: ['RS256'],
        currentDate: new Date(NOW),
      });
      verified = { ...payload, alg: protectedHeader.alg };
      return [200, { access_token: 'sf-token', instance_url: 'https://acme.my.salesforce.com' }];
    };
    for (const privateKeyPem of [rsaPkcs8, rsaPkcs1]) {
      const token = await jwtBearerGrant({
        tokenUrl: tokenUrl(),
        issuer: '3MVG9consumerKey',
        subject: 'integration@acme.com',
        audience: 'https://login.salesforce.com',
        privateKeyPem,
        http,
        clock,
      })();
      assert.equal(token.accessToken, 'sf-token');
      assert.equal(verified['alg'], 'RS256');
      assert.equal(verified['exp'], NOW / 1000 + 180);
    }
  });

  it('JWT bearer: a signature from another key does not verify at the server', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    handler = async (form) => {
      try {
        await jwtVerify(form.get('assertion') ?? '', rsa.publicKey, { currentDate: new Date(NOW) });
        return [200, { access_token: 'should-not-happen' }];
      } catch {
        return [400, { error: 'invalid_grant', error_description: 'invalid assertion' }];
      }
    };
    const fetchToken = jwtBearerGrant({
      tokenUrl: tokenUrl(),
      issuer: 'i',
      subject: 's',
      audience: 'a',
      privateKeyPem: other.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      http,
      clock,
    });
    await assert.rejects(
      fetchToken(),
      (error: unknown) => error instanceof ConnectorError && error.code === 'AUTH_FAILED',
    );
  });

  async function verifyNetSuiteAssertion(form: URLSearchParams, publicKey: KeyObject, alg: string) {
    assert.equal(form.get('grant_type'), 'client_credentials');
    assert.equal(form.get('client_assertion_type'), 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    const assertion = form.get('client_assertion') ?? '';
    const header = decodeProtectedHeader(assertion);
    assert.deepEqual(header, { alg, typ: 'JWT', kid: 'cert-123' });
    const { payload } = await jwtVerify(assertion, publicKey, {
      issuer: 'ns-client-id',
      audience: tokenUrl(),
      algorithms: [alg],
      currentDate: new Date(NOW),
    });
    return payload;
  }

  it('client credentials with a JWT assertion (NetSuite M2M): PS256 by default, scope, kid, aud = token URL', async () => {
    let payload: Record<string, unknown> = {};
    handler = async (form) => {
      payload = await verifyNetSuiteAssertion(form, rsa.publicKey, 'PS256');
      return [200, { access_token: 'ns-jwt', expires_in: '3600', token_type: 'Bearer' }];
    };
    const token = await clientCredentialsJwtGrant({
      tokenUrl: tokenUrl(),
      clientId: 'ns-client-id',
      keyId: 'cert-123',
      privateKeyPem: rsaPkcs8,
      http,
      clock,
    })();
    assert.equal(token.accessToken, 'ns-jwt');
    assert.equal(token.expiresAt, NOW + 3_600_000);
    assert.equal(payload['scope'], 'rest_webservices');
    assert.equal(payload['iat'], NOW / 1000);
    assert.ok((payload['exp'] as number) - (payload['iat'] as number) <= 3600);
  });

  it('client credentials with a JWT assertion: ES256 and several scopes', async () => {
    let payload: Record<string, unknown> = {};
    handler = async (form) => {
      payload = await verifyNetSuiteAssertion(form, ec.publicKey, 'ES256');
      return [200, { access_token: 'ns-jwt-ec', expires_in: 3600 }];
    };
    await clientCredentialsJwtGrant({
      tokenUrl: tokenUrl(),
      clientId: 'ns-client-id',
      keyId: 'cert-123',
      privateKeyPem: ecPkcs8,
      algorithm: 'ES256',
      scope: ['restlets', 'rest_webservices'],
      lifetimeSeconds: 7200,
      http,
      clock,
    })();
    assert.equal(payload['scope'], 'restlets,rest_webservices');
    assert.equal(
      (payload['exp'] as number) - (payload['iat'] as number),
      3600,
      'lifetime capped at NetSuite maximum',
    );
  });

  it('reports an unusable private key as AUTH_FAILED', async () => {
    assert.throws(
      () =>
        clientCredentialsJwtGrant({
          tokenUrl: tokenUrl(),
          clientId: 'c',
          keyId: 'k',
          privateKeyPem: 'not a key',
          http,
        }),
      (error: unknown) => error instanceof ConnectorError && error.code === 'AUTH_FAILED',
    );
    const wrongType = clientCredentialsJwtGrant({
      tokenUrl: tokenUrl(),
      clientId: 'c',
      keyId: 'k',
      privateKeyPem: rsaPkcs8,
      algorithm: 'ES256',
      http,
    });
    await assert.rejects(
      wrongType(),
      (error: unknown) => error instanceof ConnectorError && error.code === 'AUTH_FAILED',
    );
  });
});
