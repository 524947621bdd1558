import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import jsonata from 'jsonata';
import {
  compileExpression,
  DEFAULT_LIMITS,
  ExpressionError,
  type ExpressionLimitKind,
  type ExpressionLimits,
} from '@flowsync/expression';

async function assertLimit(
  source: string,
  kind: ExpressionLimitKind,
  limits?: Partial<ExpressionLimits>,
  input: unknown = {},
): Promise<ExpressionError> {
  const started = Date.now();
  try {
    const result = await compileExpression(source, limits).evaluate(input);
    assert.fail(`expected the ${kind} limit, got a result of type ${typeof result}`);
  } catch (error) {
    assert.ok(error instanceof ExpressionError, `expected an ExpressionError, got ${String(error)}`);
    assert.equal(error.code, 'EXPRESSION_LIMIT', error.message);
    assert.equal(error.limit, kind, error.message);
    assert.ok(Date.now() - started < 2_000, 'a limit should stop the evaluation quickly');
    return error;
  }
}

describe('limits', () => {
  it('has the documented defaults', () => {
    assert.deepEqual(DEFAULT_LIMITS, {
      timeoutMs: 1000,
      maxDepth: 200,
      maxSequenceLength: 100_000,
      maxStringLength: 1_000_000,
    });
  });

  it('rejects limits that are not positive integers', () => {
    assert.throws(() => compileExpression('1', { timeoutMs: 0 }), RangeError);
    assert.throws(() => compileExpression('1', { maxDepth: -1 }), RangeError);
    assert.throws(() => compileExpression('1', { maxStringLength: Number.POSITIVE_INFINITY }), RangeError);
  });

  it('stops an endless tail-recursive loop at the time limit', async () => {
    const started = Date.now();
    const error = await assertLimit('($f := function($n){ $f($n+1) }; $f(0))', 'time', { timeoutMs: 50 });
    assert.equal(error.message, 'expression exceeded the 50 ms time limit');
    assert.ok(Date.now() - started >= 45, 'the loop runs until the limit');
  });

  it('stops endless non-tail recursion at the depth limit', async () => {
    const error = await assertLimit('($f := function($n){ 1 + $f($n+1) }; $f(0))', 'depth');
    assert.match(error.message, /evaluation depth limit of 200/);
  });

  it('allows recursion that ends within the depth limit', async () => {
    const factorial = compileExpression('($f := function($n){ $n <= 1 ? 1 : $n * $f($n - 1) }; $f(20))');
    assert.equal(await factorial.evaluate({}), 2432902008176640000);
  });

  it('applies a lower depth limit when asked', async () => {
    const source = '($f := function($n){ $n <= 0 ? 0 : 1 + $f($n - 1) }; $f(20))';
    assert.equal(await compileExpression(source).evaluate({}), 20);
    await assertLimit(source, 'depth', { maxDepth: 30 });
  });

  it('refuses $pad with a huge width before allocating', async () => {
    const error = await assertLimit("$pad('', 100000000)", 'string');
    assert.equal(error.message, 'expression exceeded the string length limit of 1000000 characters');
    await assertLimit("$pad('x', -100000000, 'ab')", 'string');
    await assertLimit("$pad('', 1e300)", 'string');
  });

  it('builds long padding from a long pad string without blowing up', async () => {
    const result = await compileExpression("$pad('', 999999, $pad('', 999999, 'ab'))").evaluate({});
    assert.equal(typeof result, 'string');
    assert.equal((result as string).length, 999_999);
    assert.ok((result as string).startsWith('ababab'));
  });

  it('refuses a huge range before allocating', async () => {
    const error = await assertLimit('[1..100000000]', 'sequence');
    assert.equal(error.message, 'expression exceeded the sequence length limit of 100000 items');
    await assertLimit('$count([1..100001])', 'sequence');
    assert.equal(await compileExpression('$count([1..100000])').evaluate({}), 100_000);
  });

  it('limits arrays built by constructors and functions', async () => {
    await assertLimit('[1..60000, 1..60000]', 'sequence');
    await assertLimit('$append([1..60000], [1..60000])', 'sequence');
    await assertLimit('$map([1..20], function($v){ $v })', 'sequence', { maxSequenceLength: 10 });
    assert.equal(
      await compileExpression('$count($map([1..10], function($v){ $v }))', {
        maxSequenceLength: 10,
      }).evaluate({}),
      10,
    );
  });

  it('stops a string doubling loop in $reduce at the string limit', async () => {
    await assertLimit("$reduce([1..40], function($acc, $v){ $acc & $acc }, 'x')", 'string');
  });

  it('stops string concatenation growing in a loop', async () => {
    await assertLimit("$reduce([1..30], function($acc, $v){ $acc & $pad('', 50000, 'x') }, '')", 'string');
    const ok = await compileExpression(
      "$reduce([1..19], function($acc, $v){ $acc & $pad('', 50000, 'x') }, '')",
    ).evaluate({});
    assert.equal((ok as string).length, 950_000);
  });

  it('refuses $join and $string of structures over the string limit', async () => {
    await assertLimit("($s := $pad('', 999999); $join([1..100].($s)))", 'string');
    await assertLimit("($s := $pad('', 999999); $join([1..100].($s), ','))", 'string');
    await assertLimit("($s := $pad('', 999999); $string([1..100].($s)))", 'string');
    await assertLimit("($s := $pad('', 999999); $string({'a': $s, 'b': $s}))", 'string');
    await assertLimit('$string([1..200000])', 'sequence');
  });

  it('applies a custom string limit to every string-building step', async () => {
    const limits = { maxStringLength: 10 };
    await assertLimit("'0123456789' & 'x'", 'string', limits);
    await assertLimit("$pad('a', 11)", 'string', limits);
    await assertLimit("$join(['01234', '56789'], '-')", 'string', limits);
    await assertLimit("$string({'key': 'value!'})", 'string', limits);
    await assertLimit("$uppercase('01234' & '56789' & 'x')", 'string', limits);
    assert.equal(await compileExpression("'01234' & '56789'", limits).evaluate({}), '0123456789');
    assert.equal(await compileExpression("$join(['0123', '5678'], '-')", limits).evaluate({}), '0123-5678');
  });

  it('reads long strings from the input; only building them counts', async () => {
    const input = { Description: 'd'.repeat(1_500_000) };
    assert.equal(await compileExpression('$length(Description)').evaluate(input), 1_500_000);
    assert.equal(((await compileExpression('Description').evaluate(input)) as string).length, 1_500_000);
    await assertLimit("Description & '!'", 'string', undefined, input);
  });

  it('keeps a limit hit inside $eval a limit', async () => {
    await assertLimit('$eval("($f := function($n){ 1 + $f($n+1) }; $f(0))")', 'depth');
    await assertLimit('$eval("[1..100000000]")', 'sequence');
  });

  it('also bounds predicates that need no per-step result checks', async () => {
    await assertLimit('$count([1..200000]) > 0', 'sequence');
    await assertLimit('$exists(x) and $count([1..200000]) > 0', 'sequence', undefined, { x: 1 });
  });
});

describe('guarded built-ins keep jsonata semantics', () => {
  const native = (source: string) => jsonata(source).evaluate({});

  it('$pad matches jsonata for ordinary calls', async () => {
    const calls = [
      "$pad('abc', 6)",
      "$pad('abc', -6)",
      "$pad('abc', 6, '#')",
      "$pad('abc', 8, 'xy')",
      "$pad('abc', -8, 'xyz')",
      "$pad('abc', 7, '😀')",
      "$pad('😀a', 5, 'a😀b')",
      "$pad('abc', 2)",
      "$pad('abc', 5.7)",
      "$pad('abc', -5.7, '-')",
      "$pad('', 3, '')",
      '$pad(missing, 3)',
      '$pad("é", -4, "ab")',
    ];
    for (const call of calls) {
      assert.deepEqual(await compileExpression(call).evaluate({}), await native(call), call);
    }
  });

  it('$join and $string match jsonata for ordinary calls', async () => {
    const calls = [
      "$join(['a', 'b', 'c'])",
      "$join(['a', 'b', 'c'], ', ')",
      "$join('single', '-')",
      '$join([], "-")',
      '$join(missing)',
      "$string({'a': 1.1 + 2.2, 'b': [true, null, 'x'], 'f': function($x){ $x }})",
      "$string({'a': {'b': [1, 2]}}, true)",
      "$string('text')",
      '$string(42)',
      '$string(missing)',
      '$string([])',
    ];
    for (const call of calls) {
      assert.deepEqual(await compileExpression(call).evaluate({}), await native(call), call);
    }
  });

  it('$string of the array input matches jsonata', async () => {
    const input = [{ a: 1 }, { b: 'two' }];
    assert.equal(
      await compileExpression('$string($)').evaluate(input),
      await jsonata('$string($)').evaluate(input),
    );
  });
});

describe('$string size check', () => {
  /** Small deterministic PRNG (mulberry32) so failures reproduce. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  function value(next: () => number, depth: number): unknown {
    const pick = Math.floor(next() * (depth > 3 ? 5 : 7));
    switch (pick) {
      case 0:
        return Math.floor(next() * 1e6) / 100;
      case 1:
        return ['', 'a', 'line\nbreak', 'quote"d', 'é😀', '\u0001'][Math.floor(next() * 6)];
      case 2:
        return next() < 0.5;
      case 3:
        return null;
      case 4:
        return -Math.floor(next() * 10);
      case 5:
        return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
      default: {
        const object: Record<string, unknown> = {};
        for (let i = Math.floor(next() * 4); i > 0; i--)
          object[`k${i}${'x'.repeat(i)}`] = value(next, depth + 1);
        return object;
      }
    }
  }

  it('never refuses a value whose JSON text fits the limit exactly', async () => {
    const next = random(42);
    const native = jsonata('$string($v)');
    for (let round = 0; round < 200; round++) {
      const v = { wrapped: value(next, 0) };
      const expected = (await native.evaluate({}, { v })) as string;
      const guarded = compileExpression('$string($v)', { maxStringLength: expected.length });
      assert.equal(await guarded.evaluate({}, { v }), expected, expected);
    }
  });
});
