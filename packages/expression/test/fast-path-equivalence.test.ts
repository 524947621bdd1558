import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import jsonata from 'jsonata';
import { compileInContext, isCompiledToFunction, needsResultChecks } from '../src/compile-expression.ts';
import { compileFastPath, INTERPRET } from '../src/compile-fast-path.ts';
import { ExpressionError } from '../src/expression-error.ts';
import { resolveLimits, type ExpressionLimits } from '../src/limits.ts';

/*
 * The proof that the compiled fast path is invisible: every expression of a large corpus (hand-picked
 * edge cases and seeded random expressions of the supported subset, with a few unsupported forms mixed
 * in) is evaluated on many inputs three ways — by jsonata itself, by the interpreted wrapper, and by the
 * wrapper with the fast path — and the outcomes must be identical: the same value (Object.is for
 * primitives, so -0 ≠ 0) or the same error.
 */

type Bindings = Record<string, unknown>;
type Outcome = { value: unknown } | { error: Record<string, unknown> };

function errorShape(error: unknown): Record<string, unknown> {
  if (error instanceof ExpressionError) {
    return {
      code: error.code,
      jsonataCode: error.jsonataCode,
      limit: error.limit,
      message: error.message,
      position: error.position,
      token: error.token,
    };
  }
  return { unexpected: String(error) };
}

/**
 * jsonata's sequences carry a fresh `push` closure each, so two equal results never deepEqual; compare
 * them as plain arrays, keeping whether they were sequences.
 */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(comparable);
    return (value as { sequence?: unknown }).sequence === true ? { sequence: items } : items;
  }
  if (typeof value === 'object' && value !== null) {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return value;
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = comparable(item);
    return copy;
  }
  return value;
}

async function outcomeOf(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { value: comparable(await run()) };
  } catch (error) {
    return { error: errorShape(error) };
  }
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Stats {
  evaluations: number;
  fast: number;
  compiledExpressions: number;
  /** Forms (see featuresOf) of the expressions the fast path answered at least once. */
  covered: Set<string>;
}

function newStats(): Stats {
  return { evaluations: 0, fast: 0, compiledExpressions: 0, covered: new Set() };
}

/** The supported forms a parse tree uses, e.g. 'binary &', '$substring/3', 'condition without else'. */
function featuresOf(ast: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(ast)) {
    for (const item of ast) featuresOf(item, into);
    return into;
  }
  if (typeof ast !== 'object' || ast === null) return into;
  const node = ast as Record<string, unknown> & { type?: unknown; value?: unknown };
  switch (node.type) {
    case 'binary':
      into.add(`binary ${String(node.value)}`);
      break;
    case 'function':
      into.add(
        `$${String((node.procedure as { value?: unknown }).value)}/${(node.arguments as unknown[]).length}`,
      );
      featuresOf(node.arguments, into);
      return into;
    case 'condition':
      into.add(node.else === undefined ? 'condition without else' : 'condition');
      break;
    case 'path': {
      const steps = node.steps as { type: string }[];
      into.add(steps[0]?.type === 'variable' ? 'variable path' : `path of ${Math.min(steps.length, 3)}`);
      return into;
    }
    case 'block':
      into.add((node.expressions as unknown[]).length > 1 ? 'block of several' : 'block');
      break;
    case 'variable':
    case 'string':
    case 'number':
      into.add(node.type);
      break;
    case 'value':
      into.add(`literal ${String(node.value)}`);
      break;
    default:
      break;
  }
  for (const child of Object.values(node)) featuresOf(child, into);
  return into;
}

const SUPPORTED_FORMS = [
  ...['=', '!=', '<', '<=', '>', '>=', 'and', 'or', '&'].map((op) => `binary ${op}`),
  ...['exists', 'string', 'lowercase', 'uppercase', 'trim', 'length', 'boolean', 'not', 'number'].map(
    (name) => `$${name}/1`,
  ),
  '$substring/2',
  '$substring/3',
  'condition',
  'condition without else',
  'block',
  'block of several',
  'path of 1',
  'path of 2',
  'path of 3',
  'variable path',
  'variable',
  'string',
  'number',
  'literal true',
  'literal false',
  'literal null',
];

interface Case {
  source: string;
  input: unknown;
  bindings?: Bindings;
}

const LIMIT_SETS: readonly ExpressionLimits[] = [
  resolveLimits(undefined),
  resolveLimits({ maxStringLength: 6 }),
  resolveLimits({ maxDepth: 3 }),
  resolveLimits({ maxDepth: 5 }),
];

/** Checks one expression on many inputs under one set of limits; returns how often the fast path answered. */
async function checkExpression(
  source: string,
  cases: readonly { input: unknown; bindings?: Bindings }[],
  limits: ExpressionLimits,
  stats: Stats,
): Promise<void> {
  const interpreted = compileInContext(source, limits, source, 0, true);
  const compiled = compileInContext(source, limits);
  const reference = jsonata(source, {
    timeout: limits.timeoutMs,
    stack: limits.maxDepth,
    sequence: limits.maxSequenceLength,
  });
  const ast = reference.ast();
  // The same evaluator compileInContext built, called directly to see which evaluations it answers.
  const fast = compileFastPath(ast, {
    maxDepth: limits.maxDepth,
    maxStringLength: limits.maxStringLength,
    checkResults: needsResultChecks(ast),
  });
  assert.equal(isCompiledToFunction(compiled), fast !== undefined, source);
  if (fast !== undefined) stats.compiledExpressions++;
  const isDefault = limits === LIMIT_SETS[0];

  for (const { input, bindings } of cases) {
    // What the wrapper hands to jsonata and to the fast path: names without their `$`.
    const variables =
      bindings === undefined
        ? undefined
        : Object.fromEntries(Object.entries(bindings).map(([name, item]) => [name.replace(/^\$/, ''), item]));
    const label = `${source} on ${describeValue(input)} with ${describeValue(bindings)} (limits ${JSON.stringify(limits)})`;
    stats.evaluations++;
    const expected = await outcomeOf(() => interpreted.evaluate(input, bindings));
    const actual = await outcomeOf(() => compiled.evaluate(input, bindings));
    assert.deepEqual(actual, expected, label);

    if (isDefault) {
      // Against jsonata's own evaluate (no wrapper): same value or same jsonata error code.
      let raw: Outcome;
      try {
        raw = { value: comparable(await reference.evaluate(input, variables)) };
      } catch (error) {
        raw = { error: { jsonataCode: (error as { code?: unknown }).code } };
      }
      if ('value' in raw) assert.deepEqual(actual, raw, `${label} (raw jsonata)`);
      else assert.equal('error' in actual && actual.error.jsonataCode, raw.error.jsonataCode, label);
    }

    if (fast !== undefined) {
      const direct = fast(input, variables);
      if (direct !== INTERPRET) {
        stats.fast++;
        featuresOf(ast, stats.covered);
        assert.ok('value' in expected, `fast path answered where jsonata throws: ${label}`);
        assert.deepEqual(comparable(direct), expected.value, `fast path: ${label}`);
      }
    }
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value, (_key, item: unknown) =>
      typeof item === 'number' && !Number.isFinite(item)
        ? String(item)
        : Object.is(item, -0)
          ? '-0'
          : typeof item === 'function'
            ? 'function'
            : item,
    );
  } catch {
    return String(value);
  }
}

const HAND_PICKED: readonly Case[] = [
  // Typical flow expressions.
  { source: 'companyName', input: { companyName: 'Acme' } },
  { source: 'companyName', input: { companyName: ['Acme', 'Beta'] } },
  { source: 'companyName', input: [{ companyName: 'Acme' }] },
  { source: "$exists($account.targetId) and company.id != ''", input: { company: { id: 'c1' } } },
  {
    source: "$exists($account.targetId) and company.id != ''",
    input: { company: { id: 'c1' } },
    bindings: { account: { targetId: 't1' } },
  },
  {
    source: "$exists($account.targetId) and company.id != ''",
    input: { company: { id: '' } },
    bindings: { account: { targetId: null } },
  },
  { source: '$lowercase(email)', input: { email: 'Ada@Example.COM' } },
  { source: '$lowercase(email)', input: {} },
  { source: '$lowercase(email)', input: { email: 42 } },
  { source: '$lowercase(email)', input: { email: ['A', 'B'] } },
  { source: '$string(id)', input: { id: 12345 } },
  { source: '$string(id)', input: { id: 0.1 + 0.2 } },
  { source: '$string(id)', input: { id: -0 } },
  { source: '$string(id)', input: { id: 1e21 } },
  { source: '$string(id)', input: { id: 2 ** 53 + 2 } },
  { source: '$string(id)', input: { id: 1e-7 } },
  { source: '$string(id)', input: { id: { a: 1 } } },
  { source: '$string(id)', input: { id: null } },
  { source: '$string(id)', input: { id: true } },
  // Paths.
  { source: 'a.b.c', input: { a: { b: { c: 'deep' } } } },
  { source: 'a.b.c', input: { a: { b: 'not an object' } } },
  { source: 'a.b.c', input: { a: [{ b: { c: 1 } }, { b: { c: 2 } }] } },
  { source: 'a.b.c', input: { a: { b: [{ c: [1, 2] }] } } },
  { source: 'a.b', input: { a: { b: [] } } },
  { source: 'a.b', input: { a: { b: ['one'] } } },
  { source: 'a.b', input: { a: null } },
  { source: 'a', input: { a: { nested: true } } },
  { source: 'a', input: 'a string input' },
  { source: 'a', input: undefined },
  { source: 'a', input: null },
  { source: '`first name`', input: { 'first name': 'Ada' } },
  { source: 'constructor', input: {} },
  { source: '__proto__', input: JSON.parse('{"__proto__": "own"}') },
  { source: 'a', input: Object.create({ a: 'inherited' }) },
  { source: 'a', input: { a: Number.NaN } },
  { source: 'a', input: { a: Number.POSITIVE_INFINITY } },
  { source: 'a', input: { a: () => 1 } },
  { source: 'a', input: { a: Promise.resolve('awaited') } },
  { source: 'a.b', input: { a: Promise.resolve({ b: 'awaited' }) } },
  // Variables.
  { source: '$account.Id', input: {}, bindings: { account: { Id: '001' } } },
  { source: '$account.Id', input: {}, bindings: { $account: { Id: '002' } } },
  { source: '$account.Id', input: {}, bindings: { account: [{ Id: '1' }, { Id: '2' }] } },
  { source: '$account', input: {}, bindings: { account: undefined } },
  { source: '$missing', input: { missing: 'x' } },
  { source: '$account.Id', input: [1, 2], bindings: { account: { Id: '003' } } },
  // Literals and comparisons.
  { source: '"x"', input: {} },
  { source: '-0', input: {} },
  { source: '1.5', input: {} },
  { source: 'null', input: {} },
  { source: 'a = b', input: { a: { x: 1 }, b: { x: 1 } } },
  { source: 'a = b', input: { a: { x: 1 }, b: { x: 2 } } },
  { source: 'a != b', input: { a: { x: 1 }, b: 'x' } },
  { source: 'a = b', input: { a: 0, b: -0 } },
  { source: 'a = b', input: { a: null, b: null } },
  { source: 'a = b', input: { a: null } },
  { source: 'a != b', input: { b: null } },
  { source: 'a < b', input: { a: 'a', b: 'B' } },
  { source: 'a < b', input: { a: 1, b: '2' } },
  { source: 'a < b', input: { a: null, b: 1 } },
  { source: 'a < b', input: { a: true } },
  { source: 'a < b', input: { b: 1 } },
  { source: 'a >= b', input: { a: 2, b: 2 } },
  // Boolean operators and conditions.
  { source: 'a and b', input: { a: { k: 1 }, b: 'x' } },
  { source: 'a and b', input: { a: {}, b: 'x' } },
  { source: 'a or b', input: { a: 0, b: [0, 1] } },
  { source: 'a or (b < 1)', input: { a: 'yes', b: 'no' } },
  { source: 'a and (b < 1)', input: { a: '', b: 'no' } },
  { source: 'a ? "yes" : "no"', input: { a: [] } },
  { source: 'a ? "yes"', input: { a: 0 } },
  { source: 'a ? b : c', input: { a: 1, b: { k: 'v' } } },
  { source: '(a; b)', input: { a: [1], b: 2 } },
  // Concatenation.
  { source: '"x" & 1e21', input: {} },
  { source: 'a & b', input: { a: 1 / 3, b: true } },
  { source: 'a & b', input: { a: null } },
  { source: 'a & b', input: { a: { k: 1 }, b: 'x' } },
  { source: 'a & b', input: { a: ['x', 'y'] } },
  { source: 'a & "!"', input: { a: 'long enough' } },
  // Functions.
  { source: '$exists(a)', input: { a: null } },
  { source: '$exists(a)', input: { a: undefined } },
  { source: '$boolean(a)', input: { a: { k: undefined } } },
  { source: '$not(a)', input: {} },
  { source: '$not(a)', input: { a: 'x' } },
  { source: '$number(a)', input: { a: '-0' } },
  { source: '$number(a)', input: { a: '1e400' } },
  { source: '$number(a)', input: { a: '0x1F' } },
  { source: '$number(a)', input: { a: '0x1G' } },
  { source: '$number(a)', input: { a: ' 1' } },
  { source: '$number(a)', input: { a: '1.50' } },
  { source: '$number(a)', input: { a: null } },
  { source: '$number(a)', input: { a: false } },
  { source: '$length(a)', input: { a: '😀é' } },
  { source: '$length(a)', input: { a: 5 } },
  { source: '$trim(a)', input: { a: ' \t a \n\n b  ' } },
  { source: '$trim(a)', input: { a: '\u00a0x\u00a0' } },
  { source: '$uppercase(a)', input: { a: 'straße' } },
  { source: '$substring(a, 1, 2)', input: { a: '😀abc' } },
  { source: '$substring(a, -2)', input: { a: '😀abc' } },
  { source: '$substring(a, -9, 2)', input: { a: 'abc' } },
  { source: '$substring(a, 1.5, 1.5)', input: { a: 'abcdef' } },
  { source: '$substring(a, b)', input: { a: 'abc' } },
  { source: '$substring(a, b, c)', input: { a: 'abc', b: 1, c: null } },
  { source: '$lowercase(a)', input: { a: 'X' }, bindings: { lowercase: (value: string) => `host ${value}` } },
  { source: '$exists(a)', input: { a: 1 }, bindings: { exists: undefined } },
  { source: '$string(a)', input: { a: 1 }, bindings: { $string: () => 'rebound' } },
];

describe('fast path equivalence with jsonata', () => {
  it('gives jsonata’s outcome on hand-picked edge cases', async () => {
    const stats = newStats();
    for (const limits of LIMIT_SETS) {
      for (const { source, input, bindings } of HAND_PICKED) {
        await checkExpression(
          source,
          [bindings === undefined ? { input } : { input, bindings }],
          limits,
          stats,
        );
      }
    }
    // The cases are not all fallbacks: most of them are answered by the compiled function.
    assert.ok(stats.fast > stats.evaluations / 3, `fast path answered ${stats.fast} of ${stats.evaluations}`);
  });

  it('gives jsonata’s outcome on a seeded random corpus of expressions and inputs', async () => {
    const random = mulberry32(20_240_611);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

    const STRINGS = [
      '',
      'x',
      'X',
      ' a  b\t',
      '10',
      '1.5',
      '-0',
      '1e3',
      ' 1',
      '0x1F',
      'ß',
      '😀é',
      'abc',
      'Ada',
    ];
    const NUMBERS = [0, -0, 1, -1, 2, 1.5, 0.1 + 0.2, 1e21, 2 ** 53 + 2, -1e-7, 123.45678901234568, 1 / 3];
    const scalar = (): unknown => {
      const roll = random();
      if (roll < 0.4) return pick(STRINGS);
      if (roll < 0.75) return pick(NUMBERS);
      if (roll < 0.85) return random() < 0.5;
      if (roll < 0.93) return null;
      return pick([Number.NaN, Number.POSITIVE_INFINITY, () => 'fn']);
    };
    const value = (depth: number): unknown => {
      const roll = random();
      if (roll < 0.1) return undefined;
      if (roll < 0.7 || depth <= 0) return scalar();
      if (roll < 0.88) return record(depth - 1);
      // Arrays: empty, singleton, of scalars, of objects.
      return pick([[], [scalar()], [scalar(), scalar()], [record(0), record(0)]]);
    };
    const record = (depth: number): Record<string, unknown> => {
      const result: Record<string, unknown> = {};
      for (const key of ['x', 'y', 'z']) {
        const item = value(depth);
        if (item !== undefined || random() < 0.3) result[key] = item;
      }
      return result;
    };
    const input = (): unknown => {
      if (random() < 0.03) return [record(1)];
      const result: Record<string, unknown> = {};
      for (const key of ['a', 'b', 's', 'n', 'o', 'first name']) {
        const item = key === 'o' ? record(2) : value(1);
        if (item !== undefined) result[key] = item;
      }
      return result;
    };
    const bindings = (): Bindings | undefined => {
      const roll = random();
      if (roll < 0.2) return undefined;
      const result: Bindings = { v: random() < 0.8 ? record(2) : value(1), w: value(1) };
      if (random() < 0.05) result[pick(['lowercase', 'exists', 'not'])] = pick([undefined, () => 'host']);
      return result;
    };

    const PATHS = ['a', 'b', 's', 'n', 'o', 'o.x', 'o.x.y', 'o.y.z', '`first name`', 'missing.x'];
    const VARIABLES = ['$v', '$v.x', '$v.x.y', '$w', '$u', '$u.x'];
    const LITERALS = [
      ...STRINGS.map((text) => JSON.stringify(text)),
      '0', '1', '-1', '2', '1.5', '0.1', '1e21', '123456789.123', '-0', 'true', 'false', 'null',
    ]; // prettier-ignore
    const COMPARISONS = ['=', '!=', '<', '<=', '>', '>='];
    const UNARY = [
      'exists',
      'string',
      'lowercase',
      'uppercase',
      'trim',
      'length',
      'boolean',
      'not',
      'number',
    ];
    // A few unsupported forms, so that mixed trees (compiled or not) are checked too.
    const UNSUPPORTED = ['a[0]', '$count(o.x)', 'n + 1', '$.a', 'o.*', '$substringBefore(s, "a")'];

    const expression = (depth: number): string => {
      const roll = random();
      if (depth <= 0 || roll < 0.25) {
        const leaf = random();
        if (leaf < 0.45) return pick(PATHS);
        if (leaf < 0.7) return pick(VARIABLES);
        if (leaf < 0.97) return pick(LITERALS);
        return pick(UNSUPPORTED);
      }
      if (roll < 0.45) return `${expression(depth - 1)} ${pick(COMPARISONS)} ${expression(depth - 1)}`;
      if (roll < 0.55) return `(${expression(depth - 1)} ${pick(['and', 'or'])} ${expression(depth - 1)})`;
      if (roll < 0.65) return `${expression(depth - 1)} & ${expression(depth - 1)}`;
      if (roll < 0.85) return `$${pick(UNARY)}(${expression(depth - 1)})`;
      if (roll < 0.9) {
        const args = [expression(depth - 1), pick(['0', '1', '-2', '1.5', 'n', '$w'])];
        if (random() < 0.5) args.push(pick(['0', '2', '-1', '2.5', 'n']));
        return `$substring(${args.join(', ')})`;
      }
      if (roll < 0.97) {
        const otherwise = random() < 0.7 ? ` : ${expression(depth - 1)}` : '';
        return `(${expression(depth - 1)} ? ${expression(depth - 1)}${otherwise})`;
      }
      return `(${expression(depth - 1)}; ${expression(depth - 1)})`;
    };

    const stats = newStats();
    const EXPRESSIONS = 700;
    for (let index = 0; index < EXPRESSIONS; index++) {
      const source = expression(1 + Math.floor(random() * 3));
      const cases = Array.from({ length: 6 }, () => {
        const bound = bindings();
        return bound === undefined ? { input: input() } : { input: input(), bindings: bound };
      });
      for (const limits of LIMIT_SETS) await checkExpression(source, cases, limits, stats);
    }
    // Guards against a corpus (or a regression) that never reaches the compiled code.
    assert.ok(
      stats.compiledExpressions > EXPRESSIONS,
      `compiled ${stats.compiledExpressions} of ${EXPRESSIONS * LIMIT_SETS.length}`,
    );
    assert.ok(stats.fast > stats.evaluations / 4, `fast path answered ${stats.fast} of ${stats.evaluations}`);
    assert.deepEqual(
      SUPPORTED_FORMS.filter((form) => !stats.covered.has(form)),
      [],
      'every supported form is answered by the fast path somewhere in the corpus',
    );
  });
});
