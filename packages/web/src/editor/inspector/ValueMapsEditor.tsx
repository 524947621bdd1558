// The value maps of a map node (e.g. ShipVia codes of one system → the other's): their entries
// (from → to, typed scalars), what happens when no entry matches, rename and delete.
import { useEffect, useId, useRef, useState } from 'react';
import type { JsonScalar, MapConfig, ValueMap } from '@flowsync/contracts';
import { Button, IconButton, SelectField } from '../../ui/components.tsx';
import { Icon } from '../../ui/icons.tsx';
import { removeAt, renameValueMap, replaceAt, withKey } from './config-edits.ts';
import { FieldShell } from './inspector-kit.tsx';
import { ScalarInput } from './ScalarInput.tsx';

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Rows rendered at once; larger maps are edited in the flow file. */
const MAX_ROWS = 500;

export function ValueMapsEditor({
  config,
  openMap,
  reveal,
  onToggle,
  onChange,
  issue,
}: {
  config: MapConfig;
  openMap: string | undefined;
  /** Changes each time a mapping row asks to show its map ("Edit entries"). */
  reveal: number;
  onToggle: (name: string | undefined) => void;
  onChange: (config: MapConfig, field: string) => void;
  issue: (path: string, options?: { includeNested?: boolean }) => string | undefined;
}) {
  const maps = config.valueMaps ?? {};
  const names = Object.keys(maps);
  const openItem = useRef<HTMLLIElement>(null);
  useEffect(() => {
    // "Edit entries" on a mapping row opens the map further down the panel: bring it into view.
    if (openMap !== undefined) openItem.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [openMap, reveal]);
  if (names.length === 0) {
    return (
      <p className="field__hint">
        None yet. Choose “Value map” as a mapping's kind to translate codes between the systems.
      </p>
    );
  }
  return (
    <ul className="inspector__value-maps">
      {names.map((name) => {
        const map = maps[name] as ValueMap;
        const usedBy = (config.fields ?? []).filter((f) => f.kind === 'valueMap' && f.map === name).length;
        const open = openMap === name;
        const error = issue(`/config/valueMaps/${name}`, { includeNested: true });
        return (
          <li key={name} className="inspector__value-map" ref={open ? openItem : undefined}>
            <button
              type="button"
              className="inspector__disclosure"
              aria-expanded={open}
              onClick={() => onToggle(open ? undefined : name)}
            >
              <Icon name={open ? 'chevronDown' : 'chevronRight'} size={14} />
              <span className="mono">{name}</span>
              <span className="muted">
                {(map.entries ?? []).length} {(map.entries ?? []).length === 1 ? 'entry' : 'entries'} · used
                by {usedBy} {usedBy === 1 ? 'mapping' : 'mappings'}
              </span>
              {error && (
                <Icon name="errors" size={14} className="inspector__error-icon" aria-label="Has problems" />
              )}
            </button>
            {open && (
              <ValueMapBody
                name={name}
                map={map}
                names={names}
                error={error}
                onRename={(to) => {
                  onChange(renameValueMap(config, name, to), 'valueMaps.rename');
                  onToggle(to);
                }}
                onChange={(next, field) =>
                  onChange({ ...config, valueMaps: { ...maps, [name]: next } }, `valueMaps.${name}.${field}`)
                }
                onDelete={() => {
                  const rest = Object.fromEntries(Object.entries(maps).filter(([key]) => key !== name));
                  onChange(
                    withKey(config, 'valueMaps', Object.keys(rest).length > 0 ? rest : undefined),
                    'valueMaps.delete',
                  );
                  onToggle(undefined);
                }}
              />
            )}
          </li>
        );
      })}
    </ul>
  );
}

function ValueMapBody({
  name,
  map,
  names,
  error,
  onRename,
  onChange,
  onDelete,
}: {
  name: string;
  map: ValueMap;
  names: readonly string[];
  error: string | undefined;
  onRename: (to: string) => void;
  onChange: (map: ValueMap, field: string) => void;
  onDelete: () => void;
}) {
  const [draftName, setDraftName] = useState(name);
  const defaultId = useId();
  const entries = map.entries ?? [];
  const nameProblem =
    draftName === name
      ? undefined
      : !NAME.test(draftName)
        ? 'Letters, digits and _; not starting with a digit.'
        : names.includes(draftName)
          ? 'Another value map has this name.'
          : undefined;
  const commitName = () => {
    if (draftName !== name && nameProblem === undefined) onRename(draftName);
  };
  const setEntry = (index: number, side: 'from' | 'to', value: JsonScalar) => {
    const entry = entries[index] ?? { from: '', to: '' };
    onChange(
      { ...map, entries: replaceAt(entries, index, { ...entry, [side]: value }) },
      `entries.${index}.${side}`,
    );
  };
  return (
    <div className="inspector__value-map-body">
      <FieldShell
        label="Value map name"
        error={nameProblem}
        hint={draftName !== name && !nameProblem ? 'Press Enter to rename; mappings follow.' : undefined}
      >
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            className="input mono"
            value={draftName}
            aria-invalid={invalid}
            aria-describedby={describedBy}
            onChange={(event) => setDraftName(event.target.value)}
            onBlur={commitName}
            onKeyDown={(event) => {
              if (event.key === 'Enter') commitName();
              if (event.key === 'Escape') setDraftName(name);
            }}
          />
        )}
      </FieldShell>
      <div className="inspector__entries" role="group" aria-label={`Entries of ${name}`}>
        <div className="inspector__entries-head" aria-hidden="true">
          <span>From</span>
          <span />
          <span>To</span>
          <span />
        </div>
        {entries.slice(0, MAX_ROWS).map((entry, index) => (
          <div key={index} className="inspector__entry">
            <ScalarInput
              aria-label={`From, entry ${index + 1}`}
              value={entry.from}
              onChange={(v) => setEntry(index, 'from', v as JsonScalar)}
            />
            <span className="inspector__row-op" aria-hidden="true">
              →
            </span>
            <ScalarInput
              aria-label={`To, entry ${index + 1}`}
              value={entry.to}
              onChange={(v) => setEntry(index, 'to', v as JsonScalar)}
            />
            <IconButton
              label={`Remove entry ${index + 1}`}
              icon="x"
              size="sm"
              onClick={() => onChange({ ...map, entries: removeAt(entries, index) }, 'entries.order')}
            />
          </div>
        ))}
        {entries.length > MAX_ROWS && (
          <p className="field__hint">
            Showing the first {MAX_ROWS} of {entries.length} entries; edit the rest in the flow file.
          </p>
        )}
        <div>
          <Button
            size="sm"
            icon="plus"
            onClick={() => onChange({ ...map, entries: [...entries, { from: '', to: '' }] }, 'entries.order')}
          >
            Add entry
          </Button>
        </div>
        <p className="field__hint">
          Numbers, true, false and null are typed; write "42" in quotes for the text 42.
        </p>
      </div>
      <div className="inspector__pair">
        <SelectField
          label="When no entry matches"
          value={map.onMissing ?? 'error'}
          options={[
            { value: 'error', label: 'Fail the record' },
            { value: 'default', label: 'Use a default' },
            { value: 'passThrough', label: 'Keep the value' },
          ]}
          onChange={(event) => {
            const onMissing = event.target.value as ValueMap['onMissing'];
            const next: ValueMap = { ...map, onMissing };
            onChange(onMissing === 'default' ? next : withKey(next, 'default', undefined), 'onMissing');
          }}
        />
        {map.onMissing === 'default' && (
          <div className="field">
            <label className="field__label" htmlFor={defaultId}>
              Default value
            </label>
            <ScalarInput
              id={defaultId}
              value={map.default}
              placeholder="null"
              onChange={(value) => onChange({ ...map, default: value as JsonScalar }, 'default')}
            />
          </div>
        )}
      </div>
      {error && <span className="field__error">{error}</span>}
      <div>
        <Button size="sm" variant="danger" icon="trash" onClick={onDelete}>
          Delete value map
        </Button>
      </div>
    </div>
  );
}
