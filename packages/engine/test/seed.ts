import type { SourceRecord } from '@flowsync/connector-sdk';
import type { Harness } from './fakes/harness.ts';

/** `n` source contacts over 3 companies; every 10th has no company id; companies C1..C3 exist as target accounts. */
export function seedContacts(h: Harness, n: number): SourceRecord[] {
  h.target.seed('Account', [
    { id: 'A1', SourceId: 'C1', Name: 'Acme' },
    { id: 'A2', SourceId: 'C2', Name: 'Globex' },
    { id: 'A3', SourceId: 'C3', Name: 'Initech' },
  ]);
  const contacts: SourceRecord[] = [];
  for (let i = 1; i <= n; i++) {
    contacts.push({
      id: `N${i}`,
      firstName: `First${i}`,
      lastName: `Last${i}`,
      email: `Person${i}@Example.com`,
      companyId: i % 10 === 0 ? '' : `C${(i % 3) + 1}`,
      origin: i % 2 === 0 ? 'web' : 'fair',
    });
  }
  h.source.seed('contact', contacts);
  return contacts;
}

export function targetContacts(h: Harness): SourceRecord[] {
  return [...h.target.table('Contact').values()];
}
