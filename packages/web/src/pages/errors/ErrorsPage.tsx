// The error inbox (/errors): records that failed at a node, filtered by flow, node, code, status, run
// and record (all kept in the URL), retried or resolved in bulk, and opened one by one in a drawer
// (`?error=<id>`) to fix the payload and retry. New failures appear as runs report them.
import { useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import type { RunRecord } from '@flowsync/contracts';
import { api } from '../../api/client.ts';
import { describeError } from '../../api/http.ts';
import { live } from '../../api/live.ts';
import { useResource } from '../../api/use-resource.ts';
import { useTopic } from '../../api/use-topic.ts';
import { useLiveRuns } from '../../state/live-runs.ts';
import { usePermissions } from '../../state/session.ts';
import {
  Badge,
  Button,
  Dialog,
  EmptyState,
  ErrorState,
  IconButton,
  LoadingState,
  PageHeader,
  RunStatusBadge,
} from '../../ui/components.tsx';
import { Icon } from '../../ui/icons.tsx';
import { formatCount } from '../../ui/format.ts';
import { toast } from '../../ui/toast.tsx';
import { countOf, resolvedText, retryableSelection, retryStartedText, toggleAll } from './bulk-results.ts';
import {
  concernsFilters,
  ERRORS_PAGE_SIZE,
  filtersFromSearch,
  filtersToSearch,
  hasNarrowingFilters,
  openErrorIdFromSearch,
  pageCount,
  pageRangeLabel,
  toErrorListQuery,
  withFilter,
  type ErrorFilters,
} from './error-filters.ts';
import { ErrorDrawer } from './ErrorDrawer.tsx';
import { ErrorFiltersBar } from './ErrorFiltersBar.tsx';
import { ErrorsTable } from './ErrorsTable.tsx';
import { useFlowDocuments, useFlowSummaries } from './flow-catalog.ts';
import './errors-page.css';

/** Live events come in bursts (a page of failures at once): the list reloads once they settle. */
const LIVE_RELOAD_MS = 800;
const NO_SELECTION: ReadonlySet<string> = new Set();

export function ErrorsPage() {
  const search = useSearch();
  const [, navigate] = useLocation();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const openErrorId = openErrorIdFromSearch(search);
  const permissions = usePermissions();
  const canHandle = permissions.handleErrors;

  const query = toErrorListQuery(filters);
  const queryKey = JSON.stringify(query);
  const list = useResource(() => api.errors.list(query), [queryKey]);
  const openTotal = useResource(() => api.errors.list({ status: 'open', limit: '1' }), []);
  const { flows } = useFlowSummaries();
  const items = list.data?.items;
  const flowIds = useMemo(
    () => [...(items ?? []).map((e) => e.flowId), ...(filters.flowId ? [filters.flowId] : [])],
    [items, filters.flowId],
  );
  const documents = useFlowDocuments(flowIds);

  const [selection, setSelection] = useState<{ key: string; ids: ReadonlySet<string> }>({
    key: queryKey,
    ids: NO_SELECTION,
  });
  const selected = selection.key === queryKey ? selection.ids : NO_SELECTION;
  const selectedErrors = (items ?? []).filter((e) => selected.has(e.id));
  const [bulkBusy, setBulkBusy] = useState<'retry' | 'resolve' | undefined>(undefined);
  const [confirmResolve, setConfirmResolve] = useState(false);
  const [retryRuns, setRetryRuns] = useState<{ runs: RunRecord[]; count: number } | undefined>(undefined);

  const reloadList = list.reload;
  const reloadOpenTotal = openTotal.reload;
  const refresh = () => {
    reloadList();
    reloadOpenTotal();
  };

  // New failures and finished runs (which resolve errors) change the inbox while it is open.
  useTopic('flows');
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = live.onMessage((message) => {
      if (message.type !== 'run.recordError' && message.type !== 'run.finished') return;
      if (!concernsFilters(filters, message)) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        reloadList();
        reloadOpenTotal();
      }, LIVE_RELOAD_MS);
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [filters, reloadList, reloadOpenTotal]);

  const go = (next: ErrorFilters, errorId: string | undefined) =>
    navigate(`/errors${filtersToSearch(next, errorId)}`);
  const setFilter = (patch: Partial<Omit<ErrorFilters, 'page'>>) =>
    go(withFilter(filters, patch), openErrorId);
  const setPage = (page: number) => go({ ...filters, page }, openErrorId);
  const openError = (errorId: string | undefined) => go(filters, errorId);

  const toggle = (errorId: string) => {
    const ids = new Set(selected);
    if (ids.has(errorId)) ids.delete(errorId);
    else ids.add(errorId);
    setSelection({ key: queryKey, ids });
  };
  const toggleAllOnPage = () =>
    setSelection({
      key: queryKey,
      ids: toggleAll(
        (items ?? []).map((e) => e.id),
        selected,
      ),
    });

  const retrySelected = async () => {
    const { open, resolved } = retryableSelection(selectedErrors);
    if (open.length === 0) {
      toast.info('Nothing to retry', 'Only open errors can be retried; the selected ones are resolved.');
      return;
    }
    setBulkBusy('retry');
    try {
      const response = await api.errors.retry(open.map((e) => e.id));
      const skipped = resolved.length > 0 ? ` (${countOf(resolved.length, 'resolved error')} left out)` : '';
      toast.success(retryStartedText(open.length, response), `Follow the progress above the list${skipped}.`);
      setRetryRuns({ runs: response.runs, count: open.length });
      setSelection({ key: queryKey, ids: NO_SELECTION });
    } catch (reason) {
      toast.error('The retry did not start', describeError(reason));
    } finally {
      setBulkBusy(undefined);
      refresh();
    }
  };
  const resolveSelected = async () => {
    setConfirmResolve(false);
    setBulkBusy('resolve');
    try {
      const ids = selectedErrors.map((e) => e.id);
      const { resolved } = await api.errors.resolve(ids);
      toast.success(resolvedText(resolved, ids.length));
      setSelection({ key: queryKey, ids: NO_SELECTION });
    } catch (reason) {
      toast.error('The errors were not resolved', describeError(reason));
    } finally {
      setBulkBusy(undefined);
      refresh();
    }
  };

  const total = list.data?.total ?? 0;
  const offset = filters.page * ERRORS_PAGE_SIZE;
  const pages = pageCount(total);
  const narrowed = hasNarrowingFilters(filters);

  return (
    <div className="page errors-page">
      <PageHeader
        title={
          <span className="errors-page__title">
            Error inbox
            {openTotal.data && (
              <Badge tone={openTotal.data.total > 0 ? 'red' : 'green'}>
                {formatCount(openTotal.data.total)} open
              </Badge>
            )}
          </span>
        }
        subtitle="Records that failed at a node, kept with the payload they had there: fix it, retry from that node, or resolve."
        actions={<IconButton label="Refresh the list" icon="refresh" variant="default" onClick={refresh} />}
      />

      <ErrorFiltersBar
        filters={filters}
        flows={flows}
        flowDocument={filters.flowId ? documents[filters.flowId] : undefined}
        onChange={setFilter}
        onClear={() => go({ status: filters.status, page: 0 }, openErrorId)}
      />

      {retryRuns && <RetryRunsBanner {...retryRuns} onDismiss={() => setRetryRuns(undefined)} />}

      <section className="card errors-page__list" aria-label="Errors">
        <div className="errors-toolbar">
          {canHandle ? (
            <>
              <span className="errors-toolbar__count" aria-live="polite">
                {selectedErrors.length > 0
                  ? `${countOf(selectedErrors.length, 'error')} selected`
                  : 'Select errors to retry or resolve them together'}
              </span>
              <span className="grow" />
              {selectedErrors.length > 0 && (
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => setSelection({ key: queryKey, ids: NO_SELECTION })}
                >
                  Clear selection
                </Button>
              )}
              <Button
                size="sm"
                icon="retry"
                disabled={selectedErrors.length === 0 || bulkBusy !== undefined}
                busy={bulkBusy === 'retry'}
                onClick={() => void retrySelected()}
              >
                Retry selected
              </Button>
              <Button
                size="sm"
                variant="danger"
                icon="check"
                disabled={selectedErrors.length === 0 || bulkBusy !== undefined}
                busy={bulkBusy === 'resolve'}
                onClick={() => setConfirmResolve(true)}
              >
                Resolve selected
              </Button>
            </>
          ) : (
            <span className="errors-toolbar__count">
              <Icon name="lock" /> View only: admins and integrators retry and resolve errors.
            </span>
          )}
        </div>

        {list.state === 'error' && !list.data ? (
          <ErrorState
            title="The errors cannot be loaded"
            message={describeError(list.error)}
            onRetry={refresh}
          />
        ) : !list.data ? (
          <LoadingState label="Loading errors…" />
        ) : list.data.items.length === 0 ? (
          <EmptyInbox
            filters={filters}
            narrowed={narrowed}
            onClear={() => go({ status: 'open', page: 0 }, openErrorId)}
          />
        ) : (
          <ErrorsTable
            errors={list.data.items}
            flows={flows}
            documents={documents}
            selectable={canHandle}
            selected={selected}
            openErrorId={openErrorId}
            onToggle={toggle}
            onToggleAll={toggleAllOnPage}
            onOpen={openError}
          />
        )}

        {list.data && list.data.total > 0 && (
          <div className="errors-pager">
            <span className="num" aria-live="polite">
              {pageRangeLabel(offset, list.data.items.length, total)}
            </span>
            {list.state === 'error' && (
              <span className="errors-pager__stale" role="alert">
                Could not refresh: {describeError(list.error)}
              </span>
            )}
            <span className="grow" />
            <IconButton
              label="Previous page"
              icon="chevronRight"
              className="errors-pager__prev"
              size="sm"
              variant="default"
              disabled={filters.page === 0}
              onClick={() => setPage(filters.page - 1)}
            />
            <span className="muted num">
              Page {filters.page + 1} of {pages}
            </span>
            <IconButton
              label="Next page"
              icon="chevronRight"
              size="sm"
              variant="default"
              disabled={filters.page + 1 >= pages}
              onClick={() => setPage(filters.page + 1)}
            />
          </div>
        )}
      </section>

      {openErrorId && (
        <ErrorDrawer
          key={openErrorId}
          errorId={openErrorId}
          flows={flows}
          documents={documents}
          canHandle={canHandle}
          onClose={() => openError(undefined)}
          onOpenError={openError}
          onChanged={refresh}
        />
      )}

      <Dialog
        open={confirmResolve}
        title={`Resolve ${countOf(selectedErrors.length, 'error')}?`}
        onClose={() => setConfirmResolve(false)}
        footer={
          <>
            <Button onClick={() => setConfirmResolve(false)}>Cancel</Button>
            <Button variant="primary" onClick={() => void resolveSelected()}>
              Resolve {countOf(selectedErrors.length, 'error')}
            </Button>
          </>
        }
      >
        <p>
          {selectedErrors.length === 1
            ? 'The selected record will not be retried. It stays as it is in the target until a later run syncs it again.'
            : 'The selected records will not be retried. They stay as they are in the target until a later run syncs them again.'}{' '}
          This is recorded with your name.
        </p>
      </Dialog>
    </div>
  );
}

function EmptyInbox({
  filters,
  narrowed,
  onClear,
}: {
  filters: ErrorFilters;
  narrowed: boolean;
  onClear: () => void;
}) {
  if (narrowed || filters.status !== 'open') {
    return (
      <EmptyState
        icon="filter"
        title="No errors match these filters"
        actions={
          <Button icon="x" onClick={onClear}>
            Show all open errors
          </Button>
        }
      >
        {filters.status === 'open'
          ? 'Try "All" to include resolved errors, or clear the filters.'
          : 'Try other filters.'}
      </EmptyState>
    );
  }
  return (
    <EmptyState icon="check" title="No open errors">
      Every record that failed has been retried or resolved. New failures appear here as runs report them.
    </EmptyState>
  );
}

/** The runs a bulk retry started, with their live status, until dismissed. */
function RetryRunsBanner({
  runs,
  count,
  onDismiss,
}: {
  runs: RunRecord[];
  count: number;
  onDismiss: () => void;
}) {
  const live = useLiveRuns((s) => s.runs);
  return (
    <div className="errors-banner" role="status">
      <Icon name="retry" />
      <span>
        Retry started: {countOf(count, 'error')} in {countOf(runs.length, 'run')}
      </span>
      <ul className="errors-banner__runs">
        {runs.map((run) => {
          const snapshot = live[run.id];
          const status = snapshot?.status ?? run.status;
          const finished = status !== 'queued' && status !== 'running';
          return (
            <li key={run.id}>
              <Link href={`/runs/${encodeURIComponent(run.id)}`}>Run {run.id.slice(0, 8)}</Link>{' '}
              <RunStatusBadge status={status} />
              {finished && snapshot && (
                <span className="errors-banner__totals">
                  {' '}
                  {formatCount(snapshot.totals.written)} written · {formatCount(snapshot.totals.skipped)}{' '}
                  unchanged · {formatCount(snapshot.totals.failed)} failed again
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <span className="grow" />
      <IconButton size="sm" label="Dismiss" icon="x" onClick={onDismiss} />
    </div>
  );
}
