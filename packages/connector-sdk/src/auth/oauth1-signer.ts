import { createHmac, randomBytes } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import type { QueryParams } from '../http/http-types.ts';

export type OAuth1SignatureMethod = 'HMAC-SHA256' | 'HMAC-SHA1';

export interface OAuth1SignerOptions {
  consumerKey: string;
  consumerSecret: string;
  /** Access token id (NetSuite token id, Magento integration access token). */
  token: string;
  tokenSecret: string;
  /** Sent in the header, never signed. NetSuite: the account id in upper case with `_` (`123456_SB1`). */
  realm?: string;
  /** Default HMAC-SHA256 (NetSuite dropped HMAC-SHA1 in 2023.1). */
  signatureMethod?: OAuth1SignatureMethod;
  /** For tests: fixed nonce and timestamp (seconds). */
  nonce?: () => string;
  timestampSeconds?: () => number;
}

export interface OAuth1SignRequest {
  method: string;
  /** The URL as it will be sent; its query parameters are signed. */
  url: string;
  /** Extra query parameters that will be appended to `url` when sending; signed too. */
  query?: QueryParams;
  /** An `application/x-www-form-urlencoded` body's parameters, which RFC 5849 §3.4.1.3 also signs. */
  form?: Record<string, string>;
}

export interface OAuth1Signer {
  /** The `Authorization` header value for one request (fresh nonce and timestamp each call). */
  sign(request: OAuth1SignRequest): string;
}

type ParamValue = string | string[];

/**
 * OAuth 1.0a request signing (RFC 5849) for NetSuite token-based authentication and Magento integrations.
 *
 * @example
 * ```ts
 * const signer = createOAuth1Signer({ consumerKey, consumerSecret, token, tokenSecret, realm: '123456_SB1' });
 * const http = createHttpClient({ authorize: ({ method, url }) => ({ authorization: signer.sign({ method, url }) }) });
 * ```
 */
export function createOAuth1Signer(options: OAuth1SignerOptions): OAuth1Signer {
  const method = options.signatureMethod ?? 'HMAC-SHA256';
  const digest = method === 'HMAC-SHA256' ? 'sha256' : 'sha1';
  const oauth = new OAuth({
    consumer: { key: options.consumerKey, secret: options.consumerSecret },
    signature_method: method,
    hash_function: (base, key) => createHmac(digest, key).update(base).digest('base64'),
    ...(options.realm === undefined ? {} : { realm: options.realm }),
  });
  // The library's nonce comes from Math.random; a reused nonce is refused (NetSuite `nonce_used`).
  oauth.getNonce = options.nonce ?? (() => randomBytes(16).toString('hex'));
  if (options.timestampSeconds !== undefined) oauth.getTimeStamp = options.timestampSeconds;
  const token = { key: options.token, secret: options.tokenSecret };

  return {
    sign(request) {
      const url = new URL(request.url);
      const params: Record<string, ParamValue> = {};
      const add = (name: string, value: string): void => {
        const existing = params[name];
        if (existing === undefined) params[name] = value;
        else params[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
      };
      // Decode the query ourselves: the library would leave `+` undecoded and so sign the wrong value.
      for (const [name, value] of url.searchParams) add(name, value);
      for (const [name, value] of Object.entries(request.query ?? {})) {
        if (value === undefined || value === null) continue;
        for (const item of Array.isArray(value) ? value : [value]) add(name, String(item));
      }
      for (const [name, value] of Object.entries(request.form ?? {})) add(name, value);
      // RFC 5849 §3.4.1.2 base string URI: lower-case scheme and host, no default port, no query.
      const baseUri = `${url.protocol}//${url.host}${url.pathname}`;
      const data = oauth.authorize(
        { method: request.method.toUpperCase(), url: baseUri, data: params },
        token,
      );
      return oauth.toHeader(data).Authorization;
    },
  };
}
