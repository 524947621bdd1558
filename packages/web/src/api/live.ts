// The browser's one websocket to /api/ws: topic subscriptions with reference counts, automatic
// reconnect with backoff (re-subscribing every topic, which brings fresh snapshots), and a heartbeat.
import type { ClientMessage, ServerMessage } from '@flowsync/contracts';

export type LiveListener = (message: ServerMessage) => void;
export type LiveStatus = 'connecting' | 'open' | 'closed';

const RECONNECT_DELAYS_MS = [500, 1000, 2000, 5000, 10_000];
const PING_EVERY_MS = 25_000;

class LiveConnection {
  private socket: WebSocket | undefined;
  private readonly topics = new Map<string, number>();
  private readonly listeners = new Set<LiveListener>();
  private readonly statusListeners = new Set<(status: LiveStatus) => void>();
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private wanted = false;
  status: LiveStatus = 'closed';

  /** Opens the socket (after sign-in). Safe to call repeatedly. */
  start(): void {
    this.wanted = true;
    if (this.socket) return;
    this.open();
  }

  /** Closes the socket for good (sign-out). */
  stop(): void {
    this.wanted = false;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pingTimer);
    this.socket?.close(1000, 'signed out');
    this.socket = undefined;
    this.topics.clear();
    this.setStatus('closed');
  }

  /** Follows a topic (`flows`, `flow:<id>`, `run:<id>`) until the returned function is called. */
  subscribe(topic: string): () => void {
    const count = this.topics.get(topic) ?? 0;
    this.topics.set(topic, count + 1);
    if (count === 0) this.send({ type: 'subscribe', topic });
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.topics.get(topic) ?? 1) - 1;
      if (left > 0) {
        this.topics.set(topic, left);
        return;
      }
      this.topics.delete(topic);
      this.send({ type: 'unsubscribe', topic });
    };
  }

  onMessage(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: (status: LiveStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private open(): void {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/api/ws`);
    this.socket = socket;
    this.setStatus('connecting');
    socket.addEventListener('open', () => {
      this.attempt = 0;
      this.setStatus('open');
      for (const topic of this.topics.keys()) this.send({ type: 'subscribe', topic });
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.send({ type: 'ping' }), PING_EVERY_MS);
    });
    socket.addEventListener('message', (event) => {
      let message: ServerMessage;
      try {
        message = JSON.parse(String(event.data)) as ServerMessage;
      } catch {
        return;
      }
      for (const listener of this.listeners) listener(message);
    });
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      clearInterval(this.pingTimer);
      this.setStatus('closed');
      if (!this.wanted) return;
      const delay = RECONNECT_DELAYS_MS[Math.min(this.attempt, RECONNECT_DELAYS_MS.length - 1)] ?? 10_000;
      this.attempt += 1;
      this.reconnectTimer = setTimeout(() => this.open(), delay);
    });
  }

  private send(message: ClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private setStatus(status: LiveStatus): void {
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
  }
}

/** The app's single live connection. */
export const live = new LiveConnection();
