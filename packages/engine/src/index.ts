export { compileFlow, FlowCompileError, type CompiledFlow, type CompileOptions } from './compile-flow.ts';
export { runFlow, type RunRequest, type RunResult } from './run-flow.ts';
export type { RunInput } from './source.ts';
export {
  systemClock,
  silentLogger,
  type Clock,
  type EnginePorts,
  type EngineStore,
  type LedgerWrite,
  type Logger,
  type RunEventSink,
} from './ports.ts';
export { backoffDelay, withRetry, type RetryContext } from './retry.ts';
export { canonicalJson, hashWrite } from './envelope.ts';
export { UPSERTED_BINDING } from './executors/upsert.executor.ts';
