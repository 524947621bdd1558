import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiToken, setPasswordHashParams } from '../src/auth/index.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

// Cheap hashing keeps the many sign-ins fast; the production cost is tested in auth-passwords.
setPasswordHashParams({ N: 2 ** 10, r: 8, p: 1 });

describe('API tokens', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const me = (authorization: string) =>
    t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization } });

  it('creates a token shown once, which then authenticates as its user without CSRF', async () => {
    const created = await t.as('integrator', {
      method: 'POST',
      url: '/api/tokens',
      payload: { name: 'nightly' },
    });
    assert.equal(created.statusCode, 201, created.body);
    const body = created.json();
    assert.match(body.token, /^fs_[A-Za-z0-9_-]{43}$/);
    assert.equal(body.name, 'nightly');
    assert.equal(body.userId, t.users.integrator.id);
    const response = await me(`Bearer ${body.token}`);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), {
      user: {
        id: t.users.integrator.id,
        email: t.users.integrator.email,
        name: 'integrator user',
        role: 'integrator',
      },
      via: 'token',
    });
    assert.equal((await me(`bearer   ${body.token}`)).statusCode, 200, 'the scheme is case-insensitive');

    const listed = await t.as('integrator', { method: 'GET', url: '/api/tokens' });
    const text = listed.body;
    assert.ok(!text.includes(body.token.slice(3)), 'listing never shows token values');
    assert.ok(!text.includes('tokenHash'));
    const nightly = listed.json().find((x: { id: string }) => x.id === body.id);
    assert.ok(nightly.lastUsedAt, 'use is recorded');
  });

  it('lists one’s own tokens; admins see every user’s', async () => {
    const own = (await t.as('viewer', { method: 'GET', url: '/api/tokens' })).json() as { userId: string }[];
    assert.ok(own.length >= 1);
    assert.ok(own.every((x) => x.userId === t.users.viewer.id));
    const all = (await t.as('admin', { method: 'GET', url: '/api/tokens' })).json() as {
      userEmail: string;
    }[];
    const emails = new Set(all.map((x) => x.userEmail));
    for (const role of ['admin', 'integrator', 'analyst', 'viewer'] as const)
      assert.ok(emails.has(t.users[role].email));
  });

  it('revokes tokens: one’s own, or anyone’s as admin; a revoked token stops working', async () => {
    const own = await createApiToken(t.store, t.users.viewer.id, 'own');
    const others = await createApiToken(t.store, t.users.integrator.id, 'not yours');
    assert.equal((await me(`Bearer ${own.token}`)).statusCode, 200);

    const revoke = await t.as('viewer', { method: 'DELETE', url: `/api/tokens/${own.id}` });
    assert.equal(revoke.statusCode, 200, revoke.body);
    assert.ok(revoke.json().revokedAt);
    assert.equal((await me(`Bearer ${own.token}`)).statusCode, 401);

    const forbidden = await t.as('viewer', { method: 'DELETE', url: `/api/tokens/${others.id}` });
    assert.equal(forbidden.statusCode, 403);
    assert.equal(forbidden.json().message, "Only admin may revoke another user's token (you are viewer)");
    assert.equal((await me(`Bearer ${others.token}`)).statusCode, 200);
    const byAdmin = await t.as('admin', { method: 'DELETE', url: `/api/tokens/${others.id}` });
    assert.equal(byAdmin.statusCode, 200);
    assert.equal((await me(`Bearer ${others.token}`)).statusCode, 401);

    const again = await t.as('admin', { method: 'DELETE', url: `/api/tokens/${others.id}` });
    assert.equal(again.json().revokedAt, byAdmin.json().revokedAt, 'revoking twice keeps the first time');
    const audit = await t.store.audit.list({ subject: `token:${others.id}` });
    assert.deepEqual(
      audit.map((e) => [e.action, e.actor]),
      [['token.revoke', t.users.admin.email]],
      'audited once',
    );
    const missing = await t.as('admin', { method: 'DELETE', url: '/api/tokens/no-such-token' });
    assert.equal(missing.statusCode, 404);
  });

  it('acts with its user’s current role', async () => {
    const { token } = await createApiToken(t.store, t.users.analyst.id, 'reporting');
    const listUsers = () =>
      t.app.inject({ method: 'GET', url: '/api/users', headers: { authorization: `Bearer ${token}` } });
    const refused = await listUsers();
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().message, 'Only admin may do this (you are analyst)');
    const promote = await t.as('admin', {
      method: 'PATCH',
      url: `/api/users/${t.users.analyst.id}`,
      payload: { role: 'admin' },
    });
    assert.equal(promote.statusCode, 200);
    assert.equal((await listUsers()).statusCode, 200);
    await t.as('admin', {
      method: 'PATCH',
      url: `/api/users/${t.users.analyst.id}`,
      payload: { role: 'analyst' },
    });
    assert.equal((await listUsers()).statusCode, 403);
  });
});
