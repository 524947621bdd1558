// Entry of a run worker thread. The run code (engine, store, connectors) is loaded through Node's
// compile cache: every run gets a fresh thread, and without the cache each would spend a few hundred
// milliseconds compiling the same modules again.
import { enableCompileCache, flushCompileCache } from 'node:module';

try {
  enableCompileCache();
} catch {
  // A read-only temp directory only costs speed.
}
await import('./run-job.worker.ts');
flushCompileCache();
