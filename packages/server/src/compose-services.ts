import type { Store } from '@flowsync/store';
import type { ServerConfig } from './config.ts';
import { StoreConnectorRegistry } from './connections/store-connector-registry.ts';
import { EventHub } from './events/event-hub.ts';
import { createWorkerRunService } from './runs/worker-run-service.ts';
import { createScheduler, type Scheduler } from './runs/scheduler.ts';
import { createInboxProcessor } from './runs/inbox-processor.ts';
import type { AppServices } from './services.ts';

export interface ComposedServices extends AppServices {
  scheduler: Scheduler;
  /** Stops the scheduler, lets running flows finish their page, closes connectors and the hub. */
  close(): Promise<void>;
}

export interface ComposeOptions {
  config: ServerConfig;
  store: Store;
  /** The store key, handed to run workers (each opens its own store connection). */
  secretKey: Buffer;
  logger?: {
    info(o: object, m?: string): void;
    warn(o: object, m?: string): void;
    error(o: object, m?: string): void;
  };
  /** Test hook: shorter watchdog for runaway runs. */
  runWatchdogMs?: number;
}

/**
 * Wires the services the HTTP app and the background work share.
 *
 * @example
 * ```ts
 * const services = await composeServices({ config, store, secretKey });
 * const app = await buildApp(services);
 * ```
 */
export async function composeServices(options: ComposeOptions): Promise<ComposedServices> {
  const { config, store, secretKey } = options;
  const hub = new EventHub();
  const connectors = new StoreConnectorRegistry(store.connections);
  const runs = createWorkerRunService({
    config,
    store,
    secretKey,
    hub,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.runWatchdogMs !== undefined ? { watchdogMs: options.runWatchdogMs } : {}),
  });
  const scheduler = createScheduler({ store, runs, ...(options.logger ? { logger: options.logger } : {}) });
  const inbox = createInboxProcessor({
    store,
    runs,
    hub,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const services: ComposedServices = {
    config,
    store,
    hub,
    connectors,
    runs,
    scheduler,
    inbox,
    onFlowChanged: (flowId) => scheduler.refresh(flowId),
    async close() {
      await scheduler.stop();
      await runs.shutdown();
      await connectors.close();
      hub.close();
    },
  };
  await scheduler.start();
  await inbox.recover();
  return services;
}
