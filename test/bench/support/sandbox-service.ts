// The sandbox systems in a process of their own: the emulators' CPU and memory are not counted against
// the client being measured, and each measurement starts from a fresh seed.
import { startSandbox, type SeedOptions } from '@flowsync/sandbox';
import type { ChildContext } from './child-process.ts';
import { startChild } from './child-process.ts';

export interface SystemInfo {
  url: string;
  connection: { kind: string; config: Record<string, unknown>; secrets: Record<string, string> };
}

export interface SandboxInfo {
  salesforce: SystemInfo;
  netsuite: SystemInfo;
  adminToken: string;
  customers: number;
  contacts: number;
}

/** Child function: runs the sandbox until the parent asks it to stop. */
export async function serveSandbox(input: { seed: SeedOptions }, context: ChildContext): Promise<void> {
  const sandbox = await startSandbox({ seed: input.seed });
  const info: SandboxInfo = {
    salesforce: { url: sandbox.salesforce.url, connection: sandbox.salesforce.connection() },
    netsuite: { url: sandbox.netsuite.url, connection: sandbox.netsuite.connection() },
    adminToken: sandbox.adminToken,
    customers: sandbox.seed.customers.length,
    contacts: sandbox.seed.contacts.length,
  };
  context.ready(info);
  await context.stopRequested;
  await sandbox.close();
}

/**
 * Starts a fresh sandbox in a child process, hands it to `use`, and stops it afterwards.
 *
 * @example
 * ```ts
 * const count = await withSandbox({ companies: 10, contacts: 50 }, async (sandbox) => sandbox.contacts);
 * ```
 */
export async function withSandbox<T>(
  seed: SeedOptions,
  use: (sandbox: SandboxInfo) => Promise<T>,
): Promise<T> {
  const child = startChild<{ seed: SeedOptions }, void>(
    new URL('./sandbox-service.ts', import.meta.url),
    'serveSandbox',
    { seed },
    { label: 'sandbox' },
  );
  try {
    const info = (await Promise.race([child.ready, child.done])) as SandboxInfo;
    return await use(info);
  } finally {
    await child.stop().catch(() => child.kill());
  }
}

/** Reads every record of an object through a sandbox system's admin API. */
export async function adminRecords(
  sandbox: SandboxInfo,
  system: 'salesforce' | 'netsuite',
  object: string,
): Promise<Record<string, unknown>[]> {
  const response = await fetch(`${sandbox[system].url}/__admin/records/${object}`, {
    headers: { 'x-sandbox-admin': sandbox.adminToken },
  });
  if (!response.ok) throw new Error(`admin ${system} ${object}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>[];
}

/** API calls a sandbox system served, by route (its admin `/stats`). */
export async function adminCalls(
  sandbox: SandboxInfo,
  system: 'salesforce' | 'netsuite',
): Promise<Record<string, number>> {
  const response = await fetch(`${sandbox[system].url}/__admin/stats`, {
    headers: { 'x-sandbox-admin': sandbox.adminToken },
  });
  if (!response.ok) throw new Error(`admin ${system} stats: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { calls: Record<string, number> }).calls;
}
