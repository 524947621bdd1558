// Benchmark 2, scaling: the five-node flow over 10k, 100k and 1M generated records, each size in a
// process of its own on a fresh embedded store; time and peak RSS per size. Memory must stay flat.
// The engine runs in a worker thread with the heap limits the server gives its run workers (production
// runs every flow that way); the process's main thread only relays events, as the server's does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { assertNever, runInChild, type ChildContext } from './support/child-process.ts';
import type { ScalingWorkerData, ScalingWorkerMessage } from './support/scaling-run.worker.ts';

export interface ScalingPoint {
  records: number;
  seconds: number;
  recordsPerSecond: number;
  /** Of the whole process: main thread and the run's worker thread. */
  peakRssBytes: number;
  /** Process RSS once the worker had loaded and opened the store, before the run. */
  startRssBytes: number;
  /** The worker's heap still in use after a full collection at the end of the run (what the run kept). */
  retainedHeapBytes: number;
}

export interface ScalingResult {
  points: ScalingPoint[];
  /** Peak RSS of the largest size over that of the one before it (target ≤ 1.2). */
  growth: number;
  /** The run worker's limits, from the server's configuration. */
  workerLimits: ResourceLimits;
}

interface ScalingInput {
  records: number;
  workerLimits: ResourceLimits;
}

interface ScalingOutput {
  seconds: number;
  startRssBytes: number;
  retainedHeapBytes: number;
}

const WORKER = new URL('./support/scaling-run.worker.ts', import.meta.url);

/** Child function: one size in a run worker thread, on a fresh SQLite store (ledger written for every record). */
export async function runScalingSize(input: ScalingInput, context: ChildContext): Promise<ScalingOutput> {
  const dir = mkdtempSync(join(tmpdir(), 'flowsync-bench-scaling-'));
  try {
    const workerData: ScalingWorkerData = { records: input.records, storePath: join(dir, 'flowsync.db') };
    const worker = new Worker(WORKER, { workerData, resourceLimits: input.workerLimits });
    let last = 0;
    let startRssBytes = 0;
    const outcome = await new Promise<Omit<ScalingOutput, 'startRssBytes'>>((resolve, reject) => {
      worker.on('message', (message: ScalingWorkerMessage) => {
        switch (message.type) {
          case 'ready':
            startRssBytes = message.rssBytes;
            return;
          case 'event': {
            const { event } = message;
            if (event.type !== 'run.counters' || performance.now() - last < 5000) return;
            last = performance.now();
            context.progress(
              `scaling ${input.records.toLocaleString('en')}: ${event.totals.read.toLocaleString('en')} read`,
            );
            return;
          }
          case 'done':
            resolve({ seconds: message.seconds, retainedHeapBytes: message.retainedHeapBytes });
            return;
          default:
            assertNever(message);
        }
      });
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`the scaling worker exited (${code}) without a result`)));
    });
    await worker.terminate();
    return { ...outcome, startRssBytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * @example
 * ```ts
 * const { points, growth } = await measureScaling({ sizes: [10_000, 100_000, 1_000_000] });
 * ```
 */
export async function measureScaling(options: {
  sizes: readonly number[];
  onProgress?: (message: string) => void;
}): Promise<ScalingResult> {
  // Imported here, in the parent: the measured child must not load the server's modules.
  const { loadConfig, runWorkerResourceLimits } = await import('@flowsync/server');
  const config = loadConfig(process.env, { cwd: process.cwd() });
  const workerLimits = runWorkerResourceLimits({
    maxOldGenerationMb: config.workerMaxOldGenerationMb,
    maxYoungGenerationMb: config.workerMaxYoungGenerationMb,
  });
  const points: ScalingPoint[] = [];
  for (const records of options.sizes) {
    options.onProgress?.(`scaling: ${records.toLocaleString('en')} records`);
    const { value, peakRssBytes } = await runInChild<ScalingInput, ScalingOutput>(
      new URL('./scaling.bench.ts', import.meta.url),
      'runScalingSize',
      { records, workerLimits },
      { label: `scaling ${records}`, ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
    );
    points.push({ records, ...value, recordsPerSecond: records / value.seconds, peakRssBytes });
  }
  const last = points.at(-1);
  const before = points.at(-2);
  return { points, growth: last && before ? last.peakRssBytes / before.peakRssBytes : 1, workerLimits };
}
