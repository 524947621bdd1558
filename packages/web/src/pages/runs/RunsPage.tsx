// Runs history (/runs): every run newest first, filtered by flow and status (kept in the URL), live
// rows while runs execute, and older pages on demand.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import type { FlowList, RunRecord } from '@flowsync/contracts';
import { api } from '../../api/client.ts';
import { describeError } from '../../api/http.ts';
import { useResource } from '../../api/use-resource.ts';
import { useTopic } from '../../api/use-topic.ts';
import { useLiveRuns } from '../../state/live-runs.ts';
import {
  Button,
  EmptyState,
  ErrorState,
  LoadingState,
  PageHeader,
  RunStatusBadge,
  SelectField,
} from '../../ui/components.tsx';
import { formatDateTime, formatDuration, timeAgo } from '../../ui/format.ts';
import { LiveCount } from './LiveCount.tsx';
import {
  STATUS_FILTERS,
  isActiveStatus,
  matchesRunFilter,
  mergeRuns,
  runDurationMs,
  triggerText,
  withLiveState,
} from './run-format.ts';
import { useLiveEvent } from './use-live-event.ts';
import { useNow } from './use-now.ts';
import './runs.css';

const PAGE_SIZE = 50;

interface RunsFilter {
  flowId?: string;
  status?: string;
}

type ListState =
  | { state: 'loading' }
  | { state: 'error'; error: unknown }
  | { state: 'ready'; items: RunRecord[]; more: boolean; loadingMore: boolean; moreError?: unknown };

export function RunsPage() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const filter = useMemo(() => filterOf(search), [search]);
  const flows = useResource(() => api.flows.list(), []);
  const [list, setList] = useState<ListState>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const liveRuns = useLiveRuns((s) => s.runs);

  useTopic('flows');

  const query = useCallback(
    (before?: string) =>
      api.runs.list({
        ...(filter.flowId ? { flowId: filter.flowId } : {}),
        ...(filter.status ? { status: filter.status } : {}),
        ...(before ? { before } : {}),
        limit: String(PAGE_SIZE),
      }),
    [filter.flowId, filter.status],
  );

  useEffect(() => {
    let cancelled = false;
    setList({ state: 'loading' });
    query().then(
      (page) => {
        if (cancelled) return;
        setList({
          state: 'ready',
          items: page.items,
          more: page.items.length === PAGE_SIZE,
          loadingMore: false,
        });
      },
      (error: unknown) => {
        if (!cancelled) setList({ state: 'error', error });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [query, attempt]);

  // New runs and finished ones: refetch the first page and merge it over what is shown.
  const refreshFirstPage = useCallback(() => {
    query().then(
      (page) =>
        setList((current) =>
          current.state === 'ready' ? { ...current, items: mergeRuns(current.items, page.items) } : current,
        ),
      () => undefined,
    );
  }, [query]);
  useLiveEvent(['run.queued', 'run.finished'], refreshFirstPage, {
    when: (message) => !filter.flowId || ('flowId' in message && message.flowId === filter.flowId),
  });

  const loadMore = () => {
    if (list.state !== 'ready') return;
    const last = list.items.at(-1);
    if (!last) return;
    setList({ ...list, loadingMore: true, moreError: undefined });
    query(last.queuedAt).then(
      (page) =>
        setList((current) =>
          current.state === 'ready'
            ? {
                ...current,
                items: mergeRuns(current.items, page.items),
                more: page.items.length === PAGE_SIZE,
                loadingMore: false,
              }
            : current,
        ),
      (error: unknown) =>
        setList((current) =>
          current.state === 'ready' ? { ...current, loadingMore: false, moreError: error } : current,
        ),
    );
  };

  const setFilter = (next: RunsFilter) => {
    const params = new URLSearchParams();
    if (next.flowId) params.set('flowId', next.flowId);
    if (next.status) params.set('status', next.status);
    const text = params.toString();
    navigate(text ? `/runs?${text}` : '/runs', { replace: true });
  };

  const rows =
    list.state === 'ready'
      ? list.items
          .map((run) => withLiveState(run, liveRuns[run.id]))
          // A live status change can take a run out of a status filter (e.g. "Active").
          .filter((run) => matchesRunFilter(run, filter))
      : [];
  const anyActive = rows.some((run) => isActiveStatus(run.status));
  const now = useNow(anyActive ? 1000 : 15_000);
  const flowNames = useMemo(() => namesOf(flows.data), [flows.data]);
  const filtered = Boolean(filter.flowId || filter.status);

  return (
    <div className="page runs-page">
      <PageHeader
        title="Runs"
        subtitle="Every run of every flow, newest first. Open one for per-node detail."
      />
      <div className="runs-filters">
        <SelectField
          label="Flow"
          value={filter.flowId ?? ''}
          placeholder="All flows"
          options={(flows.data?.flows ?? []).map((flow) => ({ value: flow.id, label: flow.name }))}
          onChange={(event) => setFilter({ ...filter, flowId: event.target.value || undefined })}
          fieldClassName="runs-filters__flow"
        />
        <SelectField
          label="Status"
          value={filter.status ?? ''}
          placeholder="Any status"
          options={STATUS_FILTERS}
          onChange={(event) => setFilter({ ...filter, status: event.target.value || undefined })}
          fieldClassName="runs-filters__status"
        />
        {filtered && (
          <Button variant="ghost" icon="x" onClick={() => setFilter({})} className="runs-filters__clear">
            Clear filters
          </Button>
        )}
      </div>

      {list.state === 'loading' && <LoadingState label="Loading runs…" />}
      {list.state === 'error' && (
        <ErrorState
          title="Could not load the runs"
          message={describeError(list.error)}
          onRetry={() => setAttempt((n) => n + 1)}
        />
      )}
      {list.state === 'ready' && rows.length === 0 && (
        <div className="card">
          <EmptyState
            icon="runs"
            title={filtered ? 'No runs match these filters' : 'No runs yet'}
            actions={
              filtered ? (
                <Button onClick={() => setFilter({})}>Clear filters</Button>
              ) : (
                <Link href="/flows" className="btn">
                  Go to the flows
                </Link>
              )
            }
          >
            {filtered
              ? 'Try another flow or status.'
              : 'Runs appear here when a flow runs on its schedule, on an event, or by hand.'}
          </EmptyState>
        </div>
      )}
      {list.state === 'ready' && rows.length > 0 && (
        <div className="card runs-card">
          <table className="table runs-table">
            <colgroup>
              <col className="runs-table__status" />
              <col />
              <col className="runs-table__trigger" />
              <col className="runs-table__started" />
              <col className="runs-table__count" />
              <col className="runs-table__count" />
              <col className="runs-table__count" />
              <col className="runs-table__count" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Flow</th>
                <th scope="col">Trigger</th>
                <th scope="col">Started</th>
                <th scope="col" className="runs-table__num">
                  Read
                </th>
                <th scope="col" className="runs-table__num">
                  Written
                </th>
                <th scope="col" className="runs-table__num">
                  Rejected
                </th>
                <th scope="col" className="runs-table__num">
                  Failed
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((run) => (
                <RunRow
                  key={run.id}
                  run={run}
                  flowName={flowNames.get(run.flowId) ?? run.flowId}
                  now={now}
                  onOpen={() => navigate(`/runs/${run.id}`)}
                />
              ))}
            </tbody>
          </table>
          {(list.more || list.moreError !== undefined) && (
            <div className="runs-card__more">
              {list.moreError !== undefined && (
                <span className="runs-card__more-error" role="alert">
                  {describeError(list.moreError)}
                </span>
              )}
              <Button onClick={loadMore} busy={list.loadingMore} icon="chevronDown">
                Load more
              </Button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}

function RunRow({
  run,
  flowName,
  now,
  onOpen,
}: {
  run: RunRecord;
  flowName: string;
  now: number;
  onOpen: () => void;
}) {
  const live = isActiveStatus(run.status);
  const duration = runDurationMs(run, now);
  const started = run.startedAt ?? run.queuedAt;
  return (
    <tr
      className={live ? 'runs-row runs-row--live' : 'runs-row'}
      onClick={(event) => {
        // The row is a large target for the mouse; keyboard users follow the link in it.
        if ((event.target as HTMLElement).closest('a, button')) return;
        onOpen();
      }}
    >
      <td>
        <RunStatusBadge status={run.status} />
      </td>
      <td className="runs-row__flow">
        <Link href={`/runs/${run.id}`} className="runs-row__link" title={`Open this run of ${flowName}`}>
          {flowName}
        </Link>
        <span className="runs-row__version">v{run.flowVersion}</span>
      </td>
      <td className="runs-row__trigger">
        {triggerText(run.trigger)}
        {run.requestedBy && (
          <span className="runs-row__by" title={run.requestedBy}>
            by {run.requestedBy}
          </span>
        )}
      </td>
      <td>
        <span title={formatDateTime(started)}>{run.startedAt ? timeAgo(started, now) : 'Queued'}</span>
        <span className="runs-row__duration num">
          {duration === undefined
            ? ''
            : live
              ? `running ${formatDuration(duration)}`
              : formatDuration(duration)}
        </span>
      </td>
      <td className="runs-table__num">
        <LiveCount value={run.totals.read} live={live} />
      </td>
      <td className="runs-table__num">
        <LiveCount value={run.totals.written} live={live} />
      </td>
      <td className={run.totals.rejected > 0 ? 'runs-table__num runs-table__num--amber' : 'runs-table__num'}>
        <LiveCount value={run.totals.rejected} live={live} />
      </td>
      <td className={run.totals.failed > 0 ? 'runs-table__num runs-table__num--red' : 'runs-table__num'}>
        <LiveCount value={run.totals.failed} live={live} />
      </td>
    </tr>
  );
}

function filterOf(search: string): RunsFilter {
  const params = new URLSearchParams(search);
  const flowId = params.get('flowId') ?? undefined;
  const status = params.get('status') ?? undefined;
  return {
    ...(flowId ? { flowId } : {}),
    ...(status && STATUS_FILTERS.some((option) => option.value === status) ? { status } : {}),
  };
}

function namesOf(list: FlowList | undefined): Map<string, string> {
  return new Map((list?.flows ?? []).map((flow) => [flow.id, flow.name]));
}
