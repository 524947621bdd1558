import type { Executor } from './executor.ts';

/** Qualification criteria: records that pass go on, the others leave through `reject` with the reason. */
export const executeQualify: Executor<'qualify'> = async (node, batch, run, page, emit) => {
  for (const envelope of batch) {
    let verdict;
    try {
      verdict = await node.predicate.test(envelope.data, envelope.lookups);
    } catch (error) {
      run.fail(page, node.node.id, envelope, error);
      continue;
    }
    if (verdict.passed) {
      emit('pass', envelope);
    } else {
      run.reject(node.node.id, envelope, `criteria not met: ${verdict.failedCondition}`);
      emit('reject', envelope);
    }
  }
};
