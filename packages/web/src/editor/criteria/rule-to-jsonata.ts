// Rule → JSONata text, in one canonical, readable form that jsonata-to-rule.ts reads back:
// `Subsidiary = "Parent Company" and (Email != "" or Phone != "")`.
import type { RuleCondition, RuleGroup, RuleNode, RuleScalar } from './rule-model.ts';

/** Words the JSONata tokenizer reads as operators or values, so a field of that name needs backticks. */
const RESERVED_NAMES = new Set(['and', 'or', 'in', 'true', 'false', 'null', 'function']);
const PLAIN_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/** A field name as JSONata reads it: plain when it can be, else in backticks. */
export function renderName(name: string): string {
  return PLAIN_NAME.test(name) && !RESERVED_NAMES.has(name) ? name : `\`${name}\``;
}

/**
 * A field path (`company.id`, `$account.Id`, `First Name`) as JSONata.
 *
 * @example
 * renderField('$account.Billing City'); // '$account.`Billing City`'
 */
export function renderField(field: string): string {
  return field
    .split('.')
    .map((segment, index) => (index === 0 && segment.startsWith('$') ? segment : renderName(segment)))
    .join('.');
}

/** A literal: strings JSON-quoted (JSONata's escapes are JSON's), numbers and booleans as written. */
export function renderLiteral(value: RuleScalar): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`${value} is not a JSONata number`);
    return String(value);
  }
  return value ? 'true' : 'false';
}

function scalarOf(condition: RuleCondition): RuleScalar {
  const value = condition.value;
  if (value === undefined || Array.isArray(value)) return '';
  return value;
}

function textOf(condition: RuleCondition): string {
  const value = scalarOf(condition);
  return typeof value === 'string' ? value : String(value);
}

/** Length in code points, as JSONata's `$substring` and `$length` count. */
export function codePointLength(text: string): number {
  return Array.from(text).length;
}

/**
 * One condition as JSONata. Compound tests (is empty, is not empty) come parenthesised or wrapped in a
 * call so that they stay one condition wherever they are placed.
 *
 * @example
 * renderCondition({ kind: 'condition', field: 'Email', operator: 'endsWith', value: '@acme.com' });
 * // '$substring(Email, -9) = "@acme.com"'
 */
export function renderCondition(condition: RuleCondition): string {
  const field = renderField(condition.field);
  switch (condition.operator) {
    case 'equals':
      return `${field} = ${renderLiteral(scalarOf(condition))}`;
    case 'notEquals':
      return `${field} != ${renderLiteral(scalarOf(condition))}`;
    case 'greaterThan':
      return `${field} > ${renderLiteral(scalarOf(condition))}`;
    case 'greaterOrEqual':
      return `${field} >= ${renderLiteral(scalarOf(condition))}`;
    case 'lessThan':
      return `${field} < ${renderLiteral(scalarOf(condition))}`;
    case 'lessOrEqual':
      return `${field} <= ${renderLiteral(scalarOf(condition))}`;
    case 'contains':
      return `$contains(${field}, ${renderLiteral(textOf(condition))})`;
    case 'startsWith': {
      const text = textOf(condition);
      return `$substring(${field}, 0, ${codePointLength(text)}) = ${renderLiteral(text)}`;
    }
    case 'endsWith': {
      const text = textOf(condition);
      // Every string ends with "": the same test as starting with it (`$substring(x, -0)` is all of x).
      if (text === '') return `$substring(${field}, 0, 0) = ""`;
      return `$substring(${field}, -${codePointLength(text)}) = ${renderLiteral(text)}`;
    }
    case 'isOneOf': {
      const values = Array.isArray(condition.value) ? condition.value : [];
      return `${field} in [${values.map(renderLiteral).join(', ')}]`;
    }
    case 'isEmpty':
      return `$not(${field} != null and ${field} != "")`;
    case 'isNotEmpty':
      return `(${field} != null and ${field} != "")`;
    case 'exists':
      return `$exists(${field})`;
    case 'notExists':
      return `$not($exists(${field}))`;
    case 'isTrue':
      return `${field} = true`;
    case 'isFalse':
      return `${field} = false`;
  }
}

function renderChild(node: RuleNode): string {
  return node.kind === 'condition' ? renderCondition(node) : `(${renderGroupBody(node)})`;
}

function renderGroupBody(group: RuleGroup): string {
  return group.children.map(renderChild).join(` ${group.combinator} `);
}

/**
 * The criteria text of a rule. An empty rule is `true` (every record qualifies); nested groups are
 * parenthesised; a single-condition rule is just that condition.
 *
 * @example
 * renderRule({ kind: 'group', combinator: 'and', children: [
 *   { kind: 'condition', field: 'Subsidiary', operator: 'equals', value: 'Parent Company' },
 *   { kind: 'group', combinator: 'or', children: [
 *     { kind: 'condition', field: 'Email', operator: 'notEquals', value: '' },
 *     { kind: 'condition', field: 'Phone', operator: 'notEquals', value: '' } ] } ] });
 * // 'Subsidiary = "Parent Company" and (Email != "" or Phone != "")'
 */
export function renderRule(rule: RuleGroup): string {
  if (rule.children.length === 0) return 'true';
  return renderGroupBody(rule);
}
