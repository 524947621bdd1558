import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FieldMapping, ValueMap } from '@flowsync/contracts';
import {
  applyValueMap,
  assembleMappedRecord,
  formatPreviewValue,
  mappingOutcome,
  mappingTask,
} from '../src/editor/inspector/mapped-record.ts';

const aliases = new Set(['account', 'sfContact']);
const shipVia: ValueMap = {
  entries: [
    { from: 'UPS', to: 'ups_ground' },
    { from: 1, to: 'numeric one' },
  ],
  onMissing: 'error',
};

test('a static mapping needs no evaluation', () => {
  assert.deepEqual(mappingTask({ target: 'Source', kind: 'static', value: 'NetSuite' }, aliases), {
    kind: 'static',
    value: 'NetSuite',
  });
});

test('expressions that read a lookup result are resolved at run time', () => {
  const mapping: FieldMapping = { target: 'AccountId', kind: 'expression', expression: '$account.targetId' };
  assert.deepEqual(mappingTask(mapping, aliases), { kind: 'runtime', aliases: ['account'] });
  assert.deepEqual(mappingOutcome(mapping, mappingTask(mapping, aliases), undefined, undefined), {
    kind: 'runtime',
    aliases: ['account'],
  });
});

test('function calls and quoted dollars are not lookup aliases', () => {
  const mapping: FieldMapping = {
    target: 'Ext_Id__c',
    kind: 'expression',
    expression: '$string(id) & "$account"',
  };
  assert.deepEqual(mappingTask(mapping, aliases), {
    kind: 'evaluate',
    expression: '$string(id) & "$account"',
  });
});

test('an empty expression is reported rather than evaluated', () => {
  const mapping = { target: 'Email', kind: 'expression', expression: '  ' } as FieldMapping;
  assert.deepEqual(mappingTask(mapping, aliases), { kind: 'invalid', message: 'No source expression' });
});

test('value maps are type-aware and report a missing entry', () => {
  assert.deepEqual(applyValueMap(shipVia, 'shipVia', 'UPS'), { kind: 'value', value: 'ups_ground' });
  assert.deepEqual(applyValueMap(shipVia, 'shipVia', 1), { kind: 'value', value: 'numeric one' });
  assert.deepEqual(applyValueMap(shipVia, 'shipVia', '1'), {
    kind: 'error',
    message: 'no entry for "1" in value map shipVia',
  });
});

test('a missing entry falls back to the default or passes through when the map says so', () => {
  assert.deepEqual(applyValueMap({ ...shipVia, onMissing: 'default', default: 'other' }, 'shipVia', 'DHL'), {
    kind: 'value',
    value: 'other',
    note: 'no entry for "DHL"; the default applies',
  });
  assert.deepEqual(applyValueMap({ ...shipVia, onMissing: 'passThrough' }, 'shipVia', 'DHL'), {
    kind: 'value',
    value: 'DHL',
    note: 'no entry for "DHL"; passed through',
  });
  assert.deepEqual(applyValueMap(shipVia, 'shipVia', undefined), { kind: 'value', value: undefined });
  assert.deepEqual(applyValueMap(undefined, 'gone', 'UPS'), {
    kind: 'error',
    message: 'no value map named gone',
  });
});

test('mapping outcomes combine the task with the worker answer', () => {
  const mapping: FieldMapping = {
    target: 'ShipVia',
    kind: 'valueMap',
    expression: 'shipMethod',
    map: 'shipVia',
  };
  const task = mappingTask(mapping, aliases);
  assert.deepEqual(mappingOutcome(mapping, task, undefined, { shipVia }), { kind: 'pending' });
  assert.deepEqual(mappingOutcome(mapping, task, { ok: true, value: 'UPS' }, { shipVia }), {
    kind: 'value',
    value: 'ups_ground',
  });
  assert.deepEqual(mappingOutcome(mapping, task, { ok: false, error: 'boom' }, { shipVia }), {
    kind: 'error',
    message: 'boom',
  });
  assert.deepEqual(mappingOutcome(mapping, task, { ok: true, value: 'UPS' }, {}), {
    kind: 'error',
    message: 'no value map named shipVia',
  });
});

test('the target record is assembled from dotted paths in mapping order', () => {
  const record = assembleMappedRecord([
    { target: 'Name', outcome: { kind: 'value', value: 'Acme' } },
    { target: 'Address.City', outcome: { kind: 'value', value: 'Utrecht' } },
    { target: 'Address.Street', outcome: { kind: 'value', value: 'Main 1' } },
    { target: 'Phone', outcome: { kind: 'value', value: undefined } },
    { target: 'AccountId', outcome: { kind: 'runtime', aliases: ['account'] } },
    { target: 'Email', outcome: { kind: 'error', message: 'boom' } },
  ]);
  assert.deepEqual(record, { Name: 'Acme', Address: { City: 'Utrecht', Street: 'Main 1' } });
});

test('a later nested path replaces an earlier scalar at its parent, as the engine does', () => {
  const record = assembleMappedRecord([
    { target: 'Address', outcome: { kind: 'value', value: 'flat' } },
    { target: 'Address.City', outcome: { kind: 'value', value: 'Utrecht' } },
  ]);
  assert.deepEqual(record, { Address: { City: 'Utrecht' } });
});

test('preview values print as JSON and are shortened', () => {
  assert.equal(formatPreviewValue('Jane'), '"Jane"');
  assert.equal(formatPreviewValue(undefined), '(not set)');
  assert.equal(formatPreviewValue('x'.repeat(50), 10), '"xxxxxxxx…');
});
