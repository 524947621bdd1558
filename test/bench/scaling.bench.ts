// Benchmark 2, scaling: the five-node flow over 10k, 100k and 1M generated records, each size in a
// process of its own on a fresh embedded store; time and peak RSS per size. Memory must stay flat.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { openSqliteStore } from '@flowsync/store';
import { runInChild, type ChildContext } from './support/child-process.ts';
import { runGeneratedFlow } from './support/generated-flow.ts';

export interface ScalingPoint {
  records: number;
  seconds: number;
  recordsPerSecond: number;
  peakRssBytes: number;
  /** Heap still in use after a full collection at the end of the run (what the run kept). */
  retainedHeapBytes: number;
}

export interface ScalingResult {
  points: ScalingPoint[];
  /** Peak RSS of the largest size over that of the one before it (target ≤ 1.2). */
  growth: number;
}

/** Child function: one size, on a fresh SQLite store (ledger written for every record). */
export async function runScalingSize(
  input: { records: number },
  context: ChildContext,
): Promise<{ seconds: number; retainedHeapBytes: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'flowsync-bench-scaling-'));
  const store = await openSqliteStore({ path: join(dir, 'flowsync.db'), secretKey: randomBytes(32) });
  try {
    let last = 0;
    const started = performance.now();
    await runGeneratedFlow(input.records, store, {
      onRead: (read) => {
        if (performance.now() - last < 5000) return;
        last = performance.now();
        context.progress(`scaling ${input.records.toLocaleString('en')}: ${read.toLocaleString('en')} read`);
      },
    });
    const seconds = (performance.now() - started) / 1000;
    // Only after the run, so that forcing a collection cannot lower the peak being measured.
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
    return { seconds, retainedHeapBytes: process.memoryUsage().heapUsed };
  } finally {
    await store.close();
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
  const points: ScalingPoint[] = [];
  for (const records of options.sizes) {
    options.onProgress?.(`scaling: ${records.toLocaleString('en')} records`);
    const { value, peakRssBytes } = await runInChild<
      { records: number },
      { seconds: number; retainedHeapBytes: number }
    >(
      new URL('./scaling.bench.ts', import.meta.url),
      'runScalingSize',
      { records },
      { label: `scaling ${records}`, ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
    );
    points.push({ records, ...value, recordsPerSecond: records / value.seconds, peakRssBytes });
  }
  const last = points.at(-1);
  const before = points.at(-2);
  return { points, growth: last && before ? last.peakRssBytes / before.peakRssBytes : 1 };
}
