import { ConnectorError } from '@flowsync/connector-sdk';

/** A counting semaphore: at most `limit` holders at once, waiters served in order. */
export class Semaphore {
  private readonly limit: number;
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Resolves with a release function once a slot is free; rejects CANCELLED if the signal aborts first. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(cancelled());
    const grant = (): (() => void) => {
      let released = false;
      return () => {
        if (released) return;
        released = true;
        this.active -= 1;
        this.waiting.shift()?.();
      };
    };
    if (this.active < this.limit) {
      this.active += 1;
      return Promise.resolve(grant());
    }
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.waiting.indexOf(wake);
        if (index !== -1) this.waiting.splice(index, 1);
        reject(cancelled());
      };
      const wake = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.active += 1;
        resolve(grant());
      };
      this.waiting.push(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function cancelled(): ConnectorError {
  return new ConnectorError('CANCELLED', 'The NetSuite call was cancelled', { retryable: false });
}

/** Waits `ms`, or rejects CANCELLED when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(cancelled());
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs `fn` over `items` with at most `limit` running at once; results keep the input order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
