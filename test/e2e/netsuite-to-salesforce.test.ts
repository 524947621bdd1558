// Scenario 1 (seed 003) end to end over real HTTP: NetSuite customers and contacts synced to Salesforce
// accounts and contacts by the saved flows, through the real connectors and the sandbox emulators.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { RecordEvent } from '@flowsync/connector-sdk';
import type { RecordError } from '@flowsync/contracts';
import {
  ACCOUNTS_FLOW,
  CONTACTS_FLOW,
  startSyncEnvironment,
  type SyncEnvironment,
} from './support/sync-environment.ts';

type SfRecord = Record<string, unknown> & { Id: string };
type NsRecord = Record<string, unknown> & { id: string };

describe('NetSuite → Salesforce (scenario 1) over the sandbox', () => {
  let env: SyncEnvironment;

  const sfRecords = (object: string) => env.admin<SfRecord[]>('salesforce', 'GET', `/records/${object}`);
  const nsRecords = (object: string) => env.admin<NsRecord[]>('netsuite', 'GET', `/records/${object}`);
  const editContact = (id: string, fields: Record<string, unknown>) =>
    env.admin<NsRecord>('netsuite', 'PATCH', `/records/contact/${id}`, fields);

  /** What Salesforce must hold after a sync, derived from NetSuite's data and the flows' rules. */
  async function expectedContacts(): Promise<Map<string, Record<string, unknown>>> {
    const customers = await nsRecords('customer');
    const accounts = await sfRecords('Account');
    const accountIdByCustomer = new Map(accounts.map((a) => [String(a.Ext_Id__c), a.Id]));
    const qualified = new Set(
      customers.filter((c) => c.isPerson !== true && c.isInactive !== true && c.companyName).map((c) => c.id),
    );
    const expected = new Map<string, Record<string, unknown>>();
    for (const contact of await nsRecords('contact')) {
      const companyId = (contact.company as { id?: string } | null)?.id;
      if (!companyId || !qualified.has(companyId)) continue;
      expected.set(contact.id, {
        FirstName: contact.firstName ?? null,
        LastName: contact.lastName ?? null,
        Email: contact.email ?? null,
        Phone: contact.phone ?? null,
        Title: contact.title ?? null,
        AccountId: accountIdByCustomer.get(companyId) ?? 'missing account',
      });
    }
    return expected;
  }

  async function assertSalesforceMatchesNetSuite(): Promise<void> {
    const expected = await expectedContacts();
    const contacts = (await sfRecords('Contact')).filter((c) => c.Ext_Id__c);
    const byExtId = new Map(contacts.map((c) => [String(c.Ext_Id__c), c]));
    assert.equal(contacts.length, byExtId.size, 'no NetSuite contact is in Salesforce twice');
    assert.deepEqual([...byExtId.keys()].sort(), [...expected.keys()].sort());
    for (const [id, fields] of expected) {
      const actual = byExtId.get(id);
      const picked = Object.fromEntries(Object.keys(fields).map((k) => [k, actual?.[k] ?? null]));
      assert.deepEqual(picked, fields, `Salesforce contact for NetSuite contact ${id}`);
    }
  }

  before(async () => {
    env = await startSyncEnvironment({ companies: 12, contacts: 48 });
  });
  after(async () => {
    await env?.close();
  });

  it('syncs every qualifying contact on the first full sync and writes the Salesforce ids back', async () => {
    const accounts = await env.run(ACCOUNTS_FLOW);
    assert.equal(accounts.status, 'succeeded', accounts.message);
    assert.ok(accounts.totals.written > 0);

    const contacts = await env.run(CONTACTS_FLOW);
    assert.equal(contacts.status, 'succeeded', contacts.message);
    assert.equal(contacts.totals.read, 48);
    assert.equal(contacts.totals.written + contacts.totals.rejected, 48);
    await assertSalesforceMatchesNetSuite();

    // The pre-existing Salesforce contact with a NetSuite contact's email was updated, not duplicated.
    const mirrored = (await sfRecords('Contact')).filter(
      (c) => c.Ext_Id__c && c.CreatedDate !== c.LastModifiedDate,
    );
    assert.ok(mirrored.length >= 1, 'the contact found by email was updated in place');

    // Write-back: every synced NetSuite contact holds its Salesforce id.
    const sfByExt = new Map((await sfRecords('Contact')).map((c) => [String(c.Ext_Id__c), c.Id]));
    for (const contact of await nsRecords('contact')) {
      const sfId = sfByExt.get(contact.id);
      if (sfId) assert.equal(contact.custentity_sf_contact_id, sfId, `write-back for ${contact.id}`);
    }
  });

  it('rejects contacts that do not qualify, with the condition they failed', async () => {
    const result = await env.run(CONTACTS_FLOW, {
      kind: 'ids',
      ids: (await nsRecords('contact')).map((c) => c.id),
    });
    assert.ok(result.totals.rejected > 0);
    for (const rejection of result.rejections) {
      assert.equal(rejection.nodeId, 'qualification');
      assert.match(rejection.reason, /^criteria not met: \$exists\(\$account\.targetId\)|company\.id/);
    }
    assert.equal(result.totals.written, 0, 'nothing changed, so nothing is written');
    assert.ok(result.totals.skipped > 0);
  });

  it('picks up an edit in NetSuite with the incremental sweep', async () => {
    const [target] = [
      ...(
        await env.store.ledger.getMany(CONTACTS_FLOW, 'salesforce/Contact', ['5000', '5001', '5002', '5003'])
      ).keys(),
    ];
    assert.ok(target, 'a synced contact to edit');
    // Without the overlap window, so that the read counts show exactly what the watermark selects
    // (the write-backs of the first sync touched every synced contact within the last minute).
    const noOverlap = env.variant(CONTACTS_FLOW, (doc) => {
      const trigger = (
        doc.nodes as { type: string; config: { incremental: { overlapSeconds: number } } }[]
      ).find((n) => n.type === 'trigger');
      trigger!.config.incremental.overlapSeconds = 0;
    });
    // NetSuite keeps modification times to the second: step past the first sync's write-backs so the
    // edit is the only change in its second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await editContact(target, { lastName: 'Swept' });
    const sweep = await env.run(noOverlap);
    assert.equal(sweep.status, 'succeeded', sweep.message);
    assert.equal(sweep.totals.written, 1, 'only the edited contact is written');
    const sf = (await sfRecords('Contact')).find((c) => c.Ext_Id__c === target);
    assert.equal(sf?.LastName, 'Swept');
    // The watermark moved to the edit: the next sweep reads only the overlap window (the edit itself).
    const quiet = await env.run(noOverlap);
    assert.equal(quiet.totals.read, 1);
    assert.equal(quiet.totals.written, 0);
    assert.equal(quiet.totals.skipped, 1);
  });

  it('processes a realtime event: a signed NetSuite delivery, verified by the connector', async () => {
    const received: RecordEvent[] = [];
    let signatureFailures = 0;
    const listener: Server = createServer(async (request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      try {
        const events = env.connectors.netsuite.parseWebhook?.({
          headers: request.headers,
          rawBody: Buffer.concat(chunks),
          url: request.url ?? '/',
        });
        received.push(...(events ?? []));
        response.writeHead(202).end();
      } catch {
        signatureFailures += 1;
        response.writeHead(401).end();
      }
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const address = listener.address();
    assert.ok(address && typeof address === 'object');
    const subscription = await env.admin<{ id: string }>('netsuite', 'POST', '/subscriptions', {
      url: `http://127.0.0.1:${address.port}/hooks/${CONTACTS_FLOW}`,
      secret: env.sandbox.netsuite.connection().secrets.webhookSecret,
      objects: ['contact'],
    });
    try {
      const [synced] = [
        ...(
          await env.store.ledger.getMany(CONTACTS_FLOW, 'salesforce/Contact', [
            '5004',
            '5005',
            '5006',
            '5007',
            '5008',
          ])
        ).keys(),
      ];
      assert.ok(synced);
      await editContact(synced, { title: 'Head of Realtime' });
      await env.sandbox.netsuite.instance.webhooks.settle();
      assert.equal(signatureFailures, 0);
      assert.equal(received.length, 1);
      const [event] = received;
      assert.equal(event?.kind, 'update');
      assert.equal(event?.recordId, synced);
      const input = event?.record
        ? ({ kind: 'records', records: [event.record] } as const)
        : ({ kind: 'ids', ids: [synced] } as const);
      const result = await env.run(CONTACTS_FLOW, input, {
        trigger: { kind: 'realtime', eventIds: [event!.eventId] },
      });
      assert.equal(result.totals.written, 1);
      const sf = (await sfRecords('Contact')).find((c) => c.Ext_Id__c === synced);
      assert.equal(sf?.Title, 'Head of Realtime');
    } finally {
      await env.admin('netsuite', 'DELETE', `/subscriptions/${subscription.id}`);
      await new Promise((resolve) => listener.close(resolve));
    }
  });

  it('stores a Salesforce validation error; once fixed, the retry succeeds and resolves it', async () => {
    await env.admin('salesforce', 'POST', '/validation-rules', {
      object: 'Contact',
      field: 'Email',
      pattern: '^(?!.*@blocked\\.example$).*$',
      message: 'Email domain is blocked',
    });
    const [synced] = [
      ...(
        await env.store.ledger.getMany(CONTACTS_FLOW, 'salesforce/Contact', [
          '5009',
          '5010',
          '5011',
          '5012',
          '5013',
        ])
      ).keys(),
    ];
    assert.ok(synced);
    await editContact(synced, { email: 'someone@blocked.example' });
    const failed = await env.run(CONTACTS_FLOW);
    assert.equal(failed.status, 'completedWithErrors');
    const errors = await env.store.errors.list({ flowId: CONTACTS_FLOW, status: 'open' });
    assert.equal(errors.length, 1);
    const error = errors[0] as RecordError;
    assert.equal(error.nodeId, 'upsert-contact');
    assert.equal(error.sourceId, synced);
    assert.equal(error.code, 'TARGET_VALIDATION');
    assert.match(error.message, /Email domain is blocked/);

    const fixed = structuredClone(error);
    fixed.payload.mapped = { ...fixed.payload.mapped, Email: 'someone@allowed.example' };
    await env.store.errors.updatePayload(error.id, fixed.payload);
    const retry = await env.run(CONTACTS_FLOW, { kind: 'retry', errors: [fixed] });
    assert.equal(retry.status, 'succeeded', retry.message);
    assert.equal((await env.store.errors.get(error.id))?.status, 'resolved');
    assert.equal(
      (await sfRecords('Contact')).find((c) => c.Ext_Id__c === synced)?.Email,
      'someone@allowed.example',
    );
    // Put NetSuite back in step so the final comparison holds.
    await env.admin('salesforce', 'DELETE', '/validation-rules');
    await editContact(synced, { email: 'someone@allowed.example' });
    assert.equal((await env.run(CONTACTS_FLOW)).status, 'succeeded');
  });

  it('refreshes a token that expires mid-run without losing a record', async () => {
    const contacts = await nsRecords('contact');
    for (const contact of contacts.slice(0, 30))
      await editContact(contact.id, { phone: `+1 555 9${contact.id}` });
    const smallPages = env.variant(CONTACTS_FLOW, (doc) => {
      const settings = doc.settings as Record<string, unknown>;
      settings.batchSize = 5;
      settings.concurrency = 1;
    });
    const tokensBefore = env.sandbox.salesforce.instance.state.tokens.size;
    let expiredAfterPage = 0;
    const result = await env.run(
      smallPages,
      { kind: 'read' },
      {
        onEvent: (event) => {
          // After the first finished page, every Salesforce session issued so far dies.
          if (event.type === 'run.counters' && expiredAfterPage === 0) {
            expiredAfterPage = event.totals.read;
            env.sandbox.salesforce.instance.faults.tokensValidAfter = Date.now() + 1;
          }
        },
      },
    );
    assert.equal(result.status, 'succeeded', result.message);
    assert.ok(expiredAfterPage > 0 && expiredAfterPage < result.totals.read, 'the token expired mid-run');
    assert.ok(env.sandbox.salesforce.instance.state.tokens.size > tokensBefore, 'a new token was issued');
    assert.equal(result.totals.failed, 0);
    assert.ok(result.totals.read >= 30);
    await assertSalesforceMatchesNetSuite();
  });

  it('backs off on rate limits (Salesforce 403 REQUEST_LIMIT_EXCEEDED, NetSuite 429) without losing a record', async () => {
    const contacts = await nsRecords('contact');
    for (const contact of contacts.slice(0, 20))
      await editContact(contact.id, { title: `Title ${contact.id}` });
    await env.admin('salesforce', 'POST', '/faults', { rateLimitNext: 2 });
    await env.admin('netsuite', 'POST', '/faults', { rateLimitNext: 2, retryAfterSeconds: 1 });
    const result = await env.run(CONTACTS_FLOW);
    assert.equal(result.status, 'succeeded', result.message);
    assert.equal(result.totals.failed, 0);
    const retries = Object.values(result.nodes).reduce((sum, node) => sum + node.retries, 0);
    assert.ok(retries >= 2, `retried ${retries} times`);
    await assertSalesforceMatchesNetSuite();
  });

  it('leaves Salesforce matching NetSuite record by record', async () => {
    await assertSalesforceMatchesNetSuite();
    const open = await env.store.errors.count({ flowId: CONTACTS_FLOW, status: 'open' });
    assert.equal(open, 0);
  });
});
