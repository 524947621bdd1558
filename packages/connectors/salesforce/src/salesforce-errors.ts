import {
  ConnectorError,
  defaultClassifyError,
  type ErrorClassifier,
  type HttpErrorResponse,
} from '@flowsync/connector-sdk';
import type { ErrorCode } from '@flowsync/contracts';

/** One item of Salesforce's error array (`errorCode` at top level, `statusCode` inside save results). */
export interface SalesforceError {
  code: string;
  message: string;
  fields: string[];
}

const VALIDATION = new Set([
  'REQUIRED_FIELD_MISSING',
  'FIELD_CUSTOM_VALIDATION_EXCEPTION',
  'FIELD_INTEGRITY_EXCEPTION',
  'FIELD_FILTER_VALIDATION_EXCEPTION',
  'INVALID_FIELD',
  'INVALID_FIELD_FOR_INSERT_UPDATE',
  'INVALID_TYPE_ON_FIELD_IN_RECORD',
  'INVALID_EMAIL_ADDRESS',
  'INVALID_CROSS_REFERENCE_KEY',
  'INVALID_TYPE',
  'INVALID_ID_FIELD',
  'MALFORMED_ID',
  'MALFORMED_QUERY',
  'INVALID_QUERY_FILTER_OPERATOR',
  'INVALID_QUERY_LOCATOR',
  'INVALID_REPLICATION_DATE',
  'NUMBER_OUTSIDE_VALID_RANGE',
  'STRING_TOO_LONG',
  'JSON_PARSER_ERROR',
  'MISSING_ARGUMENT',
  'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
  'EXCEEDED_ID_LIMIT',
]);

const PERMISSION = new Set([
  'INSUFFICIENT_ACCESS',
  'INSUFFICIENT_ACCESS_OR_READONLY',
  'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
  'API_DISABLED_FOR_ORG',
  'API_CURRENTLY_DISABLED',
  'FUNCTIONALITY_NOT_ENABLED',
]);

/** Our error code for a Salesforce error code, and whether that occurrence is worth retrying. */
function codeFor(error: SalesforceError): { code: ErrorCode; retryable?: boolean } | undefined {
  const code = error.code;
  if (code === 'REQUEST_LIMIT_EXCEEDED' || code === 'CONCURRENT_REQUEST_LIMIT_EXCEEDED')
    return { code: 'RATE_LIMITED' };
  if (code === 'INVALID_SESSION_ID') return { code: 'AUTH_EXPIRED' };
  // Row locks and rolled-back siblings of an all-or-none batch succeed when simply tried again.
  if (code === 'UNABLE_TO_LOCK_ROW') return { code: 'SERVER_ERROR', retryable: true };
  if (code === 'ALL_OR_NONE_OPERATION_ROLLED_BACK') return { code: 'TARGET_VALIDATION', retryable: true };
  if (code === 'SERVER_UNAVAILABLE' || code === 'UNKNOWN_EXCEPTION') return { code: 'SERVER_ERROR' };
  if (code === 'DUPLICATE_EXTERNAL_ID' && /more than one record/i.test(error.message))
    return { code: 'MULTIPLE_MATCHES' };
  if (code === 'DUPLICATE_VALUE' || code === 'DUPLICATES_DETECTED' || code === 'DUPLICATE_EXTERNAL_ID')
    return { code: 'DUPLICATE' };
  if (code === 'ENTITY_IS_DELETED' || code === 'NOT_FOUND') return { code: 'RECORD_NOT_FOUND' };
  if (PERMISSION.has(code)) return { code: 'PERMISSION_DENIED' };
  if (VALIDATION.has(code)) return { code: 'TARGET_VALIDATION' };
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `[{errorCode|statusCode, message, fields}]` (or a single such object); empty if the body is something else. */
export function parseSalesforceErrors(body: unknown): SalesforceError[] {
  const items = Array.isArray(body) ? body : isRecord(body) ? [body] : [];
  const errors: SalesforceError[] = [];
  for (const item of items) {
    if (!isRecord(item)) continue;
    const code = item['errorCode'] ?? item['statusCode'];
    if (typeof code !== 'string') continue;
    const fields = Array.isArray(item['fields'])
      ? item['fields'].filter((f): f is string => typeof f === 'string')
      : [];
    errors.push({ code, message: typeof item['message'] === 'string' ? item['message'] : '', fields });
  }
  return errors;
}

function describe(errors: readonly SalesforceError[]): string {
  return errors
    .map((e) => `${e.code}: ${e.message.trim()}${e.fields.length > 0 ? ` [${e.fields.join(', ')}]` : ''}`)
    .join('; ');
}

/**
 * A ConnectorError for the errors of one record (or one call), classified by the first error's code.
 *
 * @example
 * ```ts
 * toConnectorErrorFromSalesforce([{ code: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [LastName]', fields: ['LastName'] }]);
 * // ConnectorError TARGET_VALIDATION, fields ['LastName']
 * ```
 */
export function toConnectorErrorFromSalesforce(
  errors: readonly SalesforceError[],
  context: { status?: number; retryAfterMs?: number; where?: string } = {},
): ConnectorError {
  const first = errors[0];
  const fields = [...new Set(errors.flatMap((e) => e.fields))];
  const message = `Salesforce ${describe(errors)}${context.where === undefined ? '' : ` (${context.where})`}`;
  const mapped = first === undefined ? undefined : codeFor(first);
  return new ConnectorError(mapped?.code ?? 'TARGET_VALIDATION', message, {
    ...(mapped?.retryable === undefined ? {} : { retryable: mapped.retryable }),
    ...(context.status === undefined ? {} : { status: context.status }),
    ...(context.retryAfterMs === undefined ? {} : { retryAfterMs: context.retryAfterMs }),
    ...(first === undefined ? {} : { vendorCode: errors.map((e) => e.code).join(',') }),
    ...(fields.length > 0 ? { fields } : {}),
  });
}

/**
 * Salesforce's error responses: the JSON array's `errorCode` decides (403 REQUEST_LIMIT_EXCEEDED is a
 * rate limit, not a permission problem; 401 INVALID_SESSION_ID an expired token), a 300 is an external
 * id that matched several records; anything without a Salesforce body falls back to the status.
 */
export const classifySalesforceError: ErrorClassifier = (response: HttpErrorResponse) => {
  const where = `${response.method} ${response.url}`;
  const options = {
    status: response.status,
    ...(response.retryAfterMs === undefined ? {} : { retryAfterMs: response.retryAfterMs }),
  };
  if (response.status === 300) {
    const matches = Array.isArray(response.body) ? response.body.length : 0;
    return new ConnectorError(
      'MULTIPLE_MATCHES',
      `Salesforce: the external id matched ${matches > 0 ? matches : 'several'} records (${where})`,
      options,
    );
  }
  const errors = parseSalesforceErrors(response.body);
  if (errors.length === 0) return defaultClassifyError(response);
  const mapped = toConnectorErrorFromSalesforce(errors, { ...options, where });
  // An error code we do not know keeps the status's meaning (404 not found, 5xx transient…).
  if (errors[0] !== undefined && codeFor(errors[0]) === undefined) {
    const fallback = defaultClassifyError(response);
    return new ConnectorError(fallback.code, `${mapped.message}`, {
      ...options,
      ...(mapped.vendorCode === undefined ? {} : { vendorCode: mapped.vendorCode }),
      ...(mapped.fields === undefined ? {} : { fields: mapped.fields }),
    });
  }
  return mapped;
};
