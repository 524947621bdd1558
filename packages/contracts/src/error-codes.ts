import { Type, type Static } from '@sinclair/typebox';

/**
 * The error taxonomy. Codes are stable: clients, the error inbox and retry policies key on them.
 * `retryable` is the default for the code; a ConnectorError may override it per occurrence.
 */
export const ERROR_CODES = {
  // Request and document errors (API, validation)
  VALIDATION_FAILED: { http: 400, retryable: false, summary: 'A field is missing or has a wrong value' },
  FLOW_INVALID: { http: 422, retryable: false, summary: 'The flow document does not validate' },
  UNAUTHENTICATED: { http: 401, retryable: false, summary: 'Sign in first' },
  FORBIDDEN: { http: 403, retryable: false, summary: 'Your role may not do this' },
  NOT_FOUND: { http: 404, retryable: false, summary: 'No such resource' },
  CONFLICT: { http: 409, retryable: false, summary: 'Changed by someone else since you loaded it' },
  UNSUPPORTED_SCHEMA_VERSION: { http: 422, retryable: false, summary: 'Flow schemaVersion is not supported' },
  FLOW_DISABLED: {
    http: 409,
    retryable: false,
    summary: 'The flow is switched off or does not listen for events',
  },

  // Connector and transport errors (per record or per call)
  NETWORK: { http: 502, retryable: true, summary: 'The system could not be reached' },
  TIMEOUT: { http: 504, retryable: true, summary: 'The system did not answer in time' },
  RATE_LIMITED: { http: 429, retryable: true, summary: 'The system asked us to slow down' },
  SERVER_ERROR: { http: 502, retryable: true, summary: 'The system failed (5xx)' },
  AUTH_EXPIRED: { http: 401, retryable: true, summary: 'The access token expired' },
  AUTH_FAILED: { http: 401, retryable: false, summary: 'The credentials were refused' },
  PERMISSION_DENIED: { http: 403, retryable: false, summary: 'The connection user may not do this' },
  TARGET_VALIDATION: { http: 422, retryable: false, summary: 'The target system rejected the record' },
  DUPLICATE: { http: 409, retryable: false, summary: 'The target system reports a duplicate' },
  RECORD_NOT_FOUND: { http: 404, retryable: false, summary: 'The record does not exist in the system' },
  MULTIPLE_MATCHES: { http: 409, retryable: false, summary: 'More than one record matched the key' },
  BAD_RESPONSE: { http: 502, retryable: false, summary: 'The system answered with something unexpected' },
  CONNECTION_NOT_FOUND: {
    http: 422,
    retryable: false,
    summary: 'The flow names a connection that does not exist',
  },
  BLOCKED_DESTINATION: { http: 422, retryable: false, summary: 'Outbound call to a forbidden address' },
  WEBHOOK_SIGNATURE_INVALID: { http: 401, retryable: false, summary: 'The webhook signature did not verify' },

  // Flow logic errors (per record)
  EXPRESSION_ERROR: { http: 422, retryable: false, summary: 'An expression failed for this record' },
  EXPRESSION_LIMIT: {
    http: 422,
    retryable: false,
    summary: 'An expression exceeded its time, depth or size limit',
  },
  VALUE_MAP_MISSING: { http: 422, retryable: false, summary: 'No value map entry for this value' },
  MISSING_KEY: { http: 422, retryable: false, summary: 'The record has no value for the match key' },

  // Run-level
  CANCELLED: { http: 409, retryable: true, summary: 'The run was cancelled' },
  INTERNAL: { http: 500, retryable: false, summary: 'Unexpected failure' },
} as const satisfies Record<string, { http: number; retryable: boolean; summary: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
export const ErrorCode = Type.Union(
  (Object.keys(ERROR_CODES) as ErrorCode[]).map((code) => Type.Literal(code)),
  { description: 'Stable error code' },
);

/** Body of every API error response. */
export const ApiError = Type.Object({
  code: ErrorCode,
  message: Type.String(),
  /** Per-field problems: `path` is a JSON pointer into the request (or the flow document). */
  issues: Type.Optional(
    Type.Array(
      Type.Object({
        path: Type.String(),
        message: Type.String(),
        nodeId: Type.Optional(Type.String()),
      }),
    ),
  ),
});
export type ApiError = Static<typeof ApiError>;
