import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SOURCE_IDS, parseSourceIds } from '../src/pages/flows/source-ids.ts';

test('ids are split on lines and commas, trimmed, and de-duplicated in order', () => {
  assert.deepEqual(parseSourceIds(' 1001\n1002, 1003\r\n\n1001 ,1004'), {
    ids: ['1001', '1002', '1003', '1004'],
    duplicates: 1,
    error: undefined,
  });
});

test('an empty list is refused', () => {
  assert.equal(parseSourceIds(' \n , ').error, 'Enter at least one source record id.');
});

test('more than the server accepts is refused with the count', () => {
  const text = Array.from({ length: MAX_SOURCE_IDS + 1 }, (_, i) => `id-${i}`).join('\n');
  const parsed = parseSourceIds(text);
  assert.equal(parsed.ids.length, MAX_SOURCE_IDS + 1);
  assert.match(parsed.error ?? '', /At most 1,000 ids at a time; this list has 1,001/);
  assert.equal(parseSourceIds(text.split('\n').slice(0, MAX_SOURCE_IDS).join('\n')).error, undefined);
});

test('an id longer than 200 characters is refused', () => {
  assert.match(parseSourceIds(`ok\n${'x'.repeat(201)}`).error ?? '', /longer than 200 characters/);
  assert.equal(parseSourceIds('x'.repeat(200)).error, undefined);
});
