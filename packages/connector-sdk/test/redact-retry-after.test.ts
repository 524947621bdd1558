import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRetryAfter, redactUrl } from '@flowsync/connector-sdk';

describe('redactUrl', () => {
  it('hides secret query values and user info, keeps the rest', () => {
    assert.equal(
      redactUrl(
        'https://user:pw@api.test/x?access_token=a&Client_Secret=b&oauth_signature=c&page=2&my_api_key=d#frag',
      ),
      'https://REDACTED@api.test/x?access_token=[REDACTED]&Client_Secret=[REDACTED]&oauth_signature=[REDACTED]&page=2&my_api_key=[REDACTED]',
    );
    assert.equal(
      redactUrl('https://api.test/x?q=SELECT%20Id&limit=5'),
      'https://api.test/x?q=SELECT%20Id&limit=5',
    );
    assert.equal(redactUrl('https://api.test/x?%74oken=abc'), 'https://api.test/x?%74oken=[REDACTED]');
    assert.equal(redactUrl('not a url'), '[unparseable URL]');
  });

  it('keeps paging cursors readable', () => {
    assert.equal(
      redactUrl('https://start.exactonline.nl/api/v1/1/sync/CRM/Accounts?$skiptoken=1234567L&access_token=x'),
      'https://start.exactonline.nl/api/v1/1/sync/CRM/Accounts?$skiptoken=1234567L&access_token=[REDACTED]',
    );
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('reads delta-seconds and HTTP-dates', () => {
    assert.equal(parseRetryAfter('30', now), 30_000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
    assert.equal(parseRetryAfter('1.5', now), 1_500);
    assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:02:00 GMT', now), 120_000);
    assert.equal(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now), 0, 'a past date means now');
  });
  it('ignores absent and malformed values', () => {
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter('', now), undefined);
    assert.equal(parseRetryAfter('-5', now), undefined);
    assert.equal(parseRetryAfter('soon', now), undefined);
  });
});
