import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConnectorError, createHttpClient, type HttpClient } from '@flowsync/connector-sdk';
import { recordingLogger, sendJson, startLocalServer, type LocalServer } from './helpers/local-server.ts';

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ConnectorError, `expected ConnectorError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return error;
  }
  assert.fail(`expected ${code}, but the call succeeded`);
}

describe('createHttpClient against a local server', () => {
  let server: LocalServer;
  let http: HttpClient;
  const log = recordingLogger();

  before(async () => {
    server = await startLocalServer(async (req, res) => {
      const url = new URL(req.url, 'http://x');
      switch (url.pathname.replace(/^\/api\//, '/')) {
        case '/echo':
          sendJson(res, 200, { method: req.method, url: req.url, body: req.body, headers: req.headers });
          return;
        case '/text':
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('plain words');
          return;
        case '/bad-json':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"unterminated": ');
          return;
        case '/json-as-text':
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('{"a":1}');
          return;
        case '/no-content':
          res.writeHead(204);
          res.end();
          return;
        case '/slow-headers':
          await new Promise((resolve) => setTimeout(resolve, 2_000).unref());
          sendJson(res, 200, { late: true });
          return;
        case '/slow-body':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"part":');
          setTimeout(() => res.end('1}'), 2_000).unref();
          return;
        case '/rate-limited-seconds':
          sendJson(res, 429, { message: 'slow down' }, { 'retry-after': '7' });
          return;
        case '/rate-limited-date':
          sendJson(res, 429, { message: 'slow down' }, { 'retry-after': url.searchParams.get('at') ?? '' });
          return;
        case '/unavailable':
          sendJson(res, 503, { message: 'maintenance' }, { 'retry-after': '2' });
          return;
        case '/boom':
          res.writeHead(500, { 'content-type': 'text/html' });
          res.end(`<html><body>Internal error ${'x'.repeat(2000)}</body></html>`);
          return;
        case '/status': {
          const code = Number(url.searchParams.get('status'));
          sendJson(res, code, [{ message: 'nope', errorCode: url.searchParams.get('vendor') ?? 'X' }]);
          return;
        }
        case '/big':
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('y'.repeat(10_000));
          return;
        case '/cookies':
          res.setHeader('set-cookie', ['.ASPXAUTH=abc; path=/', 'UserBranch=1; path=/']);
          res.setHeader('content-type', 'application/json');
          res.end('{}');
          return;
        case '/hang-up':
          res.socket?.destroy();
          return;
        default:
          sendJson(res, 404, { message: 'no route' });
      }
    });
    http = createHttpClient({
      baseUrl: `${server.url}/api/`,
      allowPrivateNetwork: true,
      logger: log,
      timeoutMs: 5_000,
    });
  });

  after(async () => {
    await http.close();
    await server.close();
  });

  it('reuses one keep-alive connection for sequential calls', async () => {
    const before = server.connections();
    for (let i = 0; i < 5; i += 1) {
      const response = await http.request({ url: `${server.url}/echo` });
      assert.equal(response.status, 200);
      // Callers do some work between calls; undici reuses a socket only after one event-loop turn.
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(server.connections() - before, 1);
  });

  it('keeps back-to-back calls on at most two sockets', async () => {
    const client = createHttpClient({ allowPrivateNetwork: true });
    try {
      const before = server.connections();
      for (let i = 0; i < 10; i += 1) await client.request({ url: `${server.url}/echo` });
      assert.ok(server.connections() - before <= 2, `${server.connections() - before} connections`);
    } finally {
      await client.close();
    }
  });

  it('pools at most `connections` sockets per origin under concurrency', async () => {
    const client = createHttpClient({ allowPrivateNetwork: true, connections: 2 });
    try {
      const before = server.connections();
      await Promise.all(Array.from({ length: 8 }, () => client.request({ url: `${server.url}/echo` })));
      assert.equal(server.connections() - before, 2);
    } finally {
      await client.close();
    }
  });

  it('joins relative URLs to baseUrl, encodes the query per RFC 3986 and sends JSON', async () => {
    const response = await http.request<{
      method: string;
      url: string;
      body: string;
      headers: Record<string, string>;
    }>({
      method: 'POST',
      url: '/echo?keep=1',
      query: { q: "SELECT Id FROM Contact WHERE Name = 'A+B'", skip: undefined, id: ['1', '2'], n: 5 },
      json: { name: 'Ada' },
      headers: { 'X-Custom': 'yes' },
    });
    assert.equal(response.body.method, 'POST');
    assert.equal(
      response.body.url,
      '/api/echo?keep=1&q=SELECT%20Id%20FROM%20Contact%20WHERE%20Name%20%3D%20%27A%2BB%27&id=1&id=2&n=5',
    );
    assert.equal(response.body.body, '{"name":"Ada"}');
    assert.equal(response.body.headers['content-type'], 'application/json');
    assert.equal(response.body.headers['x-custom'], 'yes');
    assert.equal(response.headers['content-type'], 'application/json; charset=utf-8');
  });

  it('sends form bodies form-encoded', async () => {
    const response = await http.request<{ body: string; headers: Record<string, string> }>({
      method: 'POST',
      url: 'echo',
      form: { grant_type: 'client_credentials', scope: 'a b', absent: undefined },
    });
    assert.equal(response.body.body, 'grant_type=client_credentials&scope=a%20b');
    assert.equal(response.body.headers['content-type'], 'application/x-www-form-urlencoded');
  });

  it('returns text for non-JSON bodies, parses with expectJson, and undefined for 204', async () => {
    assert.equal((await http.request({ url: 'text' })).body, 'plain words');
    assert.equal((await http.request({ url: 'json-as-text' })).body, '{"a":1}');
    assert.deepEqual((await http.request({ url: 'json-as-text', expectJson: true })).body, { a: 1 });
    const empty = await http.request({ url: 'no-content', method: 'DELETE' });
    assert.equal(empty.status, 204);
    assert.equal(empty.body, undefined);
  });

  it('rejects a 2xx body that claims JSON but does not parse', async () => {
    await rejectsWith(http.request({ url: 'bad-json' }), 'BAD_RESPONSE');
    await rejectsWith(http.request({ url: 'text', expectJson: true }), 'BAD_RESPONSE');
  });

  it('keeps each Set-Cookie header separately', async () => {
    const response = await http.request({ url: 'cookies' });
    assert.deepEqual(response.setCookie, ['.ASPXAUTH=abc; path=/', 'UserBranch=1; path=/']);
  });

  it('times out waiting for headers with TIMEOUT (retryable)', async () => {
    const started = Date.now();
    const error = await rejectsWith(http.request({ url: 'slow-headers', timeoutMs: 200 }), 'TIMEOUT');
    assert.equal(error.retryable, true);
    assert.ok(Date.now() - started < 1_500, 'gave up near the deadline');
  });

  it('times out a body that stalls after the headers', async () => {
    await rejectsWith(http.request({ url: 'slow-body', timeoutMs: 300 }), 'TIMEOUT');
  });

  it('maps an AbortSignal to CANCELLED, not TIMEOUT', async () => {
    const controller = new AbortController();
    const pending = http.request({ url: 'slow-headers', signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await rejectsWith(pending, 'CANCELLED');
    assert.equal(error.retryable, false);
    await rejectsWith(http.request({ url: 'echo', signal: AbortSignal.abort() }), 'CANCELLED');
  });

  it('maps 429 with Retry-After seconds to RATE_LIMITED with retryAfterMs', async () => {
    const error = await rejectsWith(http.request({ url: 'rate-limited-seconds' }), 'RATE_LIMITED');
    assert.equal(error.retryAfterMs, 7_000);
    assert.equal(error.status, 429);
    assert.equal(error.retryable, true);
    assert.match(error.message, /429/);
    assert.match(error.message, /slow down/);
  });

  it('maps 429 with a Retry-After HTTP-date relative to the clock', async () => {
    const now = Date.parse('2025-03-01T10:00:00Z');
    const client = createHttpClient({ allowPrivateNetwork: true, clock: () => now });
    try {
      const at = new Date(now + 90_000).toUTCString();
      const error = await rejectsWith(
        client.request({ url: `${server.url}/rate-limited-date`, query: { at } }),
        'RATE_LIMITED',
      );
      assert.equal(error.retryAfterMs, 90_000);
    } finally {
      await client.close();
    }
  });

  it('maps 5xx to SERVER_ERROR, keeping Retry-After and a short body excerpt', async () => {
    const unavailable = await rejectsWith(http.request({ url: 'unavailable' }), 'SERVER_ERROR');
    assert.equal(unavailable.retryAfterMs, 2_000);
    assert.equal(unavailable.retryable, true);
    const boom = await rejectsWith(http.request({ url: 'boom' }), 'SERVER_ERROR');
    assert.equal(boom.status, 500);
    assert.match(boom.message, /Internal error/);
    assert.ok(boom.message.length < 500, `message is an excerpt (${boom.message.length} chars)`);
  });

  it('maps 4xx statuses by the default classifier', async () => {
    const expected: Array<[number, string]> = [
      [400, 'TARGET_VALIDATION'],
      [401, 'AUTH_EXPIRED'],
      [403, 'PERMISSION_DENIED'],
      [404, 'RECORD_NOT_FOUND'],
      [409, 'DUPLICATE'],
      [422, 'TARGET_VALIDATION'],
    ];
    for (const [code, errorCode] of expected) {
      const error = await rejectsWith(http.request({ url: 'status', query: { status: code } }), errorCode);
      assert.equal(error.status, code);
    }
  });

  it('lets a vendor classifier remap bodies and fall back to the default', async () => {
    const client = createHttpClient({
      baseUrl: server.url,
      allowPrivateNetwork: true,
      classifyError: (response) => {
        const first = Array.isArray(response.body) ? (response.body[0] as { errorCode?: string }) : undefined;
        if (first?.errorCode === 'REQUEST_LIMIT_EXCEEDED') {
          return new ConnectorError('RATE_LIMITED', 'Salesforce API limit', {
            status: response.status,
            vendorCode: first.errorCode,
          });
        }
        if (first?.errorCode === 'INVALID_SESSION_ID') {
          return new ConnectorError('AUTH_EXPIRED', 'session expired', { status: response.status });
        }
        return undefined;
      },
    });
    try {
      const limited = await rejectsWith(
        client.request({ url: 'status', query: { status: 403, vendor: 'REQUEST_LIMIT_EXCEEDED' } }),
        'RATE_LIMITED',
      );
      assert.equal(limited.vendorCode, 'REQUEST_LIMIT_EXCEEDED');
      await rejectsWith(
        client.request({ url: 'status', query: { status: 401, vendor: 'INVALID_SESSION_ID' } }),
        'AUTH_EXPIRED',
      );
      await rejectsWith(
        client.request({ url: 'status', query: { status: 403, vendor: 'INSUFFICIENT_ACCESS' } }),
        'PERMISSION_DENIED',
      );
    } finally {
      await client.close();
    }
  });

  it('maps a refused connection to NETWORK (retryable)', async () => {
    const closed = await startLocalServer(() => {});
    const url = closed.url;
    await closed.close();
    const error = await rejectsWith(http.request({ url: `${url}/gone` }), 'NETWORK');
    assert.equal(error.retryable, true);
  });

  it('maps a socket hang-up to NETWORK', async () => {
    await rejectsWith(http.request({ url: 'hang-up' }), 'NETWORK');
  });

  it('refuses responses over maxResponseBytes', async () => {
    const client = createHttpClient({ allowPrivateNetwork: true, maxResponseBytes: 1_000 });
    try {
      await rejectsWith(client.request({ url: `${server.url}/big` }), 'BAD_RESPONSE');
    } finally {
      await client.close();
    }
  });

  it('adds per-request headers from `authorize`, computed from the final URL', async () => {
    const seen: string[] = [];
    const client = createHttpClient({
      baseUrl: server.url,
      allowPrivateNetwork: true,
      authorize: ({ method, url }) => {
        seen.push(`${method} ${url}`);
        return { Authorization: 'Bearer from-hook' };
      },
    });
    try {
      const response = await client.request<{ headers: Record<string, string> }>({
        url: 'echo',
        query: { a: 'b c' },
      });
      assert.equal(response.body.headers['authorization'], 'Bearer from-hook');
      assert.deepEqual(seen, [`GET ${server.url}/echo?a=b%20c`]);
    } finally {
      await client.close();
    }
  });

  it('logs one redacted line per call, without headers or bodies', async () => {
    log.lines.length = 0;
    await http.request({
      method: 'POST',
      url: 'echo',
      query: {
        access_token: 'SECRET-AT',
        client_secret: 'SECRET-CS',
        oauth_signature: 'SECRET-SIG',
        page: 2,
      },
      headers: { authorization: 'Bearer SECRET-BEARER', cookie: 'sid=SECRET-COOKIE' },
      json: { password: 'SECRET-BODY' },
    });
    await rejectsWith(
      http.request({ url: 'status', query: { status: 404, token: 'SECRET-TOKEN' } }),
      'RECORD_NOT_FOUND',
    );
    assert.equal(log.lines.length, 2);
    const [ok, failed] = log.lines;
    assert.equal(ok?.level, 'debug');
    assert.equal(ok?.obj['method'], 'POST');
    assert.equal(ok?.obj['status'], 200);
    assert.equal(typeof ok?.obj['durationMs'], 'number');
    assert.ok((ok?.obj['bytes'] as number) > 0);
    assert.match(String(ok?.obj['url']), /access_token=\[REDACTED\]/);
    assert.match(String(ok?.obj['url']), /page=2/);
    assert.equal(failed?.level, 'warn');
    assert.equal(failed?.obj['status'], 404);
    assert.equal(failed?.obj['errorCode'], 'RECORD_NOT_FOUND');
    const everything = JSON.stringify(log.lines);
    assert.doesNotMatch(everything, /SECRET/);
  });

  it('does not put secret query values into error messages', async () => {
    const error = await rejectsWith(
      http.request({ url: 'status', query: { status: 400, password: 'hunter2' } }),
      'TARGET_VALIDATION',
    );
    assert.doesNotMatch(error.message, /hunter2/);
    assert.match(error.message, /password=\[REDACTED\]/);
  });
});
