// The inbox's filter row: flow, node of that flow, error code, status, run id and source record id.
// Text filters apply as you type (after a short pause) or on Enter.
import { useEffect, useId, useRef, useState } from 'react';
import { ERROR_CODES, type Flow, type FlowSummary } from '@flowsync/contracts';
import { Button, SelectField, TextField } from '../../ui/components.tsx';
import {
  hasNarrowingFilters,
  isErrorCode,
  type ErrorFilters,
  type ErrorStatusFilter,
} from './error-filters.ts';

const TYPING_PAUSE_MS = 400;
const STATUSES: { value: ErrorStatusFilter; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'resolved', label: 'Resolved' },
  { value: 'all', label: 'All' },
];
const CODE_OPTIONS = Object.keys(ERROR_CODES).map((code) => ({ value: code, label: code }));

export function ErrorFiltersBar({
  filters,
  flows,
  flowDocument,
  onChange,
  onClear,
}: {
  filters: ErrorFilters;
  flows: FlowSummary[] | undefined;
  /** The document of the selected flow (for its nodes), once loaded. */
  flowDocument: Flow | null | undefined;
  onChange: (patch: Partial<Omit<ErrorFilters, 'page'>>) => void;
  onClear: () => void;
}) {
  const flowOptions = (flows ?? []).map((f) => ({ value: f.id, label: f.name }));
  if (filters.flowId && !flowOptions.some((o) => o.value === filters.flowId)) {
    flowOptions.push({ value: filters.flowId, label: filters.flowId });
  }
  const statusLabelId = useId();
  const nodeOptions = (flowDocument?.nodes ?? []).map((n) => ({ value: n.id, label: n.label || n.id }));
  if (filters.nodeId && !nodeOptions.some((o) => o.value === filters.nodeId)) {
    nodeOptions.push({ value: filters.nodeId, label: filters.nodeId });
  }
  return (
    <div className="errors-filters" role="search" aria-label="Filter errors">
      <SelectField
        label="Flow"
        fieldClassName="errors-filters__flow"
        value={filters.flowId ?? ''}
        placeholder="All flows"
        options={flowOptions}
        onChange={(event) => onChange({ flowId: event.target.value || undefined })}
      />
      <SelectField
        label="Node"
        value={filters.nodeId ?? ''}
        placeholder={filters.flowId ? 'All nodes' : 'Pick a flow first'}
        options={nodeOptions}
        disabled={!filters.flowId}
        title={filters.flowId ? undefined : 'Nodes belong to a flow: pick the flow first'}
        onChange={(event) => onChange({ nodeId: event.target.value || undefined })}
      />
      <SelectField
        label="Error code"
        value={filters.code ?? ''}
        placeholder="Any code"
        options={CODE_OPTIONS}
        onChange={(event) => {
          const code = event.target.value;
          onChange({ code: isErrorCode(code) ? code : undefined });
        }}
      />
      <div className="field">
        <span className="field__label" id={statusLabelId}>
          Status
        </span>
        <div className="errors-segmented" role="group" aria-labelledby={statusLabelId}>
          {STATUSES.map((status) => (
            <button
              key={status.value}
              type="button"
              className="errors-segmented__option"
              aria-pressed={filters.status === status.value}
              onClick={() => onChange({ status: status.value })}
            >
              {status.label}
            </button>
          ))}
        </div>
      </div>
      <PausedTextField
        label="Run id"
        value={filters.runId ?? ''}
        placeholder="Any run"
        maxLength={80}
        onCommit={(runId) => onChange({ runId: runId || undefined })}
      />
      <PausedTextField
        label="Source record id"
        type="search"
        value={filters.sourceId ?? ''}
        placeholder="e.g. 5041"
        maxLength={200}
        onCommit={(sourceId) => onChange({ sourceId: sourceId || undefined })}
      />
      <div className="errors-filters__clear">
        <Button variant="ghost" icon="x" onClick={onClear} disabled={!hasNarrowingFilters(filters)}>
          Clear filters
        </Button>
      </div>
    </div>
  );
}

/** A text filter that applies what was typed after a pause (or on Enter), not on every keystroke. */
function PausedTextField({
  label,
  value,
  onCommit,
  type = 'text',
  placeholder,
  maxLength,
}: {
  label: string;
  value: string;
  onCommit: (value: string) => void;
  type?: 'text' | 'search';
  placeholder?: string;
  maxLength?: number;
}) {
  const [draft, setDraft] = useState<{ basis: string; text: string } | undefined>(undefined);
  const text = draft?.basis === value ? draft.text : value;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const commitRef = useRef(onCommit);
  useEffect(() => {
    commitRef.current = onCommit;
  });
  useEffect(() => () => clearTimeout(timer.current), []);
  const commit = (next: string) => {
    clearTimeout(timer.current);
    if (next.trim() !== value) commitRef.current(next.trim());
  };
  return (
    <TextField
      label={label}
      type={type}
      className="mono"
      value={text}
      placeholder={placeholder}
      maxLength={maxLength}
      spellCheck={false}
      autoComplete="off"
      onChange={(event) => {
        const next = event.target.value;
        setDraft({ basis: value, text: next });
        clearTimeout(timer.current);
        timer.current = setTimeout(() => commit(next), TYPING_PAUSE_MS);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit(text);
      }}
    />
  );
}
