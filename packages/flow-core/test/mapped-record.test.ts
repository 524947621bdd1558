import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setAtPath, valueMapKey } from '../src/index.ts';

describe('mapped record helpers', () => {
  it('keys value-map entries by type as well as value', () => {
    assert.notEqual(valueMapKey(1), valueMapKey('1'));
    assert.equal(valueMapKey(null), 'null');
    assert.equal(valueMapKey(undefined), 'undefined');
  });

  it('sets dotted paths, creating objects and replacing scalars on the way', () => {
    const record: Record<string, unknown> = { Address: 'flat', Name: 'Acme' };
    setAtPath(record, ['Address', 'City'], 'Utrecht');
    setAtPath(record, ['Address', 'Zip'], '3511');
    setAtPath(record, ['Tags'], ['a']);
    assert.deepEqual(record, { Address: { City: 'Utrecht', Zip: '3511' }, Name: 'Acme', Tags: ['a'] });
  });
});
