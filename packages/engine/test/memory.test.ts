// A million generated records through a five-node flow: counts are exact and the heap stays bounded.
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import assert from 'node:assert/strict';
import type { LedgerEntry } from '@flowsync/contracts';
import {
  ConnectorError,
  InMemoryConnectorRegistry,
  type Connector,
  type ReadPage,
  type ReadRequest,
  type UpsertBatchRequest,
  type UpsertResult,
} from '@flowsync/connector-sdk';
import { compileFlow, runFlow, silentLogger, type EngineStore } from '../src/index.ts';
import { FakeClock } from './fakes/harness.ts';

const TOTAL = Number(process.env.FLOWSYNC_MEMORY_TEST_RECORDS ?? 1_000_000);

/** Generates records on the fly and counts writes; keeps nothing per record. */
class GeneratingSystem implements Connector {
  readonly kind = 'generator';
  readonly maxBatchSize = 1000;
  written = 0;
  async testConnection() {
    return { ok: true as const, detail: '' };
  }
  async listObjects() {
    return [];
  }
  async describeObject(object: string) {
    return { name: object, label: object, idField: 'id', fields: [] };
  }
  async *read(request: ReadRequest): AsyncIterable<ReadPage> {
    for (let start = 0; start < TOTAL; start += request.pageSize) {
      const records = [];
      for (let i = start; i < Math.min(TOTAL, start + request.pageSize); i++) {
        records.push({ id: `R${i}`, name: `Name ${i}`, active: i % 4 !== 0, group: `G${i % 100}` });
      }
      yield { records };
    }
  }
  async lookup(request: { values: readonly string[] }) {
    return new Map(request.values.map((v) => [v, [{ Id: `acc-${v}` }]]));
  }
  async upsertBatch(request: UpsertBatchRequest): Promise<UpsertResult[]> {
    this.written += request.items.length;
    return request.items.map((item) => ({ ref: item.ref, ok: true, id: `T-${item.ref}`, created: true }));
  }
  async update(): Promise<void> {
    throw new ConnectorError('INTERNAL', 'not used');
  }
}

const countingStore: EngineStore = {
  ledger: { getMany: async () => new Map<string, LedgerEntry>(), upsertMany: async () => {} },
  errors: { insertMany: async () => {}, resolve: async () => 0, resolveForRecords: async () => 0 },
  watermarks: { get: async () => null, set: async () => {} },
};

describe('memory', () => {
  it(`streams ${TOTAL.toLocaleString('en')} records with a bounded heap`, async () => {
    const system = new GeneratingSystem();
    const registry = new InMemoryConnectorRegistry();
    registry.set('gen', system);
    const compiled = compileFlow({
      schemaVersion: 1,
      id: 'memory',
      name: 'Memory',
      nodes: [
        { id: 't', type: 'trigger', position: { x: 0, y: 0 }, config: { connection: 'gen', object: 'item' } },
        { id: 'q', type: 'qualify', position: { x: 0, y: 0 }, config: { expression: 'active' } },
        {
          id: 'l',
          type: 'lookup',
          position: { x: 0, y: 0 },
          config: {
            as: 'account',
            source: {
              kind: 'connector',
              connection: 'gen',
              object: 'acc',
              strategies: [{ field: 'g', value: 'group' }],
            },
          },
        },
        {
          id: 'm',
          type: 'map',
          position: { x: 0, y: 0 },
          config: {
            fields: [
              { target: 'Name', kind: 'expression', expression: 'name' },
              { target: 'AccountId', kind: 'expression', expression: '$account.Id' },
            ],
          },
        },
        {
          id: 'u',
          type: 'upsert',
          position: { x: 0, y: 0 },
          config: { connection: 'gen', object: 'out', operation: 'create' },
        },
      ],
      edges: [
        { id: 'e1', source: 't', sourceHandle: 'out', target: 'q' },
        { id: 'e2', source: 'q', sourceHandle: 'pass', target: 'l' },
        { id: 'e3', source: 'l', sourceHandle: 'found', target: 'm' },
        { id: 'e4', source: 'm', sourceHandle: 'out', target: 'u' },
      ],
      settings: {
        retry: { attempts: 3, backoff: 'exponential', baseDelayMs: 10, maxDelayMs: 100 },
        batchSize: 1000,
        concurrency: 4,
        errorPolicy: { mode: 'continue' },
        overlap: 'skip',
      },
    });

    // Retained heap after a full collection, sampled through the run: short-lived garbage (JSONata
    // allocates plenty) does not count, anything the run keeps per record does.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const sample = () => {
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    };
    const timer = setInterval(sample, 500);
    let counterEvents = 0;
    const result = await runFlow(
      compiled,
      { runId: 'mem', flowVersion: 1, trigger: { kind: 'manual' }, input: { kind: 'read' } },
      {
        connectors: registry,
        store: countingStore,
        events: { emit: (e) => void (e.type === 'run.counters' && counterEvents++) },
        clock: new FakeClock(),
        logger: silentLogger,
        newId: () => 'x',
      },
    );
    clearInterval(timer);
    sample();

    const expected = TOTAL - Math.ceil(TOTAL / 4);
    assert.equal(result.status, 'succeeded', JSON.stringify(result.nodes));
    assert.equal(result.totals.read, TOTAL);
    assert.equal(result.totals.rejected, Math.ceil(TOTAL / 4));
    assert.equal(result.totals.written, expected);
    assert.equal(system.written, expected);
    const growthMb = (peak - baseline) / 1024 / 1024;
    console.log(`retained heap growth while streaming ${TOTAL} records: ${growthMb.toFixed(1)} MiB`);
    // Pages in flight hold a few thousand records; a run that kept every record (or its ledger
    // entry, or its event) would retain hundreds of MiB.
    assert.ok(growthMb < 48, `retained heap grew by ${growthMb.toFixed(1)} MiB`);
  });
});
