import { ERROR_CODES, type ApiError, type ErrorCode } from '@flowsync/contracts';

export type ApiIssue = NonNullable<ApiError['issues']>[number];

/**
 * An error the API answers with: a stable code, its HTTP status from the catalogue, a message, and
 * per-field issues (JSON pointers into the request).
 *
 * @example
 * ```ts
 * throw new AppError('FORBIDDEN', 'Analysts may change qualification criteria only', [
 *   { path: '/nodes/3/config/object', message: 'not a qualification criterion', nodeId: 'upsert' },
 * ]);
 * ```
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly issues: ApiIssue[] | undefined;

  constructor(code: ErrorCode, message: string, issues?: ApiIssue[], statusCode?: number) {
    super(message);
    this.code = code;
    this.statusCode = statusCode ?? ERROR_CODES[code].http;
    this.issues = issues;
  }

  toBody(): ApiError {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message: string, issues?: ApiIssue[]) => new AppError('FORBIDDEN', message, issues);
