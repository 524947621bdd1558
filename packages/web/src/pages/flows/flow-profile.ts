// What a flow does at a glance, read from its document: where records come from, where they go,
// and when it runs ("Every 15 min", "Realtime on create, update"). Used by the flows list.
import type {
  Flow,
  FlowTriggerKind,
  FlowLastRun,
  RunSnapshot,
  RunStatus,
  RunTotals,
  Schedule,
} from '@flowsync/contracts';

/** One system object a flow reads from or writes to. */
export interface FlowEndpoint {
  connection: string;
  object: string;
}

export interface FlowProfile {
  source: FlowEndpoint | undefined;
  /** Distinct upsert targets in document order. */
  targets: FlowEndpoint[];
  /** Source field holding the record id (for "sync selected records"). */
  idField: string | undefined;
  /** One entry per way the flow starts, most specific first; manual only when nothing else applies. */
  triggers: TriggerLine[];
}

export interface TriggerLine {
  kind: FlowTriggerKind;
  label: string;
}

/**
 * Reads source, targets and trigger lines out of a flow document.
 *
 * @example
 * flowProfile(flow).triggers.map((t) => t.label); // ['Every 5 min', 'Realtime on create, update']
 */
export function flowProfile(flow: Flow): FlowProfile {
  const trigger = flow.nodes.find((node) => node.type === 'trigger');
  const targets: FlowEndpoint[] = [];
  for (const node of flow.nodes) {
    if (node.type !== 'upsert') continue;
    const { connection, object } = node.config;
    if (!targets.some((t) => t.connection === connection && t.object === object)) {
      targets.push({ connection, object });
    }
  }
  const triggers: TriggerLine[] = [];
  if (trigger?.type === 'trigger') {
    const { schedule, realtime } = trigger.config;
    if (schedule) triggers.push({ kind: 'schedule', label: scheduleText(schedule) });
    if (realtime) {
      triggers.push({ kind: 'realtime', label: `Realtime on ${realtime.events.join(', ')}` });
    }
  }
  if (triggers.length === 0) triggers.push({ kind: 'manual', label: 'Manual only' });
  return {
    source:
      trigger?.type === 'trigger'
        ? { connection: trigger.config.connection, object: trigger.config.object }
        : undefined,
    targets,
    idField: trigger?.type === 'trigger' ? trigger.config.idField : undefined,
    triggers,
  };
}

/**
 * Trigger lines from the list's summary alone, before the flow document has loaded.
 *
 * @example
 * triggerLinesOfKinds(['schedule', 'manual']); // [{ kind: 'schedule', label: 'Scheduled' }]
 */
export function triggerLinesOfKinds(kinds: readonly FlowTriggerKind[]): TriggerLine[] {
  const lines: TriggerLine[] = [];
  if (kinds.includes('schedule')) lines.push({ kind: 'schedule', label: 'Scheduled' });
  if (kinds.includes('realtime')) lines.push({ kind: 'realtime', label: 'Realtime' });
  if (lines.length === 0) lines.push({ kind: 'manual', label: 'Manual only' });
  return lines;
}

/**
 * A schedule as people say it.
 *
 * @example
 * scheduleText({ kind: 'interval', everySeconds: 900 }); // 'Every 15 min'
 * scheduleText({ kind: 'cron', expression: '0 6 * * 1-5' }); // 'Cron 0 6 * * 1-5'
 */
export function scheduleText(schedule: Schedule): string {
  switch (schedule.kind) {
    case 'interval':
      return everyText(schedule.everySeconds);
    case 'polling':
      return `${everyText(schedule.everySeconds)}, polling`;
    case 'cron':
      return `Cron ${schedule.expression}${schedule.timezone ? ` (${schedule.timezone})` : ''}`;
  }
}

/**
 * An interval in whole units where it divides evenly.
 *
 * @example
 * everyText(60); // 'Every minute'
 * everyText(300); // 'Every 5 min'
 * everyText(7200); // 'Every 2 h'
 * everyText(90); // 'Every 90 s'
 */
export function everyText(seconds: number): string {
  const units: [number, string, string][] = [
    [86_400, 'day', 'days'],
    [3600, 'hour', 'h'],
    [60, 'minute', 'min'],
  ];
  for (const [size, one, many] of units) {
    if (seconds >= size && seconds % size === 0) {
      const count = seconds / size;
      return count === 1 ? `Every ${one}` : `Every ${count} ${many}`;
    }
  }
  return seconds === 1 ? 'Every second' : `Every ${seconds} s`;
}

/** `netsuite · contact` */
export function endpointText(endpoint: FlowEndpoint): string {
  return `${endpoint.connection} · ${endpoint.object}`;
}

/** The run a flows-list row shows: the stored last run, or the live one when it is newer. */
export interface ShownRun {
  id: string;
  status: RunStatus;
  totals: RunTotals;
  /** When it finished, or the latest news of it while it runs. */
  at: string;
  live: boolean;
}

const ACTIVE: readonly RunStatus[] = ['queued', 'running'];

/**
 * Picks what the row shows: a live snapshot wins when it is the same run (fresher counters) or a run
 * that started after the stored one; otherwise the stored last run.
 *
 * @example
 * shownRun(summary.lastRun, liveRuns[latestRunOfFlow[summary.id]]);
 */
export function shownRun(
  stored: FlowLastRun | undefined,
  snapshot: RunSnapshot | undefined,
): ShownRun | undefined {
  const fromStore = stored && {
    id: stored.id,
    status: stored.status,
    totals: stored.totals,
    at: stored.finishedAt ?? stored.queuedAt,
    live: false,
  };
  if (!snapshot) return fromStore;
  const fromLive = {
    id: snapshot.runId,
    status: snapshot.status,
    totals: snapshot.totals,
    at: snapshot.updatedAt,
    live: ACTIVE.includes(snapshot.status),
  };
  if (!stored || !fromStore) return fromLive;
  if (snapshot.runId === stored.id) {
    // The store can lag the socket, and a late snapshot must not undo a finish the store already has.
    return ACTIVE.includes(stored.status) || !ACTIVE.includes(snapshot.status) ? fromLive : fromStore;
  }
  return Date.parse(snapshot.updatedAt) >= Date.parse(stored.queuedAt) ? fromLive : fromStore;
}
