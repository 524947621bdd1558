// The one place the browser talks HTTP to the server: same-origin, session cookie, CSRF header on
// every mutating request, and every non-2xx answer turned into an ApiError with the server's code.
import type { ErrorCode } from '@flowsync/contracts';

export interface ApiIssue {
  path: string;
  message: string;
}

/** A refused or failed API call: HTTP status, the server's stable code, its message and field issues. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'NETWORK' | 'UNKNOWN';
  readonly issues: ApiIssue[];

  constructor(status: number, code: ApiError['code'], message: string, issues: ApiIssue[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

let csrfToken: string | undefined;
let onUnauthenticated: (() => void) | undefined;

/** Set by the session store after sign-in (and cleared on sign-out). */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Called when the server answers 401 to a signed-in browser (session expired or revoked). */
export function onSessionLost(handler: () => void): void {
  onUnauthenticated = handler;
}

export type Query = Record<string, string | number | boolean | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

/** `request('GET', '/flows')` → parsed JSON of `/api/flows`, or throws ApiError. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(withQuery(`/api${path}`, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', 'The server cannot be reached. Check that flowsync is running.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const body: unknown = text ? safeJson(text) : undefined;
  if (response.ok) return body as T;
  const error = body as { code?: string; message?: string; issues?: ApiIssue[] } | undefined;
  if (response.status === 401 && !path.startsWith('/auth/login')) onUnauthenticated?.();
  throw new ApiError(
    response.status,
    (error?.code as ErrorCode | undefined) ?? 'UNKNOWN',
    error?.message ?? `${method} ${path} failed with HTTP ${response.status}`,
    error?.issues ?? [],
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 500) };
  }
}

/** A message fit for a toast or an error state: the server's words plus the first field issue. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const issue = error.issues[0];
    return issue ? `${error.message} (${issue.path}: ${issue.message})` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
