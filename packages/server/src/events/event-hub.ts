import type { FlowChangedEvent, RunEvent, RunSnapshot, ServerMessage } from '@flowsync/contracts';

export type Listener = (message: ServerMessage) => void;

/** Topics a message is published on. */
export function topicsOf(message: RunEvent | FlowChangedEvent): string[] {
  return message.type === 'flow.changed'
    ? ['flows', `flow:${message.flowId}`]
    : ['flows', `flow:${message.flowId}`, `run:${message.runId}`];
}

const FINISHED_KEPT = 200;

/**
 * Fan-out of run and flow events to subscribers (websocket connections), in one process. Counter
 * events are coalesced per run to at most one per `coalesceMs`; every other event of a run is
 * delivered in order, after any counters still pending for that run. The hub keeps a snapshot of each
 * active (and recently finished) run, so a late subscriber starts from the same state as everyone else.
 *
 * @example
 * ```ts
 * const hub = new EventHub();
 * const stop = hub.subscribe('flow:contacts', (message) => socket.send(JSON.stringify(message)));
 * hub.publish(event);
 * ```
 */
export class EventHub {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly snapshots = new Map<string, RunSnapshot>();
  private readonly pendingCounters = new Map<string, RunEvent & { type: 'run.counters' }>();
  private readonly lastCounters = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly coalesceMs: number;
  private readonly now: () => number;

  constructor(options: { coalesceMs?: number; now?: () => number } = {}) {
    this.coalesceMs = options.coalesceMs ?? 250;
    this.now = options.now ?? Date.now;
  }

  subscribe(topic: string, listener: Listener): () => void {
    let set = this.listeners.get(topic);
    if (!set) {
      set = new Set();
      this.listeners.set(topic, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(topic);
    };
  }

  /** The runs a new subscriber of `topic` starts from. */
  snapshot(topic: string): RunSnapshot[] {
    const runs = [...this.snapshots.values()];
    if (topic === 'flows') return runs;
    if (topic.startsWith('flow:')) return runs.filter((r) => r.flowId === topic.slice(5));
    if (topic.startsWith('run:')) return runs.filter((r) => r.runId === topic.slice(4));
    return [];
  }

  runSnapshot(runId: string): RunSnapshot | undefined {
    return this.snapshots.get(runId);
  }

  publish(message: RunEvent | FlowChangedEvent): void {
    if (message.type === 'flow.changed') {
      this.deliver(message);
      return;
    }
    this.track(message);
    if (message.type === 'run.counters') {
      this.pendingCounters.set(message.runId, message);
      const since = this.now() - (this.lastCounters.get(message.runId) ?? 0);
      if (since >= this.coalesceMs) this.flushCounters(message.runId);
      else if (!this.timers.has(message.runId)) {
        const timer = setTimeout(() => this.flushCounters(message.runId), this.coalesceMs - since);
        timer.unref();
        this.timers.set(message.runId, timer);
      }
      return;
    }
    this.flushCounters(message.runId);
    this.deliver(message);
  }

  /** Delivers what is pending (used at shutdown and by tests). */
  flush(): void {
    for (const runId of [...this.pendingCounters.keys()]) this.flushCounters(runId);
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.listeners.clear();
  }

  private flushCounters(runId: string): void {
    const timer = this.timers.get(runId);
    if (timer) clearTimeout(timer);
    this.timers.delete(runId);
    const pending = this.pendingCounters.get(runId);
    if (!pending) return;
    this.pendingCounters.delete(runId);
    this.lastCounters.set(runId, this.now());
    this.deliver(pending);
  }

  private deliver(message: RunEvent | FlowChangedEvent): void {
    for (const topic of topicsOf(message)) {
      for (const listener of this.listeners.get(topic) ?? []) {
        try {
          listener(message);
        } catch {
          // A failing subscriber (e.g. a closed socket) must not stop the others.
        }
      }
    }
  }

  private track(event: RunEvent): void {
    const at = event.at;
    const current = this.snapshots.get(event.runId);
    const base: RunSnapshot = current ?? {
      runId: event.runId,
      flowId: event.flowId,
      status: 'queued',
      totals: { read: 0, written: 0, rejected: 0, skipped: 0, failed: 0 },
      nodes: {},
      updatedAt: at,
    };
    const next: RunSnapshot = { ...base, updatedAt: at };
    switch (event.type) {
      case 'run.queued':
        next.status = 'queued';
        break;
      case 'run.started':
        next.status = 'running';
        break;
      case 'run.counters':
        next.totals = event.totals;
        next.nodes = event.nodes;
        break;
      case 'run.finished':
        next.status = event.status;
        next.totals = event.totals;
        next.nodes = event.nodes;
        if (event.message !== undefined) next.message = event.message;
        this.lastCounters.delete(event.runId);
        break;
      case 'run.recordError':
      case 'run.recordRejected':
      case 'run.watermark':
        break;
    }
    this.snapshots.delete(event.runId);
    this.snapshots.set(event.runId, next);
    this.evictFinished();
  }

  private evictFinished(): void {
    let finished = 0;
    for (const snapshot of this.snapshots.values())
      if (snapshot.status !== 'queued' && snapshot.status !== 'running') finished++;
    for (const [runId, snapshot] of this.snapshots) {
      if (finished <= FINISHED_KEPT) break;
      if (snapshot.status === 'queued' || snapshot.status === 'running') continue;
      this.snapshots.delete(runId);
      finished--;
    }
  }
}
