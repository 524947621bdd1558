// Trigger settings: where records are read (connection, object, id field, fields, filters pushed down
// to the source's query) and when (schedule, realtime events, incremental sync by a watermark).
import { useEffect, useId, useMemo, useRef } from 'react';
import type {
  FilterOperator,
  RecordEventKind,
  SourceFilter,
  TriggerConfig,
  TriggerNode,
} from '@flowsync/contracts';
import { Button, IconButton, SelectField, TextField } from '../../ui/components.tsx';
import { useObjectDescription } from '../connector-metadata.ts';
import { useEditor } from '../editor-store.ts';
import { Combobox } from './Combobox.tsx';
import { removeAt, replaceAt, scheduleOfKind, withKey, type ScheduleKind } from './config-edits.ts';
import { CheckboxField, describeSeconds, NumberField, Section, useNodeEdit } from './inspector-kit.tsx';
import { ConnectionPicker, FieldListPicker, FieldPicker, fieldOptions, ObjectPicker } from './pickers.tsx';
import { ScalarInput } from './ScalarInput.tsx';

const OPERATORS: { value: FilterOperator; label: string }[] = [
  { value: 'eq', label: '=' },
  { value: 'ne', label: '≠' },
  { value: 'gt', label: '>' },
  { value: 'gte', label: '≥' },
  { value: 'lt', label: '<' },
  { value: 'lte', label: '≤' },
  { value: 'in', label: 'in' },
  { value: 'notIn', label: 'not in' },
  { value: 'isNull', label: 'is empty' },
  { value: 'isNotNull', label: 'is set' },
];

const EVENTS: { value: RecordEventKind; label: string }[] = [
  { value: 'create', label: 'Created' },
  { value: 'update', label: 'Updated' },
  { value: 'delete', label: 'Deleted' },
];

const SCHEDULE_OPTIONS = [
  { value: 'interval', label: 'Every N seconds' },
  { value: 'cron', label: 'Cron expression' },
  { value: 'polling', label: 'Polling (check and sleep)' },
];

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

export function TriggerInspector({ node }: { node: TriggerNode }) {
  const { update, issue } = useNodeEdit(node);
  const config = node.config;
  const set = <K extends keyof TriggerConfig>(key: K, value: TriggerConfig[K] | undefined) =>
    update(withKey(config, key, value), String(key));
  const description = useObjectDescription(config.connection || undefined, config.object || undefined);
  const flowBatchSize = useEditor((s) => s.flow.settings.batchSize);
  const zoneListId = useId();
  const zones = useMemo(timeZones, []);

  // After the object changes, take its id field (and watermark field) from its describe once it loads.
  const defaultsFor = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (defaultsFor.current === undefined || description.state !== 'ready') return;
    if (defaultsFor.current !== `${config.connection}/${config.object}`) return;
    defaultsFor.current = undefined;
    let next = withKey(config, 'idField', description.data.idField);
    if (config.incremental && description.data.modifiedField) {
      next = withKey(next, 'incremental', { ...config.incremental, field: description.data.modifiedField });
    }
    update(next, 'object');
  }, [description, config, update]);

  const filters = config.filters ?? [];
  const setFilters = (next: SourceFilter[]) => set('filters', next.length > 0 ? next : undefined);
  const fieldSuggestions = useMemo(() => fieldOptions(description), [description]);
  const events = config.realtime?.events ?? [];
  const incremental = config.incremental;
  const schedule = config.schedule;

  return (
    <>
      <Section title="Source">
        <ConnectionPicker
          value={config.connection ?? ''}
          error={issue('/config/connection')}
          onChange={(connection) => update({ ...config, connection, object: '' }, 'connection')}
        />
        <ObjectPicker
          connection={config.connection}
          value={config.object ?? ''}
          error={issue('/config/object')}
          onChange={(object) => {
            defaultsFor.current = `${config.connection}/${object}`;
            update({ ...config, object }, 'object');
          }}
        />
        <FieldPicker
          label="Record id field"
          connection={config.connection}
          object={config.object}
          value={config.idField ?? ''}
          placeholder={description.state === 'ready' ? description.data.idField : 'id'}
          error={issue('/config/idField')}
          hint="Identifies each source record in the ledger, the error inbox and write-back."
          onChange={(idField) => set('idField', idField)}
        />
        <FieldListPicker
          label="Fields to read"
          addLabel="Add field to read"
          connection={config.connection}
          object={config.object}
          values={config.fields ?? []}
          error={issue('/config/fields', { includeNested: true })}
          hint="Every field of the object is read when none are chosen."
          onChange={(fields) => set('fields', fields.length > 0 ? fields : undefined)}
        />
        <NumberField
          label="Page size"
          min={1}
          max={10_000}
          value={config.pageSize}
          placeholder={`${flowBatchSize} (the flow's batch size)`}
          hint="Records read per request to the source system."
          error={issue('/config/pageSize')}
          onChange={(pageSize) => set('pageSize', pageSize)}
        />
      </Section>

      <Section
        title="Source filters"
        description="Pushed down to the source system's query: records that do not match are never read."
      >
        {filters.length > 0 && (
          <ul className="inspector__rows">
            {filters.map((filter, index) => {
              const error = issue(`/config/filters/${index}`, { includeNested: true });
              const noValue = filter.op === 'isNull' || filter.op === 'isNotNull';
              const list = filter.op === 'in' || filter.op === 'notIn';
              const change = (next: SourceFilter) => setFilters(replaceAt(filters, index, next));
              return (
                <li key={index} className="inspector__filter">
                  <div className="inspector__filter-grid">
                    <Combobox
                      value={filter.field ?? ''}
                      ariaLabel="Filter field"
                      placeholder="field"
                      options={fieldSuggestions}
                      invalid={Boolean(error)}
                      onChange={(field) => change({ ...filter, field })}
                    />
                    <select
                      className="select"
                      aria-label="Filter operator"
                      value={filter.op}
                      onChange={(event) => {
                        const op = event.target.value as FilterOperator;
                        const next: SourceFilter = { ...filter, op };
                        if (op === 'isNull' || op === 'isNotNull') delete next.value;
                        change(next);
                      }}
                    >
                      {OPERATORS.map((operator) => (
                        <option key={operator.value} value={operator.value}>
                          {operator.label}
                        </option>
                      ))}
                    </select>
                    {noValue ? (
                      <span className="inspector__filter-novalue muted">no value</span>
                    ) : (
                      <ScalarInput
                        key={list ? 'list' : 'one'}
                        aria-label="Filter value"
                        placeholder={list ? 'a, b, c' : 'value'}
                        asList={list}
                        value={filter.value}
                        onChange={(value) => change({ ...filter, value })}
                      />
                    )}
                    <IconButton
                      label="Remove filter"
                      icon="trash"
                      size="sm"
                      onClick={() => setFilters(removeAt(filters, index))}
                    />
                  </div>
                  {error && <span className="field__error">{error}</span>}
                </li>
              );
            })}
          </ul>
        )}
        <div>
          <Button
            size="sm"
            icon="plus"
            disabled={filters.length >= 50}
            onClick={() => setFilters([...filters, { field: '', op: 'eq', value: '' }])}
          >
            Add filter
          </Button>
        </div>
      </Section>

      <Section title="When it runs" description="Every flow can also be run now, or for selected record ids.">
        <SelectField
          label="Schedule"
          value={schedule?.kind ?? ''}
          options={SCHEDULE_OPTIONS}
          placeholder="No schedule (manual and realtime only)"
          error={issue('/config/schedule', { includeNested: !schedule })}
          onChange={(event) => {
            const kind = event.target.value as ScheduleKind | '';
            const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
            set('schedule', kind === '' ? undefined : scheduleOfKind(kind, schedule, zone));
          }}
        />
        {schedule?.kind === 'interval' && (
          <NumberField
            label="Every"
            unit="seconds"
            min={1}
            value={schedule.everySeconds}
            hint={
              describeSeconds(schedule.everySeconds) &&
              `A run every ${describeSeconds(schedule.everySeconds)}.`
            }
            error={issue('/config/schedule/everySeconds')}
            onChange={(everySeconds) => set('schedule', withKey(schedule, 'everySeconds', everySeconds))}
          />
        )}
        {schedule?.kind === 'cron' && (
          <div className="inspector__pair">
            <TextField
              label="Cron expression"
              className="mono"
              value={schedule.expression ?? ''}
              placeholder="*/15 * * * *"
              hint="minute hour day month weekday"
              error={issue('/config/schedule/expression')}
              onChange={(event) => set('schedule', { ...schedule, expression: event.target.value })}
            />
            <TextField
              label="Time zone"
              value={schedule.timezone ?? ''}
              placeholder="UTC"
              list={zoneListId}
              error={issue('/config/schedule/timezone')}
              onChange={(event) =>
                set(
                  'schedule',
                  withKey(schedule, 'timezone', event.target.value === '' ? undefined : event.target.value),
                )
              }
            />
            <datalist id={zoneListId}>
              {zones.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </div>
        )}
        {schedule?.kind === 'polling' && (
          <>
            <NumberField
              label="Every"
              unit="seconds"
              min={1}
              max={86_400}
              value={schedule.everySeconds}
              error={issue('/config/schedule/everySeconds')}
              onChange={(everySeconds) => set('schedule', withKey(schedule, 'everySeconds', everySeconds))}
            />
            <div className="inspector__pair">
              <NumberField
                label="Keep polling for"
                unit="s"
                min={1}
                max={59}
                value={schedule.checkProcessSeconds}
                error={issue('/config/schedule/checkProcessSeconds')}
                onChange={(value) => set('schedule', withKey(schedule, 'checkProcessSeconds', value))}
              />
              <NumberField
                label="Sleep between polls"
                unit="s"
                min={1}
                max={59}
                value={schedule.sleepSeconds}
                error={issue('/config/schedule/sleepSeconds')}
                onChange={(value) => set('schedule', withKey(schedule, 'sleepSeconds', value))}
              />
            </div>
            <p className="field__hint">
              Each run polls for new records until the time is up, sleeping between polls (1–59 s each).
            </p>
          </>
        )}
        <fieldset className="inspector__group">
          <legend className="field__label">Realtime events</legend>
          <div className="inspector__inline-checks">
            {EVENTS.map((event) => (
              <label key={event.value} className="inspector__inline-check">
                <input
                  type="checkbox"
                  checked={events.includes(event.value)}
                  onChange={(change) => {
                    const next = change.target.checked
                      ? EVENTS.map((e) => e.value).filter((v) => v === event.value || events.includes(v))
                      : events.filter((v) => v !== event.value);
                    set('realtime', next.length > 0 ? { events: next } : undefined);
                  }}
                />
                {event.label}
              </label>
            ))}
          </div>
          <span className="field__hint">
            {events.length > 0
              ? 'Runs start when the source system reports these changes (webhook).'
              : 'Off: no run starts on changes in the source system.'}
          </span>
        </fieldset>
      </Section>

      <Section title="Incremental sync">
        <CheckboxField
          label="Read only records changed since the last run"
          checked={config.incremental !== undefined}
          hint="Scheduled runs remember a watermark (the latest modification time) and continue from it."
          onChange={(on) =>
            set(
              'incremental',
              on
                ? {
                    field: description.state === 'ready' ? (description.data.modifiedField ?? '') : '',
                    overlapSeconds: 0,
                  }
                : undefined,
            )
          }
        />
        {incremental && (
          <>
            <FieldPicker
              label="Watermark field"
              connection={config.connection}
              object={config.object}
              value={incremental.field ?? ''}
              placeholder={
                description.state === 'ready' ? description.data.modifiedField : 'lastModifiedDate'
              }
              error={issue('/config/incremental/field')}
              filter={(field) => /date|time/i.test(field.type)}
              onChange={(field) => set('incremental', { ...incremental, field })}
            />
            <div className="inspector__pair">
              <NumberField
                label="Overlap"
                unit="s"
                min={0}
                max={86_400}
                value={incremental.overlapSeconds}
                hint="Re-read before the watermark (clock skew, late commits)."
                error={issue('/config/incremental/overlapSeconds')}
                onChange={(overlapSeconds) =>
                  set('incremental', withKey(incremental, 'overlapSeconds', overlapSeconds))
                }
              />
              <TextField
                label="Initial value"
                className="mono"
                value={incremental.initialValue ?? ''}
                placeholder="2024-01-01T00:00:00Z"
                hint="Watermark of the first run."
                error={issue('/config/incremental/initialValue')}
                onChange={(event) =>
                  set(
                    'incremental',
                    withKey(
                      incremental,
                      'initialValue',
                      event.target.value === '' ? undefined : event.target.value,
                    ),
                  )
                }
              />
            </div>
          </>
        )}
      </Section>
    </>
  );
}
