// Messages between the page and the preview worker. Expressions typed by users run in the worker so
// a pathological one (a catastrophic regex) can never freeze the tab: the page terminates the worker.

/** Evaluate `expression` against each input; `bindings` are the `$name` variables (lookup results). */
export interface ValueTask {
  kind: 'value';
  expression: string;
  inputs: unknown[];
  bindings?: Record<string, unknown>[];
}

/** Test a qualification predicate against each input, naming the first failed condition. */
export interface PredicateTask {
  kind: 'predicate';
  expression: string;
  inputs: unknown[];
  bindings?: Record<string, unknown>[];
}

export type PreviewTask = ValueTask | PredicateTask;

export type ValueOutcome = { ok: true; value: unknown } | { ok: false; error: string };
export type PredicateOutcome =
  | { ok: true; passed: true }
  | { ok: true; passed: false; failedCondition: string }
  | { ok: false; error: string };

export interface PreviewRequest {
  id: number;
  task: PreviewTask;
}

export type PreviewResponse =
  | { id: number; kind: 'value'; outcomes: ValueOutcome[] }
  | { id: number; kind: 'predicate'; outcomes: PredicateOutcome[] }
  /** The expression did not compile: one message for all inputs. */
  | { id: number; kind: 'compileError'; error: string };
