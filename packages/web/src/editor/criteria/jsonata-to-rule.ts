// JSONata text → rule, through jsonata's own parse tree. Reads what rule-to-jsonata.ts writes (and the
// obvious variants: parentheses, single quotes, `a or b and c`); anything the builder cannot show is
// reported by name instead of being approximated.
import jsonata from 'jsonata';
import { codePointLength } from './rule-to-jsonata.ts';
import type {
  Combinator,
  RuleCondition,
  RuleGroup,
  RuleNode,
  RuleOperator,
  RuleScalar,
} from './rule-model.ts';

export type ParseResult =
  | { ok: true; rule: RuleGroup }
  | { ok: false; kind: 'syntax'; message: string; position?: number }
  | {
      ok: false;
      kind: 'unrepresentable';
      /** What the builder cannot show, e.g. `the function $lowercase`. */
      construct: string;
      message: string;
      position?: number;
    };

interface Ast {
  type?: unknown;
  value?: unknown;
  position?: unknown;
  lhs?: unknown;
  rhs?: unknown;
  steps?: unknown;
  expressions?: unknown;
  arguments?: unknown;
  procedure?: unknown;
  expression?: unknown;
}

/** Thrown inside the parser to abandon it with the construct that could not be shown. */
class Unrepresentable extends Error {
  readonly construct: string;
  readonly position: number | undefined;
  constructor(construct: string, node: unknown) {
    super(construct);
    this.construct = construct;
    const position = (node as Ast | null)?.position;
    this.position = typeof position === 'number' ? position : undefined;
  }
}

const COMPARISONS: Readonly<Record<string, RuleOperator>> = {
  '=': 'equals',
  '!=': 'notEquals',
  '>': 'greaterThan',
  '>=': 'greaterOrEqual',
  '<': 'lessThan',
  '<=': 'lessOrEqual',
};

const ARITHMETIC = new Set(['+', '-', '*', '/', '%']);

function asAst(node: unknown): Ast {
  return typeof node === 'object' && node !== null ? (node as Ast) : {};
}

/** Parentheses around one expression are a block of one: look through them. */
function unwrap(node: unknown): Ast {
  let current = asAst(node);
  while (current.type === 'block' && Array.isArray(current.expressions) && current.expressions.length === 1) {
    current = asAst(current.expressions[0]);
  }
  return current;
}

/** A readable name for a construct the builder does not cover. */
function describeConstruct(node: unknown): string {
  const ast = asAst(node);
  switch (ast.type) {
    case 'binary':
      if (ast.value === '&') return 'string concatenation (&)';
      if (typeof ast.value === 'string' && ARITHMETIC.has(ast.value)) return `arithmetic (${ast.value})`;
      return `the operator ${String(ast.value)}`;
    case 'function':
    case 'partial': {
      const procedure = asAst(ast.procedure);
      return procedure.type === 'variable' && typeof procedure.value === 'string'
        ? `the function $${procedure.value}`
        : 'a function call';
    }
    case 'condition':
      return 'a conditional (… ? … : …)';
    case 'block':
      return 'a block of several expressions';
    case 'bind':
      return 'a variable assignment (:=)';
    case 'regex':
      return 'a regular expression';
    case 'lambda':
      return 'a function definition';
    case 'apply':
      return 'function chaining (~>)';
    case 'transform':
      return 'a transform (| … |)';
    case 'sort':
      return 'sorting (^)';
    case 'wildcard':
    case 'descendant':
      return 'a wildcard (*)';
    case 'parent':
      return 'a parent step (%)';
    case 'unary':
      if (ast.value === '[') return 'an array';
      if (ast.value === '{') return 'an object constructor';
      return 'a negation (-)';
    case 'string':
    case 'number':
      return 'a constant value';
    case 'value':
      return ast.value === null ? 'null' : `the constant ${String(ast.value)}`;
    case 'path':
    case 'name':
    case 'variable':
      return 'a field on its own (use "exists" or "is true")';
    default:
      return `a ${String(ast.type)} expression`;
  }
}

const STEP_KEYS = new Set(['type', 'value', 'position']);

/** `company.id`, `$account.Id`, `` `First Name` ``; undefined when the node is not a plain field path. */
function fieldOf(node: unknown): string | undefined {
  const ast = unwrap(node);
  if (ast.type === 'variable') {
    if (typeof ast.value !== 'string' || ast.value === '' || ast.value === '$') return undefined;
    return `$${ast.value}`;
  }
  if (ast.type === 'name' && typeof ast.value === 'string') return ast.value;
  if (ast.type !== 'path' || !Array.isArray(ast.steps) || ast.steps.length === 0) return undefined;
  const segments: string[] = [];
  for (const [index, raw] of ast.steps.entries()) {
    const step = asAst(raw);
    const extra = Object.keys(step).some((key) => !STEP_KEYS.has(key));
    if (extra) throw new Unrepresentable('a filter or index on a path', step);
    if (typeof step.value !== 'string') return undefined;
    if (step.type === 'variable' && index === 0) {
      if (step.value === '' || step.value === '$') throw new Unrepresentable('the context variable $', step);
      segments.push(`$${step.value}`);
    } else if (step.type === 'name') {
      if (step.value.includes('.') || step.value === '') {
        throw new Unrepresentable(`a field name containing "." (\`${step.value}\`)`, step);
      }
      segments.push(step.value);
    } else {
      return undefined;
    }
  }
  return segments.join('.');
}

function requireField(node: unknown, context: Ast): string {
  const field = fieldOf(node);
  if (field !== undefined) return field;
  const inner = unwrap(node);
  if (inner.type === 'string' || inner.type === 'number' || inner.type === 'value') {
    throw new Unrepresentable('a comparison with the value on the left', context);
  }
  throw new Unrepresentable(describeConstruct(inner), inner);
}

function literalOf(node: unknown): RuleScalar | null | undefined {
  const ast = unwrap(node);
  if (ast.type === 'string' && typeof ast.value === 'string') return ast.value;
  if (ast.type === 'number' && typeof ast.value === 'number' && Number.isFinite(ast.value)) return ast.value;
  if (ast.type === 'value' && (typeof ast.value === 'boolean' || ast.value === null)) return ast.value;
  return undefined;
}

function requireLiteral(node: unknown, context: Ast): RuleScalar {
  const value = literalOf(node);
  if (value === null) throw new Unrepresentable('a comparison with null (use "is empty")', context);
  if (value !== undefined) return value;
  if (fieldOf(node) !== undefined) throw new Unrepresentable('a comparison of two fields', context);
  const inner = unwrap(node);
  throw new Unrepresentable(describeConstruct(inner), inner);
}

function callOf(node: Ast): { name: string; args: unknown[] } | undefined {
  if (node.type !== 'function' || !Array.isArray(node.arguments)) return undefined;
  const procedure = asAst(node.procedure);
  if (procedure.type !== 'variable' || typeof procedure.value !== 'string') return undefined;
  return { name: procedure.value, args: node.arguments };
}

/** `F != null and F != ""`: the field of an "is not empty" test. */
function notEmptyField(node: Ast): string | undefined {
  if (node.type !== 'binary' || node.value !== 'and') return undefined;
  const lhs = unwrap(node.lhs);
  const rhs = unwrap(node.rhs);
  if (lhs.type !== 'binary' || lhs.value !== '!=' || rhs.type !== 'binary' || rhs.value !== '!=') {
    return undefined;
  }
  if (literalOf(lhs.rhs) !== null || literalOf(rhs.rhs) !== '') return undefined;
  try {
    const first = fieldOf(lhs.lhs);
    return first !== undefined && first === fieldOf(rhs.lhs) ? first : undefined;
  } catch {
    return undefined;
  }
}

function condition(field: string, operator: RuleOperator, value?: RuleCondition['value']): RuleCondition {
  return value === undefined
    ? { kind: 'condition', field, operator }
    : { kind: 'condition', field, operator, value };
}

/** `$substring(F, 0, n) = "v"` (starts with) and `$substring(F, -n) = "v"` (ends with). */
function substringTest(call: { args: unknown[] }, expected: RuleScalar, context: Ast): RuleCondition {
  const [text, start, length] = call.args;
  const field = requireField(text, context);
  const from = literalOf(start);
  const count = length === undefined ? undefined : literalOf(length);
  if (typeof expected === 'string') {
    const n = codePointLength(expected);
    if (call.args.length === 3 && from === 0 && count === n) return condition(field, 'startsWith', expected);
    if (call.args.length === 2 && n > 0 && from === -n) return condition(field, 'endsWith', expected);
  }
  throw new Unrepresentable('a $substring comparison that is not a starts-with or ends-with test', context);
}

function parseCondition(node: Ast): RuleCondition {
  const notEmpty = notEmptyField(node);
  if (notEmpty !== undefined) return condition(notEmpty, 'isNotEmpty');

  if (node.type === 'binary' && typeof node.value === 'string') {
    const operator = COMPARISONS[node.value];
    if (operator !== undefined) {
      const lhs = unwrap(node.lhs);
      const call = callOf(lhs);
      if (operator === 'equals' && call?.name === 'substring') {
        return substringTest(call, requireLiteral(node.rhs, node), node);
      }
      const field = requireField(lhs, node);
      const value = requireLiteral(node.rhs, node);
      if (operator === 'equals' && typeof value === 'boolean')
        return condition(field, value ? 'isTrue' : 'isFalse');
      return condition(field, operator, value);
    }
    if (node.value === 'in') {
      const field = requireField(node.lhs, node);
      const list = unwrap(node.rhs);
      if (list.type !== 'unary' || list.value !== '[' || !Array.isArray(list.expressions)) {
        throw new Unrepresentable('"in" with something other than a list of values', node);
      }
      return condition(
        field,
        'isOneOf',
        list.expressions.map((item) => requireLiteral(item, node)),
      );
    }
  }

  const call = callOf(node);
  if (call?.name === 'contains' && call.args.length === 2) {
    const field = requireField(call.args[0], node);
    const token = literalOf(call.args[1]);
    if (typeof token !== 'string') {
      const inner = unwrap(call.args[1]);
      throw new Unrepresentable(
        inner.type === 'regex' ? 'a regular expression' : '$contains with something other than text',
        inner,
      );
    }
    return condition(field, 'contains', token);
  }
  if (call?.name === 'exists' && call.args.length === 1)
    return condition(requireField(call.args[0], node), 'exists');
  if (call?.name === 'not' && call.args.length === 1) {
    const inner = unwrap(call.args[0]);
    const innerCall = callOf(inner);
    if (innerCall?.name === 'exists' && innerCall.args.length === 1) {
      return condition(requireField(innerCall.args[0], inner), 'notExists');
    }
    const empty = notEmptyField(inner);
    if (empty !== undefined) return condition(empty, 'isEmpty');
    throw new Unrepresentable('a negation ($not) of anything but "exists" or "is not empty"', node);
  }
  throw new Unrepresentable(describeConstruct(node), node);
}

/** The operands of a chain `a and b and c` (same operator, no parentheses between). */
function chainOperands(node: Ast, combinator: Combinator): unknown[] {
  if (node.type === 'binary' && node.value === combinator) {
    return [...chainOperands(asAst(node.lhs), combinator), ...chainOperands(asAst(node.rhs), combinator)];
  }
  return [node];
}

function combinatorOf(node: Ast): Combinator | undefined {
  return node.type === 'binary' && (node.value === 'and' || node.value === 'or') ? node.value : undefined;
}

function parseNode(raw: unknown): RuleNode {
  const node = unwrap(raw);
  const combinator = combinatorOf(node);
  if (combinator === undefined || notEmptyField(node) !== undefined) return parseCondition(node);
  return parseGroup(node, combinator);
}

function parseGroup(node: Ast, combinator: Combinator): RuleGroup {
  return { kind: 'group', combinator, children: chainOperands(node, combinator).map(parseNode) };
}

/**
 * Reads criteria text into a rule, or says why it cannot: a syntax error (with position), or the
 * construct the builder cannot show. Blank text and `true` are the empty rule.
 *
 * @example
 * parseCriteria('Subsidiary = "Parent Company" and (Email != "" or Phone != "")');
 * // { ok: true, rule: { kind: 'group', combinator: 'and', children: [condition, { combinator: 'or', … }] } }
 * parseCriteria('$lowercase(Email) = "x"');
 * // { ok: false, kind: 'unrepresentable', construct: 'the function $lowercase', … }
 */
export function parseCriteria(text: string): ParseResult {
  if (text.trim() === '') return { ok: true, rule: { kind: 'group', combinator: 'and', children: [] } };
  let ast: unknown;
  try {
    ast = jsonata(text).ast();
  } catch (error) {
    const raw = error as { message?: unknown; position?: unknown };
    const message = typeof raw.message === 'string' ? raw.message : String(error);
    return typeof raw.position === 'number'
      ? { ok: false, kind: 'syntax', message, position: raw.position }
      : { ok: false, kind: 'syntax', message };
  }
  const root = unwrap(ast);
  if (root.type === 'value' && root.value === true) {
    return { ok: true, rule: { kind: 'group', combinator: 'and', children: [] } };
  }
  try {
    const combinator = combinatorOf(root);
    const rule =
      combinator === undefined || notEmptyField(root) !== undefined
        ? { kind: 'group' as const, combinator: 'and' as const, children: [parseCondition(root)] }
        : parseGroup(root, combinator);
    return { ok: true, rule };
  } catch (error) {
    if (!(error instanceof Unrepresentable)) throw error;
    const result: ParseResult = {
      ok: false,
      kind: 'unrepresentable',
      construct: error.construct,
      message: `The rule builder cannot show ${error.construct}.`,
    };
    return error.position === undefined ? result : { ...result, position: error.position };
  }
}
