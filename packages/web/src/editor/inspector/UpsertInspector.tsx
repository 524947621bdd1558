// Upsert settings: the target (connection, object), how records are matched (an external-id field of
// the target, or the target id from an expression such as a lookup's `$contact.Id`), the mode, batch
// size, skipping unchanged records, and writing the target id back to the source record.
import { useMemo, useState } from 'react';
import type { UpsertConfig, UpsertNode, WriteBack } from '@flowsync/contracts';
import { SelectField } from '../../ui/components.tsx';
import { useObjectDescription } from '../connector-metadata.ts';
import { useEditor } from '../editor-store.ts';
import { withKey } from './config-edits.ts';
import { ExpressionInput } from './ExpressionInput.tsx';
import { CheckboxField, NumberField, Section, useNodeEdit } from './inspector-kit.tsx';
import { ConnectionPicker, FieldPicker, ObjectPicker } from './pickers.tsx';
import { triggerNodeOf } from './flow-paths.ts';
import { useExpressionSuggestions } from './use-expression-suggestions.ts';

/** Option values of the keys that are not an external-id field of the describe (those are field names). */
const TARGET_ID = ':targetId';
const OTHER_FIELD = ':otherField';

const MODES: { value: UpsertConfig['operation']; label: string }[] = [
  { value: 'upsert', label: 'Upsert: update when found, else create' },
  { value: 'create', label: 'Create only' },
  { value: 'update', label: 'Update only' },
];

export function UpsertInspector({ node }: { node: UpsertNode }) {
  const { update, issue } = useNodeEdit(node);
  const config = node.config;
  const set = <K extends keyof UpsertConfig>(key: K, value: UpsertConfig[K] | undefined) =>
    update(withKey(config, key, value), String(key));
  const description = useObjectDescription(config.connection || undefined, config.object || undefined);
  const suggestions = useExpressionSuggestions(node.id);
  const flowBatchSize = useEditor((s) => s.flow.settings.batchSize);
  const trigger = useEditor((s) => triggerNodeOf(s.flow));
  const match = config.match;

  const externalIds = useMemo(
    () => (description.state === 'ready' ? description.data.fields.filter((field) => field.externalId) : []),
    [description],
  );
  /** An external-id key on a field the describe does not list (or could not list) is typed. */
  const settled = description.state === 'ready' || description.state === 'error';
  const [otherChosen, setOtherChosen] = useState(false);
  const typedKey =
    match?.kind === 'externalId' &&
    (otherChosen ||
      match.field === '' ||
      (settled && !externalIds.some((field) => field.name === match.field)));
  const pendingField = match?.kind === 'externalId' && !typedKey && !settled ? match.field : undefined;
  const keyOptions = useMemo(
    () => [
      ...(pendingField ? [{ value: pendingField, label: pendingField }] : []),
      ...externalIds.map((field) => ({
        value: field.name,
        label: field.label && field.label !== field.name ? `${field.name} · ${field.label}` : field.name,
      })),
      { value: OTHER_FIELD, label: 'Another field (type its API name)' },
      { value: TARGET_ID, label: 'Record id from an expression' },
    ],
    [externalIds, pendingField],
  );
  const keyValue =
    match === undefined ? '' : match.kind === 'targetId' ? TARGET_ID : typedKey ? OTHER_FIELD : match.field;
  const writeBack = config.writeBack;
  const writeBackConnection = writeBack?.connection ?? trigger?.config.connection;
  const writeBackObject = writeBack?.object ?? trigger?.config.object;
  const overridden = writeBack?.connection !== undefined || writeBack?.object !== undefined;
  const setWriteBack = (next: WriteBack | undefined, field: string) =>
    update(withKey(config, 'writeBack', next), `writeBack.${field}`);

  return (
    <>
      <Section title="Target">
        <ConnectionPicker
          value={config.connection ?? ''}
          error={issue('/config/connection')}
          onChange={(connection) => update({ ...config, connection, object: '' }, 'connection')}
        />
        <ObjectPicker
          connection={config.connection}
          value={config.object ?? ''}
          error={issue('/config/object')}
          onChange={(object) => set('object', object)}
        />
      </Section>

      <Section title="Writing">
        <SelectField
          label="Mode"
          value={config.operation ?? 'upsert'}
          options={MODES}
          error={issue('/config/operation')}
          onChange={(event) => set('operation', event.target.value as UpsertConfig['operation'])}
        />
        <SelectField
          label="Upsert key"
          value={keyValue}
          options={keyOptions}
          placeholder={
            config.operation === 'create' ? 'None: always create' : 'Choose how records are matched…'
          }
          error={issue('/config/match', { includeNested: match === undefined })}
          hint={
            description.state === 'error' ? (
              <span className="inspector__warning">
                External-id fields could not be loaded ({description.error}).
              </span>
            ) : keyValue === TARGET_ID ? (
              'Updates the record with this id when there is one, creates a record when it is empty.'
            ) : keyValue !== '' ? (
              'The target field that holds the source id: the record with the same value is updated.'
            ) : (
              'How a source record finds its target record.'
            )
          }
          onChange={(event) => {
            const value = event.target.value;
            setOtherChosen(value === OTHER_FIELD);
            set(
              'match',
              value === ''
                ? undefined
                : value === TARGET_ID
                  ? { kind: 'targetId', expression: match?.kind === 'targetId' ? match.expression : '' }
                  : value === OTHER_FIELD
                    ? { kind: 'externalId', field: '' }
                    : { kind: 'externalId', field: value },
            );
          }}
        />
        {match?.kind === 'externalId' && typedKey && (
          <FieldPicker
            label="External id field"
            connection={config.connection}
            object={config.object}
            value={match.field ?? ''}
            error={issue('/config/match/field')}
            hint="The target field that holds the source record's id."
            onChange={(field) => set('match', { kind: 'externalId', field })}
          />
        )}
        {match?.kind === 'targetId' && (
          <ExpressionInput
            label="Target id expression"
            value={match.expression ?? ''}
            placeholder="e.g. $contact.Id"
            suggestions={suggestions}
            error={issue('/config/match/expression')}
            onChange={(expression) => set('match', { kind: 'targetId', expression })}
          />
        )}
        <NumberField
          label="Batch size"
          min={1}
          max={1000}
          value={config.batchSize}
          placeholder={`${Math.min(flowBatchSize, 1000)} (the flow's batch size)`}
          hint="Records written per request (1–1000)."
          error={issue('/config/batchSize')}
          onChange={(batchSize) => set('batchSize', batchSize)}
        />
        <CheckboxField
          label="Skip unchanged records"
          checked={config.skipUnchanged ?? true}
          hint="Records whose mapped data is the same as last written are not sent again (this also stops echo loops)."
          onChange={(skipUnchanged) => set('skipUnchanged', skipUnchanged)}
        />
      </Section>

      <Section
        title="Write back"
        description="After the write, store the target record's id in a field of the source record."
      >
        <FieldPicker
          label="Write back"
          connection={writeBackConnection}
          object={writeBackObject}
          value={writeBack?.field ?? ''}
          placeholder="Source field (empty: no write-back)"
          error={issue('/config/writeBack', { includeNested: true })}
          hint={
            writeBack?.field
              ? `The ${config.object || 'target'} id is written to ${writeBackObject ?? 'the source'}.${writeBack.field}.`
              : 'Leave empty to not write anything back.'
          }
          onChange={(field) => {
            if (field === '' && !overridden) setWriteBack(undefined, 'field');
            else setWriteBack({ ...writeBack, field }, 'field');
          }}
        />
        {writeBack && (
          <CheckboxField
            label="Override where the id is written"
            checked={overridden}
            hint={
              overridden
                ? undefined
                : `Written to ${trigger?.config.connection || 'the trigger connection'} / ${trigger?.config.object || 'its object'}.`
            }
            onChange={(on) =>
              setWriteBack(
                on
                  ? {
                      ...writeBack,
                      connection: trigger?.config.connection ?? '',
                      object: trigger?.config.object ?? '',
                    }
                  : { field: writeBack.field },
                'target',
              )
            }
          />
        )}
        {writeBack && overridden && (
          <div className="inspector__pair">
            <ConnectionPicker
              label="Write-back system"
              value={writeBack.connection ?? ''}
              error={issue('/config/writeBack/connection')}
              onChange={(connection) => setWriteBack({ ...writeBack, connection, object: '' }, 'connection')}
            />
            <ObjectPicker
              label="Write-back record type"
              connection={writeBack.connection}
              value={writeBack.object ?? ''}
              error={issue('/config/writeBack/object')}
              onChange={(object) => setWriteBack({ ...writeBack, object }, 'object')}
            />
          </div>
        )}
      </Section>
    </>
  );
}
