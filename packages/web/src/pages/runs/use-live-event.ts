// Calls back when chosen websocket messages arrive (debounced), so a screen can refetch what changed.
import { useEffect, useRef } from 'react';
import type { ServerMessage } from '@flowsync/contracts';
import { live } from '../../api/live.ts';

type MessageType = ServerMessage['type'];

/**
 * Runs `onEvent` once per burst of matching messages (`delayMs` after the last one).
 *
 * @example
 * useLiveEvent(['flow.changed', 'run.finished'], flows.reload);
 */
export function useLiveEvent(
  types: readonly MessageType[],
  onEvent: (message: ServerMessage) => void,
  options: { delayMs?: number; when?: (message: ServerMessage) => boolean } = {},
): void {
  const onEventRef = useRef(onEvent);
  const whenRef = useRef(options.when);
  useEffect(() => {
    onEventRef.current = onEvent;
    whenRef.current = options.when;
  });
  const key = types.join(' ');
  const delayMs = options.delayMs ?? 300;
  useEffect(() => {
    const wanted = new Set(key.split(' '));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = live.onMessage((message) => {
      if (!wanted.has(message.type)) return;
      if (whenRef.current && !whenRef.current(message)) return;
      clearTimeout(timer);
      timer = setTimeout(() => onEventRef.current(message), delayMs);
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [key, delayMs]);
}
