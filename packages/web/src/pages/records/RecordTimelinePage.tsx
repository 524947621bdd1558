// "Where is record X" (/records, /records/:recordId): search by a source or a target id, then see where
// the record stands (its id in each target, open errors) and its history across flows, newest first:
// writes, failures (linked to the error inbox) and how each failure was resolved.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import type { LedgerTimelineEntry } from '@flowsync/contracts';
import { api } from '../../api/client.ts';
import { describeError } from '../../api/http.ts';
import { live } from '../../api/live.ts';
import { useResource } from '../../api/use-resource.ts';
import { useTopic } from '../../api/use-topic.ts';
import {
  Badge,
  Button,
  EmptyState,
  ErrorState,
  LoadingState,
  PageHeader,
  TextField,
} from '../../ui/components.tsx';
import { Icon, type IconName } from '../../ui/icons.tsx';
import { formatDateTime, timeAgo } from '../../ui/format.ts';
import { countOf } from '../errors/bulk-results.ts';
import { filtersToSearch } from '../errors/error-filters.ts';
import { flowNameOf, nodeLabelOf, useFlowDocuments, useFlowSummaries } from '../errors/flow-catalog.ts';
import {
  describeTimelineEntry,
  groupByDay,
  recordWhereabouts,
  type TimelineTone,
} from './timeline-entries.ts';
import './record-timeline.css';

const LIVE_RELOAD_MS = 1000;
const TONE_ICON: Record<TimelineTone, IconName> = { synced: 'check', error: 'x', resolved: 'check' };

export function RecordTimelinePage({ recordId }: { recordId?: string }) {
  return (
    <div className="page records-page">
      <PageHeader
        title="Record timeline"
        subtitle="Where is a record? Find it by its source id (e.g. the NetSuite internal id) or its id in the target (e.g. a Salesforce id)."
      />
      <RecordSearch key={recordId ?? ''} recordId={recordId} />
      {recordId ? <RecordTimeline recordId={recordId} /> : <TimelineIntro />}
    </div>
  );
}

function RecordSearch({ recordId }: { recordId: string | undefined }) {
  const [, navigate] = useLocation();
  const [text, setText] = useState(recordId ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = text.trim();
    if (id) navigate(`/records/${encodeURIComponent(id)}`);
  };
  return (
    <form className="records-search" role="search" onSubmit={submit}>
      <TextField
        label="Record id"
        fieldClassName="grow"
        className="mono"
        type="search"
        value={text}
        maxLength={100}
        placeholder="e.g. 5041 or 003Hs00000012AbCAI"
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => setText(event.target.value)}
      />
      <Button type="submit" variant="primary" icon="records" disabled={!text.trim()}>
        Find record
      </Button>
    </form>
  );
}

function TimelineIntro() {
  return (
    <div className="card">
      <EmptyState icon="records" title="Look up one record">
        <span className="records-intro">
          The timeline shows everything flowsync did with a record, across every flow: each time it was
          created or updated in a target (with the id it has there), each time it failed at a node, and how
          each failure was resolved — retried, fixed by a later run, or resolved by hand, and by whom.
        </span>
      </EmptyState>
    </div>
  );
}

function RecordTimeline({ recordId }: { recordId: string }) {
  const timeline = useResource(() => api.ledger.timeline(recordId), [recordId]);
  const { flows } = useFlowSummaries();
  const entries = timeline.data?.entries;
  const flowIds = useMemo(() => (entries ?? []).map((e) => e.flowId), [entries]);
  const documents = useFlowDocuments(flowIds);

  // A run that finishes may have written or failed this record: look again.
  useTopic('flows');
  const reload = timeline.reload;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = live.onMessage((message) => {
      if (message.type !== 'run.finished') return;
      clearTimeout(timer);
      timer = setTimeout(reload, LIVE_RELOAD_MS);
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [reload]);

  if (timeline.state === 'error' && !timeline.data) {
    return (
      <ErrorState
        title="The timeline cannot be loaded"
        message={describeError(timeline.error)}
        onRetry={timeline.reload}
      />
    );
  }
  if (!entries) return <LoadingState label={`Looking for record ${recordId}…`} />;

  const names = { nodeLabel: (flowId: string, nodeId: string) => nodeLabelOf(documents, flowId, nodeId) };
  return (
    <section className="records-result" aria-labelledby="records-result-title">
      <h2 id="records-result-title" className="records-result__title">
        Where is record <span className="mono">{recordId}</span>
      </h2>
      {entries.length === 0 ? (
        <div className="card">
          <EmptyState icon="info" title={`No trace of record ${recordId}`}>
            <span className="records-intro">
              No flow has written this record to a target or failed on it. Check the id: source ids are the
              ids in the system a flow reads from, target ids those in the system it writes to. A record that
              did not qualify is not written, so it has no timeline either.
            </span>
          </EmptyState>
        </div>
      ) : (
        <>
          <Whereabouts entries={entries} flows={flows} recordId={recordId} />
          <div className="card records-timeline">
            {groupByDay(entries, Date.now()).map((group) => (
              <div key={group.day} className="records-timeline__day">
                <h3 className="records-timeline__day-title">{group.day}</h3>
                <ol className="records-timeline__list">
                  {group.entries.map((entry, index) => {
                    const text = describeTimelineEntry(entry, names, recordId);
                    return (
                      <li
                        key={`${entry.kind}:${entry.errorId ?? entry.runId}:${entry.at}:${index}`}
                        className={`records-entry records-entry--${text.tone}`}
                      >
                        <span className="records-entry__marker" aria-hidden="true">
                          <Icon name={TONE_ICON[text.tone]} size={14} />
                        </span>
                        <div className="records-entry__body">
                          <div className="records-entry__title">
                            <span className="visually-hidden">{toneLabel(text.tone)}: </span>
                            {text.title}
                          </div>
                          {text.detail && <div className="records-entry__detail">{text.detail}</div>}
                          <EntryMeta entry={entry} flowName={flowNameOf(flows, entry.flowId)} />
                        </div>
                      </li>
                    );
                  })}
                </ol>
              </div>
            ))}
          </div>
          {entries.length >= 100 && (
            <p className="muted records-more">Showing the latest 100 events of this record.</p>
          )}
        </>
      )}
    </section>
  );
}

function toneLabel(tone: TimelineTone): string {
  return tone === 'synced' ? 'Synced' : tone === 'error' ? 'Error' : 'Resolved';
}

function EntryMeta({ entry, flowName }: { entry: LedgerTimelineEntry; flowName: string }) {
  const errorLink =
    entry.errorId &&
    `/errors${filtersToSearch({ status: 'all', page: 0, sourceId: entry.sourceId }, entry.errorId)}`;
  return (
    <div className="records-entry__meta">
      <time dateTime={entry.at} title={formatDateTime(entry.at)}>
        {timeAgo(entry.at)}
      </time>
      <span aria-hidden="true">·</span>
      <Link href={`/flows/${encodeURIComponent(entry.flowId)}`}>{flowName}</Link>
      <span aria-hidden="true">·</span>
      <Link href={`/runs/${encodeURIComponent(entry.runId)}`}>
        {entry.kind === 'resolved' ? 'Failed in run' : 'Run'}{' '}
        <span className="mono">{entry.runId.slice(0, 8)}</span>
      </Link>
      {errorLink && entry.kind === 'error' && (
        <>
          <span aria-hidden="true">·</span>
          <Link href={errorLink}>Open in the error inbox</Link>
        </>
      )}
    </div>
  );
}

function Whereabouts({
  entries,
  flows,
  recordId,
}: {
  entries: LedgerTimelineEntry[];
  flows: Parameters<typeof flowNameOf>[0];
  recordId: string;
}) {
  const { targets, openErrorIds } = recordWhereabouts(entries);
  const sourceIds = [...new Set(entries.map((e) => e.sourceId))];
  return (
    <div className="records-summary">
      <div className="card records-summary__card">
        <div className="records-summary__label">Source record</div>
        <div className="records-summary__value mono">{sourceIds.join(', ')}</div>
        {sourceIds.length === 1 && sourceIds[0] !== recordId && (
          <div className="muted records-summary__hint">Found by its target id {recordId}</div>
        )}
      </div>
      <div className="card records-summary__card">
        <div className="records-summary__label">In targets</div>
        {targets.length === 0 ? (
          <div className="records-summary__value muted">Not written to any target yet</div>
        ) : (
          <ul className="records-summary__targets">
            {targets.map((t) => (
              <li key={`${t.flowId}:${t.target}`}>
                <div>
                  <span className="muted">{t.target}</span> <span className="mono">{t.targetId}</span>
                </div>
                <div className="muted records-summary__hint">by {flowNameOf(flows, t.flowId)}</div>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="card records-summary__card">
        <div className="records-summary__label">Open errors</div>
        {openErrorIds.length === 0 ? (
          <div className="records-summary__value">
            <Badge tone="green">None</Badge>
          </div>
        ) : (
          <div className="records-summary__value">
            <Badge tone="red" dot>
              {countOf(openErrorIds.length, 'open error')}
            </Badge>{' '}
            <Link
              href={`/errors${filtersToSearch({ status: 'open', page: 0, sourceId: sourceIds[0] ?? recordId })}`}
            >
              Open in the inbox
            </Link>
          </div>
        )}
      </div>
    </div>
  );
}
