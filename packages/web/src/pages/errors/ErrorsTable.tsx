// One page of the inbox as a table: a checkbox per row (for roles that handle errors), the record, where
// it failed, the code, message, attempt, time and status. A click on a row opens the error's drawer.
import { useEffect, useRef } from 'react';
import type { Flow, FlowSummary, RecordError } from '@flowsync/contracts';
import { formatDateTime, timeAgo } from '../../ui/format.ts';
import { selectAllState } from './bulk-results.ts';
import { ErrorCodeBadge, ErrorStatusBadge } from './error-badges.tsx';
import { flowNameOf, nodeLabelOf } from './flow-catalog.ts';

export function ErrorsTable({
  errors,
  flows,
  documents,
  selectable,
  selected,
  openErrorId,
  onToggle,
  onToggleAll,
  onOpen,
}: {
  errors: RecordError[];
  flows: FlowSummary[] | undefined;
  documents: Record<string, Flow | null>;
  selectable: boolean;
  selected: ReadonlySet<string>;
  openErrorId: string | undefined;
  onToggle: (errorId: string) => void;
  onToggleAll: () => void;
  onOpen: (errorId: string) => void;
}) {
  const allState = selectAllState(
    errors.map((e) => e.id),
    selected,
  );
  return (
    <div className="errors-table__scroll">
      <table className="table errors-table">
        <thead>
          <tr>
            {selectable && (
              <th className="errors-table__check">
                <SelectAllCheckbox state={allState} onToggle={onToggleAll} disabled={errors.length === 0} />
              </th>
            )}
            <th className="errors-table__col-record">Record</th>
            <th className="errors-table__col-where">Flow · node</th>
            <th className="errors-table__col-code">Code</th>
            <th>Message</th>
            <th className="errors-table__col-attempt errors-table__num">Attempt</th>
            <th className="errors-table__col-time">Failed</th>
            <th className="errors-table__col-status">Status</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((error) => {
            const isSelected = selected.has(error.id);
            return (
              <tr
                key={error.id}
                className={
                  error.status === 'open'
                    ? 'errors-table__row'
                    : 'errors-table__row errors-table__row--resolved'
                }
                aria-selected={selectable ? isSelected : undefined}
                data-open={error.id === openErrorId || undefined}
                onClick={() => onOpen(error.id)}
              >
                {selectable && (
                  <td className="errors-table__check" onClick={(event) => event.stopPropagation()}>
                    <input
                      type="checkbox"
                      className="errors-checkbox"
                      aria-label={`Select error ${error.sourceId}`}
                      checked={isSelected}
                      onChange={() => onToggle(error.id)}
                    />
                  </td>
                )}
                <td>
                  <button
                    type="button"
                    className="errors-table__open mono"
                    onClick={(event) => {
                      event.stopPropagation();
                      onOpen(error.id);
                    }}
                    title={`Open the error of record ${error.sourceId}`}
                  >
                    {error.sourceId}
                  </button>
                </td>
                <td className="errors-table__where">
                  <div className="errors-table__flow" title={flowNameOf(flows, error.flowId)}>
                    {flowNameOf(flows, error.flowId)}
                  </div>
                  <div className="errors-table__node muted" title={error.nodeId}>
                    {nodeLabelOf(documents, error.flowId, error.nodeId)}
                  </div>
                </td>
                <td>
                  <ErrorCodeBadge code={error.code} retryable={error.retryable} />
                </td>
                <td className="errors-table__message">
                  <span title={error.message}>{error.message}</span>
                </td>
                <td className="errors-table__num num">{error.attempt}</td>
                <td className="errors-table__time">
                  <time dateTime={error.createdAt} title={formatDateTime(error.createdAt)}>
                    {timeAgo(error.createdAt)}
                  </time>
                </td>
                <td>
                  <ErrorStatusBadge error={error} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function SelectAllCheckbox({
  state,
  onToggle,
  disabled,
}: {
  state: 'none' | 'some' | 'all';
  onToggle: () => void;
  disabled: boolean;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = state === 'some';
  }, [state]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className="errors-checkbox"
      aria-label="Select all errors on this page"
      checked={state === 'all'}
      disabled={disabled}
      onChange={onToggle}
    />
  );
}
