import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { createHttpClient, createOAuth1Signer } from '@flowsync/connector-sdk';
import { sendJson, startLocalServer } from './helpers/local-server.ts';

const enc = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** RFC 5849 §3.4 signature, written out independently of the library. */
function referenceSignature(input: {
  method: string;
  baseUri: string;
  params: Array<[string, string]>;
  consumerSecret: string;
  tokenSecret: string;
  digest: 'sha1' | 'sha256';
}): string {
  const normalized = input.params
    .map(([name, value]) => [enc(name), enc(value)] as const)
    .sort(([an, av], [bn, bv]) => (an === bn ? (av < bv ? -1 : av > bv ? 1 : 0) : an < bn ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const base = `${input.method}&${enc(input.baseUri)}&${enc(normalized)}`;
  const key = `${enc(input.consumerSecret)}&${enc(input.tokenSecret)}`;
  return createHmac(input.digest, key).update(base).digest('base64');
}

/** Parses `OAuth realm="…", oauth_x="…"` into decoded pairs. */
function parseAuthorization(header: string): Record<string, string> {
  assert.ok(header.startsWith('OAuth '), header);
  const result: Record<string, string> = {};
  for (const match of header.slice(6).matchAll(/([\w]+)="([^"]*)"/g)) {
    result[match[1] ?? ''] = decodeURIComponent(match[2] ?? '');
  }
  return result;
}

describe('createOAuth1Signer', () => {
  it('reproduces the published Twitter HMAC-SHA1 example', () => {
    const signer = createOAuth1Signer({
      consumerKey: 'xvz1evFS4wEEPTGEFPHBog',
      consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
      token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
      tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
      signatureMethod: 'HMAC-SHA1',
      nonce: () => 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg',
      timestampSeconds: () => 1318622958,
    });
    const header = signer.sign({
      method: 'post',
      url: 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true',
      form: { status: 'Hello Ladies + Gentlemen, a signed OAuth request!' },
    });
    const fields = parseAuthorization(header);
    const expected = referenceSignature({
      method: 'POST',
      baseUri: 'https://api.twitter.com/1.1/statuses/update.json',
      params: [
        ['include_entities', 'true'],
        ['status', 'Hello Ladies + Gentlemen, a signed OAuth request!'],
        ['oauth_consumer_key', 'xvz1evFS4wEEPTGEFPHBog'],
        ['oauth_nonce', 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg'],
        ['oauth_signature_method', 'HMAC-SHA1'],
        ['oauth_timestamp', '1318622958'],
        ['oauth_token', '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb'],
        ['oauth_version', '1.0'],
      ],
      consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
      tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
      digest: 'sha1',
    });
    assert.equal(
      expected,
      'hCtSmYh+iHYCEqBWrE7C7hYmtUk=',
      'the reference implementation matches the published value',
    );
    assert.equal(fields['oauth_signature'], expected);
    assert.equal(fields['realm'], undefined);
    assert.equal(fields['status'], undefined, 'form parameters are signed, not sent in the header');
  });

  it('signs NetSuite TBA requests with HMAC-SHA256, query parameters in the base string and realm outside it', () => {
    const credentials = { consumerSecret: 'cs-secret', tokenSecret: 'ts/secret+1' };
    const signer = createOAuth1Signer({
      consumerKey: 'ck',
      token: 'tk',
      realm: '123456_SB1',
      nonce: () => 'qlpEJNNmmhTJxAVVFWCG',
      timestampSeconds: () => 1700000000,
      ...credentials,
    });
    const header = signer.sign({
      method: 'GET',
      url: 'https://123456-SB1.suitetalk.api.netsuite.com:443/services/rest/record/v1/customer?limit=5&q=name%20IS%20%22A%2BB%22',
      query: { offset: 10, fields: ['b', 'a'] },
    });
    assert.match(header, /^OAuth realm="123456_SB1", /);
    const fields = parseAuthorization(header);
    assert.equal(fields['oauth_signature_method'], 'HMAC-SHA256');
    const oauthParams: Array<[string, string]> = [
      ['oauth_consumer_key', 'ck'],
      ['oauth_nonce', 'qlpEJNNmmhTJxAVVFWCG'],
      ['oauth_signature_method', 'HMAC-SHA256'],
      ['oauth_timestamp', '1700000000'],
      ['oauth_token', 'tk'],
      ['oauth_version', '1.0'],
    ];
    const withQuery = referenceSignature({
      method: 'GET',
      // Host lower-cased and the default port dropped (RFC 5849 §3.4.1.2).
      baseUri: 'https://123456-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer',
      params: [
        ...oauthParams,
        ['limit', '5'],
        ['q', 'name IS "A+B"'],
        ['offset', '10'],
        ['fields', 'b'],
        ['fields', 'a'],
      ],
      digest: 'sha256',
      ...credentials,
    });
    assert.equal(fields['oauth_signature'], withQuery);
    const withoutQuery = referenceSignature({
      method: 'GET',
      baseUri: 'https://123456-sb1.suitetalk.api.netsuite.com/services/rest/record/v1/customer',
      params: oauthParams,
      digest: 'sha256',
      ...credentials,
    });
    assert.notEqual(fields['oauth_signature'], withoutQuery, 'query parameters change the signature');
  });

  it('uses a fresh random nonce for every request by default', () => {
    const signer = createOAuth1Signer({
      consumerKey: 'a',
      consumerSecret: 'b',
      token: 'c',
      tokenSecret: 'd',
    });
    const nonces = new Set(
      Array.from(
        { length: 50 },
        () => parseAuthorization(signer.sign({ method: 'GET', url: 'https://x.test/' }))['oauth_nonce'],
      ),
    );
    assert.equal(nonces.size, 50);
    for (const nonce of nonces) assert.match(nonce ?? '', /^[0-9a-f]{32}$/);
  });

  it('signs exactly what the HTTP client sends (verified by a server)', async () => {
    const secrets = { consumerSecret: 'c-secret', tokenSecret: 't-secret' };
    const server = await startLocalServer((req, res) => {
      const url = new URL(req.url, `http://${req.headers.host ?? ''}`);
      const fields = parseAuthorization(String(req.headers.authorization));
      const params: Array<[string, string]> = [...url.searchParams];
      for (const [name, value] of Object.entries(fields))
        if (name !== 'realm' && name !== 'oauth_signature') params.push([name, value]);
      const expected = referenceSignature({
        method: req.method,
        baseUri: `${url.protocol}//${url.host}${url.pathname}`,
        params,
        digest: 'sha256',
        ...secrets,
      });
      if (fields['oauth_signature'] === expected) sendJson(res, 200, { ok: true });
      else sendJson(res, 401, { 'o:errorDetails': [{ 'o:errorCode': 'INVALID_LOGIN' }] });
    });
    const signer = createOAuth1Signer({ consumerKey: 'ck', token: 'tk', realm: 'R', ...secrets });
    const http = createHttpClient({
      baseUrl: `${server.url}/services/rest`,
      allowPrivateNetwork: true,
      authorize: ({ method, url }) => ({ authorization: signer.sign({ method, url }) }),
    });
    try {
      const response = await http.request({
        url: '/query/v1/suiteql',
        method: 'POST',
        query: {
          limit: 10,
          q: "SELECT id FROM customer WHERE name = 'A B+C*' AND x != '(1)'",
          $filter: 'a~b',
        },
        json: { q: 'ignored by the signature: JSON bodies are not signed' },
      });
      assert.equal(response.status, 200);
    } finally {
      await http.close();
      await server.close();
    }
  });
});
