// The live preview of qualification criteria: the trigger's first sample records tested against the
// expression in the preview worker (never on the page's thread), shown as "n of m sample records
// qualify" with the rejected records and the condition each one failed.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Flow, SampleRecords } from '@flowsync/contracts';
import { Button, Spinner, Switch } from '../../ui/components.tsx';
import { Icon } from '../../ui/icons.tsx';
import { formatCount } from '../../ui/format.ts';
import { PREVIEW_TIMEOUT_MS, PreviewError, testPredicate } from '../preview/preview-client.ts';
import type { PredicateOutcome } from '../preview/preview-protocol.ts';
import { triggerOf, useSampleRecords } from '../sample-records.ts';
import {
  headline,
  lookupsReferenced,
  previewableCriteria,
  summarize,
  type SampleRow,
} from './preview-summary.ts';

/** How long the criteria must stay unchanged before the sample is tested again. */
const DEBOUNCE_MS = 250;
/** Rows listed before "Show more". */
const PAGE_ROWS = 20;

type Evaluation =
  | { state: 'done'; expression: string; sample: SampleRecords; outcomes: PredicateOutcome[] }
  | {
      state: 'failed';
      expression: string;
      sample: SampleRecords;
      message: string;
      reason: 'timeout' | 'compile' | 'other';
    };

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Tests `expression` against the flow's sample records as it changes (debounced), with a reload.
 *
 * @example
 * <CriteriaPreview flow={flow} expression={node.config.expression} aliases={['account']} />
 */
export function CriteriaPreview({
  flow,
  expression,
  aliases,
}: {
  flow: Flow;
  expression: string;
  aliases: readonly string[];
}) {
  const { sample, reload } = useSampleRecords(flow);
  const settled = useDebounced(expression, DEBOUNCE_MS);
  const [evaluation, setEvaluation] = useState<Evaluation | undefined>();
  const ready = sample.state === 'ready' ? sample.data : undefined;

  useEffect(() => {
    if (ready === undefined) return;
    let current = true;
    testPredicate(previewableCriteria(settled, aliases).expression, ready.records).then(
      (outcomes) => {
        if (current) setEvaluation({ state: 'done', expression: settled, sample: ready, outcomes });
      },
      (error: unknown) => {
        if (!current) return;
        const reason = error instanceof PreviewError ? error.kind : 'other';
        const message = error instanceof Error ? error.message : String(error);
        setEvaluation({ state: 'failed', expression: settled, sample: ready, message, reason });
      },
    );
    return () => {
      current = false;
    };
  }, [settled, ready, aliases]);

  const referenced = useMemo(() => lookupsReferenced(expression, aliases), [expression, aliases]);
  const { skipped } = useMemo(() => previewableCriteria(expression, aliases), [expression, aliases]);
  const busy =
    ready !== undefined &&
    (evaluation === undefined || evaluation.expression !== expression || evaluation.sample !== ready);

  return (
    <section className="criteria-preview" aria-label="Criteria preview">
      <div className="criteria-preview__head">
        <h4 className="criteria-preview__title">Preview</h4>
        {busy && <Spinner label="Updating the preview" />}
        <Button
          size="sm"
          variant="ghost"
          icon="refresh"
          onClick={reload}
          disabled={triggerOf(flow) === undefined || sample.state === 'loading'}
        >
          Reload sample
        </Button>
      </div>
      {skipped.length > 0 ? (
        <p className="criteria-preview__note">
          <Icon name="info" size={14} />
          <span>
            Checked when the flow runs, not in this preview (lookup results are not part of the sample):{' '}
            {skipped.map((condition, index) => (
              <code key={index}>{condition}</code>
            ))}
          </span>
        </p>
      ) : (
        referenced.length > 0 && (
          <p className="criteria-preview__note">
            <Icon name="info" size={14} />
            <span>
              Lookup results ({referenced.map((alias) => `$${alias}`).join(', ')}) are not part of the sample:
              here they have no value, so conditions on them fail.
            </span>
          </p>
        )
      )}
      {triggerOf(flow) === undefined ? (
        <p className="criteria-preview__state">
          <Icon name="info" size={14} />
          Choose a trigger connection and object first: the preview reads its first records.
        </p>
      ) : sample.state === 'error' ? (
        <div className="criteria-preview__state criteria-preview__state--error" role="alert">
          <Icon name="errors" size={14} />
          <span>Could not read sample records: {sample.error}</span>
        </div>
      ) : sample.state !== 'ready' ? (
        <p className="criteria-preview__state" role="status">
          <Spinner label="Reading sample records" />
          Reading sample records…
        </p>
      ) : sample.data.records.length === 0 ? (
        <p className="criteria-preview__state">
          <Icon name="info" size={14} />
          The trigger reads no records right now, so there is nothing to preview.
        </p>
      ) : evaluation === undefined || evaluation.sample !== sample.data ? (
        <p className="criteria-preview__state" role="status">
          <Spinner label="Testing the criteria" />
          Testing {formatCount(sample.data.records.length)} sample records…
        </p>
      ) : evaluation.state === 'failed' ? (
        <div className="criteria-preview__state criteria-preview__state--error" role="alert">
          <Icon name="errors" size={14} />
          <span>
            {evaluation.reason === 'timeout'
              ? `Preview stopped after ${PREVIEW_TIMEOUT_MS / 1000} s: the criteria took too long on the sample.`
              : evaluation.reason === 'compile'
                ? `The preview needs a valid expression: ${evaluation.message}`
                : `The criteria could not be tested: ${evaluation.message}`}
          </span>
        </div>
      ) : (
        <PreviewResult sample={evaluation.sample} outcomes={evaluation.outcomes} stale={busy} />
      )}
    </section>
  );
}

function PreviewResult({
  sample,
  outcomes,
  stale,
}: {
  sample: SampleRecords;
  outcomes: PredicateOutcome[];
  stale: boolean;
}) {
  const summary = useMemo(() => summarize(sample.records, sample.idField, outcomes), [sample, outcomes]);
  const [showQualifying, setShowQualifying] = useState(false);
  const total = Math.max(summary.total, 1);
  const errors = summary.errors.length;
  const rejected = summary.rejected.length;
  return (
    <div
      className={['criteria-preview__result', stale && 'criteria-preview__result--stale']
        .filter(Boolean)
        .join(' ')}
    >
      <p className="criteria-preview__headline" aria-live="polite">
        {headline(summary)}
      </p>
      <div
        className="criteria-preview__bar"
        role="img"
        aria-label={`${summary.passed} qualify, ${rejected} rejected${errors ? `, ${errors} not evaluated` : ''}`}
      >
        <span
          className="criteria-preview__bar-pass"
          style={{ width: `${(summary.passed / total) * 100}%` }}
        />
        <span className="criteria-preview__bar-reject" style={{ width: `${(rejected / total) * 100}%` }} />
        <span className="criteria-preview__bar-error" style={{ width: `${(errors / total) * 100}%` }} />
      </div>
      <p className="criteria-preview__legend">
        <span className="criteria-preview__key criteria-preview__key--pass" /> {formatCount(summary.passed)}{' '}
        qualify
        <span className="criteria-preview__key criteria-preview__key--reject" /> {formatCount(rejected)}{' '}
        rejected
        {errors > 0 && (
          <>
            <span className="criteria-preview__key criteria-preview__key--error" /> {formatCount(errors)} not
            evaluated
          </>
        )}
      </p>

      {errors > 0 && (
        <RowList
          title={`Could not evaluate (${formatCount(errors)})`}
          label="Sample records the criteria could not evaluate"
          rows={summary.errors}
          detail={(row) => <span className="criteria-preview__error-text">{row.message}</span>}
        />
      )}
      {rejected > 0 ? (
        <RowList
          title={`Rejected (${formatCount(rejected)})`}
          label="Rejected sample records"
          rows={summary.rejected}
          detail={(row) => (
            <span className="criteria-preview__failed">
              <span className="criteria-preview__failed-label">failed</span>
              <code className="mono">{row.failedCondition}</code>
            </span>
          )}
        />
      ) : (
        <p className="criteria-preview__all">
          <Icon name="check" size={14} />
          {errors > 0 ? 'No sample record was rejected.' : 'Every sample record qualifies.'}
        </p>
      )}
      {summary.passed > 0 && (
        <div className="criteria-preview__toggle">
          <Switch checked={showQualifying} onChange={setShowQualifying} label="Show qualifying records" />
          <span aria-hidden="true">Show qualifying records</span>
        </div>
      )}
      {showQualifying && summary.passed > 0 && (
        <RowList
          title={`Qualifying (${formatCount(summary.passed)})`}
          label="Qualifying sample records"
          rows={summary.qualifying}
        />
      )}
    </div>
  );
}

function RowList<R extends SampleRow>({
  title,
  label,
  rows,
  detail,
}: {
  title: string;
  label: string;
  rows: R[];
  detail?: (row: R) => ReactNode;
}) {
  const [shown, setShown] = useState(PAGE_ROWS);
  return (
    <div className="criteria-preview__list">
      <h5 className="criteria-preview__list-title">{title}</h5>
      <ul aria-label={label}>
        {rows.slice(0, shown).map((row) => (
          <li key={row.index} className="criteria-preview__row">
            <div className="criteria-preview__row-head">
              <span className="criteria-preview__id mono" title="Record id">
                {row.id}
              </span>
              {row.label && <span className="criteria-preview__name">{row.label}</span>}
              {row.detail && <span className="criteria-preview__detail">{row.detail}</span>}
            </div>
            {detail?.(row)}
          </li>
        ))}
      </ul>
      {rows.length > shown && (
        <Button size="sm" variant="ghost" onClick={() => setShown((n) => n + PAGE_ROWS * 5)}>
          Show {formatCount(Math.min(rows.length - shown, PAGE_ROWS * 5))} more
        </Button>
      )}
    </div>
  );
}
