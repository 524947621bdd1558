import { ConnectorError } from '../connector-error.ts';
import type { HttpMethod } from './http-types.ts';

/** A non-2xx response, as error classifiers see it. */
export interface HttpErrorResponse {
  method: HttpMethod;
  /** Request URL with secrets redacted: safe to put in a message. */
  url: string;
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the response was JSON, otherwise the text. */
  body: unknown;
  bodyText: string;
  retryAfterMs: number | undefined;
}

/**
 * Maps a vendor's error body to a ConnectorError; return undefined to fall back to
 * {@link defaultClassifyError}.
 */
export type ErrorClassifier = (response: HttpErrorResponse) => ConnectorError | undefined;

const EXCERPT_LENGTH = 300;

/** The start of a response body, on one line, for error messages. */
export function bodyExcerpt(text: string, length: number = EXCERPT_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}

/** A message naming the call and the status, with a short excerpt of the body. */
export function describeHttpError(response: HttpErrorResponse): string {
  const excerpt = bodyExcerpt(response.bodyText);
  return `HTTP ${response.status} from ${response.method} ${response.url}${excerpt === '' ? '' : `: ${excerpt}`}`;
}

/**
 * The classification of non-2xx responses by status alone: 429 → RATE_LIMITED, 5xx → SERVER_ERROR,
 * 401 → AUTH_EXPIRED, 403 → PERMISSION_DENIED, 404/410 → RECORD_NOT_FOUND, 409 → DUPLICATE,
 * 408 → TIMEOUT, other 4xx → TARGET_VALIDATION, anything else (e.g. 3xx) → BAD_RESPONSE.
 *
 * @example
 * ```ts
 * const classifyError: ErrorClassifier = (response) =>
 *   response.status === 403 && response.bodyText.includes('REQUEST_LIMIT_EXCEEDED')
 *     ? new ConnectorError('RATE_LIMITED', describeHttpError(response), { status: 403 })
 *     : undefined; // falls back to defaultClassifyError
 * ```
 */
export function defaultClassifyError(response: HttpErrorResponse): ConnectorError {
  const message = describeHttpError(response);
  const { status, retryAfterMs } = response;
  const options = { status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  if (status === 429) return new ConnectorError('RATE_LIMITED', message, options);
  if (status >= 500) return new ConnectorError('SERVER_ERROR', message, options);
  if (status === 401) return new ConnectorError('AUTH_EXPIRED', message, { status });
  if (status === 403) return new ConnectorError('PERMISSION_DENIED', message, { status });
  if (status === 404 || status === 410) return new ConnectorError('RECORD_NOT_FOUND', message, { status });
  if (status === 409) return new ConnectorError('DUPLICATE', message, { status });
  if (status === 408) return new ConnectorError('TIMEOUT', message, options);
  if (status >= 400) return new ConnectorError('TARGET_VALIDATION', message, { status });
  return new ConnectorError('BAD_RESPONSE', message, { status });
}
