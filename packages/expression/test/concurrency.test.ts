import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { compileExpression, ExpressionError } from '@flowsync/expression';

describe('concurrent evaluations of one compiled expression', () => {
  it('keep their own depth: many recursions at once each stay within the limit', async () => {
    // Alone, depth 40 needs ~120 of the 200 frames; shared counting would overflow at once. The time
    // limit is raised because evaluations started together share the thread, and so the wall clock.
    const countdown = compileExpression('($f := function($n){ $n <= 0 ? 0 : 1 + $f($n - 1) }; $f($depth))', {
      timeoutMs: 10_000,
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => countdown.evaluate({}, { depth: 40 })),
    );
    assert.deepEqual(results, Array(20).fill(40));
  });

  it('fail one at a time: a runaway evaluation does not break its neighbours', async () => {
    const countdown = compileExpression('($f := function($n){ $n <= 0 ? 0 : 1 + $f($n - 1) }; $f($depth))', {
      timeoutMs: 10_000,
    });
    const outcomes = await Promise.allSettled([
      countdown.evaluate({}, { depth: 30 }),
      countdown.evaluate({}, { depth: 100_000 }),
      countdown.evaluate({}, { depth: 30 }),
    ]);
    assert.deepEqual(outcomes[0], { status: 'fulfilled', value: 30 });
    assert.deepEqual(outcomes[2], { status: 'fulfilled', value: 30 });
    const runaway = outcomes[1];
    assert.equal(runaway?.status, 'rejected');
    assert.ok(runaway.reason instanceof ExpressionError);
    assert.equal(runaway.reason.limit, 'depth');
  });

  it('time each evaluation from its own start, not from compilation or another evaluation', async () => {
    // Spins (tail-recursively) until the host clock passes $until; $tick yields to the event loop so
    // that the two evaluations and the test's timers interleave.
    const spin = compileExpression('($f := function(){ $tick() < $until ? $f() : "done" }; $f())', {
      timeoutMs: 300,
    });
    const tick = () => new Promise<number>((resolve) => setImmediate(() => resolve(Date.now())));
    const settle = (promise: Promise<unknown>) =>
      promise.then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      );
    await sleep(350); // longer than the limit: a start time fixed at compile time would fail everything below

    const runaway = settle(spin.evaluate({}, { tick, until: Number.POSITIVE_INFINITY }));
    await sleep(150);
    // Runs ~150 ms of its own, finishing well after the runaway's 300 ms are up.
    const bounded = settle(spin.evaluate({}, { tick, until: Date.now() + 150 }));

    const first = await runaway;
    assert.ok(!first.ok && first.error instanceof ExpressionError && first.error.limit === 'time');
    assert.deepEqual(await bounded, { ok: true, value: 'done' });
  });

  it('give $now() and $millis() the evaluation’s own timestamp', async () => {
    // A block runs in order (array items may not), so the pause falls between the two readings.
    const stamps = compileExpression(
      '($m := $millis(); $n := $now(); $p := $pause(); [$m, $n, $p, $millis(), $now()])',
    );
    const pause = () => sleep(30).then(() => 'paused');
    const first = stamps.evaluate({}, { pause });
    await sleep(10);
    const second = stamps.evaluate({}, { pause });
    const [a, b] = (await Promise.all([first, second])) as [unknown[], unknown[]];
    assert.equal(a[0], a[3], 'first evaluation: $millis() is stable');
    assert.equal(a[1], a[4], 'first evaluation: $now() is stable');
    assert.equal(b[0], b[3]);
    assert.ok((b[0] as number) > (a[0] as number), 'the second evaluation started later');
    assert.equal(new Date(a[1] as string).getTime(), a[0]);
  });

  it('give every evaluation its own variables', async () => {
    const expression = compileExpression('($total := $sum(Lines.Amount) * $rate; $pause(); $total)');
    const pause = () => sleep(5);
    const results = await Promise.all(
      [1, 2, 3, 4].map((rate) =>
        expression.evaluate({ Lines: [{ Amount: 10 }, { Amount: 5 }] }, { rate, pause }),
      ),
    );
    assert.deepEqual(results, [15, 30, 45, 60]);
  });
});
