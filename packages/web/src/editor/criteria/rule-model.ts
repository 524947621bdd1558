// The rule builder's model of qualification criteria: nested AND/OR groups of conditions (field,
// operator, value), and what each operator needs. Pure data; rendering to and from JSONata lives in
// rule-to-jsonata.ts and jsonata-to-rule.ts.

export type Combinator = 'and' | 'or';

export type RuleOperator =
  | 'equals'
  | 'notEquals'
  | 'greaterThan'
  | 'greaterOrEqual'
  | 'lessThan'
  | 'lessOrEqual'
  | 'contains'
  | 'startsWith'
  | 'endsWith'
  | 'isOneOf'
  | 'isEmpty'
  | 'isNotEmpty'
  | 'exists'
  | 'notExists'
  | 'isTrue'
  | 'isFalse';

export type RuleScalar = string | number | boolean;

/**
 * One test of one field. `field` is a dotted path (`company.id`) or a lookup result (`$account.Id`);
 * `value` is a scalar, a list for `isOneOf`, and absent for operators without a value.
 */
export interface RuleCondition {
  kind: 'condition';
  field: string;
  operator: RuleOperator;
  value?: RuleScalar | RuleScalar[];
}

export interface RuleGroup {
  kind: 'group';
  combinator: Combinator;
  children: RuleNode[];
}

export type RuleNode = RuleCondition | RuleGroup;

/** What an operator's value is: none, one scalar, a scalar that must be text, or a list. */
export type ValueShape = 'none' | 'scalar' | 'text' | 'list';

export interface OperatorInfo {
  label: string;
  shape: ValueShape;
}

export const OPERATORS: Readonly<Record<RuleOperator, OperatorInfo>> = {
  equals: { label: 'equals', shape: 'scalar' },
  notEquals: { label: 'does not equal', shape: 'scalar' },
  greaterThan: { label: 'is greater than', shape: 'scalar' },
  greaterOrEqual: { label: 'is greater than or equal to', shape: 'scalar' },
  lessThan: { label: 'is less than', shape: 'scalar' },
  lessOrEqual: { label: 'is less than or equal to', shape: 'scalar' },
  contains: { label: 'contains', shape: 'text' },
  startsWith: { label: 'starts with', shape: 'text' },
  endsWith: { label: 'ends with', shape: 'text' },
  isOneOf: { label: 'is one of', shape: 'list' },
  isEmpty: { label: 'is empty', shape: 'none' },
  isNotEmpty: { label: 'is not empty', shape: 'none' },
  exists: { label: 'exists', shape: 'none' },
  notExists: { label: 'does not exist', shape: 'none' },
  isTrue: { label: 'is true', shape: 'none' },
  isFalse: { label: 'is false', shape: 'none' },
};

export const ALL_OPERATORS = Object.keys(OPERATORS) as RuleOperator[];

/** The kind of value a field holds, from the connector's describe type. */
export type ValueType = 'string' | 'number' | 'boolean';

/** Describe types (connector-sdk FieldDescription.type) that hold numbers or booleans; the rest is text. */
export function valueTypeOf(describeType: string | undefined): ValueType | undefined {
  if (describeType === undefined) return undefined;
  if (describeType === 'number') return 'number';
  if (describeType === 'boolean') return 'boolean';
  return 'string';
}

const ORDERED_TYPES = new Set(['number', 'date', 'datetime']);

/**
 * Operators the builder offers for a field of this describe type (all of them when the type is
 * unknown, e.g. a lookup field or a path typed as text).
 *
 * @example
 * operatorsFor('boolean'); // ['isTrue', 'isFalse', 'isEmpty', 'isNotEmpty', 'exists', 'notExists']
 */
export function operatorsFor(describeType: string | undefined): RuleOperator[] {
  if (describeType === undefined) return ALL_OPERATORS;
  const valueless: RuleOperator[] = ['isEmpty', 'isNotEmpty', 'exists', 'notExists'];
  if (describeType === 'boolean') return ['isTrue', 'isFalse', ...valueless];
  const ordered: RuleOperator[] = ORDERED_TYPES.has(describeType)
    ? ['greaterThan', 'greaterOrEqual', 'lessThan', 'lessOrEqual']
    : [];
  const text: RuleOperator[] = describeType === 'number' ? [] : ['contains', 'startsWith', 'endsWith'];
  return ['equals', 'notEquals', ...ordered, ...text, 'isOneOf', ...valueless];
}

/** A value of `type` to start a condition with. */
export function defaultValue(type: ValueType | undefined): RuleScalar {
  if (type === 'number') return 0;
  if (type === 'boolean') return true;
  return '';
}

/**
 * The value a condition gets when its operator becomes `operator`: kept when it still fits, else a
 * default of the field's type.
 */
export function valueForOperator(
  operator: RuleOperator,
  previous: RuleCondition['value'],
  type: ValueType | undefined,
): RuleCondition['value'] {
  const shape = OPERATORS[operator].shape;
  if (shape === 'none') return undefined;
  const first = Array.isArray(previous) ? previous[0] : previous;
  if (shape === 'list') {
    if (Array.isArray(previous)) return previous;
    return first === undefined || first === '' ? [] : [first];
  }
  if (shape === 'text') return typeof first === 'string' ? first : '';
  if (first !== undefined && (type === undefined || typeof first === type)) return first;
  return defaultValue(type);
}

/** A condition on `field` with the first operator its type offers. */
export function newCondition(field: string, describeType: string | undefined): RuleCondition {
  const operator = operatorsFor(describeType)[0] ?? 'equals';
  const value = valueForOperator(operator, undefined, valueTypeOf(describeType));
  return value === undefined
    ? { kind: 'condition', field, operator }
    : { kind: 'condition', field, operator, value };
}

export function emptyGroup(combinator: Combinator = 'and'): RuleGroup {
  return { kind: 'group', combinator, children: [] };
}

/** Why a rule cannot be turned into criteria yet, as `path` (child indexes) → message. */
export interface RuleProblem {
  path: number[];
  message: string;
}

/**
 * What keeps a rule from being saved: conditions without a field, nested groups without conditions,
 * values of the wrong shape, numbers that are not finite. The top-level group may be empty (every
 * record qualifies).
 *
 * @example
 * ruleProblems({ kind: 'group', combinator: 'and', children: [{ kind: 'condition', field: '', operator: 'exists' }] });
 * // [{ path: [0], message: 'Choose a field' }]
 */
export function ruleProblems(rule: RuleGroup): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const visit = (node: RuleNode, path: number[]) => {
    if (node.kind === 'group') {
      if (path.length > 0 && node.children.length === 0) {
        problems.push({ path, message: 'Add a condition to this group or remove it' });
      }
      node.children.forEach((child, index) => visit(child, [...path, index]));
      return;
    }
    const problem = conditionProblem(node);
    if (problem !== undefined) problems.push({ path, message: problem });
  };
  visit(rule, []);
  return problems;
}

function isScalar(value: unknown): value is RuleScalar {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

export function conditionProblem(condition: RuleCondition): string | undefined {
  if (condition.field.trim() === '') return 'Choose a field';
  if (!isFieldPath(condition.field)) return `"${condition.field}" is not a field path`;
  const shape = OPERATORS[condition.operator].shape;
  const value = condition.value;
  switch (shape) {
    case 'none':
      return value === undefined ? undefined : 'This operator takes no value';
    case 'scalar':
      return isScalar(value) ? undefined : 'Enter a value';
    case 'text':
      // Every text contains, starts and ends with "": almost certainly a value still to be typed.
      return typeof value === 'string' && value !== '' ? undefined : 'Enter the text to look for';
    case 'list':
      return Array.isArray(value) && value.every(isScalar) ? undefined : 'Enter a list of values';
  }
}

/**
 * Whether `field` is a path the builder can write: names separated by dots, optionally starting with
 * a `$variable` (a lookup result). Names may not contain dots or backticks.
 */
export function isFieldPath(field: string): boolean {
  const segments = field.split('.');
  return segments.every((segment, index) => {
    if (segment === '' || segment.includes('`')) return false;
    if (segment.startsWith('$')) return index === 0 && /^\$[\p{L}_][\p{L}\p{N}_]*$/u.test(segment);
    return true;
  });
}

/** The first segment's variable name of a `$alias.Field` path, if it is one. */
export function variableOf(field: string): string | undefined {
  const match = /^\$([^.]+)/.exec(field);
  return match?.[1];
}
