// Messages between the run service's thread and a run worker thread (structured-cloned).
import type { RunEvent } from '@flowsync/contracts';
import type { RunResult } from '@flowsync/engine';
import type { StoreConfig } from '@flowsync/store';
import type { RunJob } from './run-dispatcher.ts';

export interface RunWorkerData {
  store: StoreConfig;
  /** The store key (connection secrets are decrypted in the worker). */
  secretKey: Uint8Array;
  heartbeatMs: number;
}

/** Parent → worker. */
export type ToWorkerMessage =
  /** The one run this worker executes (a worker is started ahead of its job, so that it is warm). */
  | { type: 'run'; job: RunJob }
  /** Abort the run now: calls in flight are aborted. */
  | { type: 'cancel' }
  /** Graceful stop (shutdown): finish the pages in flight, commit, end. */
  | { type: 'stop' };

/** Worker → parent. */
export type FromWorkerMessage =
  /** Modules loaded; heartbeats follow. */
  | { type: 'ready' }
  | { type: 'heartbeat' }
  | { type: 'event'; event: RunEvent }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; details: object; message?: string }
  /** The run ended (the store and connectors are closed already). */
  | { type: 'result'; result: RunResult }
  /** The run could not start (store, flow version, compile). */
  | { type: 'failed'; message: string };
