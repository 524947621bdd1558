import { ConnectorError } from '@flowsync/connector-sdk';
import { setAtPath, valueMapKey } from '@flowsync/flow-core';
import type { CompiledFieldMapping } from '../compile-flow.ts';
import type { Envelope } from '../envelope.ts';
import type { Executor } from './executor.ts';

/** JSONata sequences are arrays with extra markers; plain JSON data is what gets written. */
function plain(value: unknown): unknown {
  if (typeof value === 'function') return undefined;
  if (Array.isArray(value)) return value.map(plain);
  return value;
}

async function valueOf(field: CompiledFieldMapping, envelope: Envelope): Promise<unknown> {
  switch (field.kind) {
    case 'static':
      return field.value;
    case 'expression':
      return plain(await field.compiled?.evaluate(envelope.data, envelope.lookups));
    case 'valueMap': {
      const raw = plain(await field.compiled?.evaluate(envelope.data, envelope.lookups));
      const map = field.valueMap;
      if (!map || raw === undefined) return undefined;
      const key = valueMapKey(raw);
      if (map.lookup.has(key)) return map.lookup.get(key);
      switch (map.spec.onMissing) {
        case 'default':
          return map.spec.default;
        case 'passThrough':
          return raw;
        case 'error':
          throw new ConnectorError(
            'VALUE_MAP_MISSING',
            `${field.target}: value map "${map.name}" has no entry for ${JSON.stringify(raw)}`,
          );
      }
    }
  }
}

/** Builds the target record: one expression, static value or value map per target field. */
export const executeMap: Executor<'map'> = async (node, batch, run, page, emit) => {
  for (const envelope of batch) {
    const mapped: Record<string, unknown> = {};
    let current: CompiledFieldMapping | undefined;
    try {
      for (const field of node.fields) {
        current = field;
        const value = await valueOf(field, envelope);
        if (value !== undefined) setAtPath(mapped, field.path, value);
      }
    } catch (error) {
      if (error instanceof Error && current && !error.message.startsWith(current.target)) {
        error.message = `${current.target}: ${error.message}`;
      }
      run.fail(page, node.node.id, envelope, error);
      continue;
    }
    envelope.mapped = mapped;
    emit('out', envelope);
  }
};
