// Small immutable edits the inspectors build new node configs with: set or drop an optional key,
// move, replace and remove list items, switch a schedule's kind, rename a value map everywhere.
import type { MapConfig, Schedule } from '@flowsync/contracts';

/**
 * A copy of `object` with `key` set, or without it when `value` is undefined (optional keys are
 * left out rather than stored as undefined).
 *
 * @example
 * withKey({ a: 1, b: 2 }, 'b', undefined); // { a: 1 }
 */
export function withKey<T extends object, K extends keyof T>(object: T, key: K, value: T[K] | undefined): T {
  const copy = { ...object };
  if (value === undefined) delete copy[key];
  else copy[key] = value;
  return copy;
}

/**
 * A copy of `list` with the item at `from` moved to `to` (clamped to the list).
 *
 * @example
 * moveItem(['a', 'b', 'c'], 2, 0); // ['c', 'a', 'b']
 */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const copy = [...list];
  if (from < 0 || from >= copy.length) return copy;
  const [item] = copy.splice(from, 1) as [T];
  copy.splice(Math.max(0, Math.min(to, copy.length)), 0, item);
  return copy;
}

export function replaceAt<T>(list: readonly T[], index: number, item: T): T[] {
  return list.map((existing, i) => (i === index ? item : existing));
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

export type ScheduleKind = Schedule['kind'];

/**
 * A schedule of another kind, keeping what carries over (the interval of an interval or polling
 * schedule) and filling sensible starting values for the rest.
 *
 * @example
 * scheduleOfKind('polling', { kind: 'interval', everySeconds: 600 });
 * // { kind: 'polling', everySeconds: 600, checkProcessSeconds: 50, sleepSeconds: 10 }
 */
export function scheduleOfKind(
  kind: ScheduleKind,
  previous: Schedule | undefined,
  timezone?: string,
): Schedule {
  const every = previous && previous.kind !== 'cron' ? previous.everySeconds : 300;
  switch (kind) {
    case 'interval':
      return { kind: 'interval', everySeconds: every };
    case 'polling':
      return {
        kind: 'polling',
        everySeconds: Math.min(every, 86_400),
        checkProcessSeconds: previous?.kind === 'polling' ? previous.checkProcessSeconds : 50,
        sleepSeconds: previous?.kind === 'polling' ? previous.sleepSeconds : 10,
      };
    case 'cron':
      return timezone
        ? { kind: 'cron', expression: '0 * * * *', timezone }
        : { kind: 'cron', expression: '0 * * * *' };
  }
}

/**
 * A map config with value map `from` renamed to `to`, and every mapping that used it updated.
 * Returns the config unchanged when `from` does not exist or `to` is taken.
 *
 * @example
 * renameValueMap(config, 'shipVia', 'carrier');
 */
export function renameValueMap(config: MapConfig, from: string, to: string): MapConfig {
  const maps = config.valueMaps ?? {};
  if (from === to || !Object.hasOwn(maps, from) || Object.hasOwn(maps, to)) return config;
  const renamed = Object.fromEntries(
    Object.entries(maps).map(([name, map]) => [name === from ? to : name, map]),
  );
  return {
    ...config,
    valueMaps: renamed,
    fields: config.fields.map((field) =>
      field.kind === 'valueMap' && field.map === from ? { ...field, map: to } : field,
    ),
  };
}

/**
 * `base`, or `base2`, `base3`… whichever is not taken yet.
 *
 * @example
 * uniqueName('valueMap', ['valueMap']); // 'valueMap2'
 */
export function uniqueName(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}${n}`)) return `${base}${n}`;
}
