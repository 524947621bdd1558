// A stand-in run worker speaking the real protocol; the job's flow id picks its behaviour, so the
// dispatcher's watchdog, crash handling, queueing and shutdown can be tested in milliseconds.
import { parentPort, resourceLimits, workerData } from 'node:worker_threads';
import type { RunResult } from '@flowsync/engine';
import type {
  FromWorkerMessage,
  RunWorkerData,
  ToWorkerMessage,
} from '../../src/runs/run-worker-protocol.ts';

const port = parentPort;
if (!port) throw new Error('worker only');
const post = (message: FromWorkerMessage) => port.postMessage(message);
const data = workerData as RunWorkerData;

const result = (status: RunResult['status'], message?: string): RunResult => ({
  status,
  totals: { read: 1, written: status === 'succeeded' ? 1 : 0, rejected: 0, skipped: 0, failed: 0 },
  nodes: {},
  rejections: [],
  ...(message ? { message } : {}),
});

setInterval(() => post({ type: 'heartbeat' }), data.heartbeatMs).unref();
post({ type: 'ready' });

let behaviour = '';
port.on('message', (message: ToWorkerMessage) => {
  if (message.type === 'run') {
    const { job } = message;
    behaviour = job.flowId;
    const at = new Date().toISOString();
    post({ type: 'event', event: { type: 'run.started', runId: job.runId, flowId: job.flowId, at } });
    post({
      type: 'event',
      event: {
        type: 'run.counters',
        runId: job.runId,
        flowId: job.flowId,
        at,
        nodes: {},
        totals: { read: 7, written: 3, rejected: 0, skipped: 0, failed: 0 },
      },
    });
    switch (behaviour) {
      case 'ok':
        post({ type: 'result', result: result('succeeded') });
        return;
      case 'limits':
        post({ type: 'result', result: result('succeeded', JSON.stringify(resourceLimits)) });
        return;
      case 'slow':
        setTimeout(() => post({ type: 'result', result: result('succeeded') }), 150);
        return;
      case 'crash':
        setTimeout(() => {
          throw new Error('boom');
        }, 10);
        return;
      case 'exit':
        setTimeout(() => process.exit(3), 10);
        return;
      case 'hang':
        setTimeout(() => {
          for (;;) {
            // a runaway expression
          }
        }, 10);
        return;
      case 'oom': {
        const hoard: number[][] = [];
        setTimeout(() => {
          for (;;) hoard.push(new Array<number>(100_000).fill(Math.random()));
        }, 10);
        return;
      }
      case 'fails-to-start':
        post({ type: 'failed', message: 'Flow fails-to-start version 1 no longer exists' });
        return;
      case 'stoppable':
      case 'stubborn':
        return;
      default:
        throw new Error(`unknown behaviour ${behaviour}`);
    }
  }
  if (behaviour === 'stoppable' && (message.type === 'stop' || message.type === 'cancel')) {
    post({ type: 'result', result: result('cancelled', `stopped by ${message.type}`) });
  }
});
