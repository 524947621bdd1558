// The run-status websocket over real HTTP with the `ws` client: authentication before the upgrade,
// runs streamed to several subscribers, snapshots for late subscribers, message validation, limits,
// slow clients and the heartbeat.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import WebSocket from 'ws';
import type { RunEvent, RunRecord, RunSnapshot, ServerMessage } from '@flowsync/contracts';
import { authPlugin } from '../src/auth/index.ts';
import { registerErrorHandler } from '../src/error-handler.ts';
import { wsRoutes } from '../src/routes/ws.routes.ts';
import { signIn } from './support/sign-in.ts';
import { createTestApp } from './support/test-app.ts';
import {
  ACCOUNTS_FLOW,
  flowFile,
  node,
  startRunEnvironment,
  variant,
  type RunEnvironment,
} from './support/run-environment.ts';

const POLLING_FLOW = 'accounts-polling';

/** A websocket client that records every message and can wait for one. */
class Client {
  readonly socket: WebSocket;
  readonly messages: ServerMessage[] = [];
  private waiters: (() => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(url: string, headers: Record<string, string>, options: WebSocket.ClientOptions = {}) {
    this.socket = new WebSocket(url, { headers, ...options });
    this.socket.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as ServerMessage);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => {
      this.socket.on('close', (code, reason) => {
        resolve({ code, reason: String(reason) });
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Resolves with the first recorded message (from `from` on) that matches. */
  async next<T extends ServerMessage>(
    match: (m: ServerMessage) => m is T,
    from?: number,
    timeoutMs?: number,
  ): Promise<T>;
  async next(match: (m: ServerMessage) => boolean, from?: number, timeoutMs?: number): Promise<ServerMessage>;
  async next(match: (m: ServerMessage) => boolean, from = 0, timeoutMs = 15_000): Promise<ServerMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found) return found;
      if (this.socket.readyState === WebSocket.CLOSED) throw new Error('the socket closed');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message; got ${JSON.stringify(this.messages.slice(-5))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.close();
  }
}

const isFinished =
  (runId: string) =>
  (m: ServerMessage): m is Extract<RunEvent, { type: 'run.finished' }> =>
    m.type === 'run.finished' && m.runId === runId;

describe('run-status websocket', () => {
  let env: RunEnvironment;
  let wsUrl: string;
  const clients: Client[] = [];
  const connect = async (role: 'admin' | 'integrator' | 'analyst' | 'viewer' = 'viewer') => {
    const client = new Client(wsUrl, { authorization: env.t.token(role) });
    clients.push(client);
    await client.opened();
    return client;
  };
  const subscribe = async (client: Client, topic: string) => {
    const from = client.messages.length;
    client.send({ type: 'subscribe', topic });
    return client.next(
      (m): m is Extract<ServerMessage, { type: 'snapshot' }> => m.type === 'snapshot' && m.topic === topic,
      from,
    );
  };

  before(async () => {
    env = await startRunEnvironment({ seed: { companies: 8, contacts: 8 } });
    await env.saveFlow(flowFile(ACCOUNTS_FLOW));
    await env.saveFlow(
      variant(ACCOUNTS_FLOW, POLLING_FLOW, (flow) => {
        const trigger = node(flow, 'customers-changed');
        trigger.config.schedule = {
          kind: 'polling',
          everySeconds: 3600,
          checkProcessSeconds: 30,
          sleepSeconds: 5,
        };
        delete trigger.config.incremental;
      }),
    );
    const base = await env.t.app.listen({ host: '127.0.0.1', port: 0 });
    wsUrl = `${base.replace('http', 'ws')}/api/ws`;
  });
  after(async () => {
    for (const client of clients) client.socket.terminate();
    await env?.close();
  });

  it('refuses the upgrade without a session or an API token', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer fs_not-a-real-token' },
      { cookie: 'flowsync_session=forged' },
    ]) {
      const socket = new WebSocket(wsUrl, { headers });
      const status = await new Promise<number>((resolve) => {
        socket.on('error', () => {});
        socket.on('unexpected-response', (request, response) => {
          resolve(response.statusCode ?? 0);
          request.destroy();
        });
        socket.on('open', () => resolve(101));
      });
      assert.equal(status, 401, JSON.stringify(headers));
    }
    const session = await signIn(env.t.app, 'analyst@test.flowsync');
    const browser = new Client(wsUrl, { cookie: `flowsync_session=${session.cookie}` });
    clients.push(browser);
    await browser.opened();
    const snapshot = await subscribe(browser, 'flows');
    assert.deepEqual(snapshot.runs, []);

    // Another site's page cannot ride on the session cookie.
    const foreign = new WebSocket(wsUrl, {
      headers: { cookie: `flowsync_session=${session.cookie}`, origin: 'https://evil.example' },
    });
    const foreignStatus = await new Promise<number>((resolve) => {
      foreign.on('error', () => {});
      foreign.on('unexpected-response', (request, response) => {
        resolve(response.statusCode ?? 0);
        request.destroy();
      });
      foreign.on('open', () => resolve(101));
    });
    assert.equal(foreignStatus, 403);
  });

  it('streams one run to two subscribers with identical final counters', async () => {
    const everything = await connect('viewer');
    const oneFlow = await connect('admin');
    await subscribe(everything, 'flows');
    await subscribe(oneFlow, `flow:${ACCOUNTS_FLOW}`);
    const started = await env.t.as('integrator', { method: 'POST', url: `/api/flows/${ACCOUNTS_FLOW}/runs` });
    const runId = started.json<RunRecord>().id;

    const [a, b] = await Promise.all([everything.next(isFinished(runId)), oneFlow.next(isFinished(runId))]);
    assert.equal(a.status, 'succeeded', a.message);
    assert.deepEqual(a.totals, b.totals);
    assert.deepEqual(a.nodes, b.nodes);
    const stored = await env.t.store.runs.get(runId);
    assert.deepEqual(
      stored?.totals,
      a.totals,
      'the store has the streamed outcome when run.finished arrives',
    );
    assert.equal(a.totals.read, env.sandbox.seed.customers.length);
    for (const client of [everything, oneFlow]) {
      const types = client.messages.filter((m) => 'runId' in m && m.runId === runId).map((m) => m.type);
      assert.equal(types[0], 'run.queued');
      assert.equal(types[1], 'run.started');
      assert.equal(types.at(-1), 'run.finished');
      assert.ok(types.includes('run.counters'), types.join());
    }
  });

  it('gives a late subscriber a snapshot of the run as everyone else sees it', async () => {
    const early = await connect('integrator');
    await subscribe(early, `flow:${POLLING_FLOW}`);
    const runId = (
      await env.t.as('integrator', { method: 'POST', url: `/api/flows/${POLLING_FLOW}/runs` })
    ).json<RunRecord>().id;
    // The first poll has been processed; the run now sleeps before polling again.
    const counters = await early.next(
      (m): m is Extract<RunEvent, { type: 'run.counters' }> =>
        m.type === 'run.counters' && m.runId === runId && m.totals.read > 0,
    );

    const late = await connect('viewer');
    const snapshot = await subscribe(late, `run:${runId}`);
    const [run] = snapshot.runs as [RunSnapshot];
    assert.equal(snapshot.runs.length, 1);
    assert.equal(run.runId, runId);
    assert.equal(run.status, 'running');
    assert.deepEqual(run.totals, counters.totals);
    assert.deepEqual(run.nodes, counters.nodes);
    const flowSnapshot = await subscribe(late, `flow:${POLLING_FLOW}`);
    assert.deepEqual(
      flowSnapshot.runs.map((r) => r.runId),
      [runId],
    );

    await env.t.as('integrator', { method: 'POST', url: `/api/runs/${runId}/cancel` });
    const [a, b] = await Promise.all([early.next(isFinished(runId)), late.next(isFinished(runId))]);
    assert.equal(a.status, 'cancelled');
    assert.deepEqual(a.totals, b.totals);
  });

  it('answers a bad message with an error and stays usable; an oversized one closes the socket', async () => {
    const client = await connect('viewer');
    const bad: unknown[] = [
      'not json',
      { type: 'subscribe', topic: 'everything' },
      { type: 'subscribe' },
      { type: 'shout', topic: 'flows' },
      { type: 'subscribe', topic: 'flow:Has Spaces' },
    ];
    for (const message of bad) {
      const from = client.messages.length;
      client.send(message);
      const error = await client.next((m) => m.type === 'error', from);
      assert.ok(error.type === 'error' && error.code === 'VALIDATION_FAILED', JSON.stringify(error));
    }
    const from = client.messages.length;
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    await client.next((m) => m.type === 'error', from);
    client.send({ type: 'ping' });
    await client.next((m) => m.type === 'pong', from);
    const snapshot = await subscribe(client, `flow:${ACCOUNTS_FLOW}`);
    assert.equal(snapshot.type, 'snapshot');
    client.send({ type: 'unsubscribe', topic: `flow:${ACCOUNTS_FLOW}` });
    await client.next((m) => m.type === 'unsubscribed', from);

    const oversized = await connect('viewer');
    oversized.send({ type: 'ping', padding: 'x'.repeat(65 * 1024) });
    assert.equal((await oversized.closed).code, 1009, 'a message over 64 KiB closes the socket');
  });

  it('allows at most 50 subscriptions per socket', async () => {
    const client = await connect('viewer');
    for (let i = 0; i < 50; i++) client.send({ type: 'subscribe', topic: `run:run-${i}` });
    await client.next((m) => m.type === 'snapshot' && m.topic === 'run:run-49');
    let from = client.messages.length;
    client.send({ type: 'subscribe', topic: 'run:run-50' });
    const refused = await client.next((m) => m.type === 'error', from);
    assert.match(refused.type === 'error' ? refused.message : '', /At most 50 subscriptions/);
    from = client.messages.length;
    client.send({ type: 'subscribe', topic: 'run:run-7' });
    await client.next((m) => m.type === 'subscribed' && m.topic === 'run:run-7', from);
    client.send({ type: 'unsubscribe', topic: 'run:run-0' });
    client.send({ type: 'subscribe', topic: 'run:run-50' });
    await client.next((m) => m.type === 'subscribed' && m.topic === 'run:run-50', from);
  });

  it('drops counter updates for a slow client and closes it (1013) before its backlog grows without bound', async () => {
    const slow = await connect('viewer');
    await subscribe(slow, 'flows');
    const socket = (slow.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    const at = new Date().toISOString();
    const padding = 'x'.repeat(8 * 1024);
    let published = 0;
    // About 48 MiB in all, far beyond what the kernel buffers can absorb.
    for (let i = 0; i < 6000; i++) {
      const runId = `flood-${i}`;
      env.t.services.hub.publish({
        type: 'run.recordError',
        runId,
        flowId: 'flood',
        at,
        errorId: `e${i}`,
        nodeId: 'n',
        sourceId: String(i),
        code: 'TARGET_VALIDATION',
        message: padding,
      });
      env.t.services.hub.publish({
        type: 'run.counters',
        runId,
        flowId: 'flood',
        at,
        nodes: {},
        totals: { read: i, written: 0, rejected: 0, skipped: 0, failed: 0 },
      });
      published += padding.length;
    }
    socket.resume();
    const closed = await slow.closed;
    assert.equal(closed.code, 1013);
    const received = slow.messages.filter((m) => m.type === 'run.recordError').length;
    const counters = slow.messages.filter((m) => m.type === 'run.counters').length;
    assert.ok(received * padding.length < published / 2, `received ${received} of 6000 large messages`);
    assert.ok(counters < received, `counters were dropped (${counters} counters, ${received} errors)`);
    // Everyone else is still served.
    const healthy = await connect('viewer');
    await subscribe(healthy, 'flows');
  });
});

describe('run-status websocket heartbeat', () => {
  it('terminates a socket that misses two pongs and keeps one that answers', async () => {
    const t = await createTestApp();
    const app = Fastify();
    registerErrorHandler(app);
    app.decorate('services', t.services);
    await app.register(cookie);
    await app.register(websocket);
    await app.register(authPlugin);
    await app.register(wsRoutes, { prefix: '/api', heartbeatMs: 100 });
    const url = `${(await app.listen({ host: '127.0.0.1', port: 0 })).replace('http', 'ws')}/api/ws`;
    try {
      const headers = { authorization: t.token('viewer') };
      const silent = new Client(url, headers, { autoPong: false });
      const alive = new Client(url, headers);
      await Promise.all([silent.opened(), alive.opened()]);
      const started = Date.now();
      const closed = await silent.closed;
      assert.equal(closed.code, 1006, 'terminated, no close handshake');
      assert.ok(Date.now() - started < 2000);
      assert.equal(alive.socket.readyState, WebSocket.OPEN, 'the socket that answers pings stays');
      alive.close();
    } finally {
      await app.close();
      await t.close();
    }
  });
});
