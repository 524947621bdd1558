// Follows the run that retries one record, live over the websocket (with a slow poll of the stored run
// as a fallback), and once it has finished works out what became of the record: written to the target
// (from the ledger) or failed again (the new open error the run left).
import { useEffect, useState } from 'react';
import type { RecordError, RunStatus } from '@flowsync/contracts';
import { api } from '../../api/client.ts';
import { useTopic } from '../../api/use-topic.ts';
import { useLiveRuns } from '../../state/live-runs.ts';
import {
  describeRetryOutcome,
  isRunFinished,
  type RetryOutcome,
  type RetryRunState,
} from './retry-outcome.ts';

const POLL_MS = 3000;

export interface RetryFollow {
  status: RunStatus | undefined;
  outcome: RetryOutcome | undefined;
}

/**
 * `useRetryFollow(runId, error, onSettled)` — `outcome` is `running` until the run ends, then the
 * record's fate; `onSettled` is called once, when it is known (to reload the error and the list).
 */
export function useRetryFollow(
  runId: string | undefined,
  error: Pick<RecordError, 'flowId' | 'sourceId'>,
  onSettled: () => void,
): RetryFollow {
  useTopic(runId ? `run:${runId}` : undefined);
  const live = useLiveRuns((s) => (runId ? s.runs[runId] : undefined));
  const [stored, setStored] = useState<{ runId: string; run: RetryRunState } | undefined>(undefined);
  const [settled, setSettled] = useState<{ runId: string; outcome: RetryOutcome } | undefined>(undefined);

  const storedRun = stored && stored.runId === runId ? stored.run : undefined;
  const liveFinished = live !== undefined && isRunFinished(live.status);
  const run: RetryRunState | undefined = liveFinished
    ? live
    : storedRun && isRunFinished(storedRun.status)
      ? storedRun
      : (live ?? storedRun);
  const finished = run !== undefined && isRunFinished(run.status);

  // The stored run: at once (the run may be over before the subscription answers), then slowly while
  // it has not finished (a browser without the websocket still learns the outcome).
  useEffect(() => {
    if (!runId || finished) return;
    let cancelled = false;
    const load = () =>
      api.runs.get(runId).then(
        (detail) => {
          if (!cancelled) setStored({ runId, run: detail });
        },
        () => undefined,
      );
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [runId, finished]);

  const { flowId, sourceId } = error;
  const finalStatus = finished ? run.status : undefined;
  const finalRun = finished ? run : undefined;
  useEffect(() => {
    if (!runId || !finalRun) return;
    let cancelled = false;
    const settle = async () => {
      const [again, timeline] = await Promise.all([
        api.errors.list({ flowId, sourceId, runId, status: 'open', limit: '1' }).catch(() => undefined),
        api.ledger.timeline(sourceId).catch(() => undefined),
      ]);
      if (cancelled) return;
      const synced = timeline?.entries.find((e) => e.kind === 'synced' && e.runId === runId);
      const newError = again?.items[0];
      setSettled({ runId, outcome: describeRetryOutcome({ run: finalRun, synced, newError }) });
      onSettled();
    };
    void settle();
    return () => {
      cancelled = true;
    };
    // Settle once per finished run; the run's own object changes with every snapshot.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runId, finalStatus, flowId, sourceId]);

  if (!runId) return { status: undefined, outcome: undefined };
  const outcome =
    settled?.runId === runId
      ? settled.outcome
      : run
        ? { kind: 'running' as const, title: finished ? 'Checking the result…' : 'Retrying…' }
        : { kind: 'running' as const, title: 'Starting the retry…' };
  return { status: run?.status, outcome };
}
