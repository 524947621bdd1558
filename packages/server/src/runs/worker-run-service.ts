import type { Store } from '@flowsync/store';
import type { ServerConfig } from '../config.ts';
import type { EventHub } from '../events/event-hub.ts';
import { DispatchedRunService } from './dispatched-run-service.ts';
import type { RunService } from './run-service.ts';
import type { ServiceLogger } from './service-logger.ts';
import { WorkerThreadDispatcher } from './worker-thread-dispatcher.ts';

export interface WorkerRunServiceOptions {
  config: ServerConfig;
  store: Store;
  /** The store key, handed to run workers (each opens its own store connection). */
  secretKey: Buffer;
  hub: EventHub;
  logger?: ServiceLogger;
  /** A run whose worker sends no heartbeat for this long is terminated. Default 30 s. */
  watchdogMs?: number;
}

export const DEFAULT_WATCHDOG_MS = 30_000;

/**
 * The run service of one process: runs execute in worker threads of this process, at most
 * `config.maxConcurrentRuns` at once, each with `config.workerMaxOldGenerationMb` of heap and
 * `config.workerMaxYoungGenerationMb` of young generation.
 *
 * @example
 * ```ts
 * const runs = createWorkerRunService({ config, store, secretKey, hub });
 * await runs.start({ flowId, trigger: { kind: 'manual' }, input: { kind: 'read' }, requestedBy: 'ada@example.com' });
 * ```
 */
export function createWorkerRunService(options: WorkerRunServiceOptions): RunService {
  const { config, store, hub, logger } = options;
  const dispatcher = new WorkerThreadDispatcher({
    maxConcurrent: config.maxConcurrentRuns,
    maxOldGenerationMb: config.workerMaxOldGenerationMb,
    maxYoungGenerationMb: config.workerMaxYoungGenerationMb,
    store: config.store,
    secretKey: options.secretKey,
    watchdogMs: options.watchdogMs ?? DEFAULT_WATCHDOG_MS,
    ...(logger ? { logger } : {}),
  });
  return new DispatchedRunService({
    store,
    hub,
    dispatcher,
    // On the embedded store this process owns every run; with a shared store other processes may be
    // running theirs, so nothing is touched there.
    failInterruptedRuns: config.store.kind === 'sqlite',
    ...(logger ? { logger } : {}),
  });
}
