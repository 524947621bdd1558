import { Worker } from 'node:worker_threads';
import type { NodeStats, RunTotals } from '@flowsync/contracts';
import type { RunResult } from '@flowsync/engine';
import type { StoreConfig } from '@flowsync/store';
import type { RunDispatcher, RunJob, RunJobObserver } from './run-dispatcher.ts';
import { runWorkerResourceLimits } from './run-worker-limits.ts';
import type { FromWorkerMessage, RunWorkerData, ToWorkerMessage } from './run-worker-protocol.ts';
import type { ServiceLogger } from './service-logger.ts';

export interface WorkerThreadDispatcherOptions {
  /** Runs executing at once; the rest wait in dispatch order. */
  maxConcurrent: number;
  /** V8 old-generation heap limit of one run worker. */
  maxOldGenerationMb: number;
  /** V8 young-generation size limit of one run worker (see {@link runWorkerResourceLimits}). */
  maxYoungGenerationMb: number;
  store: StoreConfig;
  secretKey: Buffer;
  /** A running worker that sends no heartbeat for this long is terminated (runaway expression). */
  watchdogMs: number;
  /** Time a worker may take to load before it counts as stuck. Default max(60 s, watchdogMs). */
  startupTimeoutMs?: number;
  /** After a cancel, time the run gets to wind down before its worker is terminated. Default min(watchdogMs, 10 s). */
  cancelGraceMs?: number;
  logger?: ServiceLogger;
  /**
   * Keep one loaded worker waiting for the next run once runs are used (loading the engine and the
   * connectors takes the better part of a second). Each run still gets a worker of its own. Default true.
   */
  prewarm?: boolean;
  /** The worker entry (tests may point at another). */
  workerUrl?: URL;
}

/** A worker thread; it executes at most one run and is terminated after it. */
interface RunWorker {
  worker: Worker;
  ready: boolean;
  execution?: Execution;
  /** The worker's own uncaught error, if any. */
  crash?: string;
}

interface Execution {
  job: RunJob;
  observer: RunJobObserver;
  runWorker?: RunWorker;
  ended: boolean;
  lastBeat: number;
  /** Why the worker is being (or was) terminated, when the dispatcher did it. */
  termination?: { status: 'failed' | 'cancelled'; message: string };
  totals?: RunTotals;
  nodes?: Record<string, NodeStats>;
  timers: NodeJS.Timeout[];
  exited: Promise<void>;
  markExited(): void;
}

const ZERO_TOTALS: RunTotals = { read: 0, written: 0, rejected: 0, skipped: 0, failed: 0 };

/**
 * The in-process {@link RunDispatcher}: each run executes in its own worker thread with a heap limit,
 * at most `maxConcurrent` at once. A watchdog terminates a worker whose event loop stops answering (a
 * user expression stuck in a regular expression cannot be interrupted from inside), and an unexpected
 * exit (crash, out of memory) ends its run `failed` with a message that says what happened.
 *
 * @example
 * ```ts
 * const dispatcher = new WorkerThreadDispatcher({
 *   maxConcurrent: 4, maxOldGenerationMb: 512, maxYoungGenerationMb: 16, store: config.store,
 *   secretKey, watchdogMs: 30_000,
 * });
 * dispatcher.dispatch(job, { event: (e) => hub.publish(e), finished: (result) => save(result) });
 * ```
 */
export class WorkerThreadDispatcher implements RunDispatcher {
  private readonly options: WorkerThreadDispatcherOptions;
  private readonly queue: Execution[] = [];
  private readonly running = new Map<string, Execution>();
  private spare: RunWorker | undefined;
  private stopped = false;

  constructor(options: WorkerThreadDispatcherOptions) {
    this.options = options;
  }

  get load(): { running: number; queued: number } {
    return { running: this.running.size, queued: this.queue.length };
  }

  dispatch(job: RunJob, observer: RunJobObserver): void {
    let markExited = () => {};
    const exited = new Promise<void>((resolve) => {
      markExited = resolve;
    });
    const execution: Execution = {
      job,
      observer,
      ended: false,
      lastBeat: Date.now(),
      timers: [],
      exited,
      markExited,
    };
    if (this.stopped) {
      queueMicrotask(() =>
        this.end(execution, cancelled('The server is shutting down; the run did not start')),
      );
      return;
    }
    this.queue.push(execution);
    this.pump();
  }

  cancel(runId: string): boolean {
    const index = this.queue.findIndex((e) => e.job.runId === runId);
    if (index >= 0) {
      const [execution] = this.queue.splice(index, 1);
      if (execution) this.end(execution, cancelled('The run was cancelled before it started'));
      return true;
    }
    const execution = this.running.get(runId);
    if (!execution || execution.ended) return false;
    this.send(execution, { type: 'cancel' });
    // A worker stuck in synchronous code never sees the message: terminate it after a grace period.
    const grace = this.options.cancelGraceMs ?? Math.min(this.options.watchdogMs, 10_000);
    execution.timers.push(
      unref(
        setTimeout(
          () =>
            this.terminate(
              execution,
              'cancelled',
              'The run was cancelled; its worker did not stop and was terminated',
            ),
          grace,
        ),
      ),
    );
    return true;
  }

  async stop(options: { graceMs: number }): Promise<void> {
    this.stopped = true;
    const spare = this.spare;
    this.spare = undefined;
    if (spare) await spare.worker.terminate();
    for (const execution of this.queue.splice(0))
      this.end(execution, cancelled('The server shut down before the run started'));
    const running = [...this.running.values()];
    for (const execution of running) this.send(execution, { type: 'stop' });
    const all = Promise.all(running.map((e) => e.exited));
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), options.graceMs);
    });
    const outcome = await Promise.race([all.then(() => 'done' as const), grace]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      for (const execution of this.running.values()) {
        this.terminate(
          execution,
          'cancelled',
          `The server shut down; the run did not finish its pages within ${seconds(options.graceMs)} and was terminated`,
        );
      }
      await all;
    }
  }

  private pump(): void {
    while (!this.stopped && this.running.size < this.options.maxConcurrent) {
      const execution = this.queue.shift();
      if (!execution) return;
      this.spawn(execution);
    }
  }

  private get heartbeatMs(): number {
    return Math.max(50, Math.min(1000, Math.floor(this.options.watchdogMs / 4)));
  }

  /** Starts a worker thread; it loads and reports `ready`, then waits for its run. */
  private createWorker(): RunWorker {
    const { options } = this;
    const workerData: RunWorkerData = {
      store: options.store,
      secretKey: new Uint8Array(options.secretKey),
      heartbeatMs: this.heartbeatMs,
    };
    const worker = new Worker(options.workerUrl ?? new URL('./run-worker.ts', import.meta.url), {
      workerData,
      resourceLimits: runWorkerResourceLimits(options),
    });
    // An idle worker must not keep the process alive; one with a run does (see spawn).
    worker.unref();
    const handle: RunWorker = { worker, ready: false };
    worker.on('message', (message: FromWorkerMessage) => {
      if (message.type === 'ready') handle.ready = true;
      if (handle.execution) this.receive(handle.execution, message);
    });
    worker.on('error', (error) => {
      handle.crash ??=
        (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `The run ran out of memory (limit ${options.maxOldGenerationMb} MB) and was stopped`
          : `The run's worker crashed: ${messageOf(error)}`;
      if (!handle.execution) options.logger?.error({ err: error }, 'an idle run worker crashed');
    });
    worker.on('exit', (code) => {
      if (this.spare === handle) this.spare = undefined;
      if (handle.execution) this.exited(handle.execution, handle, code);
    });
    return handle;
  }

  private spawn(execution: Execution): void {
    const { options } = this;
    this.running.set(execution.job.runId, execution);
    let handle = this.spare;
    this.spare = undefined;
    try {
      handle ??= this.createWorker();
    } catch (error) {
      this.running.delete(execution.job.runId);
      this.end(execution, failed(execution, `The run could not start a worker: ${messageOf(error)}`));
      execution.markExited();
      return;
    }
    handle.execution = execution;
    handle.worker.ref();
    execution.runWorker = handle;
    execution.lastBeat = Date.now();
    this.send(execution, { type: 'run', job: execution.job });
    if (handle.ready) this.watch(execution);
    else {
      const startup = options.startupTimeoutMs ?? Math.max(60_000, options.watchdogMs);
      execution.timers.push(
        unref(
          setTimeout(() => {
            if (!handle.ready)
              this.terminate(
                execution,
                'failed',
                `The run's worker did not start within ${seconds(startup)}`,
              );
          }, startup),
        ),
      );
    }
    if ((options.prewarm ?? true) && !this.stopped && !this.spare) {
      try {
        this.spare = this.createWorker();
      } catch (error) {
        options.logger?.warn({ err: error }, 'could not start a spare run worker');
      }
    }
  }

  /** Starts the heartbeat watchdog of a run whose worker has loaded. */
  private watch(execution: Execution): void {
    execution.lastBeat = Date.now();
    execution.timers.push(
      unref(setInterval(() => this.checkHeartbeat(execution), Math.min(this.heartbeatMs, 500))),
    );
  }

  private exited(execution: Execution, handle: RunWorker, code: number): void {
    for (const timer of execution.timers) clearTimeout(timer);
    execution.timers = [];
    this.running.delete(execution.job.runId);
    if (!execution.ended) {
      const termination = execution.termination;
      if (termination?.status === 'cancelled') {
        this.end(execution, withTotals(execution, cancelled(termination.message)));
      } else {
        this.end(
          execution,
          failed(
            execution,
            termination?.message ??
              handle.crash ??
              `The run's worker stopped unexpectedly (exit code ${code}) before the run finished`,
          ),
        );
      }
    }
    execution.markExited();
    this.pump();
  }

  private receive(execution: Execution, message: FromWorkerMessage): void {
    execution.lastBeat = Date.now();
    switch (message.type) {
      case 'ready':
        this.watch(execution);
        return;
      case 'heartbeat':
        return;
      case 'event': {
        const { event } = message;
        if (event.type === 'run.counters' || event.type === 'run.finished') {
          execution.totals = event.totals;
          execution.nodes = event.nodes;
        }
        if (!execution.ended) safely(() => execution.observer.event(event), this.options.logger);
        return;
      }
      case 'log': {
        const details = { runId: execution.job.runId, flowId: execution.job.flowId, ...message.details };
        this.options.logger?.[message.level](details, message.message);
        return;
      }
      case 'result':
        this.end(execution, message.result);
        void execution.runWorker?.worker.terminate();
        return;
      case 'failed':
        this.end(execution, failed(execution, message.message));
        void execution.runWorker?.worker.terminate();
        return;
      default:
        assertNever(message);
    }
  }

  private checkHeartbeat(execution: Execution): void {
    if (execution.ended || execution.termination) return;
    const silent = Date.now() - execution.lastBeat;
    if (silent <= this.options.watchdogMs) return;
    this.terminate(
      execution,
      'failed',
      `The run stopped responding for ${seconds(this.options.watchdogMs)} — probably a runaway expression ` +
        `(for example a regular expression that backtracks without end) — and was terminated`,
    );
  }

  private terminate(execution: Execution, status: 'failed' | 'cancelled', message: string): void {
    if (execution.ended || execution.termination) return;
    execution.termination = { status, message };
    this.options.logger?.warn({ runId: execution.job.runId, flowId: execution.job.flowId }, message);
    void execution.runWorker?.worker.terminate();
  }

  private send(execution: Execution, message: ToWorkerMessage): void {
    try {
      execution.runWorker?.worker.postMessage(message);
    } catch {
      // The worker is already gone; its exit handler ends the run.
    }
  }

  private end(execution: Execution, result: RunResult): void {
    if (execution.ended) return;
    execution.ended = true;
    safely(() => execution.observer.finished(result), this.options.logger);
  }
}

function cancelled(message: string): RunResult {
  return { status: 'cancelled', totals: { ...ZERO_TOTALS }, nodes: {}, rejections: [], message };
}

function failed(execution: Execution, message: string): RunResult {
  return withTotals(execution, {
    status: 'failed',
    totals: { ...ZERO_TOTALS },
    nodes: {},
    rejections: [],
    message,
  });
}

/** The last counters the worker reported: what the run did before it died. */
function withTotals(execution: Execution, result: RunResult): RunResult {
  return {
    ...result,
    totals: execution.totals ? { ...execution.totals } : result.totals,
    nodes: execution.nodes ? structuredClone(execution.nodes) : result.nodes,
  };
}

function seconds(ms: number): string {
  const value = ms / 1000;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} s`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function unref<T extends NodeJS.Timeout>(timer: T): T {
  timer.unref();
  return timer;
}

function safely(action: () => void, logger: ServiceLogger | undefined): void {
  try {
    action();
  } catch (error) {
    logger?.error({ err: error }, 'run observer failed');
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected worker message ${JSON.stringify(value)}`);
}
