// Benchmark 3, engine overhead without HTTP: records per CPU-second through the five-node flow with
// in-process fakes, and the per-record cost of the qualification and mapping expressions against the
// same logic written in plain TypeScript.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import * as expression from '@flowsync/expression';
import type { SourceRecord } from '@flowsync/connector-sdk';
import { openSqliteStore } from '@flowsync/store';
import { runInChild, type ChildContext } from './support/child-process.ts';
import {
  FIELD_MAPPINGS,
  generatedContact,
  memoryStore,
  QUALIFICATION,
  runGeneratedFlow,
} from './support/generated-flow.ts';

export interface FlowRate {
  records: number;
  seconds: number;
  cpuSeconds: number;
  /** Records per CPU-second of the whole process: what one core sustains (median of the runs). */
  recordsPerCpuSecond: number;
  /** Every run's records per CPU-second, in the order they ran. */
  runs: number[];
}

/** Runs the flow this many times, each on a fresh store, and keeps the median run. */
const RUNS = 3;

export interface ExpressionCost {
  what: string;
  /** Microseconds per record through @flowsync/expression (awaited, as the executors do). */
  expressionMicros: number;
  /** Microseconds per record for the same logic in plain TypeScript. */
  plainMicros: number;
  /** How many of the expressions the expression package turned into plain functions, when it says. */
  compiledToFunctions?: string;
}

export interface EngineOverheadResult {
  /** Engine with a Map-backed store: the engine's own cost (the target applies here). */
  memoryStore: FlowRate;
  /** The same run on the embedded SQLite store (ledger reads and writes included). */
  sqliteStore: FlowRate;
  expressions: ExpressionCost[];
}

type BenchStore = Parameters<typeof runGeneratedFlow>[1];

async function timeFlow(
  records: number,
  openStore: () => Promise<{ store: BenchStore; close(): Promise<void> }>,
) {
  const runs: Omit<FlowRate, 'runs'>[] = [];
  for (let run = 0; run < RUNS; run++) {
    const { store, close } = await openStore();
    try {
      const cpu = process.cpuUsage();
      const started = performance.now();
      await runGeneratedFlow(records, store);
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      const cpuSeconds = (used.user + used.system) / 1e6;
      runs.push({ records, seconds, cpuSeconds, recordsPerCpuSecond: records / cpuSeconds });
    } finally {
      await close();
    }
  }
  const median = [...runs].sort((a, b) => a.recordsPerCpuSecond - b.recordsPerCpuSecond)[
    Math.floor(RUNS / 2)
  ];
  if (!median) throw new Error('no run');
  return { ...median, runs: runs.map((r) => r.recordsPerCpuSecond) };
}

async function openMemoryStore() {
  return { store: memoryStore(), close: async () => {} };
}

async function openTemporarySqliteStore() {
  const dir = mkdtempSync(join(tmpdir(), 'flowsync-bench-engine-'));
  const store = await openSqliteStore({ path: join(dir, 'flowsync.db'), secretKey: randomBytes(32) });
  return {
    store,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Best of `rounds` timings of `body` over `count` records, in µs per record. */
async function microsPerRecord(
  count: number,
  rounds: number,
  body: () => Promise<unknown> | unknown,
): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    await body();
    best = Math.min(best, performance.now() - started);
  }
  return (best * 1000) / count;
}

type IsCompiled = (compiled: expression.CompiledExpression) => boolean;

/** `isCompiledToFunction`, when this version of the expression package has it. */
function compiledCheck(): IsCompiled | undefined {
  const candidate = (expression as Record<string, unknown>)['isCompiledToFunction'];
  return typeof candidate === 'function' ? (candidate as IsCompiled) : undefined;
}

async function expressionCosts(count: number): Promise<ExpressionCost[]> {
  const records: { data: SourceRecord; bindings: Record<string, unknown> }[] = [];
  for (let i = 0; i < count; i++) {
    const data = generatedContact(i);
    const bindings: Record<string, unknown> =
      i % 2 === 0 ? { sfContact: { Id: `003${data['id']}`, AccountId: '001A', Email: null } } : {};
    records.push({ data, bindings });
  }
  let sink = 0;
  const isCompiled = compiledCheck();

  const predicate = expression.compilePredicate(QUALIFICATION);
  const qualifyExpression = await microsPerRecord(count, 5, async () => {
    for (const { data, bindings } of records) if ((await predicate.test(data, bindings)).passed) sink += 1;
  });
  const qualifyPlain = await microsPerRecord(count, 5, () => {
    for (const { data } of records) {
      const company = data['company'] as { id?: unknown } | null;
      const companyId = company?.id;
      if (companyId !== undefined && companyId !== null && companyId !== '' && data['email'] != null)
        sink += 1;
    }
  });
  const conjuncts = expression.splitConjuncts(QUALIFICATION);
  const predicateParts = conjuncts.map((part) => expression.compileExpression(part));

  const mappings = FIELD_MAPPINGS.map((field) => ({
    target: field.target,
    compiled: expression.compileExpression(field.expression),
  }));
  const mapExpression = await microsPerRecord(count, 5, async () => {
    for (const { data, bindings } of records) {
      const mapped: Record<string, unknown> = {};
      for (const field of mappings) {
        const value = await field.compiled.evaluate(data, bindings);
        if (value !== undefined) mapped[field.target] = value;
      }
      sink += Object.keys(mapped).length;
    }
  });
  const mapPlain = await microsPerRecord(count, 5, () => {
    for (const { data, bindings } of records) {
      const sf = bindings['sfContact'] as { AccountId?: unknown } | undefined;
      const mapped: Record<string, unknown> = {
        FirstName: data['firstName'],
        LastName: data['lastName'],
        Email: data['email'],
        Phone: data['phone'],
        Title: data['title'],
        Ext_Id__c: String(data['id']),
      };
      if (sf?.AccountId !== undefined) mapped['AccountId'] = sf.AccountId;
      sink += Object.keys(mapped).length;
    }
  });
  if (sink === 0) throw new Error('nothing was evaluated');

  const tally = (list: expression.CompiledExpression[]) =>
    isCompiled ? `${list.filter((c) => isCompiled(c)).length} of ${list.length}` : undefined;
  const qualifyTally = tally(predicateParts);
  const mapTally = tally(mappings.map((m) => m.compiled));
  return [
    {
      what: `qualification (${conjuncts.length} conditions)`,
      expressionMicros: qualifyExpression,
      plainMicros: qualifyPlain,
      ...(qualifyTally === undefined ? {} : { compiledToFunctions: qualifyTally }),
    },
    {
      what: `mapping (${mappings.length} fields)`,
      expressionMicros: mapExpression,
      plainMicros: mapPlain,
      ...(mapTally === undefined ? {} : { compiledToFunctions: mapTally }),
    },
  ];
}

/** Child function: warm up, then the flow on both stores, then the expressions. */
export async function runEngineOverhead(
  input: { records: number; expressionRecords: number },
  context: ChildContext,
): Promise<EngineOverheadResult> {
  await runGeneratedFlow(Math.min(20_000, input.records), memoryStore());
  context.progress(
    `engine overhead: ${input.records.toLocaleString('en')} records, Map-backed store, ${RUNS} runs`,
  );
  const memory = await timeFlow(input.records, openMemoryStore);
  context.progress(`engine overhead: ${input.records.toLocaleString('en')} records, SQLite store`);
  const sqlite = await timeFlow(input.records, openTemporarySqliteStore);
  context.progress('engine overhead: expressions against plain TypeScript');
  return {
    memoryStore: memory,
    sqliteStore: sqlite,
    expressions: await expressionCosts(input.expressionRecords),
  };
}

/**
 * @example
 * ```ts
 * const result = await measureEngineOverhead({ records: 100_000, expressionRecords: 50_000 });
 * ```
 */
export async function measureEngineOverhead(options: {
  records: number;
  expressionRecords: number;
  onProgress?: (message: string) => void;
}): Promise<EngineOverheadResult> {
  const { value } = await runInChild<{ records: number; expressionRecords: number }, EngineOverheadResult>(
    new URL('./engine-overhead.bench.ts', import.meta.url),
    'runEngineOverhead',
    { records: options.records, expressionRecords: options.expressionRecords },
    { label: 'engine overhead', ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
  );
  return value;
}
