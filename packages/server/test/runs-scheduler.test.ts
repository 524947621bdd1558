// The scheduler on a manual clock: interval, cron in a time zone, polling cadence, overlap skips,
// switching off, and saves that keep or change the schedule.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Flow, RunRecord, Schedule } from '@flowsync/contracts';
import { openSqliteStore, type Store } from '@flowsync/store';
import { AppError } from '../src/app-error.ts';
import type { RunService, StartRunRequest } from '../src/runs/run-service.ts';
import { createScheduler, nextTick, type Scheduler, type SchedulerClock } from '../src/runs/scheduler.ts';
import { ACCOUNTS_FLOW, node, variant } from './support/run-environment.ts';

/** Timers that fire only when the test advances time. */
class ManualClock implements SchedulerClock {
  time = Date.parse('2026-03-27T12:00:00Z');
  private timers = new Map<number, { at: number; callback: () => void }>();
  private ids = 0;

  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const id = ++this.ids;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  /** Moves time forward, firing due timers in order (and those they set, when due). */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, t]) => t.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].callback();
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.time = end;
  }
}

/** Records starts; `busy` flows refuse with CONFLICT the way the run service does for overlap skip. */
class FakeRuns implements RunService {
  readonly started: (StartRunRequest & { at: number })[] = [];
  readonly busy = new Set<string>();
  private readonly clock: ManualClock;
  constructor(clock: ManualClock) {
    this.clock = clock;
  }
  async start(request: StartRunRequest): Promise<RunRecord> {
    if (this.busy.has(request.flowId)) throw new AppError('CONFLICT', 'already running');
    this.started.push({ ...request, at: this.clock.now() });
    return { id: `run-${this.started.length}` } as RunRecord;
  }
  retryErrors(): Promise<RunRecord> {
    throw new Error('not used');
  }
  async cancel(): Promise<boolean> {
    return false;
  }
  active(): RunRecord[] {
    return [];
  }
  isRunning(flowId: string): boolean {
    return this.busy.has(flowId);
  }
  async shutdown(): Promise<void> {}
}

function scheduled(id: string, schedule: Schedule | undefined): Flow {
  return variant(ACCOUNTS_FLOW, id, (flow) => {
    const trigger = node(flow, 'customers-changed');
    if (schedule) trigger.config.schedule = schedule;
    else delete trigger.config.schedule;
  });
}

describe('scheduler', () => {
  let store: Store;
  let clock: ManualClock;
  let runs: FakeRuns;
  let scheduler: Scheduler;
  const startsOf = (flowId: string) => runs.started.filter((s) => s.flowId === flowId);
  const save = async (flow: Flow, enabled = true) => {
    await store.flows.save(flow, { author: 'test' });
    await store.flows.setEnabled(flow.id, enabled, 'test');
    await scheduler.refresh(flow.id);
  };

  before(async () => {
    store = await openSqliteStore({ path: ':memory:', secretKey: randomBytes(32) });
  });
  after(async () => {
    await store.close();
  });
  beforeEach(async () => {
    for (const flow of await store.flows.list()) await store.flows.delete(flow.flowId);
    clock = new ManualClock();
    runs = new FakeRuns(clock);
    scheduler = createScheduler({ store, runs, clock });
    await scheduler.start();
  });

  it('starts an interval flow every N seconds as the scheduler', async () => {
    await save(scheduled('every-minute', { kind: 'interval', everySeconds: 60 }));
    await clock.advance(59_000);
    assert.equal(startsOf('every-minute').length, 0);
    await clock.advance(1000);
    await clock.advance(5 * 60_000);
    const starts = startsOf('every-minute');
    assert.equal(starts.length, 6);
    assert.deepEqual(starts[0], {
      flowId: 'every-minute',
      trigger: { kind: 'schedule' },
      input: { kind: 'read' },
      requestedBy: 'scheduler',
      at: Date.parse('2026-03-27T12:01:00Z'),
    });
  });

  it('fires cron schedules at wall-clock times of their time zone, across a DST change', async () => {
    // 06:00 in Amsterdam is 05:00 UTC before the change on 29 March 2026 and 04:00 UTC after it.
    const schedule: Schedule = { kind: 'cron', expression: '0 6 * * *', timezone: 'Europe/Amsterdam' };
    assert.equal(new Date(nextTick(schedule, clock.now()) ?? 0).toISOString(), '2026-03-28T05:00:00.000Z');
    await save(scheduled('morning', schedule));
    await clock.advance(3 * 24 * 3600_000);
    assert.deepEqual(
      startsOf('morning').map((s) => new Date(s.at).toISOString()),
      ['2026-03-28T05:00:00.000Z', '2026-03-29T04:00:00.000Z', '2026-03-30T04:00:00.000Z'],
    );
    const utc: Schedule = { kind: 'cron', expression: '0 6 * * *' };
    assert.equal(new Date(nextTick(utc, clock.now()) ?? 0).toISOString().slice(11), '06:00:00.000Z');
  });

  it('fires the polling cadence every N seconds (the run itself polls within its check time)', async () => {
    await save(
      scheduled('polling', { kind: 'polling', everySeconds: 30, checkProcessSeconds: 20, sleepSeconds: 5 }),
    );
    await clock.advance(90_000);
    assert.equal(startsOf('polling').length, 3);
  });

  it('skips a tick while the previous run still runs, and keeps the cadence', async () => {
    await save(scheduled('busy', { kind: 'interval', everySeconds: 10 }));
    runs.busy.add('busy');
    await clock.advance(30_000);
    assert.equal(startsOf('busy').length, 0);
    runs.busy.delete('busy');
    await clock.advance(10_000);
    assert.equal(startsOf('busy').length, 1);
    assert.equal(startsOf('busy')[0]?.at, Date.parse('2026-03-27T12:00:40Z'));
  });

  it('plans only enabled flows with a schedule, and stops when a flow is switched off or deleted', async () => {
    await save(scheduled('off', { kind: 'interval', everySeconds: 10 }), false);
    await save(scheduled('listener-only', undefined));
    await save(scheduled('on', { kind: 'interval', everySeconds: 10 }));
    assert.deepEqual(
      scheduler.planned().map((p) => p.flowId),
      ['on'],
    );
    await store.flows.setEnabled('on', false, 'admin');
    await scheduler.refresh('on');
    await clock.advance(60_000);
    assert.equal(runs.started.length, 0);
    assert.deepEqual(scheduler.planned(), []);

    await store.flows.setEnabled('on', true, 'admin');
    await scheduler.refresh('on');
    await store.flows.delete('on');
    await scheduler.refresh('on');
    await clock.advance(60_000);
    assert.equal(runs.started.length, 0);
  });

  it('keeps the cadence when a flow is saved with the same schedule and re-plans a changed one', async () => {
    await save(scheduled('saved', { kind: 'interval', everySeconds: 60 }));
    await clock.advance(45_000);
    await save(scheduled('saved', { kind: 'interval', everySeconds: 60 }));
    await clock.advance(15_000);
    assert.equal(startsOf('saved').length, 1, 'an unchanged schedule keeps its next tick');
    await save(scheduled('saved', { kind: 'interval', everySeconds: 3600 }));
    await clock.advance(60_000);
    assert.equal(startsOf('saved').length, 1, 'the new schedule starts from the save');
    assert.equal(scheduler.planned()[0]?.next, new Date(clock.now() - 60_000 + 3600_000).toISOString());
  });

  it('does not plan an invalid cron expression, and plans the other flows', async () => {
    await save(scheduled('broken', { kind: 'cron', expression: 'every tuesday' }));
    await save(scheduled('fine', { kind: 'interval', everySeconds: 5 }));
    assert.deepEqual(
      scheduler.planned().map((p) => p.flowId),
      ['fine'],
    );
  });

  it('plans the enabled flows of the store when it starts, and nothing after stop()', async () => {
    await store.flows.save(scheduled('at-start', { kind: 'interval', everySeconds: 10 }), { author: 'test' });
    await store.flows.setEnabled('at-start', true, 'test');
    const fresh = createScheduler({ store, runs, clock });
    await fresh.start();
    assert.deepEqual(
      fresh.planned().map((p) => p.flowId),
      ['at-start'],
    );
    await fresh.stop();
    await clock.advance(60_000);
    assert.equal(startsOf('at-start').length, 0);
  });
});
