import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConnectorError } from '../connector-error.ts';

export interface HmacSignOptions {
  /** The body exactly as sent: signatures are over bytes, not re-serialised JSON. */
  rawBody: Buffer | string;
  secret: string | Buffer;
  algorithm: 'sha256' | 'sha1';
  encoding: 'hex' | 'base64';
  /** Text before the digest in the header, e.g. `sha256=`. */
  prefix?: string;
}

export interface HmacVerifyOptions extends HmacSignOptions {
  /** The received header value; undefined (header missing) never verifies. */
  signature: string | undefined;
}

/**
 * The HMAC signature of a body, as a webhook sender puts it in its header.
 *
 * @example
 * ```ts
 * const header = signHmac({ rawBody, secret, algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=' });
 * ```
 */
export function signHmac(options: HmacSignOptions): string {
  return `${options.prefix ?? ''}${computeDigest(options).toString(options.encoding)}`;
}

function computeDigest(options: HmacSignOptions): Buffer {
  return createHmac(options.algorithm, options.secret).update(options.rawBody).digest();
}

const HEX = /^[0-9a-f]+$/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Checks a webhook signature in constant time. False for a missing, malformed, truncated or wrong
 * signature; never throws.
 *
 * @example
 * ```ts
 * const ok = verifyHmacSignature({
 *   rawBody, signature: headers['x-signature'] as string | undefined, secret,
 *   algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=',
 * });
 * ```
 */
export function verifyHmacSignature(options: HmacVerifyOptions): boolean {
  const { signature, prefix = '' } = options;
  if (signature === undefined) return false;
  const trimmed = signature.trim();
  if (!trimmed.startsWith(prefix)) return false;
  const encoded = trimmed.slice(prefix.length);
  // Buffer.from() silently drops what it cannot decode, so check the alphabet before decoding.
  if (!(options.encoding === 'hex' ? HEX : BASE64).test(encoded)) return false;
  const received = Buffer.from(encoded, options.encoding);
  const expected = computeDigest(options);
  if (received.length !== expected.length) return false;
  return timingSafeEqual(received, expected);
}

/**
 * {@link verifyHmacSignature} that throws ConnectorError WEBHOOK_SIGNATURE_INVALID, for `parseWebhook`.
 *
 * @example
 * ```ts
 * assertHmacSignature({ rawBody, signature, secret, algorithm: 'sha256', encoding: 'base64' });
 * ```
 */
export function assertHmacSignature(options: HmacVerifyOptions): void {
  if (!verifyHmacSignature(options)) {
    throw new ConnectorError(
      'WEBHOOK_SIGNATURE_INVALID',
      options.signature === undefined
        ? 'The webhook has no signature'
        : 'The webhook signature did not verify',
    );
  }
}

/**
 * Verifies a JSON webhook signed with HMAC-SHA256 over the raw body (`<header>: sha256=<hex>`) and
 * returns the parsed body. The first of `signatureHeaders` present is used.
 *
 * @example
 * ```ts
 * const body = readSignedJson(request, { secret, signatureHeaders: ['x-flowsync-signature'], malformed });
 * ```
 */
export function readSignedJson(
  request: { headers: Record<string, string | string[] | undefined>; rawBody: Buffer },
  options: { secret: string; signatureHeaders: readonly string[]; malformed: (detail: string) => Error },
): unknown {
  const signature = options.signatureHeaders
    .map((name) => request.headers[name.toLowerCase()] ?? request.headers[name])
    .map((value) => (Array.isArray(value) ? value[0] : value))
    .find((value) => value !== undefined);
  assertHmacSignature({
    rawBody: request.rawBody,
    signature,
    secret: options.secret,
    algorithm: 'sha256',
    encoding: 'hex',
    prefix: 'sha256=',
  });
  try {
    return JSON.parse(request.rawBody.toString('utf8')) as unknown;
  } catch {
    throw options.malformed('the body is not JSON');
  }
}
