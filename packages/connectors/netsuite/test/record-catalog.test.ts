import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNetSuiteSettings } from '../src/config.ts';
import {
  catalogFor,
  dateLiteral,
  literalFor,
  normalizeRow,
  selectList,
  toRecordBody,
} from '../src/record-catalog.ts';

const { config } = parseNetSuiteSettings(
  { accountId: '1' },
  { consumerKey: 'a', consumerSecret: 'b', tokenId: 'c', tokenSecret: 'd' },
);
const contact = catalogFor('contact', config);

describe('NetSuite connector: SuiteQL literals and rows', () => {
  test('text literals double their quotes and nothing else', () => {
    assert.equal(literalFor(contact.field('email'), "o'brien\\x@example.com"), "'o''brien\\x@example.com'");
  });

  test('ids and references become numbers; anything else cannot match', () => {
    assert.equal(literalFor(contact.field('company'), { id: '0042' }), '42');
    assert.equal(literalFor(contact.field('id'), '5001'), '5001');
    assert.equal(literalFor(contact.field('id'), '5001 OR 1=1'), undefined);
    assert.equal(literalFor(contact.field('isInactive'), true), "'T'");
    assert.equal(literalFor(contact.field('isInactive'), 'false'), "'F'");
  });

  test('datetimes go through TO_DATE to the second, rounded down; a time without a zone is UTC', () => {
    const expected = "TO_DATE('2026-03-04 05:06:07', 'YYYY-MM-DD HH24:MI:SS')";
    assert.equal(dateLiteral('2026-03-04T05:06:07.999Z', 'since'), expected);
    assert.equal(dateLiteral('2026-03-04T05:06:07', 'since'), expected);
    assert.equal(dateLiteral('2026-03-04T07:06:07+02:00', 'since'), expected);
    assert.throws(() => dateLiteral('yesterday', 'since'), { code: 'VALIDATION_FAILED', fields: ['since'] });
  });

  test('datetimes are selected through TO_CHAR and come back as ISO 8601 with Z', () => {
    const fields = contact.selection(['company', 'lastModifiedDate', 'isInactive', 'title']);
    assert.equal(
      selectList(fields),
      `id, company, TO_CHAR(lastmodifieddate, 'YYYY-MM-DD"T"HH24:MI:SS') AS lastmodifieddate_iso, isinactive, title`,
    );
    assert.deepEqual(
      normalizeRow(fields, { id: '7', lastmodifieddate_iso: '2026-01-02T03:04:05', isinactive: 'T' }),
      {
        id: '7',
        company: null,
        lastModifiedDate: '2026-01-02T03:04:05Z',
        isInactive: true,
        title: null,
      },
    );
  });

  test('write bodies: references as {id}, id dropped, undefined left out, null kept to clear', () => {
    assert.deepEqual(
      toRecordBody(contact, { id: '9', company: 1000, title: null, phone: undefined, custentity_x: 'v' }),
      {
        company: { id: '1000' },
        title: null,
        custentity_x: 'v',
      },
    );
  });
});
