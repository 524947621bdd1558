// Turns the measurements into the one table the command prints and into RESULTS.md.
import type { EngineOverheadResult } from '../engine-overhead.bench.ts';
import type { LiveStatusResult } from '../live-status.bench.ts';
import type { PersistenceResult, StoreWriteRates } from '../persistence.bench.ts';
import type { ScalingResult } from '../scaling.bench.ts';
import type { SyncThroughputResult } from '../sync-throughput/sync-throughput.bench.ts';
import type { MachineInfo } from './machine.ts';

export interface BenchmarkResults {
  startedAt: string;
  seconds: number;
  machine: MachineInfo;
  sync: SyncThroughputResult;
  syncSmaller?: SyncThroughputResult;
  scaling: ScalingResult;
  engine: EngineOverheadResult;
  live: LiveStatusResult;
  persistence: PersistenceResult;
}

export interface Row {
  benchmark: string;
  measure: string;
  result: string;
  target: string;
  /** Undefined for rows without a target. */
  met?: boolean;
}

export const TARGETS = {
  syncRatio: 0.8,
  scalingGrowth: 1.2,
  engineRecordsPerCpuSecond: 50_000,
  liveP99Ms: 250,
} as const;

const int = (n: number) => Math.round(n).toLocaleString('en');
const mib = (bytes: number) => `${int(bytes / 1024 / 1024)} MiB`;
const fixed = (n: number, digits: number) => n.toFixed(digits);
const size = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n));

function storeRows(label: string, rates: StoreWriteRates): Row[] {
  return [
    {
      benchmark: label,
      measure: 'ledger inserts (batches of 200)',
      result: `${int(rates.ledgerInsertsPerSecond)}/s`,
      target: '',
    },
    {
      benchmark: label,
      measure: 'ledger updates (batches of 200)',
      result: `${int(rates.ledgerUpdatesPerSecond)}/s`,
      target: '',
    },
    {
      benchmark: label,
      measure: 'error inserts (batches of 200)',
      result: `${int(rates.errorsPerSecond)}/s`,
      target: '',
    },
  ];
}

/** Every row of the results table, targets marked met or not met. */
export function resultRows(results: BenchmarkResults): Row[] {
  const { sync, scaling, engine, live, persistence } = results;
  const rows: Row[] = [];
  const syncLabel = `1 sync ${size(sync.contacts)} contacts`;
  rows.push(
    {
      benchmark: syncLabel,
      measure: 'flowsync: records/s (peak RSS)',
      result: `${int(sync.flowsync.recordsPerSecond)}/s (${mib(sync.flowsync.peakRssBytes)})`,
      target: '',
    },
    {
      benchmark: syncLabel,
      measure: 'baseline: records/s (peak RSS)',
      result: `${int(sync.baseline.recordsPerSecond)}/s (${mib(sync.baseline.peakRssBytes)})`,
      target: '',
    },
    {
      benchmark: syncLabel,
      measure: 'client CPU per 1,000 contacts: flowsync / baseline',
      result: `${fixed((sync.flowsync.cpuSeconds * 1000) / sync.contacts, 2)} s / ${fixed((sync.baseline.cpuSeconds * 1000) / sync.contacts, 2)} s`,
      target: '',
    },
    {
      benchmark: syncLabel,
      measure: 'flowsync throughput / baseline',
      result: `${fixed(sync.ratio, 2)}×`,
      target: `≥ ${TARGETS.syncRatio}×`,
      met: sync.ratio >= TARGETS.syncRatio,
    },
  );
  if (results.syncSmaller) {
    const smaller = results.syncSmaller;
    rows.push(
      {
        benchmark: `1 sync ${size(smaller.contacts)} contacts`,
        measure: 'flowsync / baseline records/s',
        result: `${int(smaller.flowsync.recordsPerSecond)}/s / ${int(smaller.baseline.recordsPerSecond)}/s = ${fixed(smaller.ratio, 2)}×`,
        target: '',
      },
      {
        benchmark: `1 sync ${size(smaller.contacts)} contacts`,
        measure: 'client CPU per 1,000 contacts: flowsync / baseline',
        result: `${fixed((smaller.flowsync.cpuSeconds * 1000) / smaller.contacts, 2)} s / ${fixed((smaller.baseline.cpuSeconds * 1000) / smaller.contacts, 2)} s`,
        target: '',
      },
    );
  }
  for (const point of scaling.points) {
    rows.push({
      benchmark: `2 scaling ${size(point.records)}`,
      measure: 'time, records/s, peak RSS (heap kept at the end)',
      result: `${fixed(point.seconds, 1)} s, ${int(point.recordsPerSecond)}/s, ${mib(point.peakRssBytes)} (${mib(point.retainedHeapBytes)})`,
      target: '',
    });
  }
  const largest = scaling.points.at(-1);
  const before = scaling.points.at(-2);
  if (largest && before) {
    rows.push({
      benchmark: '2 scaling',
      measure: `peak RSS ${size(largest.records)} / ${size(before.records)}`,
      result: `${fixed(scaling.growth, 2)}×`,
      target: `≤ ${TARGETS.scalingGrowth}×`,
      met: scaling.growth <= TARGETS.scalingGrowth,
    });
  }
  rows.push(
    {
      benchmark: '3 engine overhead',
      measure: `records per CPU-second, 5 nodes, fakes (${size(engine.memoryStore.records)}, median of ${engine.memoryStore.runs.length})`,
      result: `${int(engine.memoryStore.recordsPerCpuSecond)}/s`,
      target: `≥ ${int(TARGETS.engineRecordsPerCpuSecond)}/s`,
      met: engine.memoryStore.recordsPerCpuSecond >= TARGETS.engineRecordsPerCpuSecond,
    },
    {
      benchmark: '3 engine overhead',
      measure: 'same on the embedded SQLite store',
      result: `${int(engine.sqliteStore.recordsPerCpuSecond)}/s`,
      target: '',
    },
  );
  for (const cost of engine.expressions) {
    const compiled = cost.compiledToFunctions ? `; ${cost.compiledToFunctions} compiled to functions` : '';
    rows.push({
      benchmark: '3 engine overhead',
      measure: `${cost.what}: expression / plain TS per record`,
      result: `${fixed(cost.expressionMicros, 2)} µs / ${fixed(cost.plainMicros, 3)} µs${compiled}`,
      target: '',
    });
  }
  const liveLabel = `4 live status ${live.subscribers} subscribers`;
  rows.push(
    {
      benchmark: liveLabel,
      measure: `server RSS: idle / peak during the ${size(live.records)}-record run`,
      result: `${mib(live.readyRssBytes)} / ${mib(live.runPeakRssBytes)}`,
      target: '',
    },
    {
      benchmark: liveLabel,
      measure: `event latency p50 / max (${int(live.eventsPerSubscriber)} events each)`,
      result: `${int(live.latencyMs.p50)} ms / ${int(live.latencyMs.max)} ms`,
      target: '',
    },
    {
      benchmark: liveLabel,
      measure: 'event latency p99',
      result: `${int(live.latencyMs.p99)} ms`,
      target: `< ${TARGETS.liveP99Ms} ms`,
      met: live.latencyMs.p99 < TARGETS.liveP99Ms,
    },
  );
  rows.push(...storeRows('5 persistence SQLite', persistence.sqlite));
  if (persistence.mongodb) rows.push(...storeRows('5 persistence MongoDB', persistence.mongodb));
  else
    rows.push({ benchmark: '5 persistence MongoDB', measure: '', result: 'skipped: no MongoDB', target: '' });
  return rows;
}

function callsLine(sync: SyncThroughputResult): string {
  const side = (calls: SyncThroughputResult['flowsync']['outcome']['calls']) =>
    Object.entries({ ...calls.netsuite, ...calls.salesforce }).map(([route, n]) => [route, n] as const);
  const flowsync = new Map(side(sync.flowsync.outcome.calls));
  const baseline = new Map(side(sync.baseline.outcome.calls));
  const routes = [...new Set([...flowsync.keys(), ...baseline.keys()])];
  return routes
    .map((route) => `\`${route}\` ${int(flowsync.get(route) ?? 0)} / ${int(baseline.get(route) ?? 0)}`)
    .join(', ');
}

function scalingLimits(scaling: ScalingResult): string {
  const limits = scaling.workerLimits as ScalingResult['workerLimits'] | undefined;
  if (limits === undefined) return 'not recorded';
  return `old generation ${limits.maxOldGenerationSizeMb ?? '?'} MB, young generation ${limits.maxYoungGenerationSizeMb ?? 'unbounded'} MB`;
}

const metText = (row: Row) => (row.met === undefined ? '' : row.met ? 'met' : 'NOT MET');

/** The table for the terminal: aligned columns. */
export function textTable(rows: readonly Row[]): string {
  const header = ['Benchmark', 'Measure', 'Result', 'Target', ''];
  const cells = [header, ...rows.map((r) => [r.benchmark, r.measure, r.result, r.target, metText(r)])];
  const widths = header.map((_, i) => Math.max(...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) =>
    c
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    widths
      .map((w) => '-'.repeat(w))
      .join('  ')
      .trimEnd(),
    ...cells.slice(1).map(line),
  ].join('\n');
}

function markdownTable(rows: readonly Row[]): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| Benchmark | Measure | Result | Target | Met |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${escape(r.benchmark)} | ${escape(r.measure)} | ${escape(r.result)} | ${escape(r.target)} | ${r.met === undefined ? '' : r.met ? 'met' : '**not met**'} |`,
    ),
  ].join('\n');
}

/** RESULTS.md: when, where, the table, details, and the notes (kept by hand in NOTES.md). */
export function resultsMarkdown(results: BenchmarkResults, notes: string): string {
  const { machine, sync, scaling, live, engine } = results;
  const detail = (label: string, side: SyncThroughputResult['flowsync']) =>
    `| ${label} | ${fixed(side.seconds, 1)} s | ${int(side.recordsPerSecond)}/s | ${fixed(side.cpuSeconds, 1)} s | ${mib(side.peakRssBytes)} | ${int(side.reads)} | ${int(side.written)} | ${int(side.skipped)} | ${int(side.rejected)} | ${int(side.failed)} | ${int(side.outcome.salesforceContacts)} / ${int(side.outcome.writtenBack)} |`;
  return `# Benchmark results

Generated by \`npm run bench\` (\`pnpm bench\`), which runs \`test/bench/run-benchmarks.ts\`. Do not edit
by hand: the notes at the end come from \`test/bench/NOTES.md\`.

- Date: ${results.startedAt}
- Machine: ${machine.cpuModel}, ${machine.cores} cores, ${mib(machine.memoryBytes)} memory, ${machine.os}
- Node: ${machine.node}
- Whole run: ${fixed(results.seconds / 60, 1)} minutes

${markdownTable(resultRows(results))}

## Details

**1. Sync throughput.** \`flows/netsuite-contacts-to-salesforce.flow.json\` after the accounts flow synced
${int(sync.companies)} companies, over a fresh sandbox with ${int(sync.contacts)} NetSuite contacts, against the
hand-written client (\`sync-throughput/baseline-client.ts\`) over another fresh sandbox. The sandbox runs in a
process of its own; records/s is contacts in the sandbox divided by the wall time of the contacts sync.
Both sides must leave Salesforce and NetSuite in the same state (last column: Salesforce contacts with a
NetSuite id / NetSuite contacts holding a Salesforce id).

| Side | Time | Records/s | Client CPU | Peak RSS | Read | Written | Skipped | Rejected | Failed | Outcome |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${detail(`flowsync ${size(sync.contacts)}`, sync.flowsync)}
${detail(`baseline ${size(sync.contacts)}`, sync.baseline)}
${results.syncSmaller ? `${detail(`flowsync ${size(results.syncSmaller.contacts)}`, results.syncSmaller.flowsync)}\n${detail(`baseline ${size(results.syncSmaller.contacts)}`, results.syncSmaller.baseline)}\n` : ''}
API calls served at ${size(sync.contacts)} (accounts set-up included), flowsync / baseline: ${callsLine(sync)}.

**2. Scaling.** The five-node flow of benchmark 3 over generated contacts (in-process fakes that keep
nothing per record) on a fresh embedded SQLite store, each size in a process of its own. The engine runs in a
worker thread started with the server's run-worker limits (${scalingLimits(scaling)}), opens its own
store and posts every engine event to the process's main thread, as a run in the server does. Peak RSS is
the whole process's; before each run (worker loaded, store open) it was ${scaling.points.map((p) => (p.startRssBytes === undefined ? '?' : mib(p.startRssBytes))).join(' / ')}.

**3. Engine overhead.** Records per CPU-second is records divided by the CPU time (user + system) of the
process over the run, so it is what one core sustains; each store ran the flow ${engine.memoryStore.runs.length} times (fresh store each
time) and the median run counts. Map-backed store: ${int(engine.memoryStore.records)} records in
${fixed(engine.memoryStore.seconds, 1)} s wall, ${fixed(engine.memoryStore.cpuSeconds, 1)} s CPU (runs: ${engine.memoryStore.runs.map(int).join(', ')} records/CPU-s). SQLite store:
${fixed(engine.sqliteStore.seconds, 1)} s wall, ${fixed(engine.sqliteStore.cpuSeconds, 1)} s CPU (runs: ${engine.sqliteStore.runs.map(int).join(', ')}).

**4. Live status.** ${live.subscribers} \`ws\` clients subscribed to \`flows\` in their own process; the server
(API, websocket and the run's worker thread) in another; the sandbox in a third. Latency is client receive
time minus the event's \`at\`. Run: ${int(live.records)} records in ${fixed(live.runSeconds, 1)} s; events per subscriber by
type: ${Object.entries(live.eventTypes)
    .map(([type, n]) => `${type} ${int(n)}`)
    .join(
      ', ',
    )}; ${int(live.latencyMs.samples)} samples. From the engine to the event hub in the server's main thread
(before any socket write): p50 ${int(live.hubLatencyMs.p50)} ms, p99 ${int(live.hubLatencyMs.p99)} ms. Per event type, p50 / p99 at the
subscribers: ${Object.entries(live.latencyByType)
    .map(([type, l]) => `${type} ${int(l.p50)} / ${int(l.p99)} ms`)
    .join(', ')}.

## Notes

${notes.trim()}
`;
}
