import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ConnectorError,
  InMemoryConnectorRegistry,
  chunk,
  collectAll,
  type Connector,
} from '@flowsync/connector-sdk';

function fakeConnector(kind: string): Connector {
  const unused = () => Promise.reject(new Error('not used'));
  return {
    kind,
    maxBatchSize: 200,
    testConnection: () => Promise.resolve({ ok: true, detail: kind }),
    listObjects: unused,
    describeObject: unused,
    async *read() {
      yield { records: [{ id: '1' }], cursor: 'c1' };
      yield { records: [{ id: '2' }] };
    },
    lookup: unused,
    upsertBatch: unused,
    update: unused,
  };
}

describe('paging helpers', () => {
  it('collectAll reads an async iterable to the end, in order', async () => {
    const pages = await collectAll(fakeConnector('x').read({ object: 'contact', pageSize: 1 }));
    assert.deepEqual(
      pages.map((page) => page.records[0]?.['id']),
      ['1', '2'],
    );
    assert.deepEqual(await collectAll((async function* () {})()), []);
  });

  it('chunk splits into groups of at most size, keeping order', () => {
    assert.deepEqual(chunk([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
    assert.deepEqual(chunk([1, 2, 3, 4], 2), [
      [1, 2],
      [3, 4],
    ]);
    assert.deepEqual(chunk([], 3), []);
    assert.deepEqual(chunk([1], 200), [[1]]);
    assert.throws(() => chunk([1], 0), RangeError);
    assert.throws(() => chunk([1], 1.5), RangeError);
  });
});

describe('InMemoryConnectorRegistry', () => {
  it('returns registered connectors and CONNECTION_NOT_FOUND for unknown names', async () => {
    const netsuite = fakeConnector('netsuite');
    const registry = new InMemoryConnectorRegistry({ 'netsuite-sandbox': netsuite });
    registry.set('salesforce-dev', fakeConnector('salesforce'));
    assert.equal(await registry.get('netsuite-sandbox'), netsuite);
    assert.equal((await registry.get('salesforce-dev')).kind, 'salesforce');
    assert.deepEqual(registry.names().sort(), ['netsuite-sandbox', 'salesforce-dev']);
    await assert.rejects(registry.get('Netsuite-Sandbox'), (error: unknown) => {
      assert.ok(error instanceof ConnectorError);
      assert.equal(error.code, 'CONNECTION_NOT_FOUND');
      assert.match(error.message, /Netsuite-Sandbox/);
      return true;
    });
    registry.delete('netsuite-sandbox');
    await assert.rejects(registry.get('netsuite-sandbox'), ConnectorError);
  });

  it('accepts entries as an iterable of pairs', async () => {
    const registry = new InMemoryConnectorRegistry(new Map([['rest', fakeConnector('rest')]]));
    assert.equal((await registry.get('rest')).kind, 'rest');
  });
});
