/**
 * Measures (does not assert) the cost of one evaluation of typical flow expressions: interpreted by
 * jsonata, through the compiled fast path, and the fast path's bare synchronous function.
 *
 *   node packages/expression/scripts/measure-expression-cost.ts [iterations]
 */
import jsonata from 'jsonata';
import { compileInContext, needsResultChecks } from '../src/compile-expression.ts';
import { compileFastPath, INTERPRET } from '../src/compile-fast-path.ts';
import { compilePredicate } from '../src/compile-predicate.ts';
import { resolveLimits } from '../src/limits.ts';

const iterations = Number(process.argv[2] ?? 200_000);
const limits = resolveLimits(undefined);
const input = {
  id: 12345,
  companyName: 'Acme Corporation',
  email: 'Ada.Lovelace@Example.COM',
  company: { id: 'C-1001' },
};
const bindings = { account: { targetId: '001xx000003DGb2' } };

const EXPRESSIONS = [
  'companyName',
  "$exists($account.targetId) and company.id != ''",
  '$lowercase(email)',
  '$string(id)',
  'companyName & " (" & $string(id) & ")"',
];

async function nsPerCall(run: () => unknown): Promise<number> {
  for (let i = 0; i < Math.min(iterations, 20_000); i++) await run(); // warm up
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await run();
  return Number(process.hrtime.bigint() - started) / iterations;
}

function format(ns: number): string {
  return ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`;
}

const rows: string[][] = [['expression', 'interpreted', 'compiled (await)', 'sync function', 'speed-up']];
for (const source of EXPRESSIONS) {
  const interpreted = compileInContext(source, limits, source, 0, true);
  const compiled = compileInContext(source, limits);
  const ast = jsonata(source).ast();
  const fast = compileFastPath(ast, {
    maxDepth: limits.maxDepth,
    maxStringLength: limits.maxStringLength,
    checkResults: needsResultChecks(ast),
  });
  if (fast === undefined || fast(input, bindings) === INTERPRET) throw new Error(`${source} is not compiled`);
  const slow = await nsPerCall(() => interpreted.evaluate(input, bindings));
  const quick = await nsPerCall(() => compiled.evaluate(input, bindings));
  // Not awaited: the bare cost of the function the fast path runs.
  let sink: unknown;
  for (let i = 0; i < Math.min(iterations, 20_000); i++) sink = fast(input, bindings);
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink = fast(input, bindings);
  const bare = Number(process.hrtime.bigint() - started) / iterations;
  if (sink === INTERPRET) throw new Error('unreachable');
  rows.push([source, format(slow), format(quick), format(bare), `${(slow / quick).toFixed(0)}×`]);
}

const predicate = compilePredicate(
  "$exists($account.targetId) and $exists(companyName) and company.id != ''",
);
const predicateNs = await nsPerCall(() => predicate.test(input, bindings));
rows.push(['predicate of 3 conjuncts (test)', '', format(predicateNs), '', '']);

const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  '));
console.log(`\n${iterations} evaluations each, Node ${process.version}`);
