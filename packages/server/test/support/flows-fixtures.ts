// Real saved flows from flows/ and connections for them, for the flow, connection and ledger tests.
import { readFileSync } from 'node:fs';
import type { Flow } from '@flowsync/contracts';
import type { Store } from '@flowsync/store';

export const CONTACTS_FLOW = 'netsuite-contacts-to-salesforce';
export const ACCOUNTS_FLOW = 'netsuite-customers-to-salesforce-accounts';

const FLOWS_DIR = new URL('../../../../flows/', import.meta.url);

/** A fresh copy of `flows/<id>.flow.json`. */
export function flowFile(id: string): Flow {
  return JSON.parse(readFileSync(new URL(`${id}.flow.json`, FLOWS_DIR), 'utf8')) as Flow;
}

/** Secret values of {@link storeUnreachableConnections}; no response may ever contain them. */
export const FAKE_SECRETS = {
  salesforce: { clientSecret: 'sf-client-secret-7c1d', webhookSecret: 'sf-webhook-secret-93ab' },
  netsuite: {
    consumerKey: 'ns-consumer-key-51e0',
    consumerSecret: 'ns-consumer-secret-a2f4',
    tokenId: 'ns-token-id-0d9c',
    tokenSecret: 'ns-token-secret-66b1',
  },
} as const;

/** Connections named as the example flows expect, pointing at a closed port (nothing is called). */
export async function storeUnreachableConnections(store: Store, by = 'setup@test.flowsync'): Promise<void> {
  await store.connections.put(
    {
      name: 'salesforce',
      kind: 'salesforce',
      config: { loginUrl: 'http://127.0.0.1:9', clientId: 'test-client', allowPrivateNetwork: true },
      secrets: { ...FAKE_SECRETS.salesforce },
    },
    by,
  );
  await store.connections.put(
    {
      name: 'netsuite',
      kind: 'netsuite',
      config: { accountId: '1234567', baseUrl: 'http://127.0.0.1:9', allowPrivateNetwork: true },
      secrets: { ...FAKE_SECRETS.netsuite },
    },
    by,
  );
}

/** The first node of a type in a flow, with its index. */
export function nodeOf(flow: Flow, id: string): { index: number; node: Flow['nodes'][number] } {
  const index = flow.nodes.findIndex((node) => node.id === id);
  const node = flow.nodes[index];
  if (node === undefined) throw new Error(`no node ${id} in ${flow.id}`);
  return { index, node };
}
