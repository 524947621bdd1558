// The README's test command (after bootstrap): format, lint, typecheck, then every test file.
// Its last line is the summary `N passed, N failed[, N skipped]`; it exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
const tmp = join(root, '.tmp');
mkdirSync(tmp, { recursive: true });

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

function check(name: string, cmd: string, args: string[]): void {
  const started = Date.now();
  console.log(`\n\u25b8 ${name}`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status === 0) {
    total.passed += 1;
    console.log(`\u2714 ${name} (${seconds}s)`);
  } else {
    total.failed += 1;
    failures.push(name);
    console.log(`\u2716 ${name} failed (${seconds}s)`);
  }
}

const only = process.argv.slice(2);
const testGlobs =
  only.length > 0 ? only : ['packages/**/test/**/*.test.ts', 'tooling/**/*.test.ts', 'test/**/*.test.ts'];

if (only.length === 0) {
  check('format (prettier --check)', bin('prettier'), ['--check', '--log-level=warn', '.']);
  check('lint (eslint, dependency rule)', bin('eslint'), ['--max-warnings=0', '.']);
  check('typecheck (tsc)', bin('tsc'), ['-p', 'tsconfig.json']);
  if (existsSync(join(root, 'packages/web/tsconfig.json'))) {
    check('typecheck web (tsc)', bin('tsc'), ['-p', 'packages/web/tsconfig.json']);
  }
}

console.log('\n\u25b8 tests (node --test)');
const countsFile = join(tmp, 'test-counts.json');
rmSync(countsFile, { force: true });
const run = spawnSync(
  process.execPath,
  [
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'scripts/count-reporter.mjs')}`,
    `--test-reporter-destination=${countsFile}`,
    ...testGlobs,
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' } },
);
if (existsSync(countsFile)) {
  const counts = JSON.parse(readFileSync(countsFile, 'utf8')) as Counts;
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
  if (counts.failed > 0) failures.push(`${counts.failed} test(s)`);
}
if (run.status !== 0 && !failures.some((f) => f.endsWith('test(s)'))) {
  // The runner itself failed (a file that could not load counts as a failure too).
  total.failed += 1;
  failures.push('test runner');
}

if (failures.length > 0) console.log(`\nFailed: ${failures.join(', ')}`);
const skipped = total.skipped > 0 ? `, ${total.skipped} skipped` : '';
console.log(`\n${total.passed} passed, ${total.failed} failed${skipped}`);
process.exit(total.failed > 0 ? 1 : 0);
