import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import jsonata from 'jsonata';
import {
  compileExpression,
  compilePredicate,
  ExpressionError,
  isCompiledToFunction,
} from '@flowsync/expression';
import {
  compileFastPath,
  INTERPRET,
  JSONATA_BUILT_INS,
  type FastEvaluator,
  type FastPathOptions,
} from '../src/compile-fast-path.ts';

const OPTIONS: FastPathOptions = { maxDepth: 200, maxStringLength: 1_000_000, checkResults: false };

function fastPath(source: string, options: Partial<FastPathOptions> = {}): FastEvaluator | undefined {
  return compileFastPath(jsonata(source).ast(), { ...OPTIONS, ...options });
}

function compiled(source: string, options: Partial<FastPathOptions> = {}): FastEvaluator {
  const fast = fastPath(source, options);
  assert.ok(fast !== undefined, `expected ${source} to compile to a function`);
  return fast;
}

describe('fast path: which expressions compile', () => {
  it('compiles the forms flows use most', () => {
    for (const source of [
      'companyName',
      'a.b.c',
      '`first name`',
      '$account.Id',
      '$account',
      '"x"',
      '-1.5',
      'true',
      'null',
      "$exists($account.targetId) and company.id != ''",
      'a = 1 or (b <= "x" and c > 2)',
      'FirstName & " " & LastName',
      '$lowercase(email)',
      '$string(id)',
      '$not($boolean(a))',
      '$number(amount) >= 10',
      '$substring(code, 0, 3)',
      '$trim($uppercase(name))',
      '$length(name) > 0 ? name : "n/a"',
      'active ? "yes"',
      '(a; b)',
    ]) {
      assert.ok(fastPath(source) !== undefined, source);
    }
  });

  it('leaves everything else to the interpreter', () => {
    for (const source of [
      'a[0]', // predicates and filters
      'a.b[x = 1]',
      'a[]',
      'a{"k": b}', // grouping
      'a@$x', // focus and index bindings
      'a#$i',
      'a.*', // wildcards and descendants
      '**.a',
      '$.a', // the context and root variables may be sequences
      '$$.a',
      'a.$x', // a variable later in a path is evaluated per item
      '$lowercase(a).b', // a call inside a path
      '(a).b',
      'a + 1', // arithmetic and other operators
      '-a',
      'a in b',
      'a ~> $lowercase()',
      '[a, b]', // constructors
      '{"k": a}',
      'function($x) { $x }', // lambdas, partial application, binding
      '$lowercase(?)',
      '$x := 1',
      '/ab/', // regex
      '$count(a)', // functions outside the subset
      '$map(a, $lowercase)',
      '$lowercase()', // context arguments
      '$lowercase(a, b)', // wrong arity: the interpreter reports it
      '$string(a, true)',
      '$substring(a)',
      '$lowercase', // built-ins as values
      '$string.a',
      '()',
      '1e308 * 10',
    ]) {
      assert.equal(fastPath(source), undefined, source);
    }
  });

  it('leaves trees deeper than the depth limit to the interpreter, which reports the limit', async () => {
    // path (1) → name (2): two levels of jsonata's evaluation stack; `a & b` adds one.
    assert.ok(fastPath('a', { maxDepth: 2 }) !== undefined);
    assert.equal(fastPath('a', { maxDepth: 1 }), undefined);
    assert.ok(fastPath('a & b', { maxDepth: 3 }) !== undefined);
    assert.equal(fastPath('a & b', { maxDepth: 2 }), undefined);
    await assert.rejects(compileExpression('a & b', { maxDepth: 2 }).evaluate({ a: 'x' }), {
      limit: 'depth',
    });
    assert.equal(await compileExpression('a & b', { maxDepth: 3 }).evaluate({ a: 'x' }), 'x');
  });

  it('knows every name jsonata binds, so an unbound $name is undefined', () => {
    // Read from jsonata's own source: a new built-in in an upgrade must be added to the list.
    const main = createRequire(import.meta.url).resolve('jsonata');
    const text = readFileSync(main, 'utf8');
    const bound = [...text.matchAll(/(?:staticFrame|environment)\.bind\('([A-Za-z0-9_]+)'/g)].map(
      (match) => match[1],
    );
    assert.ok(bound.length > 60, 'the pattern still finds jsonata’s built-ins');
    assert.deepEqual(
      bound.filter((name) => name !== undefined && !JSONATA_BUILT_INS.has(name)),
      [],
    );
  });
});

describe('fast path: evaluations left to the interpreter', () => {
  it('answers plain values directly', () => {
    assert.equal(compiled('a.b')({ a: { b: 'x' } }, undefined), 'x');
    assert.equal(compiled('a.b')({ a: 'text' }, undefined), undefined);
    assert.equal(compiled('$v.id')({}, { v: { id: 7 } }), 7);
    assert.equal(compiled('$v.id')({}, undefined), undefined);
    assert.equal(compiled('a & b')({ a: 1.5, b: null }, undefined), '1.5null');
    assert.equal(compiled('a < b')({ a: 'a', b: 'b' }, undefined), true);
    assert.equal(compiled('a < b')({ a: 'a' }, undefined), undefined);
    assert.equal(compiled('a = b')({ a: {}, b: 'x' }, undefined), false);
  });

  it('gives arrays to the interpreter wherever they appear', () => {
    assert.equal(compiled('a')([{ a: 1 }], undefined), INTERPRET);
    assert.equal(compiled('a')({ a: [1] }, undefined), INTERPRET);
    assert.equal(compiled('a.b')({ a: [{ b: 1 }] }, undefined), INTERPRET);
    assert.equal(compiled('$v.b')({}, { v: [{ b: 1 }] }), INTERPRET);
    // Even where the result would not depend on it: jsonata still builds a sequence.
    assert.equal(compiled('$exists(a)')({ a: [] }, undefined), INTERPRET);
  });

  it('gives values jsonata treats specially to the interpreter', () => {
    for (const value of [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      () => 1,
      Promise.resolve(1),
      { _jsonata_lambda: true },
      10n,
    ]) {
      assert.equal(compiled('a')({ a: value }, undefined), INTERPRET, String(value));
    }
    assert.equal(compiled('a')(Promise.resolve({ a: 1 }), undefined), INTERPRET);
  });

  it('gives type errors to the interpreter, which throws them', async () => {
    assert.equal(compiled('a < b')({ a: 1, b: '2' }, undefined), INTERPRET); // T2009
    assert.equal(compiled('a < b')({ a: null, b: 1 }, undefined), INTERPRET); // T2010
    assert.equal(compiled('$lowercase(a)')({ a: 5 }, undefined), INTERPRET); // T0410
    assert.equal(compiled('$number(a)')({ a: 'abc' }, undefined), INTERPRET); // D3030
    assert.equal(compiled('$substring(a, b)')({ a: 'abc', b: '1' }, undefined), INTERPRET); // T0410
    await assert.rejects(compileExpression('a < b').evaluate({ a: 1, b: '2' }), {
      code: 'EXPRESSION_ERROR',
      jsonataCode: 'T2009',
      position: 2,
    });
  });

  it('gives what it does not reproduce exactly to the interpreter', () => {
    assert.equal(compiled('a = b')({ a: { x: 1 }, b: { x: 1 } }, undefined), INTERPRET); // deep equality
    assert.equal(compiled('a & b')({ a: { x: 1 } }, undefined), INTERPRET); // JSON text of objects
    assert.equal(compiled('$string(a)')({ a: { x: 1 } }, undefined), INTERPRET);
    assert.equal(compiled('$number(a)')({ a: '0x1F' }, undefined), INTERPRET); // non-decimal forms
    assert.equal(compiled('$number(a)')({ a: '1e400' }, undefined), INTERPRET);
  });

  it('lets a binding replace a built-in, as jsonata does', async () => {
    const lower = compiled('$lowercase(a)');
    assert.equal(lower({ a: 'X' }, { lowercase: () => 'host' }), INTERPRET);
    assert.equal(lower({ a: 'X' }, { other: 1 }), 'x');
    const expression = compileExpression('$lowercase(a)');
    assert.equal(
      await expression.evaluate({ a: 'X' }, { $lowercase: (text: string) => `host ${text}` }),
      'host X',
    );
  });

  it('gives strings over the limit to the interpreter only where it checks them', async () => {
    const long = 'x'.repeat(20);
    assert.equal(
      compiled('a & b', { maxStringLength: 10, checkResults: true })({ a: long }, undefined),
      INTERPRET,
    );
    assert.equal(
      compiled('a & b', { maxStringLength: 30, checkResults: true })({ a: long }, undefined),
      long,
    );
    // jsonata does not check `$lowercase` alone (a bounded built-in): neither does the fast path.
    assert.equal(compiled('$lowercase(a)', { maxStringLength: 10 })({ a: long }, undefined), long);

    const error = await compileExpression('a & "!"', { maxStringLength: 10 })
      .evaluate({ a: long })
      .then(
        () => assert.fail('expected the string limit'),
        (caught: unknown) => caught,
      );
    assert.ok(error instanceof ExpressionError);
    assert.equal(error.code, 'EXPRESSION_LIMIT');
    assert.equal(error.limit, 'string');
    assert.equal(
      await compileExpression('a & "!"', { maxStringLength: 10 }).evaluate({ a: 'short' }),
      'short!',
    );
  });
});

describe('fast path through the public API', () => {
  it('is used for typical flow expressions and not for the rest', () => {
    for (const source of ['companyName', "$exists($account.targetId) and company.id != ''", '$string(id)']) {
      assert.equal(isCompiledToFunction(compileExpression(source)), true, source);
    }
    assert.equal(isCompiledToFunction(compileExpression('$count(items)')), false);
  });

  it('still returns a promise, and the same results as before', async () => {
    const expression = compileExpression('$lowercase(email)');
    const pending = expression.evaluate({ email: 'Ada@Example.COM' });
    assert.ok(pending instanceof Promise);
    assert.equal(await pending, 'ada@example.com');
    // An array goes to the interpreter, which throws its own error…
    await assert.rejects(expression.evaluate({ email: ['A', 'B'] }), { jsonataCode: 'T0410' });
    // …or maps the path over it.
    const emails = await compileExpression('contacts.email').evaluate({
      contacts: [{ email: 'a' }, { email: 'b' }],
    });
    assert.deepEqual(Array.from(emails as string[]), ['a', 'b']);
  });

  it('serves predicates, conjunct by conjunct', async () => {
    const criteria = compilePredicate("$exists($account.id) and $exists(companyId) and companyId != ''");
    assert.deepEqual(await criteria.test({ companyId: 'c1' }, { account: { id: 'a1' } }), { passed: true });
    assert.deepEqual(await criteria.test({ companyId: '' }, { account: { id: 'a1' } }), {
      passed: false,
      failedCondition: "companyId != ''",
    });
    assert.deepEqual(await criteria.test({ companyId: 'c1' }), {
      passed: false,
      failedCondition: '$exists($account.id)',
    });
    await assert.rejects(compilePredicate('amount > 10').test({ amount: '11' }), { jsonataCode: 'T2009' });
  });
});
