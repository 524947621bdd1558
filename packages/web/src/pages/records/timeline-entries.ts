// "Where is record X" in words: each ledger timeline entry as a line a person reads (created in
// Salesforce as 003…, failed at a node, resolved by whom), where the record stands now, and day groups.
import type { LedgerTimelineEntry } from '@flowsync/contracts';

export type TimelineTone = 'synced' | 'error' | 'resolved';

export interface TimelineText {
  tone: TimelineTone;
  title: string;
  /** The error message, or which source record a target id came from. */
  detail?: string;
}

export interface TimelineNames {
  /** A node's label in its flow (falls back to the node id). */
  nodeLabel(flowId: string, nodeId: string): string;
}

/**
 * How an error was resolved, in words.
 *
 * @example
 * resolutionText('manual', 'ana@example.com') // → 'Resolved by hand by ana@example.com'
 * resolutionText('succeeded', 'engine') // → 'Resolved: a later run wrote the record'
 */
export function resolutionText(
  resolution: LedgerTimelineEntry['resolution'],
  by: string | undefined,
): string {
  const who = by && by !== 'engine' ? ` by ${by}` : '';
  switch (resolution) {
    case 'succeeded':
      return `Resolved: a later run wrote the record${who}`;
    case 'retried':
      return `Retried${who}`;
    case 'manual':
      return `Resolved by hand${who}`;
    case undefined:
      return `Resolved${who}`;
  }
}

/** "salesforce/Contact" → "salesforce/Contact"; what the timeline calls the target. */
function targetText(entry: LedgerTimelineEntry): string {
  return entry.target ?? 'the target';
}

/**
 * The line the timeline shows for an entry.
 *
 * @example
 * describeTimelineEntry({ kind: 'synced', action: 'created', target: 'salesforce/Contact', targetId: '003…', … }, names)
 * // → { tone: 'synced', title: 'Created in salesforce/Contact as 003…' }
 */
export function describeTimelineEntry(
  entry: LedgerTimelineEntry,
  names: TimelineNames,
  searchedId?: string,
): TimelineText {
  switch (entry.kind) {
    case 'synced': {
      const verb =
        entry.action === 'updated' ? 'Updated' : entry.action === 'created' ? 'Created' : 'Written';
      const text: TimelineText = {
        tone: 'synced',
        title: `${verb} in ${targetText(entry)}${entry.targetId ? ` as ${entry.targetId}` : ''}`,
      };
      if (searchedId !== undefined && searchedId !== entry.sourceId) {
        text.detail = `From source record ${entry.sourceId}`;
      }
      return text;
    }
    case 'error': {
      const where = entry.nodeId ? ` at ${names.nodeLabel(entry.flowId, entry.nodeId)}` : '';
      return {
        tone: 'error',
        title: `Failed${where}${entry.code ? `: ${entry.code}` : ''}`,
        ...(entry.message ? { detail: entry.message } : {}),
      };
    }
    case 'resolved': {
      const where = entry.nodeId ? ` at ${names.nodeLabel(entry.flowId, entry.nodeId)}` : '';
      return {
        tone: 'resolved',
        title: resolutionText(entry.resolution, entry.by),
        ...(entry.code ? { detail: `The ${entry.code} error${where}` } : {}),
      };
    }
  }
}

export interface RecordWhereabouts {
  /** The latest id of the record in each target it was written to, newest first. */
  targets: { flowId: string; target: string; targetId: string; at: string }[];
  /** Errors of the record that have no resolution in the timeline. */
  openErrorIds: string[];
}

/** Where the record stands now, from its timeline (newest first). */
export function recordWhereabouts(entries: readonly LedgerTimelineEntry[]): RecordWhereabouts {
  const targets: RecordWhereabouts['targets'] = [];
  const seenTargets = new Set<string>();
  const resolved = new Set<string>();
  const open: string[] = [];
  for (const entry of entries) {
    if (entry.kind === 'synced' && entry.target && entry.targetId) {
      const key = `${entry.flowId}\u0000${entry.target}`;
      if (!seenTargets.has(key)) {
        seenTargets.add(key);
        targets.push({ flowId: entry.flowId, target: entry.target, targetId: entry.targetId, at: entry.at });
      }
    } else if (entry.kind === 'resolved' && entry.errorId) {
      resolved.add(entry.errorId);
    } else if (entry.kind === 'error' && entry.errorId && !resolved.has(entry.errorId)) {
      open.push(entry.errorId);
    }
  }
  return { targets, openErrorIds: open };
}

/**
 * Groups entries (kept in order) under a day heading: "Today", "Yesterday" or the date (in the
 * browser's time zone unless one is given).
 *
 * @example
 * groupByDay(entries, Date.now()) // → [{ day: 'Today', entries: [...] }, { day: 'Mar 3, 2026', entries: [...] }]
 */
export function groupByDay<T extends { at: string }>(
  entries: readonly T[],
  now: number,
  timeZone?: string,
): { day: string; entries: T[] }[] {
  const zone = timeZone === undefined ? {} : { timeZone };
  const keyFormat = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...zone,
  });
  const dayKey = (time: number) => keyFormat.format(time);
  const today = dayKey(now);
  const yesterday = dayKey(now - 86_400_000);
  const format = new Intl.DateTimeFormat('en', { dateStyle: 'medium', ...zone });
  const groups: { day: string; entries: T[] }[] = [];
  let lastKey: string | undefined;
  for (const entry of entries) {
    const time = Date.parse(entry.at);
    const key = dayKey(time);
    if (key !== lastKey) {
      lastKey = key;
      const day = key === today ? 'Today' : key === yesterday ? 'Yesterday' : format.format(time);
      groups.push({ day, entries: [] });
    }
    groups[groups.length - 1]?.entries.push(entry);
  }
  return groups;
}
