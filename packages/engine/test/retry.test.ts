import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectorError } from '@flowsync/connector-sdk';
import type { RetrySettings } from '@flowsync/contracts';
import { backoffDelay, withRetry } from '../src/index.ts';
import { FakeClock } from './fakes/harness.ts';

const settings: RetrySettings = { attempts: 4, backoff: 'exponential', baseDelayMs: 100, maxDelayMs: 1000 };

describe('backoffDelay', () => {
  it('grows exponentially with jitter between half and all of the ceiling, capped', () => {
    assert.equal(
      backoffDelay(settings, 1, () => 0),
      50,
    );
    assert.equal(
      backoffDelay(settings, 1, () => 1),
      100,
    );
    assert.equal(
      backoffDelay(settings, 3, () => 1),
      400,
    );
    assert.equal(
      backoffDelay(settings, 10, () => 1),
      1000,
    );
    assert.equal(
      backoffDelay(settings, 10, () => 0),
      500,
    );
  });

  it('never retries sooner than Retry-After', () => {
    assert.equal(
      backoffDelay(settings, 1, () => 0, 30_000),
      30_000,
    );
  });

  it('keeps a fixed delay when configured so', () => {
    assert.equal(
      backoffDelay({ ...settings, backoff: 'fixed' }, 5, () => 1),
      100,
    );
  });
});

describe('withRetry', () => {
  const context = (clock: FakeClock, retries: number[]) => ({
    settings,
    clock,
    random: () => 0.5,
    signal: new AbortController().signal,
    onRetry: (_e: ConnectorError, retry: number) => retries.push(retry),
  });

  it('retries retryable errors until success', async () => {
    const clock = new FakeClock();
    const retries: number[] = [];
    let calls = 0;
    const value = await withRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw new ConnectorError('TIMEOUT', 'slow');
        return 'ok';
      },
      context(clock, retries),
    );
    assert.equal(value, 'ok');
    assert.deepEqual(retries, [1, 2]);
    assert.deepEqual(clock.sleeps, [75, 150]);
  });

  it('gives up after the configured attempts with the last error', async () => {
    const clock = new FakeClock();
    let calls = 0;
    await assert.rejects(
      withRetry(
        async () => {
          calls += 1;
          throw new ConnectorError('SERVER_ERROR', `failure ${calls}`);
        },
        context(clock, []),
      ),
      /failure 4/,
    );
    assert.equal(calls, 4);
  });

  it('does not retry permanent errors', async () => {
    let calls = 0;
    await assert.rejects(
      withRetry(
        async () => {
          calls += 1;
          throw new ConnectorError('TARGET_VALIDATION', 'bad');
        },
        context(new FakeClock(), []),
      ),
      /bad/,
    );
    assert.equal(calls, 1);
  });
});
