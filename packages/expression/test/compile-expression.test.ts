import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERROR_CODES } from '@flowsync/contracts';
import { checkExpressionSyntax, compileExpression, ExpressionError } from '@flowsync/expression';

function catchSync(action: () => unknown): ExpressionError {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof ExpressionError, `expected an ExpressionError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected an ExpressionError');
}

async function catchAsync(action: () => Promise<unknown>): Promise<ExpressionError> {
  try {
    await action();
  } catch (error) {
    assert.ok(error instanceof ExpressionError, `expected an ExpressionError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected an ExpressionError');
}

describe('compileExpression: evaluation', () => {
  it('evaluates against the input and can be evaluated many times', async () => {
    const fullName = compileExpression('FirstName & " " & LastName');
    assert.equal(fullName.source, 'FirstName & " " & LastName');
    assert.equal(await fullName.evaluate({ FirstName: 'Ada', LastName: 'Lovelace' }), 'Ada Lovelace');
    assert.equal(await fullName.evaluate({ FirstName: 'Alan', LastName: 'Turing' }), 'Alan Turing');
  });

  it('binds variables by name, with or without the leading $', async () => {
    const expression = compileExpression('$account.Id & "/" & Id & "/" & $suffix');
    assert.equal(await expression.evaluate({ Id: 'c1' }, { account: { Id: 'a1' }, suffix: 'x' }), 'a1/c1/x');
    assert.equal(await expression.evaluate({ Id: 'c2' }, { $account: { Id: 'a2' }, suffix: 'y' }), 'a2/c2/y');
  });

  it('treats a top-level array input as one value, as jsonata does', async () => {
    assert.equal(await compileExpression('$count($)').evaluate([1, 2, 3]), 3);
    assert.deepEqual(await compileExpression('$[1]').evaluate([10, 20, 30]), 20);
  });

  it('returns undefined for a path that matches nothing', async () => {
    assert.equal(await compileExpression('Account.Name').evaluate({}), undefined);
  });

  it('calls host functions passed as bindings, including async ones', async () => {
    const expression = compileExpression('$double(Amount) + $later()');
    const result = await expression.evaluate(
      { Amount: 4 },
      { double: (value: number) => value * 2, later: async () => 1 },
    );
    assert.equal(result, 9);
  });

  it('wraps an error thrown by a host function, keeping it as the cause', async () => {
    const failure = new Error('lookup failed');
    const error = await catchAsync(() =>
      compileExpression('$fail()').evaluate(
        {},
        {
          fail: () => {
            throw failure;
          },
        },
      ),
    );
    assert.equal(error.code, 'EXPRESSION_ERROR');
    assert.equal(error.message, 'lookup failed');
    assert.equal(error.cause, failure);
  });
});

describe('compileExpression: syntax errors', () => {
  it('throws EXPRESSION_ERROR with position, token and jsonata code', () => {
    const error = catchSync(() => compileExpression('Name ]'));
    assert.equal(error.code, 'EXPRESSION_ERROR');
    assert.ok(error.code in ERROR_CODES);
    assert.equal(error.jsonataCode, 'S0201');
    assert.equal(error.position, 5);
    assert.equal(error.token, ']');
    assert.equal(error.source, 'Name ]');
    assert.equal(error.message, 'Syntax error: "]" at position 5');
  });

  it('reports an unclosed call at the end of the expression', () => {
    const error = catchSync(() => compileExpression('$pad("x", 3 '));
    assert.equal(error.jsonataCode, 'S0203');
    assert.equal(error.position, 12);
    assert.equal(error.token, undefined);
    assert.match(error.message, /Expected "\)" before end of expression at position 12/);
  });

  it('points at the start of an operator used wrongly', () => {
    const error = catchSync(() => compileExpression('a + + b'));
    assert.equal(error.jsonataCode, 'S0211');
    assert.equal(error.position, 4);
    assert.equal(error.token, '+');
  });

  it('rejects an empty expression', () => {
    const error = catchSync(() => compileExpression('   '));
    assert.equal(error.jsonataCode, 'S0207');
  });
});

describe('checkExpressionSyntax', () => {
  it('returns null for a valid expression', () => {
    assert.equal(checkExpressionSyntax('$exists(CompanyId) and CompanyId != ""'), null);
  });

  it('returns message, position and token without throwing', () => {
    assert.deepEqual(checkExpressionSyntax('Amount > 1 )'), {
      message: 'Syntax error: ")" at position 11',
      position: 11,
      token: ')',
    });
    assert.deepEqual(checkExpressionSyntax('(a + b'), {
      message: 'Expected ")" before end of expression at position 6',
      position: 6,
    });
  });

  it('reports unterminated strings and comments', () => {
    assert.match(checkExpressionSyntax('Name = "abc')?.message ?? '', /String literal must be terminated/);
    assert.match(checkExpressionSyntax('a /* note')?.message ?? '', /Comment has no closing tag/);
  });

  it('reports an invalid variable binding at the offending name', () => {
    const result = checkExpressionSyntax('total := 1');
    assert.equal(result?.position, 0);
    assert.equal(result?.token, 'total');
  });
});

describe('compileExpression: runtime errors', () => {
  it('maps type errors to EXPRESSION_ERROR with code and position', async () => {
    const error = await catchAsync(() => compileExpression('Amount + 1').evaluate({ Amount: 'x' }));
    assert.equal(error.code, 'EXPRESSION_ERROR');
    assert.equal(error.jsonataCode, 'T2001');
    assert.equal(error.position, 7);
    assert.equal(error.token, '+');
    assert.equal(error.message, 'The left side of the "+" operator must evaluate to a number at position 7');
  });

  it('points at the name of a function that is not one', async () => {
    const error = await catchAsync(() => compileExpression('1 + $nothing()').evaluate({}));
    assert.equal(error.jsonataCode, 'T1006');
    assert.equal(error.position, 5);
    assert.equal(error.token, 'nothing');
  });

  it('keeps the message of $error as written', async () => {
    const error = await catchAsync(() => compileExpression('$error("Company ID is required")').evaluate({}));
    assert.equal(error.jsonataCode, 'D3137');
    assert.equal(error.message, 'Company ID is required');
  });

  it('reports a syntax error inside $eval as an expression error', async () => {
    const error = await catchAsync(() => compileExpression('$eval("1 +")').evaluate({}));
    assert.equal(error.code, 'EXPRESSION_ERROR');
    assert.equal(error.jsonataCode, 'D3120');
  });
});
