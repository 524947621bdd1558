// Building blocks every inspector shares: the node edit hook (config updates as flow operations,
// issues per field, whether the user may edit), sections, field shells, number and checkbox fields.
import { useCallback, useId, useMemo, type ReactNode } from 'react';
import type { FlowNode } from '@flowsync/contracts';
import { nodeDisplayName, type FlowIssue } from '@flowsync/flow-core';
import { useEditor } from '../editor-store.ts';
import { friendlyProblem, inlineIssueMessage, issueAt, nodeRelativePath, valueAt } from './issue-paths.ts';

const NO_ISSUES: FlowIssue[] = [];

export interface NodeEdit<N extends FlowNode> {
  /** The user may change this node's settings (mode 'edit'). */
  editable: boolean;
  /** Replaces the node's config; edits with the same `field` in quick succession undo as one step. */
  update(config: N['config'], field: string): void;
  /** The inline message of the issue at a node-relative path (`/config/object`), if any. */
  issue(path: string, options?: { includeNested?: boolean }): string | undefined;
  issues: FlowIssue[];
}

/**
 * Editing one node from its inspector.
 *
 * @example
 * const { update, issue, editable } = useNodeEdit(node);
 * update({ ...node.config, object: 'Contact' }, 'object');
 */
export function useNodeEdit<N extends FlowNode>(node: N): NodeEdit<N> {
  const mode = useEditor((s) => s.mode);
  const issues = useEditor((s) => s.nodeIssues.get(node.id)) ?? NO_ISSUES;
  const nodeId = node.id;
  const name = nodeDisplayName(node);
  const update = useCallback(
    (config: N['config'], field: string) => {
      useEditor
        .getState()
        .apply([{ type: 'updateConfig', nodeId, config }], { coalesceKey: `${nodeId}:${field}` });
    },
    [nodeId],
  );
  return useMemo(
    () => ({
      editable: mode === 'edit',
      update,
      issues,
      issue(path, options) {
        const found = issueAt(issues, path, options);
        if (!found) return undefined;
        const at = nodeRelativePath(found.path) ?? path;
        return friendlyProblem(inlineIssueMessage(found, name), valueAt(node, at));
      },
    }),
    [mode, update, issues, name, node],
  );
}

/** A titled group of fields; `aside` sits right of the title (a count, an action). */
export function Section({
  title,
  aside,
  description,
  children,
}: {
  title: string;
  aside?: ReactNode;
  description?: ReactNode;
  children: ReactNode;
}) {
  // No aria-labelledby: a named region per section would compete with the fields' labels.
  return (
    <section className="inspector__section">
      <div className="inspector__section-head">
        <h3 className="inspector__section-title">{title}</h3>
        {aside}
      </div>
      {description && <p className="inspector__section-description">{description}</p>}
      <div className="inspector__section-body">{children}</div>
    </section>
  );
}

export interface FieldIds {
  id: string;
  describedBy: string | undefined;
  invalid: true | undefined;
}

/** Label, control, hint and error of one field, for controls the design system has no field for. */
export function FieldShell({
  label,
  hint,
  error,
  warning,
  className,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  /** Not the field's fault (metadata could not be loaded): said, but the field is not invalid. */
  warning?: string | undefined;
  className?: string;
  children: (ids: FieldIds) => ReactNode;
}) {
  const id = useId();
  const hintId = hint || warning ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children({
        id,
        describedBy: [errorId, hintId].filter(Boolean).join(' ') || undefined,
        invalid: error ? true : undefined,
      })}
      {error && (
        <span id={errorId} className="field__error">
          {error}
        </span>
      )}
      {(hint || warning) && (
        <span id={hintId} className={warning ? 'field__hint inspector__warning' : 'field__hint'}>
          {warning ?? hint}
        </span>
      )}
    </div>
  );
}

/** Reads an integer input: empty (or not a number) is undefined, so the key is left out. */
export function readNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

export function NumberField({
  label,
  value,
  onChange,
  min,
  max,
  unit,
  hint,
  error,
  placeholder,
  className,
}: {
  label: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
  min?: number;
  max?: number;
  unit?: string;
  hint?: ReactNode;
  error?: string | undefined;
  placeholder?: string;
  className?: string;
}) {
  return (
    <FieldShell label={label} hint={hint} error={error} {...(className ? { className } : {})}>
      {({ id, describedBy, invalid }) => (
        <div className="inspector__unit-input">
          <input
            id={id}
            className="input num"
            type="number"
            inputMode="numeric"
            step={1}
            min={min}
            max={max}
            value={value === undefined || Number.isNaN(value) ? '' : value}
            placeholder={placeholder}
            aria-invalid={invalid}
            aria-describedby={describedBy}
            onChange={(event) => onChange(readNumber(event.target.value))}
          />
          {unit && (
            <span className="inspector__unit" aria-hidden="true">
              {unit}
            </span>
          )}
        </div>
      )}
    </FieldShell>
  );
}

export function CheckboxField({
  label,
  checked,
  onChange,
  hint,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
}) {
  const id = useId();
  return (
    <div className="inspector__check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <div>
        <label htmlFor={id}>{label}</label>
        {hint && (
          <span id={`${id}-hint`} className="field__hint">
            {hint}
          </span>
        )}
      </div>
    </div>
  );
}

/** Two or three mutually exclusive choices shown side by side (a radio group). */
export function Segmented<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}) {
  const name = useId();
  return (
    <div className="field">
      <span className="field__label" id={`${name}-label`}>
        {label}
      </span>
      <div className="inspector__segmented" role="radiogroup" aria-labelledby={`${name}-label`}>
        {options.map((option) => (
          <label key={option.value} className="inspector__segment">
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </div>
  );
}

/** `300` → `5 min`, for hints beside second counts. */
export function describeSeconds(seconds: number | undefined): string | undefined {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) return undefined;
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  if (seconds > 60) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${seconds} s`;
}
