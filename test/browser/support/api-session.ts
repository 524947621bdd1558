// The product's REST API as a signed-in user, for what a browser test sets up or checks behind the UI
// (users, flows, runs, errors). Signs in like the browser does: session cookie plus CSRF header.
import type { Flow, RunRecord } from '@flowsync/contracts';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './product-server.ts';

export type Role = 'admin' | 'integrator' | 'analyst' | 'viewer';

export interface TestUser {
  email: string;
  password: string;
  name: string;
  role: Role;
}

export class ApiError extends Error {
  readonly status: number;
  readonly body: string;
  constructor(status: number, message: string, body: string) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

export interface ApiSession {
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

/**
 * Signs in with email and password and returns a session that sends the cookie and CSRF token.
 *
 * @example
 * ```ts
 * const admin = await signInApi(server.url);
 * const flows = await admin.request<{ flowId: string }[]>('GET', '/api/flows');
 * ```
 */
export async function signInApi(
  baseUrl: string,
  email = ADMIN_EMAIL,
  password = ADMIN_PASSWORD,
): Promise<ApiSession> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const loginText = await login.text();
  if (!login.ok)
    throw new ApiError(login.status, `sign-in as ${email}: ${login.status} ${loginText}`, loginText);
  const cookie = login.headers
    .getSetCookie()
    .map((header) => header.split(';')[0] ?? '')
    .join('; ');
  const { csrfToken } = JSON.parse(loginText) as { csrfToken: string };
  return {
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          cookie,
          'x-csrf-token': csrfToken,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) {
        throw new ApiError(response.status, `${method} ${path}: ${response.status} ${text}`, text);
      }
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}

/**
 * Creates a user with the given role through `POST /api/users` (admin session).
 *
 * @example
 * ```ts
 * const analyst = await createUser(admin, 'analyst');
 * await signIn(page, server.url, analyst);
 * ```
 */
export async function createUser(admin: ApiSession, role: Role, name?: string): Promise<TestUser> {
  const user: TestUser = {
    email: `${role}-${Date.now().toString(36)}@flowsync.test`,
    password: `${role}-correct-horse-battery`,
    name: name ?? `${role[0]?.toUpperCase()}${role.slice(1)} Tester`,
    role,
  };
  await admin.request('POST', '/api/users', user);
  return user;
}

/** The current version of a flow as the API returns it. */
export async function getFlow(api: ApiSession, flowId: string): Promise<Flow> {
  const answer = await api.request<{ flow: Flow }>('GET', `/api/flows/${encodeURIComponent(flowId)}`);
  return answer.flow;
}

/**
 * Polls `GET /api/runs/:id` until the run has finished (any status but queued or running).
 *
 * @example
 * ```ts
 * const run = await waitForRun(admin, runId);
 * assert.equal(run.status, 'succeeded');
 * ```
 */
export async function waitForRun(api: ApiSession, runId: string, timeoutMs = 60_000): Promise<RunRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await api.request<RunRecord>('GET', `/api/runs/${encodeURIComponent(runId)}`);
    if (run.status !== 'queued' && run.status !== 'running') return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Starts a run of a flow (`POST /api/flows/:id/runs`) and waits for it to finish.
 *
 * @example
 * ```ts
 * const run = await runFlowNow(admin, 'netsuite-customers-to-salesforce-accounts');
 * ```
 */
export async function runFlowNow(api: ApiSession, flowId: string): Promise<RunRecord> {
  const started = await api.request<RunRecord>('POST', `/api/flows/${encodeURIComponent(flowId)}/runs`, {});
  return waitForRun(api, started.id);
}
