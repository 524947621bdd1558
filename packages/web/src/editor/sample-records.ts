// Sample records for previews: the first records the flow's trigger would read (its source filters
// applied), fetched from the source system through the server and kept per trigger configuration.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { Flow, SampleRecords, TriggerConfig } from '@flowsync/contracts';
import { api } from '../api/client.ts';
import { describeError } from '../api/http.ts';
import type { Loadable } from './connector-metadata.ts';

export const SAMPLE_SIZE = 200;

interface SampleState {
  samples: Record<string, Loadable<SampleRecords>>;
  load(trigger: TriggerConfig, force?: boolean): void;
}

/** Samples depend on where and what the trigger reads, not on its schedule. */
export function sampleKey(trigger: TriggerConfig): string {
  return JSON.stringify([trigger.connection, trigger.object, trigger.fields ?? [], trigger.filters ?? []]);
}

export const useSamples = create<SampleState>()((set, get) => ({
  samples: {},
  load(trigger, force) {
    const key = sampleKey(trigger);
    const current = get().samples[key]?.state;
    if (!force && (current === 'loading' || current === 'ready')) return;
    const put = (value: Loadable<SampleRecords>) => set((s) => ({ samples: { ...s.samples, [key]: value } }));
    put({ state: 'loading' });
    api.connections
      .sample(trigger.connection, trigger.object, {
        ...(trigger.fields ? { fields: trigger.fields } : {}),
        ...(trigger.filters ? { filters: trigger.filters } : {}),
        limit: SAMPLE_SIZE,
      })
      .then(
        (sample) => put({ state: 'ready', data: sample }),
        (error: unknown) => put({ state: 'error', error: describeError(error) }),
      );
  },
}));

/** The flow's trigger config when it names a connection and an object. */
export function triggerOf(flow: Flow): TriggerConfig | undefined {
  const node = flow.nodes.find((n) => n.type === 'trigger');
  if (node?.type !== 'trigger') return undefined;
  return node.config.connection && node.config.object ? node.config : undefined;
}

/**
 * Sample records of the flow's trigger, loaded on first use; `reload()` fetches fresh ones.
 *
 * @example
 * const { sample, reload } = useSampleRecords(flow);
 * if (sample.state === 'ready') sample.data.records.length; // up to 200
 */
export function useSampleRecords(flow: Flow): { sample: Loadable<SampleRecords>; reload: () => void } {
  const trigger = triggerOf(flow);
  const key = trigger ? sampleKey(trigger) : undefined;
  const sample = useSamples((s) => (key ? s.samples[key] : undefined));
  const load = useSamples((s) => s.load);
  useEffect(() => {
    if (trigger) load(trigger);
    // The key captures everything of the trigger that changes the sample.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, load]);
  return {
    sample: sample ?? { state: 'idle' },
    reload: () => {
      if (trigger) load(trigger, true);
    },
  };
}
