import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

describe('sandbox command', () => {
  it('starts both systems on their own ports, answers, and stops on SIGTERM', async () => {
    const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      [cli, '--salesforce-port', '0', '--netsuite-port', '0', '--contacts', '10'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const urls = await new Promise<string[]>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const found = [...output.matchAll(/^(salesforce|netsuite): (http:\/\/\S+)$/gm)].map(
          (m) => m[2] as string,
        );
        if (found.length === 2 && output.includes('Ctrl-C')) resolve(found);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
    const [salesforce, netsuite] = urls as [string, string];
    const versions = await fetch(`${salesforce}/services/data/`);
    assert.equal(versions.status, 200);
    const unsigned = await fetch(`${netsuite}/services/rest/record/v1/contact/5000`);
    assert.equal(unsigned.status, 401, 'NetSuite refuses unsigned calls');
    const stats = await fetch(`${netsuite}/__admin/stats`, {
      headers: { 'x-sandbox-admin': 'sandbox-admin' },
    });
    assert.equal(stats.status, 200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});
