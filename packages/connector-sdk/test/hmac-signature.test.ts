import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { ConnectorError, assertHmacSignature, signHmac, verifyHmacSignature } from '@flowsync/connector-sdk';

const rawBody = Buffer.from('{"event":"customer.saved","id":42,"name":"Zoë"}');
const secret = 'whsec_test';

describe('webhook HMAC signatures', () => {
  it('signs like a plain node:crypto HMAC, with an optional prefix', () => {
    const hex = createHmac('sha256', secret).update(rawBody).digest('hex');
    assert.equal(signHmac({ rawBody, secret, algorithm: 'sha256', encoding: 'hex' }), hex);
    assert.equal(
      signHmac({ rawBody, secret, algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=' }),
      `sha256=${hex}`,
    );
    const b64 = createHmac('sha1', secret).update(rawBody).digest('base64');
    assert.equal(signHmac({ rawBody, secret, algorithm: 'sha1', encoding: 'base64' }), b64);
  });

  for (const [algorithm, encoding] of [
    ['sha256', 'hex'],
    ['sha256', 'base64'],
    ['sha1', 'hex'],
    ['sha1', 'base64'],
  ] as const) {
    it(`verifies ${algorithm}/${encoding}: good passes; tampered, truncated, extended, wrong secret fail`, () => {
      const options = { rawBody, secret, algorithm, encoding, prefix: 'v1=' } as const;
      const signature = signHmac(options);
      assert.equal(verifyHmacSignature({ ...options, signature }), true);
      assert.equal(verifyHmacSignature({ ...options, signature: ` ${signature}\n` }), true);
      const digest = signature.slice(3);
      const flipped = `${digest[0] === 'A' ? 'B' : 'A'}${digest.slice(1)}`;
      assert.equal(verifyHmacSignature({ ...options, signature: `v1=${flipped}` }), false);
      assert.equal(verifyHmacSignature({ ...options, signature: signature.slice(0, -4) }), false);
      assert.equal(verifyHmacSignature({ ...options, signature: `${signature}00` }), false);
      assert.equal(verifyHmacSignature({ ...options, signature: digest }), false, 'prefix required');
      assert.equal(verifyHmacSignature({ ...options, signature: 'v1=' }), false);
      assert.equal(verifyHmacSignature({ ...options, signature: undefined }), false);
      assert.equal(verifyHmacSignature({ ...options, secret: 'other', signature }), false);
      assert.equal(
        verifyHmacSignature({ ...options, rawBody: Buffer.from(`${rawBody.toString()} `), signature }),
        false,
        'signature is over the exact bytes',
      );
    });
  }

  it('rejects a valid hex digest followed by characters Buffer.from would silently drop', () => {
    const signature = signHmac({ rawBody, secret, algorithm: 'sha256', encoding: 'hex' });
    assert.equal(
      verifyHmacSignature({
        rawBody,
        secret,
        algorithm: 'sha256',
        encoding: 'hex',
        signature: `${signature}zz`,
      }),
      false,
    );
  });

  it('assertHmacSignature throws WEBHOOK_SIGNATURE_INVALID', () => {
    const options = { rawBody, secret, algorithm: 'sha256', encoding: 'base64' } as const;
    assertHmacSignature({ ...options, signature: signHmac(options) });
    assert.throws(
      () => assertHmacSignature({ ...options, signature: 'bm9wZQ==' }),
      (error: unknown) => error instanceof ConnectorError && error.code === 'WEBHOOK_SIGNATURE_INVALID',
    );
  });
});
