// The Run tab: the flow's latest run as it happens: status, totals, counters per node, and the latest
// rejected records (with the condition they failed) and record errors (with a way to the error inbox).
import { Link } from 'wouter';
import { NODE_OUTPUTS, type RunDetail } from '@flowsync/contracts';
import { api } from '../../api/client.ts';
import { useResource } from '../../api/use-resource.ts';
import { isRunActive, useLiveRuns, type RunNotice } from '../../state/live-runs.ts';
import { EmptyState, RunStatusBadge } from '../../ui/components.tsx';
import { formatCount, timeAgo } from '../../ui/format.ts';
import { Icon } from '../../ui/icons.tsx';
import { useEditor } from '../editor-store.ts';
import { nodeTitle, OUTPUT_LABELS } from '../canvas/node-summary.ts';
import { useLatestRunId } from './use-flow-runs.ts';

const NO_NOTICES: RunNotice[] = [];
const NOTICES_SHOWN = 30;

export function LiveRunPanel({ flowId }: { flowId: string | undefined }) {
  const runId = useLatestRunId(flowId);
  if (flowId === undefined) {
    return (
      <EmptyState icon="runs" title="Not saved yet">
        Save the flow, then run it to watch records move through every node.
      </EmptyState>
    );
  }
  if (runId === undefined) {
    return (
      <EmptyState icon="runs" title="No runs yet">
        When the flow runs, its counters appear here and on every node, live.
      </EmptyState>
    );
  }
  return <RunDetails runId={runId} />;
}

function RunDetails({ runId }: { runId: string }) {
  const run = useLiveRuns((s) => s.runs[runId]);
  const notices = useLiveRuns((s) => s.notices[runId]) ?? NO_NOTICES;
  const nodes = useEditor((s) => s.flow.nodes);
  const active = run !== undefined && isRunActive(run.status);
  // The stored run adds what the live feed does not carry: open errors and the sampled rejections.
  const stored = useResource<RunDetail | undefined>(
    () => (active ? Promise.resolve(undefined) : api.runs.get(runId)),
    [runId, active],
  );
  if (run === undefined) return null;
  const errorsLink = `/errors?runId=${encodeURIComponent(runId)}`;
  const openErrors = stored.data?.openErrors;
  const rejections =
    notices.length > 0
      ? notices
      : (stored.data?.rejections ?? []).map((r): RunNotice => ({
          kind: 'rejected',
          runId,
          nodeId: r.nodeId,
          sourceId: r.sourceId,
          message: r.reason,
          at: '',
        }));
  const nameOf = (nodeId: string) => {
    const node = nodes.find((candidate) => candidate.id === nodeId);
    return node ? nodeTitle(node) : nodeId;
  };

  return (
    <div className="live-run">
      <div className="live-run__header">
        <RunStatusBadge status={run.status} />
        <span className="muted" title={run.updatedAt}>
          {active ? 'updated' : 'finished'} {timeAgo(run.updatedAt)}
        </span>
        <Link href={`/runs/${encodeURIComponent(runId)}`} className="live-run__details">
          Run details
          <Icon name="chevronRight" size={14} />
        </Link>
      </div>
      {run.message && <p className="live-run__message">{run.message}</p>}

      <dl className="live-run__totals">
        {(
          [
            ['Read', run.totals.read, ''],
            ['Written', run.totals.written, 'green'],
            ['Rejected', run.totals.rejected, 'amber'],
            ['Skipped', run.totals.skipped, ''],
            ['Failed', run.totals.failed, 'red'],
          ] as const
        ).map(([label, value, tone]) => (
          <div
            key={label}
            className={`live-run__total${tone && value > 0 ? ` live-run__total--${tone}` : ''}`}
          >
            <dt>{label}</dt>
            <dd className="num">{formatCount(value)}</dd>
          </div>
        ))}
      </dl>

      {(run.totals.failed > 0 || (openErrors ?? 0) > 0) && (
        <Link href={errorsLink} className="live-run__errors-link">
          <Icon name="errors" size={14} />
          {openErrors !== undefined ? `${formatCount(openErrors)} open record errors` : 'Record errors'} in
          the error inbox
        </Link>
      )}

      <section className="live-run__section" aria-label="Counters per node">
        <h3 className="live-run__heading">Per node</h3>
        <table className="table table--compact live-run__nodes">
          <thead>
            <tr>
              <th>Node</th>
              <th className="num">In</th>
              <th>Out</th>
              <th className="num">Failed</th>
            </tr>
          </thead>
          <tbody>
            {nodes.map((node) => {
              const stats = run.nodes[node.id];
              return (
                <tr key={node.id}>
                  <td>
                    <span className={`live-run__dot live-run__dot--${node.type}`} aria-hidden="true" />
                    {nameOf(node.id)}
                  </td>
                  <td className="num">{formatCount(stats?.received ?? 0)}</td>
                  <td className="live-run__outs">
                    {NODE_OUTPUTS[node.type].map((output: string) => (
                      <span key={output}>
                        {OUTPUT_LABELS[output] ?? output}{' '}
                        <b className="num">{formatCount(stats?.emitted[output] ?? 0)}</b>
                      </span>
                    ))}
                    {(stats?.skipped ?? 0) > 0 && (
                      <span>
                        skipped <b className="num">{formatCount(stats?.skipped ?? 0)}</b>
                      </span>
                    )}
                  </td>
                  <td className={`num${(stats?.failed ?? 0) > 0 ? ' live-run__failed' : ''}`}>
                    {formatCount(stats?.failed ?? 0)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>

      <section className="live-run__section" aria-label="Rejected records and errors">
        <h3 className="live-run__heading">Latest rejections and errors</h3>
        {rejections.length === 0 ? (
          <p className="muted live-run__none">
            {run.totals.rejected + run.totals.failed === 0
              ? `No record was rejected or failed${active ? ' so far' : ''}.`
              : `${formatCount(run.totals.rejected)} rejected, ${formatCount(run.totals.failed)} failed. Reasons show here for runs watched live; the run details and the error inbox have every record.`}
          </p>
        ) : (
          <ul className="live-run__notices">
            {rejections.slice(0, NOTICES_SHOWN).map((notice, index) => (
              <li
                key={`${notice.kind}-${notice.sourceId}-${index}`}
                className={`live-run__notice live-run__notice--${notice.kind}`}
              >
                <div className="live-run__notice-head">
                  <span className="live-run__notice-kind">
                    {notice.kind === 'error' ? 'Error' : 'Rejected'}
                  </span>
                  <span className="mono">{notice.sourceId}</span>
                  <span className="muted">at {nameOf(notice.nodeId)}</span>
                </div>
                <div className="live-run__notice-message">{notice.message}</div>
                {notice.kind === 'error' && (
                  <Link href={errorsLink} className="live-run__notice-link">
                    Open in the error inbox
                  </Link>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
