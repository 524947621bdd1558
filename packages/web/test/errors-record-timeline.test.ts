// "Where is record X": the words for each timeline entry, where the record stands, and day groups.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LedgerTimelineEntry } from '@flowsync/contracts';
import {
  describeTimelineEntry,
  groupByDay,
  recordWhereabouts,
  resolutionText,
} from '../src/pages/records/timeline-entries.ts';

const names = {
  nodeLabel: (_flowId: string, nodeId: string) => (nodeId === 'upsert' ? 'Create contact' : nodeId),
};
const base = { flowId: 'contacts', sourceId: '5041', runId: 'r1' };
const synced: LedgerTimelineEntry = {
  ...base,
  at: '2026-03-03T10:00:00.000Z',
  kind: 'synced',
  target: 'salesforce/Contact',
  targetId: '003A',
  action: 'created',
};
const error: LedgerTimelineEntry = {
  ...base,
  at: '2026-03-02T10:00:00.000Z',
  kind: 'error',
  errorId: 'e1',
  nodeId: 'upsert',
  code: 'TARGET_VALIDATION',
  message: 'Title CFO is reserved',
};
const resolved: LedgerTimelineEntry = {
  ...error,
  at: '2026-03-03T10:00:00.000Z',
  kind: 'resolved',
  resolution: 'succeeded',
  by: 'engine',
};

describe('record timeline entries', () => {
  it('describes a write with the target and its id', () => {
    assert.deepEqual(describeTimelineEntry(synced, names), {
      tone: 'synced',
      title: 'Created in salesforce/Contact as 003A',
    });
    assert.equal(
      describeTimelineEntry({ ...synced, action: 'updated' }, names).title,
      'Updated in salesforce/Contact as 003A',
    );
    assert.equal(describeTimelineEntry(synced, names, '003A').detail, 'From source record 5041');
  });

  it('describes an error with the node label, code and message', () => {
    assert.deepEqual(describeTimelineEntry(error, names), {
      tone: 'error',
      title: 'Failed at Create contact: TARGET_VALIDATION',
      detail: 'Title CFO is reserved',
    });
  });

  it('says how and by whom an error was resolved', () => {
    assert.deepEqual(describeTimelineEntry(resolved, names), {
      tone: 'resolved',
      title: 'Resolved: a later run wrote the record',
      detail: 'The TARGET_VALIDATION error at Create contact',
    });
    assert.equal(resolutionText('manual', 'ana@example.com'), 'Resolved by hand by ana@example.com');
    assert.equal(resolutionText('retried', 'engine'), 'Retried');
  });

  it('finds the latest target id per target and the errors still open', () => {
    const older = { ...synced, at: '2026-03-01T10:00:00.000Z', targetId: '003OLD' };
    const openError = { ...error, errorId: 'e2', at: '2026-03-01T09:00:00.000Z' };
    const where = recordWhereabouts([resolved, synced, error, older, openError]);
    assert.deepEqual(where.targets, [
      { flowId: 'contacts', target: 'salesforce/Contact', targetId: '003A', at: synced.at },
    ]);
    assert.deepEqual(where.openErrorIds, ['e2']);
  });

  it('groups entries by day, newest first, keeping their order', () => {
    const now = Date.parse('2026-03-03T18:00:00.000Z');
    const groups = groupByDay(
      [synced, resolved, error, { ...error, at: '2026-02-20T12:00:00.000Z' }],
      now,
      'UTC',
    );
    assert.deepEqual(
      groups.map((g) => [g.day, g.entries.length]),
      [
        ['Today', 2],
        ['Yesterday', 1],
        ['Feb 20, 2026', 1],
      ],
    );
  });
});
