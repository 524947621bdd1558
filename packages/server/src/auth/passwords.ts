import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { AppError } from '../app-error.ts';

export interface PasswordHashParams {
  N: number;
  r: number;
  p: number;
}

/** scrypt cost of new hashes: 32 MiB and roughly 0.1 s per hash. Stored hashes carry their own. */
export const PASSWORD_HASH_PARAMS: Readonly<PasswordHashParams> = { N: 2 ** 15, r: 8, p: 1 };
let currentCost: Readonly<PasswordHashParams> = PASSWORD_HASH_PARAMS;
export const MIN_PASSWORD_LENGTH = 12;

const FORMAT = 'scrypt';
const FORMAT_VERSION = 1;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Bounds for parameters read back from a stored hash, so a corrupt row cannot make us allocate gigabytes.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

function deriveKey(password: string, salt: Buffer, cost: PasswordHashParams): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

interface ParsedHash {
  params: PasswordHashParams;
  salt: Buffer;
  key: Buffer;
}

/** `scrypt$1$N=32768,r=8,p=1$<salt>$<key>`, salt and key in base64url. */
function parseHash(encoded: string): ParsedHash | null {
  const parts = encoded.split('$');
  if (parts.length !== 5 || parts[0] !== FORMAT || parts[1] !== String(FORMAT_VERSION)) return null;
  const match = /^N=(\d{1,8}),r=(\d{1,3}),p=(\d{1,3})$/.exec(parts[2] ?? '');
  if (match === null) return null;
  const [N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > MAX_N || r < 1 || r > MAX_R || p < 1 || p > MAX_P) return null;
  const salt = Buffer.from(parts[3] ?? '', 'base64url');
  const key = Buffer.from(parts[4] ?? '', 'base64url');
  if (salt.length < 8 || key.length !== KEY_BYTES) return null;
  return { params: { N, r, p }, salt, key };
}

/**
 * Hashes a password with scrypt and a fresh random salt. The result names its format version and
 * parameters, so they can be raised later without breaking stored hashes (see {@link needsRehash}).
 *
 * @example
 * ```ts
 * const passwordHash = await hashPassword('correct horse battery staple');
 * await store.users.create({ email, name, role: 'viewer', passwordHash, disabled: false });
 * ```
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(password, salt, currentCost);
  const { N, r, p } = currentCost;
  return `${FORMAT}$${FORMAT_VERSION}$N=${N},r=${r},p=${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/**
 * Checks a password against a hash from {@link hashPassword} in constant time. A malformed hash is
 * simply a mismatch.
 *
 * @example
 * ```ts
 * if (!(await verifyPassword(body.password, user.passwordHash))) throw wrongCredentials();
 * ```
 */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (parsed === null) return false;
  const key = await deriveKey(password, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

/** True when the hash was made with other parameters than today's (re-hash it at the next sign-in). */
export function needsRehash(encoded: string): boolean {
  const parsed = parseHash(encoded);
  if (parsed === null) return true;
  const { N, r, p } = currentCost;
  return parsed.params.N !== N || parsed.params.r !== r || parsed.params.p !== p;
}

/**
 * The password rule: at least 12 characters (code points). Throws VALIDATION_FAILED naming the field.
 *
 * @example
 * ```ts
 * assertPasswordPolicy(body.newPassword, 'newPassword');
 * ```
 */
export function assertPasswordPolicy(password: string, field: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    const message = `${field} must have at least ${MIN_PASSWORD_LENGTH} characters`;
    throw new AppError('VALIDATION_FAILED', message, [{ path: `/body/${field}`, message }]);
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Test hook: cheaper hashing for test suites that sign in a lot. Hashes record their parameters, so
 * they verify whatever the setting; call with no argument to restore the default.
 *
 * @example
 * ```ts
 * setPasswordHashParams({ N: 2 ** 10, r: 8, p: 1 });
 * ```
 */
export function setPasswordHashParams(cost: PasswordHashParams = PASSWORD_HASH_PARAMS): void {
  currentCost = { ...cost };
  dummyHash = undefined;
}

/**
 * A hash of a random password, made once: unknown emails are checked against it so that they take as
 * long as wrong passwords.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('base64url'));
  return dummyHash;
}
