// The code of a run worker thread (loaded by run-worker.ts): reports ready, then executes the one run
// it is sent and reports on it. It opens its own store connection and builds connectors from the stored
// connections, so nothing but plain data crosses threads.
import { randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { compileFlow, runFlow, systemClock, type Logger, type RunResult } from '@flowsync/engine';
import { openStore } from '@flowsync/store';
import { StoreConnectorRegistry } from '../connections/store-connector-registry.ts';
import type { RunJob } from './run-dispatcher.ts';
import type { FromWorkerMessage, RunWorkerData, ToWorkerMessage } from './run-worker-protocol.ts';

const port = parentPort;
if (!port) throw new Error('run-worker.ts runs in a worker thread');
const data = workerData as RunWorkerData;
const post = (message: FromWorkerMessage) => port.postMessage(message);

const cancel = new AbortController();
const stop = new AbortController();
let started = false;
port.on('message', (message: ToWorkerMessage) => {
  switch (message.type) {
    case 'run':
      if (!started) {
        started = true;
        void run(message.job);
      }
      return;
    case 'cancel':
      cancel.abort();
      return;
    case 'stop':
      stop.abort();
      return;
    default:
      assertNever(message);
  }
});

const logger: Logger = {
  debug() {},
  info: (details, message) => post({ type: 'log', level: 'info', details, ...(message ? { message } : {}) }),
  warn: (details, message) => post({ type: 'log', level: 'warn', details, ...(message ? { message } : {}) }),
  error: (details, message) =>
    post({ type: 'log', level: 'error', details: serializable(details), ...(message ? { message } : {}) }),
};

async function execute(job: RunJob): Promise<RunResult> {
  const store = await openStore(data.store, Buffer.from(data.secretKey));
  const connectors = new StoreConnectorRegistry(store.connections);
  try {
    const version = await store.flows.get(job.flowId, job.flowVersion);
    if (!version) throw new Error(`Flow ${job.flowId} version ${job.flowVersion} no longer exists`);
    return await runFlow(
      compileFlow(version.flow),
      {
        runId: job.runId,
        flowVersion: job.flowVersion,
        trigger: job.trigger,
        input: job.input,
        signal: cancel.signal,
        stopSignal: stop.signal,
      },
      {
        connectors,
        store,
        events: { emit: (event) => post({ type: 'event', event }) },
        clock: systemClock,
        logger,
        newId: randomUUID,
      },
    );
  } finally {
    await connectors.close();
    await store.close();
  }
}

setInterval(() => post({ type: 'heartbeat' }), data.heartbeatMs).unref();
post({ type: 'ready' });

async function run(job: RunJob): Promise<void> {
  try {
    post({ type: 'result', result: await execute(job) });
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
  // The parent terminates this thread once it has the outcome.
}

/** Errors do not survive structured cloning with their message in every case; keep it readable. */
function serializable(details: object): object {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    out[key] = value instanceof Error ? { name: value.name, message: value.message } : value;
  }
  return out;
}

function assertNever(value: never): never {
  throw new Error(`unexpected message ${JSON.stringify(value)}`);
}
