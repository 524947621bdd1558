/**
 * Deterministic seed data: the same options give the same records on every machine, so tests and the
 * demo can state exactly what the systems hold.
 */

/** mulberry32: a small, fast, seedable PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Edsger',
  'Barbara',
  'Donald',
  'Margaret',
  'Linus',
  'Radia',
  'Ken',
  'Frances',
  'John',
  'Katherine',
  'Dennis',
  'Hedy',
  'Tim',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Hamilton',
  'Torvalds',
  'Perlman',
  'Thompson',
  'Allen',
  'Backus',
  'Johnson',
  'Ritchie',
  'Lamarr',
  'Berners-Lee',
];
const COMPANY_WORDS = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Vandelay',
  'Stark',
  'Wayne',
  'Wonka',
  'Tyrell',
  'Cyberdyne',
  'Soylent',
  'Aperture',
  'Massive',
  'Dynamic',
  'Oceanic',
];
const SUFFIX = ['Inc', 'GmbH', 'Ltd', 'BV', 'LLC', 'SA'];
const TITLES = [
  'Buyer',
  'CFO',
  'Controller',
  'Purchasing Manager',
  'CEO',
  'Office Manager',
  'Engineer',
  undefined,
];

export interface SeedOptions {
  /** Number of company customers (default 20). */
  companies?: number;
  /** Number of contacts (default 60). */
  contacts?: number;
  seed?: number;
  /** Base time for lastModifiedDate values (default 2026-01-01T00:00:00Z). */
  baseTime?: number;
}

export interface SeedCustomer {
  id: string;
  entityId: string;
  companyName: string;
  email: string;
  phone: string;
  isPerson: boolean;
  isInactive: boolean;
  lastModifiedDate: string;
}

export interface SeedContact {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  title?: string;
  /** Internal id of the company customer; undefined for a contact without a company. */
  companyId?: string;
  lastModifiedDate: string;
}

export interface SeedData {
  customers: SeedCustomer[];
  contacts: SeedContact[];
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/**
 * NetSuite-side seed: companies (ids 1000+), about one in ten inactive and a few individuals (which the
 * accounts flow does not qualify), and contacts (ids 5000+), about one in twelve without a company.
 */
export function generateSeed(options: SeedOptions = {}): SeedData {
  const random = seededRandom(options.seed ?? 42);
  const companies = options.companies ?? 20;
  const contactCount = options.contacts ?? 60;
  const base = options.baseTime ?? Date.parse('2026-01-01T00:00:00Z');
  const customers: SeedCustomer[] = [];
  for (let i = 0; i < companies; i++) {
    const name = `${pick(random, COMPANY_WORDS)} ${pick(random, COMPANY_WORDS)} ${pick(random, SUFFIX)}`;
    const domain = name.toLowerCase().replace(/[^a-z]+/g, '') + i;
    customers.push({
      id: String(1000 + i),
      entityId: `CUST${String(i + 1).padStart(5, '0')}`,
      companyName: name,
      email: `info@${domain}.example`,
      phone: `+1 555 ${String(1000 + i).padStart(4, '0')}`,
      isPerson: i % 17 === 16,
      isInactive: i % 10 === 9,
      lastModifiedDate: new Date(base + i * 1000).toISOString(),
    });
  }
  const contacts: SeedContact[] = [];
  for (let i = 0; i < contactCount; i++) {
    const first = pick(random, FIRST);
    const last = pick(random, LAST);
    const company =
      i % 12 === 11 || customers.length === 0
        ? undefined
        : customers[Math.floor(random() * customers.length)];
    const contact: SeedContact = {
      id: String(5000 + i),
      firstName: first,
      lastName: last,
      email: `${first}.${last}.${i}@mail.example`.toLowerCase(),
      phone: `+1 555 ${String(2000 + (i % 8000)).padStart(4, '0')}`,
      lastModifiedDate: new Date(base + (companies + i) * 1000).toISOString(),
    };
    const title = pick(random, TITLES);
    if (title) contact.title = title;
    if (company) contact.companyId = company.id;
    contacts.push(contact);
  }
  return { customers, contacts };
}
