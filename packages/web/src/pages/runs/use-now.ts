// A clock for relative times and running durations: re-renders the caller every `everyMs`.
import { useEffect, useState } from 'react';

/** `Date.now()`, refreshed every `everyMs` while `enabled` (durations of running runs, "3 min ago"). */
export function useNow(everyMs: number, enabled = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!enabled) return undefined;
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs, enabled]);
  return now;
}
