// Browser-style sign-in for tests: the session cookie and CSRF token, as headers for app.inject().
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { PASSWORD } from './test-app.ts';

export interface BrowserSession {
  cookie: string;
  csrfToken: string;
  /** Headers of a browser request: the cookie, and the CSRF token unless `csrf` is false. */
  headers(csrf?: boolean): Record<string, string>;
}

export async function signIn(
  app: FastifyInstance,
  email: string,
  password = PASSWORD,
): Promise<BrowserSession> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  assert.equal(response.statusCode, 200, response.body);
  const cookie = response.cookies.find((c) => c.name === 'flowsync_session');
  assert.ok(cookie, 'login sets the session cookie');
  const { csrfToken } = response.json<{ csrfToken: string }>();
  return {
    cookie: cookie.value,
    csrfToken,
    headers: (csrf = true) => ({
      cookie: `flowsync_session=${cookie.value}`,
      ...(csrf ? { 'x-csrf-token': csrfToken } : {}),
    }),
  };
}
