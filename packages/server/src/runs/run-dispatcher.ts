import type { RunEvent, RunTrigger } from '@flowsync/contracts';
import type { RunInput, RunResult } from '@flowsync/engine';

/** One run to execute: everything a worker needs besides the store and the connections. */
export interface RunJob {
  runId: string;
  flowId: string;
  flowVersion: number;
  trigger: RunTrigger;
  input: RunInput;
}

/** How a dispatcher reports on a job. `finished` is called exactly once per dispatched job. */
export interface RunJobObserver {
  /** Every event the engine emits for the run, in order (`run.started`, counters, record errors, …). */
  event(event: RunEvent): void;
  /**
   * The run's outcome: the engine's result, or one the dispatcher made up when the run never started
   * (cancelled while queued) or died (watchdog, crash, out of memory, shutdown).
   */
  finished(result: RunResult): void;
}

/**
 * Where runs execute. The in-process implementation runs each job in a worker thread of this process;
 * a queue-backed one (BullMQ on Redis) can distribute jobs to worker processes on other machines
 * without the run service changing.
 *
 * @example
 * ```ts
 * const dispatcher: RunDispatcher = new WorkerThreadDispatcher({ maxConcurrent: 4, ... });
 * dispatcher.dispatch(job, { event: (e) => hub.publish(e), finished: (r) => persist(r) });
 * dispatcher.cancel(job.runId);
 * ```
 */
export interface RunDispatcher {
  /** Queues the job; it starts when a slot is free, in the order jobs were dispatched. */
  dispatch(job: RunJob, observer: RunJobObserver): void;
  /** Cancels a queued or running job; false when the dispatcher does not know it (or it already ended). */
  cancel(runId: string): boolean;
  /**
   * Graceful stop: no queued job starts any more (they finish `cancelled`), running jobs finish the
   * pages in flight and commit; jobs still running after `graceMs` are terminated.
   */
  stop(options: { graceMs: number }): Promise<void>;
  /** Jobs executing / waiting for a slot. */
  readonly load: { running: number; queued: number };
}
