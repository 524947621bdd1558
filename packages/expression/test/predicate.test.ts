import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePredicate, ExpressionError, splitConjuncts } from '@flowsync/expression';

describe('splitConjuncts', () => {
  it('splits on top-level and, keeping parenthesised groups whole', () => {
    assert.deepEqual(splitConjuncts('a = 1 and (b or c)'), ['a = 1', '(b or c)']);
    assert.deepEqual(splitConjuncts('a and (b and (c and d)) and e'), ['a', '(b and (c and d))', 'e']);
  });

  it('ignores and inside strings, comments, names and backtick-quoted names', () => {
    assert.deepEqual(
      splitConjuncts('brand = "Smith and Sons" and `and field` = \'x and y\' and band /* a and b */ and c'),
      ['brand = "Smith and Sons"', "`and field` = 'x and y'", 'band /* a and b */', 'c'],
    );
    assert.deepEqual(splitConjuncts('andrew = 1 and sandy = 2'), ['andrew = 1', 'sandy = 2']);
  });

  it('ignores and inside brackets, braces, predicates and function bodies', () => {
    assert.deepEqual(splitConjuncts('Lines[qty > 1 and price > 2] and {"x": a and b}.x and $f(a and b)'), [
      'Lines[qty > 1 and price > 2]',
      '{"x": a and b}.x',
      '$f(a and b)',
    ]);
    assert.deepEqual(splitConjuncts('$count($filter(Items, function($i){ $i.a and $i.b })) > 0 and ok'), [
      '$count($filter(Items, function($i){ $i.a and $i.b })) > 0',
      'ok',
    ]);
  });

  it('respects precedence: operators looser than and make one conjunct', () => {
    assert.deepEqual(splitConjuncts('a and b or c'), ['a and b or c']);
    assert.deepEqual(splitConjuncts('x ? a and b : c'), ['x ? a and b : c']);
    assert.deepEqual(splitConjuncts('(a and b)'), ['(a and b)']);
  });

  it('trims whitespace and line breaks around conjuncts', () => {
    assert.deepEqual(splitConjuncts('  a = 1\n  and\n  b = 2  '), ['a = 1', 'b = 2']);
  });

  it('returns [] for a blank predicate and the whole text when it does not parse', () => {
    assert.deepEqual(splitConjuncts('  '), []);
    assert.deepEqual(splitConjuncts(' a and (b '), ['a and (b']);
    assert.deepEqual(splitConjuncts('a AND b'), ['a AND b']);
  });
});

describe('compilePredicate', () => {
  const criteria = compilePredicate('$account.synced = true and $exists(CompanyId) and CompanyId != ""');

  it('passes when every conjunct is true', async () => {
    assert.deepEqual(await criteria.test({ CompanyId: 'C1' }, { account: { synced: true } }), {
      passed: true,
    });
  });

  it('reports the first conjunct that was false', async () => {
    assert.deepEqual(await criteria.test({ CompanyId: 'C1' }, { account: { synced: false } }), {
      passed: false,
      failedCondition: '$account.synced = true',
    });
    assert.deepEqual(await criteria.test({}, { account: { synced: true } }), {
      passed: false,
      failedCondition: '$exists(CompanyId)',
    });
    assert.deepEqual(await criteria.test({ CompanyId: '' }, { account: { synced: true } }), {
      passed: false,
      failedCondition: 'CompanyId != ""',
    });
  });

  it('reports the whole predicate when it is not a conjunction', async () => {
    const either = compilePredicate('  Status = "A" or Status = "B" ');
    assert.deepEqual(await either.test({ Status: 'A' }), { passed: true });
    assert.deepEqual(await either.test({ Status: 'C' }), {
      passed: false,
      failedCondition: 'Status = "A" or Status = "B"',
    });
  });

  it('uses JSONata truthiness for non-boolean results', async () => {
    const hasCompany = compilePredicate('CompanyId and Contacts');
    assert.deepEqual(await hasCompany.test({ CompanyId: 'C1', Contacts: [{ id: 1 }] }), { passed: true });
    assert.deepEqual(await hasCompany.test({ CompanyId: 'C1', Contacts: [] }), {
      passed: false,
      failedCondition: 'Contacts',
    });
    assert.deepEqual(await hasCompany.test({ CompanyId: '', Contacts: [1] }), {
      passed: false,
      failedCondition: 'CompanyId',
    });
  });

  it('short-circuits like and: a later conjunct is not evaluated after a false one', async () => {
    const guarded = compilePredicate('$type(Amount) = "number" and Amount + 1 > 2');
    assert.deepEqual(await guarded.test({ Amount: 'x' }), {
      passed: false,
      failedCondition: '$type(Amount) = "number"',
    });
    assert.deepEqual(await guarded.test({ Amount: 5 }), { passed: true });
  });

  it('throws ExpressionError positioned in the whole predicate when a conjunct fails to evaluate', async () => {
    const source = 'Active = true and Amount + 1 > 2';
    await assert.rejects(compilePredicate(source).test({ Active: true, Amount: 'x' }), (error: unknown) => {
      assert.ok(error instanceof ExpressionError);
      assert.equal(error.code, 'EXPRESSION_ERROR');
      assert.equal(error.jsonataCode, 'T2001');
      assert.equal(error.source, source);
      assert.equal(error.position, source.indexOf('+'));
      return true;
    });
  });

  it('throws on a syntax error, with the position in the whole predicate', () => {
    assert.throws(
      () => compilePredicate('a = 1 and b = )'),
      (error: unknown) =>
        error instanceof ExpressionError && error.jsonataCode === 'S0211' && error.position === 14,
    );
  });

  it('applies the time limit to each conjunct and to the predicate as a whole', async () => {
    const limits = { timeoutMs: 100 };
    const loop = '($f := function($n){ $f($n+1) }; $f(0))';
    await assert.rejects(compilePredicate(`true and ${loop}`, limits).test({}), {
      code: 'EXPRESSION_LIMIT',
      limit: 'time',
    });
    // Spins for 60 ms of host clock: under the limit alone, over it twice.
    const slow = '($start := $clock(); $f := function(){ $clock() - $start < 60 ? $f() : true }; $f())';
    const clock = () => Date.now();
    assert.deepEqual(await compilePredicate(slow, limits).test({}, { clock }), { passed: true });
    await assert.rejects(compilePredicate(`${slow} and ${slow} and ${slow}`, limits).test({}, { clock }), {
      code: 'EXPRESSION_LIMIT',
      limit: 'time',
      message: 'expression exceeded the 100 ms time limit',
    });
  });
});
