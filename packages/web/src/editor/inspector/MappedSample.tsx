// The mapped sample beside the mapping editor: a switcher over the trigger's sample records and, for
// the current one, the target record the mappings produce, field by field or as JSON.
import { useState } from 'react';
import type { Flow, MapConfig } from '@flowsync/contracts';
import { Button, IconButton } from '../../ui/components.tsx';
import { Icon } from '../../ui/icons.tsx';
import { useSampleRecords } from '../sample-records.ts';
import { formatPreviewValue, type MappingOutcome } from './mapped-record.ts';
import { useMappedSample } from './use-mapped-sample.ts';

export function MappedSample({ flow, config }: { flow: Flow; config: MapConfig }) {
  const { sample, reload } = useSampleRecords(flow);
  const [index, setIndex] = useState(0);
  const records = sample.state === 'ready' ? sample.data.records : [];
  const current = Math.min(index, Math.max(0, records.length - 1));
  const record = records[current];
  const mapped = useMappedSample(flow, config, record);
  const [view, setView] = useState<'fields' | 'json'>('fields');

  if (sample.state === 'idle') {
    return (
      <p className="inspector__sample-note">
        Choose the trigger's connection and object to preview the mapping on records from the source.
      </p>
    );
  }
  if (sample.state === 'loading') {
    return (
      <p className="inspector__sample-note" role="status">
        <span className="spinner" /> Fetching sample records from the source…
      </p>
    );
  }
  if (sample.state === 'error') {
    return (
      <div className="inspector__sample-note inspector__sample-note--error" role="alert">
        <span>Sample records could not be loaded: {sample.error}</span>
        <Button size="sm" icon="refresh" onClick={reload}>
          Try again
        </Button>
      </div>
    );
  }
  if (records.length === 0 || record === undefined) {
    return (
      <div className="inspector__sample-note">
        <span>The source returned no records for the trigger's filters.</span>
        <Button size="sm" icon="refresh" onClick={reload}>
          Fetch again
        </Button>
      </div>
    );
  }
  const recordId = record[sample.data.idField];
  return (
    <div className="inspector__sample">
      <div className="inspector__sample-bar">
        <div className="inspector__switcher" role="group" aria-label="Sample record">
          <IconButton
            label="Previous sample record"
            icon="chevronRight"
            className="inspector__flip-x"
            size="sm"
            disabled={current === 0}
            onClick={() => setIndex(current - 1)}
          />
          <span className="num" aria-live="polite">
            {current + 1} / {records.length}
          </span>
          <IconButton
            label="Next sample record"
            icon="chevronRight"
            size="sm"
            disabled={current >= records.length - 1}
            onClick={() => setIndex(current + 1)}
          />
        </div>
        <span className="inspector__sample-id" title={`${sample.data.idField} of the source record`}>
          <span className="muted">{sample.data.idField}</span>{' '}
          <span className="mono">{recordId === undefined ? '—' : String(recordId)}</span>
        </span>
        <div className="inspector__view-toggle" role="group" aria-label="Show mapped record as">
          <button type="button" aria-pressed={view === 'fields'} onClick={() => setView('fields')}>
            Fields
          </button>
          <button type="button" aria-pressed={view === 'json'} onClick={() => setView('json')}>
            JSON
          </button>
        </div>
      </div>

      {view === 'fields' ? (
        <table className="inspector__sample-table" aria-label="Mapped record">
          <tbody>
            {mapped.rows.map((row, rowIndex) => (
              <tr key={rowIndex}>
                <th scope="row" className="mono">
                  {row.target || <span className="muted">(no target)</span>}
                </th>
                <td>
                  <OutcomeCell outcome={row.outcome} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <pre className="code-block inspector__json" aria-label="Mapped record as JSON">
          {JSON.stringify(mapped.record, null, 2)}
        </pre>
      )}
      <p className="inspector__sample-foot muted">
        {mapped.evaluating
          ? 'Evaluating…'
          : 'Lookup results ($…) exist only at run time and are not previewed.'}
      </p>
      <details className="inspector__source-record">
        <summary>Source record</summary>
        <pre className="code-block inspector__json">{JSON.stringify(record, null, 2)}</pre>
      </details>
    </div>
  );
}

function OutcomeCell({ outcome }: { outcome: MappingOutcome }) {
  switch (outcome.kind) {
    case 'pending':
      return <span className="muted">…</span>;
    case 'runtime':
      return (
        <span
          className="inspector__runtime"
          title={`Reads ${outcome.aliases.map((a) => `$${a}`).join(', ')}`}
        >
          resolved at run time ({outcome.aliases.map((a) => `$${a}`).join(', ')})
        </span>
      );
    case 'error':
      return (
        <span className="inspector__outcome-error">
          <Icon name="errors" size={13} />
          {outcome.message}
        </span>
      );
    case 'value':
      return (
        <span className="inspector__outcome">
          <span className={outcome.value === undefined ? 'muted' : 'mono'}>
            {formatPreviewValue(outcome.value)}
          </span>
          {outcome.note && <span className="inspector__outcome-note">{outcome.note}</span>}
        </span>
      );
  }
}
