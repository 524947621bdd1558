export * from './connector.ts';
export * from './connector-error.ts';
export * from './connector-registry.ts';
export * from './logger.ts';
export * from './paging.ts';
export * from './http/http-types.ts';
export { createHttpClient, encodeRfc3986, type HttpClientOptions } from './http/http-client.ts';
export {
  bodyExcerpt,
  defaultClassifyError,
  describeHttpError,
  type ErrorClassifier,
  type HttpErrorResponse,
} from './http/classify-error.ts';
export { parseRetryAfter } from './http/retry-after.ts';
export { redactUrl, isSecretParamName, REDACTED } from './http/redact.ts';
export { isBlockedAddress } from './http/ssrf-guard.ts';
export * from './auth/token-cache.ts';
export * from './auth/oauth2-grants.ts';
export * from './auth/oauth1-signer.ts';
export * from './webhook/hmac-signature.ts';
export * from './connection-settings.ts';
