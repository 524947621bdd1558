import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Type } from '@sinclair/typebox';
import { ConnectorError, parseConnectionSettings, readSignedJson, signHmac } from '../src/index.ts';

const Schema = Type.Object(
  {
    baseUrl: Type.String({ minLength: 1 }),
    options: Type.Object({ retries: Type.Integer({ minimum: 0, default: 3 }) }, { default: {} }),
  },
  { additionalProperties: false },
);

describe('parseConnectionSettings', () => {
  it('applies defaults, keeps only known non-empty secrets, and names missing secrets', () => {
    const parsed = parseConnectionSettings({
      system: 'Acme',
      schema: Schema,
      secretKeys: ['token', 'webhookSecret'] as const,
      config: { baseUrl: 'https://acme.example' },
      secrets: { token: 't', webhookSecret: '', other: 'x' },
    });
    assert.deepEqual(parsed.config, { baseUrl: 'https://acme.example', options: { retries: 3 } });
    assert.deepEqual(parsed.secrets, { token: 't' });
    assert.throws(
      () => parsed.requireSecret('webhookSecret', 'to accept realtime events'),
      (error: unknown) =>
        error instanceof ConnectorError &&
        error.code === 'VALIDATION_FAILED' &&
        error.message === 'Acme connection: webhookSecret: required to accept realtime events',
    );
  });

  it('refuses a wrong setting, naming the field by its dotted path', () => {
    assert.throws(
      () =>
        parseConnectionSettings({
          system: 'Acme',
          schema: Schema,
          secretKeys: [],
          config: { baseUrl: 'https://acme.example', options: { retries: -1 } },
          secrets: {},
        }),
      /Acme connection: options\.retries: /,
    );
  });
});

describe('readSignedJson', () => {
  const body = Buffer.from(JSON.stringify({ eventId: 'e1' }));
  const malformed = (detail: string) => new ConnectorError('BAD_RESPONSE', detail);
  const signed = `sha256=${signHmac({ rawBody: body, secret: 's3cret', algorithm: 'sha256', encoding: 'hex' })}`;

  it('returns the body of a correctly signed delivery, from the first header present', () => {
    const value = readSignedJson(
      { headers: { 'x-flowsync-signature': signed }, rawBody: body },
      { secret: 's3cret', signatureHeaders: ['x-sandbox-signature', 'X-Flowsync-Signature'], malformed },
    );
    assert.deepEqual(value, { eventId: 'e1' });
  });

  it('refuses a wrong or missing signature, and a signed body that is not JSON', () => {
    const options = { secret: 's3cret', signatureHeaders: ['x-sandbox-signature'], malformed };
    assert.throws(
      () =>
        readSignedJson(
          { headers: { 'x-sandbox-signature': signed.replace(/.$/, '0') }, rawBody: body },
          options,
        ),
      (e: unknown) => e instanceof ConnectorError && e.code === 'WEBHOOK_SIGNATURE_INVALID',
    );
    assert.throws(
      () => readSignedJson({ headers: {}, rawBody: body }, options),
      (e: unknown) => e instanceof ConnectorError && e.code === 'WEBHOOK_SIGNATURE_INVALID',
    );
    const notJson = Buffer.from('{oops');
    const notJsonSigned = `sha256=${signHmac({ rawBody: notJson, secret: 's3cret', algorithm: 'sha256', encoding: 'hex' })}`;
    assert.throws(
      () => readSignedJson({ headers: { 'x-sandbox-signature': notJsonSigned }, rawBody: notJson }, options),
      /the body is not JSON/,
    );
  });
});
