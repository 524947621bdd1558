// Bulk action wording, the select-all logic and the words for a retried record's outcome.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RecordError, RetryErrorsResponse, RunRecord } from '@flowsync/contracts';
import {
  countOf,
  resolvedText,
  retryableSelection,
  retryStartedText,
  selectAllState,
  toggleAll,
} from '../src/pages/errors/bulk-results.ts';
import { describeRetryOutcome, systemOfTarget } from '../src/pages/errors/retry-outcome.ts';

const totals = { read: 1, written: 0, rejected: 0, skipped: 0, failed: 0 };
const runs = (n: number) =>
  ({ runs: Array.from({ length: n }, () => ({}) as RunRecord) }) as RetryErrorsResponse;

describe('bulk actions', () => {
  it('says how many errors were retried in how many runs', () => {
    assert.equal(retryStartedText(12, runs(1)), 'Retry started: 12 errors in 1 run');
    assert.equal(retryStartedText(1, runs(1)), 'Retry started: 1 error in 1 run');
    assert.equal(retryStartedText(1500, runs(2)), 'Retry started: 1,500 errors in 2 runs');
    assert.equal(countOf(0, 'error'), '0 errors');
  });

  it('says how many errors were resolved', () => {
    assert.equal(resolvedText(5, 5), 'Resolved 5 errors');
    assert.equal(resolvedText(4, 5), 'Resolved 4 errors (1 already resolved)');
    assert.match(resolvedText(0, 2), /already resolved/);
  });

  it('retries only open errors of a selection', () => {
    const errors = [
      { id: 'a', status: 'open' },
      { id: 'b', status: 'resolved' },
    ] as RecordError[];
    const { open, resolved } = retryableSelection(errors);
    assert.deepEqual(
      open.map((e) => e.id),
      ['a'],
    );
    assert.deepEqual(
      resolved.map((e) => e.id),
      ['b'],
    );
  });

  it('selects all of the page, then none', () => {
    const page = ['a', 'b', 'c'];
    assert.equal(selectAllState(page, new Set()), 'none');
    assert.equal(selectAllState(page, new Set(['b', 'x'])), 'some');
    assert.equal(selectAllState(page, new Set(page)), 'all');
    assert.deepEqual([...toggleAll(page, new Set(['b']))], page);
    assert.deepEqual([...toggleAll(page, new Set(page))], []);
    assert.equal(selectAllState([], new Set()), 'none');
  });
});

describe('retry outcome', () => {
  it('is running until the run finishes', () => {
    assert.equal(describeRetryOutcome({ run: { status: 'queued', totals } }).kind, 'running');
    assert.equal(describeRetryOutcome({ run: { status: 'running', totals } }).kind, 'running');
  });

  it('names the system and the record written', () => {
    const outcome = describeRetryOutcome({
      run: { status: 'succeeded', totals: { ...totals, written: 1 } },
      synced: { action: 'created', target: 'salesforce/Account', targetId: '001Hs0000000002IAA' },
    });
    assert.deepEqual(outcome, {
      kind: 'succeeded',
      title: 'Retry succeeded — written to Salesforce',
      detail: 'Created Account 001Hs0000000002IAA',
    });
    assert.equal(systemOfTarget('netsuite/contact'), 'NetSuite');
    assert.equal(systemOfTarget('hubspot-eu/Deal'), 'hubspot-eu');
  });

  it('gives the new error when the record failed again', () => {
    const outcome = describeRetryOutcome({
      run: { status: 'completedWithErrors', totals: { ...totals, failed: 1 } },
      newError: { id: 'e2', message: 'Phone is not valid' },
    });
    assert.deepEqual(outcome, {
      kind: 'failedAgain',
      title: 'Retry failed again: Phone is not valid',
      newErrorId: 'e2',
    });
    assert.equal(
      describeRetryOutcome({ run: { status: 'completedWithErrors', totals: { ...totals, failed: 1 } } }).kind,
      'failedAgain',
    );
  });

  it('reports a run that failed or was cancelled as a whole', () => {
    assert.deepEqual(describeRetryOutcome({ run: { status: 'failed', totals, message: 'token expired' } }), {
      kind: 'runFailed',
      title: 'The retry run failed: token expired',
    });
    assert.equal(describeRetryOutcome({ run: { status: 'cancelled', totals } }).kind, 'runFailed');
  });

  it('explains a success that wrote nothing', () => {
    assert.match(
      describeRetryOutcome({ run: { status: 'succeeded', totals: { ...totals, skipped: 1 } } }).title,
      /already had these values/,
    );
    assert.match(
      describeRetryOutcome({ run: { status: 'succeeded', totals: { ...totals, rejected: 1 } } }).title,
      /did not qualify/,
    );
  });
});
