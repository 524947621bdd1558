import { connectionsOf } from '@flowsync/flow-core';
import type { Store } from '@flowsync/store';
import { readFlowFiles } from './flow-files.ts';

export interface ImportedFlow {
  id: string;
  name: string;
}

/**
 * Imports `<dir>/*.flow.json` into a store that has no flows yet (first start), as version 1 by
 * `system`, disabled. Returns what was imported; an invalid file stops the import with its problems.
 */
export async function importFlowsOnFirstStart(store: Store, dir: string): Promise<ImportedFlow[]> {
  if ((await store.flows.list()).length > 0) return [];
  const files = readFlowFiles(dir);
  const invalid = files.filter((f) => !f.flow);
  if (invalid.length > 0) {
    const problems = invalid.flatMap((f) => f.issues.map((i) => `${f.file}${i.path}: ${i.message}`));
    throw new Error(`flows that do not validate:\n  ${problems.join('\n  ')}`);
  }
  const imported: ImportedFlow[] = [];
  for (const { file, flow: parsed } of files) {
    if (!parsed) continue;
    const { $schema: _schema, ...flow } = parsed;
    await store.flows.save(flow, {
      author: 'system',
      message: `imported from flows/${file}`,
      expectedVersion: 0,
    });
    await store.audit.append({
      actor: 'system',
      action: 'flow.import',
      subject: `flow:${flow.id}`,
      detail: { file },
    });
    imported.push({ id: flow.id, name: flow.name });
  }
  return imported;
}

/** Stores (or refreshes) the connections that reach the sandbox systems, under the names the flows use. */
export async function connectSandbox(
  store: Store,
  connections: Record<
    string,
    { kind: string; config: Record<string, unknown>; secrets: Record<string, string> }
  >,
): Promise<string[]> {
  const names: string[] = [];
  for (const [name, connection] of Object.entries(connections)) {
    await store.connections.put({ name, ...connection }, 'system');
    names.push(name);
  }
  return names;
}

/**
 * The sandbox systems keep their data in memory and start from the seed every time, so what flowsync
 * remembers about syncing to them (ledger, watermarks, open errors) is forgotten at the same moment.
 * Only flows that use one of `connectionNames` are touched.
 */
export async function resetSandboxSyncState(
  store: Store,
  connectionNames: readonly string[],
): Promise<string[]> {
  const names = new Set(connectionNames);
  const reset: string[] = [];
  for (const { flowId } of await store.flows.list()) {
    const current = await store.flows.get(flowId);
    if (!current || !current.flow.nodes.some((node) => connectionsOf(node).some((name) => names.has(name))))
      continue;
    await store.ledger.forgetFlow(flowId);
    await store.watermarks.clear(flowId);
    for (;;) {
      const open = await store.errors.list({ flowId, status: 'open', limit: 500 });
      if (open.length === 0) break;
      await store.errors.resolve(
        open.map((e) => e.id),
        'manual',
        'system (sandbox restarted)',
      );
    }
    reset.push(flowId);
  }
  return reset;
}
