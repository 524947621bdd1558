// Entry point of a benchmark child process (see child-process.ts): waits for the module and function
// to run, reports progress and readiness over IPC, and ends with the outcome and its own peak RSS.
import type { ChildContext, ChildFunction, ChildMessage, ParentMessage } from './child-process.ts';

const send = (message: ChildMessage): Promise<void> =>
  new Promise((resolve) => {
    if (!process.send) throw new Error('child-entry.ts runs only as a forked child');
    process.send(message, undefined, {}, () => resolve());
  });

let requestStop!: () => void;
const stopRequested = new Promise<void>((resolve) => {
  requestStop = resolve;
});

process.on('message', (message: ParentMessage) => {
  if (message.type === 'stop') {
    requestStop();
    return;
  }
  void run(message);
});
// The parent going away ends the child too.
process.on('disconnect', () => process.exit(1));

async function run(message: Extract<ParentMessage, { type: 'start' }>): Promise<void> {
  const context: ChildContext = {
    progress: (text) => void send({ type: 'progress', message: text }),
    ready: (info) => void send({ type: 'ready', info }),
    stopRequested,
  };
  try {
    const module = (await import(message.module)) as Record<string, unknown>;
    const fn = module[message.fn];
    if (typeof fn !== 'function') throw new Error(`${message.module} exports no function ${message.fn}`);
    const value = await (fn as ChildFunction<unknown, unknown>)(message.input, context);
    const cpu = process.cpuUsage();
    await send({
      type: 'done',
      outcome: {
        value,
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
      },
    });
    process.exit(0);
  } catch (error) {
    await send({
      type: 'failed',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    process.exit(1);
  }
}
