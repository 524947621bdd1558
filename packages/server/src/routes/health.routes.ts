import type { FastifyInstance } from 'fastify';

/** Liveness, without authentication (load balancers, the start command's readiness wait). */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/health', { schema: { hide: true } }, async () => ({ ok: true }));
}
