import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSalesforce, type SalesforceHarness } from './salesforce-support.ts';

interface SaveResult {
  id?: string;
  success: boolean;
  created?: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
}

const contact = (fields: Record<string, unknown>) => ({ attributes: { type: 'Contact' }, ...fields });

describe('Salesforce emulator: sObject Collections', () => {
  let sf: SalesforceHarness;
  let token: string;

  before(async () => {
    sf = await startSalesforce();
    token = await sf.token();
  });
  after(() => sf.close());
  beforeEach(async () => {
    await sf.admin('POST', '/reset');
  });

  const collection = (method: string, path: string, json: unknown, version = 'v62.0') =>
    sf.call<SaveResult[]>(method, `${sf.api(version)}/composite/sobjects${path}`, { token, json });
  const contactCount = () => sf.emulator.state.objects.Contact.size;

  it('creates in order with per-record results; a failed record does not stop the others', async () => {
    const before = contactCount();
    const response = await collection('POST', '', {
      allOrNone: false,
      records: [
        contact({ LastName: 'One' }),
        contact({ FirstName: 'Nameless' }),
        contact({ LastName: 'Three', Ext_Id__c: 'C3' }),
      ],
    });
    assert.equal(response.status, 200);
    assert.equal(response.body.length, 3);
    assert.equal(response.body[0]?.success, true);
    assert.deepEqual(response.body[1], {
      success: false,
      errors: [
        {
          statusCode: 'REQUIRED_FIELD_MISSING',
          message: 'Required fields are missing: [LastName]',
          fields: ['LastName'],
        },
      ],
    });
    assert.equal(response.body[2]?.success, true);
    assert.equal(contactCount(), before + 2);
  });

  it('rolls everything back with allOrNone when any record fails', async () => {
    const before = structuredClone([...sf.emulator.state.objects.Contact.values()]);
    const existing = [...sf.emulator.state.objects.Contact.values()][0];
    const response = await collection('PATCH', '', {
      allOrNone: true,
      records: [
        contact({ id: existing?.['Id'], Title: 'Changed' }),
        contact({ id: '003Hs0000000zzzAAA', LastName: 'Ghost' }),
      ],
    });
    assert.equal(response.status, 200);
    assert.deepEqual(
      response.body[0]?.errors.map((e) => e.statusCode),
      ['ALL_OR_NONE_OPERATION_ROLLED_BACK'],
    );
    assert.equal(response.body[0]?.id, existing?.['Id']);
    assert.equal(response.body[1]?.success, false);
    assert.deepEqual([...sf.emulator.state.objects.Contact.values()], before, 'no record changed');

    const creates = await collection('POST', '', {
      allOrNone: true,
      records: [contact({ LastName: 'Kept?' }), contact({ Email: 'x@y.example' })],
    });
    assert.equal(creates.body[0]?.success, false);
    assert.equal(creates.body[0]?.id, undefined, 'a rolled-back insert has no id');
    assert.equal(contactCount(), before.length);
  });

  it('updates by id and reports bad ids per record', async () => {
    const created = await collection('POST', '', { records: [contact({ LastName: 'Before' })] });
    const id = created.body[0]?.id;
    const response = await collection('PATCH', '', {
      records: [
        contact({ id, LastName: 'After' }),
        contact({ LastName: 'No id' }),
        contact({ id: 'garbage', LastName: 'x' }),
      ],
    });
    assert.equal(response.body[0]?.success, true);
    assert.equal(response.body[0]?.id, id);
    assert.equal(response.body[1]?.errors[0]?.statusCode, 'MISSING_ARGUMENT');
    assert.equal(response.body[2]?.errors[0]?.statusCode, 'MALFORMED_ID');
    assert.equal(sf.emulator.state.store.get(id ?? '')?.record['LastName'], 'After');
  });

  it('upserts by external id: created flags, duplicates within the request, multiple matches', async () => {
    const first = await collection('PATCH', '/Contact/Ext_Id__c', {
      allOrNone: false,
      records: [contact({ Ext_Id__c: 'N1', LastName: 'One' }), contact({ Ext_Id__c: 'N2', LastName: 'Two' })],
    });
    assert.deepEqual(
      first.body.map((r) => [r.success, r.created]),
      [
        [true, true],
        [true, true],
      ],
    );
    const second = await collection('PATCH', '/Contact/Ext_Id__c', {
      records: [
        contact({ Ext_Id__c: 'n1', Title: 'Updated' }),
        contact({ Ext_Id__c: 'N3', LastName: 'Dup A' }),
        contact({ Ext_Id__c: 'N3', LastName: 'Dup B' }),
        contact({ LastName: 'No key' }),
      ],
    });
    assert.deepEqual(second.body[0], { id: first.body[0]?.id, success: true, errors: [], created: false });
    assert.equal(second.body[1]?.errors[0]?.statusCode, 'DUPLICATE_EXTERNAL_ID');
    assert.equal(second.body[2]?.errors[0]?.statusCode, 'DUPLICATE_EXTERNAL_ID');
    assert.equal(second.body[3]?.errors[0]?.statusCode, 'MISSING_ARGUMENT');

    await collection('POST', '', {
      records: [
        contact({ LastName: 'A', Legacy_Id__c: 'L1' }),
        contact({ LastName: 'B', Legacy_Id__c: 'L1' }),
      ],
    });
    const multiple = await collection('PATCH', '/Contact/Legacy_Id__c', {
      records: [contact({ Legacy_Id__c: 'L1', Title: 'x' })],
    });
    assert.equal(multiple.body[0]?.errors[0]?.statusCode, 'DUPLICATE_EXTERNAL_ID');
    assert.match(
      multiple.body[0]?.errors[0]?.message ?? '',
      /more than one record found for external id field/,
    );

    const notExternal = await collection('PATCH', '/Contact/Email', {
      records: [contact({ Email: 'a@b.example', LastName: 'x' })],
    });
    assert.equal(notExternal.status, 404);
  });

  it('refuses more than 200 records, and collections before their API version', async () => {
    const records = Array.from({ length: 201 }, (_, i) => contact({ LastName: `R${i}` }));
    const tooMany = await collection('POST', '', { records });
    assert.equal(tooMany.status, 400);
    assert.equal((tooMany.body as unknown as { errorCode: string }[])[0]?.errorCode, 'EXCEEDED_ID_LIMIT');
    const exactly = await collection('POST', '', { records: records.slice(0, 200) });
    assert.equal(exactly.body.filter((r) => r.success).length, 200);
    assert.equal(
      (await collection('POST', '', { records: [contact({ LastName: 'x' })] }, 'v41.0')).status,
      404,
    );
    assert.equal(
      (
        await collection(
          'PATCH',
          '/Contact/Ext_Id__c',
          { records: [contact({ Ext_Id__c: 'q', LastName: 'x' })] },
          'v45.0',
        )
      ).status,
      404,
    );
  });

  it('deletes by ids with per-record results and retrieves by ids', async () => {
    const created = await collection('POST', '', {
      records: [contact({ LastName: 'D1' }), contact({ LastName: 'D2' })],
    });
    const [a, b] = created.body.map((r) => r.id ?? '');
    const fetched = await sf.call<(Record<string, unknown> | null)[]>(
      'GET',
      `${sf.api()}/composite/sobjects/Contact?ids=${a},003Hs0000000zzzAAA&fields=Id,LastName`,
      { token },
    );
    assert.equal(fetched.body[0]?.['LastName'], 'D1');
    assert.equal(fetched.body[1], null);
    const deleted = await sf.call<SaveResult[]>(
      'DELETE',
      `${sf.api()}/composite/sobjects?ids=${a},${b},${a}&allOrNone=false`,
      { token },
    );
    assert.deepEqual(
      deleted.body.map((r) => r.success),
      [true, true, false],
    );
    assert.equal(deleted.body[2]?.errors[0]?.statusCode, 'ENTITY_IS_DELETED');
  });
});
