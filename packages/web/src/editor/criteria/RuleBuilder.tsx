// The rule builder: nested AND/OR groups of condition rows (field, operator, typed value). It edits a
// RuleGroup and hands every change up; turning the rule into criteria text is the caller's business.
import { useState, type InputHTMLAttributes } from 'react';
import { Button, IconButton } from '../../ui/components.tsx';
import { findChoice, type FieldChoiceGroup } from './criteria-fields.ts';
import { appendAt, removeAt, replaceAt, samePath, type RulePath } from './rule-edit.ts';
import {
  emptyGroup,
  OPERATORS,
  operatorsFor,
  valueForOperator,
  valueTypeOf,
  type Combinator,
  type RuleCondition,
  type RuleGroup,
  type RuleOperator,
  type RuleProblem,
  type RuleScalar,
  type ValueType,
} from './rule-model.ts';

interface BuilderContext {
  rule: RuleGroup;
  fields: FieldChoiceGroup[];
  problems: RuleProblem[];
  disabled: boolean;
  onChange: (rule: RuleGroup) => void;
}

const EMPTY_CONDITION: RuleCondition = { kind: 'condition', field: '', operator: 'equals', value: '' };

/**
 * The builder for `rule`. `problems` (from ruleProblems) are shown on their rows.
 *
 * @example
 * <RuleBuilder rule={rule} fields={groups} problems={ruleProblems(rule)} disabled={false} onChange={setRule} />
 */
export function RuleBuilder(props: {
  rule: RuleGroup;
  fields: FieldChoiceGroup[];
  problems: RuleProblem[];
  disabled: boolean;
  onChange: (rule: RuleGroup) => void;
}) {
  return (
    <div className="criteria-builder">
      <GroupEditor context={props} group={props.rule} path={[]} />
    </div>
  );
}

function GroupEditor({
  context,
  group,
  path,
}: {
  context: BuilderContext;
  group: RuleGroup;
  path: RulePath;
}) {
  const { rule, disabled, onChange } = context;
  const nested = path.length > 0;
  const problem = context.problems.find((p) => samePath(p.path, path))?.message;
  const setCombinator = (combinator: Combinator) =>
    onChange(replaceAt(rule, path, (node) => (node.kind === 'group' ? { ...node, combinator } : node)));
  return (
    <div
      className={['criteria-group', nested && 'criteria-group--nested'].filter(Boolean).join(' ')}
      role="group"
      aria-label={nested ? 'Condition group' : 'Conditions'}
    >
      <div className="criteria-group__head">
        <span className="criteria-group__lead">{nested ? 'Group: match' : 'Match'}</span>
        <select
          className="select criteria-group__combinator"
          aria-label="Match"
          value={group.combinator}
          disabled={disabled}
          onChange={(event) => setCombinator(event.target.value as Combinator)}
        >
          <option value="and">all</option>
          <option value="or">any</option>
        </select>
        <span className="criteria-group__lead">of these conditions</span>
        {nested && !disabled && (
          <IconButton
            className="criteria-group__remove"
            label="Remove group"
            icon="trash"
            size="sm"
            disabled={disabled}
            onClick={() => onChange(removeAt(rule, path))}
          />
        )}
      </div>
      {group.children.length === 0 && !nested && (
        <p className="criteria-group__empty">No conditions: every record qualifies.</p>
      )}
      <ol className="criteria-group__children">
        {group.children.map((child, index) => (
          <li key={index} className="criteria-group__child">
            {index > 0 && (
              <span className="criteria-group__joiner" aria-hidden="true">
                {group.combinator}
              </span>
            )}
            {child.kind === 'group' ? (
              <GroupEditor context={context} group={child} path={[...path, index]} />
            ) : (
              <ConditionRow context={context} condition={child} path={[...path, index]} />
            )}
          </li>
        ))}
      </ol>
      {problem && <p className="criteria-problem">{problem}</p>}
      {!disabled && (
        <div className="criteria-group__actions">
          <Button
            size="sm"
            variant="ghost"
            icon="plus"
            disabled={disabled}
            onClick={() => onChange(appendAt(rule, path, EMPTY_CONDITION))}
          >
            Add condition
          </Button>
          <Button
            size="sm"
            variant="ghost"
            icon="plus"
            disabled={disabled}
            onClick={() =>
              onChange(
                appendAt(rule, path, {
                  ...emptyGroup(group.combinator === 'and' ? 'or' : 'and'),
                  children: [EMPTY_CONDITION],
                }),
              )
            }
          >
            Add group
          </Button>
        </div>
      )}
    </div>
  );
}

function ConditionRow({
  context,
  condition,
  path,
}: {
  context: BuilderContext;
  condition: RuleCondition;
  path: RulePath;
}) {
  const { rule, fields, disabled, onChange } = context;
  const choice = findChoice(fields, condition.field);
  const describeType = choice?.type;
  const valueType = valueTypeOf(describeType);
  const offered = operatorsFor(describeType);
  const operators = offered.includes(condition.operator) ? offered : [condition.operator, ...offered];
  const problem = context.problems.find((p) => samePath(p.path, path))?.message;
  const shape = OPERATORS[condition.operator].shape;

  const update = (next: RuleCondition) => onChange(replaceAt(rule, path, () => next));
  const withValue = (base: Omit<RuleCondition, 'value'>, value: RuleCondition['value']): RuleCondition =>
    value === undefined ? base : { ...base, value };

  const setField = (field: string) => {
    const nextChoice = findChoice(fields, field);
    const nextOperators = operatorsFor(nextChoice?.type);
    const operator = nextOperators.includes(condition.operator)
      ? condition.operator
      : (nextOperators[0] ?? 'equals');
    const value = valueForOperator(operator, condition.value, valueTypeOf(nextChoice?.type));
    update(withValue({ kind: 'condition', field, operator }, value));
  };
  const setOperator = (operator: RuleOperator) => {
    const value = valueForOperator(operator, condition.value, valueType ?? scalarTypeOf(condition.value));
    update(withValue({ kind: 'condition', field: condition.field, operator }, value));
  };
  const setValue = (value: RuleCondition['value']) =>
    update(withValue({ kind: 'condition', field: condition.field, operator: condition.operator }, value));

  return (
    <div
      className={['criteria-condition', problem && 'criteria-condition--incomplete']
        .filter(Boolean)
        .join(' ')}
    >
      <div className="criteria-condition__line">
        <select
          className="select criteria-condition__field"
          aria-label="Field"
          value={condition.field}
          disabled={disabled}
          aria-invalid={condition.field === '' ? true : undefined}
          onChange={(event) => setField(event.target.value)}
        >
          <option value="" disabled>
            Choose a field…
          </option>
          {fields.map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.choices.map((option) => (
                <option key={option.path} value={option.path}>
                  {option.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        {!disabled && (
          <IconButton
            label="Remove condition"
            icon="x"
            size="sm"
            onClick={() => onChange(removeAt(rule, path))}
          />
        )}
      </div>
      <div
        className={['criteria-condition__line', shape === 'none' && 'criteria-condition__line--single']
          .filter(Boolean)
          .join(' ')}
      >
        <select
          className="select criteria-condition__operator"
          aria-label="Operator"
          value={condition.operator}
          disabled={disabled}
          onChange={(event) => setOperator(event.target.value as RuleOperator)}
        >
          {operators.map((operator) => (
            <option key={operator} value={operator}>
              {OPERATORS[operator].label}
            </option>
          ))}
        </select>
        {shape !== 'none' && (
          <ValueInput
            condition={condition}
            valueType={shape === 'text' ? 'string' : (valueType ?? scalarTypeOf(condition.value))}
            picklist={choice?.picklistValues}
            disabled={disabled}
            onChange={setValue}
          />
        )}
      </div>
      {problem && <p className="criteria-problem">{problem}</p>}
    </div>
  );
}

function scalarTypeOf(value: RuleCondition['value']): ValueType | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'number') return 'number';
  if (typeof first === 'boolean') return 'boolean';
  return undefined;
}

function ValueInput({
  condition,
  valueType,
  picklist,
  disabled,
  onChange,
}: {
  condition: RuleCondition;
  valueType: ValueType | undefined;
  picklist: string[] | undefined;
  disabled: boolean;
  onChange: (value: RuleCondition['value']) => void;
}) {
  const value = condition.value;
  if (OPERATORS[condition.operator].shape === 'list') {
    const list = Array.isArray(value) ? value : [];
    return (
      <DraftInput
        value={list}
        format={(items) => items.map(String).join(', ')}
        parse={(text) => parseList(text, valueType)}
        placeholder={picklist && picklist.length > 0 ? picklist.slice(0, 2).join(', ') : 'value, value'}
        title="Separate values with commas"
        disabled={disabled}
        onValue={onChange}
      />
    );
  }
  const scalar: RuleScalar = Array.isArray(value) || value === undefined ? '' : value;
  if (valueType === 'boolean' || typeof scalar === 'boolean') {
    return (
      <select
        className="select criteria-condition__value"
        aria-label="Value"
        value={String(scalar)}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value === 'true')}
      >
        <option value="true">true</option>
        <option value="false">false</option>
      </select>
    );
  }
  if (picklist && picklist.length > 0 && typeof scalar === 'string' && condition.operator !== 'contains') {
    const options = picklist.includes(scalar) || scalar === '' ? picklist : [scalar, ...picklist];
    return (
      <select
        className="select criteria-condition__value"
        aria-label="Value"
        value={scalar}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
      >
        {scalar === '' && <option value="">(empty)</option>}
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  }
  if (valueType === 'number') {
    return (
      <DraftInput
        value={typeof scalar === 'number' ? scalar : Number.NaN}
        format={(number) => (Number.isNaN(number) ? '' : String(number))}
        parse={parseNumber}
        inputMode="decimal"
        className="num"
        placeholder="0"
        disabled={disabled}
        onValue={onChange}
      />
    );
  }
  return (
    <input
      className="input criteria-condition__value"
      aria-label="Value"
      value={String(scalar)}
      placeholder="(empty text)"
      disabled={disabled}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

function parseNumber(text: string): Parsed<number> {
  const trimmed = text.trim();
  const number = Number(trimmed);
  return trimmed !== '' && Number.isFinite(number)
    ? { ok: true, value: number }
    : { ok: false, message: 'Enter a number' };
}

function parseList(text: string, valueType: ValueType | undefined): Parsed<RuleScalar[]> {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (valueType !== 'number') return { ok: true, value: items };
  const numbers = items.map(Number);
  return numbers.every(Number.isFinite)
    ? { ok: true, value: numbers }
    : { ok: false, message: 'Enter numbers separated by commas' };
}

/**
 * A text input for a typed value: what is typed stays as typed while it reads as a value (and while it
 * does not, with a message), and is replaced when the value changes from elsewhere.
 */
function DraftInput<T>({
  value,
  format,
  parse,
  onValue,
  className,
  ...rest
}: {
  value: T;
  format: (value: T) => string;
  parse: (text: string) => Parsed<T>;
  onValue: (value: T) => void;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
  const key = JSON.stringify(value) ?? '';
  const [draft, setDraft] = useState<{ text: string; key: string; message?: string } | undefined>();
  const current = draft !== undefined && draft.key === key ? draft : undefined;
  return (
    <span className="criteria-condition__value criteria-draft">
      <input
        className={['input', className].filter(Boolean).join(' ')}
        aria-label="Value"
        aria-invalid={current?.message ? true : undefined}
        value={current?.text ?? format(value)}
        onChange={(event) => {
          const text = event.target.value;
          const parsed = parse(text);
          if (parsed.ok) {
            setDraft({ text, key: JSON.stringify(parsed.value) ?? '' });
            onValue(parsed.value);
          } else {
            setDraft({ text, key, message: parsed.message });
          }
        }}
        {...rest}
      />
      {current?.message && <span className="criteria-problem">{current.message}</span>}
    </span>
  );
}
