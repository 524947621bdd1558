// Benchmark 4, live status: 100 websocket subscribers (all on `flows`) watching a 100,000-record run on
// the real server. Three processes: the sandbox, the server (API, websocket, run worker thread — its
// peak RSS is the "server RSS"), and the subscribers, which time every event from the engine's `at`
// stamp to its arrival (same machine, same clock).
import WebSocket from 'ws';
import type { Flow, RunRecord, ServerMessage } from '@flowsync/contracts';
import { createTestApp } from '../../packages/server/test/support/test-app.ts';
import { runInChild, startChild, type ChildContext } from './support/child-process.ts';
import { withSandbox, type SandboxInfo } from './support/sandbox-service.ts';
import { percentile } from './support/stats.ts';

export const LIVE_FLOW_ID = 'bench-live-status';

/**
 * Reads every NetSuite contact (1,000 per SuiteQL page, incremental so that each page commits a
 * watermark event), rejects those without a company (record events), and creates the rest in
 * Salesforce in collections of 200.
 */
export function liveStatusFlow(): Flow {
  const at = { x: 0, y: 0 };
  return {
    schemaVersion: 1,
    id: LIVE_FLOW_ID,
    name: 'Benchmark: live status',
    nodes: [
      {
        id: 'contacts',
        type: 'trigger',
        position: at,
        config: {
          connection: 'netsuite',
          object: 'contact',
          idField: 'id',
          fields: ['id', 'firstName', 'lastName', 'email', 'company', 'lastModifiedDate'],
          incremental: { field: 'lastModifiedDate', overlapSeconds: 0 },
          pageSize: 1000,
        },
      },
      {
        id: 'has-company',
        type: 'qualify',
        position: at,
        config: { expression: "$exists(company.id) and company.id != ''" },
      },
      {
        id: 'fields',
        type: 'map',
        position: at,
        config: {
          fields: [
            { target: 'FirstName', kind: 'expression', expression: 'firstName' },
            { target: 'LastName', kind: 'expression', expression: 'lastName' },
            { target: 'Email', kind: 'expression', expression: 'email' },
            { target: 'Ext_Id__c', kind: 'expression', expression: '$string(id)' },
          ],
        },
      },
      {
        id: 'create',
        type: 'upsert',
        position: at,
        config: { connection: 'salesforce', object: 'Contact', operation: 'create', batchSize: 200 },
      },
    ],
    edges: [
      { id: 'e1', source: 'contacts', sourceHandle: 'out', target: 'has-company' },
      { id: 'e2', source: 'has-company', sourceHandle: 'pass', target: 'fields' },
      { id: 'e3', source: 'fields', sourceHandle: 'out', target: 'create' },
    ],
    settings: {
      retry: { attempts: 5, backoff: 'exponential', baseDelayMs: 500, maxDelayMs: 60_000 },
      batchSize: 1000,
      concurrency: 2,
      errorPolicy: { mode: 'continue' },
      overlap: 'skip',
    },
  } as Flow;
}

interface ServerInfo {
  baseUrl: string;
  viewerToken: string;
  integratorToken: string;
}

/** Child function: the real app (embedded store, worker-thread runs) on a free port until stopped. */
export async function serveFlowsync(
  input: { sandbox: SandboxInfo; flow: Flow },
  context: ChildContext,
): Promise<ServerMemory> {
  const t = await createTestApp();
  let sampler: NodeJS.Timeout | undefined;
  try {
    await t.store.connections.put({ name: 'netsuite', ...input.sandbox.netsuite.connection }, 'bench');
    await t.store.connections.put({ name: 'salesforce', ...input.sandbox.salesforce.connection }, 'bench');
    await t.store.flows.save(input.flow, { author: 'bench' });
    await t.services.onFlowChanged(input.flow.id);
    const baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const info: ServerInfo = {
      baseUrl,
      viewerToken: t.token('viewer'),
      integratorToken: t.token('integrator'),
    };
    // Engine → hub: the same latency measured where the server hands events to the sockets.
    const hubLatencies: number[] = [];
    const unsubscribe = t.services.hub.subscribe('flows', (message) => {
      if ('runId' in message) hubLatencies.push(Date.now() - Date.parse(message.at));
    });
    // Process-wide RSS (main thread and the run's worker thread), sampled from ready to stop.
    const memory: ServerMemory = {
      readyRssBytes: process.memoryUsage.rss(),
      runPeakRssBytes: 0,
      hubLatencyMs: latencyOf([]),
    };
    sampler = setInterval(() => {
      memory.runPeakRssBytes = Math.max(memory.runPeakRssBytes, process.memoryUsage.rss());
    }, 50);
    context.ready(info);
    await context.stopRequested;
    unsubscribe();
    memory.hubLatencyMs = latencyOf(hubLatencies);
    return memory;
  } finally {
    clearInterval(sampler);
    await t.close();
  }
}

export interface ServerMemory {
  /** RSS once the server is up and idle (before the run). */
  readyRssBytes: number;
  /** Highest RSS sampled (every 50 ms) while the subscribers watched the run. */
  runPeakRssBytes: number;
  /** From the engine's `at` to the event hub in the server's main thread (before the websocket). */
  hubLatencyMs: Latency;
}

export interface WatchResult {
  subscribers: number;
  runStatus: string;
  records: number;
  runSeconds: number;
  /** Events of the run each subscriber received (all subscribers must agree). */
  eventsPerSubscriber: number;
  eventTypes: Record<string, number>;
  latencyMs: Latency;
  /** The same, per event type. */
  latencyByType: Record<string, Latency>;
}

export interface Latency {
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

function latencyOf(values: number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? 0,
    samples: sorted.length,
  };
}

interface WatchInput extends ServerInfo {
  subscribers: number;
  flowId: string;
}

/** Child function: opens the subscribers, starts the run, and times every event of it. */
export async function watchRun(input: WatchInput, context: ChildContext): Promise<WatchResult> {
  const wsUrl = `${input.baseUrl.replace(/^http/, 'ws')}/api/ws`;
  const latencies: number[] = [];
  const byType = new Map<string, number[]>();
  const eventTypes: Record<string, number> = {};
  const perSubscriber: number[] = [];
  let runId: string | undefined = undefined;
  const early: { index: number; message: ServerMessage; received: number }[] = [];
  let resolveFinished!: () => void;
  let finishedCount = 0;
  const allFinished = new Promise<void>((resolve) => {
    resolveFinished = resolve;
  });
  let finished: Extract<ServerMessage, { type: 'run.finished' }> | undefined;

  const record = (index: number, message: ServerMessage, received: number) => {
    if (!('runId' in message) || message.runId !== runId) return;
    const latency = received - Date.parse(message.at);
    latencies.push(latency);
    const list = byType.get(message.type) ?? [];
    list.push(latency);
    byType.set(message.type, list);
    eventTypes[message.type] = (eventTypes[message.type] ?? 0) + 1;
    perSubscriber[index] = (perSubscriber[index] ?? 0) + 1;
    if (message.type === 'run.finished') {
      finished = message;
      finishedCount += 1;
      if (finishedCount === input.subscribers) resolveFinished();
    }
  };

  const sockets = await Promise.all(
    Array.from(
      { length: input.subscribers },
      (_, index) =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(wsUrl, { headers: { authorization: input.viewerToken } });
          socket.on('message', (data) => {
            const received = Date.now();
            const message = JSON.parse(String(data)) as ServerMessage;
            if (message.type === 'snapshot') resolve(socket);
            // Events that arrive before the run id is known are timed once it is.
            if (runId === undefined) early.push({ index, message, received });
            else record(index, message, received);
          });
          socket.once('open', () => socket.send(JSON.stringify({ type: 'subscribe', topic: 'flows' })));
          socket.once('error', reject);
        }),
    ),
  );
  context.progress(`live status: ${sockets.length} subscribers on "flows"; starting the run`);
  const started = performance.now();
  const response = await fetch(`${input.baseUrl}/api/flows/${input.flowId}/runs`, {
    method: 'POST',
    headers: { authorization: input.integratorToken },
  });
  if (response.status !== 202)
    throw new Error(`starting the run: ${response.status} ${await response.text()}`);
  runId = ((await response.json()) as RunRecord).id;
  for (const { index, message, received } of early.splice(0)) record(index, message, received);
  const progress = setInterval(() => {
    context.progress(`live status: ${latencies.length.toLocaleString('en')} events received`);
  }, 5000);
  try {
    await allFinished;
  } finally {
    clearInterval(progress);
    for (const socket of sockets) socket.terminate();
  }
  const runSeconds = (performance.now() - started) / 1000;
  const done = finished as Extract<ServerMessage, { type: 'run.finished' }> | undefined;
  const counts = new Set(perSubscriber);
  if (counts.size !== 1)
    throw new Error(`subscribers received different numbers of events: ${[...counts].join(', ')}`);
  return {
    subscribers: input.subscribers,
    runStatus: done?.status ?? 'unknown',
    records: done?.totals.read ?? 0,
    runSeconds,
    eventsPerSubscriber: perSubscriber[0] ?? 0,
    eventTypes: Object.fromEntries(
      Object.entries(eventTypes).map(([type, n]) => [type, n / input.subscribers]),
    ),
    latencyMs: latencyOf(latencies),
    latencyByType: Object.fromEntries([...byType].map(([type, values]) => [type, latencyOf(values)])),
  };
}

export interface LiveStatusResult extends WatchResult, ServerMemory {
  /** Peak RSS of the server process over its whole life (set-up included). */
  serverPeakRssBytes: number;
}

/**
 * @example
 * ```ts
 * const result = await measureLiveStatus({ contacts: 100_000, subscribers: 100 });
 * console.log(result.latencyMs.p99);
 * ```
 */
export async function measureLiveStatus(options: {
  contacts: number;
  subscribers: number;
  onProgress?: (message: string) => void;
}): Promise<LiveStatusResult> {
  const onProgress = options.onProgress ?? (() => {});
  return withSandbox({ companies: 200, contacts: options.contacts }, async (sandbox) => {
    const server = startChild<{ sandbox: SandboxInfo; flow: Flow }, ServerMemory>(
      new URL('./live-status.bench.ts', import.meta.url),
      'serveFlowsync',
      { sandbox, flow: liveStatusFlow() },
      { label: 'flowsync server', onProgress },
    );
    try {
      const info = (await Promise.race([server.ready, server.done])) as ServerInfo;
      const { value } = await runInChild<WatchInput, WatchResult>(
        new URL('./live-status.bench.ts', import.meta.url),
        'watchRun',
        { ...info, subscribers: options.subscribers, flowId: LIVE_FLOW_ID },
        { label: 'subscribers', onProgress },
      );
      if (value.runStatus !== 'succeeded' || value.records !== options.contacts) {
        throw new Error(
          `the watched run ended ${value.runStatus} after ${value.records} of ${options.contacts} records`,
        );
      }
      const { value: memory, peakRssBytes } = await server.stop();
      return { ...value, ...memory, serverPeakRssBytes: peakRssBytes };
    } finally {
      server.kill();
    }
  });
}
