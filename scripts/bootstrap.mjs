#!/usr/bin/env node
// Set-up shared by the README's two commands (`npm start`, `npm test`).
// Runs on whatever Node the machine has; when that is older than 22 it fetches Node 24 from the npm
// registry (package `node`) into .tooling/ and uses it from then on. It never touches the machine's Node.
// Then it installs the workspace with a pinned pnpm and hands over to scripts/<command>.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tooling = join(root, '.tooling');
const NODE_SPEC = 'node@24';
const PNPM_SPEC = 'pnpm@10.34.8';
const MIN_NODE_MAJOR = 22;

const [command = 'test', ...rest] = process.argv.slice(2);
const commands = {
  start: 'scripts/start.ts',
  test: 'scripts/test.ts',
  sandbox: 'packages/sandbox/src/cli.ts',
  bench: 'test/bench/run-benchmarks.ts',
};
if (!(command in commands)) {
  console.error(`unknown command "${command}"; expected one of: ${Object.keys(commands).join(', ')}`);
  process.exit(2);
}

function step(message) {
  console.log(`\u25b8 ${message}`);
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`\u2717 ${[cmd, ...args].join(' ')} exited with ${result.status ?? result.signal}`);
    process.exit(result.status ?? 1);
  }
}

/** Installs one npm package into .tooling/<dir> (a private prefix) unless it is already there. */
function ensureTool(dir, spec, probe) {
  const prefix = join(tooling, dir);
  const target = join(prefix, probe);
  if (existsSync(target)) return target;
  step(`fetching ${spec} from the npm registry into .tooling/${dir}`);
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, 'package.json'), JSON.stringify({ private: true }) + '\n');
  run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', spec], {
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  if (!existsSync(target)) {
    console.error(`\u2717 ${spec} installed but ${target} is missing`);
    process.exit(1);
  }
  return target;
}

const systemMajor = Number(process.versions.node.split('.')[0]);
const nodeBin =
  systemMajor >= MIN_NODE_MAJOR
    ? process.execPath
    : ensureTool('node', NODE_SPEC, 'node_modules/node/bin/node');
if (nodeBin !== process.execPath) {
  step(
    `system Node ${process.versions.node} is older than ${MIN_NODE_MAJOR}; using .tooling Node for the project`,
  );
}
const pnpmCli = ensureTool('pnpm', PNPM_SPEC, 'node_modules/pnpm/bin/pnpm.cjs');

const env = {
  ...process.env,
  PATH: `${dirname(nodeBin)}:${process.env.PATH ?? ''}`,
  FLOWSYNC_PNPM: pnpmCli,
  npm_config_update_notifier: 'false',
};
step('installing workspace dependencies (pnpm)');
// CI installs exactly the committed lockfile; a developer's install may update it.
const lockfileFlag = process.env.CI ? '--frozen-lockfile' : '--no-frozen-lockfile';
run(
  nodeBin,
  [
    pnpmCli,
    'install',
    lockfileFlag,
    '--prefer-offline',
    '--reporter=append-only',
    '--config.confirmModulesPurge=false',
  ],
  {
    cwd: root,
    env,
  },
);

const script = join(root, commands[command]);
const result = spawnSync(nodeBin, [script, ...rest], { cwd: root, env, stdio: 'inherit' });
process.exit(result.status ?? 1);
