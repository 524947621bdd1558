// The page side of the preview worker: one worker, requests answered in order, and a watchdog that
// terminates (and replaces) the worker when a task runs too long.
import type {
  PredicateOutcome,
  PredicateTask,
  PreviewRequest,
  PreviewResponse,
  ValueOutcome,
  ValueTask,
} from './preview-protocol.ts';

/** A whole preview task may take this long before the worker is terminated. */
export const PREVIEW_TIMEOUT_MS = 3000;

export class PreviewError extends Error {
  readonly kind: 'compile' | 'timeout';
  constructor(kind: 'compile' | 'timeout', message: string) {
    super(message);
    this.name = 'PreviewError';
    this.kind = kind;
  }
}

interface Pending {
  resolve: (response: PreviewResponse) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function ensureWorker(): Worker {
  if (worker) return worker;
  const created = new Worker(new URL('./preview.worker.ts', import.meta.url), { type: 'module' });
  created.addEventListener('message', (event: MessageEvent<PreviewResponse>) => {
    const entry = pending.get(event.data.id);
    if (!entry) return;
    pending.delete(event.data.id);
    clearTimeout(entry.timer);
    entry.resolve(event.data);
  });
  worker = created;
  return created;
}

function restartWorker(reason: string): void {
  worker?.terminate();
  worker = undefined;
  for (const [id, entry] of pending) {
    clearTimeout(entry.timer);
    entry.reject(new PreviewError('timeout', reason));
    pending.delete(id);
  }
}

function send(task: ValueTask | PredicateTask): Promise<PreviewResponse> {
  const id = nextId++;
  const request: PreviewRequest = { id, task };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        restartWorker(
          `The expression took longer than ${PREVIEW_TIMEOUT_MS / 1000} s on the sample and was stopped`,
        ),
      PREVIEW_TIMEOUT_MS,
    );
    pending.set(id, { resolve, reject, timer });
    ensureWorker().postMessage(request);
  });
}

/**
 * Evaluates `expression` against every input in the worker. Rejects with PreviewError('compile')
 * when it does not compile and PreviewError('timeout') when it runs too long.
 *
 * @example
 * const outcomes = await evaluateValues('FirstName & " " & LastName', records);
 */
export async function evaluateValues(
  expression: string,
  inputs: unknown[],
  bindings?: Record<string, unknown>[],
): Promise<ValueOutcome[]> {
  const response = await send({ kind: 'value', expression, inputs, ...(bindings ? { bindings } : {}) });
  if (response.kind === 'compileError') throw new PreviewError('compile', response.error);
  if (response.kind !== 'value') throw new Error('preview worker answered a different task');
  return response.outcomes;
}

/** Tests a qualification predicate against every input: pass, or the first failed condition. */
export async function testPredicate(
  expression: string,
  inputs: unknown[],
  bindings?: Record<string, unknown>[],
): Promise<PredicateOutcome[]> {
  const response = await send({ kind: 'predicate', expression, inputs, ...(bindings ? { bindings } : {}) });
  if (response.kind === 'compileError') throw new PreviewError('compile', response.error);
  if (response.kind !== 'predicate') throw new Error('preview worker answered a different task');
  return response.outcomes;
}
