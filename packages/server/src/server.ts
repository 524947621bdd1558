// The product's entry point (`npm start`): one process with the API, the websocket, the scheduler,
// the run workers and, unless switched off, the sandbox systems with the example flows.
import { resolve } from 'node:path';
import { openStore, resolveSecretKey, type Store } from '@flowsync/store';
import { startSandbox, type Sandbox } from '@flowsync/sandbox';
import { buildApp } from './app.ts';
import { ensureFirstAdmin } from './auth/index.ts';
import { connectSandbox, importFlowsOnFirstStart, resetSandboxSyncState } from './bootstrap/first-start.ts';
import { composeServices, type ComposedServices } from './compose-services.ts';
import { ConfigError, loadConfig } from './config.ts';
import { mkdirSync } from 'node:fs';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

function say(line: string): void {
  console.log(line);
}

async function main(): Promise<void> {
  const config = loadConfig(process.env, { cwd: repoRoot });
  mkdirSync(config.dataDir, { recursive: true });
  const secretKey = await resolveSecretKey(
    config.secretKey ? { key: config.secretKey } : { keyFile: config.secretKeyFile },
  );
  say(`▸ store: ${config.store.kind === 'sqlite' ? config.store.path : 'MongoDB'}`);
  const store: Store = await openStore(config.store, secretKey);

  const admin = await ensureFirstAdmin(store, config, say);
  let sandbox: Sandbox | undefined;
  if (config.sandbox.enabled) {
    say('▸ starting the sandbox systems (set FLOWSYNC_SANDBOX=false to run without them)');
    sandbox = await startSandbox({
      salesforcePort: config.sandbox.salesforcePort,
      netsuitePort: config.sandbox.netsuitePort,
      seed: { companies: config.sandbox.companies, contacts: config.sandbox.contacts },
    });
    say(`  Salesforce sandbox ${sandbox.salesforce.url}   NetSuite sandbox ${sandbox.netsuite.url}`);
    const names = await connectSandbox(store, {
      salesforce: sandbox.salesforce.connection(),
      netsuite: sandbox.netsuite.connection(),
    });
    const reset = await resetSandboxSyncState(store, names);
    if (reset.length > 0) say(`  the sandbox starts from its seed: sync state of ${reset.join(', ')} reset`);
  }
  const imported = await importFlowsOnFirstStart(store, config.flowsDir ?? resolve(repoRoot, 'flows'));
  for (const flow of imported) say(`  imported flow ${flow.name} [${flow.id}]`);

  const services: ComposedServices = await composeServices({ config, store, secretKey });
  const app = await buildApp(services, {
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
  });
  const address = await app.listen({ host: config.host, port: config.port });
  const url = address.replace('0.0.0.0', 'localhost');
  say('');
  say(`flowsync is running at ${url}`);
  say(
    `  sign in as ${admin.email}${admin.generatedPassword ? ` with password ${admin.generatedPassword} (shown once; change it after signing in)` : ''}`,
  );
  say(`  API docs ${url}/api/docs`);
  say('  Ctrl-C stops it; running flows finish their page and commit their watermark first.');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`\n${signal}: stopping…`);
    await app.close();
    await services.close();
    await sandbox?.close();
    await store.close();
    say('stopped.');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`configuration: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
