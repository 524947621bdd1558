import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError, ChangePasswordBody, LoginBody, LoginResponse, MeResponse } from '@flowsync/contracts';
import type { UserRecord } from '@flowsync/store';
import { AppError } from '../app-error.ts';
import { forgetResolvedAuth, sessionOf } from './auth-plugin.ts';
import type { LoginThrottle } from './login-throttle.ts';
import {
  assertPasswordPolicy,
  dummyPasswordHash,
  hashPassword,
  needsRehash,
  verifyPassword,
} from './passwords.ts';
import { principalOf } from './roles.ts';
import { createSession, SESSION_COOKIE } from './sessions.ts';

const WRONG_CREDENTIALS = 'Wrong email or password';

export function sessionUser(user: Pick<UserRecord, 'id' | 'email' | 'name' | 'role'>) {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

function tooManyAttempts(reply: FastifyReply, retryAfterMs: number): AppError {
  const minutes = Math.ceil(retryAfterMs / 60_000);
  void reply.header('retry-after', String(Math.ceil(retryAfterMs / 1000)));
  return new AppError(
    'RATE_LIMITED',
    `Too many failed sign-ins for this email; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
  );
}

/** Sign in and out, who am I, change my own password. */
export const authSessionRoutes: FastifyPluginAsyncTypebox<{ throttle: LoginThrottle }> = async (
  app,
  { throttle },
) => {
  const { store, config } = app.services;
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: config.secureCookies,
  } as const;

  app.post(
    '/auth/login',
    {
      // Signing in needs no CSRF token: it is what hands one out (and SameSite=Lax covers the cookie).
      config: { csrf: false },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password; sets the session cookie',
        body: LoginBody,
        response: { 200: LoginResponse, 401: ApiError, 429: ApiError },
      },
    },
    async (request, reply) => {
      const key = request.body.email.trim().toLowerCase();
      const wait = throttle.retryAfterMs(key);
      if (wait > 0) throw tooManyAttempts(reply, wait);
      const user = await store.users.getByEmail(key);
      // Unknown emails are checked against a dummy hash: same work, same answer, no user enumeration.
      const ok = await verifyPassword(
        request.body.password,
        user?.passwordHash ?? (await dummyPasswordHash()),
      );
      if (user === null || !ok) {
        throttle.fail(key);
        if (user !== null) {
          await store.audit.append({
            actor: user.email,
            action: 'auth.login_failed',
            subject: `user:${user.id}`,
            detail: { ip: request.ip },
          });
        }
        throw new AppError('UNAUTHENTICATED', WRONG_CREDENTIALS);
      }
      // Said only to whoever knows the password.
      if (user.disabled) throw new AppError('UNAUTHENTICATED', 'This account is disabled; ask an admin');
      throttle.reset(key);
      if (needsRehash(user.passwordHash)) {
        await store.users.update(user.id, { passwordHash: await hashPassword(request.body.password) });
      }
      const now = new Date();
      await store.sessions.deleteExpired(now.toISOString());
      const { sessionId, session } = await createSession(store, user.id, config.sessionTtlHours, now);
      void reply.setCookie(SESSION_COOKIE, sessionId, {
        ...cookieOptions,
        maxAge: config.sessionTtlHours * 3600,
      });
      forgetResolvedAuth(request);
      await store.audit.append({
        actor: user.email,
        action: 'auth.login',
        subject: `user:${user.id}`,
        detail: { ip: request.ip },
      });
      return { user: sessionUser(user), csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'End the browser session (clears the cookie); harmless without one',
        response: { 204: { type: 'null', description: 'Signed out' } },
      },
    },
    async (request, reply) => {
      const session = await sessionOf(request);
      if (session !== null) {
        await store.sessions.delete(session.idHash);
        await store.audit.append({
          actor: principalOf(request).email,
          action: 'auth.logout',
          subject: `user:${session.userId}`,
        });
      }
      forgetResolvedAuth(request);
      void reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.code(204).send();
    },
  );

  app.get(
    '/auth/me',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['auth'],
        summary: 'Who is signed in (and the CSRF token of this browser session)',
        response: { 200: MeResponse, 401: ApiError },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const session = await sessionOf(request);
      return {
        user: { id: principal.userId, email: principal.email, name: principal.name, role: principal.role },
        via: principal.via,
        ...(session !== null ? { csrfToken: session.csrfToken } : {}),
      };
    },
  );

  app.post(
    '/auth/password',
    {
      onRequest: app.authenticate,
      schema: {
        tags: ['auth'],
        summary: 'Change your own password; ends your other sessions',
        body: ChangePasswordBody,
        response: {
          204: { type: 'null', description: 'Changed' },
          400: ApiError,
          401: ApiError,
          429: ApiError,
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const key = principal.email.toLowerCase();
      const wait = throttle.retryAfterMs(key);
      if (wait > 0) throw tooManyAttempts(reply, wait);
      const user = await store.users.get(principal.userId);
      if (user === null) throw new AppError('UNAUTHENTICATED', 'Your account no longer exists');
      if (!(await verifyPassword(request.body.currentPassword, user.passwordHash))) {
        // Counted like a failed sign-in, so a stolen session cannot be used to guess the password.
        throttle.fail(key);
        const message = 'currentPassword is wrong';
        throw new AppError('VALIDATION_FAILED', message, [{ path: '/body/currentPassword', message }]);
      }
      assertPasswordPolicy(request.body.newPassword, 'newPassword');
      if (request.body.newPassword === request.body.currentPassword) {
        const message = 'newPassword must differ from the current password';
        throw new AppError('VALIDATION_FAILED', message, [{ path: '/body/newPassword', message }]);
      }
      throttle.reset(key);
      await store.users.update(user.id, { passwordHash: await hashPassword(request.body.newPassword) });
      const session = await sessionOf(request);
      const ended = await store.sessions.deleteForUser(
        user.id,
        session === null ? {} : { exceptIdHash: session.idHash },
      );
      await store.audit.append({
        actor: principal.email,
        action: 'auth.password_change',
        subject: `user:${user.id}`,
        detail: { via: principal.via, sessionsEnded: ended },
      });
      return reply.code(204).send();
    },
  );
};
