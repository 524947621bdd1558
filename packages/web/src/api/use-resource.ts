import { useCallback, useEffect, useRef, useState } from 'react';

export type Resource<T> =
  | { state: 'loading'; data: T | undefined; error: undefined; reload: () => void }
  | { state: 'ready'; data: T; error: undefined; reload: () => void }
  | { state: 'error'; data: T | undefined; error: unknown; reload: () => void };

/**
 * Loads data for a screen and tracks loading and error states. `deps` re-run the load; `reload()`
 * refetches while keeping the current data on screen (no flash of a spinner).
 *
 * @example
 * const flows = useResource(() => api.flows.list(), []);
 */
export function useResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setState((s) => (s === 'ready' ? s : 'loading'));
    loadRef.current(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setError(undefined);
        setState('ready');
      },
      (reason: unknown) => {
        if (controller.signal.aborted) return;
        setError(reason);
        setState('error');
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  if (state === 'ready') return { state, data: data as T, error: undefined, reload };
  if (state === 'error') return { state, data, error, reload };
  return { state, data, error: undefined, reload };
}
