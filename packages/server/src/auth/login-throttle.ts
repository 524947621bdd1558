export interface LoginThrottleOptions {
  /** Failures allowed within the window before sign-in for that key is refused. Default 5. */
  maxFailures?: number;
  /** Default 15 minutes. */
  windowMs?: number;
  /** Keys remembered at most; the oldest are forgotten first, so a flood of emails cannot grow memory. */
  maxKeys?: number;
  now?: () => number;
}

/**
 * Counts failed sign-ins per key (the normalised email) in a sliding window. In memory, per process:
 * with several server processes each one counts on its own, and a restart forgets.
 *
 * @example
 * ```ts
 * const throttle = new LoginThrottle();
 * if (throttle.retryAfterMs(email) > 0) throw tooManyAttempts();
 * if (!ok) throttle.fail(email); else throttle.reset(email);
 * ```
 */
export class LoginThrottle {
  readonly #failures = new Map<string, number[]>();
  readonly #maxFailures: number;
  readonly #windowMs: number;
  readonly #maxKeys: number;
  readonly #now: () => number;

  constructor(options: LoginThrottleOptions = {}) {
    this.#maxFailures = options.maxFailures ?? 5;
    this.#windowMs = options.windowMs ?? 15 * 60_000;
    this.#maxKeys = options.maxKeys ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** 0 when the key may try; otherwise how long until it may. */
  retryAfterMs(key: string): number {
    const recent = this.#recent(key);
    if (recent.length < this.#maxFailures) return 0;
    const oldestCounted = recent[recent.length - this.#maxFailures] ?? 0;
    return Math.max(1, oldestCounted + this.#windowMs - this.#now());
  }

  fail(key: string): void {
    const recent = this.#recent(key);
    recent.push(this.#now());
    this.#failures.delete(key);
    this.#failures.set(key, recent.slice(-this.#maxFailures));
    if (this.#failures.size > this.#maxKeys) this.#prune();
  }

  reset(key: string): void {
    this.#failures.delete(key);
  }

  #recent(key: string): number[] {
    const since = this.#now() - this.#windowMs;
    return (this.#failures.get(key) ?? []).filter((at) => at > since);
  }

  #prune(): void {
    const since = this.#now() - this.#windowMs;
    for (const [key, times] of this.#failures) {
      if (times.every((at) => at <= since)) this.#failures.delete(key);
    }
    // Map order is insertion order and fail() re-inserts, so the first keys are the least recent.
    for (const key of this.#failures.keys()) {
      if (this.#failures.size <= this.#maxKeys) break;
      this.#failures.delete(key);
    }
  }
}
