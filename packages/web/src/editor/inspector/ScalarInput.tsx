// An input for a JSON scalar (or a comma-separated list of them) that keeps what the user typed while
// storing the typed value, with a small tag saying how it was read (text, number, boolean, null).
import { useState, type InputHTMLAttributes } from 'react';
import type { JsonScalar } from '@flowsync/contracts';
import { formatScalar, formatScalarList, parseScalar, parseScalarList, scalarKind } from './scalar-text.ts';

type ScalarValue = JsonScalar | JsonScalar[] | undefined;

function formatValue(value: ScalarValue, list: boolean): string {
  if (list) return formatScalarList(Array.isArray(value) ? value : value === undefined ? [] : [value]);
  return formatScalar(Array.isArray(value) ? undefined : value);
}

function parseText(text: string, list: boolean): JsonScalar | JsonScalar[] {
  return list ? parseScalarList(text) : parseScalar(text);
}

const key = (value: ScalarValue) => JSON.stringify(value ?? null);

export function ScalarInput({
  value,
  onChange,
  asList = false,
  showKind = true,
  className,
  ...rest
}: {
  value: ScalarValue;
  onChange: (value: JsonScalar | JsonScalar[]) => void;
  /** Comma-separated values (the `in` and `notIn` filters). */
  asList?: boolean;
  showKind?: boolean;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
  const list = asList;
  const [text, setText] = useState(() => formatValue(value, list));
  const [synced, setSynced] = useState(() => key(value));
  // The value changed from outside (undo, another row removed): show it, unless the text means it.
  if (key(value) !== synced) {
    setSynced(key(value));
    if (key(parseText(text, list)) !== key(value)) setText(formatValue(value, list));
  }
  const kind = list ? undefined : scalarKind(Array.isArray(value) ? undefined : value);
  return (
    <div className={['inspector__scalar', className].filter(Boolean).join(' ')}>
      <input
        className="input mono"
        value={text}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => {
          const next = parseText(event.target.value, list);
          setText(event.target.value);
          setSynced(key(next));
          onChange(next);
        }}
        {...rest}
      />
      {showKind && kind && kind !== 'empty' && text !== '' && (
        <span className={`inspector__scalar-kind inspector__scalar-kind--${kind}`} aria-hidden="true">
          {kind === 'text' ? 'abc' : kind === 'number' ? '123' : kind === 'boolean' ? 'bool' : 'null'}
        </span>
      )}
    </div>
  );
}
