// The map node's preview without the worker: decides what each mapping needs (a static value, an
// expression evaluated against the sample record, or nothing because it reads a lookup result that
// exists only at run time), applies value maps the way the engine does, and assembles the target
// record from dotted paths (`Address.City` → { Address: { City } }).
import type { FieldMapping, ValueMap } from '@flowsync/contracts';
import { setAtPath, valueMapKey } from '@flowsync/flow-core';
import { variablesIn } from './expression-text.ts';

/** What the preview must do for one mapping. */
export type MappingTask =
  | { kind: 'static'; value: unknown }
  | { kind: 'evaluate'; expression: string }
  /** Reads `$alias` results of lookups: known only when the flow runs. */
  | { kind: 'runtime'; aliases: string[] }
  | { kind: 'invalid'; message: string };

/** What one mapping produced for the current sample record. */
export type MappingOutcome =
  | { kind: 'value'; value: unknown; note?: string }
  | { kind: 'error'; message: string }
  | { kind: 'runtime'; aliases: string[] }
  | { kind: 'pending' };

/** What the worker answered for an expression (see preview-protocol's ValueOutcome). */
export type EvaluatedValue = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * What the preview must do for `mapping`, given the lookup aliases bound in the flow.
 *
 * @example
 * mappingTask({ target: 'AccountId', kind: 'expression', expression: '$account.targetId' }, new Set(['account']));
 * // { kind: 'runtime', aliases: ['account'] }
 */
export function mappingTask(mapping: FieldMapping, lookupAliases: ReadonlySet<string>): MappingTask {
  if (mapping.kind === 'static') return { kind: 'static', value: mapping.value };
  const expression = typeof mapping.expression === 'string' ? mapping.expression : '';
  if (expression.trim() === '') return { kind: 'invalid', message: 'No source expression' };
  const aliases = [...variablesIn(expression)].filter((name) => lookupAliases.has(name));
  if (aliases.length > 0) return { kind: 'runtime', aliases };
  return { kind: 'evaluate', expression };
}

function shown(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/**
 * Translates `raw` through value map `name` as the engine does, with a note when the entry was
 * missing and the map's `onMissing` decided.
 *
 * @example
 * applyValueMap({ entries: [{ from: 'UPS', to: 'ups' }], onMissing: 'error' }, 'shipVia', 'DHL');
 * // { kind: 'error', message: 'no entry for "DHL" in value map shipVia' }
 */
export function applyValueMap(map: ValueMap | undefined, name: string, raw: unknown): MappingOutcome {
  if (map === undefined) return { kind: 'error', message: `no value map named ${name}` };
  if (raw === undefined) return { kind: 'value', value: undefined };
  const key = valueMapKey(raw);
  const entry = (map.entries ?? []).find((candidate) => valueMapKey(candidate.from) === key);
  if (entry) return { kind: 'value', value: entry.to };
  const missing = `no entry for ${shown(raw)}`;
  switch (map.onMissing ?? 'error') {
    case 'default':
      return { kind: 'value', value: map.default, note: `${missing}; the default applies` };
    case 'passThrough':
      return { kind: 'value', value: raw, note: `${missing}; passed through` };
    case 'error':
      return { kind: 'error', message: `${missing} in value map ${name}` };
  }
}

/**
 * The outcome of one mapping from its task and, for evaluated ones, the worker's answer
 * (undefined while it is still being evaluated).
 */
export function mappingOutcome(
  mapping: FieldMapping,
  task: MappingTask,
  evaluated: EvaluatedValue | undefined,
  valueMaps: Readonly<Record<string, ValueMap>> | undefined,
): MappingOutcome {
  switch (task.kind) {
    case 'static':
      return { kind: 'value', value: task.value };
    case 'runtime':
      return { kind: 'runtime', aliases: task.aliases };
    case 'invalid':
      return { kind: 'error', message: task.message };
    case 'evaluate':
      if (evaluated === undefined) return { kind: 'pending' };
      if (!evaluated.ok) return { kind: 'error', message: evaluated.error };
      if (mapping.kind === 'valueMap') {
        const map = valueMaps && Object.hasOwn(valueMaps, mapping.map) ? valueMaps[mapping.map] : undefined;
        return applyValueMap(map, mapping.map, evaluated.value);
      }
      return { kind: 'value', value: evaluated.value };
  }
}

/**
 * The target record the mappings produce: values set at their (dotted) paths in mapping order,
 * undefined values left out, as the engine writes it. Errors and run-time values are not in it.
 *
 * @example
 * assembleMappedRecord([
 *   { target: 'Address.City', outcome: { kind: 'value', value: 'Utrecht' } },
 *   { target: 'Name', outcome: { kind: 'value', value: 'Acme' } },
 * ]); // { Address: { City: 'Utrecht' }, Name: 'Acme' }
 */
export function assembleMappedRecord(
  rows: readonly { target: string; outcome: MappingOutcome }[],
): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const { target, outcome } of rows) {
    if (outcome.kind !== 'value' || outcome.value === undefined || target === '') continue;
    setAtPath(record, target.split('.'), outcome.value);
  }
  return record;
}

/**
 * A value as the preview prints it: JSON, shortened to `max` characters.
 *
 * @example
 * formatPreviewValue('Jane'); // '"Jane"'
 */
export function formatPreviewValue(value: unknown, max = 120): string {
  if (value === undefined) return '(not set)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
