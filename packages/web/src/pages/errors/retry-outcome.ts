// What became of a retried record, in words for the error drawer: still running, written to the
// target, failed again (with the new error's message), or the retry run itself failed.
import type { LedgerTimelineEntry, RecordError, RunStatus, RunTotals } from '@flowsync/contracts';

export interface RetryRunState {
  status: RunStatus;
  totals: RunTotals;
  message?: string;
}

export type RetryOutcome =
  | { kind: 'running'; title: string }
  | { kind: 'succeeded'; title: string; detail?: string }
  | { kind: 'failedAgain'; title: string; newErrorId?: string }
  | { kind: 'runFailed'; title: string };

const SYSTEM_NAMES: Record<string, string> = { salesforce: 'Salesforce', netsuite: 'NetSuite' };

/**
 * The system of a target (`<connection>/<object>`) as people call it.
 *
 * @example
 * systemOfTarget('salesforce/Contact') // → 'Salesforce'
 */
export function systemOfTarget(target: string): string {
  const connection = target.split('/')[0] ?? target;
  return SYSTEM_NAMES[connection.toLowerCase()] ?? connection;
}

/** Whether a run has ended (its outcome will not change any more). */
export function isRunFinished(status: RunStatus): boolean {
  return status !== 'queued' && status !== 'running';
}

/**
 * Describes a retry's outcome for one record.
 *
 * @param run the retry run's state (live or stored)
 * @param synced the ledger entry the retry run wrote for the record, if any
 * @param newError the open error the retry left for the record, if it failed again
 *
 * @example
 * describeRetryOutcome({ run, synced: { action: 'created', target: 'salesforce/Account', targetId: '001…' } })
 * // → { kind: 'succeeded', title: 'Retry succeeded — written to Salesforce', detail: 'Created Account 001…' }
 */
export function describeRetryOutcome({
  run,
  synced,
  newError,
}: {
  run: RetryRunState;
  synced?: Pick<LedgerTimelineEntry, 'action' | 'target' | 'targetId'> | undefined;
  newError?: Pick<RecordError, 'id' | 'message'> | undefined;
}): RetryOutcome {
  if (!isRunFinished(run.status)) return { kind: 'running', title: 'Retrying…' };
  if (newError) {
    return { kind: 'failedAgain', title: `Retry failed again: ${newError.message}`, newErrorId: newError.id };
  }
  if (run.status === 'failed') {
    return { kind: 'runFailed', title: `The retry run failed: ${run.message ?? 'no reason given'}` };
  }
  if (run.status === 'cancelled') return { kind: 'runFailed', title: 'The retry run was cancelled' };
  if (run.status === 'completedWithErrors' || run.totals.failed > 0) {
    return { kind: 'failedAgain', title: 'Retry failed again' };
  }
  if (synced?.target) {
    const object = synced.target.split('/').slice(1).join('/') || synced.target;
    const verb = synced.action === 'updated' ? 'Updated' : synced.action === 'created' ? 'Created' : 'Wrote';
    return {
      kind: 'succeeded',
      title: `Retry succeeded — written to ${systemOfTarget(synced.target)}`,
      ...(synced.targetId ? { detail: `${verb} ${object} ${synced.targetId}` } : {}),
    };
  }
  if (run.totals.skipped > 0) {
    return {
      kind: 'succeeded',
      title: 'Retry succeeded — the target already had these values',
      detail: 'Nothing needed writing',
    };
  }
  if (run.totals.rejected > 0) {
    return {
      kind: 'succeeded',
      title: 'Retry finished — the record did not qualify',
      detail: 'Nothing written',
    };
  }
  return { kind: 'succeeded', title: 'Retry succeeded' };
}
