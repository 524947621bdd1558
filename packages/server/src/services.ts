import type { Store } from '@flowsync/store';
import type { ServerConfig } from './config.ts';
import type { StoreConnectorRegistry } from './connections/store-connector-registry.ts';
import type { EventHub } from './events/event-hub.ts';
import type { InboxProcessor } from './runs/inbox-processor.ts';
import type { RunService } from './runs/run-service.ts';

/** The shared services, decorated once on the app as `app.services`. */
export interface AppServices {
  config: ServerConfig;
  store: Store;
  hub: EventHub;
  connectors: StoreConnectorRegistry;
  runs: RunService;
  /** Processes accepted realtime deliveries (webhook inbox). */
  inbox: InboxProcessor;
  /** Flows whose schedule or listener state changed (enabled, new version): the scheduler re-reads them. */
  onFlowChanged(flowId: string): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: AppServices;
  }
}
