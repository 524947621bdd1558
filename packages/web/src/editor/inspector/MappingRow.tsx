// One row of the mapping editor: target field ← source (an expression, a static value, or an
// expression translated through a value map), with reorder and remove.
import type { FieldMapping, JsonScalar } from '@flowsync/contracts';
import { Button } from '../../ui/components.tsx';
import type { ComboOption } from './Combobox.tsx';
import { Combobox } from './Combobox.tsx';
import { ExpressionInput } from './ExpressionInput.tsx';
import { RowActions } from './RowActions.tsx';
import { ScalarInput } from './ScalarInput.tsx';

export type MappingKind = FieldMapping['kind'];

const KIND_OPTIONS: { value: MappingKind; label: string }[] = [
  { value: 'expression', label: 'Expression' },
  { value: 'static', label: 'Static' },
  { value: 'valueMap', label: 'Value map' },
];

export function MappingRow({
  mapping,
  index,
  count,
  targetOptions,
  suggestions,
  valueMapNames,
  issue,
  autoFocus,
  onChange,
  onKindChange,
  onMove,
  onRemove,
  onEditValueMap,
}: {
  mapping: FieldMapping;
  index: number;
  count: number;
  targetOptions: readonly ComboOption[];
  suggestions: readonly ComboOption[];
  valueMapNames: readonly string[];
  issue: (path: string, options?: { includeNested?: boolean }) => string | undefined;
  autoFocus: boolean;
  onChange: (mapping: FieldMapping, field: string) => void;
  onKindChange: (kind: MappingKind) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
  onEditValueMap: (name: string) => void;
}) {
  const at = `/config/fields/${index}`;
  const targetError = issue(`${at}/target`);
  const otherError = issue(at);
  return (
    <li className="inspector__row inspector__mapping">
      <div className="inspector__row-head">
        <div className="grow">
          <Combobox
            value={mapping.target ?? ''}
            ariaLabel="Target field"
            placeholder="Target field"
            options={targetOptions}
            invalid={Boolean(targetError)}
            inputProps={{ autoFocus }}
            onChange={(target) => onChange({ ...mapping, target }, `fields.${index}.target`)}
          />
        </div>
        <RowActions what="mapping" index={index} count={count} onMove={onMove} onRemove={onRemove} />
      </div>
      {targetError && <span className="field__error">{targetError}</span>}
      <div className="inspector__row-body">
        <span className="inspector__row-op" aria-hidden="true">
          ←
        </span>
        <select
          className="select inspector__kind"
          aria-label="Mapping kind"
          value={mapping.kind}
          onChange={(event) => onKindChange(event.target.value as MappingKind)}
        >
          {KIND_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <div className="grow">
          {mapping.kind === 'static' ? (
            <ScalarInput
              aria-label="Static value"
              placeholder="text, 42, true or null"
              value={mapping.value}
              aria-invalid={issue(`${at}/value`) ? true : undefined}
              onChange={(value) =>
                onChange({ ...mapping, value: value as JsonScalar }, `fields.${index}.value`)
              }
            />
          ) : (
            <ExpressionInput
              label="Source expression"
              hideLabel
              value={mapping.expression ?? ''}
              suggestions={suggestions}
              error={issue(`${at}/expression`)}
              onChange={(expression) => onChange({ ...mapping, expression }, `fields.${index}.expression`)}
            />
          )}
        </div>
      </div>
      {mapping.kind === 'static' && issue(`${at}/value`) && (
        <span className="field__error">{issue(`${at}/value`)}</span>
      )}
      {mapping.kind === 'valueMap' && (
        <div className="inspector__row-body inspector__row-body--sub">
          <span className="inspector__row-op muted">via</span>
          <select
            className="select mono"
            aria-label="Value map"
            value={mapping.map ?? ''}
            aria-invalid={issue(`${at}/map`) ? true : undefined}
            onChange={(event) => onChange({ ...mapping, map: event.target.value }, `fields.${index}.map`)}
          >
            {!valueMapNames.includes(mapping.map) && (
              <option value={mapping.map}>{mapping.map || '—'}</option>
            )}
            {valueMapNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          {valueMapNames.includes(mapping.map) && (
            <Button size="sm" variant="ghost" onClick={() => onEditValueMap(mapping.map)}>
              Edit entries
            </Button>
          )}
        </div>
      )}
      {mapping.kind === 'valueMap' && issue(`${at}/map`) && (
        <span className="field__error">{issue(`${at}/map`)}</span>
      )}
      {otherError && <span className="field__error">{otherError}</span>}
    </li>
  );
}
