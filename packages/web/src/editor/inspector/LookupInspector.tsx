// Lookup settings: what the found record is called downstream (`$alias`), where it is looked for
// (a connected system by an ordered list of match strategies, or the sync ledger of a flow), and what
// happens when several records match.
import { useMemo } from 'react';
import type { LookupConfig, LookupNode, LookupStrategy } from '@flowsync/contracts';
import { api } from '../../api/client.ts';
import { describeError } from '../../api/http.ts';
import { useResource } from '../../api/use-resource.ts';
import { Button, SelectField } from '../../ui/components.tsx';
import { useObjectDescription } from '../connector-metadata.ts';
import { useEditor } from '../editor-store.ts';
import { Combobox } from './Combobox.tsx';
import { moveItem, removeAt, replaceAt, withKey } from './config-edits.ts';
import { ExpressionInput } from './ExpressionInput.tsx';
import { FieldShell, Section, Segmented, useNodeEdit } from './inspector-kit.tsx';
import { ConnectionPicker, FieldListPicker, fieldOptions, ObjectPicker } from './pickers.tsx';
import { RowActions } from './RowActions.tsx';
import { useExpressionSuggestions } from './use-expression-suggestions.ts';

type ConnectorSource = Extract<LookupConfig['source'], { kind: 'connector' }>;
type LedgerSource = Extract<LookupConfig['source'], { kind: 'ledger' }>;

const MAX_STRATEGIES = 5;

export function LookupInspector({ node }: { node: LookupNode }) {
  const { update, issue } = useNodeEdit(node);
  const config = node.config;
  const source = config.source;
  const suggestions = useExpressionSuggestions(node.id);
  const setSource = (next: LookupConfig['source'], field: string) =>
    update({ ...config, source: next }, field);

  return (
    <>
      <Section title="Result">
        <FieldShell
          label="Alias"
          error={issue('/config/as')}
          hint={
            config.as ? (
              <>
                Later nodes read the found record as <code>${config.as}</code>, e.g.{' '}
                <code>${config.as}.Id</code>.
              </>
            ) : (
              'A name for the found record, used as $name in later expressions.'
            )
          }
        >
          {({ id, describedBy, invalid }) => (
            <div className="inspector__prefixed">
              <span className="inspector__prefix mono" aria-hidden="true">
                $
              </span>
              <input
                id={id}
                className="input mono"
                value={config.as ?? ''}
                placeholder="account"
                spellCheck={false}
                aria-invalid={invalid}
                aria-describedby={describedBy}
                onChange={(event) => update({ ...config, as: event.target.value.replace(/^\$/, '') }, 'as')}
              />
            </div>
          )}
        </FieldShell>
        <SelectField
          label="When several match"
          value={config.onMultiple ?? 'error'}
          options={[
            { value: 'first', label: 'Use the first one' },
            { value: 'error', label: 'Fail the record (send it to the error inbox)' },
          ]}
          error={issue('/config/onMultiple')}
          onChange={(event) =>
            update({ ...config, onMultiple: event.target.value as LookupConfig['onMultiple'] }, 'onMultiple')
          }
        />
      </Section>

      <Section title="Source">
        <Segmented
          label="Look up in"
          value={source?.kind ?? 'connector'}
          options={[
            { value: 'connector', label: 'A connected system' },
            { value: 'ledger', label: 'The sync ledger' },
          ]}
          onChange={(kind) => {
            if (kind === source?.kind) return;
            setSource(
              kind === 'ledger'
                ? { kind: 'ledger', sourceId: '' }
                : { kind: 'connector', connection: '', object: '', strategies: [{ field: '', value: '' }] },
              'source.kind',
            );
          }}
        />
        {source?.kind === 'ledger' ? (
          <LedgerSourceFields source={source} onChange={setSource} issue={issue} suggestions={suggestions} />
        ) : source?.kind === 'connector' ? (
          <ConnectorSourceFields
            source={source}
            onChange={setSource}
            issue={issue}
            suggestions={suggestions}
          />
        ) : null}
      </Section>
    </>
  );
}

interface SourceFieldsProps<S> {
  source: S;
  onChange: (source: S, field: string) => void;
  issue: (path: string, options?: { includeNested?: boolean }) => string | undefined;
  suggestions: ReturnType<typeof useExpressionSuggestions>;
}

function ConnectorSourceFields({ source, onChange, issue, suggestions }: SourceFieldsProps<ConnectorSource>) {
  const description = useObjectDescription(source.connection || undefined, source.object || undefined);
  const targetFields = useMemo(() => fieldOptions(description), [description]);
  const strategies = source.strategies ?? [];
  const setStrategies = (next: LookupStrategy[], field: string) =>
    onChange({ ...source, strategies: next }, field);
  return (
    <>
      <ConnectionPicker
        value={source.connection ?? ''}
        error={issue('/config/source/connection')}
        onChange={(connection) => onChange({ ...source, connection, object: '' }, 'source.connection')}
      />
      <ObjectPicker
        connection={source.connection}
        value={source.object ?? ''}
        error={issue('/config/source/object')}
        onChange={(object) => onChange({ ...source, object }, 'source.object')}
      />
      <div className="field">
        <span className="field__label">Match by</span>
        <span className="field__hint">
          Tried in order: a record not found by the first is looked for with the next.
        </span>
        <ol className="inspector__rows inspector__strategies">
          {strategies.map((strategy, index) => {
            const fieldError = issue(`/config/source/strategies/${index}/field`);
            return (
              <li key={index} className="inspector__row">
                <div className="inspector__row-head">
                  <span className="inspector__row-number" aria-hidden="true">
                    {index + 1}
                  </span>
                  <div className="grow">
                    <Combobox
                      value={strategy.field ?? ''}
                      ariaLabel="Lookup field"
                      placeholder={`field in ${source.object || 'the object'}`}
                      options={targetFields}
                      invalid={Boolean(fieldError)}
                      onChange={(field) =>
                        setStrategies(
                          replaceAt(strategies, index, { ...strategy, field }),
                          `strategies.${index}.field`,
                        )
                      }
                    />
                  </div>
                  <RowActions
                    what="strategy"
                    index={index}
                    count={strategies.length}
                    onMove={(to) => setStrategies(moveItem(strategies, index, to), 'strategies.order')}
                    onRemove={() => setStrategies(removeAt(strategies, index), 'strategies.order')}
                  />
                </div>
                {fieldError && <span className="field__error">{fieldError}</span>}
                <div className="inspector__row-body">
                  <span className="inspector__row-op" aria-hidden="true">
                    =
                  </span>
                  <ExpressionInput
                    label="Lookup value"
                    hideLabel
                    value={strategy.value ?? ''}
                    placeholder="e.g. email, or $string(id)"
                    suggestions={suggestions}
                    error={issue(`/config/source/strategies/${index}/value`)}
                    onChange={(value) =>
                      setStrategies(
                        replaceAt(strategies, index, { ...strategy, value }),
                        `strategies.${index}.value`,
                      )
                    }
                  />
                </div>
              </li>
            );
          })}
        </ol>
        {issue('/config/source/strategies') && (
          <span className="field__error">{issue('/config/source/strategies')}</span>
        )}
        <div>
          <Button
            size="sm"
            icon="plus"
            disabled={strategies.length >= MAX_STRATEGIES}
            title={strategies.length >= MAX_STRATEGIES ? `At most ${MAX_STRATEGIES} strategies` : undefined}
            onClick={() => setStrategies([...strategies, { field: '', value: '' }], 'strategies.order')}
          >
            Add strategy
          </Button>
        </div>
      </div>
      <FieldListPicker
        label="Fields to return"
        addLabel="Add field to return"
        connection={source.connection}
        object={source.object}
        values={source.fields ?? []}
        hint="Every field is returned when none are chosen."
        error={issue('/config/source/fields', { includeNested: true })}
        onChange={(fields) =>
          onChange(withKey(source, 'fields', fields.length > 0 ? fields : undefined), 'source.fields')
        }
      />
    </>
  );
}

function LedgerSourceFields({ source, onChange, issue, suggestions }: SourceFieldsProps<LedgerSource>) {
  const current = useEditor((s) => s.flow);
  const flows = useResource(() => api.flows.list(), []);
  const otherFlowId = source.flow && source.flow !== current.id ? source.flow : undefined;
  const other = useResource(
    () =>
      otherFlowId ? api.flows.get(otherFlowId).then((detail) => detail.flow) : Promise.resolve(undefined),
    [otherFlowId],
  );
  const ledgerFlow = otherFlowId ? other.data : current;
  const targets = useMemo(() => {
    const names = (ledgerFlow?.nodes ?? []).flatMap((n) =>
      n.type === 'upsert' && n.config.connection && n.config.object
        ? [`${n.config.connection}/${n.config.object}`]
        : [],
    );
    return [...new Set(names)];
  }, [ledgerFlow]);

  const flowOptions = (flows.data?.flows ?? [])
    .filter((flow) => flow.id !== current.id)
    .map((flow) => ({ value: flow.id, label: flow.name }));
  if (otherFlowId && !flowOptions.some((option) => option.value === otherFlowId)) {
    flowOptions.unshift({
      value: otherFlowId,
      label: flows.state === 'ready' ? `${otherFlowId} (not found)` : otherFlowId,
    });
  }
  const targetOptions = targets.map((target) => ({ value: target, label: target }));
  if (source.target && !targets.includes(source.target))
    targetOptions.unshift({ value: source.target, label: source.target });

  return (
    <>
      <SelectField
        label="Ledger of"
        value={otherFlowId ?? ''}
        placeholder="This flow"
        options={flowOptions}
        error={
          issue('/config/source/flow') ??
          (flows.state === 'error' ? `Flows could not be loaded (${describeError(flows.error)})` : undefined)
        }
        hint="Whose sync ledger: this flow's, or another flow's (e.g. the accounts flow, to find the synced account)."
        onChange={(event) => {
          const next = withKey(source, 'flow', event.target.value === '' ? undefined : event.target.value);
          onChange(withKey(next, 'target', undefined), 'source.flow');
        }}
      />
      <SelectField
        label="Ledger target"
        value={source.target ?? ''}
        placeholder="Any target of that flow"
        options={targetOptions}
        error={
          issue('/config/source/target') ??
          (other.state === 'error'
            ? `That flow could not be loaded (${describeError(other.error)})`
            : undefined)
        }
        hint="The connection/object that flow writes to."
        onChange={(event) =>
          onChange(
            withKey(source, 'target', event.target.value === '' ? undefined : event.target.value),
            'source.target',
          )
        }
      />
      <ExpressionInput
        label="Source id expression"
        value={source.sourceId ?? ''}
        placeholder="e.g. company.id"
        hint="The id under which that flow synced the related record."
        suggestions={suggestions}
        error={issue('/config/source/sourceId')}
        onChange={(sourceId) => onChange({ ...source, sourceId }, 'source.sourceId')}
      />
    </>
  );
}
