import type { FastifyInstance } from 'fastify';
import type { FaultState } from './faults.ts';
import type { WebhookDispatcher } from './webhooks.ts';

/**
 * What every emulator factory returns.
 *
 * @example
 * ```ts
 * const emulator = await createSalesforceEmulator();
 * const baseUrl = await emulator.app.listen({ host: '127.0.0.1', port: 0 });
 * const { config, secrets } = emulator.connection(baseUrl);
 * ```
 */
export interface EmulatorInstance<State> {
  /** Not yet listening; the caller listens (port 0 in tests). */
  app: FastifyInstance;
  /** In-memory data, inspectable by tests. */
  state: State;
  webhooks: WebhookDispatcher;
  faults: FaultState;
  /** Connection settings a flowsync connection needs to reach this emulator, given its base URL. */
  connection(baseUrl: string): {
    kind: string;
    config: Record<string, unknown>;
    secrets: Record<string, string>;
  };
}
