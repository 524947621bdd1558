// What the expression inputs of a node can insert: the fields of the record the trigger reads (from
// its describe, narrowed to the trigger's field list when it has one) and the results of the lookups
// upstream of the node (`$alias.Field`).
import { useMemo } from 'react';
import { useEditor } from '../editor-store.ts';
import { useObjectDescription } from '../connector-metadata.ts';
import type { ComboOption } from './Combobox.tsx';
import { fieldReference } from './expression-text.ts';
import { lookupResultFields, triggerNodeOf, upstreamLookups } from './flow-paths.ts';

export function useExpressionSuggestions(nodeId: string): ComboOption[] {
  const flow = useEditor((s) => s.flow);
  const trigger = triggerNodeOf(flow);
  const description = useObjectDescription(
    trigger?.config.connection || undefined,
    trigger?.config.object || undefined,
  );
  return useMemo(() => {
    const read = trigger?.config.fields;
    const described = description.state === 'ready' ? description.data.fields : [];
    const byName = new Map(described.map((field) => [field.name, field]));
    const names = read && read.length > 0 ? read : described.map((field) => field.name);
    const source: ComboOption[] = names.map((name) => {
      const field = byName.get(name);
      return {
        value: fieldReference(name),
        label: field?.label || name,
        detail: field ? `source · ${field.type}` : 'source',
      };
    });
    const lookups: ComboOption[] = upstreamLookups(flow, nodeId).flatMap((lookup) => {
      const alias = lookup.config.as;
      if (!alias) return [];
      return [
        { value: `$${alias}`, label: `$${alias}`, detail: 'lookup result' },
        ...lookupResultFields(lookup).map((field) => ({
          value: `$${alias}.${fieldReference(field)}`,
          label: `$${alias}.${field}`,
          detail: 'lookup result',
        })),
      ];
    });
    return [...source, ...lookups];
  }, [flow, nodeId, trigger?.config.fields, description]);
}
