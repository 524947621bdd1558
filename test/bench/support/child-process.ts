// Runs one benchmark function in a child process of its own, so that its peak RSS and CPU time are its
// own: the parent forks child-entry.ts, which imports the module and calls the named function.
import { fork } from 'node:child_process';

/** What a benchmark function running in a child can tell the parent while it runs. */
export interface ChildContext {
  progress(message: string): void;
  /** For services (sandbox, server): the function is up and reachable with `info`. */
  ready(info: unknown): void;
  /** Resolves when the parent asks the child to finish (services wait for it). */
  readonly stopRequested: Promise<void>;
}

export type ChildFunction<I, O> = (input: I, context: ChildContext) => Promise<O>;

export interface ChildOutcome<O> {
  value: O;
  /** Peak resident set size of the child process over its whole life. */
  peakRssBytes: number;
  /** User + system CPU time of the whole child process. */
  cpuSeconds: number;
}

export type ParentMessage = { type: 'start'; module: string; fn: string; input: unknown } | { type: 'stop' };
export type ChildMessage =
  | { type: 'progress'; message: string }
  | { type: 'ready'; info: unknown }
  | { type: 'done'; outcome: ChildOutcome<unknown> }
  | { type: 'failed'; message: string };

export interface RunningChild<O> {
  /** The info a service passed to `ready()`. */
  readonly ready: Promise<unknown>;
  readonly done: Promise<ChildOutcome<O>>;
  /** Asks the child to finish and waits for its outcome. */
  stop(): Promise<ChildOutcome<O>>;
  /** Ends the child at once (after a failure elsewhere). */
  kill(): void;
}

export interface ChildOptions {
  label: string;
  onProgress?: (message: string) => void;
  execArgv?: string[];
  /** Fails the child after this long (default 15 minutes). */
  timeoutMs?: number;
}

const ENTRY = new URL('./child-entry.ts', import.meta.url);

/**
 * Starts `fn` exported by `module` in a new Node process with `input` (structured-cloned).
 *
 * @example
 * ```ts
 * const child = startChild<ScalingInput, ScalingResult>(new URL('../scaling.bench.ts', import.meta.url),
 *   'measureScaling', { records: 10_000 }, { label: 'scaling 10k' });
 * const { value, peakRssBytes } = await child.done;
 * ```
 */
export function startChild<I, O>(module: URL, fn: string, input: I, options: ChildOptions): RunningChild<O> {
  const child = fork(ENTRY, [], {
    execArgv: [...(options.execArgv ?? []), ...profileFlags(options.label)],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let resolveReady!: (info: unknown) => void;
  let rejectReady!: (error: Error) => void;
  const ready = new Promise<unknown>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => {});
  let finished = false;
  const done = new Promise<ChildOutcome<O>>((resolve, reject) => {
    const fail = (error: Error) => {
      finished = true;
      clearTimeout(timer);
      rejectReady(error);
      reject(error);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${options.label}: no result within ${options.timeoutMs ?? 900_000} ms`));
    }, options.timeoutMs ?? 900_000);
    child.on('message', (message: ChildMessage) => {
      switch (message.type) {
        case 'progress':
          options.onProgress?.(message.message);
          return;
        case 'ready':
          resolveReady(message.info);
          return;
        case 'done':
          finished = true;
          clearTimeout(timer);
          resolveReady(undefined);
          resolve(message.outcome as ChildOutcome<O>);
          return;
        case 'failed':
          fail(new Error(`${options.label}: ${message.message}`));
          return;
        default:
          assertNever(message);
      }
    });
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      if (!finished)
        fail(new Error(`${options.label}: the child exited (${code ?? signal}) without a result`));
    });
  });
  done.catch(() => {});
  const start: ParentMessage = { type: 'start', module: module.href, fn, input };
  child.send(start);
  return {
    ready,
    done,
    stop() {
      if (child.connected) child.send({ type: 'stop' } satisfies ParentMessage);
      return done;
    },
    kill() {
      // A child that reported its outcome exits by itself (and may still be writing a profile).
      if (!finished && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** `FLOWSYNC_BENCH_CPU_PROF=<dir>` profiles every child (`node --cpu-prof`), a folder per child. */
function profileFlags(label: string): string[] {
  const dir = process.env['FLOWSYNC_BENCH_CPU_PROF'];
  if (!dir) return [];
  // One folder per child; worker threads write profiles of their own next to the main thread's.
  return ['--cpu-prof', `--cpu-prof-dir=${dir}/${label.replace(/[^a-z0-9]+/gi, '-')}`];
}

/** Runs `fn` in a child and returns its outcome. */
export function runInChild<I, O>(
  module: URL,
  fn: string,
  input: I,
  options: ChildOptions,
): Promise<ChildOutcome<O>> {
  return startChild<I, O>(module, fn, input, options).done;
}

/** The context for running a benchmark function in this process (the smoke test). */
export function inProcessContext(onProgress: (message: string) => void = () => {}): ChildContext & {
  stop(): void;
} {
  let stop!: () => void;
  const stopRequested = new Promise<void>((resolve) => {
    stop = resolve;
  });
  return { progress: onProgress, ready: () => {}, stopRequested, stop };
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
