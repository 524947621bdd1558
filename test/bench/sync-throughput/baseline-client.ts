// The hand-written baseline of the sync benchmark: the same job as flows/netsuite-contacts-to-salesforce
// (read contacts by SuiteQL, qualify on the synced account, find the Salesforce contact by Ext_Id__c then
// Email, create or update in collections of 200, write the Salesforce id back to NetSuite), written
// directly against undici and the SDK's OAuth 1.0a signer, without the engine, flow documents, JSONata,
// or a database: the account and contact ledgers are in-memory maps.
//
// It does the same HTTP work as flowsync — same SuiteQL query and page size, same lookup chunks (100
// values), same collection size (200), the same pages in flight (2) with the write-backs of a page one
// after another, pooled keep-alive connections — so the ratio of the two measures flowsync's own cost.
import { Agent } from 'undici';
import { createOAuth1Signer, type OAuth1Signer } from '@flowsync/connector-sdk';
import type { SandboxInfo } from '../support/sandbox-service.ts';

const PAGE_SIZE = 200;
const PAGES_IN_FLIGHT = 2;
const LOOKUP_CHUNK = 100;
const COLLECTION_SIZE = 200;
const WRITE_BACK_FIELD = 'custentity_sf_contact_id';

type Row = Record<string, string | undefined>;

interface ContactFields {
  FirstName: string | null;
  LastName: string | null;
  Email: string | null;
  Phone: string | null;
  Title: string | null;
  AccountId: string;
  Ext_Id__c: string;
}

interface Pending {
  row: Row;
  id: string;
  fields: ContactFields;
  json: string;
  sfId: string | undefined;
}

export interface BaselineCounts {
  reads: number;
  written: number;
  skipped: number;
  rejected: number;
  failed: number;
}

interface JsonResponse<T> {
  status: number;
  body: T;
}

class HttpError extends Error {
  override readonly name = 'HttpError';
}

/** One origin's pooled keep-alive connections. */
class Origin {
  readonly origin: string;
  private readonly agent: Agent;

  constructor(url: string, connections: number) {
    this.origin = new URL(url).origin;
    this.agent = new Agent({ connections, keepAliveTimeout: 10_000 });
  }

  async json<T>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<JsonResponse<T>> {
    const response = await this.agent.request({
      origin: this.origin,
      path,
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.body.text();
    if (response.statusCode >= 300) {
      throw new HttpError(`${method} ${path.slice(0, 120)}: ${response.statusCode} ${text.slice(0, 300)}`);
    }
    return { status: response.statusCode, body: (text === '' ? undefined : JSON.parse(text)) as T };
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** At most `limit` calls at once. */
class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active += 1;
    try {
      return await call();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}

const SOQL_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};
const soqlString = (value: string) => `'${value.replace(/[\\'"\n\r\t]/g, (c) => SOQL_ESCAPES[c] ?? c)}'`;

const blankToNull = (value: string | undefined): string | null =>
  value === undefined || value === '' ? null : value;

/** Account ledger: NetSuite customer id → Salesforce account id, from the accounts set-up. */
export type AccountLedger = ReadonlyMap<string, string>;

/**
 * Syncs every NetSuite contact to Salesforce the way a careful programmer would by hand.
 *
 * @example
 * ```ts
 * const counts = await new BaselineClient(sandbox, accounts).sync();
 * ```
 */
export class BaselineClient {
  private readonly netsuite: Origin;
  private readonly netsuitePath: string;
  private readonly netsuiteSlots: Limiter;
  private readonly signer: OAuth1Signer;
  private readonly salesforceLogin: string;
  private readonly salesforceSecrets: Record<string, string>;
  private readonly salesforceConfig: Record<string, unknown>;
  private salesforce: Origin | undefined;
  private salesforceToken = '';
  private readonly apiPath: string;
  private readonly accounts: AccountLedger;
  /** Contact ledger: NetSuite id → what was last written (skip unchanged, as flowsync's ledger hash does). */
  private readonly written = new Map<string, { sfId: string; json: string }>();
  readonly counts: BaselineCounts = { reads: 0, written: 0, skipped: 0, rejected: 0, failed: 0 };

  constructor(sandbox: SandboxInfo, accounts: AccountLedger) {
    const ns = sandbox.netsuite.connection;
    const base = String(ns.config['baseUrl'])
      .replace(/\/+$/, '')
      .replace(/\/services\/rest$/, '');
    this.netsuite = new Origin(base, Number(ns.config['concurrency'] ?? 4));
    this.netsuitePath = `${new URL(base).pathname.replace(/\/+$/, '')}/services/rest`;
    this.netsuiteSlots = new Limiter(Number(ns.config['concurrency'] ?? 4));
    this.signer = createOAuth1Signer({
      consumerKey: ns.secrets['consumerKey'] ?? '',
      consumerSecret: ns.secrets['consumerSecret'] ?? '',
      token: ns.secrets['tokenId'] ?? '',
      tokenSecret: ns.secrets['tokenSecret'] ?? '',
      realm: String(ns.config['accountId']).toUpperCase().replace(/-/g, '_'),
      signatureMethod: 'HMAC-SHA256',
    });
    const sf = sandbox.salesforce.connection;
    this.salesforceConfig = sf.config;
    this.salesforceSecrets = sf.secrets;
    this.salesforceLogin = String(sf.config['loginUrl']);
    this.apiPath = `/services/data/v${String(sf.config['apiVersion'] ?? '62.0')}`;
    this.accounts = accounts;
  }

  /** Reads every contact page by page, with two pages in flight. */
  async sync(onProgress: (counts: BaselineCounts) => void = () => {}): Promise<BaselineCounts> {
    await this.authenticateSalesforce();
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    // Bounded at the start, as the engine bounds an incremental read: contacts written back during the
    // sync get a later lastModifiedDate and are not read a second time behind the read position.
    const until = new Date().toISOString().slice(0, 19);
    try {
      let after: { modified: string; id: string } | undefined;
      for (;;) {
        const page = await this.readPage(until, after);
        this.counts.reads += page.items.length;
        const task = this.processPage(page.items).then(
          () => {
            inFlight.delete(task);
            onProgress(this.counts);
          },
          (error: unknown) => {
            inFlight.delete(task);
            failure ??= error;
          },
        );
        inFlight.add(task);
        const last = page.items.at(-1);
        if (!page.hasMore || last === undefined || failure !== undefined) break;
        after = { modified: last['lastmodifieddate_iso'] ?? '', id: last['id'] ?? '' };
        while (inFlight.size >= PAGES_IN_FLIGHT) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    } finally {
      await Promise.allSettled(inFlight);
      await this.netsuite.close();
      await this.salesforce?.close();
    }
    if (failure !== undefined) throw failure;
    return this.counts;
  }

  private async authenticateSalesforce(): Promise<void> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: String(this.salesforceConfig['clientId']),
      client_secret: this.salesforceSecrets['clientSecret'] ?? '',
    });
    const response = await fetch(`${this.salesforceLogin}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    if (!response.ok) throw new HttpError(`Salesforce token: ${response.status} ${await response.text()}`);
    const token = (await response.json()) as { access_token: string; instance_url?: string };
    this.salesforceToken = token.access_token;
    this.salesforce = new Origin(token.instance_url ?? this.salesforceLogin, 10);
  }

  // --- NetSuite ------------------------------------------------------------------------------------

  private netsuiteCall<T>(
    method: 'POST' | 'PATCH',
    path: string,
    body: unknown,
    extra: Record<string, string> = {},
  ) {
    return this.netsuiteSlots.run(() => {
      const url = `${this.netsuite.origin}${this.netsuitePath}${path}`;
      const authorization = this.signer.sign({ method, url });
      return this.netsuite.json<T>(
        method,
        `${this.netsuitePath}${path}`,
        { authorization, accept: 'application/json', ...extra },
        body,
      );
    });
  }

  /**
   * One SuiteQL page, keyset-paged on (lastmodifieddate, id) up to `until` (UTC, to the second) exactly
   * like the incremental trigger.
   */
  private async readPage(until: string, after: { modified: string; id: string } | undefined) {
    const columns =
      'id, firstname, lastname, email, phone, title, company, TO_CHAR(lastmodifieddate, \'YYYY-MM-DD"T"HH24:MI:SS\') AS lastmodifieddate_iso, custentity_sf_contact_id';
    const date = (iso: string) => `TO_DATE('${iso.replace('T', ' ')}', 'YYYY-MM-DD HH24:MI:SS')`;
    let where = ` WHERE (lastmodifieddate <= ${date(until)})`;
    if (after !== undefined) {
      const at = date(after.modified);
      where += ` AND (lastmodifieddate > ${at} OR (lastmodifieddate = ${at} AND id > ${Number(after.id)}))`;
    }
    const q = `SELECT ${columns} FROM contact${where} ORDER BY lastmodifieddate, id`;
    const { body } = await this.netsuiteCall<{ items: Row[]; hasMore: boolean }>(
      'POST',
      `/query/v1/suiteql?limit=${PAGE_SIZE}&offset=0`,
      { q },
      { prefer: 'transient' },
    );
    return body;
  }

  private writeBack(contactId: string, sfId: string): Promise<unknown> {
    return this.netsuiteCall('PATCH', `/record/v1/contact/${encodeURIComponent(contactId)}`, {
      [WRITE_BACK_FIELD]: sfId,
    });
  }

  // --- Salesforce ----------------------------------------------------------------------------------

  private sfCall<T>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body?: unknown,
    extra: Record<string, string> = {},
  ) {
    if (!this.salesforce) throw new Error('not authenticated');
    return this.salesforce.json<T>(
      method,
      path,
      { authorization: `Bearer ${this.salesforceToken}`, accept: 'application/json', ...extra },
      body,
    );
  }

  /** Contacts whose `field` equals one of `values` (case-insensitively), keyed by the lower-cased value. */
  private async lookup(field: 'Ext_Id__c' | 'Email', values: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let i = 0; i < values.length; i += LOOKUP_CHUNK) {
      const list = values
        .slice(i, i + LOOKUP_CHUNK)
        .map(soqlString)
        .join(', ');
      const soql = `SELECT Id, Email, Ext_Id__c, AccountId FROM Contact WHERE ${field} IN (${list})`;
      let path: string | undefined = `${this.apiPath}/query?q=${encodeURIComponent(soql)}`;
      while (path !== undefined) {
        const { body }: JsonResponse<{ records: Row[]; done: boolean; nextRecordsUrl?: string }> =
          await this.sfCall('GET', path, undefined, { 'sforce-query-options': 'batchSize=2000' });
        for (const record of body.records) {
          const key = record[field]?.toLowerCase();
          // onMultiple "first": the first match wins.
          if (key !== undefined && record.Id !== undefined && !found.has(key)) found.set(key, record.Id);
        }
        path = body.done ? undefined : body.nextRecordsUrl;
      }
    }
    return found;
  }

  /** sObject Collections: creates with POST, updates by id with PATCH; 200 per call, allOrNone false. */
  private async save(items: Pending[], kind: 'create' | 'update'): Promise<void> {
    for (let i = 0; i < items.length; i += COLLECTION_SIZE) {
      const batch = items.slice(i, i + COLLECTION_SIZE);
      const records = batch.map((item) =>
        kind === 'create'
          ? { attributes: { type: 'Contact' }, ...item.fields }
          : { attributes: { type: 'Contact' }, ...item.fields, id: item.sfId },
      );
      const { body } = await this.sfCall<{ id?: string; success: boolean }[]>(
        kind === 'create' ? 'POST' : 'PATCH',
        `${this.apiPath}/composite/sobjects`,
        { allOrNone: false, records },
      );
      batch.forEach((item, index) => {
        const result = body[index];
        if (result?.success && result.id) {
          item.sfId = result.id;
          this.written.set(item.id, { sfId: result.id, json: item.json });
          this.counts.written += 1;
        } else {
          item.sfId = undefined;
          this.counts.failed += 1;
        }
      });
    }
  }

  // --- One page ------------------------------------------------------------------------------------

  private async processPage(rows: Row[]): Promise<void> {
    // Qualification: the company is synced to an account (local ledger) and has an id.
    const qualified: { row: Row; id: string; accountId: string }[] = [];
    for (const row of rows) {
      const companyId = row['company'];
      const accountId =
        companyId === undefined || companyId === '' ? undefined : this.accounts.get(companyId);
      if (accountId === undefined || row['id'] === undefined) this.counts.rejected += 1;
      else qualified.push({ row, id: row['id'], accountId });
    }

    // Existing Salesforce contact: by Ext_Id__c, then by Email for the rest.
    const byExtId = await this.lookup('Ext_Id__c', [...new Set(qualified.map((q) => q.id))]);
    const withEmail = qualified.filter((q) => !byExtId.has(q.id.toLowerCase()) && q.row['email']);
    const byEmail = await this.lookup('Email', [...new Set(withEmail.map((q) => q.row['email'] as string))]);

    const creates: Pending[] = [];
    const updates: Pending[] = [];
    const done: Pending[] = [];
    for (const { row, id, accountId } of qualified) {
      const email = row['email'];
      const sfId =
        byExtId.get(id.toLowerCase()) ??
        (email ? byEmail.get(email.toLowerCase()) : undefined) ??
        this.written.get(id)?.sfId;
      const fields: ContactFields = {
        FirstName: blankToNull(row['firstname']),
        LastName: blankToNull(row['lastname']),
        Email: blankToNull(email),
        Phone: blankToNull(row['phone']),
        Title: blankToNull(row['title']),
        AccountId: accountId,
        Ext_Id__c: id,
      };
      const json = JSON.stringify(fields);
      const pending: Pending = { row, id, fields, json, sfId };
      if (sfId !== undefined && this.written.get(id)?.json === json) {
        this.counts.skipped += 1;
        done.push(pending);
      } else if (sfId === undefined) creates.push(pending);
      else updates.push(pending);
    }
    await this.save(creates, 'create');
    await this.save(updates, 'update');
    done.push(...creates, ...updates);

    // Write-back of the Salesforce id where NetSuite does not hold it yet, one after another.
    for (const item of done) {
      if (item.sfId === undefined || item.row[WRITE_BACK_FIELD] === item.sfId) continue;
      await this.writeBack(item.id, item.sfId);
    }
  }
}
