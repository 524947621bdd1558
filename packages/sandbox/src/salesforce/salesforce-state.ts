import { randomBytes } from 'node:crypto';
import type { SeedData } from '../shared/seed-data.ts';
import {
  formatDateTime,
  RecordStore,
  type FieldValue,
  type ObjectName,
  type StoredRecord,
} from './record-store.ts';
import { makeId } from './salesforce-ids.ts';
import { ACCOUNT, CONTACT, type FieldSchema, type SObjectSchema } from './sobject-schema.ts';

export interface IssuedToken {
  accessToken: string;
  issuedAt: number;
  expiresAt: number;
  clientId: string;
  username: string;
}

/** A server-side query cursor: the ordered ids of the result, served in batches via `nextRecordsUrl`. */
export interface QueryCursor {
  locator: string;
  schema: SObjectSchema;
  fields: FieldSchema[];
  ids: string[];
  includeDeleted: boolean;
  batchSize: number;
  lastUsed: number;
}

export interface SalesforceStateOptions {
  clientId: string;
  clientSecret: string;
  username: string;
  tokenLifetimeSeconds: number;
  queryBatchSize: number;
  apiLimit: number;
  seed: SeedData;
  clock: () => number;
}

/** When seed records were created and last modified (before any test or demo write). */
export const SEED_TIME = Date.parse('2025-12-01T09:00:00.000Z');

/** Open cursors per org; the oldest is dropped beyond this, as Salesforce limits open query locators. */
const MAX_CURSORS = 100;
/** Salesforce drops a query locator after 15 minutes without use. */
const CURSOR_IDLE_MS = 15 * 60 * 1000;

/**
 * Everything the Salesforce emulator holds: the org's records, issued tokens, query cursors and API
 * usage. Tests read it directly.
 */
export class SalesforceState {
  readonly options: SalesforceStateOptions;
  readonly store: RecordStore;
  readonly tokens = new Map<string, IssuedToken>();
  /** Refresh tokens the emulator accepts, and the user each belongs to. */
  readonly refreshTokens = new Map<string, string>();
  readonly cursors = new Map<string, QueryCursor>();
  /** API calls counted against `apiLimit` (the `api-usage=n/N` of Sforce-Limit-Info). */
  apiUsage = 0;
  /** Calls per route, e.g. `GET /services/data/:version/query`. */
  readonly calls = new Map<string, number>();
  /** Refresh token issued at start-up for the refresh_token grant (Salesforce would issue it in a web-server flow). */
  readonly initialRefreshToken: string;
  private cursorSequence = 0;

  constructor(options: SalesforceStateOptions) {
    this.options = options;
    this.store = new RecordStore(options.clock);
    this.initialRefreshToken = `5Aep861sandbox${randomBytes(24).toString('base64url')}`;
    this.refreshTokens.set(this.initialRefreshToken, options.username);
    this.reset();
  }

  get objects(): RecordStore['objects'] {
    return this.store.objects;
  }

  /** Back to the seed: records, ids, cursors, validation rules and usage. Tokens stay valid. */
  reset(): void {
    this.store.clear();
    this.cursors.clear();
    this.cursorSequence = 0;
    this.apiUsage = 0;
    this.calls.clear();
    this.seed();
  }

  /** Creates a record with the API's validation, without a call or an event (test and demo set-up). */
  createRecord(object: ObjectName, fields: Record<string, unknown>): StoredRecord {
    return this.store.create(object === 'Account' ? ACCOUNT : CONTACT, fields);
  }

  /** Live records of an object in their REST form (datetimes as `…+0000`). */
  listRecords(object: ObjectName, version = 'v62.0'): Record<string, unknown>[] {
    const schema = object === 'Account' ? ACCOUNT : CONTACT;
    return [...this.store.objects[object].values()].map((r) => this.toApiRecord(schema, r, version));
  }

  issueToken(clientId: string, username: string): IssuedToken {
    const now = this.options.clock();
    const token: IssuedToken = {
      accessToken: `00DHs0000000001!AQ8AQ${randomBytes(36).toString('base64url')}`,
      issuedAt: now,
      expiresAt: now + this.options.tokenLifetimeSeconds * 1000,
      clientId,
      username,
    };
    this.tokens.set(token.accessToken, token);
    return token;
  }

  openCursor(input: Omit<QueryCursor, 'locator' | 'lastUsed'>): QueryCursor {
    this.cursorSequence += 1;
    const cursor: QueryCursor = {
      ...input,
      locator: makeId('01g', this.cursorSequence),
      lastUsed: this.options.clock(),
    };
    this.cursors.set(cursor.locator, cursor);
    while (this.cursors.size > MAX_CURSORS) {
      const oldest = this.cursors.keys().next().value;
      if (oldest === undefined) break;
      this.cursors.delete(oldest);
    }
    return cursor;
  }

  findCursor(locator: string): QueryCursor | undefined {
    const cursor = this.cursors.get(locator);
    if (cursor === undefined) return undefined;
    const now = this.options.clock();
    if (now - cursor.lastUsed > CURSOR_IDLE_MS) {
      this.cursors.delete(locator);
      return undefined;
    }
    cursor.lastUsed = now;
    return cursor;
  }

  /** A record as the REST API returns it: `attributes`, then the fields (all, or the given ones). */
  toApiRecord(
    schema: SObjectSchema,
    record: StoredRecord,
    version: string,
    fields: readonly FieldSchema[] = schema.fields,
  ): Record<string, unknown> {
    const result: Record<string, unknown> = {
      attributes: {
        type: schema.name,
        url: `/services/data/${version}/sobjects/${schema.name}/${String(record['Id'])}`,
      },
    };
    for (const field of fields) result[field.name] = toWire(field, record[field.name]);
    return result;
  }

  /**
   * Two pre-existing contacts and no accounts: one with the email of a NetSuite seed contact whose
   * company the accounts flow syncs (so "find the contact by email" has something to find), and one
   * that exists only in Salesforce.
   */
  private seed(): void {
    const { customers, contacts } = this.options.seed;
    const syncedCompany = new Set(customers.filter((c) => !c.isPerson && !c.isInactive).map((c) => c.id));
    const mirrored = contacts.find((c) => c.companyId !== undefined && syncedCompany.has(c.companyId));
    const seeds: Record<string, unknown>[] = [];
    if (mirrored !== undefined) {
      seeds.push({
        FirstName: mirrored.firstName,
        LastName: mirrored.lastName,
        Email: mirrored.email,
        Title: 'Imported from a trade show list',
        Description: 'Created in Salesforce before the NetSuite sync was switched on.',
      });
    }
    seeds.push({
      FirstName: 'Sally',
      LastName: 'Salesforce-Only',
      Email: 'sally.only@salesforce-sandbox.example',
      Phone: '+1 555 0100',
    });
    for (const input of seeds) {
      const record = this.store.create(CONTACT, input);
      for (const name of ['CreatedDate', 'LastModifiedDate', 'SystemModstamp']) record[name] = SEED_TIME;
    }
  }
}

/** A stored value in its JSON wire form (datetimes as `…000+0000`). */
export function toWire(field: FieldSchema, value: FieldValue | undefined): unknown {
  if (value === undefined || value === null) return null;
  if (field.type === 'datetime' && typeof value === 'number') return formatDateTime(value);
  return value;
}
