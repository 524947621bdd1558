import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectorError } from '@flowsync/connector-sdk';
import { soqlDateTime, soqlLiteral, soqlString } from '../src/index.ts';
import { selectList, soqlFilter, soqlName } from '../src/soql.ts';

describe('SOQL building', () => {
  it('escapes string literals so a value can never end the literal', () => {
    assert.equal(soqlString("O'Brien"), "'O\\'Brien'");
    assert.equal(soqlString('back\\slash'), "'back\\\\slash'");
    assert.equal(soqlString('line\nbreak\t"quoted"'), '\'line\\nbreak\\t\\"quoted\\"\'');
    assert.equal(soqlString("\\' OR Id != null OR Name = '"), "'\\\\\\' OR Id != null OR Name = \\''");
  });

  it('writes datetimes unquoted in UTC, from ISO or Salesforce format', () => {
    assert.equal(soqlDateTime('2026-01-01T10:00:00.000+0000'), '2026-01-01T10:00:00Z');
    assert.equal(soqlDateTime('2026-01-01T12:00:00+02:00'), '2026-01-01T10:00:00Z');
    assert.equal(soqlDateTime('2026-01-01T10:00:00.250Z'), '2026-01-01T10:00:00.250Z');
    assert.equal(soqlDateTime('2026-01-01T10:00:00.250Z', true), '2026-01-01T10:00:00Z');
    assert.throws(() => soqlDateTime('yesterday'), ConnectorError);
  });

  it('writes literals by field type', () => {
    assert.equal(soqlLiteral('42', 'double'), '42');
    assert.equal(soqlLiteral('true', 'boolean'), 'true');
    assert.equal(soqlLiteral('2026-03-04T00:00:00Z', 'date'), '2026-03-04');
    assert.equal(soqlLiteral(42, 'string'), "'42'");
    assert.equal(soqlLiteral(null, 'string'), 'null');
    assert.equal(soqlLiteral(7, undefined), '7');
    assert.throws(() => soqlLiteral('abc', 'int'), ConnectorError);
  });

  it('turns trigger filters into conditions', () => {
    assert.equal(soqlFilter({ field: 'Email', op: 'ne', value: 'a@b.c' }, 'email'), "Email != 'a@b.c'");
    assert.equal(
      soqlFilter({ field: 'Type', op: 'notIn', value: ['A', 'B'] }, 'picklist'),
      "Type NOT IN ('A', 'B')",
    );
    assert.equal(soqlFilter({ field: 'ParentId', op: 'isNull' }, 'reference'), 'ParentId = null');
    assert.equal(
      soqlFilter({ field: 'SystemModstamp', op: 'lt', value: '2026-01-01T00:00:00Z' }, 'datetime'),
      'SystemModstamp < 2026-01-01T00:00:00Z',
    );
    assert.throws(
      () => soqlFilter({ field: 'Email', op: 'eq', value: ['a', 'b'] }, 'email'),
      /takes one value/,
    );
  });

  it('checks names and de-duplicates select lists case-insensitively', () => {
    assert.equal(soqlName('Account.Name'), 'Account.Name');
    assert.throws(() => soqlName('Account.Name', 'object'), ConnectorError);
    assert.throws(() => soqlName('Id FROM User --'), ConnectorError);
    assert.deepEqual(selectList(['Id', 'email', 'LastName'], ['id', 'Email', 'SystemModstamp']), [
      'Id',
      'email',
      'LastName',
      'SystemModstamp',
    ]);
  });
});
