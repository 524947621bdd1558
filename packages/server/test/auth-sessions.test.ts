import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { hashPassword, PASSWORD_HASH_PARAMS, setPasswordHashParams } from '../src/auth/index.ts';
import { createSession } from '../src/auth/sessions.ts';
import { signIn } from './support/sign-in.ts';
import { createTestApp, PASSWORD, type TestApp } from './support/test-app.ts';

// Cheap hashing keeps the many sign-ins fast; the production cost is tested in auth-passwords.
setPasswordHashParams({ N: 2 ** 10, r: 8, p: 1 });

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('sessions', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('signs in with an httpOnly, SameSite=Lax session cookie and returns the user and a CSRF token', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: ' Integrator@Test.Flowsync ', password: PASSWORD },
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.deepEqual(body.user, {
      id: t.users.integrator.id,
      email: 'integrator@test.flowsync',
      name: 'integrator user',
      role: 'integrator',
    });
    assert.match(body.csrfToken, /^[A-Za-z0-9_-]{43}$/);
    const [cookie] = response.cookies;
    assert.equal(response.cookies.length, 1);
    assert.equal(cookie?.name, 'flowsync_session');
    assert.equal(cookie?.httpOnly, true);
    assert.equal(cookie?.sameSite, 'Lax');
    assert.equal(cookie?.path, '/');
    assert.equal(cookie?.maxAge, 12 * 3600);
    assert.equal(cookie?.secure, undefined, 'no Secure flag unless configured');

    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      cookies: { flowsync_session: cookie?.value ?? '' },
    });
    assert.equal(me.statusCode, 200);
    assert.deepEqual(me.json(), { user: body.user, via: 'session', csrfToken: body.csrfToken });
  });

  it('stores only hashes of session ids and API tokens', async () => {
    const session = await signIn(t.app, t.users.viewer.email);
    const created = await t.as('viewer', { method: 'POST', url: '/api/tokens', payload: { name: 'ci' } });
    const token = created.json<{ token: string }>().token;
    const raw = new DatabaseSync(join(t.dataDir, 'flowsync.db'), { readOnly: true });
    try {
      const sessions = JSON.stringify(raw.prepare('SELECT * FROM sessions').all());
      const tokens = JSON.stringify(raw.prepare('SELECT * FROM api_tokens').all());
      assert.ok(!sessions.includes(session.cookie), 'session id stored in clear');
      assert.ok(sessions.includes(sha256(session.cookie)));
      assert.ok(!tokens.includes(token) && !tokens.includes(token.slice(3)), 'token stored in clear');
      assert.ok(tokens.includes(sha256(token)));
    } finally {
      raw.close();
    }
  });

  it('answers a wrong password and an unknown email identically, without a cookie', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: t.users.analyst.email, password: 'not the password at all' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'nobody@test.flowsync', password: PASSWORD },
    });
    for (const response of [wrong, unknown]) {
      assert.equal(response.statusCode, 401);
      assert.equal(response.headers['set-cookie'], undefined);
    }
    assert.deepEqual(wrong.json(), { code: 'UNAUTHENTICATED', message: 'Wrong email or password' });
    assert.equal(unknown.body, wrong.body);
  });

  it('refuses mutating session requests without the right CSRF token and accepts them with it', async () => {
    const session = await signIn(t.app, t.users.admin.email);
    const attempts = [
      { headers: session.headers(false), status: 403 },
      { headers: { ...session.headers(false), 'x-csrf-token': 'x'.repeat(43) }, status: 403 },
      { headers: { ...session.headers(false), 'x-csrf-token': session.csrfToken.slice(0, -1) }, status: 403 },
      { headers: session.headers(true), status: 200 },
    ];
    for (const { headers, status } of attempts) {
      const response = await t.app.inject({
        method: 'PATCH',
        url: `/api/users/${t.users.viewer.id}`,
        headers,
        payload: { name: `renamed ${status}` },
      });
      assert.equal(response.statusCode, status, response.body);
      if (status === 403) {
        assert.deepEqual(response.json(), { code: 'FORBIDDEN', message: 'CSRF token missing or wrong' });
      }
    }
    const viewer = await t.store.users.get(t.users.viewer.id);
    assert.equal(viewer?.name, 'renamed 200', 'only the request with the token changed anything');

    for (const method of ['POST', 'DELETE'] as const) {
      const response = await t.app.inject({
        method,
        url: method === 'POST' ? '/api/tokens' : '/api/tokens/some-id',
        headers: session.headers(false),
        ...(method === 'POST' ? { payload: { name: 'x' } } : {}),
      });
      assert.equal(response.statusCode, 403, `${method} without CSRF token`);
    }
    // Reads need no CSRF token, nor do requests made with an API token.
    const read = await t.app.inject({ method: 'GET', url: '/api/users', headers: session.headers(false) });
    assert.equal(read.statusCode, 200);
    const byToken = await t.as('admin', {
      method: 'POST',
      url: '/api/tokens',
      payload: { name: 'automation' },
    });
    assert.equal(byToken.statusCode, 201);
    // Signing in again while signed in needs none either.
    const relogin = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: session.headers(false),
      payload: { email: t.users.admin.email, password: PASSWORD },
    });
    assert.equal(relogin.statusCode, 200);
  });

  it('signs out: needs the CSRF token, ends the session and clears the cookie', async () => {
    const session = await signIn(t.app, t.users.analyst.email);
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: session.headers(false),
    });
    assert.equal(forged.statusCode, 403);
    const logout = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: session.headers(),
    });
    assert.equal(logout.statusCode, 204);
    const cleared = logout.cookies.find((c) => c.name === 'flowsync_session');
    assert.equal(cleared?.value, '');
    assert.equal(cleared?.maxAge, 0);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: session.headers() });
    assert.equal(me.statusCode, 401);
    assert.equal(await t.store.sessions.get(sha256(session.cookie)), null);
    const audit = await t.store.audit.list({ subject: `user:${t.users.analyst.id}` });
    assert.deepEqual(
      audit.slice(0, 2).map((e) => e.action),
      ['auth.logout', 'auth.login'],
    );
  });

  it('refuses expired sessions, unknown cookies and malformed credentials', async () => {
    const past = new Date(Date.now() - 13 * 3_600_000);
    const { sessionId } = await createSession(t.store, t.users.viewer.id, 12, past);
    const credentials = [
      { cookie: `flowsync_session=${sessionId}` },
      { cookie: 'flowsync_session=not-a-session' },
      { cookie: `flowsync_session=${'a'.repeat(43)}` },
      { authorization: 'Bearer fs_unknown' },
      { authorization: `Basic ${Buffer.from('admin@test.flowsync:x').toString('base64')}` },
      // An Authorization header decides alone: a bad one is not rescued by a good cookie.
      {
        authorization: 'Bearer nope',
        cookie: `flowsync_session=${(await signIn(t.app, t.users.viewer.email)).cookie}`,
      },
      {},
    ];
    for (const headers of credentials) {
      const response = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers });
      assert.equal(response.statusCode, 401, JSON.stringify(headers));
      assert.equal(response.json().code, 'UNAUTHENTICATED');
    }
    assert.equal(await t.store.sessions.get(sha256(sessionId)), null, 'the expired session was removed');
  });

  it('throttles sign-in after 5 failures for an email, even with the right password', async () => {
    const email = t.users.integrator.email;
    const login = (password: string, who = email) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: who, password } });
    for (let i = 0; i < 4; i++) assert.equal((await login('wrong password 123')).statusCode, 401);
    assert.equal((await login(PASSWORD)).statusCode, 200, 'a success resets the count');
    for (let i = 0; i < 5; i++) assert.equal((await login('wrong password 123')).statusCode, 401);
    const refused = await login(PASSWORD);
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().code, 'RATE_LIMITED');
    assert.match(refused.json().message, /Too many failed sign-ins for this email; try again in 15 minutes/);
    assert.equal(refused.headers['retry-after'], '900');
    assert.equal(refused.headers['set-cookie'], undefined);
    const otherCase = await login(PASSWORD, email.toUpperCase());
    assert.equal(otherCase.statusCode, 429, 'the email is counted case-insensitively');
    assert.equal(
      (await login(PASSWORD, t.users.viewer.email)).statusCode,
      200,
      'other emails are unaffected',
    );

    // Unknown emails are throttled the same way, so the throttle reveals nothing either.
    for (let i = 0; i < 5; i++)
      assert.equal((await login('whatever password', 'ghost@test.flowsync')).statusCode, 401);
    assert.equal((await login('whatever password', 'ghost@test.flowsync')).statusCode, 429);
  });

  it('locks a disabled user out at once: sessions, tokens and sign-in', async () => {
    const target = t.users.analyst;
    const session = await signIn(t.app, target.email);
    const me = () => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: session.headers() });
    const meByToken = () => t.as('analyst', { method: 'GET', url: '/api/auth/me' });
    assert.equal((await me()).statusCode, 200);
    assert.equal((await meByToken()).statusCode, 200);

    const disable = await t.as('admin', {
      method: 'PATCH',
      url: `/api/users/${target.id}`,
      payload: { disabled: true },
    });
    assert.equal(disable.statusCode, 200, disable.body);
    assert.equal(disable.json().disabled, true);
    assert.equal((await me()).statusCode, 401);
    assert.equal((await meByToken()).statusCode, 401);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: target.email, password: PASSWORD },
    });
    assert.equal(login.statusCode, 401);
    assert.match(login.json().message, /disabled/);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: target.email, password: 'wrong password 123' },
    });
    assert.equal(wrong.json().message, 'Wrong email or password', 'without the password nothing is revealed');

    await t.as('admin', { method: 'PATCH', url: `/api/users/${target.id}`, payload: { disabled: false } });
    assert.equal((await meByToken()).statusCode, 200, 'tokens work again once re-enabled');
    assert.equal((await me()).statusCode, 401, 'the sessions were ended for good');
  });

  it('changes one’s own password: checks the current one, ends the other sessions', async () => {
    const email = t.users.viewer.email;
    const here = await signIn(t.app, email);
    const elsewhere = await signIn(t.app, email);
    const change = (payload: object, headers = here.headers()) =>
      t.app.inject({ method: 'POST', url: '/api/auth/password', headers, payload });

    const wrong = await change({ currentPassword: 'not my password', newPassword: 'a brand new password' });
    assert.equal(wrong.statusCode, 400);
    assert.deepEqual(wrong.json().issues, [
      { path: '/body/currentPassword', message: 'currentPassword is wrong' },
    ]);
    const short = await change({ currentPassword: PASSWORD, newPassword: 'too short' });
    assert.equal(short.statusCode, 400);
    assert.equal(short.json().issues[0].path, '/body/newPassword');
    const same = await change({ currentPassword: PASSWORD, newPassword: PASSWORD });
    assert.equal(same.statusCode, 400);
    assert.equal(same.json().issues[0].path, '/body/newPassword');

    const ok = await change({ currentPassword: PASSWORD, newPassword: 'a brand new password' });
    assert.equal(ok.statusCode, 204, ok.body);
    const meHere = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: here.headers() });
    const meElsewhere = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: elsewhere.headers(),
    });
    assert.equal(meHere.statusCode, 200, 'this session stays');
    assert.equal(meElsewhere.statusCode, 401, 'other sessions end');
    const oldLogin = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: PASSWORD },
    });
    assert.equal(oldLogin.statusCode, 401);
    await signIn(t.app, email, 'a brand new password');
    const [entry] = await t.store.audit
      .list({ subject: `user:${t.users.viewer.id}`, limit: 10 })
      .then((list) => list.filter((e) => e.action === 'auth.password_change'));
    assert.ok(entry, 'audited');
    assert.ok(!JSON.stringify(entry).includes('brand new'), 'the password is not in the audit log');
  });
});

describe('password upgrades', () => {
  it('re-hashes a password stored with other scrypt parameters at the next sign-in', async () => {
    const t = await createTestApp();
    try {
      setPasswordHashParams(PASSWORD_HASH_PARAMS);
      const old = await hashPassword(PASSWORD);
      setPasswordHashParams({ N: 2 ** 10, r: 8, p: 1 });
      await t.store.users.update(t.users.viewer.id, { passwordHash: old });
      await signIn(t.app, t.users.viewer.email);
      const upgraded = (await t.store.users.get(t.users.viewer.id))?.passwordHash ?? '';
      assert.match(upgraded, /^scrypt\$1\$N=1024,r=8,p=1\$/);
      await signIn(t.app, t.users.viewer.email);
      assert.equal((await t.store.users.get(t.users.viewer.id))?.passwordHash, upgraded, 'only once');
    } finally {
      await t.close();
    }
  });
});

describe('sessions with configured cookies', () => {
  it('sets Secure and the Max-Age from the configuration', async () => {
    const t = await createTestApp({
      env: { FLOWSYNC_SECURE_COOKIES: 'true', FLOWSYNC_SESSION_TTL_HOURS: '2' },
    });
    try {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: t.users.admin.email, password: PASSWORD },
      });
      const [cookie] = response.cookies;
      assert.equal(cookie?.secure, true);
      assert.equal(cookie?.maxAge, 7200);
      const session = await t.store.sessions.get(sha256(cookie?.value ?? ''));
      assert.ok(session);
      const ttl = Date.parse(session.expiresAt) - Date.parse(session.createdAt);
      assert.equal(ttl, 2 * 3_600_000);
    } finally {
      await t.close();
    }
  });
});
