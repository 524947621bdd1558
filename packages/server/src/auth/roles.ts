import type { FastifyRequest } from 'fastify';
import type { Role } from '@flowsync/store';
import { AppError } from '../app-error.ts';
import type { Principal } from './principal.ts';

export function unauthenticated(): AppError {
  return new AppError(
    'UNAUTHENTICATED',
    'Sign in first, or send an API token as "Authorization: Bearer <token>"',
  );
}

/** `admin`, `admin or integrator`, `admin, integrator or analyst`. */
export function roleList(roles: readonly Role[]): string {
  if (roles.length <= 1) return roles.join('');
  return `${roles.slice(0, -1).join(', ')} or ${roles[roles.length - 1] ?? ''}`;
}

/**
 * The caller of an authenticated request. Throws UNAUTHENTICATED when there is none, so it is safe on
 * a route that forgot its `app.authenticate` hook.
 *
 * @example
 * ```ts
 * const { email } = principalOf(request);
 * ```
 */
export function principalOf(request: FastifyRequest): Principal {
  const principal = request.principal as Principal | null;
  if (principal === null || principal === undefined) throw unauthenticated();
  return principal;
}

/** Throws FORBIDDEN naming the roles that may, unless the principal has one of them. */
export function assertRole(principal: Principal, roles: readonly Role[], what = 'do this'): void {
  if (!roles.includes(principal.role)) {
    throw new AppError('FORBIDDEN', `Only ${roleList(roles)} may ${what} (you are ${principal.role})`);
  }
}

/**
 * A preHandler that lets the request through only for a signed-in caller with one of `roles`:
 * 401 UNAUTHENTICATED without a caller, 403 FORBIDDEN naming the role needed otherwise.
 *
 * @example
 * ```ts
 * app.put('/flows/:id/enabled', { preHandler: requireRole('admin'), schema }, handler);
 * // 403 { code: 'FORBIDDEN', message: 'Only admin may do this (you are integrator)' }
 * ```
 */
export function requireRole(...roles: Role[]): (request: FastifyRequest) => Promise<void> {
  if (roles.length === 0) throw new TypeError('requireRole needs at least one role');
  return async function requireRoleHook(request: FastifyRequest): Promise<void> {
    assertRole(principalOf(request), roles);
  };
}
