// One record error in a drawer over the inbox: what failed where, the payload it had there (source
// record, lookups, mapped values), and for admins and integrators an editor to fix the payload and
// retry the record from the node where it failed, following the retry run live to its outcome.
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Link } from 'wouter';
import { ERROR_CODES, type Flow, type FlowSummary, type RecordError } from '@flowsync/contracts';
import { api } from '../../api/client.ts';
import { describeError } from '../../api/http.ts';
import { useResource } from '../../api/use-resource.ts';
import {
  Button,
  Dialog,
  ErrorState,
  LoadingState,
  RunStatusBadge,
  Spinner,
  Tabs,
  TextArea,
} from '../../ui/components.tsx';
import { Icon } from '../../ui/icons.tsx';
import { formatDateTime, timeAgo } from '../../ui/format.ts';
import { toast } from '../../ui/toast.tsx';
import { retryStartedText } from './bulk-results.ts';
import { Drawer } from './Drawer.tsx';
import { ErrorCodeBadge, ErrorStatusBadge, resolutionLabel } from './error-badges.tsx';
import { flowNameOf, nodeLabelOf, nodeOf } from './flow-catalog.ts';
import { checkPayloadText, formatPayload, isPayloadEdited, prettyJson } from './payload-text.ts';
import { useRetryFollow } from './use-retry-follow.ts';
import './error-drawer.css';

type PayloadView = 'data' | 'lookups' | 'mapped';
type Busy = 'save' | 'saveAndRetry' | 'retry' | 'resolve';

export function ErrorDrawer({
  errorId,
  flows,
  documents,
  canHandle,
  onClose,
  onOpenError,
  onChanged,
}: {
  errorId: string;
  flows: FlowSummary[] | undefined;
  documents: Record<string, Flow | null>;
  canHandle: boolean;
  onClose: () => void;
  onOpenError: (errorId: string) => void;
  /** Something changed the inbox (saved, retried, resolved): the list reloads. */
  onChanged: () => void;
}) {
  const resource = useResource(() => api.errors.get(errorId), [errorId]);
  const error = resource.data;
  return (
    <Drawer
      title={
        <>
          <span>
            {error ? `Record ${error.sourceId}` : resource.state === 'error' ? 'Error' : 'Loading…'}
          </span>
          {error && <ErrorStatusBadge error={error} />}
        </>
      }
      subtitle={
        error
          ? `${flowNameOf(flows, error.flowId)} · ${nodeLabelOf(documents, error.flowId, error.nodeId)}`
          : undefined
      }
      onClose={onClose}
    >
      {resource.state === 'error' && !error ? (
        <ErrorState
          title="This error cannot be shown"
          message={describeError(resource.error)}
          onRetry={resource.reload}
        />
      ) : !error ? (
        <LoadingState label="Loading the error…" />
      ) : (
        <ErrorDetail
          key={error.id}
          error={error}
          flows={flows}
          documents={documents}
          canHandle={canHandle}
          reload={resource.reload}
          onOpenError={onOpenError}
          onChanged={onChanged}
        />
      )}
    </Drawer>
  );
}

function ErrorDetail({
  error,
  flows,
  documents,
  canHandle,
  reload,
  onOpenError,
  onChanged,
}: {
  error: RecordError;
  flows: FlowSummary[] | undefined;
  documents: Record<string, Flow | null>;
  canHandle: boolean;
  reload: () => void;
  onOpenError: (errorId: string) => void;
  onChanged: () => void;
}) {
  const editable = canHandle && error.status === 'open';
  const basis = error.updatedAt;
  const [draft, setDraft] = useState<{ basis: string; text: string } | undefined>(undefined);
  const text = draft?.basis === basis ? draft.text : formatPayload(error.payload);
  const check = checkPayloadText(text, error.sourceId);
  const edited = isPayloadEdited(text, error.payload);
  const [busy, setBusy] = useState<Busy | undefined>(undefined);
  const [retryRunId, setRetryRunId] = useState<string | undefined>(undefined);
  const [confirmResolve, setConfirmResolve] = useState(false);
  const follow = useRetryFollow(retryRunId, error, () => {
    reload();
    onChanged();
  });
  const node = nodeOf(documents, error.flowId, error.nodeId);
  const nodeLabel = nodeLabelOf(documents, error.flowId, error.nodeId);

  const run = async (action: Busy, work: () => Promise<void>) => {
    setBusy(action);
    try {
      await work();
    } finally {
      setBusy(undefined);
    }
  };
  const save = async (): Promise<boolean> => {
    if (!check.ok) return false;
    try {
      await api.errors.editPayload(error.id, check.payload);
      return true;
    } catch (reason) {
      toast.error('The payload was not saved', describeError(reason));
      return false;
    }
  };
  const retry = async () => {
    try {
      const response = await api.errors.retry([error.id]);
      setRetryRunId(response.runs[0]?.id);
      toast.info(retryStartedText(1, response));
    } catch (reason) {
      toast.error('The retry did not start', describeError(reason));
    }
    reload();
    onChanged();
  };
  const onSave = () =>
    run('save', async () => {
      if (await save()) {
        toast.success('Payload saved', `Record ${error.sourceId} will be retried with it`);
        reload();
        onChanged();
      }
    });
  const onSaveAndRetry = () =>
    run('saveAndRetry', async () => {
      if (await save()) await retry();
    });
  const onRetry = () => run('retry', retry);
  const onResolve = () =>
    run('resolve', async () => {
      setConfirmResolve(false);
      try {
        const { resolved } = await api.errors.resolve([error.id]);
        if (resolved > 0) toast.success(`Resolved the error of record ${error.sourceId}`);
        else toast.info('This error was already resolved');
      } catch (reason) {
        toast.error('The error was not resolved', describeError(reason));
      }
      reload();
      onChanged();
    });

  const retrying = follow.outcome?.kind === 'running';
  const locked = busy !== undefined || retrying;
  return (
    <div className="errors-detail">
      <div className="errors-detail__message" role="note">
        <ErrorCodeBadge code={error.code} retryable={error.retryable} />
        <p>{error.message}</p>
      </div>

      {follow.outcome && retryRunId && (
        <RetryOutcomeBanner
          runId={retryRunId}
          status={follow.status}
          outcome={follow.outcome}
          onOpenError={onOpenError}
        />
      )}

      <dl className="errors-detail__facts">
        <Fact label="Flow" span={2}>
          <Link href={`/flows/${encodeURIComponent(error.flowId)}`}>{flowNameOf(flows, error.flowId)}</Link>
          <span className="muted"> · version {error.flowVersion}</span>
        </Fact>
        <Fact label="Node">
          {nodeLabel}
          {node && <span className="muted"> · {node.type}</span>}
        </Fact>
        <Fact label="Run">
          <Link href={`/runs/${encodeURIComponent(error.runId)}`} className="mono">
            {error.runId.slice(0, 8)}
          </Link>
        </Fact>
        <Fact label="Attempt">{error.attempt}</Fact>
        <Fact label="Record">
          <Link href={`/records/${encodeURIComponent(error.sourceId)}`}>
            <span className="mono">{error.sourceId}</span> — timeline
          </Link>
        </Fact>
        <Fact label="Failed">
          <time dateTime={error.createdAt} title={formatDateTime(error.createdAt)}>
            {timeAgo(error.createdAt)}
          </time>
        </Fact>
        <Fact label="Updated">
          <time dateTime={error.updatedAt} title={formatDateTime(error.updatedAt)}>
            {timeAgo(error.updatedAt)}
          </time>
        </Fact>
        <Fact label="Retryable">
          <span title={ERROR_CODES[error.code].summary}>{error.retryable ? 'Yes' : 'No'}</span>
        </Fact>
        {error.status === 'resolved' && (
          <Fact label="Resolution" span={3}>
            {resolutionLabel(error.resolution)}
            {error.resolvedBy && error.resolvedBy !== 'engine' && ` by ${error.resolvedBy}`}
            {error.resolvedAt && (
              <span className="muted">
                {' '}
                · <time dateTime={error.resolvedAt}>{formatDateTime(error.resolvedAt)}</time>
              </span>
            )}
          </Fact>
        )}
      </dl>

      <PayloadViews key={node?.type ?? ''} error={error} failedAtUpsert={node?.type === 'upsert'} />

      {editable ? (
        <section className="errors-detail__editor" aria-label="Edit and retry">
          <h3>Fix and retry</h3>
          <p className="muted">
            The retry restarts this record at <strong>{nodeLabel}</strong> with the payload below.{' '}
            {node?.type === 'upsert'
              ? 'An upsert writes the values under "mapped": fix them there.'
              : node?.type === 'map'
                ? 'The map node recomputes "mapped" from "data" and "lookups": fix the source values.'
                : 'Fix the values this node reads.'}
          </p>
          <TextArea
            label="Payload (JSON)"
            className="mono errors-detail__textarea"
            value={text}
            spellCheck={false}
            rows={16}
            disabled={locked}
            onChange={(event) => setDraft({ basis, text: event.target.value })}
            error={
              check.ok
                ? undefined
                : check.line !== undefined
                  ? `Line ${check.line}, column ${check.column}: ${check.message}`
                  : check.message
            }
            hint={
              check.ok
                ? edited
                  ? 'Edited — save to keep the change, or save and retry.'
                  : `sourceId stays "${error.sourceId}"; data, lookups and mapped can be changed.`
                : undefined
            }
          />
          <div className="errors-detail__actions">
            <Button
              variant="danger"
              icon="check"
              onClick={() => setConfirmResolve(true)}
              disabled={locked}
              busy={busy === 'resolve'}
              title="Mark as handled without retrying"
            >
              Resolve
            </Button>
            <span className="grow" />
            {edited && (
              <Button variant="ghost" onClick={() => setDraft(undefined)} disabled={locked}>
                Discard edits
              </Button>
            )}
            <Button
              icon="retry"
              onClick={onRetry}
              disabled={locked || edited}
              busy={busy === 'retry'}
              title={
                edited
                  ? 'You have unsaved edits: save and retry, or discard them'
                  : 'Retry with the stored payload'
              }
            >
              Retry
            </Button>
            <Button
              icon="save"
              onClick={onSave}
              disabled={locked || !edited || !check.ok}
              busy={busy === 'save'}
              title={!edited ? 'No changes to save' : check.ok ? undefined : 'Fix the payload first'}
            >
              Save payload
            </Button>
            <Button
              variant="primary"
              icon="play"
              onClick={onSaveAndRetry}
              disabled={locked || !edited || !check.ok}
              busy={busy === 'saveAndRetry'}
              title={
                !edited ? 'No changes to save: use Retry' : check.ok ? undefined : 'Fix the payload first'
              }
            >
              Save and retry
            </Button>
          </div>
        </section>
      ) : (
        <p className="errors-detail__readonly muted">
          <Icon name="lock" />
          {error.status === 'resolved'
            ? 'This error is resolved: its payload is kept for reference and can no longer be edited or retried.'
            : 'Your role can look at failed records; admins and integrators edit, retry and resolve them.'}
        </p>
      )}

      <Dialog
        open={confirmResolve}
        title="Resolve this error?"
        onClose={() => setConfirmResolve(false)}
        footer={
          <>
            <Button onClick={() => setConfirmResolve(false)}>Cancel</Button>
            <Button variant="primary" onClick={() => void onResolve()}>
              Resolve error
            </Button>
          </>
        }
      >
        <p>
          Record <span className="mono">{error.sourceId}</span> will not be retried. It stays as it is in the
          target until a later run syncs it again. This is recorded with your name.
        </p>
      </Dialog>
    </div>
  );
}

function Fact({ label, children, span = 1 }: { label: string; children: ReactNode; span?: 1 | 2 | 3 }) {
  return (
    <div className="errors-detail__fact" style={span > 1 ? { gridColumn: `span ${span}` } : undefined}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function PayloadViews({ error, failedAtUpsert }: { error: RecordError; failedAtUpsert: boolean }) {
  const { data, lookups, mapped } = error.payload;
  // An upsert writes the mapped values: those are what the user needs to see first.
  const [view, setView] = useState<PayloadView>(failedAtUpsert && mapped !== undefined ? 'mapped' : 'data');
  const lookupCount = Object.keys(lookups).length;
  const tabs = [
    { value: 'data' as const, label: 'Source record' },
    { value: 'lookups' as const, label: `Lookups${lookupCount > 0 ? ` (${lookupCount})` : ''}` },
    { value: 'mapped' as const, label: 'Mapped' },
  ];
  // Arrow keys move between the tabs (only the selected tab is in the Tab order).
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const index = tabs.findIndex((t) => t.value === view);
    const next = tabs[(index + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
    if (!next) return;
    event.preventDefault();
    setView(next.value);
    const tablist = event.currentTarget;
    requestAnimationFrame(() =>
      tablist.querySelector<HTMLButtonElement>('[role="tab"][aria-selected="true"]')?.focus(),
    );
  };
  return (
    <section className="errors-detail__payload" aria-label="Payload">
      <div onKeyDown={onKeyDown}>
        <Tabs label="Payload parts" tabs={tabs} value={view} onChange={setView} />
      </div>
      <div role="tabpanel" className="errors-detail__panel">
        {view === 'data' && <pre className="code-block">{prettyJson(data)}</pre>}
        {view === 'lookups' &&
          (lookupCount === 0 ? (
            <p className="muted errors-detail__none">
              No lookup results: the record failed before any lookup ran, or the flow has none.
            </p>
          ) : (
            <pre className="code-block">{prettyJson(lookups)}</pre>
          ))}
        {view === 'mapped' &&
          (mapped === undefined ? (
            <p className="muted errors-detail__none">
              Not mapped yet: the record failed before the map node.
            </p>
          ) : (
            <pre className="code-block">{prettyJson(mapped)}</pre>
          ))}
      </div>
    </section>
  );
}

function RetryOutcomeBanner({
  runId,
  status,
  outcome,
  onOpenError,
}: {
  runId: string;
  status: ReturnType<typeof useRetryFollow>['status'];
  outcome: NonNullable<ReturnType<typeof useRetryFollow>['outcome']>;
  onOpenError: (errorId: string) => void;
}) {
  const tone = outcome.kind === 'running' ? 'running' : outcome.kind === 'succeeded' ? 'success' : 'failure';
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The retry was started from the editor below: bring its outcome into view.
    ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [runId]);
  return (
    <div ref={ref} className={`errors-outcome errors-outcome--${tone}`} role="status" aria-live="polite">
      <span className="errors-outcome__icon">
        {outcome.kind === 'running' ? (
          <Spinner label="Retry running" />
        ) : (
          <Icon name={outcome.kind === 'succeeded' ? 'check' : 'x'} />
        )}
      </span>
      <div className="grow">
        <div className="errors-outcome__title">{outcome.title}</div>
        <div className="errors-outcome__meta">
          {'detail' in outcome && outcome.detail && <span>{outcome.detail} · </span>}
          <Link href={`/runs/${encodeURIComponent(runId)}`}>Retry run {runId.slice(0, 8)}</Link>
          {status && (
            <>
              {' '}
              <RunStatusBadge status={status} />
            </>
          )}
        </div>
      </div>
      {outcome.kind === 'failedAgain' && outcome.newErrorId && (
        <Button size="sm" onClick={() => onOpenError(outcome.newErrorId ?? '')}>
          Open the new error
        </Button>
      )}
    </div>
  );
}
