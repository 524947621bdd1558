const SECRET_PARAM_NAMES = new Set([
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'client_secret',
  'client_assertion',
  'assertion',
  'code',
  'password',
  'passwd',
  'pwd',
  'secret',
  'signature',
  'sig',
  'oauth_signature',
  'oauth_token',
  'api_key',
  'apikey',
  'key',
  'session',
  'sessionid',
  'x-amz-signature',
  'x-amz-credential',
  'x-amz-security-token',
]);
const SECRET_NAME_PATTERN = /token|secret|passw|signature|api[-_]?key|credential/i;
/** Paging cursors that merely look like secrets: keeping them makes logs of paged reads useful. */
const PAGING_PARAM_NAMES = new Set([
  '$skiptoken',
  'skiptoken',
  'pagetoken',
  'nextpagetoken',
  'continuationtoken',
]);

export const REDACTED = '[REDACTED]';

export function isSecretParamName(name: string): boolean {
  const lower = name.toLowerCase();
  if (PAGING_PARAM_NAMES.has(lower)) return false;
  return SECRET_PARAM_NAMES.has(lower) || SECRET_NAME_PATTERN.test(name);
}

/**
 * The URL with credentials (user info) and secret-looking query parameter values replaced, for logs and
 * error messages.
 *
 * @example
 * ```ts
 * redactUrl('https://api.example.com/x?access_token=abc&page=2');
 * // 'https://api.example.com/x?access_token=[REDACTED]&page=2'
 * ```
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '[unparseable URL]';
  }
  parsed.hash = ''; // never sent over HTTP; also keeps the rebuilt query in front of it
  if (parsed.username !== '' || parsed.password !== '') {
    parsed.username = 'REDACTED';
    parsed.password = '';
  }
  if (parsed.search === '') return parsed.toString();
  const parts = parsed.search
    .slice(1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq === -1 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // keep the raw name: a malformed escape is still worth judging as written
      }
      return eq !== -1 && isSecretParamName(name) ? `${rawName}=${REDACTED}` : pair;
    });
  parsed.search = '';
  return `${parsed.toString()}?${parts.join('&')}`;
}
