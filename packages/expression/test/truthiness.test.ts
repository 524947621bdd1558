import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import jsonata from 'jsonata';
import { compileExpression, isTruthy } from '@flowsync/expression';

describe('isTruthy', () => {
  const cases: [string, unknown, boolean][] = [
    ['undefined', undefined, false],
    ['null', null, false],
    ['true', true, true],
    ['false', false, false],
    ['zero', 0, false],
    ['negative zero', -0, false],
    ['a number', 0.5, true],
    ['a negative number', -3, true],
    ['an empty string', '', false],
    ['a space', ' ', true],
    ['the string "false"', 'false', true],
    ['an empty array', [], false],
    ['[false]', [false], false],
    ['[0, ""]', [0, ''], false],
    ['[0, "x"]', [0, 'x'], true],
    ['[[]]', [[]], false],
    ['[[1]]', [[1]], true],
    ['[[0], [0]]', [[0], [0]], false],
    ['[[0], [1]]', [[0], [1]], true],
    ['an empty object', {}, false],
    ['an object', { a: undefined }, true],
    ['a function', () => 1, false],
  ];

  for (const [name, value, expected] of cases) {
    it(`${name} is ${expected}`, () => {
      assert.equal(isTruthy(value), expected);
    });
  }

  it('agrees with jsonata $boolean on every case', async () => {
    const boolean = jsonata('$boolean($v)');
    for (const [name, value] of cases) {
      assert.equal(isTruthy(value), (await boolean.evaluate({}, { v: value })) === true, name);
    }
  });

  it('treats a JSONata function value as false', async () => {
    const lambda = await compileExpression('function($x){ $x }').evaluate({});
    assert.equal(isTruthy(lambda), false);
    assert.equal(isTruthy(await compileExpression('$uppercase').evaluate({})), false);
  });
});
