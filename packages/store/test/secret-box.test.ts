import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { decryptSecret, encryptSecret, resolveSecretKey, SecretDecryptionError } from '../src/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'flowsync-secret-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('secret box', () => {
  const key = randomBytes(32);

  it('round-trips a value through a versioned envelope', () => {
    const envelope = encryptSecret('p@ss:wörd', key, 'connection:sf/password');
    assert.match(envelope, /^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]*$/);
    assert.ok(!envelope.includes('p@ss'));
    assert.equal(decryptSecret(envelope, key, 'connection:sf/password'), 'p@ss:wörd');
    assert.equal(decryptSecret(encryptSecret('', key), key), '');
  });

  it('uses a fresh IV for every value', () => {
    const a = encryptSecret('same', key);
    const b = encryptSecret('same', key);
    assert.notEqual(a, b);
    assert.notEqual(a.split(':')[1], b.split(':')[1]);
    assert.equal(Buffer.from(a.split(':')[1] ?? '', 'base64').length, 12);
  });

  it('refuses the wrong key, the wrong context or an altered value with a clear error', () => {
    const envelope = encryptSecret('value', key, 'ctx');
    assert.throws(() => decryptSecret(envelope, randomBytes(32), 'ctx'), {
      name: 'SecretDecryptionError',
      message: /secret key differs/,
    });
    assert.throws(() => decryptSecret(envelope, key, 'other-ctx'), SecretDecryptionError);
    const [version, iv, tag, data] = envelope.split(':');
    const flipped = Buffer.from(data ?? '', 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    assert.throws(
      () => decryptSecret([version, iv, tag, flipped.toString('base64')].join(':'), key, 'ctx'),
      SecretDecryptionError,
    );
    assert.throws(() => decryptSecret('plaintext', key), /not a flowsync secret envelope/);
    assert.throws(
      () => decryptSecret(`v9:${iv}:${tag}:${data}`, key, 'ctx'),
      /unsupported envelope version "v9"/,
    );
    assert.throws(() => decryptSecret(`v1:AAAA:${tag}:${data}`, key, 'ctx'), /malformed/);
  });

  it('requires a 32-byte key', () => {
    assert.throws(() => encryptSecret('x', randomBytes(16)), /32 bytes/);
  });
});

describe('resolveSecretKey', () => {
  it('decodes a given base64 key and rejects one of the wrong length', async () => {
    const key = randomBytes(32);
    assert.deepEqual(
      await resolveSecretKey({ key: key.toString('base64'), keyFile: join(dir, 'unused.key') }),
      key,
    );
    await assert.rejects(resolveSecretKey({ key: randomBytes(16).toString('base64') }), /exactly 32 bytes/);
    await assert.rejects(resolveSecretKey({ key: 'not base64 !!' }), /exactly 32 bytes/);
    await assert.rejects(resolveSecretKey({}), /needs a key/);
  });

  it('creates a missing key file with mode 0600 and reuses it afterwards', async () => {
    const keyFile = join(dir, 'nested', 'secret.key');
    const created = await resolveSecretKey({ keyFile });
    assert.equal(created.length, 32);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.equal(readFileSync(keyFile, 'utf8').trim(), created.toString('base64'));
    assert.deepEqual(await resolveSecretKey({ keyFile }), created);
  });

  it('rejects a key file with bad contents instead of replacing it', async () => {
    const keyFile = join(dir, 'bad.key');
    writeFileSync(keyFile, 'too-short\n');
    await assert.rejects(resolveSecretKey({ keyFile }), /bad\.key must be the base64 of exactly 32 bytes/);
    assert.equal(readFileSync(keyFile, 'utf8'), 'too-short\n');
  });
});
