// The baseline's side of the sync benchmark: the same set-up as flowsync's, then the hand-written client.
import type { ChildContext } from '../support/child-process.ts';
import { BaselineClient } from './baseline-client.ts';
import { ACCOUNT_TARGET, ACCOUNTS_FLOW, prepareSync } from './sync-setup.ts';
import { cpuSecondsSince, progressEvery, type SyncInput, type SyncMeasurement } from './sync-measurement.ts';

/** Child function: syncs every NetSuite contact with the hand-written client. */
export async function syncWithBaseline(input: SyncInput, context: ChildContext): Promise<SyncMeasurement> {
  const setup = await prepareSync(input.sandbox);
  let client: BaselineClient;
  try {
    // The account ledger the accounts flow wrote, held in memory (seeded customers have ids 1000…).
    const customerIds = Array.from({ length: input.sandbox.customers }, (_, i) => String(1000 + i));
    const entries = await setup.store.ledger.getMany(ACCOUNTS_FLOW, ACCOUNT_TARGET, customerIds);
    client = new BaselineClient(
      input.sandbox,
      new Map([...entries.values()].map((entry) => [entry.sourceId, entry.targetId])),
    );
  } finally {
    await setup.close();
  }
  const progress = progressEvery(5000, context.progress);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const counts = await client.sync((c) =>
    progress(() => `baseline: ${c.reads.toLocaleString('en')} records read`),
  );
  const seconds = (performance.now() - started) / 1000;
  return { seconds, cpuSeconds: cpuSecondsSince(cpu), contacts: input.sandbox.contacts, ...counts };
}
