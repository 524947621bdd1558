// The worker-thread dispatcher with a stand-in worker: bounded concurrency in dispatch order, the
// watchdog, crashes and out-of-memory, cancel, and graceful stop.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { RunEvent } from '@flowsync/contracts';
import type { RunResult } from '@flowsync/engine';
import type { RunJob } from '../src/runs/run-dispatcher.ts';
import {
  WorkerThreadDispatcher,
  type WorkerThreadDispatcherOptions,
} from '../src/runs/worker-thread-dispatcher.ts';

const FAKE_WORKER = new URL('./support/fake-run-worker.ts', import.meta.url);

function dispatcher(options: Partial<WorkerThreadDispatcherOptions> = {}) {
  return new WorkerThreadDispatcher({
    maxConcurrent: 2,
    maxOldGenerationMb: 64,
    maxYoungGenerationMb: 16,
    store: { kind: 'sqlite', path: ':memory:' },
    secretKey: randomBytes(32),
    watchdogMs: 400,
    workerUrl: FAKE_WORKER,
    ...options,
  });
}

let jobs = 0;
function job(behaviour: string): RunJob {
  jobs++;
  return {
    runId: `run-${jobs}`,
    flowId: behaviour,
    flowVersion: 1,
    trigger: { kind: 'manual' },
    input: { kind: 'read' },
  };
}

/** Dispatches a job and resolves with its outcome and events; `started` once its worker runs it. */
function track(d: WorkerThreadDispatcher, j: RunJob) {
  const events: RunEvent[] = [];
  let markStarted: () => void = () => {};
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const finished = new Promise<RunResult>((resolve) => {
    d.dispatch(j, {
      event: (e) => {
        events.push(e);
        if (e.type === 'run.started') markStarted();
      },
      finished: resolve,
    });
  });
  return { job: j, events, started, finished };
}

describe('worker-thread dispatcher', () => {
  it('runs at most maxConcurrent jobs at once, the rest in dispatch order', async (t) => {
    const d = dispatcher({ maxConcurrent: 2 });
    t.after(() => d.stop({ graceMs: 1000 }));
    let mostRunning = 0;
    const runs = ['slow', 'slow', 'slow', 'slow'].map((b) => {
      const j = job(b);
      return new Promise<RunResult>((resolve) => {
        d.dispatch(j, {
          event: () => {
            mostRunning = Math.max(mostRunning, d.load.running);
          },
          finished: resolve,
        });
      });
    });
    assert.deepEqual(d.load, { running: 2, queued: 2 });
    for (const finished of runs) assert.equal((await finished).status, 'succeeded');
    assert.equal(mostRunning, 2);

    // One at a time, the order is visible: queued jobs start in the order they were dispatched.
    const single = dispatcher({ maxConcurrent: 1 });
    t.after(() => single.stop({ graceMs: 1000 }));
    const startOrder: string[] = [];
    const sequential = ['slow', 'ok', 'slow'].map((b) => {
      const j = job(b);
      const finished = new Promise<RunResult>((resolve) => {
        single.dispatch(j, {
          event: (e) => {
            if (e.type === 'run.started') startOrder.push(e.runId);
          },
          finished: resolve,
        });
      });
      return { j, finished };
    });
    for (const { finished } of sequential) await finished;
    assert.deepEqual(
      startOrder,
      sequential.map((r) => r.j.runId),
    );
  });

  it('terminates a worker that stops sending heartbeats and says why', async (t) => {
    const d = dispatcher({ watchdogMs: 300 });
    t.after(() => d.stop({ graceMs: 1000 }));
    const hung = track(d, job('hang'));
    const result = await hung.finished;
    assert.equal(result.status, 'failed');
    assert.match(
      result.message ?? '',
      /^The run stopped responding for 0\.3 s — probably a runaway expression/,
    );
    assert.deepEqual(
      result.totals,
      { read: 7, written: 3, rejected: 0, skipped: 0, failed: 0 },
      'last counters kept',
    );
    // The slot is free again.
    assert.equal((await track(d, job('ok')).finished).status, 'succeeded');
  });

  it('starts each run worker with the old- and young-generation limits it was given', async (t) => {
    const d = dispatcher({ maxOldGenerationMb: 96, maxYoungGenerationMb: 12 });
    t.after(() => d.stop({ graceMs: 1000 }));
    const result = await track(d, job('limits')).finished;
    const limits = JSON.parse(result.message ?? '{}') as Record<string, number>;
    assert.equal(limits['maxOldGenerationSizeMb'], 96);
    assert.equal(limits['maxYoungGenerationSizeMb'], 12);
  });

  it('fails the run of a worker that crashes, exits or runs out of memory', async (t) => {
    const d = dispatcher({ maxConcurrent: 3, maxOldGenerationMb: 16, watchdogMs: 5000 });
    t.after(() => d.stop({ graceMs: 1000 }));
    const [crash, exit, oom, refused] = ['crash', 'exit', 'oom', 'fails-to-start'].map((b) =>
      track(d, job(b)),
    );
    assert.ok(crash && exit && oom && refused);
    assert.deepEqual(
      { status: (await crash.finished).status, message: (await crash.finished).message },
      { status: 'failed', message: "The run's worker crashed: boom" },
    );
    assert.match((await exit.finished).message ?? '', /stopped unexpectedly \(exit code 3\)/);
    assert.equal((await oom.finished).message, 'The run ran out of memory (limit 16 MB) and was stopped');
    assert.equal((await refused.finished).message, 'Flow fails-to-start version 1 no longer exists');
  });

  it('cancels a queued job at once and a running one through its worker, terminating it if it does not stop', async (t) => {
    const d = dispatcher({ maxConcurrent: 1, cancelGraceMs: 200 });
    t.after(() => d.stop({ graceMs: 1000 }));
    const stoppable = track(d, job('stoppable'));
    const queued = track(d, job('ok'));
    assert.equal(d.cancel(queued.job.runId), true);
    assert.deepEqual(
      { status: (await queued.finished).status, message: (await queued.finished).message },
      { status: 'cancelled', message: 'The run was cancelled before it started' },
    );
    // Cancel once the worker runs the job (a loaded machine may take longer than the grace to boot one).
    await stoppable.started;
    assert.equal(d.cancel(stoppable.job.runId), true);
    assert.equal((await stoppable.finished).message, 'stopped by cancel');

    const stubborn = track(d, job('stubborn'));
    await stubborn.started;
    d.cancel(stubborn.job.runId);
    const result = await stubborn.finished;
    assert.equal(result.status, 'cancelled');
    assert.match(result.message ?? '', /did not stop and was terminated/);
    assert.equal(d.cancel('unknown-run'), false);
  });

  it('stops gracefully: running jobs finish, queued ones are cancelled, stragglers are terminated', async (t) => {
    const d = dispatcher({ maxConcurrent: 2 });
    t.after(() => d.stop({ graceMs: 300 }));
    const stoppable = track(d, job('stoppable'));
    const stubborn = track(d, job('stubborn'));
    const queued = track(d, job('ok'));
    await Promise.all([stoppable.started, stubborn.started]);
    await d.stop({ graceMs: 300 });
    assert.equal((await stoppable.finished).message, 'stopped by stop');
    assert.equal((await queued.finished).message, 'The server shut down before the run started');
    const straggler = await stubborn.finished;
    assert.equal(straggler.status, 'cancelled');
    assert.equal(
      straggler.message,
      'The server shut down; the run did not finish its pages within 0.3 s and was terminated',
    );
    const late = await track(d, job('ok')).finished;
    assert.equal(late.status, 'cancelled', 'nothing starts after stop');
  });
});
