/// <reference lib="webworker" />
// Runs preview tasks off the main thread with the same expression engine (and limits) as the runtime.
import { compileExpression, compilePredicate, ExpressionError } from '@flowsync/expression';
import type { PredicateOutcome, PreviewRequest, PreviewResponse, ValueOutcome } from './preview-protocol.ts';

function message(error: unknown): string {
  if (error instanceof ExpressionError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

async function run(request: PreviewRequest): Promise<PreviewResponse> {
  const { id, task } = request;
  if (task.kind === 'value') {
    let compiled;
    try {
      compiled = compileExpression(task.expression);
    } catch (error) {
      return { id, kind: 'compileError', error: message(error) };
    }
    const outcomes: ValueOutcome[] = [];
    for (const [index, input] of task.inputs.entries()) {
      try {
        outcomes.push({ ok: true, value: await compiled.evaluate(input, task.bindings?.[index]) });
      } catch (error) {
        outcomes.push({ ok: false, error: message(error) });
      }
    }
    return { id, kind: 'value', outcomes };
  }
  let predicate;
  try {
    predicate = compilePredicate(task.expression);
  } catch (error) {
    return { id, kind: 'compileError', error: message(error) };
  }
  const outcomes: PredicateOutcome[] = [];
  for (const [index, input] of task.inputs.entries()) {
    try {
      const verdict = await predicate.test(input, task.bindings?.[index]);
      outcomes.push(
        verdict.passed
          ? { ok: true, passed: true }
          : { ok: true, passed: false, failedCondition: verdict.failedCondition },
      );
    } catch (error) {
      outcomes.push({ ok: false, error: message(error) });
    }
  }
  return { id, kind: 'predicate', outcomes };
}

self.addEventListener('message', (event: MessageEvent<PreviewRequest>) => {
  void run(event.data).then((response) => self.postMessage(response));
});
