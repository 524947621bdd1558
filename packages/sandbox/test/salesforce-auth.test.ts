import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SignJWT, importPKCS8 } from 'jose';
import { CLIENT_ID, CLIENT_SECRET, startSalesforce, type SalesforceHarness } from './salesforce-support.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const USERNAME = 'integration@flowsync.sandbox';

describe('Salesforce emulator: OAuth token endpoint and sessions', () => {
  let sf: SalesforceHarness;
  let now = Date.parse('2026-03-01T10:00:00Z');
  let privateKeyPem: string;

  before(async () => {
    sf = await startSalesforce({ clock: () => now, tokenLifetimeSeconds: 600 });
    privateKeyPem = sf.emulator.connection(sf.baseUrl).secrets['privateKeyPem'] ?? '';
  });
  after(() => sf.close());

  async function assertion(
    claims: { iss?: string; sub?: string; aud?: string; exp?: number },
    pem = privateKeyPem,
  ) {
    const key = await importPKCS8(pem, 'RS256');
    const seconds = Math.floor(now / 1000);
    return new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(claims.iss ?? CLIENT_ID)
      .setSubject(claims.sub ?? USERNAME)
      .setAudience(claims.aud ?? sf.baseUrl)
      .setExpirationTime(claims.exp ?? seconds + 180)
      .sign(key);
  }

  it('issues a client credentials token whose instance_url points back at the emulator', async () => {
    const { status, body } = await sf.tokenRequest({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
    assert.equal(status, 200);
    assert.equal(body['instance_url'], sf.baseUrl);
    assert.equal(body['token_type'], 'Bearer');
    assert.equal(body['id'], `${sf.baseUrl}/id/00DHs0000000001EAA/005Hs0000000001AAA`);
    assert.equal(body['issued_at'], String(now));
    assert.equal(body['refresh_token'], undefined, 'client credentials issues no refresh token');
    const expected = createHmac('sha256', CLIENT_SECRET)
      .update(`${body['id']}${body['issued_at']}`)
      .digest('base64');
    assert.equal(body['signature'], expected);
  });

  it('accepts the client credentials in HTTP Basic too', async () => {
    const response = await fetch(`${sf.baseUrl}/services/oauth2/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    assert.equal(response.status, 200);
  });

  it('refuses bad client credentials with Salesforce OAuth errors', async () => {
    const wrongSecret = await sf.tokenRequest({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: 'nope',
    });
    assert.equal(wrongSecret.status, 400);
    assert.deepEqual(wrongSecret.body, {
      error: 'invalid_client',
      error_description: 'invalid client credentials',
    });
    const wrongId = await sf.tokenRequest({
      grant_type: 'client_credentials',
      client_id: 'other',
      client_secret: CLIENT_SECRET,
    });
    assert.equal(wrongId.body['error'], 'invalid_client_id');
    const grant = await sf.tokenRequest({ grant_type: 'password', username: 'x', password: 'y' });
    assert.equal(grant.body['error'], 'unsupported_grant_type');
    const json = await fetch(`${sf.baseUrl}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    assert.equal(json.status, 400, 'the token endpoint takes a form, not JSON');
  });

  it('verifies JWT bearer assertions: signature, issuer, audience, subject and expiry', async () => {
    const ok = await sf.tokenRequest({ grant_type: JWT_BEARER, assertion: await assertion({}) });
    assert.equal(ok.status, 200);
    assert.equal(ok.body['instance_url'], sf.baseUrl);

    const standardAudience = await sf.tokenRequest({
      grant_type: JWT_BEARER,
      assertion: await assertion({ aud: 'https://login.salesforce.com' }),
    });
    assert.equal(standardAudience.status, 200);

    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    const forged = await sf.tokenRequest({
      grant_type: JWT_BEARER,
      assertion: await assertion({}, otherKey),
    });
    assert.equal(forged.status, 400);
    assert.deepEqual(forged.body, { error: 'invalid_grant', error_description: 'invalid assertion' });

    const audience = await sf.tokenRequest({
      grant_type: JWT_BEARER,
      assertion: await assertion({ aud: 'https://evil.example' }),
    });
    assert.equal(audience.body['error_description'], 'audience is invalid');
    const issuer = await sf.tokenRequest({
      grant_type: JWT_BEARER,
      assertion: await assertion({ iss: 'someone-else' }),
    });
    assert.equal(issuer.body['error'], 'invalid_client_id');
    const subject = await sf.tokenRequest({
      grant_type: JWT_BEARER,
      assertion: await assertion({ sub: 'intruder@acme.example' }),
    });
    assert.equal(subject.body['error'], 'invalid_grant');
    const expired = await sf.tokenRequest({
      grant_type: JWT_BEARER,
      assertion: await assertion({ exp: Math.floor(now / 1000) - 3600 }),
    });
    assert.deepEqual(expired.body, {
      error: 'invalid_grant',
      error_description: 'expired authorization code',
    });
    const garbage = await sf.tokenRequest({ grant_type: JWT_BEARER, assertion: 'not.a.jwt' });
    assert.equal(garbage.body['error'], 'invalid_grant');
  });

  it('exchanges a refresh token, and refuses an unknown one', async () => {
    const refreshToken = sf.emulator.state.initialRefreshToken;
    const ok = await sf.tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: CLIENT_ID,
    });
    assert.equal(ok.status, 200);
    assert.equal(typeof ok.body['access_token'], 'string');
    const minted = await sf.admin<{ refresh_token: string }>('POST', '/refresh-tokens', {});
    const second = await sf.tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: minted.body.refresh_token,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
    assert.equal(second.status, 200);
    const bad = await sf.tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: 'forged',
      client_id: CLIENT_ID,
    });
    assert.deepEqual(bad.body, { error: 'invalid_grant', error_description: 'expired access/refresh token' });
  });

  it('answers calls without a valid session with 401 INVALID_SESSION_ID', async () => {
    const missing = await sf.call('GET', `${sf.api()}/limits`);
    assert.equal(missing.status, 401);
    assert.deepEqual(missing.body, [
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
    ]);
    const forged = await sf.call('GET', `${sf.api()}/limits`, { token: '00Dforged' });
    assert.equal(forged.status, 401);
  });

  it('expires sessions after the configured lifetime', async () => {
    const token = await sf.token();
    assert.equal((await sf.call('GET', `${sf.api()}/limits`, { token })).status, 200);
    now += 599_000;
    assert.equal((await sf.call('GET', `${sf.api()}/limits`, { token })).status, 200);
    now += 2_000;
    const expired = await sf.call('GET', `${sf.api()}/limits`, { token });
    assert.equal(expired.status, 401);
    assert.equal((expired.body as { errorCode: string }[])[0]?.errorCode, 'INVALID_SESSION_ID');
  });

  it('expires every existing session when the expireTokens fault is flipped; new ones work', async () => {
    const token = await sf.token();
    now += 1000;
    await sf.admin('POST', '/faults', { expireTokens: true });
    assert.equal((await sf.call('GET', `${sf.api()}/limits`, { token })).status, 401);
    now += 1000;
    const fresh = await sf.token();
    assert.equal((await sf.call('GET', `${sf.api()}/limits`, { token: fresh })).status, 200);
  });

  it('serves the identity URL of the token', async () => {
    const token = await sf.token();
    const identity = await sf.call<Record<string, unknown>>(
      'GET',
      '/id/00DHs0000000001EAA/005Hs0000000001AAA',
      { token },
    );
    assert.equal(identity.status, 200);
    assert.equal(identity.body['username'], USERNAME);
    assert.equal(identity.body['organization_id'], '00DHs0000000001EAA');
    const bad = await sf.call('GET', '/id/00DHs0000000001EAA/005Hs0000000001AAA', { token: 'bad' });
    assert.equal(bad.status, 403);
    assert.equal(bad.body, 'Bad_OAuth_Token');
  });

  it('lists API versions without a session, and 404s an unknown version', async () => {
    const versions = await sf.call<{ version: string; url: string }[]>('GET', '/services/data/');
    assert.equal(versions.status, 200);
    assert.ok(versions.body.some((v) => v.version === '62.0' && v.url === '/services/data/v62.0'));
    const token = await sf.token();
    const unknown = await sf.call('GET', '/services/data/v99.0/limits', { token });
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.body, [
      { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' },
    ]);
  });
});
