// Keeps the benchmarks from rotting: every benchmark runs at a tiny size through the same child
// processes as `npm run bench`, and must finish with numbers. No timing is asserted.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runBenchmarks, SMOKE_SIZES } from './run-benchmarks.ts';
import { resultRows, resultsMarkdown, textTable, type BenchmarkResults } from './support/report.ts';

const positive = (value: number, what: string) =>
  assert.ok(Number.isFinite(value) && value > 0, `${what} should be a positive number, got ${value}`);

describe('benchmarks (smoke, tiny sizes)', () => {
  let results: BenchmarkResults;

  it('runs all five benchmarks to completion', { timeout: 120_000 }, async () => {
    results = await runBenchmarks({ sizes: SMOKE_SIZES, log: () => {} });

    const { sync, scaling, engine, live, persistence } = results;
    for (const side of [sync.flowsync, sync.baseline]) {
      assert.equal(side.contacts, SMOKE_SIZES.sync.contacts);
      assert.equal(side.failed, 0);
      assert.ok(side.reads >= side.contacts, 'every contact is read at least once');
      assert.equal(side.written + side.rejected + side.skipped >= side.contacts, true);
      positive(side.recordsPerSecond, 'sync records/s');
      positive(side.peakRssBytes, 'sync peak RSS');
    }
    assert.ok(sync.flowsync.outcome.salesforceContacts > 0, 'contacts reached Salesforce');
    for (const measure of ['salesforceContacts', 'writtenBack'] as const) {
      assert.equal(sync.flowsync.outcome[measure], sync.baseline.outcome[measure], `both sides: ${measure}`);
    }
    assert.ok(
      sync.baseline.outcome.calls.netsuite['POST /services/rest/query/v1/suiteql'],
      'calls are counted',
    );
    positive(sync.ratio, 'sync ratio');

    assert.deepEqual(
      scaling.points.map((p) => p.records),
      [...SMOKE_SIZES.scaling],
    );
    for (const point of scaling.points) {
      positive(point.seconds, 'scaling time');
      positive(point.peakRssBytes, 'scaling peak RSS');
      positive(point.retainedHeapBytes, 'scaling retained heap');
      positive(point.startRssBytes, 'scaling RSS before the run');
    }
    positive(scaling.workerLimits.maxYoungGenerationSizeMb ?? 0, 'the run worker young-generation limit');
    positive(scaling.growth, 'scaling growth');

    positive(engine.memoryStore.recordsPerCpuSecond, 'engine records per CPU-second');
    positive(engine.sqliteStore.recordsPerCpuSecond, 'engine records per CPU-second on SQLite');
    assert.equal(engine.expressions.length, 2);
    for (const cost of engine.expressions) {
      positive(cost.expressionMicros, `${cost.what} through the expression package`);
      positive(cost.plainMicros, `${cost.what} in plain TypeScript`);
    }

    assert.equal(live.runStatus, 'succeeded');
    assert.equal(live.records, SMOKE_SIZES.live.contacts);
    assert.equal(live.subscribers, SMOKE_SIZES.live.subscribers);
    assert.equal(live.latencyMs.samples, live.subscribers * live.eventsPerSubscriber);
    assert.equal(live.eventTypes['run.finished'], 1);
    assert.ok(live.latencyMs.p99 >= live.latencyMs.p50 && live.latencyMs.max >= live.latencyMs.p99);
    positive(live.runPeakRssBytes, 'server RSS');

    for (const rate of [
      persistence.sqlite.ledgerInsertsPerSecond,
      persistence.sqlite.ledgerUpdatesPerSecond,
      persistence.sqlite.errorsPerSecond,
    ]) {
      positive(rate, 'store writes per second');
    }
    assert.equal(persistence.mongodb, undefined, 'MongoDB is measured only when a URL is given');
  });

  it('reports every target as met or not met, in the table and in RESULTS.md form', () => {
    assert.ok(results, 'the benchmarks ran');
    const rows = resultRows(results);
    const targets = rows.filter((row) => row.met !== undefined);
    assert.equal(targets.length, 4, 'sync ratio, scaling, engine overhead, websocket p99');
    assert.match(textTable(rows), /flowsync throughput \/ baseline/);
    const markdown = resultsMarkdown(results, 'Notes kept by hand.');
    assert.match(markdown, /^- Machine: .+, \d+ cores, [\d,]+ MiB memory/m);
    assert.match(markdown, /^- Node: v\d+/m);
    assert.match(markdown, /\| 5 persistence MongoDB \| +\| skipped: no MongoDB \|/);
    assert.ok(markdown.trimEnd().endsWith('Notes kept by hand.'));
  });
});
