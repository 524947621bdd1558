import { useEffect } from 'react';
import { live } from './live.ts';

/** Follows a websocket topic while the component is mounted (`flows`, `flow:<id>`, `run:<id>`). */
export function useTopic(topic: string | undefined): void {
  useEffect(() => (topic ? live.subscribe(topic) : undefined), [topic]);
}
