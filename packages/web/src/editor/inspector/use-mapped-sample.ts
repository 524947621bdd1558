// Evaluates a map node's mappings against one sample record in the preview worker, debounced, and
// turns the answers into per-field outcomes and the assembled target record.
import { useEffect, useMemo, useState } from 'react';
import type { Flow, MapConfig } from '@flowsync/contracts';
import { evaluateValues } from '../preview/preview-client.ts';
import { lookupAliases } from './flow-paths.ts';
import {
  assembleMappedRecord,
  mappingOutcome,
  mappingTask,
  type EvaluatedValue,
  type MappingOutcome,
} from './mapped-record.ts';

const DEBOUNCE_MS = 250;

export interface MappedSampleRow {
  target: string;
  outcome: MappingOutcome;
}

async function evaluateAll(
  expressions: readonly string[],
  record: unknown,
): Promise<Map<string, EvaluatedValue>> {
  const results = new Map<string, EvaluatedValue>();
  // One at a time: each task has its own watchdog, which should not count time spent queued.
  for (const expression of expressions) {
    try {
      const [outcome] = await evaluateValues(expression, [record]);
      results.set(expression, outcome ?? { ok: false, error: 'The preview returned nothing' });
    } catch (error) {
      results.set(expression, { ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return results;
}

/**
 * The mapped form of `record`: one row per mapping, and the target record they assemble.
 *
 * @example
 * const { rows, record: target } = useMappedSample(flow, node.config, sampleRecord);
 */
export function useMappedSample(
  flow: Flow,
  config: MapConfig,
  record: Record<string, unknown> | undefined,
): { rows: MappedSampleRow[]; record: Record<string, unknown>; evaluating: boolean } {
  const aliases = useMemo(() => lookupAliases(flow), [flow]);
  const fields = useMemo(() => config.fields ?? [], [config.fields]);
  const tasks = useMemo(() => fields.map((mapping) => mappingTask(mapping, aliases)), [fields, aliases]);
  const expressionsKey = JSON.stringify([
    ...new Set(tasks.flatMap((task) => (task.kind === 'evaluate' ? [task.expression] : []))),
  ]);
  const [evaluated, setEvaluated] = useState<{
    record: unknown;
    key: string;
    results: Map<string, EvaluatedValue>;
  }>({ record: undefined, key: '', results: new Map() });

  useEffect(() => {
    if (record === undefined) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      void evaluateAll(JSON.parse(expressionsKey) as string[], record).then((results) => {
        if (!cancelled) setEvaluated({ record, key: expressionsKey, results });
      });
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [record, expressionsKey]);

  return useMemo(() => {
    const current = evaluated.record === record ? evaluated.results : undefined;
    const rows = fields.map((mapping, index) => {
      const task = tasks[index] ?? mappingTask(mapping, aliases);
      const answer = task.kind === 'evaluate' ? current?.get(task.expression) : undefined;
      return {
        target: mapping.target ?? '',
        outcome: mappingOutcome(mapping, task, answer, config.valueMaps),
      };
    });
    return {
      rows,
      record: assembleMappedRecord(rows),
      evaluating: evaluated.record !== record || evaluated.key !== expressionsKey,
    };
  }, [evaluated, record, fields, tasks, aliases, config.valueMaps, expressionsKey]);
}
