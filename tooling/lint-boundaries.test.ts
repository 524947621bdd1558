// Shows that the dependency rule bites: forbidden imports in fixture sources are lint errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const cwd = fileURLToPath(new URL('..', import.meta.url));
// ignore: false so the fixtures (ignored by the repo's own lint run) are linted here.
const eslint = new ESLint({ cwd, ignore: false });

async function lintAs(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  assert.ok(result, 'ESLint returned no result');
  return result.messages.map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

const ENGINE_FILE = 'packages/engine/src/lint-fixture.ts';

describe('lint enforces the dependency rule', () => {
  for (const forbidden of [
    'fastify',
    'mongodb',
    'node:sqlite',
    'ws',
    'node:fs',
    'node:net',
    'node:http',
    'undici',
  ]) {
    it(`rejects ${forbidden} in the engine`, async () => {
      const messages = await lintAs(ENGINE_FILE, `import x from '${forbidden}';\nexport const y = x;\n`);
      assert.ok(
        messages.some((m) => m.startsWith('no-restricted-imports') && m.includes('injected ports')),
        messages.join('\n'),
      );
    });
  }

  it('rejects process.env in the engine', async () => {
    const messages = await lintAs(ENGINE_FILE, 'export const url = process.env.DATABASE_URL;\n');
    assert.ok(
      messages.some((m) => m.startsWith('no-restricted-')),
      messages.join('\n'),
    );
  });

  it('rejects a package importing one it may not depend on', async () => {
    const messages = await lintAs(
      'packages/flow-core/src/lint-fixture.ts',
      "import { runFlow } from '@flowsync/engine';\nexport const r = runFlow;\n",
    );
    assert.ok(
      messages.some((m) => m.includes('dependency rule')),
      messages.join('\n'),
    );
  });

  it("rejects imports of another package's internals", async () => {
    const messages = await lintAs(
      'packages/engine/src/lint-fixture.ts',
      "import { x } from '@flowsync/contracts/src/flow.schema.ts';\nexport const y = x;\n",
    );
    assert.ok(
      messages.some((m) => m.includes('internals')),
      messages.join('\n'),
    );
  });

  it('rejects a package importing its own index', async () => {
    const messages = await lintAs(
      'packages/engine/src/lint-fixture.ts',
      "import { x } from '@flowsync/engine';\nexport const y = x;\n",
    );
    assert.ok(
      messages.some((m) => m.includes('own index')),
      messages.join('\n'),
    );
  });

  it('rejects Node built-ins in browser-bound packages', async () => {
    const messages = await lintAs(
      'packages/flow-core/src/lint-fixture.ts',
      "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
    );
    assert.ok(
      messages.some((m) => m.includes('browser')),
      messages.join('\n'),
    );
  });

  it('rejects import cycles', async () => {
    const messages = await lintAs(
      'tooling/fixtures/cycle/a.ts',
      "import { b } from './b.ts';\nexport const a = (): number => b() + 1;\n",
    );
    assert.ok(
      messages.some((m) => m.startsWith('import-x/no-cycle')),
      messages.join('\n'),
    );
  });

  it('lets a connector use the SDK but not the engine or another connector', async () => {
    const file = 'packages/connectors/salesforce/src/lint-fixture.ts';
    const sdk = await lintAs(
      file,
      "import { ConnectorError } from '@flowsync/connector-sdk';\nexport const e = ConnectorError;\n",
    );
    assert.deepEqual(sdk, []);
    const engine = await lintAs(
      file,
      "import { runFlow } from '@flowsync/engine';\nexport const r = runFlow;\n",
    );
    assert.ok(
      engine.some((m) => m.includes('dependency rule')),
      engine.join('\n'),
    );
    const other = await lintAs(
      file,
      "import { x } from '@flowsync/connector-netsuite';\nexport const y = x;\n",
    );
    assert.ok(
      other.some((m) => m.includes('no-restricted-imports')),
      other.join('\n'),
    );
  });

  it('accepts an allowed import', async () => {
    const messages = await lintAs(
      ENGINE_FILE,
      "import { NODE_OUTPUTS } from '@flowsync/contracts';\nexport const outputs = NODE_OUTPUTS;\n",
    );
    assert.deepEqual(messages, []);
  });
});
