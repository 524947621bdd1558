import { randomBytes } from 'node:crypto';
import { decryptSecret, encryptSecret, SecretDecryptionError } from './secret-box.ts';

/** Page size of list methods called without a `limit`. */
export const DEFAULT_LIST_LIMIT = 100;

export function nowIso(): string {
  return new Date().toISOString();
}

/** Drops properties whose value is `undefined`, so both adapters return the same shapes. */
export function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function listLimit(limit: number | undefined): number {
  return limit === undefined ? DEFAULT_LIST_LIMIT : Math.max(0, Math.floor(limit));
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

// Secret names become MongoDB field names, so no leading `$` and no dots.
const SECRET_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,127}$/;

/** Encrypts each secret; the connection and secret name are bound to the ciphertext. */
export function sealSecrets(
  connection: string,
  secrets: Record<string, string>,
  key: Buffer,
): Record<string, string> {
  const sealed: Record<string, string> = {};
  for (const [name, value] of Object.entries(secrets)) {
    if (!SECRET_NAME.test(name)) {
      throw new TypeError(`secret name "${name}" must match ${SECRET_NAME.source}`);
    }
    if (typeof value !== 'string') throw new TypeError(`secret "${name}" must be a string`);
    sealed[name] = encryptSecret(value, key, secretContext(connection, name));
  }
  return sealed;
}

export function openSecrets(
  connection: string,
  sealed: Record<string, string>,
  key: Buffer,
): Record<string, string> {
  const secrets: Record<string, string> = {};
  for (const [name, envelope] of Object.entries(sealed)) {
    try {
      secrets[name] = decryptSecret(envelope, key, secretContext(connection, name));
    } catch (error) {
      if (!(error instanceof SecretDecryptionError)) throw error;
      throw new SecretDecryptionError(`connection ${connection}, secret ${name}: ${error.message}`);
    }
  }
  return secrets;
}

function secretContext(connection: string, name: string): string {
  return `connection:${connection}/${name}`;
}

let lastMs = 0;
let sequence = 0;

/**
 * A UUIDv7 whose text sorts in creation order within this process (monotonic counter in the
 * 12 `rand_a` bits), so ids double as a tie-break when timestamps are equal.
 */
export function newId(): string {
  let ms = Date.now();
  if (ms > lastMs) {
    lastMs = ms;
    sequence = 0;
  } else {
    sequence += 1;
    if (sequence > 0xfff) {
      lastMs += 1;
      sequence = 0;
    }
    ms = lastMs;
  }
  const random = randomBytes(8);
  random[0] = ((random[0] ?? 0) & 0x3f) | 0x80;
  const hex =
    ms.toString(16).padStart(12, '0') + '7' + sequence.toString(16).padStart(3, '0') + random.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
