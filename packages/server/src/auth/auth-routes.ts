import type { FastifyInstance } from 'fastify';
import { auditRoutes } from './audit.routes.ts';
import { authSessionRoutes } from './auth.routes.ts';
import { LoginThrottle } from './login-throttle.ts';
import { tokensRoutes } from './tokens.routes.ts';
import { usersRoutes } from './users.routes.ts';

/**
 * `/auth/*` (sign in and out, me, own password), `/users`, `/tokens` and `/audit`, each encapsulated.
 * Register under the `/api` prefix, after {@link authPlugin}.
 *
 * @example
 * ```ts
 * await app.register(authRoutes);
 * ```
 */
export async function authRoutes(app: FastifyInstance): Promise<void> {
  await app.register(authSessionRoutes, { throttle: new LoginThrottle() });
  await app.register(usersRoutes);
  await app.register(tokensRoutes);
  await app.register(auditRoutes);
}
