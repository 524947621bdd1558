#!/usr/bin/env node
// Set-up shared by the README's two commands (`npm start`, `npm test`).
// Runs on whatever Node the machine has; when that is older than 22 it fetches Node 24 from the npm
// registry (package `node`) into .tooling/ and uses it from then on. It never touches the machine's Node.
// Then it installs the workspace with a pinned pnpm and hands over to scripts/<command>.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
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

// The web app is served from packages/web/dist: build it when it is missing or older than its sources.
ensureWebApp(command);
// The browser tests and the canvas benchmark drive Debian's Chromium.
if (command === 'test' || command === 'bench') ensureChromium();

const script = join(root, commands[command]);
const result = spawnSync(nodeBin, [script, ...rest], { cwd: root, env, stdio: 'inherit' });
process.exit(result.status ?? 1);

/** Newest modification time (ms) of a file, or of any file under a directory; 0 when absent. */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Builds packages/web (Vite) unless dist/index.html is newer than every input of the build. */
function ensureWebApp(forCommand) {
  if (forCommand === 'sandbox') return;
  const web = join(root, 'packages/web');
  const inputs = [
    'packages/web/src',
    'packages/web/public',
    'packages/web/index.html',
    'packages/web/vite.config.ts',
    'packages/contracts/src',
    'packages/flow-core/src',
    'packages/expression/src',
  ];
  const builtAt = newestMtime(join(web, 'dist/index.html'));
  const changedAt = Math.max(...inputs.map((input) => newestMtime(join(root, input))));
  if (builtAt > 0 && builtAt >= changedAt) return;
  step('building the web app');
  const vite = join(web, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(nodeBin, [vite, 'build', '--logLevel', 'warn'], {
    cwd: web,
    env,
    stdio: 'inherit',
  });
  if (result.status === 0 && !result.error) return;
  console.error('\u2717 the web app did not build (packages/web; see the messages above)');
  // The test command's last line is always its summary.
  if (forCommand === 'test') console.log('\n0 passed, 1 failed');
  process.exit(1);
}

/**
 * Makes sure /usr/bin/chromium exists (or FLOWSYNC_CHROMIUM_PATH): as root it installs Debian's
 * package with apt-get (updating the package lists once when the first attempt fails). When it cannot,
 * it says so and goes on: the browser tests then fail with the same explanation.
 */
function ensureChromium() {
  const chromium = process.env.FLOWSYNC_CHROMIUM_PATH || '/usr/bin/chromium';
  if (existsSync(chromium)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // Debian's package installs /usr/bin/chromium; a binary named by FLOWSYNC_CHROMIUM_PATH is the user's.
  const canInstall = isRoot && existsSync('/usr/bin/apt-get') && !process.env.FLOWSYNC_CHROMIUM_PATH;
  if (canInstall) {
    const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () =>
      spawnSync('apt-get', ['install', '-y', 'chromium'], {
        stdio: 'inherit',
        env: aptEnv,
      }).status === 0;
    step('installing Chromium for the browser tests (apt-get install chromium)');
    if (!install()) {
      step('updating the package lists (apt-get update)');
      spawnSync('apt-get', ['update'], { stdio: 'inherit', env: aptEnv });
      step('installing Chromium for the browser tests (apt-get install chromium)');
      install();
    }
    if (existsSync(chromium)) return;
  }
  console.error(
    `\u2717 Chromium is not installed at ${chromium}` +
      (canInstall
        ? ' and apt-get could not install it'
        : '; install it with `sudo apt-get install chromium` (or set FLOWSYNC_CHROMIUM_PATH)') +
      '. The browser tests will fail until it is there.',
  );
}
