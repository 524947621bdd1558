/**
 * Fault switches of one emulated system, flipped by tests through the admin API. Each system renders
 * a fault the way the real service would (Salesforce: 403 REQUEST_LIMIT_EXCEEDED; NetSuite: 429).
 */
export interface FaultState {
  /** Tokens issued before this instant are expired (INVALID_SESSION_ID / 401). */
  tokensValidAfter: number;
  /** The next N API calls are refused as over the rate limit. */
  rateLimitNext: number;
  /** Seconds sent in Retry-After with a rate-limit refusal (where the system sends one). */
  retryAfterSeconds: number;
  /** The next N API calls fail with `serverErrorStatus`. */
  failNext: number;
  serverErrorStatus: number;
  /** Added to every API call. */
  latencyMs: number;
}

export function initialFaults(): FaultState {
  return {
    tokensValidAfter: 0,
    rateLimitNext: 0,
    retryAfterSeconds: 1,
    failNext: 0,
    serverErrorStatus: 503,
    latencyMs: 0,
  };
}

export interface FaultRequest {
  expireTokens?: boolean;
  rateLimitNext?: number;
  retryAfterSeconds?: number;
  failNext?: number;
  serverErrorStatus?: number;
  latencyMs?: number;
  reset?: boolean;
}

export function applyFaultRequest(state: FaultState, request: FaultRequest, now: number): FaultState {
  if (request.reset) Object.assign(state, initialFaults());
  if (request.expireTokens) state.tokensValidAfter = now;
  if (request.rateLimitNext !== undefined) state.rateLimitNext = request.rateLimitNext;
  if (request.retryAfterSeconds !== undefined) state.retryAfterSeconds = request.retryAfterSeconds;
  if (request.failNext !== undefined) state.failNext = request.failNext;
  if (request.serverErrorStatus !== undefined) state.serverErrorStatus = request.serverErrorStatus;
  if (request.latencyMs !== undefined) state.latencyMs = request.latencyMs;
  return state;
}

/** Which fault, if any, the next API call meets. Consumes one unit of a counted fault. */
export function takeFault(state: FaultState): 'rateLimit' | 'serverError' | undefined {
  if (state.rateLimitNext > 0) {
    state.rateLimitNext -= 1;
    return 'rateLimit';
  }
  if (state.failNext > 0) {
    state.failNext -= 1;
    return 'serverError';
  }
  return undefined;
}
