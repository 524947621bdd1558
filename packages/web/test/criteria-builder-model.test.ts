// The builder's pure parts: operators offered per field type, values kept or reset when an operator or
// field changes, completeness, edits by path, the field list, and the preview's counts and rows.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectorObjectInfo } from '@flowsync/contracts';
import { fieldChoices, findChoice } from '../src/editor/criteria/criteria-fields.ts';
import {
  headline,
  identify,
  lookupsReferenced,
  previewableCriteria,
  summarize,
} from '../src/editor/criteria/preview-summary.ts';
import { appendAt, nodeAt, removeAt, replaceAt, ruleFields } from '../src/editor/criteria/rule-edit.ts';
import {
  newCondition,
  operatorsFor,
  ruleProblems,
  valueForOperator,
  type RuleGroup,
} from '../src/editor/criteria/rule-model.ts';

const rule: RuleGroup = {
  kind: 'group',
  combinator: 'and',
  children: [
    { kind: 'condition', field: 'Subsidiary', operator: 'equals', value: 'Parent Company' },
    {
      kind: 'group',
      combinator: 'or',
      children: [
        { kind: 'condition', field: 'Email', operator: 'isNotEmpty' },
        { kind: 'condition', field: 'Phone', operator: 'isNotEmpty' },
      ],
    },
  ],
};

describe('rule model', () => {
  test('operators follow the field type', () => {
    assert.deepEqual(operatorsFor('boolean'), [
      'isTrue',
      'isFalse',
      'isEmpty',
      'isNotEmpty',
      'exists',
      'notExists',
    ]);
    assert.ok(operatorsFor('number').includes('greaterThan'));
    assert.ok(!operatorsFor('number').includes('contains'));
    assert.ok(operatorsFor('string').includes('startsWith'));
    assert.ok(!operatorsFor('string').includes('lessThan'));
    assert.ok(operatorsFor('datetime').includes('lessThan'));
    assert.equal(operatorsFor(undefined).length, 16);
  });

  test('a value is kept when the new operator takes it, and reset to the field type otherwise', () => {
    assert.equal(valueForOperator('notEquals', 'Acme', 'string'), 'Acme');
    assert.deepEqual(valueForOperator('isOneOf', 'Acme', 'string'), ['Acme']);
    assert.deepEqual(valueForOperator('isOneOf', '', 'string'), []);
    assert.equal(valueForOperator('equals', ['Gold', 'Silver'], 'string'), 'Gold');
    assert.equal(valueForOperator('isEmpty', 'Acme', 'string'), undefined);
    assert.equal(valueForOperator('greaterThan', 'Acme', 'number'), 0);
    assert.equal(valueForOperator('contains', 5, undefined), '');
    assert.deepEqual(newCondition('Active', 'boolean'), {
      kind: 'condition',
      field: 'Active',
      operator: 'isTrue',
    });
    assert.deepEqual(newCondition('Amount', 'number'), {
      kind: 'condition',
      field: 'Amount',
      operator: 'equals',
      value: 0,
    });
  });

  test('incomplete rules name the place of each problem; an empty top-level group is fine', () => {
    assert.deepEqual(ruleProblems({ kind: 'group', combinator: 'and', children: [] }), []);
    assert.deepEqual(ruleProblems(rule), []);
    const incomplete: RuleGroup = {
      kind: 'group',
      combinator: 'and',
      children: [
        { kind: 'condition', field: '', operator: 'equals', value: '' },
        { kind: 'group', combinator: 'or', children: [] },
        { kind: 'condition', field: 'Amount', operator: 'greaterThan', value: Number.NaN },
        { kind: 'condition', field: 'Tier', operator: 'isOneOf', value: 'Gold' },
        { kind: 'condition', field: 'a..b', operator: 'exists' },
        { kind: 'condition', field: 'Email', operator: 'endsWith', value: '' },
      ],
    };
    assert.deepEqual(ruleProblems(incomplete), [
      { path: [0], message: 'Choose a field' },
      { path: [1], message: 'Add a condition to this group or remove it' },
      { path: [2], message: 'Enter a value' },
      { path: [3], message: 'Enter a list of values' },
      { path: [4], message: '"a..b" is not a field path' },
      { path: [5], message: 'Enter the text to look for' },
    ]);
  });

  test('edits by path return a new rule and leave the old one as it was', () => {
    const before = structuredClone(rule);
    const changed = replaceAt(rule, [1, 0], (node) => ({ ...node, field: 'Mobile' }) as typeof node);
    assert.equal((nodeAt(changed, [1, 0]) as { field: string }).field, 'Mobile');
    assert.deepEqual(rule, before);
    assert.equal(changed.children[0], rule.children[0], 'untouched branches are shared');

    const removed = removeAt(rule, [1, 1]);
    assert.deepEqual(ruleFields(removed), ['Subsidiary', 'Email']);
    assert.equal(removeAt(rule, []), rule, 'the top-level group stays');
    const added = appendAt(rule, [1], { kind: 'condition', field: 'Fax', operator: 'exists' });
    assert.deepEqual(ruleFields(added), ['Subsidiary', 'Email', 'Phone', 'Fax']);
    assert.equal(nodeAt(rule, [5]), undefined);
    assert.equal(
      replaceAt(rule, [0, 1], () => rule),
      rule,
      'a path through a condition changes nothing',
    );
  });
});

describe('field choices', () => {
  const contact: ConnectorObjectInfo = {
    name: 'contact',
    label: 'Contact',
    idField: 'id',
    fields: [
      { name: 'id', label: 'Internal ID', type: 'id' },
      { name: 'email', label: 'Email', type: 'string' },
      { name: 'Rating', label: 'Rating', type: 'picklist', picklistValues: ['Hot', 'Cold'] },
    ],
  };

  test('trigger fields, lookup results and paths in use that neither lists', () => {
    const groups = fieldChoices(
      contact,
      [
        { alias: 'account', fields: ['targetId'] },
        { alias: 'sf', fields: [{ name: 'Score', label: 'Score', type: 'number' }] },
      ],
      ['email', 'company.id', '$account.targetId', ''],
    );
    assert.deepEqual(
      groups.map((g) => [g.label, g.choices.map((c) => c.path)]),
      [
        ['Contact fields', ['id', 'email', 'Rating']],
        ['$account (lookup)', ['$account', '$account.targetId']],
        ['$sf (lookup)', ['$sf', '$sf.Score']],
        ['Other paths', ['company.id']],
      ],
    );
    assert.equal(findChoice(groups, 'id')?.label, 'Internal ID (id)');
    assert.deepEqual(findChoice(groups, 'Rating')?.picklistValues, ['Hot', 'Cold']);
    assert.equal(findChoice(groups, '$sf.Score')?.type, 'number');
    assert.equal(findChoice(groups, 'company.id')?.type, undefined);
    assert.equal(findChoice(groups, 'nowhere'), undefined);
  });

  test('without a describe only the paths in use are offered', () => {
    assert.deepEqual(fieldChoices(undefined, [], ['Email']), [
      { label: 'Other paths', choices: [{ path: 'Email', label: 'Email', type: undefined }] },
    ]);
  });
});

describe('preview summary', () => {
  const records = [
    { id: '5001', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@mail.example' },
    { id: '5002', companyName: 'Acme Inc', phone: '+1 555' },
    { Id: 'x' },
    { id: 5004, Name: 'Hooli', Email: '' },
  ];

  test('counts pass, reject and error outcomes, naming each record', () => {
    const summary = summarize(records, 'id', [
      { ok: true, passed: true },
      { ok: true, passed: false, failedCondition: 'email != ""' },
      { ok: false, error: 'T2010 at position 3' },
      { ok: true, passed: true },
    ]);
    assert.equal(headline(summary), '2 of 4 sample records qualify');
    assert.deepEqual(summary.qualifying, [
      { index: 0, id: '5001', label: 'Ada Lovelace', detail: 'ada@mail.example' },
      { index: 3, id: '5004', label: 'Hooli', detail: undefined },
    ]);
    assert.deepEqual(summary.rejected, [
      { index: 1, id: '5002', label: 'Acme Inc', detail: '+1 555', failedCondition: 'email != ""' },
    ]);
    assert.deepEqual(summary.errors, [
      { index: 2, id: '#3', label: undefined, detail: undefined, message: 'T2010 at position 3' },
    ]);
  });

  test('identifying fields prefer a name, then first and last name, then an id-like field', () => {
    assert.equal(identify({ Id: '1', Name: 'N', FirstName: 'F' }, 'Id', 0).label, 'N');
    assert.equal(identify({ Id: '1', LastName: 'Hopper' }, 'Id', 0).label, 'Hopper');
    assert.equal(identify({ id: '1', entityId: 'CUST00001' }, 'id', 0).label, 'CUST00001');
  });

  test('lookup aliases referenced by the criteria are found as whole names', () => {
    const text = '$exists($account.targetId) and $accountant = 1 and $sf.Id != ""';
    assert.deepEqual(lookupsReferenced(text, ['account', 'sf', 'contact']), ['account', 'sf']);
    assert.deepEqual(lookupsReferenced('$accountant = 1', ['account']), []);
  });
});

test('the preview sets aside top-level conditions on lookup results and keeps the rest', () => {
  assert.deepEqual(previewableCriteria('$account.targetId != null and Email != ""', ['account']), {
    expression: 'Email != ""',
    skipped: ['$account.targetId != null'],
  });
  assert.deepEqual(previewableCriteria('a = 1 and $acc.x = 2 and (b = 2 or c = 3)', ['acc']), {
    expression: 'a = 1 and (b = 2 or c = 3)',
    skipped: ['$acc.x = 2'],
  });
  // Inside an `or` a lookup condition cannot be set aside: the expression is tested as written.
  assert.deepEqual(previewableCriteria('$account.x = 1 or Email != ""', ['account']), {
    expression: '$account.x = 1 or Email != ""',
    skipped: [],
  });
  assert.deepEqual(previewableCriteria('$account.x = 1 and $account.y = 2', ['account']).expression, 'true');
  // `$accountant` is not `$account`.
  assert.deepEqual(previewableCriteria('$accountant = 1 and a = 2', ['account']).skipped, []);
});
