// One run (/runs/:runId): its status, trigger and timing, totals, counters per node (named from the
// flow version the run used), rejections and record errors, live while it runs; cancel for operators.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link } from 'wouter';
import type { RunDetail } from '@flowsync/contracts';
import { api } from '../../api/client.ts';
import { ApiError, describeError } from '../../api/http.ts';
import { useResource } from '../../api/use-resource.ts';
import { useTopic } from '../../api/use-topic.ts';
import { useLiveRuns } from '../../state/live-runs.ts';
import { usePermissions } from '../../state/session.ts';
import { Button, ErrorState, LoadingState, PageHeader, RunStatusBadge } from '../../ui/components.tsx';
import { formatDateTime, formatDuration } from '../../ui/format.ts';
import { Icon } from '../../ui/icons.tsx';
import { toast } from '../../ui/toast.tsx';
import { LiveCount } from './LiveCount.tsx';
import { NodeStatsTable } from './NodeStatsTable.tsx';
import { RunNotices } from './RunNotices.tsx';
import { isActiveStatus, runDurationMs, triggerText, withLiveState } from './run-format.ts';
import { useNow } from './use-now.ts';
import './runs.css';

export function RunDetailPage({ runId }: { runId: string }) {
  const stored = useResource(() => api.runs.get(runId), [runId]);
  const snapshot = useLiveRuns((s) => s.runs[runId]);
  useTopic(`run:${runId}`);

  const { reload } = stored;
  // When the live run ends, fetch the stored record for finish time, message and open errors.
  const wasActive = useRef(false);
  const liveStatus = snapshot?.status;
  useEffect(() => {
    if (liveStatus === undefined) return;
    if (isActiveStatus(liveStatus)) wasActive.current = true;
    else if (wasActive.current) {
      wasActive.current = false;
      reload();
    }
  }, [liveStatus, reload]);

  if (stored.state === 'loading' && !stored.data) {
    return (
      <div className="page">
        <LoadingState label="Loading the run…" />
      </div>
    );
  }
  if (!stored.data) {
    const missing = stored.error instanceof ApiError && stored.error.status === 404;
    return (
      <div className="page">
        <ErrorState
          title={missing ? 'Run not found' : 'Could not load the run'}
          message={missing ? `There is no run ${runId}.` : describeError(stored.error)}
          {...(missing ? {} : { onRetry: reload })}
        />
      </div>
    );
  }
  return <RunDetailView run={withLiveState(stored.data, snapshot)} onChanged={reload} />;
}

function RunDetailView({ run, onChanged }: { run: RunDetail; onChanged: () => void }) {
  const permissions = usePermissions();
  const version = useResource(
    () => api.flows.version(run.flowId, run.flowVersion),
    [run.flowId, run.flowVersion],
  );
  const active = isActiveStatus(run.status);
  const now = useNow(1000, active);
  const duration = runDurationMs(run, now);
  const flowName = version.data?.flow.name ?? run.flowId;

  return (
    <div className="page run-detail">
      <nav className="run-detail__crumbs" aria-label="Breadcrumb">
        <Link href="/runs">Runs</Link>
        <Icon name="chevronRight" size={14} />
        <span aria-current="page">Run {shortId(run.id)}</span>
      </nav>
      <PageHeader
        title={
          <span className="run-detail__title">
            <span>Run of {flowName}</span>
            <RunStatusBadge status={run.status} />
          </span>
        }
        subtitle={<span className="mono run-detail__id">{run.id}</span>}
        actions={
          <>
            <Link href={`/flows/${run.flowId}`} className="btn">
              <Icon name="flows" />
              Open flow
            </Link>
            {active && permissions.operateRuns && <CancelButton runId={run.id} onDone={onChanged} />}
          </>
        }
      />

      {run.status === 'failed' && (
        <div className="run-detail__alert" role="alert">
          <Icon name="errors" size={18} />
          <div>
            <strong>The run failed.</strong> {run.message ?? 'No reason was recorded.'}
          </div>
        </div>
      )}
      {run.status === 'cancelled' && run.message && (
        <div className="run-detail__alert run-detail__alert--neutral" role="status">
          <Icon name="info" size={18} />
          <div>{run.message}</div>
        </div>
      )}

      <dl className="card run-detail__facts">
        <Fact label="Flow">
          <Link href={`/flows/${run.flowId}`}>{flowName}</Link>
        </Fact>
        <Fact label="Version">v{run.flowVersion}</Fact>
        <Fact label="Trigger">{triggerText(run.trigger, run.requestedBy)}</Fact>
        <Fact label="Started">
          {run.startedAt ? (
            formatDateTime(run.startedAt)
          ) : (
            <span className="muted">Queued {formatDateTime(run.queuedAt)}</span>
          )}
        </Fact>
        <Fact label="Finished">{active ? '—' : formatDateTime(run.finishedAt)}</Fact>
        <Fact label="Duration">
          <span className="num">{duration === undefined ? '—' : formatDuration(duration)}</span>
        </Fact>
      </dl>

      <section className="run-detail__totals" aria-label="Totals">
        <TotalCard label="Read" value={run.totals.read} live={active} />
        <TotalCard label="Written" value={run.totals.written} live={active} tone="green" />
        <TotalCard label="Rejected" value={run.totals.rejected} live={active} tone="amber" />
        <TotalCard label="Skipped" value={run.totals.skipped} live={active} />
        <TotalCard label="Failed" value={run.totals.failed} live={active} tone="red" />
      </section>

      <section className="card run-detail__section" aria-labelledby="run-nodes-title">
        <header className="card__header">
          <h2 id="run-nodes-title">Nodes</h2>
          <span className="muted run-detail__section-note">
            {active ? 'Counting live' : `As the run left them · version ${run.flowVersion}`}
          </span>
        </header>
        <NodeStatsTable
          flow={version.data?.flow}
          nodes={run.nodes}
          live={active}
          {...(version.state === 'error' ? { versionError: versionProblem(version.error) } : {})}
        />
      </section>

      <RunNotices run={run} flow={version.data?.flow} />
    </div>
  );
}

function CancelButton({ runId, onDone }: { runId: string; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const cancel = async () => {
    setBusy(true);
    try {
      await api.runs.cancel(runId);
      toast.info('Cancelling the run', 'It stops after the records in flight.');
      onDone();
    } catch (error) {
      toast.error('Could not cancel the run', describeError(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="danger" icon="stop" busy={busy} onClick={() => void cancel()}>
      Cancel run
    </Button>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="run-detail__fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function TotalCard({
  label,
  value,
  live,
  tone,
}: {
  label: string;
  value: number;
  live: boolean;
  tone?: 'green' | 'amber' | 'red';
}) {
  const classes = ['card', 'run-detail__total', tone && value > 0 && `run-detail__total--${tone}`];
  return (
    <div className={classes.filter(Boolean).join(' ')}>
      <span className="run-detail__total-label">{label}</span>
      <span className="run-detail__total-value">
        <LiveCount value={value} live={live} />
      </span>
    </div>
  );
}

function versionProblem(error: unknown): string {
  return `Node names are unavailable (${describeError(error)}); nodes are shown by id.`;
}

/** The first block of a UUID-like id, enough to tell runs apart on screen. */
function shortId(id: string): string {
  return id.split('-')[0] ?? id;
}
