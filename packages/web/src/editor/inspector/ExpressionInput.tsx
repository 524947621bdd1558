// A one-line JSONata input: monospace, syntax errors shown as you type (or flow-core's issue for the
// field), and a menu that inserts a source field or lookup result at the caret.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { checkExpressionSyntax } from '@flowsync/expression';
import { Combobox, type ComboOption } from './Combobox.tsx';
import { insertAt } from './expression-text.ts';

export function ExpressionInput({
  label,
  hideLabel = false,
  value,
  onChange,
  error,
  hint,
  suggestions,
  placeholder,
}: {
  label: string;
  hideLabel?: boolean;
  value: string;
  onChange: (value: string) => void;
  /** flow-core's issue for this field, if any; otherwise the syntax is checked here. */
  error?: string | undefined;
  hint?: string;
  /** What the insert menu offers; `value` is the text inserted. */
  suggestions?: readonly ComboOption[];
  placeholder?: string;
}) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  const [search, setSearch] = useState('');
  const caret = useRef<{ start: number; end: number } | undefined>(undefined);
  const pendingCaret = useRef<number | undefined>(undefined);
  const syntax = useMemo(() => (value.trim() === '' ? null : checkExpressionSyntax(value)), [value]);
  const message = error ?? syntax?.message;
  const errorId = message ? `${id}-error` : undefined;
  const hintId = hint ? `${id}-hint` : undefined;

  useEffect(() => {
    // Put the caret after an inserted reference once the new value is rendered.
    const position = pendingCaret.current;
    if (position === undefined || !inputRef.current) return;
    pendingCaret.current = undefined;
    inputRef.current.focus();
    inputRef.current.setSelectionRange(position, position);
  }, [value]);

  const insert = (text: string) => {
    const input = inputRef.current;
    const at = caret.current ?? { start: value.length, end: value.length };
    const next = insertAt(value, at.start, at.end, text);
    setMenuOpen(false);
    setSearch('');
    pendingCaret.current = next.caret;
    onChange(next.text);
    if (next.text === value) input?.focus();
  };

  return (
    <div className="field inspector__expression">
      <label className={hideLabel ? 'visually-hidden' : 'field__label'} htmlFor={id}>
        {label}
      </label>
      <div className="inspector__expression-row">
        <input
          ref={inputRef}
          id={id}
          className="input mono"
          value={value}
          placeholder={placeholder ?? 'JSONata, e.g. firstName'}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={message ? true : undefined}
          aria-describedby={[errorId, hintId].filter(Boolean).join(' ') || undefined}
          onChange={(event) => onChange(event.target.value)}
          onSelect={(event) => {
            const target = event.currentTarget;
            caret.current = {
              start: target.selectionStart ?? value.length,
              end: target.selectionEnd ?? value.length,
            };
          }}
        />
        {suggestions && suggestions.length > 0 && (
          <button
            type="button"
            className="btn btn--ghost btn--sm btn--icon inspector__insert-button"
            aria-label="Insert a field at the caret"
            title="Insert a field at the caret"
            aria-expanded={menuOpen}
            onClick={() => setMenuOpen((open) => !open)}
          >
            <BracesIcon />
          </button>
        )}
      </div>
      {menuOpen && suggestions && (
        <div
          className="inspector__insert-menu"
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              setMenuOpen(false);
              inputRef.current?.focus();
            }
          }}
        >
          <Combobox
            value={search}
            onChange={setSearch}
            onPick={(picked) => {
              const known = suggestions.some((option) => option.value === picked);
              if (known) insert(picked);
            }}
            options={suggestions}
            placeholder="Search fields…"
            ariaLabel="Search fields to insert"
            openOnFocus
            inputProps={{ autoFocus: true, onBlur: () => setMenuOpen(false) }}
          />
        </div>
      )}
      {message && (
        <span id={errorId} className="field__error">
          {message}
        </span>
      )}
      {hint && (
        <span id={hintId} className="field__hint">
          {hint}
        </span>
      )}
    </div>
  );
}

/** Curly braces: "insert a reference into the expression". */
function BracesIcon() {
  return (
    <svg
      width={15}
      height={15}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M8 4H7a2 2 0 0 0-2 2v4l-2 2 2 2v4a2 2 0 0 0 2 2h1M16 4h1a2 2 0 0 1 2 2v4l2 2-2 2v4a2 2 0 0 1-2 2h-1" />
    </svg>
  );
}
