import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ClientMessage, type ServerMessage } from '@flowsync/contracts';
import type { Role } from '@flowsync/store';
import { authenticateRequest, type Principal } from '../auth/index.ts';
import { unauthenticated } from '../auth/roles.ts';
import { AppError } from '../app-error.ts';
import type { EventHub } from '../events/event-hub.ts';

/** A browser's Origin must name the host it connected to; clients that send no Origin are not browsers. */
export function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

export interface WsLimits {
  /** Ping interval; a socket that misses two pongs in a row is terminated. Default 30 s. */
  heartbeatMs: number;
  /** Above this many bytes waiting to be sent, counter updates for the socket are dropped. Default 1 MiB. */
  maxBufferedBytes: number;
  /** A socket that stays above `maxBufferedBytes` this long is closed (1013). Default 10 s. */
  slowCloseMs: number;
  /** Above this many bytes waiting, the socket is closed (1013) at once. Default 4 MiB. */
  hardBufferedBytes: number;
  /** Topics one socket may follow at once. Default 50. */
  maxSubscriptions: number;
}

export const DEFAULT_WS_LIMITS: WsLimits = {
  heartbeatMs: 30_000,
  maxBufferedBytes: 1024 * 1024,
  slowCloseMs: 10_000,
  hardBufferedBytes: 4 * 1024 * 1024,
  maxSubscriptions: 50,
};

type TopicKind = 'flows' | 'flow' | 'run';

/**
 * Which roles may follow each kind of topic. Every role reads flows and runs today; a future topic
 * with restricted content gets its roles here and is refused to the others.
 */
const TOPIC_READERS: Record<TopicKind, readonly Role[]> = {
  flows: ['admin', 'integrator', 'analyst', 'viewer'],
  flow: ['admin', 'integrator', 'analyst', 'viewer'],
  run: ['admin', 'integrator', 'analyst', 'viewer'],
};

export function topicKind(topic: string): TopicKind {
  if (topic === 'flows') return 'flows';
  if (topic.startsWith('flow:')) return 'flow';
  return 'run';
}

export function mayFollow(role: Role, topic: string): boolean {
  return TOPIC_READERS[topicKind(topic)].includes(role);
}

const checkClientMessage = TypeCompiler.Compile(ClientMessage);

/**
 * The run-status websocket, `GET /api/ws`. The caller is authenticated before the upgrade (session
 * cookie or API token; 401 otherwise). Clients subscribe to `flows`, `flow:<id>` or `run:<id>`, get
 * `subscribed`, a snapshot of the topic's runs, then live events. Slow clients lose counter updates
 * (the next one supersedes them) and are closed with 1013 when their backlog does not shrink.
 */
export const wsRoutes: FastifyPluginAsync<Partial<WsLimits>> = async (app, options) => {
  const limits: WsLimits = { ...DEFAULT_WS_LIMITS, ...options };
  app.get(
    '/ws',
    {
      websocket: true,
      preValidation: async (request: FastifyRequest, reply: FastifyReply) => {
        const principal = await authenticateRequest(request);
        if (principal === null) {
          const error = unauthenticated();
          return reply.code(error.statusCode).send(error.toBody());
        }
        if (principal.via === 'session' && !sameOrigin(request)) {
          // The session cookie rides along with any page's socket: only our own pages may use it.
          const error = new AppError(
            'FORBIDDEN',
            'This websocket accepts browser sessions from its own origin only',
          );
          return reply.code(error.statusCode).send(error.toBody());
        }
        return undefined;
      },
    },
    (socket: WebSocket, request: FastifyRequest) => {
      new RunStatusConnection(socket, request.principal, app.services.hub, limits, request.log);
    },
  );
};

/** One browser's socket: its subscriptions, heartbeat and backpressure. */
class RunStatusConnection {
  private readonly socket: WebSocket;
  private readonly principal: Principal;
  private readonly hub: EventHub;
  private readonly limits: WsLimits;
  private readonly log: { warn(o: object, m?: string): void };
  private readonly subscriptions = new Map<string, () => void>();
  private readonly heartbeat: NodeJS.Timeout;
  private missedPongs = 0;
  private overSince: number | undefined;
  private closing = false;
  private corked = false;

  constructor(
    socket: WebSocket,
    principal: Principal,
    hub: EventHub,
    limits: WsLimits,
    log: { warn(o: object, m?: string): void },
  ) {
    this.socket = socket;
    this.principal = principal;
    this.hub = hub;
    this.limits = limits;
    this.log = log;
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('pong', () => {
      this.missedPongs = 0;
    });
    socket.on('close', () => this.dispose());
    socket.on('error', () => this.dispose());
    this.heartbeat = setInterval(() => this.beat(), limits.heartbeatMs);
    this.heartbeat.unref();
  }

  private receive(data: WebSocket.RawData, isBinary: boolean): void {
    if (this.closing) return;
    if (isBinary) return this.error('VALIDATION_FAILED', 'Send JSON text messages');
    let message: unknown;
    try {
      message = JSON.parse(rawText(data));
    } catch {
      return this.error('VALIDATION_FAILED', 'The message is not JSON');
    }
    if (!checkClientMessage.Check(message)) {
      const first = checkClientMessage.Errors(message).First();
      const where = first?.path ? ` at ${first.path}` : '';
      return this.error(
        'VALIDATION_FAILED',
        `Not a valid message${where}: send {type: "subscribe" | "unsubscribe", topic: "flows" | "flow:<id>" | "run:<id>"} or {type: "ping"}`,
      );
    }
    switch (message.type) {
      case 'subscribe':
        return this.subscribe(message.topic);
      case 'unsubscribe':
        return this.unsubscribe(message.topic);
      case 'ping':
        return this.send({ type: 'pong' });
      default:
        return assertNever(message);
    }
  }

  private subscribe(topic: string): void {
    if (!mayFollow(this.principal.role, topic)) {
      return this.error('FORBIDDEN', `Your role (${this.principal.role}) may not follow ${topic}`);
    }
    if (!this.subscriptions.has(topic) && this.subscriptions.size >= this.limits.maxSubscriptions) {
      return this.error(
        'VALIDATION_FAILED',
        `At most ${this.limits.maxSubscriptions} subscriptions per connection; unsubscribe from a topic first`,
      );
    }
    // subscribed, snapshot and the hub subscription happen in one turn: no event can fall between.
    this.subscriptions.get(topic)?.();
    this.send({ type: 'subscribed', topic });
    this.send({ type: 'snapshot', topic, runs: this.hub.snapshot(topic) });
    this.subscriptions.set(
      topic,
      this.hub.subscribe(topic, (message) => this.send(message)),
    );
  }

  private unsubscribe(topic: string): void {
    this.subscriptions.get(topic)?.();
    this.subscriptions.delete(topic);
    this.send({ type: 'unsubscribed', topic });
  }

  private error(code: string, message: string): void {
    this.send({ type: 'error', code, message });
  }

  private send(message: ServerMessage): void {
    if (this.closing || this.socket.readyState !== this.socket.OPEN) return;
    const buffered = this.socket.bufferedAmount;
    if (buffered > this.limits.hardBufferedBytes) return this.closeSlow(buffered);
    if (buffered > this.limits.maxBufferedBytes) {
      const now = Date.now();
      this.overSince ??= now;
      if (now - this.overSince > this.limits.slowCloseMs) return this.closeSlow(buffered);
      // A counter update is superseded by the next one (and by run.finished): safe to drop.
      if (message.type === 'run.counters') return;
    } else {
      this.overSince = undefined;
    }
    this.corkUntilNextTurn();
    this.socket.send(JSON.stringify(message));
  }

  /**
   * Holds this turn's messages back and writes them with one system call in the next turn: a page's
   * burst of record events otherwise costs one write per event per socket, and with many subscribers
   * the writes alone delayed the next events by a few hundred milliseconds.
   */
  private corkUntilNextTurn(): void {
    // ws keeps its net.Socket in `_socket` (not typed); without it messages go out one by one as before.
    const raw = (this.socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
    if (this.corked || raw === undefined) return;
    this.corked = true;
    raw.cork();
    setImmediate(() => {
      this.corked = false;
      raw.uncork();
    });
  }

  private beat(): void {
    if (this.closing) return;
    if (this.missedPongs >= 2) {
      this.socket.terminate();
      this.dispose();
      return;
    }
    if (this.overSince !== undefined) {
      if (this.socket.bufferedAmount <= this.limits.maxBufferedBytes) this.overSince = undefined;
      else if (Date.now() - this.overSince > this.limits.slowCloseMs)
        return this.closeSlow(this.socket.bufferedAmount);
    }
    this.missedPongs++;
    this.socket.ping();
  }

  private closeSlow(buffered: number): void {
    this.log.warn({ user: this.principal.email, buffered }, 'websocket closed: the client reads too slowly');
    this.dispose();
    this.socket.close(1013, 'Too slow: messages piled up; reconnect to get a fresh snapshot');
    // A client that does not read will not complete the close handshake either.
    setTimeout(() => this.socket.terminate(), 5000).unref();
  }

  private dispose(): void {
    if (this.closing) return;
    this.closing = true;
    clearInterval(this.heartbeat);
    for (const unsubscribe of this.subscriptions.values()) unsubscribe();
    this.subscriptions.clear();
  }
}

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function assertNever(value: never): never {
  throw new Error(`unexpected client message ${JSON.stringify(value)}`);
}
