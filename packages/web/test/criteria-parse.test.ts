// Reading criteria text into the rule builder: canonical texts come back unchanged, common variants
// are understood, and what the builder cannot show is reported by name, never approximated.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCriteria } from '../src/editor/criteria/jsonata-to-rule.ts';
import { renderField, renderLiteral, renderRule } from '../src/editor/criteria/rule-to-jsonata.ts';
import type { RuleGroup } from '../src/editor/criteria/rule-model.ts';

function parsed(text: string): RuleGroup {
  const result = parseCriteria(text);
  assert.ok(result.ok, `${text}: ${result.ok ? '' : result.message}`);
  return result.rule;
}

describe('criteria text → rule', () => {
  test('canonical texts read back to themselves', () => {
    const texts = [
      'Subsidiary = "Parent Company" and (Email != "" or Phone != "")',
      '$exists($account.targetId) and $exists(company.id) and company.id != ""',
      'Amount >= 1000 and Amount < 5000.5',
      'Status in ["Active", "Prospect"] or Rating = "Hot"',
      'Score in [1, 2, 3] and Region in []',
      '$substring(Email, -9) = "@acme.com"',
      '$substring(Name, 0, 4) = "Acme" and $contains(Title, "Manager")',
      '(Phone != null and Phone != "")',
      '$not(Email != null and Email != "") or (Phone != null and Phone != "")',
      '`First Name` = "Ada" and `and` = 1 and Größe > 2',
      'IsActive = true and IsDeleted = false and Flag != true',
      '$not($exists($sfContact.Id))',
      'Note = "He said \\"hi\\"\\n" and Path = "C:\\\\temp"',
      'Country != "DE" and (Tier = 1 or (Tier = 2 and Revenue > 1000000))',
      'A = 1 and (B = 2 and C = 3)',
      'Amount > -5 and Amount <= 1e+21',
      'true',
    ];
    for (const text of texts) assert.equal(renderRule(parsed(text)), text);
  });

  test('the example in the brief is two conditions and a group', () => {
    assert.deepEqual(parsed('Subsidiary = "Parent Company" and (Email != "" or Phone != "")'), {
      kind: 'group',
      combinator: 'and',
      children: [
        { kind: 'condition', field: 'Subsidiary', operator: 'equals', value: 'Parent Company' },
        {
          kind: 'group',
          combinator: 'or',
          children: [
            { kind: 'condition', field: 'Email', operator: 'notEquals', value: '' },
            { kind: 'condition', field: 'Phone', operator: 'notEquals', value: '' },
          ],
        },
      ],
    });
  });

  test('common variants are understood and written canonically', () => {
    const cases: [string, string][] = [
      [
        "$exists($account.targetId) and $exists(company.id) and company.id != ''",
        '$exists($account.targetId) and $exists(company.id) and company.id != ""',
      ],
      ['a = 1 or b = 1 and c = 2', 'a = 1 or (b = 1 and c = 2)'],
      ['((Amount = 1))', 'Amount = 1'],
      ['Phone != null and Phone != ""', '(Phone != null and Phone != "")'],
      ['  Email = "x"  ', 'Email = "x"'],
      ['', 'true'],
      ['Amount = 1.50', 'Amount = 1.5'],
    ];
    for (const [text, canonical] of cases) assert.equal(renderRule(parsed(text)), canonical, text);
  });

  test('what the builder cannot show is named, and no rule is returned', () => {
    const cases: [string, string][] = [
      ['$lowercase(Email) = "x"', 'the function $lowercase'],
      ['Amount + 1 > 5', 'arithmetic (+)'],
      ['FirstName & LastName = "Ada Lovelace"', 'string concatenation (&)'],
      ['Amount > Threshold', 'a comparison of two fields'],
      ['Email = null', 'a comparison with null (use "is empty")'],
      ['Lines[0].Sku = "x"', 'a filter or index on a path'],
      ['Active ? true : false', 'a conditional (… ? … : …)'],
      ['$contains(Email, /acme/i)', 'a regular expression'],
      ['Email', 'a field on its own (use "exists" or "is true")'],
      ['false', 'the constant false'],
      ['$count(Lines) > 1', 'the function $count'],
      ['"x" = Email', 'a comparison with the value on the left'],
      ['Status in Allowed', '"in" with something other than a list of values'],
      [
        '$substring(Email, 1, 3) = "cme"',
        'a $substring comparison that is not a starts-with or ends-with test',
      ],
      ['$not(Active = true)', 'a negation ($not) of anything but "exists" or "is not empty"'],
      ['A = 1 and ($x := 2; $x = B)', 'a block of several expressions'],
      ['$.Email = "x"', 'the context variable $'],
    ];
    for (const [text, construct] of cases) {
      const result = parseCriteria(text);
      assert.equal(result.ok, false, text);
      if (result.ok) continue;
      assert.equal(result.kind, 'unrepresentable', `${text}: ${result.message}`);
      if (result.kind !== 'unrepresentable') continue;
      assert.equal(result.construct, construct, text);
      assert.equal(result.message, `The rule builder cannot show ${construct}.`);
      assert.equal('rule' in result, false);
    }
  });

  test('a syntax error is reported with its position', () => {
    const result = parseCriteria('Email = "x" and (Phone != ""');
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.kind, 'syntax');
    assert.equal(typeof result.position, 'number');
    assert.match(result.message, /\)/);
  });

  test('names and literals are quoted only where JSONata needs it', () => {
    assert.equal(renderField('company.id'), 'company.id');
    assert.equal(renderField('$account.Billing City'), '$account.`Billing City`');
    assert.equal(renderField('or.true.x1'), '`or`.`true`.x1');
    assert.equal(renderField('1st'), '`1st`');
    assert.equal(renderLiteral('a "b" \\ c\n'), '"a \\"b\\" \\\\ c\\n"');
    assert.equal(renderLiteral(-2.5), '-2.5');
    assert.equal(renderLiteral(false), 'false');
    assert.throws(() => renderLiteral(Number.NaN), RangeError);
  });
});
