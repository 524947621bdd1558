// The records of a run that did not make it: rejections (with the condition they failed) and record
// errors, live while the run executes, and a way into the error inbox for the ones still open.
import { useMemo } from 'react';
import { Link } from 'wouter';
import type { Flow, RunDetail } from '@flowsync/contracts';
import { api } from '../../api/client.ts';
import { describeError } from '../../api/http.ts';
import { useResource } from '../../api/use-resource.ts';
import { useLiveRuns, type RunNotice } from '../../state/live-runs.ts';
import { Badge, EmptyState } from '../../ui/components.tsx';
import { formatDateTime, timeAgo } from '../../ui/format.ts';
import { isActiveStatus, noticeEntries, nodeRows, plural } from './run-format.ts';

const SHOWN = 50;
const NO_NOTICES: RunNotice[] = [];

export function RunNotices({ run, flow }: { run: RunDetail; flow: Flow | undefined }) {
  const live = useLiveRuns((s) => s.notices[run.id]) ?? NO_NOTICES;
  const active = isActiveStatus(run.status);
  const hasErrors = run.totals.failed > 0;
  // Stored errors are read once the run has settled (and again if it ends while the page is open).
  const stored = useResource(
    () =>
      hasErrors && !active
        ? api.errors.list({ runId: run.id, limit: String(SHOWN) })
        : Promise.resolve(undefined),
    [run.id, hasErrors, active, run.openErrors],
  );

  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const row of nodeRows(flow, {})) map.set(row.nodeId, row.name);
    return map;
  }, [flow]);

  const entries = noticeEntries(live, stored.data?.items ?? [], run.rejections ?? []);
  const shown = entries.slice(0, SHOWN);
  const { rejected, failed } = run.totals;

  return (
    <section className="card run-detail__section" aria-labelledby="run-notices-title">
      <header className="card__header">
        <div>
          <h2 id="run-notices-title">Rejections and record errors</h2>
          <p className="muted run-detail__section-note num">
            {plural(rejected, 'record')} rejected · {plural(failed, 'record')} failed
          </p>
        </div>
        {!active && run.openErrors > 0 && (
          <Link href={`/errors?runId=${encodeURIComponent(run.id)}`} className="btn">
            Open {plural(run.openErrors, 'error')} in the error inbox
          </Link>
        )}
        {!active && hasErrors && run.openErrors === 0 && (
          <Badge tone="green">All errors of this run are resolved</Badge>
        )}
      </header>
      {stored.state === 'error' && (
        <p className="run-notices__problem" role="alert">
          Could not load the stored errors: {describeError(stored.error)}
        </p>
      )}
      {shown.length === 0 ? (
        <NoNotices active={active} counted={rejected + failed} />
      ) : (
        <table className="table table--compact run-notices">
          <colgroup>
            <col className="run-notices__kind" />
            <col className="run-notices__source" />
            <col className="run-notices__node" />
            <col />
            <col className="run-notices__when" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Outcome</th>
              <th scope="col">Source record</th>
              <th scope="col">Node</th>
              <th scope="col">Reason</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((entry) => (
              <tr key={entry.key}>
                <td>
                  {entry.kind === 'rejected' ? (
                    <Badge tone="amber">Rejected</Badge>
                  ) : entry.resolved ? (
                    <Badge tone="green">Resolved</Badge>
                  ) : (
                    <Badge tone="red">Error</Badge>
                  )}
                </td>
                <td>
                  <Link
                    href={`/records/${encodeURIComponent(entry.sourceId)}`}
                    className="mono"
                    title={`Where is record ${entry.sourceId}?`}
                  >
                    {entry.sourceId}
                  </Link>
                </td>
                <td className="run-notices__node-name" title={entry.nodeId}>
                  {names.get(entry.nodeId) ?? entry.nodeId}
                </td>
                <td className="run-notices__message">
                  {entry.errorId ? (
                    <Link
                      href={`/errors?runId=${encodeURIComponent(run.id)}&status=all&error=${encodeURIComponent(entry.errorId)}`}
                      className="run-notices__error-link"
                    >
                      {entry.message}
                    </Link>
                  ) : (
                    <span className="mono">{entry.message}</span>
                  )}
                </td>
                <td className="muted" title={formatDateTime(entry.at)}>
                  {entry.at ? timeAgo(entry.at) : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {shown.length > 0 && shown.length < rejected + failed && (
        <p className="run-notices__more muted">
          Showing {shown.length.toLocaleString('en')} of {(rejected + failed).toLocaleString('en')} records: a
          run keeps a sample of its rejections{active ? '' : ', and the error inbox has every error'}.
        </p>
      )}
    </section>
  );
}

function NoNotices({ active, counted }: { active: boolean; counted: number }) {
  if (counted === 0) {
    return (
      <EmptyState
        icon={active ? 'info' : 'check'}
        title={active ? 'None so far' : 'Every record went through'}
      >
        {active
          ? 'Rejected and failed records appear here as the run meets them.'
          : 'No record was rejected or failed in this run.'}
      </EmptyState>
    );
  }
  return (
    <EmptyState icon="info" title={active ? 'Details follow when the run finishes' : 'No details were kept'}>
      {active
        ? 'This page opened after those records were met; the run keeps a sample of them.'
        : 'The run counted these records but kept no sample of them.'}
    </EmptyState>
  );
}
