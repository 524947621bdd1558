import { readFileSync } from 'node:fs';
import type { RunEvent, RunTrigger } from '@flowsync/contracts';
import { InMemoryConnectorRegistry } from '@flowsync/connector-sdk';
import {
  compileFlow,
  runFlow,
  silentLogger,
  type Clock,
  type CompiledFlow,
  type EnginePorts,
  type EngineStore,
  type RunResult,
} from '../../src/index.ts';
import type { RunInput } from '../../src/source.ts';
import { FakeSystem } from './fake-system.ts';
import { MemoryStore } from './memory-store.ts';

/** A clock whose sleeps return at once but advance time, and are recorded. */
export class FakeClock implements Clock {
  ms = Date.parse('2026-06-01T00:00:00Z');
  readonly sleeps: number[] = [];
  now(): number {
    return this.ms;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.ms += ms;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export function loadFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}

export interface Harness {
  source: FakeSystem;
  target: FakeSystem;
  store: EngineStore & Partial<MemoryStore>;
  clock: FakeClock;
  events: RunEvent[];
  ports: EnginePorts;
  run(
    compiled: CompiledFlow,
    input?: RunInput,
    options?: { signal?: AbortSignal; trigger?: RunTrigger },
  ): Promise<RunResult>;
}

let counter = 0;

export function createHarness(options: { store?: EngineStore; targetBatchSize?: number } = {}): Harness {
  const source = new FakeSystem();
  const target = new FakeSystem({ maxBatchSize: options.targetBatchSize ?? 200 });
  const registry = new InMemoryConnectorRegistry();
  registry.set('source', source);
  registry.set('target', target);
  const store = options.store ?? new MemoryStore();
  const clock = new FakeClock();
  const events: RunEvent[] = [];
  let ids = 0;
  const ports: EnginePorts = {
    connectors: registry,
    store,
    events: { emit: (event) => events.push(event) },
    clock,
    logger: silentLogger,
    newId: () => `err-${++ids}`,
    random: () => 0.5,
  };
  return {
    source,
    target,
    store,
    clock,
    events,
    ports,
    run: (compiled, input = { kind: 'read' }, runOptions = {}) =>
      runFlow(
        compiled,
        {
          runId: `run-${++counter}`,
          flowVersion: 1,
          trigger: runOptions.trigger ?? { kind: 'manual' },
          input,
          ...(runOptions.signal ? { signal: runOptions.signal } : {}),
        },
        ports,
      ),
  };
}

export function compileFixture(name: string, patch?: (doc: Record<string, unknown>) => void): CompiledFlow {
  const doc = loadFixture(name);
  patch?.(doc);
  return compileFlow(doc);
}
