// Live run counters as the canvas reads them: flat records of numbers, so a node re-renders only when
// one of its own counters changes (not when another node's do).
import type { NodeStats } from '@flowsync/contracts';

/** A node's counters: `received`, `failed`, `skipped`, `retries` and `out:<handle>` per output. */
export type FlatNodeStats = Readonly<Record<string, number>>;

export const NO_STATS: FlatNodeStats = Object.freeze({});

/**
 * Flattens a node's stats for a shallow-compared selector; `NO_STATS` when there are none.
 *
 * @example
 * flattenNodeStats({ received: 3, emitted: { pass: 2, reject: 1 }, failed: 0, skipped: 0, retries: 0 });
 * // { received: 3, failed: 0, skipped: 0, retries: 0, 'out:pass': 2, 'out:reject': 1 }
 */
export function flattenNodeStats(stats: NodeStats | undefined): FlatNodeStats {
  if (stats === undefined) return NO_STATS;
  const flat: Record<string, number> = {
    received: stats.received,
    failed: stats.failed,
    skipped: stats.skipped,
    retries: stats.retries,
  };
  for (const [handle, count] of Object.entries(stats.emitted)) flat[`out:${handle}`] = count;
  return flat;
}
