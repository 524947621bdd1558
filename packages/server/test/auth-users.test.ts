import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiToken, setPasswordHashParams } from '../src/auth/index.ts';
import { signIn } from './support/sign-in.ts';
import { createTestApp, PASSWORD, type TestApp } from './support/test-app.ts';

// Cheap hashing keeps the many sign-ins fast; the production cost is tested in auth-passwords.
setPasswordHashParams({ N: 2 ** 10, r: 8, p: 1 });

describe('user management', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const patch = (id: string, payload: object, authorization?: string) =>
    authorization === undefined
      ? t.as('admin', { method: 'PATCH', url: `/api/users/${id}`, payload })
      : t.app.inject({ method: 'PATCH', url: `/api/users/${id}`, payload, headers: { authorization } });

  it('creates users who can then sign in, and never returns password hashes', async () => {
    const created = await t.as('admin', {
      method: 'POST',
      url: '/api/users',
      payload: {
        email: 'Grace@Test.Flowsync',
        name: 'Grace',
        role: 'integrator',
        password: 'a long enough password',
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    const user = created.json();
    assert.deepEqual(Object.keys(user).sort(), [
      'createdAt',
      'disabled',
      'email',
      'id',
      'name',
      'role',
      'updatedAt',
    ]);
    assert.equal(user.email, 'Grace@Test.Flowsync');
    const session = await signIn(t.app, 'grace@test.flowsync', 'a long enough password');
    assert.ok(session.csrfToken);

    const duplicate = await t.as('admin', {
      method: 'POST',
      url: '/api/users',
      payload: {
        email: 'grace@test.FLOWSYNC',
        name: 'Other',
        role: 'viewer',
        password: 'a long enough password',
      },
    });
    assert.equal(duplicate.statusCode, 409);
    assert.equal(duplicate.json().issues[0].path, '/body/email');

    const list = await t.as('admin', { method: 'GET', url: '/api/users' });
    assert.equal(list.statusCode, 200);
    assert.ok(list.json().some((u: { id: string }) => u.id === user.id));
    for (const body of [created.body, list.body]) {
      assert.ok(!/passwordHash|scrypt\$/.test(body), 'no password hash in responses');
    }
    const audit = await t.store.audit.list({ subject: `user:${user.id}` });
    const entry = audit.find((e) => e.action === 'user.create');
    assert.equal(entry?.actor, t.users.admin.email);
    assert.ok(!JSON.stringify(audit).includes('a long enough password'));
  });

  it('keeps at least one enabled admin, and admins cannot disable themselves', async () => {
    const admin = t.users.admin;
    const demote = await patch(admin.id, { role: 'integrator' });
    assert.equal(demote.statusCode, 409);
    assert.match(demote.json().message, /last enabled admin/);
    assert.equal(demote.json().issues[0].path, '/body/role');
    const selfDisable = await patch(admin.id, { disabled: true });
    assert.equal(selfDisable.statusCode, 409);
    assert.match(selfDisable.json().message, /cannot disable your own account/);
    assert.equal(selfDisable.json().issues[0].path, '/body/disabled');

    const second = await t.as('admin', {
      method: 'POST',
      url: '/api/users',
      payload: { email: 'second-admin@test.flowsync', name: 'Second', role: 'admin', password: PASSWORD },
    });
    const secondId: string = second.json().id;
    assert.equal(
      (await patch(secondId, { disabled: true })).statusCode,
      200,
      'an admin may disable another admin',
    );
    const stillLast = await patch(admin.id, { role: 'viewer' });
    assert.equal(stillLast.statusCode, 409, 'a disabled admin does not count');
    assert.equal((await patch(secondId, { disabled: false })).statusCode, 200);

    // Two enabled admins: one may step down; then the other is the last.
    const stepDown = await patch(admin.id, { role: 'integrator' });
    assert.equal(stepDown.statusCode, 200, stepDown.body);
    assert.equal(
      (await t.as('admin', { method: 'GET', url: '/api/users' })).statusCode,
      403,
      'takes effect at once',
    );
    const { token } = await createApiToken(t.store, secondId, 'second');
    const lastOne = await patch(secondId, { disabled: true }, `Bearer ${token}`);
    assert.equal(lastOne.statusCode, 409);
    const restore = await patch(admin.id, { role: 'admin' }, `Bearer ${token}`);
    assert.equal(restore.statusCode, 200);
    assert.deepEqual(restore.json().role, 'admin');
    const audit = await t.store.audit.list({ subject: `user:${admin.id}`, limit: 5 });
    assert.deepEqual(audit[0]?.detail?.changes, { role: { from: 'integrator', to: 'admin' } });
    assert.equal(audit[0]?.actor, 'second-admin@test.flowsync');
  });

  it('lets an admin set a user’s password, which ends that user’s sessions', async () => {
    const session = await signIn(t.app, t.users.integrator.email);
    const response = await patch(t.users.integrator.id, { password: 'set by the admin 42' });
    assert.equal(response.statusCode, 200);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: session.headers() });
    assert.equal(me.statusCode, 401);
    await signIn(t.app, t.users.integrator.email, 'set by the admin 42');
    const update = (await t.store.audit.list({ subject: `user:${t.users.integrator.id}` })).find(
      (e) => e.action === 'user.update',
    );
    assert.deepEqual(update?.detail?.changes, { password: 'changed' });
    assert.ok(!JSON.stringify(update).includes('set by the admin'));
  });

  it('answers 404 for an unknown user', async () => {
    const response = await patch('no-such-user', { name: 'x' });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().code, 'NOT_FOUND');
  });
});

describe('audit log', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('lists entries newest first, filtered by subject and actor, for admin, integrator and analyst', async () => {
    await t.as('admin', {
      method: 'PATCH',
      url: `/api/users/${t.users.viewer.id}`,
      payload: { name: 'Vera' },
    });
    await t.as('viewer', { method: 'POST', url: '/api/tokens', payload: { name: 'mine' } });
    for (const role of ['admin', 'integrator', 'analyst'] as const) {
      const response = await t.as(role, {
        method: 'GET',
        url: `/api/audit?subject=user:${t.users.viewer.id}`,
      });
      assert.equal(response.statusCode, 200, role);
      const [entry] = response.json();
      assert.equal(entry.action, 'user.update');
      assert.equal(entry.actor, t.users.admin.email);
      assert.deepEqual(entry.detail.changes, { name: { from: 'viewer user', to: 'Vera' } });
    }
    const byActor = await t.as('admin', { method: 'GET', url: `/api/audit?actor=${t.users.viewer.email}` });
    assert.deepEqual(
      byActor.json().map((e: { action: string }) => e.action),
      ['token.create'],
    );
    const limited = await t.as('admin', { method: 'GET', url: '/api/audit?limit=1' });
    assert.equal(limited.json().length, 1);
    assert.equal(limited.json()[0].action, 'token.create');
    const viewer = await t.as('viewer', { method: 'GET', url: '/api/audit' });
    assert.equal(viewer.statusCode, 403);
    assert.equal(viewer.json().message, 'Only admin, integrator or analyst may do this (you are viewer)');
  });
});
