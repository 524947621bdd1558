// `pnpm bench` / `npm run bench`: runs the five benchmarks of issue 6 on this machine, each measured
// process on its own, then the canvas benchmark of issue 5 (Chromium), prints progress and one table,
// and writes test/bench/RESULTS.md.
//   node test/bench/run-benchmarks.ts [--smoke] [--no-write] [--report-only]
// --report-only rewrites RESULTS.md from the last run's RESULTS.json (after editing NOTES.md).
// --canvas-only runs only the canvas benchmark (issue 5) and keeps the other results of RESULTS.json.
// FLOWSYNC_BENCH_CPU_PROF=<dir> writes a CPU profile of every measured process under <dir>.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  CANVAS_FULL,
  CANVAS_SMOKE,
  canvasRows,
  measureCanvas,
  withCanvasSection,
  type CanvasResult,
} from './canvas-performance.bench.ts';
import { measureEngineOverhead } from './engine-overhead.bench.ts';
import { measureLiveStatus } from './live-status.bench.ts';
import { measurePersistence } from './persistence.bench.ts';
import { measureScaling } from './scaling.bench.ts';
import { describeMachine } from './support/machine.ts';
import { resultRows, resultsMarkdown, textTable, type BenchmarkResults } from './support/report.ts';
import { measureSyncThroughput } from './sync-throughput/sync-throughput.bench.ts';

export interface BenchmarkSizes {
  sync: { companies: number; contacts: number };
  /** A second, smaller sync, where the emulator costs less per page and the client's own cost shows. */
  syncSmaller?: { companies: number; contacts: number };
  scaling: readonly number[];
  engine: { records: number; expressionRecords: number };
  live: { contacts: number; subscribers: number };
  persistence: { ledgerEntries: number; errors: number };
}

/** The sizes issue 6 asks for. */
export const FULL_SIZES: BenchmarkSizes = {
  sync: { companies: 2000, contacts: 100_000 },
  syncSmaller: { companies: 2000, contacts: 20_000 },
  scaling: [10_000, 100_000, 1_000_000],
  engine: { records: 100_000, expressionRecords: 50_000 },
  live: { contacts: 100_000, subscribers: 100 },
  persistence: { ledgerEntries: 100_000, errors: 20_000 },
};

/** Tiny sizes that still go through every code path (the smoke test). */
export const SMOKE_SIZES: BenchmarkSizes = {
  sync: { companies: 6, contacts: 40 },
  scaling: [300, 600],
  engine: { records: 400, expressionRecords: 200 },
  live: { contacts: 300, subscribers: 3 },
  persistence: { ledgerEntries: 400, errors: 200 },
};

/**
 * Runs every benchmark in turn.
 *
 * @example
 * ```ts
 * const results = await runBenchmarks({ sizes: SMOKE_SIZES, log: () => {} });
 * console.log(textTable(resultRows(results)));
 * ```
 */
export async function runBenchmarks(options: {
  sizes: BenchmarkSizes;
  log: (message: string) => void;
  mongodbUrl?: string;
}): Promise<BenchmarkResults> {
  const { sizes, log } = options;
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const progress = (message: string) => log(`  ${message}`);
  const step = async <T>(title: string, measure: () => Promise<T>): Promise<T> => {
    log(`\u25b8 ${title}`);
    const stepStarted = performance.now();
    const value = await measure();
    log(`\u2714 ${title} (${((performance.now() - stepStarted) / 1000).toFixed(1)} s)`);
    return value;
  };

  const sync = await step(
    `1/5 sync throughput: ${sizes.sync.contacts.toLocaleString('en')} contacts, flowsync then the baseline`,
    () => measureSyncThroughput({ ...sizes.sync, onProgress: progress }),
  );
  const smaller = sizes.syncSmaller;
  const syncSmaller =
    smaller === undefined
      ? undefined
      : await step(`1/5 sync throughput again at ${smaller.contacts.toLocaleString('en')} contacts`, () =>
          measureSyncThroughput({ ...smaller, onProgress: progress }),
        );
  const scaling = await step(
    `2/5 scaling: ${sizes.scaling.map((n) => n.toLocaleString('en')).join(', ')} records`,
    () => measureScaling({ sizes: sizes.scaling, onProgress: progress }),
  );
  const engine = await step('3/5 engine overhead (in-process fakes)', () =>
    measureEngineOverhead({ ...sizes.engine, onProgress: progress }),
  );
  const live = await step(
    `4/5 live status: ${sizes.live.subscribers} subscribers, ${sizes.live.contacts.toLocaleString('en')}-record run`,
    () => measureLiveStatus({ ...sizes.live, onProgress: progress }),
  );
  const persistence = await step('5/5 persistence', async () => {
    const result = await measurePersistence({
      ...sizes.persistence,
      ...(options.mongodbUrl === undefined ? {} : { mongodbUrl: options.mongodbUrl }),
      onProgress: progress,
    });
    if (!result.mongodb) progress('MongoDB: skipped: no MongoDB (set FLOWSYNC_MONGODB_URL)');
    return result;
  });
  return {
    startedAt,
    seconds: (performance.now() - started) / 1000,
    machine: describeMachine(),
    sync,
    ...(syncSmaller === undefined ? {} : { syncSmaller }),
    scaling,
    engine,
    live,
    persistence,
  };
}

const RESULTS_MD = new URL('./RESULTS.md', import.meta.url);
const RESULTS_JSON = new URL('./RESULTS.json', import.meta.url);
const NOTES_MD = new URL('./NOTES.md', import.meta.url);

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      smoke: { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
      'report-only': { type: 'boolean', default: false },
      'canvas-only': { type: 'boolean', default: false },
    },
  });
  // The canvas benchmark (issue 5) drives Chromium; it is kept beside the five of issue 6.
  let results: BenchmarkResults & { canvas?: CanvasResult };
  if (values['report-only'] || values['canvas-only']) {
    results = JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as BenchmarkResults & { canvas?: CanvasResult };
  } else {
    const mongodbUrl = process.env['FLOWSYNC_MONGODB_URL'] || undefined;
    results = await runBenchmarks({
      sizes: values.smoke ? SMOKE_SIZES : FULL_SIZES,
      log: (message) => console.log(message),
      ...(mongodbUrl === undefined ? {} : { mongodbUrl }),
    });
  }
  if (!values['report-only']) {
    const sizes = values.smoke ? CANVAS_SMOKE : CANVAS_FULL;
    console.log(
      `\u25b8 canvas: ${sizes.largeNodes}-node flow in the editor, ${sizes.baselineNodes} nodes as the baseline`,
    );
    const canvasStarted = performance.now();
    results.canvas = await measureCanvas({ ...sizes, onProgress: (message) => console.log(`  ${message}`) });
    console.log(`\u2714 canvas (${((performance.now() - canvasStarted) / 1000).toFixed(1)} s)`);
  }
  const canvasTableRows = results.canvas === undefined ? [] : canvasRows(results.canvas);
  console.log(`\n${textTable([...resultRows(results), ...canvasTableRows])}\n`);
  if (!values.smoke && !values['no-write']) {
    if (!values['report-only']) writeFileSync(RESULTS_JSON, `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(
      RESULTS_MD,
      withCanvasSection(resultsMarkdown(results, readFileSync(NOTES_MD, 'utf8')), results.canvas),
    );
    console.log('results written to test/bench/RESULTS.md (and RESULTS.json)');
  }
}
