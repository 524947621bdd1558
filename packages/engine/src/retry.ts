import type { RetrySettings } from '@flowsync/contracts';
import { toConnectorError, type ConnectorError } from '@flowsync/connector-sdk';
import type { Clock } from './ports.ts';

/**
 * Delay before retry number `retry` (1 = first retry): exponential (or fixed) from `baseDelayMs`,
 * capped at `maxDelayMs`, with "equal jitter" (half fixed, half random) so that many failing calls do
 * not retry in lockstep. A Retry-After from the system is a floor: we never call back sooner.
 */
export function backoffDelay(
  settings: RetrySettings,
  retry: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  const exponent = settings.backoff === 'exponential' ? retry - 1 : 0;
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** exponent);
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}

export interface RetryContext {
  settings: RetrySettings;
  clock: Clock;
  random: () => number;
  signal: AbortSignal;
  /** Called before each retry, e.g. to count it. */
  onRetry(error: ConnectorError, retry: number, delayMs: number): void;
}

/**
 * Runs `call` and retries it while it fails with a retryable ConnectorError, up to
 * `settings.attempts` tries in all. Throws the last error (as a ConnectorError).
 */
export async function withRetry<T>(call: () => Promise<T>, context: RetryContext): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (thrown) {
      const error = toConnectorError(thrown);
      if (context.signal.aborted) throw error;
      if (!error.retryable || attempt >= context.settings.attempts) throw error;
      const delay = backoffDelay(context.settings, attempt, context.random, error.retryAfterMs);
      context.onRetry(error, attempt, delay);
      await context.clock.sleep(delay, context.signal);
    }
  }
}
