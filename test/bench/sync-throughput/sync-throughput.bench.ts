// Benchmark 1, sync throughput: the saved contacts flow against the hand-written baseline, each over a
// fresh sandbox in its own process, each client in its own process (peak RSS is the client's alone).
import { runInChild } from '../support/child-process.ts';
import { adminCalls, adminRecords, withSandbox, type SandboxInfo } from '../support/sandbox-service.ts';
import type { SyncInput, SyncMeasurement } from './sync-measurement.ts';

export interface SyncSide extends SyncMeasurement {
  recordsPerSecond: number;
  peakRssBytes: number;
  /** What Salesforce and NetSuite hold afterwards: both sides must leave the same state. */
  outcome: SyncOutcome;
}

export interface SyncOutcome {
  /** Salesforce contacts that carry a NetSuite id. */
  salesforceContacts: number;
  /** NetSuite contacts that hold a Salesforce contact id. */
  writtenBack: number;
  /** API calls each system served (the accounts set-up included, the same on both sides), by route. */
  calls: { netsuite: Record<string, number>; salesforce: Record<string, number> };
}

export interface SyncThroughputResult {
  companies: number;
  contacts: number;
  flowsync: SyncSide;
  baseline: SyncSide;
  /** flowsync's records/s divided by the baseline's. */
  ratio: number;
}

async function outcomeOf(sandbox: SandboxInfo): Promise<SyncOutcome> {
  const sf = await adminRecords(sandbox, 'salesforce', 'Contact');
  const ns = await adminRecords(sandbox, 'netsuite', 'contact');
  return {
    salesforceContacts: sf.filter((c) => c['Ext_Id__c']).length,
    writtenBack: ns.filter((c) => c['custentity_sf_contact_id']).length,
    calls: {
      netsuite: await adminCalls(sandbox, 'netsuite'),
      salesforce: await adminCalls(sandbox, 'salesforce'),
    },
  };
}

async function measureSide(
  side: 'flowsync' | 'baseline',
  seed: { companies: number; contacts: number },
  onProgress: (message: string) => void,
): Promise<SyncSide> {
  return withSandbox(seed, async (sandbox) => {
    const file = side === 'flowsync' ? './flowsync-sync.ts' : './baseline-sync.ts';
    const fn = side === 'flowsync' ? 'syncWithFlowsync' : 'syncWithBaseline';
    const { value, peakRssBytes } = await runInChild<SyncInput, SyncMeasurement>(
      new URL(file, import.meta.url),
      fn,
      { sandbox },
      { label: `sync ${side}`, onProgress },
    );
    return {
      ...value,
      recordsPerSecond: value.contacts / value.seconds,
      peakRssBytes,
      outcome: await outcomeOf(sandbox),
    };
  });
}

/**
 * Runs flowsync's contacts flow and the baseline over identical fresh sandboxes and compares them.
 *
 * @example
 * ```ts
 * const result = await measureSyncThroughput({ companies: 2000, contacts: 100_000 });
 * console.log(result.ratio);
 * ```
 */
export async function measureSyncThroughput(options: {
  companies: number;
  contacts: number;
  onProgress?: (message: string) => void;
}): Promise<SyncThroughputResult> {
  const seed = { companies: options.companies, contacts: options.contacts };
  const onProgress = options.onProgress ?? (() => {});
  const flowsync = await measureSide('flowsync', seed, onProgress);
  const baseline = await measureSide('baseline', seed, onProgress);
  if (
    flowsync.outcome.salesforceContacts !== baseline.outcome.salesforceContacts ||
    flowsync.outcome.writtenBack !== baseline.outcome.writtenBack
  ) {
    throw new Error(
      `flowsync and the baseline left different states: ${JSON.stringify({ flowsync: flowsync.outcome, baseline: baseline.outcome })}`,
    );
  }
  return {
    ...seed,
    flowsync,
    baseline,
    ratio: flowsync.recordsPerSecond / baseline.recordsPerSecond,
  };
}
