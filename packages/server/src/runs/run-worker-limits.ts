import type { ResourceLimits } from 'node:worker_threads';

/** V8 heap limits of one run worker thread. */
export interface RunWorkerHeapLimits {
  /** Old generation: what a run may keep. A run that needs more fails, out of memory. */
  maxOldGenerationMb: number;
  /** Young generation: where the short-lived data of each page is allocated. */
  maxYoungGenerationMb: number;
}

/**
 * The `resourceLimits` a run worker thread starts with. The young generation is bounded too: left to
 * itself V8 grows it to 128 MB under a run's allocation rate and promotes more, so a long run's peak
 * memory grew with its length although it keeps nothing (test/bench/NOTES.md, scaling).
 *
 * @example
 * ```ts
 * new Worker(url, { resourceLimits: runWorkerResourceLimits({ maxOldGenerationMb: 512, maxYoungGenerationMb: 16 }) });
 * ```
 */
export function runWorkerResourceLimits(limits: RunWorkerHeapLimits): ResourceLimits {
  return {
    maxOldGenerationSizeMb: limits.maxOldGenerationMb,
    maxYoungGenerationSizeMb: limits.maxYoungGenerationMb,
  };
}
