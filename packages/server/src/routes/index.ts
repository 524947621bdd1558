import type { FastifyInstance } from 'fastify';
import { authRoutes } from '../auth/index.ts';
import { healthRoutes } from './health.routes.ts';
import { flowsRoutes } from './flows.routes.ts';
import { connectionsRoutes } from './connections.routes.ts';
import { ledgerRoutes } from './ledger.routes.ts';
import { runtimeRoutes } from './runs.routes.ts';

/**
 * Every route plugin under `/api`, each encapsulated. Authentication and roles come from the auth
 * plugin's hooks, declared per route.
 */
export async function apiRoutes(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes);
  await app.register(flowsRoutes);
  await app.register(connectionsRoutes);
  await app.register(ledgerRoutes);
  await app.register(runtimeRoutes);
  await app.register(authRoutes);
}
