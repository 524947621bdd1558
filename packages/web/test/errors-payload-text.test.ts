// The payload editor's checks: JSON syntax with a location, the payload's shape, the fixed sourceId.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkPayloadText,
  formatPayload,
  isPayloadEdited,
  jsonErrorLocation,
  lineAndColumn,
} from '../src/pages/errors/payload-text.ts';

const stored = {
  sourceId: '1003',
  data: { id: '1003', phone: 'call reception' },
  lookups: {},
  mapped: { Name: 'Wayne Umbrella SA', Phone: 'call reception' },
};

describe('payload editor text', () => {
  it('round-trips a stored payload', () => {
    const text = formatPayload(stored);
    assert.match(text, /^\{\n {2}"sourceId": "1003",\n {2}"data"/);
    assert.deepEqual(checkPayloadText(text, '1003'), { ok: true, payload: stored });
    assert.equal(isPayloadEdited(text, stored), false);
    assert.equal(isPayloadEdited(JSON.stringify(stored), stored), false, 'whitespace is not an edit');
    assert.equal(isPayloadEdited(text.replace('call reception', '+1 555 0100'), stored), true);
  });

  it('accepts an edit of the mapped values and keeps mapped optional', () => {
    const edited = formatPayload({ ...stored, mapped: { ...stored.mapped, Phone: '+1 555 0100' } });
    const check = checkPayloadText(edited, '1003');
    assert.ok(check.ok);
    assert.equal(check.payload.mapped?.Phone, '+1 555 0100');
    const withoutMapped = checkPayloadText('{"sourceId":"1003","data":{},"lookups":{}}', '1003');
    assert.deepEqual(withoutMapped, { ok: true, payload: { sourceId: '1003', data: {}, lookups: {} } });
  });

  it('points at the line and column of a syntax error', () => {
    const text = '{\n  "sourceId": "1003",\n  "data": { "a": 1 }\n  "lookups": {}\n}';
    const check = checkPayloadText(text, '1003');
    assert.equal(check.ok, false);
    assert.ok(!check.ok);
    assert.equal(check.line, 4);
    assert.equal(check.column, 3);
    assert.doesNotMatch(check.message, /position|JSON\.parse/);
  });

  it('locates the end of a cut-off text', () => {
    const check = checkPayloadText('{\n  "sourceId": "1003",', '1003');
    assert.ok(!check.ok);
    assert.equal(check.line, 2);
  });

  it('reads the locations other browsers report', () => {
    assert.deepEqual(
      jsonErrorLocation(
        '',
        "JSON.parse: expected ',' or '}' after property value in object at line 3 column 5 of the JSON data",
      ),
      { line: 3, column: 5 },
    );
    assert.deepEqual(jsonErrorLocation('ab\ncd', 'Unexpected token in JSON at position 4'), {
      line: 2,
      column: 2,
    });
    assert.equal(jsonErrorLocation('x', 'something else'), undefined);
    assert.deepEqual(lineAndColumn('a\nbc', 4), { line: 2, column: 3 });
  });

  it('refuses a changed or missing sourceId with a clear message', () => {
    const changed = checkPayloadText(formatPayload({ ...stored, sourceId: '1004' }), '1003');
    assert.ok(!changed.ok);
    assert.match(changed.message, /sourceId must stay "1003"/);
    const missing = checkPayloadText('{"data":{},"lookups":{}}', '1003');
    assert.ok(!missing.ok);
    assert.match(missing.message, /sourceId must stay/);
  });

  it('refuses a payload of the wrong shape', () => {
    const cases: [string, RegExp][] = [
      ['[]', /must be a JSON object/],
      ['{"sourceId":"1003","data":[],"lookups":{}}', /"data" must be a JSON object/],
      ['{"sourceId":"1003","data":{}}', /"lookups" must be a JSON object/],
      ['{"sourceId":"1003","data":{},"lookups":{},"mapped":5}', /"mapped" must be a JSON object/],
      ['{"sourceId":"1003","data":{},"lookups":{},"extra":1}', /Unknown key "extra"/],
    ];
    for (const [text, message] of cases) {
      const check = checkPayloadText(text, '1003');
      assert.ok(!check.ok, text);
      assert.match(check.message, message, text);
    }
  });
});
