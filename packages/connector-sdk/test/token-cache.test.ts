import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectorError, createTokenCache, withToken, type AccessToken } from '@flowsync/connector-sdk';

/** A fetchToken that hands out `token-1`, `token-2`, … after a short delay, counting calls. */
function countingFetch(options: { lifetimeMs?: number; clock?: () => number; delayMs?: number } = {}) {
  let calls = 0;
  const signals: Array<AbortSignal | undefined> = [];
  const fetchToken = async (signal?: AbortSignal): Promise<AccessToken> => {
    calls += 1;
    signals.push(signal);
    const n = calls;
    await new Promise((resolve) => setTimeout(resolve, options.delayMs ?? 10));
    if (signal?.aborted === true) throw new Error('aborted');
    const now = (options.clock ?? Date.now)();
    return {
      accessToken: `token-${n}`,
      ...(options.lifetimeMs === undefined ? {} : { expiresAt: now + options.lifetimeMs }),
    };
  };
  return { fetchToken, calls: () => calls, signals };
}

describe('createTokenCache', () => {
  it('shares one fetch among 20 concurrent callers', async () => {
    const source = countingFetch();
    const cache = createTokenCache({ fetchToken: source.fetchToken });
    const tokens = await Promise.all(Array.from({ length: 20 }, () => cache.get()));
    assert.equal(source.calls(), 1);
    assert.ok(tokens.every((token) => token.accessToken === 'token-1'));
    assert.equal((await cache.get()).accessToken, 'token-1');
    assert.equal(source.calls(), 1, 'a fresh token is served from the cache');
  });

  it('refreshes 20 concurrent 401s for the same token exactly once', async () => {
    const source = countingFetch();
    const cache = createTokenCache({ fetchToken: source.fetchToken });
    const stale = await cache.get();
    const fresh = await Promise.all(
      Array.from({ length: 20 }, async () => {
        cache.invalidate(stale);
        return cache.get();
      }),
    );
    assert.equal(source.calls(), 2);
    assert.ok(fresh.every((token) => token.accessToken === 'token-2'));
    // A late 401 for the old token must not throw away the new one.
    cache.invalidate(stale);
    cache.invalidate('token-1');
    assert.equal(cache.peek()?.accessToken, 'token-2');
    assert.equal((await cache.get()).accessToken, 'token-2');
    assert.equal(source.calls(), 2);
  });

  it('refreshes before expiry by the skew, but never sooner than half the lifetime', async () => {
    let now = 1_000_000;
    const clock = () => now;
    const source = countingFetch({ lifetimeMs: 600_000, clock });
    const cache = createTokenCache({ fetchToken: source.fetchToken, expirySkewMs: 60_000, clock });
    assert.equal((await cache.get()).accessToken, 'token-1');
    now += 539_000;
    assert.equal((await cache.get()).accessToken, 'token-1');
    now += 2_000; // within 60 s of expiry
    assert.equal((await cache.get()).accessToken, 'token-2');

    const shortLived = countingFetch({ lifetimeMs: 20_000, clock });
    const shortCache = createTokenCache({ fetchToken: shortLived.fetchToken, expirySkewMs: 60_000, clock });
    await shortCache.get();
    now += 9_000;
    await shortCache.get();
    assert.equal(shortLived.calls(), 1, 'a 20 s token is used for its first 10 s');
    now += 2_000;
    await shortCache.get();
    assert.equal(shortLived.calls(), 2);
  });

  it('keeps a token without expiresAt until it is invalidated', async () => {
    let now = 0;
    const source = countingFetch();
    const cache = createTokenCache({ fetchToken: source.fetchToken, clock: () => now });
    await cache.get();
    now += 365 * 24 * 3600_000;
    assert.equal((await cache.get()).accessToken, 'token-1');
    cache.invalidate({ accessToken: 'token-1' });
    assert.equal((await cache.get()).accessToken, 'token-2');
  });

  it('does not cache a failed fetch: every waiter sees the error, the next get() tries again', async () => {
    let fail = true;
    let calls = 0;
    const cache = createTokenCache({
      fetchToken: async () => {
        calls += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (fail) throw new ConnectorError('AUTH_FAILED', 'invalid_client');
        return { accessToken: 'ok' };
      },
    });
    const results = await Promise.allSettled([cache.get(), cache.get(), cache.get()]);
    assert.equal(calls, 1);
    for (const result of results) {
      assert.equal(result.status, 'rejected');
      assert.equal((result.reason as ConnectorError).code, 'AUTH_FAILED');
    }
    fail = false;
    assert.equal((await cache.get()).accessToken, 'ok');
    assert.equal(calls, 2);
  });

  it('lets one waiter give up without cancelling the fetch for the others', async () => {
    const source = countingFetch({ delayMs: 30 });
    const cache = createTokenCache({ fetchToken: source.fetchToken });
    const impatient = new AbortController();
    const first = cache.get(impatient.signal);
    const second = cache.get();
    impatient.abort();
    await assert.rejects(
      first,
      (error: unknown) => error instanceof ConnectorError && error.code === 'CANCELLED',
    );
    assert.equal((await second).accessToken, 'token-1');
    assert.equal(source.signals[0]?.aborted, false);
    assert.equal(source.calls(), 1);
  });

  it('aborts the fetch when every waiter gives up, and the next caller starts afresh', async () => {
    const source = countingFetch({ delayMs: 30 });
    const cache = createTokenCache({ fetchToken: source.fetchToken });
    const a = new AbortController();
    const b = new AbortController();
    const waits = [cache.get(a.signal), cache.get(b.signal)];
    a.abort();
    b.abort();
    await Promise.allSettled(waits);
    assert.equal(source.signals[0]?.aborted, true);
    assert.equal((await cache.get()).accessToken, 'token-2');
    assert.equal(source.calls(), 2);
  });
});

describe('withToken', () => {
  it('retries once with a fresh token after AUTH_EXPIRED', async () => {
    const source = countingFetch();
    const cache = createTokenCache({ fetchToken: source.fetchToken });
    const used: string[] = [];
    const result = await withToken(cache, async (token) => {
      used.push(token.accessToken);
      if (token.accessToken === 'token-1') throw new ConnectorError('AUTH_EXPIRED', 'INVALID_SESSION_ID');
      return 'done';
    });
    assert.equal(result, 'done');
    assert.deepEqual(used, ['token-1', 'token-2']);
  });

  it('turns 20 concurrent AUTH_EXPIRED calls into one refresh and 20 successes', async () => {
    const source = countingFetch();
    const cache = createTokenCache({ fetchToken: source.fetchToken });
    await cache.get();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withToken(cache, async (token) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          if (token.accessToken === 'token-1') throw new ConnectorError('AUTH_EXPIRED', '401');
          return i;
        }),
      ),
    );
    assert.deepEqual(
      results,
      Array.from({ length: 20 }, (_, i) => i),
    );
    assert.equal(source.calls(), 2);
  });

  it('does not retry other errors, and gives up after the second AUTH_EXPIRED', async () => {
    const source = countingFetch();
    const cache = createTokenCache({ fetchToken: source.fetchToken });
    let attempts = 0;
    await assert.rejects(
      withToken(cache, async () => {
        attempts += 1;
        throw new ConnectorError('RATE_LIMITED', '429');
      }),
      (error: unknown) => error instanceof ConnectorError && error.code === 'RATE_LIMITED',
    );
    assert.equal(attempts, 1);
    attempts = 0;
    await assert.rejects(
      withToken(cache, async () => {
        attempts += 1;
        throw new ConnectorError('AUTH_EXPIRED', '401');
      }),
      (error: unknown) => error instanceof ConnectorError && error.code === 'AUTH_EXPIRED',
    );
    assert.equal(attempts, 2);
  });
});
