import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { MongoClient } from 'mongodb';
import { openMongoStore, openStore } from '../src/index.ts';
import { defineStoreContract } from './store-contract.ts';

const url = process.env.FLOWSYNC_MONGODB_URL;
const SKIP_REASON = 'no MongoDB (set FLOWSYNC_MONGODB_URL to run the MongoDB contract suite)';

if (url === undefined || url === '') {
  console.log(`skipped: ${SKIP_REASON}`);
  it('MongoDB store contract', { skip: SKIP_REASON }, () => {});
} else {
  const secretKey = randomBytes(32);
  // One database per store opened, unique to this run, all dropped at the end.
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const databases: string[] = [];
  const newDbName = () => {
    const name = `flowsync_test_${runId}_${databases.length}`;
    databases.push(name);
    return name;
  };

  after(async () => {
    const client = new MongoClient(url);
    try {
      await client.connect();
      for (const name of databases) await client.db(name).dropDatabase();
    } finally {
      await client.close();
    }
  });

  defineStoreContract('mongodb', () => openMongoStore({ url, dbName: newDbName(), secretKey }));

  describe('mongodb store', () => {
    it('stores only ciphertext for connection secrets and never exposes _id', async () => {
      const dbName = newDbName();
      const store = await openStore({ kind: 'mongodb', url, dbName }, secretKey);
      const client = new MongoClient(url);
      try {
        const summary = await store.connections.put(
          {
            name: 'sf',
            kind: 'salesforce',
            config: { clientId: 'visible-id' },
            secrets: { clientSecret: 'top-secret-value-42' },
          },
          'ada',
        );
        assert.ok(!('_id' in summary));
        await client.connect();
        const raw = await client.db(dbName).collection('connections').findOne({ name: 'sf' });
        const text = JSON.stringify(raw);
        assert.ok(!text.includes('top-secret-value-42'), 'plaintext secret found in the document');
        assert.match(String(raw?.secrets?.clientSecret), /^v1:/);
        assert.ok(text.includes('visible-id'));
        assert.ok(!('_id' in ((await store.connections.get('sf')) ?? {})));
      } finally {
        await client.close();
        await store.close();
      }
    });

    it('creates the unique indexes', async () => {
      const dbName = newDbName();
      const store = await openMongoStore({ url, dbName, secretKey });
      const client = new MongoClient(url);
      try {
        await client.connect();
        const indexes = await client.db(dbName).collection('ledger').indexes();
        const unique = indexes.find((index) => index.name === 'by_source');
        assert.equal(unique?.unique, true);
        assert.deepEqual(unique?.key, { flowId: 1, target: 1, sourceId: 1 });
        const users = await client.db(dbName).collection('users').indexes();
        assert.equal(users.find((index) => index.name === 'email')?.unique, true);
      } finally {
        await client.close();
        await store.close();
      }
    });
  });
}
