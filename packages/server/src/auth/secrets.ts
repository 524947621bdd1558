import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Hex SHA-256: how session ids and API tokens are stored (never the values themselves). */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** 256 random bits, base64url. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time string comparison (lengths may differ; that much leaks, nothing else). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
