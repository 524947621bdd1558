import assert from 'node:assert/strict';
import type { LookupFunction } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ConnectorError, createHttpClient, isBlockedAddress } from '@flowsync/connector-sdk';
import { createDestinationPolicy, createGuardedLookup } from '../src/http/ssrf-guard.ts';
import { sendJson, startLocalServer, type LocalServer } from './helpers/local-server.ts';

async function blocked(promise: Promise<unknown>): Promise<ConnectorError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ConnectorError, `expected ConnectorError, got ${String(error)}`);
    assert.equal(error.code, 'BLOCKED_DESTINATION', error.message);
    assert.equal(error.retryable, false);
    return error;
  }
  assert.fail('expected BLOCKED_DESTINATION, but the call went through');
}

/** A resolver that answers from a table and never touches DNS; records what it was asked. */
function fakeResolver(answers: Record<string, string[]>): { lookup: LookupFunction; asked: string[] } {
  const asked: string[] = [];
  const lookup: LookupFunction = (hostname, _options, callback) => {
    asked.push(hostname);
    const addresses = answers[hostname];
    if (addresses === undefined) {
      callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
      return;
    }
    callback(
      null,
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    );
  };
  return { lookup, asked };
}

describe('isBlockedAddress', () => {
  const cases: Array<[string, boolean]> = [
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['10.0.0.1', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.251', true],
    ['255.255.255.255', true],
    ['8.8.8.8', false],
    ['::1', true],
    ['[::1]', true],
    ['::', true],
    ['fd12:3456::1', true],
    ['fe80::1', true],
    ['ff02::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::ffff:169.254.169.254', true],
    ['::ffff:8.8.8.8', false],
    ['64:ff9b::a00:1', true], // NAT64 of 10.0.0.1
    ['64:ff9b::808:808', false], // NAT64 of 8.8.8.8
    ['2002:a00:1::', true], // 6to4 of 10.0.0.1
    ['2606:4700:4700::1111', false],
    ['not-an-ip', true],
  ];
  for (const [address, expected] of cases) {
    it(`${address} → ${expected ? 'blocked' : 'allowed'}`, () => {
      assert.equal(isBlockedAddress(address), expected);
    });
  }
});

describe('createGuardedLookup', () => {
  function resolveWith(
    answers: Record<string, string[]>,
    hostname: string,
    options: { all?: boolean } = {},
    policy = createDestinationPolicy({}),
  ): Promise<{ error: Error | null; address: unknown }> {
    const guarded = createGuardedLookup(policy, fakeResolver(answers).lookup);
    return new Promise((resolve) => {
      guarded(hostname, options, (error, address) => resolve({ error, address }));
    });
  }

  it('refuses an answer that contains any internal address (rebinding with mixed records)', async () => {
    const { error } = await resolveWith(
      { 'mixed.test': ['93.184.215.14', '169.254.169.254'] },
      'mixed.test',
      {
        all: true,
      },
    );
    assert.ok(error instanceof ConnectorError);
    assert.equal(error.code, 'BLOCKED_DESTINATION');
    assert.match(error.message, /mixed\.test.*169\.254\.169\.254/);
  });

  it('passes public answers through in the shape the caller asked for', async () => {
    const answers = { 'api.test': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] };
    const all = await resolveWith(answers, 'api.test', { all: true });
    assert.equal(all.error, null);
    assert.deepEqual(all.address, [
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ]);
    const single = await resolveWith(answers, 'api.test');
    assert.equal(single.address, '93.184.215.14');
  });

  it('exempts allowed hosts and passes DNS errors on', async () => {
    const policy = createDestinationPolicy({ allowedHosts: ['erp.internal'] });
    const allowed = await resolveWith({ 'erp.internal': ['10.1.2.3'] }, 'erp.internal', {}, policy);
    assert.equal(allowed.address, '10.1.2.3');
    const missing = await resolveWith({}, 'nowhere.test');
    assert.equal((missing.error as NodeJS.ErrnoException | null)?.code, 'ENOTFOUND');
  });
});

describe('destination guard in the HTTP client', () => {
  let server: LocalServer;

  before(async () => {
    server = await startLocalServer((_req, res) => sendJson(res, 200, { ok: true }));
  });
  after(() => server.close());

  it('blocks internal IP literals before connecting', async () => {
    const http = createHttpClient();
    try {
      const before = server.connections();
      const error = await blocked(http.request({ url: `${server.url}/x` }));
      assert.match(error.message, /127\.0\.0\.1/);
      await blocked(http.request({ url: `http://127.0.0.1:${server.port}/x` }));
      // The WHATWG parser normalises decimal and hex forms to 127.0.0.1.
      await blocked(http.request({ url: `http://2130706433:${server.port}/x` }));
      await blocked(http.request({ url: `http://0x7f.1:${server.port}/x` }));
      await blocked(http.request({ url: `http://[::ffff:127.0.0.1]:${server.port}/x` }));
      assert.equal(server.connections(), before, 'no connection reached the server');
      // Never sent anywhere: the check runs before any socket exists.
      const metadata = await blocked(http.request({ url: 'http://169.254.169.254/latest/meta-data/' }));
      assert.match(metadata.message, /169\.254\.169\.254/);
      await blocked(http.request({ url: 'http://10.0.0.1/' }));
      await blocked(http.request({ url: 'https://192.168.0.10/' }));
      await blocked(http.request({ url: `http://[::1]:${server.port}/` }));
      await blocked(http.request({ url: 'http://[fd00::1]/' }));
    } finally {
      await http.close();
    }
  });

  it('blocks a host name that resolves to loopback (checked at connect time)', async () => {
    const http = createHttpClient();
    try {
      const before = server.connections();
      const error = await blocked(http.request({ url: `http://localhost:${server.port}/x` }));
      assert.match(error.message, /localhost/);
      assert.equal(server.connections(), before);
    } finally {
      await http.close();
    }
  });

  it('checks the addresses DNS returns, whatever the name', async () => {
    // Answers stay on loopback, so even a broken guard could not send traffic off this machine.
    const { lookup, asked } = fakeResolver({
      'rebind.example.test': ['127.0.0.1'],
      'crm.example.test': ['::1', '127.0.0.1'],
    });
    const http = createHttpClient({ lookup });
    try {
      const before = server.connections();
      const error = await blocked(http.request({ url: `http://rebind.example.test:${server.port}/x` }));
      assert.match(error.message, /rebind\.example\.test.*127\.0\.0\.1/);
      await blocked(http.request({ url: `http://crm.example.test:${server.port}/x` }));
      assert.deepEqual(asked, ['rebind.example.test', 'crm.example.test']);
      assert.equal(server.connections(), before);
    } finally {
      await http.close();
    }
  });

  it('refuses schemes other than http and https', async () => {
    const http = createHttpClient({ allowPrivateNetwork: true });
    try {
      await blocked(http.request({ url: 'file:///etc/passwd' }));
      await blocked(http.request({ url: 'ftp://example.com/x' }));
    } finally {
      await http.close();
    }
  });

  it('lets allowedHosts through and nothing else', async () => {
    const http = createHttpClient({ allowedHosts: ['LOCALHOST'] });
    try {
      const response = await http.request<{ ok: boolean }>({ url: `http://localhost:${server.port}/x` });
      assert.equal(response.body.ok, true);
      await blocked(http.request({ url: `http://127.0.0.1:${server.port}/x` }));
    } finally {
      await http.close();
    }
  });

  it('allows the private network when configured, even through an injected resolver', async () => {
    const { lookup } = fakeResolver({ 'sandbox.test': ['127.0.0.1'] });
    const http = createHttpClient({ allowPrivateNetwork: true, lookup });
    try {
      assert.equal((await http.request({ url: `${server.url}/x` })).status, 200);
      assert.equal((await http.request({ url: `http://sandbox.test:${server.port}/x` })).status, 200);
    } finally {
      await http.close();
    }
  });
});
