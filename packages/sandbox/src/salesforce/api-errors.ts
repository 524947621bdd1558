/**
 * Salesforce error shapes. Top-level errors are a JSON array of `{message, errorCode, fields?}`;
 * errors inside a save result (collections) use `statusCode` instead of `errorCode`.
 */

export interface RecordSaveError {
  statusCode: string;
  message: string;
  fields: string[];
}

/** A failure of the whole request, rendered as `[{message, errorCode, fields?}]` with `status`. */
export class SalesforceApiError extends Error {
  readonly status: number;
  readonly errorCode: string;
  readonly fields: string[] | undefined;

  constructor(status: number, errorCode: string, message: string, fields?: string[]) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
    this.fields = fields;
  }

  toBody(): { message: string; errorCode: string; fields?: string[] }[] {
    return [
      {
        message: this.message,
        errorCode: this.errorCode,
        ...(this.fields === undefined ? {} : { fields: this.fields }),
      },
    ];
  }
}

/** A per-record failure (validation, duplicates…), raised inside the record store. */
export class RecordFailure extends Error {
  readonly statusCode: string;
  readonly fields: string[];

  constructor(statusCode: string, message: string, fields: string[] = []) {
    super(message);
    this.statusCode = statusCode;
    this.fields = fields;
  }

  toSaveError(): RecordSaveError {
    return { statusCode: this.statusCode, message: this.message, fields: this.fields };
  }

  /** The same failure as a top-level error (single-record endpoints answer 400 with it). */
  toApiError(status = 400): SalesforceApiError {
    return new SalesforceApiError(status, this.statusCode, this.message, this.fields);
  }
}

export const notFound = (): SalesforceApiError =>
  new SalesforceApiError(404, 'NOT_FOUND', 'The requested resource does not exist');

export const invalidSession = (): SalesforceApiError =>
  new SalesforceApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
