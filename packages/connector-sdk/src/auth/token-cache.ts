import { ConnectorError, isConnectorError } from '../connector-error.ts';

/** An OAuth 2.0 access token as the token endpoint returned it. */
export interface AccessToken {
  accessToken: string;
  /** Epoch milliseconds; absent when the endpoint gives no lifetime (Salesforce): valid until refused. */
  expiresAt?: number;
  /** Salesforce's `instance_url`: the base for API calls made with this token. */
  instanceUrl?: string;
  refreshToken?: string;
  /** The whole token response, for vendor-specific fields (`id`, `scope`, `issued_at`…). */
  raw?: Record<string, unknown>;
}

/** Obtains a new token. The signal aborts the request when every caller waiting for it has given up. */
export type FetchToken = (signal?: AbortSignal) => Promise<AccessToken>;

export interface TokenCacheOptions {
  fetchToken: FetchToken;
  /**
   * Refresh this long before `expiresAt`. Default 30 000 ms, and at most half the token's lifetime.
   * Exact Online refuses a refresh earlier than 570 s into its 600 s tokens: stay at or below 30 000 there.
   */
  expirySkewMs?: number;
  clock?: () => number;
}

export interface TokenCache {
  /** A valid token: the cached one, or a fresh one; concurrent callers share a single fetch. */
  get(signal?: AbortSignal): Promise<AccessToken>;
  /**
   * Drops `token` if it is still the cached one (a 401 proved it dead). A token that was already replaced
   * is left alone, so many concurrent 401s for the same token cause one refresh, not many.
   */
  invalidate(token: AccessToken | string): void;
  /** The cached token without fetching (may be expired or absent). */
  peek(): AccessToken | undefined;
}

interface Flight {
  promise: Promise<AccessToken>;
  controller: AbortController;
  waiters: number;
}

/**
 * Caches an OAuth 2.0 access token and refreshes it single-flight.
 *
 * @example
 * ```ts
 * const tokens = createTokenCache({
 *   fetchToken: clientCredentialsGrant({ tokenUrl, clientId, clientSecret, http }),
 * });
 * const token = await tokens.get();
 * ```
 */
export function createTokenCache(options: TokenCacheOptions): TokenCache {
  const clock = options.clock ?? Date.now;
  const skewMs = options.expirySkewMs ?? 30_000;
  let current: { token: AccessToken; fetchedAt: number } | undefined;
  let flight: Flight | undefined;

  function isFresh(entry: { token: AccessToken; fetchedAt: number }): boolean {
    const { expiresAt } = entry.token;
    if (expiresAt === undefined) return true;
    // A short-lived token must still be usable: never let the skew eat more than half its life.
    const skew = Math.min(skewMs, Math.max(0, (expiresAt - entry.fetchedAt) / 2));
    return clock() < expiresAt - skew;
  }

  function startFlight(): Flight {
    const started = { controller: new AbortController(), waiters: 0 } as Flight;
    started.promise = (async () => {
      try {
        const token = await options.fetchToken(started.controller.signal);
        if (flight === started) current = { token, fetchedAt: clock() };
        return token;
      } finally {
        if (flight === started) flight = undefined;
      }
    })();
    // Waiters may all have left; the flight's own rejection must not become an unhandled one.
    started.promise.catch(() => {});
    return started;
  }

  async function join(active: Flight, signal: AbortSignal | undefined): Promise<AccessToken> {
    if (signal?.aborted === true) throw cancelledWait(signal.reason);
    active.waiters += 1;
    let left = false;
    const leave = (): void => {
      if (left) return;
      left = true;
      active.waiters -= 1;
    };
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      if (signal === undefined) return;
      onAbort = () => {
        leave();
        if (active.waiters === 0 && flight === active) {
          // Nobody wants this token any more: stop the request, and let the next caller start afresh.
          flight = undefined;
          active.controller.abort();
        }
        reject(cancelledWait(signal.reason));
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([active.promise, aborted]);
    } finally {
      if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
      leave();
    }
  }

  return {
    async get(signal) {
      if (current !== undefined && isFresh(current)) return current.token;
      flight ??= startFlight();
      return join(flight, signal);
    },
    invalidate(token) {
      const value = typeof token === 'string' ? token : token.accessToken;
      if (current?.token.accessToken === value) current = undefined;
    },
    peek: () => current?.token,
  };
}

function cancelledWait(reason: unknown): ConnectorError {
  return new ConnectorError('CANCELLED', 'Waiting for an access token was cancelled', {
    retryable: false,
    cause: reason,
  });
}

/**
 * Runs `fn` with a valid token; if it fails with AUTH_EXPIRED, drops that token and runs `fn` once more
 * with a fresh one, so a token that expired mid-run costs one refresh, not the call.
 *
 * @example
 * ```ts
 * const account = await withToken(tokens, (token) =>
 *   http.request({ url: `${token.instanceUrl}/services/data/v62.0/sobjects/Account/${id}`,
 *                  headers: { authorization: `Bearer ${token.accessToken}` } }),
 * );
 * ```
 */
export async function withToken<T>(
  cache: TokenCache,
  fn: (token: AccessToken) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const token = await cache.get(signal);
  try {
    return await fn(token);
  } catch (error) {
    if (!isConnectorError(error) || error.code !== 'AUTH_EXPIRED') throw error;
    cache.invalidate(token);
    return fn(await cache.get(signal));
  }
}
