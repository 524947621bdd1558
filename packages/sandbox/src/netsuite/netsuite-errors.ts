/**
 * NetSuite REST error bodies: RFC 7807-style `{type, title, status, o:errorDetails: [...]}`, the shape the
 * REST web services return for every failure (connector-protocols.md §2.7).
 */
export interface NetSuiteErrorDetail {
  detail: string;
  'o:errorCode': string;
  'o:errorPath'?: string;
  'o:errorQueryParam'?: string;
  'o:errorHeader'?: string;
  'o:errorUrl'?: string;
}

export interface NetSuiteErrorBody {
  type: string;
  title: string;
  status: number;
  'o:errorDetails': NetSuiteErrorDetail[];
}

const RFC2616 = 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html';

const STATUS: Record<number, { title: string; section?: string }> = {
  400: { title: 'Bad Request', section: '10.4.1' },
  // The documented INVALID_LOGIN example has no fragment in its type.
  401: { title: 'Unauthorized' },
  403: { title: 'Forbidden', section: '10.4.4' },
  404: { title: 'Not Found', section: '10.4.5' },
  405: { title: 'Method Not Allowed', section: '10.4.6' },
  415: { title: 'Unsupported Media Type', section: '10.4.16' },
  429: { title: 'Too Many Requests' },
  500: { title: 'Internal Server Error', section: '10.5.1' },
  502: { title: 'Bad Gateway', section: '10.5.3' },
  503: { title: 'Service Unavailable', section: '10.5.4' },
  504: { title: 'Gateway Timeout', section: '10.5.5' },
};

export function netSuiteErrorBody(status: number, details: NetSuiteErrorDetail[]): NetSuiteErrorBody {
  const known = STATUS[status];
  return {
    type: known?.section === undefined ? RFC2616 : `${RFC2616}#sec${known.section}`,
    title: known?.title ?? 'Error',
    status,
    'o:errorDetails': details,
  };
}

/** Thrown by handlers; the app's error handler renders it. */
export class NetSuiteApiError extends Error {
  readonly status: number;
  readonly details: NetSuiteErrorDetail[];

  constructor(status: number, details: NetSuiteErrorDetail | NetSuiteErrorDetail[]) {
    const list = Array.isArray(details) ? details : [details];
    super(list[0]?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.details = list;
  }

  body(): NetSuiteErrorBody {
    return netSuiteErrorBody(this.status, this.details);
  }
}

export const INVALID_LOGIN_DETAIL =
  'Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.';

export function invalidLogin(): NetSuiteApiError {
  return new NetSuiteApiError(401, { detail: INVALID_LOGIN_DETAIL, 'o:errorCode': 'INVALID_LOGIN' });
}

export function userError(detail: string, path?: string): NetSuiteApiError {
  return new NetSuiteApiError(400, {
    detail: `Error while accessing a resource. ${detail}`,
    'o:errorCode': 'USER_ERROR',
    ...(path === undefined ? {} : { 'o:errorPath': path }),
  });
}

export function invalidContent(detail: string, path?: string): NetSuiteApiError {
  return new NetSuiteApiError(400, {
    detail,
    'o:errorCode': 'INVALID_CONTENT',
    ...(path === undefined ? {} : { 'o:errorPath': path }),
  });
}

export function invalidParameter(detail: string, queryParam?: string): NetSuiteApiError {
  return new NetSuiteApiError(400, {
    detail,
    'o:errorCode': 'INVALID_PARAMETER',
    ...(queryParam === undefined ? {} : { 'o:errorQueryParam': queryParam }),
  });
}

export function nonexistentId(): NetSuiteApiError {
  return new NetSuiteApiError(404, {
    detail: 'The record instance does not exist. Provide a valid record instance ID.',
    'o:errorCode': 'NONEXISTENT_ID',
  });
}

/** A SuiteQL failure, worded like the real service ("Invalid search query. Detailed unprocessed …"). */
export function invalidSearch(reason: string): NetSuiteApiError {
  return new NetSuiteApiError(400, {
    detail: `Invalid search query. Detailed unprocessed description follows. ${reason}`,
    'o:errorCode': 'INVALID_PARAMETER',
  });
}
