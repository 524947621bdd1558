import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Length of the AES-256 key in bytes. */
export const SECRET_KEY_BYTES = 32;

const ENVELOPE_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A stored secret could not be decrypted: wrong key, altered value, or not an envelope at all. */
export class SecretDecryptionError extends Error {
  override readonly name = 'SecretDecryptionError';
}

function assertKey(key: Buffer): void {
  if (key.length !== SECRET_KEY_BYTES) {
    throw new RangeError(`secret key must be ${SECRET_KEY_BYTES} bytes, got ${key.length}`);
  }
}

/**
 * Encrypts one value with AES-256-GCM and a fresh random IV. `context` is bound as additional
 * authenticated data: the envelope only decrypts with the same context (so a ciphertext copied to
 * another connection or secret name is refused).
 *
 * @returns `v1:<iv>:<tag>:<ciphertext>`, each part base64.
 * @example
 * const key = randomBytes(32);
 * const sealed = encryptSecret('s3cr3t', key, 'connection:sf/password');
 * decryptSecret(sealed, key, 'connection:sf/password'); // 's3cr3t'
 */
export function encryptSecret(plaintext: string, key: Buffer, context = ''): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    ENVELOPE_VERSION,
    iv.toString('base64'),
    tag.toString('base64'),
    ciphertext.toString('base64'),
  ].join(':');
}

/**
 * Decrypts an envelope made by {@link encryptSecret}.
 *
 * @throws SecretDecryptionError when the key or context is wrong or the envelope was altered.
 * @example
 * const plain = decryptSecret(row.secret, key, 'connection:sf/password');
 */
export function decryptSecret(envelope: string, key: Buffer, context = ''): string {
  assertKey(key);
  const parts = envelope.split(':');
  if (parts.length !== 4 || parts.slice(1).some((part) => !BASE64.test(part))) {
    throw new SecretDecryptionError('stored secret is not a flowsync secret envelope');
  }
  const [version, ivText, tagText, dataText] = parts as [string, string, string, string];
  if (version !== ENVELOPE_VERSION) {
    throw new SecretDecryptionError(`stored secret has unsupported envelope version "${version}"`);
  }
  const iv = Buffer.from(ivText, 'base64');
  const tag = Buffer.from(tagText, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new SecretDecryptionError('stored secret envelope is malformed');
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(dataText, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new SecretDecryptionError(
      'cannot decrypt stored secret: the secret key differs from the one it was stored with, or the value was altered',
    );
  }
}

function decodeKey(text: string, origin: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (!BASE64.test(trimmed) || key.length !== SECRET_KEY_BYTES) {
    throw new RangeError(`${origin} must be the base64 of exactly ${SECRET_KEY_BYTES} bytes`);
  }
  return key;
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}

/**
 * Finds the key that encrypts connection secrets at rest: the given base64 `key`, else the contents of
 * `keyFile`, which is created (mode 0600, 32 random bytes as base64) when it does not exist yet.
 *
 * @example
 * const secretKey = await resolveSecretKey({ key: process.env.FLOWSYNC_SECRET_KEY, keyFile: 'data/secret.key' });
 */
export async function resolveSecretKey(options: { key?: string; keyFile?: string }): Promise<Buffer> {
  if (options.key !== undefined && options.key !== '') return decodeKey(options.key, 'secret key');
  const { keyFile } = options;
  if (keyFile === undefined || keyFile === '') {
    throw new TypeError('resolveSecretKey needs a key (base64 of 32 bytes) or a keyFile');
  }
  try {
    return decodeKey(await readFile(keyFile, 'utf8'), `secret key file ${keyFile}`);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  await mkdir(dirname(keyFile), { recursive: true, mode: 0o700 });
  const key = randomBytes(SECRET_KEY_BYTES);
  try {
    // `wx` fails if another process created the file meanwhile; then its key is the one to use.
    await writeFile(keyFile, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
    return decodeKey(await readFile(keyFile, 'utf8'), `secret key file ${keyFile}`);
  }
}
