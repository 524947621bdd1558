import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ApiError,
  CreateUserBody,
  UpdateUserBody,
  UserIdParams,
  UserList,
  UserView,
} from '@flowsync/contracts';
import { DuplicateError, type UserRecord } from '@flowsync/store';
import { AppError, notFound } from '../app-error.ts';
import { sessionOf } from './auth-plugin.ts';
import { assertPasswordPolicy, hashPassword } from './passwords.ts';
import { principalOf, requireRole } from './roles.ts';

export function userView(user: UserRecord): UserView {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    disabled: user.disabled,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

function conflict(message: string, field: string): AppError {
  return new AppError('CONFLICT', message, [{ path: `/body/${field}`, message }]);
}

/** Runs changes one after another, so that "is this the last admin?" cannot race within this process. */
function serialized(): <T>(body: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (body) => {
    const run = tail.then(body, body);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** User management: admins only (one's own password is changed at POST /auth/password). */
export const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { store } = app.services;
  const adminOnly = requireRole('admin');
  const exclusive = serialized();

  app.get(
    '/users',
    {
      onRequest: adminOnly,
      schema: {
        tags: ['users'],
        summary: 'Every user',
        response: { 200: UserList, 401: ApiError, 403: ApiError },
      },
    },
    async () => (await store.users.list()).map(userView),
  );

  app.post(
    '/users',
    {
      onRequest: adminOnly,
      schema: {
        tags: ['users'],
        summary: 'Create a user',
        body: CreateUserBody,
        response: { 201: UserView, 400: ApiError, 401: ApiError, 403: ApiError, 409: ApiError },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { email, name, role, password } = request.body;
      assertPasswordPolicy(password, 'password');
      let user: UserRecord;
      try {
        user = await store.users.create({
          email,
          name,
          role,
          passwordHash: await hashPassword(password),
          disabled: false,
        });
      } catch (error) {
        if (error instanceof DuplicateError)
          throw conflict(`A user with email ${email} already exists`, 'email');
        throw error;
      }
      await store.audit.append({
        actor: principal.email,
        action: 'user.create',
        subject: `user:${user.id}`,
        detail: { email: user.email, name: user.name, role: user.role },
      });
      return reply.code(201).send(userView(user));
    },
  );

  app.patch(
    '/users/:id',
    {
      onRequest: adminOnly,
      schema: {
        tags: ['users'],
        summary: 'Rename, change the role, disable or enable, or set the password of a user',
        params: UserIdParams,
        body: UpdateUserBody,
        response: {
          200: UserView,
          400: ApiError,
          401: ApiError,
          403: ApiError,
          404: ApiError,
          409: ApiError,
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const patch = request.body;
      if (patch.password !== undefined) assertPasswordPolicy(patch.password, 'password');
      return exclusive(async () => {
        const user = await store.users.get(request.params.id);
        if (user === null) throw notFound(`User ${request.params.id}`);
        const role = patch.role ?? user.role;
        const disabled = patch.disabled ?? user.disabled;
        if (user.id === principal.userId && disabled && !user.disabled) {
          throw conflict('You cannot disable your own account; ask another admin', 'disabled');
        }
        const wasActiveAdmin = user.role === 'admin' && !user.disabled;
        if (wasActiveAdmin && (role !== 'admin' || disabled)) {
          const activeAdmins = (await store.users.list()).filter((u) => u.role === 'admin' && !u.disabled);
          if (activeAdmins.length <= 1) {
            throw conflict(
              `${user.email} is the last enabled admin; make another user admin first`,
              role !== 'admin' ? 'role' : 'disabled',
            );
          }
        }
        const updated = await store.users.update(user.id, {
          ...(patch.name !== undefined ? { name: patch.name } : {}),
          ...(patch.role !== undefined ? { role: patch.role } : {}),
          ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
          ...(patch.password !== undefined ? { passwordHash: await hashPassword(patch.password) } : {}),
        });
        // Disabled users are refused on their next request anyway; a new password also ends old sessions
        // (except the admin's own current one, when they set their own password here).
        const current = user.id === principal.userId ? await sessionOf(request) : null;
        const sessionsEnded =
          (updated.disabled && !user.disabled) || patch.password !== undefined
            ? await store.sessions.deleteForUser(user.id, current ? { exceptIdHash: current.idHash } : {})
            : 0;
        const changes: Record<string, unknown> = {};
        if (updated.name !== user.name) changes.name = { from: user.name, to: updated.name };
        if (updated.role !== user.role) changes.role = { from: user.role, to: updated.role };
        if (updated.disabled !== user.disabled)
          changes.disabled = { from: user.disabled, to: updated.disabled };
        if (patch.password !== undefined) changes.password = 'changed';
        await store.audit.append({
          actor: principal.email,
          action: 'user.update',
          subject: `user:${user.id}`,
          detail: { email: user.email, changes, sessionsEnded },
        });
        return userView(updated);
      });
    },
  );
};
