// flowsync's side of the sync benchmark: the saved contacts flow run by the engine, with the real
// connectors, over the sandbox, on the embedded store.
import type { ChildContext } from '../support/child-process.ts';
import { prepareSync } from './sync-setup.ts';
import { cpuSecondsSince, progressEvery, type SyncInput, type SyncMeasurement } from './sync-measurement.ts';

/** Child function: syncs every NetSuite contact with flows/netsuite-contacts-to-salesforce.flow.json. */
export async function syncWithFlowsync(input: SyncInput, context: ChildContext): Promise<SyncMeasurement> {
  const setup = await prepareSync(input.sandbox);
  try {
    const progress = progressEvery(5000, context.progress);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await setup.run(setup.flows.contacts, (event) => {
      if (event.type === 'run.counters') {
        progress(() => `flowsync: ${event.totals.read.toLocaleString('en')} records read`);
      }
    });
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = cpuSecondsSince(cpu);
    if (result.status !== 'succeeded') {
      throw new Error(`the contacts flow ended ${result.status}: ${result.message ?? ''}`);
    }
    return {
      seconds,
      cpuSeconds,
      contacts: input.sandbox.contacts,
      reads: result.totals.read,
      written: result.totals.written,
      skipped: result.totals.skipped,
      rejected: result.totals.rejected,
      failed: result.totals.failed,
    };
  } finally {
    await setup.close();
  }
}
