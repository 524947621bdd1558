import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonScalar } from '@flowsync/contracts';
import {
  formatScalar,
  formatScalarList,
  parseScalar,
  parseScalarList,
  scalarKind,
} from '../src/editor/inspector/scalar-text.ts';

test('numbers, booleans and null are typed; other text stays text', () => {
  assert.equal(parseScalar('42'), 42);
  assert.equal(parseScalar('-1.5e3'), -1500);
  assert.equal(parseScalar('true'), true);
  assert.equal(parseScalar('null'), null);
  assert.equal(parseScalar('UPS Ground'), 'UPS Ground');
  assert.equal(parseScalar('0042'), '0042');
  assert.equal(parseScalar('"42"'), '42');
  assert.equal(parseScalar(''), '');
});

test('every scalar round-trips through its text', () => {
  const values: JsonScalar[] = [
    42,
    '42',
    'true',
    true,
    null,
    'null',
    '',
    'UPS',
    '"quoted"',
    ' padded ',
    0.5,
    'a, b',
  ];
  for (const value of values)
    assert.deepEqual(parseScalar(formatScalar(value)), value, JSON.stringify(value));
});

test('lists split on commas outside quotes and round-trip', () => {
  assert.deepEqual(parseScalarList('1, 2, "a, b",  x '), [1, 2, 'a, b', 'x']);
  assert.deepEqual(parseScalarList(''), []);
  const values: JsonScalar[] = ['a, b', 'say "hi"', 3, '3', true, ' space'];
  assert.deepEqual(parseScalarList(formatScalarList(values)), values);
});

test('kinds are named for the type hint', () => {
  assert.equal(scalarKind('x'), 'text');
  assert.equal(scalarKind(3), 'number');
  assert.equal(scalarKind(false), 'boolean');
  assert.equal(scalarKind(null), 'null');
  assert.equal(scalarKind(undefined), 'empty');
});
