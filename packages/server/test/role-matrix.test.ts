// Every mutating API route against every role, enumerated from the OpenAPI document so that a new
// route cannot escape the matrix: who may call it, and that the others get 403 before anything runs.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Role } from '@flowsync/store';
import { createTestApp, ROLES, type TestApp } from './support/test-app.ts';

const MUTATING = new Set(['post', 'put', 'patch', 'delete']);

/** Routes any signed-in user may call on their own account. */
const SELF_SERVICE = new Set([
  'POST /api/auth/logout',
  'POST /api/auth/password',
  'POST /api/tokens',
  'DELETE /api/tokens/{id}',
]);
/** No principal needed: signing in and out (idempotent), and realtime listeners (verified by signature). */
const PUBLIC = new Set(['POST /api/auth/login', 'POST /api/auth/logout', 'POST /hooks/{flowId}']);
const ADMIN_ONLY = new Set([
  'PUT /api/flows/{flowId}/enabled',
  'DELETE /api/flows/{flowId}',
  'POST /api/users',
  'PATCH /api/users/{id}',
]);
/** What an analyst may call (edits are further limited to qualification criteria). */
const ANALYST = new Set([
  'PUT /api/flows/{flowId}',
  'POST /api/flows/{flowId}/operations',
  'POST /api/flows/{flowId}/versions/{version}/restore',
  'POST /api/flows/validate',
  // Sample records feed the criteria preview; viewers may not read record data.
  'POST /api/connections/{name}/objects/{object}/sample',
]);
const READ_ONLY_POSTS = new Set(['POST /api/flows/validate']);

function allowed(route: string, role: Role): boolean {
  if (PUBLIC.has(route) || SELF_SERVICE.has(route)) return true;
  if (READ_ONLY_POSTS.has(route)) return true;
  switch (role) {
    case 'admin':
      return true;
    case 'integrator':
      return !ADMIN_ONLY.has(route);
    case 'analyst':
      return ANALYST.has(route);
    case 'viewer':
      return false;
  }
}

describe('role matrix', () => {
  let t: TestApp;
  let routes: string[] = [];

  before(async () => {
    t = await createTestApp();
    const document = (
      t.app as unknown as { swagger(): { paths: Record<string, Record<string, unknown>> } }
    ).swagger();
    routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((method) => MUTATING.has(method))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
  });
  after(async () => {
    await t?.close();
  });

  it('enumerates the mutating routes', () => {
    assert.ok(routes.length >= 25, `only ${routes.length} mutating routes found`);
    for (const route of [...ADMIN_ONLY, ...ANALYST]) assert.ok(routes.includes(route), `${route} exists`);
  });

  for (const role of ROLES) {
    it(`refuses ${role} exactly where the role may not act, before reading the request`, async () => {
      const wrong: string[] = [];
      for (const route of routes) {
        if (PUBLIC.has(route)) continue;
        const [method, path] = route.split(' ') as [string, string];
        const url = path.replace(/\{[^}]+\}/g, (name) => (name === '{version}' ? '1' : 'matrix-probe'));
        const response = await t.as(role, {
          method: method as 'POST',
          url,
          ...(method === 'DELETE' ? {} : { payload: {} }),
        });
        const refused = response.statusCode === 403 && response.json<{ code: string }>().code === 'FORBIDDEN';
        if (refused === allowed(route, role)) wrong.push(`${route} → ${response.statusCode}`);
      }
      assert.deepEqual(wrong, [], `${role}: routes with the wrong answer`);
    });
  }

  it('answers 401 to every mutating route without credentials', async () => {
    const open: string[] = [];
    for (const route of routes) {
      if (PUBLIC.has(route)) continue;
      const [method, path] = route.split(' ') as [string, string];
      const response = await t.app.inject({
        method: method as 'POST',
        url: path.replace(/\{[^}]+\}/g, 'x'),
        payload: {},
      });
      if (response.statusCode !== 401) open.push(`${route} → ${response.statusCode}`);
    }
    assert.deepEqual(open, []);
  });
});
