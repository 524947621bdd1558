// One size of the scaling benchmark in a worker thread, the way the server runs a flow (see
// packages/server/src/runs/run-job.worker.ts): the thread opens its own store connection, runs the
// engine, and posts every engine event to the parent thread; the parent starts it with the server's
// run-worker heap limits. Only the connectors differ: the in-process generator of generated-flow.ts.
import { randomBytes } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import type { RunEvent } from '@flowsync/contracts';
import { openStore } from '@flowsync/store';
import { runGeneratedFlow } from './generated-flow.ts';

export interface ScalingWorkerData {
  records: number;
  /** The embedded store's file (a fresh one per size). */
  storePath: string;
}

/** Worker → parent. */
export type ScalingWorkerMessage =
  | { type: 'ready'; rssBytes: number }
  | { type: 'event'; event: RunEvent }
  | { type: 'done'; seconds: number; retainedHeapBytes: number };

const port = parentPort;
if (!port) throw new Error('scaling-run.worker.ts runs in a worker thread');
const data = workerData as ScalingWorkerData;
const post = (message: ScalingWorkerMessage) => port.postMessage(message);

const store = await openStore({ kind: 'sqlite', path: data.storePath }, randomBytes(32));
let seconds: number;
try {
  post({ type: 'ready', rssBytes: process.memoryUsage.rss() });
  const started = performance.now();
  await runGeneratedFlow(data.records, store, { onEvent: (event) => post({ type: 'event', event }) });
  seconds = (performance.now() - started) / 1000;
} finally {
  await store.close();
}
// Only after the run, so that forcing a collection cannot lower the peak being measured.
setFlagsFromString('--expose-gc');
(runInNewContext('gc') as () => void)();
post({ type: 'done', seconds, retainedHeapBytes: process.memoryUsage().heapUsed });
