// The rule builder and its JSONata text must agree: rule → text → rule is the identity, and the text
// decides every record exactly as the rule says it should (checked against a direct interpretation of
// the rule on generated records, through the same expression engine the runtime uses).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compileExpression, compilePredicate, isTruthy } from '@flowsync/expression';
import { parseCriteria } from '../src/editor/criteria/jsonata-to-rule.ts';
import { renderCondition, renderRule } from '../src/editor/criteria/rule-to-jsonata.ts';
import {
  operatorsFor,
  OPERATORS,
  ruleProblems,
  type RuleCondition,
  type RuleGroup,
  type RuleNode,
  type RuleScalar,
} from '../src/editor/criteria/rule-model.ts';

/** mulberry32: the same seed gives the same rules and records on every machine. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const chance = (random: Random, p: number) => random() < p;

interface FieldSpec {
  path: string;
  type: 'string' | 'number' | 'boolean';
}

/** Plain names, nested paths, lookup results, and names that need backticks. */
const FIELDS: readonly FieldSpec[] = [
  { path: 'Email', type: 'string' },
  { path: 'Subsidiary', type: 'string' },
  { path: 'Amount', type: 'number' },
  { path: 'Active', type: 'boolean' },
  { path: 'company.id', type: 'string' },
  { path: 'First Name', type: 'string' },
  { path: 'and', type: 'string' },
  { path: 'Größe', type: 'number' },
  { path: 'Ext_Id__c', type: 'string' },
  { path: '$account.targetId', type: 'string' },
  { path: '$account.Score', type: 'number' },
  { path: '$account', type: 'string' },
];

const TEXTS = [
  '',
  'a',
  'Acme',
  'Parent Company',
  'He said "hi"',
  'back\\slash',
  'line\nbreak\ttab',
  'and',
  'or "x" and (y)',
  'Größe ✓',
  '😀 emoji',
  '@acme.com',
  '`tick`',
  '\u0001ctl',
];
const NUMBERS = [0, 1, -1, 42, 3.5, -2.25, 1000000, 1e21, 0.1, 7];

function scalarFor(random: Random, type: FieldSpec['type']): RuleScalar {
  if (type === 'number') return pick(random, NUMBERS);
  if (type === 'boolean') return chance(random, 0.5);
  return pick(random, TEXTS);
}

function randomCondition(random: Random): RuleCondition {
  const field = pick(random, FIELDS);
  const operator = pick(random, operatorsFor(field.type));
  const shape = OPERATORS[operator].shape;
  const base = { kind: 'condition' as const, field: field.path, operator };
  switch (shape) {
    case 'none':
      return base;
    case 'text':
      // Looking for "" is incomplete in the builder (every text contains it).
      return {
        ...base,
        value: pick(
          random,
          TEXTS.filter((t) => t !== ''),
        ),
      };
    case 'list': {
      const count = Math.floor(random() * 4);
      return { ...base, value: Array.from({ length: count }, () => scalarFor(random, field.type)) };
    }
    case 'scalar': {
      // A boolean compared for equality is written as "is true" / "is false".
      const value = scalarFor(random, field.type);
      return { ...base, value };
    }
  }
}

function randomGroup(random: Random, depth: number, root: boolean): RuleGroup {
  // Nested groups hold two or more children (a group of one is written as its child alone).
  const count = root ? 1 + Math.floor(random() * 4) : 2 + Math.floor(random() * 3);
  const children: RuleNode[] = Array.from({ length: count }, () =>
    depth < 3 && chance(random, 0.3) ? randomGroup(random, depth + 1, false) : randomCondition(random),
  );
  if (root && count === 1 && children[0]?.kind === 'group') children[0] = randomCondition(random);
  const combinator = root && count === 1 ? 'and' : pick(random, ['and', 'or'] as const);
  return { kind: 'group', combinator, children };
}

// ---- A direct interpretation of a rule, with JSONata's semantics for each operator ---------------

type Verdict = boolean | 'error';
class EvaluationError extends Error {}

function resolve(field: string, record: Record<string, unknown>, bindings: Record<string, unknown>): unknown {
  const [first, ...rest] = field.split('.') as [string, ...string[]];
  let value: unknown = first.startsWith('$') ? bindings[first.slice(1)] : record[first];
  for (const name of rest) {
    value =
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)[name]
        : undefined;
  }
  return value;
}

function text(value: unknown): string {
  if (typeof value !== 'string') throw new EvaluationError('not a string');
  return value;
}

function holds(condition: RuleCondition, value: unknown): boolean {
  const literal = condition.value as RuleScalar;
  const notEmpty = value !== undefined && value !== null && value !== '';
  switch (condition.operator) {
    case 'equals':
      return value !== undefined && value === literal;
    case 'notEquals':
      return value !== undefined && value !== literal;
    case 'greaterThan':
    case 'greaterOrEqual':
    case 'lessThan':
    case 'lessOrEqual': {
      const comparable = (v: unknown) => v === undefined || typeof v === 'string' || typeof v === 'number';
      if (!comparable(value) || !comparable(literal)) throw new EvaluationError('T2010');
      if (value === undefined) return false;
      if (typeof value !== typeof literal) throw new EvaluationError('T2009');
      const [a, b] = [value as string | number, literal as string | number];
      if (condition.operator === 'greaterThan') return a > b;
      if (condition.operator === 'greaterOrEqual') return a >= b;
      if (condition.operator === 'lessThan') return a < b;
      return a <= b;
    }
    case 'contains':
      return value !== undefined && text(value).includes(literal as string);
    case 'startsWith': {
      if (value === undefined) return false;
      const n = Array.from(literal as string).length;
      return Array.from(text(value)).slice(0, n).join('') === literal;
    }
    case 'endsWith': {
      if (value === undefined) return false;
      const n = Array.from(literal as string).length;
      return Array.from(text(value)).slice(-n).join('') === literal;
    }
    case 'isOneOf':
      return value !== undefined && (condition.value as RuleScalar[]).some((item) => item === value);
    case 'isEmpty':
      return !notEmpty;
    case 'isNotEmpty':
      return notEmpty;
    case 'exists':
      return value !== undefined;
    case 'notExists':
      return value === undefined;
    case 'isTrue':
      return value === true;
    case 'isFalse':
      return value === false;
  }
}

function interpret(
  node: RuleNode,
  record: Record<string, unknown>,
  bindings: Record<string, unknown>,
): boolean {
  if (node.kind === 'condition') return holds(node, resolve(node.field, record, bindings));
  if (node.children.length === 0) return true;
  for (const child of node.children) {
    const result = interpret(child, record, bindings);
    if (node.combinator === 'and' && !result) return false;
    if (node.combinator === 'or' && result) return true;
  }
  return node.combinator === 'and';
}

function verdictOf(
  rule: RuleGroup,
  record: Record<string, unknown>,
  bindings: Record<string, unknown>,
): Verdict {
  try {
    return interpret(rule, record, bindings);
  } catch (error) {
    if (error instanceof EvaluationError) return 'error';
    throw error;
  }
}

/** A value for a field: usually of its type (often one the rules use), sometimes null, missing or mistyped. */
function fieldValue(random: Random, type: FieldSpec['type']): unknown {
  const roll = random();
  if (roll < 0.1) return undefined;
  if (roll < 0.18) return null;
  if (roll < 0.22) return scalarFor(random, pick(random, ['string', 'number', 'boolean'] as const));
  return scalarFor(random, type);
}

function randomInput(random: Random): { record: Record<string, unknown>; bindings: Record<string, unknown> } {
  const record: Record<string, unknown> = {};
  const account: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const value = fieldValue(random, field.type);
    if (value === undefined) continue;
    if (field.path === 'company.id') record['company'] = chance(random, 0.15) ? null : { id: value };
    else if (field.path === '$account.targetId') account['targetId'] = value;
    else if (field.path === '$account.Score') account['Score'] = value;
    else if (field.path !== '$account') record[field.path] = value;
  }
  const roll = random();
  const bound = roll < 0.15 ? undefined : roll < 0.2 ? 'synced' : account;
  return { record, bindings: bound === undefined ? {} : { account: bound } };
}

const RULES = 400;
const RECORDS_PER_RULE = 25;

describe('criteria rule ↔ JSONata', () => {
  const random = seeded(20260101);
  const rules = Array.from({ length: RULES }, () => randomGroup(random, 0, true));

  test('generated rules are complete and cover every operator', () => {
    const seen = new Set<string>();
    const visit = (node: RuleNode) => {
      if (node.kind === 'group') node.children.forEach(visit);
      else seen.add(node.operator);
    };
    rules.forEach(visit);
    assert.deepEqual([...seen].sort(), Object.keys(OPERATORS).sort());
    for (const rule of rules) assert.deepEqual(ruleProblems(rule), [], renderRule(rule));
  });

  test('rule → text → rule is the identity', () => {
    for (const rule of rules) {
      const text = renderRule(rule);
      const parsed = parseCriteria(text);
      assert.ok(parsed.ok, `${text}: ${parsed.ok ? '' : parsed.message}`);
      assert.deepEqual(parsed.rule, rule, text);
    }
  });

  test('the text decides every record as the rule does', async () => {
    const inputs = Array.from({ length: RECORDS_PER_RULE }, () => randomInput(random));
    const counts = { pass: 0, fail: 0, error: 0 };
    for (const rule of rules) {
      const text = renderRule(rule);
      const compiled = compileExpression(text);
      for (const { record, bindings } of inputs) {
        const expected = verdictOf(rule, record, bindings);
        let actual: Verdict;
        try {
          actual = isTruthy(await compiled.evaluate(record, bindings));
        } catch {
          actual = 'error';
        }
        assert.equal(
          actual,
          expected,
          `${text}\nrecord ${JSON.stringify(record)}\nbindings ${JSON.stringify(bindings)}`,
        );
        counts[expected === 'error' ? 'error' : expected ? 'pass' : 'fail'] += 1;
      }
    }
    // The generated records exercise every outcome, not just one.
    assert.ok(counts.pass > 500 && counts.fail > 500 && counts.error > 50, JSON.stringify(counts));
  });

  test('a rejected record names the first failing condition of an "all" rule as written', async () => {
    const inputs = Array.from({ length: 10 }, () => randomInput(random));
    let checked = 0;
    for (const rule of rules.filter((r) => r.combinator === 'and' && r.children.length > 1)) {
      const predicate = compilePredicate(renderRule(rule));
      for (const { record, bindings } of inputs) {
        if (verdictOf(rule, record, bindings) !== false) continue;
        const failing = rule.children.find(
          (child) => verdictOf({ ...rule, children: [child] }, record, bindings) === false,
        );
        assert.ok(failing);
        const expected = failing.kind === 'condition' ? renderCondition(failing) : `(${renderRule(failing)})`;
        const verdict = await predicate.test(record, bindings);
        assert.deepEqual(verdict, { passed: false, failedCondition: expected });
        checked += 1;
      }
    }
    assert.ok(checked > 100, `${checked} rejections checked`);
  });
});
