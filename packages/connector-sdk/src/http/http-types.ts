import type { ErrorClassifier } from './classify-error.ts';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

export type QueryValue = string | number | boolean;
/** Query parameters; `undefined` and `null` values are left out, arrays repeat the name. */
export type QueryParams = Record<string, QueryValue | readonly QueryValue[] | undefined | null>;

export interface HttpRequest {
  /** Defaults to GET. */
  method?: HttpMethod;
  /** Absolute URL, or a path appended to the client's `baseUrl` (`'sobjects/Contact'` and `'/sobjects/Contact'` alike). */
  url: string;
  /** Appended to any query already in `url`, percent-encoded per RFC 3986 (spaces as %20). */
  query?: QueryParams;
  /** Header names are case-insensitive; `undefined` values are dropped. */
  headers?: Record<string, string | undefined>;
  /** Sent as JSON with `content-type: application/json`. */
  json?: unknown;
  /** Sent form-encoded (`application/x-www-form-urlencoded`). */
  form?: Record<string, string | undefined>;
  /** Sent as is; set the content-type header yourself. */
  body?: string | Uint8Array;
  /** Deadline for the whole call: connect, headers and body. Overrides the client's `timeoutMs`. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Parse the body as JSON whatever the content-type says; a 2xx body that does not parse is BAD_RESPONSE. */
  expectJson?: boolean;
  /** Takes precedence over the client's classifier for this call. */
  classifyError?: ErrorClassifier;
}

export interface HttpResponse<T = unknown> {
  status: number;
  /** Lower-case names; repeated headers joined with `, ` (except set-cookie, see `setCookie`). */
  headers: Record<string, string>;
  /** Each `Set-Cookie` header separately (they cannot be joined safely). */
  setCookie: string[];
  /** Parsed JSON when the response is JSON (or `expectJson`), otherwise text; undefined when empty. Not validated against T. */
  body: T;
  /** From `Retry-After` (seconds or HTTP-date), when present. */
  retryAfterMs: number | undefined;
  /** The URL requested, with the query as sent. */
  url: string;
}

export interface HttpClient {
  /**
   * Sends one request; resolves for 2xx, throws ConnectorError otherwise (classified), on timeout,
   * network failure, cancellation or a blocked destination. Never retries: retry policy is the caller's.
   */
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
  /** Closes pooled connections once in-flight requests finish. */
  close(): Promise<void>;
}
