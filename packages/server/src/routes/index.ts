import type { FastifyInstance } from 'fastify';
import { healthRoutes } from './health.routes.ts';

/**
 * Every route plugin under `/api`, each encapsulated. Authentication and roles come from the auth
 * plugin's hooks, declared per route.
 */
export async function apiRoutes(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes);
}
