import assert from 'node:assert/strict';
import type { InjectOptions } from 'fastify';
import { after, before, describe, it } from 'node:test';
import type { Role } from '@flowsync/store';
import { createApiToken, hashPassword, setPasswordHashParams } from '../src/auth/index.ts';
import { createTestApp, PASSWORD, ROLES, type TestApp } from './support/test-app.ts';

// Cheap hashing keeps the many sign-ins fast; the production cost is tested in auth-passwords.
setPasswordHashParams({ N: 2 ** 10, r: 8, p: 1 });

interface RouteCase {
  name: string;
  allowed: readonly Role[] | 'all';
  /** Status of an allowed call. */
  ok: number;
  /** A fresh, valid request for this role (made before each call, so calls do not interfere). */
  request(t: TestApp, role: Role): Promise<InjectOptions>;
}

let counter = 0;
const unique = () => ++counter;

const ROUTES: RouteCase[] = [
  {
    name: 'POST /api/users',
    allowed: ['admin'],
    ok: 201,
    request: async () => ({
      method: 'POST',
      url: '/api/users',
      payload: { email: `new-${unique()}@test.flowsync`, name: 'New', role: 'viewer', password: PASSWORD },
    }),
  },
  {
    name: 'PATCH /api/users/:id',
    allowed: ['admin'],
    ok: 200,
    request: async (t) => ({
      method: 'PATCH',
      url: `/api/users/${t.users.viewer.id}`,
      payload: { name: `V${unique()}` },
    }),
  },
  {
    name: 'GET /api/users',
    allowed: ['admin'],
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/users' }),
  },
  {
    name: 'GET /api/audit',
    allowed: ['admin', 'integrator', 'analyst'],
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/audit' }),
  },
  {
    name: 'POST /api/tokens',
    allowed: 'all',
    ok: 201,
    request: async () => ({ method: 'POST', url: '/api/tokens', payload: { name: 'matrix' } }),
  },
  {
    name: 'GET /api/tokens',
    allowed: 'all',
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/tokens' }),
  },
  {
    name: 'DELETE /api/tokens/:id (own)',
    allowed: 'all',
    ok: 200,
    request: async (t, role) => {
      const { id } = await createApiToken(t.store, t.users[role].id, 'own');
      return { method: 'DELETE', url: `/api/tokens/${id}` };
    },
  },
  {
    name: "DELETE /api/tokens/:id (another user's)",
    allowed: ['admin'],
    ok: 200,
    request: async (t, role) => {
      const owner = role === 'viewer' ? t.users.analyst : t.users.viewer;
      const { id } = await createApiToken(t.store, owner.id, 'someone else');
      return { method: 'DELETE', url: `/api/tokens/${id}` };
    },
  },
  {
    name: 'POST /api/auth/password',
    allowed: 'all',
    ok: 204,
    // Changes the password and, on the next round, back: every call starts from PASSWORD.
    request: async (t, role) => {
      const user = await t.store.users.get(t.users[role].id);
      assert.ok(user);
      await t.store.users.update(user.id, { passwordHash: await hashPassword(PASSWORD) });
      return {
        method: 'POST',
        url: '/api/auth/password',
        payload: { currentPassword: PASSWORD, newPassword: `another password ${unique()}` },
      };
    },
  },
  {
    name: 'GET /api/auth/me',
    allowed: 'all',
    ok: 200,
    request: async () => ({ method: 'GET', url: '/api/auth/me' }),
  },
];

describe('role matrix of the auth, users, tokens and audit routes', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  for (const route of ROUTES) {
    it(`${route.name}: ${route.allowed === 'all' ? 'every role' : route.allowed.join(', ')}`, async () => {
      for (const role of ROLES) {
        const allowed = route.allowed === 'all' || route.allowed.includes(role);
        const response = await t.as(role, await route.request(t, role));
        if (allowed) {
          assert.equal(response.statusCode, route.ok, `${role}: ${response.body}`);
        } else {
          assert.equal(response.statusCode, 403, `${role} must be refused: ${response.body}`);
          assert.equal(response.json().code, 'FORBIDDEN');
          assert.match(response.json().message, new RegExp(`^Only admin.* may .*\\(you are ${role}\\)$`));
        }
      }
      const anonymous = await t.app.inject(await route.request(t, 'viewer'));
      assert.equal(anonymous.statusCode, 401, `without credentials: ${anonymous.body}`);
      assert.equal(anonymous.json().code, 'UNAUTHENTICATED');
    });
  }

  it('refused calls change nothing', async () => {
    const before = await t.store.users.count();
    await t.as('integrator', {
      method: 'POST',
      url: '/api/users',
      payload: { email: 'sneaky@test.flowsync', name: 'Sneaky', role: 'admin', password: PASSWORD },
    });
    await t.as('analyst', {
      method: 'PATCH',
      url: `/api/users/${t.users.analyst.id}`,
      payload: { role: 'admin' },
    });
    assert.equal(await t.store.users.count(), before);
    assert.equal((await t.store.users.get(t.users.analyst.id))?.role, 'analyst');
  });
});

describe('bad input on the auth, users, tokens and audit routes', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const user = { email: 'x@test.flowsync', name: 'X', role: 'viewer', password: PASSWORD };
  const cases: { request: (t: TestApp) => InjectOptions; path: string; anonymous?: boolean }[] = [
    {
      request: () => ({ method: 'POST', url: '/api/auth/login', payload: { password: PASSWORD } }),
      path: '/body/email',
      anonymous: true,
    },
    {
      request: () => ({ method: 'POST', url: '/api/auth/login', payload: { email: 'a@b.c' } }),
      path: '/body/password',
      anonymous: true,
    },
    {
      request: () => ({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'a@b.c', password: 123456789012 },
      }),
      path: '/body/password',
      anonymous: true,
    },
    {
      request: () => ({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'a@b.c', password: 'x', remember: true },
      }),
      path: '/body/remember',
      anonymous: true,
    },
    {
      request: () => ({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: PASSWORD } }),
      path: '/body/newPassword',
    },
    {
      request: () => ({
        method: 'POST',
        url: '/api/auth/password',
        payload: { currentPassword: PASSWORD, newPassword: 'short' },
      }),
      path: '/body/newPassword',
    },
    {
      request: () => ({ method: 'POST', url: '/api/users', payload: { ...user, email: 'not-an-email' } }),
      path: '/body/email',
    },
    {
      request: () => ({ method: 'POST', url: '/api/users', payload: { ...user, role: 'root' } }),
      path: '/body/role',
    },
    {
      request: () => ({ method: 'POST', url: '/api/users', payload: { ...user, password: 'elevenchars' } }),
      path: '/body/password',
    },
    {
      request: () => ({ method: 'POST', url: '/api/users', payload: { ...user, name: '' } }),
      path: '/body/name',
    },
    {
      request: () => ({ method: 'POST', url: '/api/users', payload: { ...user, disabled: true } }),
      path: '/body/disabled',
    },
    {
      request: (t) => ({
        method: 'PATCH',
        url: `/api/users/${t.users.viewer.id}`,
        payload: { role: 'boss' },
      }),
      path: '/body/role',
    },
    {
      request: (t) => ({
        method: 'PATCH',
        url: `/api/users/${t.users.viewer.id}`,
        payload: { disabled: 'yes' },
      }),
      path: '/body/disabled',
    },
    {
      request: (t) => ({
        method: 'PATCH',
        url: `/api/users/${t.users.viewer.id}`,
        payload: { password: 'short' },
      }),
      path: '/body/password',
    },
    {
      request: (t) => ({
        method: 'PATCH',
        url: `/api/users/${t.users.viewer.id}`,
        payload: { email: 'new@x.y' },
      }),
      path: '/body/email',
    },
    {
      request: (t) => ({ method: 'PATCH', url: `/api/users/${t.users.viewer.id}`, payload: {} }),
      path: '/body',
    },
    {
      request: () => ({ method: 'PATCH', url: `/api/users/${'u'.repeat(81)}`, payload: { name: 'x' } }),
      path: '/params/id',
    },
    { request: () => ({ method: 'POST', url: '/api/tokens', payload: {} }), path: '/body/name' },
    { request: () => ({ method: 'POST', url: '/api/tokens', payload: { name: '' } }), path: '/body/name' },
    {
      request: () => ({ method: 'POST', url: '/api/tokens', payload: { name: 'n'.repeat(101) } }),
      path: '/body/name',
    },
    { request: () => ({ method: 'DELETE', url: `/api/tokens/${'t'.repeat(81)}` }), path: '/params/id' },
    { request: () => ({ method: 'GET', url: '/api/audit?limit=abc' }), path: '/querystring/limit' },
    { request: () => ({ method: 'GET', url: '/api/audit?limit=0' }), path: '/querystring/limit' },
    { request: () => ({ method: 'GET', url: '/api/audit?limit=1001' }), path: '/querystring/limit' },
    { request: () => ({ method: 'GET', url: '/api/audit?subject=' }), path: '/querystring/subject' },
    { request: () => ({ method: 'GET', url: '/api/audit?order=asc' }), path: '/querystring/order' },
  ];

  for (const { request, path, anonymous } of cases) {
    it(`${describeRequest(request)} → 400 naming ${path}`, async () => {
      const options = request(t);
      const response = anonymous ? await t.app.inject(options) : await t.as('admin', options);
      assert.equal(response.statusCode, 400, response.body);
      const body = response.json();
      assert.equal(body.code, 'VALIDATION_FAILED');
      assert.ok(
        body.issues.some((issue: { path: string }) => issue.path === path),
        `expected an issue at ${path}: ${response.body}`,
      );
      const field = path.split('/').pop() ?? '';
      assert.ok(body.message.includes(field), `the message names ${field}: ${body.message}`);
    });
  }

  function describeRequest(request: (t: TestApp) => InjectOptions): string {
    const options = request({ users: { viewer: { id: ':id' } } } as unknown as TestApp);
    return `${options.method} ${options.url} ${JSON.stringify(options.payload ?? '')}`;
  }
});
