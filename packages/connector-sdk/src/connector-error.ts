import { ERROR_CODES, type ErrorCode } from '@flowsync/contracts';

export interface ConnectorErrorOptions {
  /** Overrides the code's default retryability for this occurrence. */
  retryable?: boolean;
  /** How long the system asked us to wait (Retry-After), in milliseconds. */
  retryAfterMs?: number;
  /** HTTP status of the response that caused the error, if any. */
  status?: number;
  /** Vendor error code(s), e.g. Salesforce `REQUIRED_FIELD_MISSING`. */
  vendorCode?: string;
  /** Target fields the error concerns. */
  fields?: string[];
  cause?: unknown;
}

/**
 * A failure talking to a business system, classified by a stable {@link ErrorCode}.
 *
 * @example
 * ```ts
 * throw new ConnectorError('RATE_LIMITED', 'Salesforce: REQUEST_LIMIT_EXCEEDED', { retryAfterMs: 2000, status: 403 });
 * ```
 */
export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;
  readonly vendorCode: string | undefined;
  readonly fields: string[] | undefined;

  constructor(code: ErrorCode, message: string, options: ConnectorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? ERROR_CODES[code].retryable;
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
    this.vendorCode = options.vendorCode;
    this.fields = options.fields;
  }

  /** Plain data for storage and transport (an Error does not survive structured cloning intact). */
  toJSON(): {
    code: ErrorCode;
    message: string;
    retryable: boolean;
    retryAfterMs?: number;
    status?: number;
    vendorCode?: string;
  } {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.vendorCode === undefined ? {} : { vendorCode: this.vendorCode }),
    };
  }
}

export function isConnectorError(value: unknown): value is ConnectorError {
  return value instanceof ConnectorError;
}

/** Turns anything thrown into a ConnectorError; unknown failures become non-retryable INTERNAL. */
export function toConnectorError(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (error instanceof Error && error.name === 'AbortError') {
    return new ConnectorError('CANCELLED', 'The operation was cancelled', { cause: error, retryable: false });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ConnectorError('INTERNAL', message, { cause: error });
}
