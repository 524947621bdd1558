import type { LedgerEntry, RecordError, RunEvent, Watermark } from '@flowsync/contracts';
import type { ConnectorRegistry } from '@flowsync/connector-sdk';

/** Time, injected so that tests control it and the engine never reads the real clock directly. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects with an AbortError when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface Logger {
  debug(details: object, message?: string): void;
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
}

/** Receives every run event in order. Must not throw and must return quickly. */
export interface RunEventSink {
  emit(event: RunEvent): void;
}

export interface LedgerWrite extends LedgerEntry {
  action: 'created' | 'updated';
}

/**
 * The persistence the engine needs. The store package's adapters satisfy it structurally, and tests
 * pass an in-memory one.
 */
export interface EngineStore {
  ledger: {
    /** `target` null: entries of any target of the flow. */
    getMany(
      flowId: string,
      target: string | null,
      sourceIds: readonly string[],
    ): Promise<Map<string, LedgerEntry>>;
    upsertMany(entries: readonly LedgerWrite[]): Promise<void>;
  };
  errors: {
    insertMany(errors: readonly RecordError[]): Promise<void>;
    resolve(
      ids: readonly string[],
      resolution: 'succeeded' | 'retried' | 'manual',
      by: string,
    ): Promise<number>;
    resolveForRecords(flowId: string, sourceIds: readonly string[], by: string): Promise<number>;
  };
  watermarks: {
    get(flowId: string, nodeId: string): Promise<Watermark | null>;
    set(watermark: Watermark): Promise<void>;
  };
}

/** Everything the engine touches, handed in by the caller (the server, a worker, a test). */
export interface EnginePorts {
  connectors: ConnectorRegistry;
  store: EngineStore;
  events: RunEventSink;
  clock: Clock;
  logger: Logger;
  /** Unique ids for stored errors. */
  newId(): string;
  /** Random number in [0, 1) for backoff jitter; injectable for deterministic tests. */
  random?(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason ?? abortError());
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason ?? abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export function abortError(): Error {
  const error = new Error('The run was cancelled');
  error.name = 'AbortError';
  return error;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
