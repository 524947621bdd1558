import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { SessionRecord, Store } from '@flowsync/store';
import { AppError } from '../app-error.ts';
import { findApiToken } from './api-tokens.ts';
import type { Principal } from './principal.ts';
import { principalOf } from './roles.ts';
import { safeEqual } from './secrets.ts';
import { findSession, SESSION_COOKIE } from './sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The caller. Set for every request with a valid session cookie or API token; `null` otherwise.
     * Typed non-null for the routes behind `app.authenticate` / `requireRole`, which refuse requests
     * without one; on any other route use `principalOf(request)` or `authenticateRequest(request)`.
     */
    principal: Principal;
  }
  interface FastifyInstance {
    /** preHandler: 401 UNAUTHENTICATED unless the request has a principal. */
    authenticate(request: FastifyRequest): Promise<void>;
  }
  interface FastifyContextConfig {
    /** `false` exempts a session-authenticated mutating route from the CSRF check (sign-in only). */
    csrf?: boolean;
  }
}

export const CSRF_HEADER = 'x-csrf-token';
const MUTATING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// lastSeenAt / lastUsedAt are informational; writing them at most once a minute spares a write per request.
const TOUCH_INTERVAL_MS = 60_000;

interface ResolvedAuth {
  principal: Principal;
  session: SessionRecord | null;
}

const resolved = new WeakMap<FastifyRequest, ResolvedAuth | null>();

function bearerToken(request: FastifyRequest): string | null | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

function stale(at: string | undefined, now: Date): boolean {
  return at === undefined || now.getTime() - Date.parse(at) >= TOUCH_INTERVAL_MS;
}

async function userPrincipal(store: Store, userId: string, via: Principal['via']): Promise<Principal | null> {
  const user = await store.users.get(userId);
  // The user is read on every request: a disabled user is locked out at once, a role change applies at once.
  if (user === null || user.disabled) return null;
  return { userId: user.id, email: user.email, name: user.name, role: user.role, via };
}

async function resolveAuth(store: Store, request: FastifyRequest): Promise<ResolvedAuth | null> {
  const now = new Date();
  const token = bearerToken(request);
  // An Authorization header, even a malformed one, decides alone: no falling back to the cookie.
  if (token !== undefined) {
    if (token === null) return null;
    const record = await findApiToken(store, token);
    if (record === null || record.revokedAt !== undefined) return null;
    const principal = await userPrincipal(store, record.userId, 'token');
    if (principal === null) return null;
    if (stale(record.lastUsedAt, now)) await store.apiTokens.touch(record.id, now.toISOString());
    return { principal, session: null };
  }
  const sessionId = request.cookies[SESSION_COOKIE];
  if (sessionId === undefined || sessionId === '') return null;
  const session = await findSession(store, sessionId, now);
  if (session === null) return null;
  const principal = await userPrincipal(store, session.userId, 'session');
  if (principal === null) return null;
  if (stale(session.lastSeenAt, now)) await store.sessions.touch(session.idHash, now.toISOString());
  return { principal, session };
}

async function resolveOnce(request: FastifyRequest): Promise<ResolvedAuth | null> {
  if (resolved.has(request)) return resolved.get(request) ?? null;
  const auth = await resolveAuth(request.server.services.store, request);
  resolved.set(request, auth);
  if (auth !== null) request.principal = auth.principal;
  return auth;
}

/**
 * The caller of a request (session cookie or bearer token), or null. For code that runs outside the
 * route hooks, such as the websocket's upgrade handler.
 *
 * @example
 * ```ts
 * const principal = await authenticateRequest(request);
 * if (principal === null) return socket.close(4401, 'Sign in first');
 * ```
 */
export async function authenticateRequest(request: FastifyRequest): Promise<Principal | null> {
  return (await resolveOnce(request))?.principal ?? null;
}

/** The browser session behind a request, when it was authenticated by the session cookie. */
export async function sessionOf(request: FastifyRequest): Promise<SessionRecord | null> {
  return (await resolveOnce(request))?.session ?? null;
}

/** Forgets what was resolved for this request (after signing in or out within it). */
export function forgetResolvedAuth(request: FastifyRequest): void {
  resolved.delete(request);
}

async function authPluginBody(app: FastifyInstance): Promise<void> {
  app.decorateRequest('principal', null as unknown as Principal);
  app.decorate('authenticate', async (request: FastifyRequest) => {
    principalOf(request);
  });
  app.addHook('onRequest', async (request) => {
    const auth = await resolveOnce(request);
    if (auth?.session == null) return;
    // Only cookie-authenticated requests can be forged cross-site; bearer tokens are never sent by the
    // browser on its own, so they need no CSRF token.
    if (!MUTATING_METHODS.has(request.method) || request.routeOptions.config.csrf === false) return;
    const header = request.headers[CSRF_HEADER];
    const sent = Array.isArray(header) ? undefined : header;
    if (sent === undefined || !safeEqual(sent, auth.session.csrfToken)) {
      throw new AppError('FORBIDDEN', 'CSRF token missing or wrong');
    }
  });
}

/**
 * Authentication for the whole app: sets `request.principal` from a session cookie or an
 * `Authorization: Bearer fs_…` token, decorates `app.authenticate`, and refuses cookie-authenticated
 * POST/PUT/PATCH/DELETE requests without the session's `x-csrf-token` header (403). Register it before
 * the routes.
 *
 * @example
 * ```ts
 * await app.register(authPlugin);
 * app.get('/api/me', { preHandler: app.authenticate }, async (request) => request.principal);
 * ```
 */
export const authPlugin = fp(authPluginBody, { name: 'flowsync-auth', dependencies: ['@fastify/cookie'] });
