// Pickers filled from the connector's describe: connection, object, one field, a list of fields.
// While metadata loads they say so; when it fails they fall back to free text and show why.
import { useMemo, useState, type ReactNode } from 'react';
import type { ConnectorFieldInfo, ConnectorObjectInfo } from '@flowsync/contracts';
import { IconButton, SelectField, TextField } from '../../ui/components.tsx';
import {
  useConnections,
  useConnectorMetadata,
  useObjectDescription,
  useObjects,
  type Loadable,
} from '../connector-metadata.ts';
import { Combobox, type ComboOption } from './Combobox.tsx';
import { FieldShell } from './inspector-kit.tsx';

function fieldDetail(field: ConnectorFieldInfo): string {
  const marks = [
    field.type,
    field.externalId ? 'external id' : undefined,
    field.required ? 'required' : undefined,
    field.readOnly ? 'read-only' : undefined,
  ];
  return marks.filter(Boolean).join(' · ');
}

/** Describe fields as combobox options: label, API name and type. */
export function fieldOptions(
  description: Loadable<ConnectorObjectInfo>,
  filter?: (field: ConnectorFieldInfo) => boolean,
): ComboOption[] {
  if (description.state !== 'ready') return [];
  return description.data.fields
    .filter((field) => (filter ? filter(field) : true))
    .map((field) => ({ value: field.name, label: field.label || field.name, detail: fieldDetail(field) }));
}

/** A hint that says where a field list comes from, or why it is missing. */
function metadataHint(
  description: Loadable<ConnectorObjectInfo>,
  hasObject: boolean,
  fallback: ReactNode,
): { hint?: ReactNode; warning?: string } {
  if (!hasObject) return { hint: 'Choose the object first to pick from its fields, or type an API name.' };
  if (description.state === 'loading') return { hint: 'Loading fields…' };
  if (description.state === 'error')
    return { warning: `Fields could not be loaded (${description.error}); type the API name.` };
  return fallback ? { hint: fallback } : {};
}

export function ConnectionPicker({
  value,
  onChange,
  error,
  label = 'Connection',
}: {
  value: string;
  onChange: (connection: string) => void;
  error?: string | undefined;
  label?: string;
}) {
  const connections = useConnections();
  const reload = useConnectorMetadata((s) => s.loadConnections);
  if (connections.state === 'error') {
    return (
      <TextField
        label={label}
        value={value}
        className="mono"
        onChange={(event) => onChange(event.target.value)}
        error={error}
        hint={
          <span className="inspector__warning">
            Connections could not be loaded ({connections.error}); type the name.{' '}
            <button type="button" className="inspector__link" onClick={() => reload(true)}>
              Try again
            </button>
          </span>
        }
      />
    );
  }
  const list = connections.state === 'ready' ? connections.data : [];
  const options = list.map((connection) => ({
    value: connection.name,
    label: `${connection.name} · ${connection.kind}`,
  }));
  if (value && !list.some((connection) => connection.name === value) && connections.state === 'ready') {
    options.unshift({ value, label: `${value} (no such connection)` });
  }
  return (
    <SelectField
      label={label}
      value={value}
      options={options}
      placeholder={connections.state === 'ready' ? 'Choose a connection…' : 'Loading connections…'}
      onChange={(event) => onChange(event.target.value)}
      error={error}
    />
  );
}

export function ObjectPicker({
  connection,
  value,
  onChange,
  error,
  label = 'Object',
}: {
  connection: string | undefined;
  value: string;
  onChange: (object: string) => void;
  error?: string | undefined;
  label?: string;
}) {
  const objects = useObjects(connection || undefined);
  const reload = useConnectorMetadata((s) => s.loadObjects);
  if (objects.state === 'error') {
    return (
      <TextField
        label={label}
        value={value}
        className="mono"
        onChange={(event) => onChange(event.target.value)}
        error={error}
        hint={
          <span className="inspector__warning">
            Objects could not be loaded ({objects.error}); type the API name.{' '}
            {connection && (
              <button type="button" className="inspector__link" onClick={() => reload(connection, true)}>
                Try again
              </button>
            )}
          </span>
        }
      />
    );
  }
  const list = objects.state === 'ready' ? objects.data : [];
  const options = list.map((object) => ({
    value: object.name,
    label: object.label && object.label !== object.name ? `${object.label} (${object.name})` : object.name,
  }));
  if (value && !list.some((object) => object.name === value)) {
    options.unshift({
      value,
      label: objects.state === 'ready' ? `${value} (not in this connection)` : value,
    });
  }
  const placeholder = !connection
    ? 'Choose a connection first'
    : objects.state === 'ready'
      ? 'Choose an object…'
      : 'Loading objects…';
  return (
    <SelectField
      label={label}
      value={value}
      options={options}
      placeholder={placeholder}
      disabled={!connection && !value ? true : undefined}
      onChange={(event) => onChange(event.target.value)}
      error={error}
    />
  );
}

/** One field of `connection`/`object`, picked from its describe or typed. */
export function FieldPicker({
  label,
  connection,
  object,
  value,
  onChange,
  error,
  hint,
  placeholder,
  filter,
  extraOptions,
}: {
  label: string;
  connection: string | undefined;
  object: string | undefined;
  value: string;
  onChange: (field: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  placeholder?: string;
  filter?: (field: ConnectorFieldInfo) => boolean;
  /** Offered before the describe's fields (e.g. the fields a trigger reads). */
  extraOptions?: readonly ComboOption[];
}) {
  const description = useObjectDescription(connection || undefined, object || undefined);
  const options = useMemo(
    () => [...(extraOptions ?? []), ...fieldOptions(description, filter)],
    [description, filter, extraOptions],
  );
  const meta = metadataHint(description, Boolean(connection && object), hint);
  return (
    <FieldShell label={label} hint={meta.hint} warning={meta.warning} error={error}>
      {({ id, describedBy, invalid }) => (
        <Combobox
          id={id}
          value={value}
          onChange={onChange}
          options={options}
          placeholder={placeholder ?? 'API name'}
          describedBy={describedBy}
          invalid={invalid}
        />
      )}
    </FieldShell>
  );
}

/** An ordered list of fields as removable chips, with a picker to add more. */
export function FieldListPicker({
  label,
  addLabel,
  connection,
  object,
  values,
  onChange,
  hint,
  error,
}: {
  label: string;
  /** Accessible name of the add input, e.g. "Add field to read". */
  addLabel: string;
  connection: string | undefined;
  object: string | undefined;
  values: readonly string[];
  onChange: (fields: string[]) => void;
  hint?: ReactNode;
  error?: string | undefined;
}) {
  const [text, setText] = useState('');
  const description = useObjectDescription(connection || undefined, object || undefined);
  const all = useMemo(() => fieldOptions(description), [description]);
  const remaining = useMemo(() => all.filter((option) => !values.includes(option.value)), [all, values]);
  const meta = metadataHint(description, Boolean(connection && object), hint);
  const add = (field: string) => {
    const name = field.trim();
    if (name !== '' && !values.includes(name)) onChange([...values, name]);
    setText('');
  };
  const labels = new Map(all.map((option) => [option.value, option.label]));
  return (
    <FieldShell label={label} hint={meta.hint} warning={meta.warning} error={error}>
      {({ id, describedBy, invalid }) => (
        <div className="inspector__chips-field">
          {values.length > 0 && (
            <ul className="inspector__chips" aria-label="Chosen fields">
              {values.map((field) => (
                <li key={field} className="inspector__chip" title={labels.get(field) ?? field}>
                  <span className="mono">{field}</span>
                  <button
                    type="button"
                    className="inspector__chip-remove"
                    aria-label={`Remove ${field}`}
                    onClick={() => onChange(values.filter((existing) => existing !== field))}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="row">
            <div className="grow">
              <Combobox
                id={id}
                value={text}
                onChange={setText}
                onPick={add}
                options={remaining}
                placeholder={remaining.length > 0 ? 'Add a field…' : 'Type a field and press Enter'}
                describedBy={describedBy}
                invalid={invalid}
                ariaLabel={addLabel}
              />
            </div>
            {remaining.length > 0 && (
              <IconButton
                label={`Add all ${remaining.length} fields`}
                icon="plus"
                size="sm"
                onClick={() => onChange([...values, ...remaining.map((option) => option.value)])}
              />
            )}
            {values.length > 0 && (
              <IconButton label="Remove all fields" icon="x" size="sm" onClick={() => onChange([])} />
            )}
          </div>
        </div>
      )}
    </FieldShell>
  );
}
