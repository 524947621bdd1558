import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldReference, insertAt, variablesIn } from '../src/editor/inspector/expression-text.ts';

test('field names become JSONata path steps', () => {
  assert.equal(fieldReference('lastName'), 'lastName');
  assert.equal(fieldReference('custentity_sf_id'), 'custentity_sf_id');
  assert.equal(fieldReference('Last Name'), '`Last Name`');
  assert.equal(fieldReference('and'), '`and`');
  assert.equal(fieldReference('1st'), '`1st`');
});

test('inserting replaces the selection and places the caret after it', () => {
  assert.deepEqual(insertAt('firstName & ', 12, 12, 'lastName'), { text: 'firstName & lastName', caret: 20 });
  assert.deepEqual(insertAt('a b', 0, 1, 'x'), { text: 'x b', caret: 1 });
  assert.deepEqual(insertAt('ab', 9, 9, 'c'), { text: 'abc', caret: 3 });
});

test('variables are found outside strings, backtick names and comments', () => {
  assert.deepEqual([...variablesIn('$account.targetId')], ['account']);
  assert.deepEqual([...variablesIn('$string(id) & "$notThis" & \'$nor\' & `$name`')], ['string']);
  assert.deepEqual([...variablesIn('/* $hidden */ $sfContact.Id ? $sfContact.Id : $$.x')].sort(), [
    'sfContact',
  ]);
  assert.deepEqual([...variablesIn('"a \\" $still.string" & $x')], ['x']);
  assert.deepEqual([...variablesIn('')], []);
});
