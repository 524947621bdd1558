import type { RecordError, RunRecord, RunTrigger } from '@flowsync/contracts';
import type { RunInput } from '@flowsync/engine';

export interface StartRunRequest {
  flowId: string;
  trigger: RunTrigger;
  input: RunInput;
  /** Email of the user (or `scheduler`, `webhook`) that asked. */
  requestedBy: string;
}

/**
 * Starts, tracks and cancels runs. Runs execute off the API's event loop (worker threads) behind a
 * dispatcher port, so a queue-backed dispatcher for several machines can replace the in-process one.
 */
export interface RunService {
  /**
   * Queues a run of the flow's current version and returns its record. When the flow already runs and
   * its overlap setting is `skip`, refuses with AppError CONFLICT (a scheduled tick is skipped instead).
   */
  start(request: StartRunRequest): Promise<RunRecord>;
  /** Re-runs stored errors from the node where each failed (with their stored, possibly edited, payload). */
  retryErrors(flowId: string, errors: readonly RecordError[], requestedBy: string): Promise<RunRecord>;
  cancel(runId: string, requestedBy: string): Promise<boolean>;
  /** Runs queued or executing in this process. */
  active(): RunRecord[];
  isRunning(flowId: string): boolean;
  /** Stops accepting runs; running ones finish their page and commit their watermark. */
  shutdown(options?: { graceMs?: number }): Promise<void>;
}
