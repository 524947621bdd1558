import type { SandboxInfo } from '../support/sandbox-service.ts';

/** One timed contacts sync (flowsync or the hand-written baseline), as reported by its child process. */
export interface SyncMeasurement {
  /** Wall time of the contacts sync alone (the accounts set-up is not counted). */
  seconds: number;
  /** CPU time the client process spent in that time (its own work: the sandbox runs elsewhere). */
  cpuSeconds: number;
  /** NetSuite contacts in the sandbox, each of which reaches a final state. */
  contacts: number;
  /** Records read (more than `contacts`: a written-back contact moves behind the read position and is read again). */
  reads: number;
  written: number;
  skipped: number;
  rejected: number;
  failed: number;
}

export interface SyncInput {
  sandbox: SandboxInfo;
}

/** Prints progress at most every few seconds. */
export function progressEvery(
  ms: number,
  report: (message: string) => void,
): (message: () => string) => void {
  let last = 0;
  return (message) => {
    const now = performance.now();
    if (now - last < ms) return;
    last = now;
    report(message());
  };
}

export function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}
