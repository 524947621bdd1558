import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createTestApp } from './support/test-app.ts';

describe('web app at /', () => {
  it('points at the API docs while no web build exists', async () => {
    const t = await createTestApp({ env: { FLOWSYNC_WEB_DIR: join(tmpdir(), 'no-such-web-build') } });
    try {
      const response = await t.app.inject({ method: 'GET', url: '/' });
      assert.equal(response.statusCode, 302);
      assert.equal(response.headers.location, '/api/docs');
    } finally {
      await t.close();
    }
  });

  it('serves the build, falls back to index.html for client routes, and keeps API 404s', async () => {
    const web = mkdtempSync(join(tmpdir(), 'flowsync-web-'));
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>flowsync</title>');
    writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)');
    const t = await createTestApp({ env: { FLOWSYNC_WEB_DIR: web } });
    try {
      assert.match((await t.app.inject({ method: 'GET', url: '/' })).body, /<title>flowsync/);
      assert.match((await t.app.inject({ method: 'GET', url: '/flows/netsuite' })).body, /<title>flowsync/);
      assert.equal((await t.app.inject({ method: 'GET', url: '/assets/app.js' })).body, 'console.log(1)');
      const api = await t.app.inject({ method: 'GET', url: '/api/nope' });
      assert.equal(api.statusCode, 404);
      assert.equal(api.json<{ code: string }>().code, 'NOT_FOUND');
    } finally {
      await t.close();
    }
  });
});
