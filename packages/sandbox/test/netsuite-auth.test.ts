import { createHmac, generateKeyPairSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, importPKCS8 } from 'jose';
import OAuth from 'oauth-1.0a';
import { createOAuth1Signer } from '@flowsync/connector-sdk';
import { errorCodeOf, startNetSuite, type NetSuiteHarness } from './helpers/netsuite-harness.ts';

const rsa = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const otherRsa = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

describe('NetSuite emulator: token-based authentication (OAuth 1.0a, HMAC-SHA256)', () => {
  let ns: NetSuiteHarness;
  before(async () => {
    ns = await startNetSuite({ accountId: '7654321_SB2' });
  });
  after(() => ns.close());

  const lastReason = () => ns.emulator.state.loginAudit.at(-1)?.reason;

  test('a correctly signed request with query parameters is served', async () => {
    const result = await ns.call('/record/v1/contact/5000', { query: { fields: 'firstName,lastName' } });
    assert.equal(result.status, 200);
    assert.equal(result.body.id, '5000');
    assert.deepEqual(Object.keys(result.body).sort(), ['firstName', 'id', 'lastName', 'links']);
  });

  test('a signature made by an independent OAuth 1.0a implementation verifies (spaces, quotes, unicode in the query)', async () => {
    const { secrets } = ns.emulator.connection(ns.baseUrl);
    const oauth = new OAuth({
      consumer: { key: secrets['consumerKey'] as string, secret: secrets['consumerSecret'] as string },
      signature_method: 'HMAC-SHA256',
      hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64'),
      realm: '7654321_SB2',
    });
    const q = `email START_WITH "ada" AND firstName IS "Zoë's"`;
    const path = '/services/rest/record/v1/contact';
    const url = `${ns.baseUrl}${path}?q=${encodeURIComponent(q)}&limit=5`;
    const data = oauth.authorize(
      { method: 'GET', url: `${ns.baseUrl}${path}`, data: { q, limit: '5' } },
      { key: secrets['tokenId'] as string, secret: secrets['tokenSecret'] as string },
    );
    const response = await fetch(url, { headers: { authorization: oauth.toHeader(data).Authorization } });
    assert.equal(response.status, 200, await response.clone().text());
    assert.equal(((await response.json()) as { count: number }).count, 0);
  });

  test('a wrong realm is refused with INVALID_LOGIN', async () => {
    const result = await ns.call('/record/v1/contact/5000', { auth: { realm: '7654321-sb2' } });
    assert.equal(result.status, 401);
    assert.equal(errorCodeOf(result), 'INVALID_LOGIN');
    assert.equal(result.body.title, 'Unauthorized');
    assert.equal(lastReason(), 'invalid_realm');
  });

  test('a query changed after signing fails the signature check', async () => {
    const { secrets } = ns.emulator.connection(ns.baseUrl);
    const signer = createOAuth1Signer({
      consumerKey: secrets['consumerKey'] as string,
      consumerSecret: secrets['consumerSecret'] as string,
      token: secrets['tokenId'] as string,
      tokenSecret: secrets['tokenSecret'] as string,
      realm: '7654321_SB2',
    });
    const signedFor = `${ns.baseUrl}/services/rest/record/v1/contact/5000?fields=firstName`;
    const result = await ns.call('/record/v1/contact/5000', {
      query: { fields: 'email' },
      auth: { authorization: signer.sign({ method: 'GET', url: signedFor }) },
    });
    assert.equal(result.status, 401);
    assert.equal(lastReason(), 'InvalidSignature');
  });

  test('a signature made with the wrong consumer or token secret is refused', async () => {
    for (const wrong of [{ consumerSecret: 'not-the-secret' }, { tokenSecret: 'not-the-secret' }]) {
      const result = await ns.call('/record/v1/contact/5000', { auth: wrong });
      assert.equal(result.status, 401);
      assert.equal(lastReason(), 'InvalidSignature');
    }
  });

  test('unknown tokens and consumer keys, HMAC-SHA1, stale timestamps and short nonces are refused', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ token: 'someone-else' }, 'token_rejected'],
      [{ consumerKey: 'someone-else' }, 'consumer_key_unknown'],
      [{ signatureMethod: 'HMAC-SHA1' }, 'signature_method_rejected'],
      [{ timestampSeconds: () => Math.floor(Date.now() / 1000) - 3600 }, 'timestamp_refused'],
      [{ nonce: () => 'abc' }, 'nonce_rejected'],
    ];
    for (const [auth, reason] of cases) {
      const result = await ns.call('/record/v1/contact/5000', { auth });
      assert.equal(result.status, 401, reason);
      assert.equal(errorCodeOf(result), 'INVALID_LOGIN');
      assert.equal(lastReason(), reason);
    }
  });

  test('a replayed nonce and timestamp is refused (nonce_used)', async () => {
    const fixed = {
      nonce: () => 'replayed-nonce-0001',
      timestampSeconds: () => Math.floor(Date.now() / 1000),
    };
    assert.equal((await ns.call('/record/v1/contact/5000', { auth: fixed })).status, 200);
    const again = await ns.call('/record/v1/contact/5000', { auth: fixed });
    assert.equal(again.status, 401);
    assert.equal(lastReason(), 'nonce_used');
  });

  test('no Authorization header, a garbage header, or a stray Cookie header is INVALID_LOGIN', async () => {
    assert.equal((await ns.call('/record/v1/contact/5000', { auth: false })).status, 401);
    assert.equal(lastReason(), 'missing_authorization');
    assert.equal(
      (await ns.call('/record/v1/contact/5000', { auth: { authorization: 'Basic Zm9vOmJhcg==' } })).status,
      401,
    );
    assert.equal(lastReason(), 'malformed_authorization');
    const withCookie = await ns.call('/record/v1/contact/5000', { headers: { cookie: 'JSESSIONID=1' } });
    assert.equal(withCookie.status, 401);
    assert.equal(lastReason(), 'cookie_header');
  });
});

describe('NetSuite emulator: OAuth 2.0 client credentials (M2M, JWT assertion)', () => {
  let ns: NetSuiteHarness;
  let now = Date.now();
  const tokenUrl = () => `${ns.baseUrl}/services/rest/auth/oauth2/v1/token`;

  before(async () => {
    ns = await startNetSuite({
      oauth2: { clientId: 'client-123', certificateId: 'cert-abc', publicKeyPem: rsa.publicKey },
      tokenLifetimeSeconds: 60,
      clock: () => now,
    });
  });
  after(() => ns.close());

  async function assertion(
    overrides: {
      alg?: string;
      kid?: string;
      iss?: string;
      aud?: string;
      scope?: string;
      lifetime?: number;
      key?: string;
    } = {},
  ): Promise<string> {
    const alg = overrides.alg ?? 'PS256';
    const key = await importPKCS8(overrides.key ?? rsa.privateKey, alg);
    const iat = Math.floor(now / 1000);
    return new SignJWT({ scope: overrides.scope ?? 'restlets,rest_webservices' })
      .setProtectedHeader({ alg, typ: 'JWT', kid: overrides.kid ?? 'cert-abc' })
      .setIssuer(overrides.iss ?? 'client-123')
      .setAudience(overrides.aud ?? tokenUrl())
      .setIssuedAt(iat)
      .setExpirationTime(iat + (overrides.lifetime ?? 300))
      .sign(key);
  }

  async function requestToken(form: Record<string, string>) {
    const response = await fetch(tokenUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  }

  const grant = (clientAssertion: string) => ({
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: clientAssertion,
  });

  test('a PS256 assertion with the certificate id as kid gets a bearer token that the API accepts', async () => {
    const token = await requestToken(grant(await assertion()));
    assert.equal(token.status, 200);
    assert.equal(token.body['token_type'], 'Bearer');
    assert.equal(token.body['expires_in'], '60');
    const result = await ns.call('/record/v1/customer/1000', {
      auth: { bearer: token.body['access_token'] as string },
    });
    assert.equal(result.status, 200);
    assert.equal(result.body.id, '1000');
  });

  test('assertions that must not verify are refused with invalid_client', async () => {
    const bad: [string, Promise<string>][] = [
      ['unknown kid', assertion({ kid: 'other-cert' })],
      ['wrong issuer', assertion({ iss: 'other-client' })],
      ['wrong audience', assertion({ aud: 'https://example.com/token' })],
      ['RS256 is not a documented algorithm', assertion({ alg: 'RS256' })],
      ['signed with another key', assertion({ key: otherRsa.privateKey })],
      ['no rest_webservices scope', assertion({ scope: 'restlets' })],
      ['lives longer than an hour', assertion({ lifetime: 7200 })],
    ];
    for (const [label, pending] of bad) {
      const token = await requestToken(grant(await pending));
      assert.equal(token.status, 401, label);
      assert.equal(token.body['error'], 'invalid_client', label);
    }
  });

  test('an expired assertion, a wrong grant type or a missing assertion are refused', async () => {
    const old = await assertion();
    now += 10 * 60_000;
    try {
      assert.equal((await requestToken(grant(old))).status, 401);
    } finally {
      now -= 10 * 60_000;
    }
    const wrongGrant = await requestToken({ ...grant(await assertion()), grant_type: 'password' });
    assert.deepEqual([wrongGrant.status, wrongGrant.body['error']], [400, 'unsupported_grant_type']);
    const missing = await requestToken({ grant_type: 'client_credentials' });
    assert.deepEqual([missing.status, missing.body['error']], [400, 'invalid_request']);
  });

  test('a token stops working when its lifetime ends and when the expireTokens fault is set', async () => {
    const first = (await requestToken(grant(await assertion()))).body['access_token'] as string;
    now += 61_000;
    const expired = await ns.call('/record/v1/customer/1000', { auth: { bearer: first } });
    assert.equal(expired.status, 401);
    assert.equal(errorCodeOf(expired), 'INVALID_LOGIN');
    assert.equal(ns.emulator.state.loginAudit.at(-1)?.reason, 'token_expired');

    const second = (await requestToken(grant(await assertion()))).body['access_token'] as string;
    assert.equal((await ns.call('/record/v1/customer/1000', { auth: { bearer: second } })).status, 200);
    assert.equal((await ns.admin('POST', '/faults', { expireTokens: true })).status, 200);
    assert.equal((await ns.call('/record/v1/customer/1000', { auth: { bearer: second } })).status, 401);
    // TBA tokens do not expire.
    assert.equal((await ns.call('/record/v1/customer/1000')).status, 200);
  });
});

describe('NetSuite emulator: ES256 keys generated by default', () => {
  test('connection(base, "oauth2") hands out a key the token endpoint accepts', async () => {
    const ns = await startNetSuite();
    try {
      const { config, secrets } = ns.emulator.connection(ns.baseUrl, 'oauth2');
      const key = await importPKCS8(secrets['privateKeyPem'] as string, 'ES256');
      const iat = Math.floor(Date.now() / 1000);
      const jwt = await new SignJWT({ scope: 'rest_webservices' })
        .setProtectedHeader({ alg: 'ES256', kid: config['certificateId'] as string })
        .setIssuer(config['clientId'] as string)
        .setAudience(`${ns.baseUrl}/services/rest/auth/oauth2/v1/token`)
        .setIssuedAt(iat)
        .setExpirationTime(iat + 60)
        .sign(key);
      const response = await fetch(`${ns.baseUrl}/services/rest/auth/oauth2/v1/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: jwt,
        }).toString(),
      });
      assert.equal(response.status, 200);
    } finally {
      await ns.close();
    }
  });
});
