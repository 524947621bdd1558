import {
  ERROR_CODES,
  type ErrorCode,
  type FlowSettings,
  type NodeStats,
  type RecordError,
  type RunRejection,
  type RunTotals,
} from '@flowsync/contracts';
import { ConnectorError, toConnectorError, type Connector } from '@flowsync/connector-sdk';
import type { CompiledFlow } from './compile-flow.ts';
import { payloadOf, type Envelope } from './envelope.ts';
import type { EnginePorts, LedgerWrite } from './ports.ts';
import { withRetry } from './retry.ts';

/** How many rejections and record-error events one run reports individually (the rest only count). */
export const REJECTION_SAMPLE_SIZE = 100;
export const RECORD_EVENT_LIMIT = 1000;
const LOOKUP_CACHE_LIMIT = 10_000;

/** What one page produced, written to the store in bulk when the page is done. */
export interface PageOutcome {
  errors: RecordError[];
  ledger: LedgerWrite[];
  /** Source ids that reached a successful final state (written or unchanged). */
  succeeded: Set<string>;
  /** Inbox errors this page retried. */
  retriedErrorIds: string[];
}

export function newPageOutcome(): PageOutcome {
  return { errors: [], ledger: [], succeeded: new Set(), retriedErrorIds: [] };
}

export interface RunIdentity {
  runId: string;
  flowVersion: number;
}

interface Failure {
  code: ErrorCode;
  message: string;
  retryable: boolean;
}

function failureOf(error: unknown): Failure {
  if (error instanceof ConnectorError)
    return { code: error.code, message: error.message, retryable: error.retryable };
  if (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code in ERROR_CODES
  ) {
    const code = error.code as ErrorCode;
    return { code, message: error.message, retryable: ERROR_CODES[code].retryable };
  }
  const converted = toConnectorError(error);
  return { code: converted.code, message: converted.message, retryable: converted.retryable };
}

/** State of one run, shared by the executors. */
export class RunContext {
  readonly compiled: CompiledFlow;
  readonly identity: RunIdentity;
  readonly ports: EnginePorts;
  readonly signal: AbortSignal;
  readonly settings: FlowSettings;
  readonly stats: Record<string, NodeStats>;
  readonly totals: RunTotals;
  readonly rejections: RunRejection[] = [];
  readonly random: () => number;
  private recordEvents = 0;
  private readonly connectors = new Map<string, Promise<Connector>>();
  // Two generations, the older dropped whole: evicting one oldest key per insert made every insert
  // into a full cache O(size), because a Map's keys().next() walks the holes its deletions leave.
  private lookupCache = new Map<string, unknown[]>();
  private previousLookups = new Map<string, unknown[]>();
  private readonly onErrorCount: (failed: number) => void;

  constructor(init: {
    compiled: CompiledFlow;
    identity: RunIdentity;
    ports: EnginePorts;
    signal: AbortSignal;
    stats: Record<string, NodeStats>;
    totals: RunTotals;
    onErrorCount: (failed: number) => void;
  }) {
    this.compiled = init.compiled;
    this.identity = init.identity;
    this.ports = init.ports;
    this.signal = init.signal;
    this.settings = init.compiled.flow.settings;
    this.stats = init.stats;
    this.totals = init.totals;
    this.random = init.ports.random ?? Math.random;
    this.onErrorCount = init.onErrorCount;
  }

  get flowId(): string {
    return this.compiled.flow.id;
  }

  /** The connector for a connection name, created once per run. */
  connector(name: string): Promise<Connector> {
    let connector = this.connectors.get(name);
    if (!connector) {
      connector = this.ports.connectors.get(name);
      this.connectors.set(name, connector);
      connector.catch(() => this.connectors.delete(name));
    }
    return connector;
  }

  /** Calls a system with retries on transient errors, counted on the node. */
  retry<T>(nodeId: string, call: () => Promise<T>): Promise<T> {
    return withRetry(call, {
      settings: this.settings.retry,
      clock: this.ports.clock,
      random: this.random,
      signal: this.signal,
      onRetry: (error, retry, delayMs) => {
        this.statsOf(nodeId).retries += 1;
        this.ports.logger.warn({ nodeId, code: error.code, retry, delayMs }, `retrying after ${error.code}`);
      },
    });
  }

  statsOf(nodeId: string): NodeStats {
    const stats = this.stats[nodeId];
    if (!stats) throw new Error(`no stats for node ${nodeId}`);
    return stats;
  }

  /**
   * Stores a record as failed at `nodeId`. Rethrows instead when the run is being cancelled: a
   * record interrupted by cancellation is not final and will be read again.
   */
  fail(page: PageOutcome, nodeId: string, envelope: Envelope, error: unknown): void {
    if (this.signal.aborted) throw error;
    const failure = failureOf(error);
    const now = new Date(this.ports.clock.now()).toISOString();
    const record: RecordError = {
      id: this.ports.newId(),
      flowId: this.flowId,
      flowVersion: this.identity.flowVersion,
      runId: this.identity.runId,
      nodeId,
      sourceId: envelope.sourceId,
      code: failure.code,
      message: failure.message,
      retryable: failure.retryable,
      attempt: (envelope.retryOf?.attempt ?? 0) + 1,
      payload: payloadOf(envelope),
      status: 'open',
      createdAt: now,
      updatedAt: now,
    };
    page.errors.push(record);
    this.statsOf(nodeId).failed += 1;
    this.totals.failed += 1;
    if (this.recordEvents < RECORD_EVENT_LIMIT) {
      this.recordEvents += 1;
      this.ports.events.emit({
        type: 'run.recordError',
        runId: this.identity.runId,
        flowId: this.flowId,
        at: now,
        errorId: record.id,
        nodeId,
        sourceId: envelope.sourceId,
        code: record.code,
        message: record.message,
      });
    }
    this.onErrorCount(this.totals.failed);
  }

  reject(nodeId: string, envelope: Envelope, reason: string): void {
    this.totals.rejected += 1;
    if (this.rejections.length < REJECTION_SAMPLE_SIZE) {
      this.rejections.push({ nodeId, sourceId: envelope.sourceId, reason });
    }
    if (this.recordEvents < RECORD_EVENT_LIMIT) {
      this.recordEvents += 1;
      this.ports.events.emit({
        type: 'run.recordRejected',
        runId: this.identity.runId,
        flowId: this.flowId,
        at: new Date(this.ports.clock.now()).toISOString(),
        nodeId,
        sourceId: envelope.sourceId,
        reason,
      });
    }
  }

  /** Positive lookup results only: a miss may be created by this very run, so it is asked again. */
  cachedLookup(key: string): unknown[] | undefined {
    return this.lookupCache.get(key) ?? this.previousLookups.get(key);
  }

  /** Keeps at most LOOKUP_CACHE_LIMIT results, the most recent half at least. */
  cacheLookup(key: string, records: unknown[]): void {
    if (this.lookupCache.size >= LOOKUP_CACHE_LIMIT / 2) {
      this.previousLookups = this.lookupCache;
      this.lookupCache = new Map();
    }
    this.lookupCache.set(key, records);
  }
}
