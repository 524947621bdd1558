// The mapping editor: target field ← source for every field of the record written downstream, with
// value maps and, below, the mapped sample (the trigger's sample records run through the mappings).
import { useMemo, useState } from 'react';
import type { FieldMapping, MapConfig, MapNode } from '@flowsync/contracts';
import { Button } from '../../ui/components.tsx';
import { useObjectDescription } from '../connector-metadata.ts';
import { useEditor } from '../editor-store.ts';
import { moveItem, removeAt, replaceAt, uniqueName } from './config-edits.ts';
import { downstreamUpsert } from './flow-paths.ts';
import { Section, useNodeEdit } from './inspector-kit.tsx';
import { MappedSample } from './MappedSample.tsx';
import { MappingRow, type MappingKind } from './MappingRow.tsx';
import { fieldOptions } from './pickers.tsx';
import { useExpressionSuggestions } from './use-expression-suggestions.ts';
import { ValueMapsEditor } from './ValueMapsEditor.tsx';

function withKind(mapping: FieldMapping, kind: MappingKind, valueMap: string): FieldMapping {
  const target = mapping.target ?? '';
  const expression = mapping.kind === 'static' ? '' : (mapping.expression ?? '');
  switch (kind) {
    case 'expression':
      return { target, kind, expression };
    case 'static':
      return { target, kind, value: '' };
    case 'valueMap':
      return { target, kind, expression, map: valueMap };
  }
}

export function MapInspector({ node }: { node: MapNode }) {
  const { update, issue } = useNodeEdit(node);
  const flow = useEditor((s) => s.flow);
  const config = node.config;
  const fields = useMemo(() => config.fields ?? [], [config.fields]);
  const upsert = useMemo(() => downstreamUpsert(flow, node.id), [flow, node.id]);
  const targetConnection = upsert?.config.connection || undefined;
  const targetObject = upsert?.config.object || undefined;
  const description = useObjectDescription(targetConnection, targetObject);
  const targetOptions = useMemo(() => fieldOptions(description, (field) => !field.readOnly), [description]);
  const suggestions = useExpressionSuggestions(node.id);
  const [openMap, setOpenMap] = useState<string | undefined>(undefined);
  const [reveal, setReveal] = useState(0);
  const [focusRow, setFocusRow] = useState<number | undefined>(undefined);
  const valueMapNames = Object.keys(config.valueMaps ?? {});

  const setFields = (next: FieldMapping[], field: string) => update({ ...config, fields: next }, field);
  const addMapping = (target = '') => {
    setFocusRow(target === '' ? fields.length : undefined);
    setFields([...fields, { target, kind: 'expression', expression: '' }], 'fields.order');
  };
  const changeKind = (index: number, kind: MappingKind) => {
    const mapping = fields[index];
    if (!mapping || mapping.kind === kind) return;
    let next: MapConfig = config;
    let mapName = valueMapNames[0];
    if (kind === 'valueMap' && mapName === undefined) {
      const base = (mapping.target ?? '').replace(/[^A-Za-z0-9_]/g, '') || 'values';
      mapName = uniqueName(
        /^[A-Za-z_]/.test(base) ? `${base.charAt(0).toLowerCase()}${base.slice(1)}Map` : 'valueMap',
        [],
      );
      next = { ...config, valueMaps: { [mapName]: { entries: [], onMissing: 'error' } } };
      setOpenMap(mapName);
    }
    update(
      { ...next, fields: replaceAt(fields, index, withKind(mapping, kind, mapName ?? '')) },
      `fields.${index}.kind`,
    );
  };

  const mappedTargets = new Set(fields.map((f) => f.target));
  const unmappedRequired =
    description.state === 'ready'
      ? description.data.fields.filter((f) => f.required && !f.readOnly && !mappedTargets.has(f.name))
      : [];

  return (
    <>
      <Section
        title="Mappings"
        aside={<span className="inspector__count">{fields.length}</span>}
        description={
          upsert && targetObject ? (
            <>
              Target fields of <strong>{targetObject}</strong> in {targetConnection}, written by “
              {upsert.label || upsert.id}”.
            </>
          ) : (
            'Connect this node to an upsert to pick target fields from its object; until then type their API names.'
          )
        }
      >
        {description.state === 'error' && (
          <p className="field__error">
            Target fields could not be loaded ({description.error}); type their API names.
          </p>
        )}
        {fields.length > 0 && (
          <>
            <div className="inspector__mapping-head" aria-hidden="true">
              <span>Target field</span>
              <span>← Source</span>
            </div>
            <ol className="inspector__rows">
              {fields.map((mapping, index) => (
                <MappingRow
                  key={index}
                  mapping={mapping}
                  index={index}
                  count={fields.length}
                  targetOptions={targetOptions}
                  suggestions={suggestions}
                  valueMapNames={valueMapNames}
                  issue={issue}
                  autoFocus={focusRow === index}
                  onChange={(next, field) => setFields(replaceAt(fields, index, next), field)}
                  onKindChange={(kind) => changeKind(index, kind)}
                  onMove={(to) => setFields(moveItem(fields, index, to), 'fields.order')}
                  onRemove={() => setFields(removeAt(fields, index), 'fields.order')}
                  onEditValueMap={(name) => {
                    setOpenMap(name);
                    setReveal((n) => n + 1);
                  }}
                />
              ))}
            </ol>
          </>
        )}
        {issue('/config/fields') && <p className="field__error">{issue('/config/fields')}</p>}
        <div className="inspector__actions">
          <Button size="sm" icon="plus" onClick={() => addMapping()} disabled={fields.length >= 1000}>
            Add mapping
          </Button>
        </div>
        {unmappedRequired.length > 0 && (
          <div className="inspector__required">
            <span className="field__hint">Required by {targetObject} and not mapped yet:</span>
            <div className="inspector__required-list">
              {unmappedRequired.map((field) => (
                <Button
                  key={field.name}
                  size="sm"
                  variant="ghost"
                  icon="plus"
                  title={`Add a mapping for ${field.label}`}
                  onClick={() => addMapping(field.name)}
                >
                  <span className="mono">{field.name}</span>
                </Button>
              ))}
            </div>
          </div>
        )}
      </Section>

      <Section title="Value maps" aside={<span className="inspector__count">{valueMapNames.length}</span>}>
        <ValueMapsEditor
          config={config}
          openMap={openMap}
          reveal={reveal}
          onToggle={setOpenMap}
          onChange={(next, field) => update(next, field)}
          issue={issue}
        />
        <div className="inspector__actions">
          <Button
            size="sm"
            icon="plus"
            onClick={() => {
              const name = uniqueName('valueMap', valueMapNames);
              update(
                {
                  ...config,
                  valueMaps: { ...config.valueMaps, [name]: { entries: [], onMissing: 'error' } },
                },
                'valueMaps.add',
              );
              setOpenMap(name);
            }}
          >
            Add value map
          </Button>
        </div>
      </Section>
    </>
  );
}

/**
 * The mapped sample of a map node. Rendered outside the inspector's disabled fieldset: browsing
 * sample records changes nothing, so every role may do it.
 */
export function MapSampleSection({ node }: { node: MapNode }) {
  const flow = useEditor((s) => s.flow);
  return (
    <Section title="Mapped sample" description="The trigger's sample records, run through these mappings.">
      <MappedSample flow={flow} config={node.config} />
    </Section>
  );
}
