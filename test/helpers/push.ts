import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { evaluateAll } from '../../src/core/rules/report.ts';
import type { Policy } from '../../src/core/rules/types.ts';
import type { Database } from '../../src/db/database.ts';
import { currentJson } from '../../src/db/rules.repository.ts';
import { parseProfile } from '../../src/services/rules/bulk.ts';
import { diffMatches, type MatchState } from '../../src/services/rules/match-diff.ts';

// What the push tests share: the one-by-one evaluation the triggers are checked against, a webhook receiver and an
// SMTP server that record what arrives.

/** Every enterprise's stored profile evaluated one by one against the published policies: eligible and unknown
 *  states by policy id (what a full refresh stores, as the evaluator says it). */
export async function oneByOne(database: Database, year: number): Promise<Map<string, MatchState[]>> {
  const policies = (await currentJson(database.db, 'published')).map((row) => JSON.parse(row.json) as Policy);
  const rows = await database.db
    .selectFrom('enterprise')
    .select(['id', 'uscc', 'name', 'profile'])
    .orderBy('id')
    .execute();
  const out = new Map<string, MatchState[]>();
  for (const row of rows) {
    for (const { policy, evaluation } of evaluateAll(policies, parseProfile(row), { year })) {
      if (evaluation.status === 'ineligible') continue;
      let list = out.get(policy.id);
      if (list === undefined) out.set(policy.id, (list = []));
      list.push({ enterpriseId: row.id, status: evaluation.status, amount: evaluation.amount });
    }
  }
  return out;
}

export interface ChangeTuple {
  enterpriseId: number;
  policyId: string;
  kind: string;
  amount: string;
  before: string;
}

const range = (a: { min: number; max: number } | null) => (a === null ? '-' : `${a.min}..${a.max}`);

/** The changes between two one-by-one evaluations, as sorted tuples. */
export function expectedChanges(before: Map<string, MatchState[]>, after: Map<string, MatchState[]>): ChangeTuple[] {
  const out: ChangeTuple[] = [];
  for (const policyId of new Set([...before.keys(), ...after.keys()])) {
    for (const change of diffMatches(before.get(policyId) ?? [], after.get(policyId) ?? [])) {
      out.push({
        enterpriseId: change.enterpriseId,
        policyId,
        kind: change.kind,
        amount: range(change.amount),
        before: range(change.before),
      });
    }
  }
  return sortTuples(out);
}

function sortTuples(list: ChangeTuple[]): ChangeTuple[] {
  return list.sort(
    (a, b) => a.enterpriseId - b.enterpriseId || (a.policyId < b.policyId ? -1 : a.policyId > b.policyId ? 1 : 0),
  );
}

/** The changes a batch recorded, as sorted tuples. */
export async function recordedChanges(database: Database, batchId: number | null): Promise<ChangeTuple[]> {
  if (batchId === null) return [];
  const rows = await database.db.selectFrom('push_change').selectAll().where('batch_id', '=', batchId).execute();
  return sortTuples(
    rows.map((r) => ({
      enterpriseId: r.enterprise_id,
      policyId: r.policy_id,
      kind: r.kind,
      amount: r.amount_min === null ? '-' : `${r.amount_min}..${r.amount_max}`,
      before: r.before_min === null ? '-' : `${r.before_min}..${r.before_max}`,
    })),
  );
}

/** The newest push batch (of a cause). */
export async function lastBatch(database: Database, cause?: string): Promise<number | null> {
  let query = database.db.selectFrom('push_batch').select('id').orderBy('id', 'desc').limit(1);
  if (cause !== undefined) query = query.where('cause', '=', cause as 'policy');
  const row = await query.executeTakeFirst();
  return row?.id ?? null;
}

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  url: string;
}

export interface WebhookReceiver {
  url: string;
  received: Received[];
  /** the status to answer the next request with (default 200), and an optional delay */
  respond: (request: Received, index: number) => number | Promise<number>;
  close(): Promise<void>;
}

/** A local HTTP server that records every request and answers what `respond` says. */
export async function startReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    respond: () => 200,
    close: async () => {},
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry: Received = {
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        url: request.url ?? '',
      };
      const index = receiver.received.push(entry) - 1;
      void Promise.resolve(receiver.respond(entry, index)).then((status) => {
        response.statusCode = status;
        response.end(status < 300 ? 'ok' : 'no');
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

export interface Mail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  headers: Map<string, string>;
  raw: string;
}

/** Unfolds a header value and decodes its RFC 2047 encoded words (UTF-8, B or Q). */
function decodeHeader(value: string): string {
  return value
    .replace(/\r?\n[ \t]+/g, ' ')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
      encoding.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

/** A single-part message as nodemailer writes it: headers, then the body (base64 or quoted-printable). */
export function parseMail(raw: string, envelope: { from: string; to: string[] }): Mail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split);
  let body = raw.slice(split + 4);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), decodeHeader(line.slice(colon + 1).trim()));
  }
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase();
  if (encoding === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (encoding === 'quoted-printable') {
    body = Buffer.from(
      body
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
  }
  return { ...envelope, subject: headers.get('subject') ?? '', text: body, headers, raw };
}

export interface MailServer {
  url: string;
  mails: Mail[];
  close(): Promise<void>;
}

/**
 * A local SMTP server (smtp-server) that keeps every message it reads, unauthenticated, and accepts it at once, or
 * once `held` resolves (a sender then waits with its message in flight).
 */
export async function startMailServer(held: Promise<void> = Promise.resolve()): Promise<MailServer> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const envelope = {
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        mails.push(parseMail(Buffer.concat(chunks).toString('utf8'), envelope));
        void held.then(() => callback());
      });
    },
  });
  // A sender killed in the middle of a conversation is no error of the test's.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ApiAnswer<T> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
  bytes: ArrayBuffer;
}

/** Calls the API at `base` with a bearer token (null: anonymous); JSON in and out. */
export async function callApi<T = unknown>(
  base: string,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(base + path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const bytes = await response.arrayBuffer();
  const text = new TextDecoder().decode(bytes);
  const json = (response.headers.get('content-type') ?? '').includes('json') && text !== '' ? JSON.parse(text) : text;
  return { status: response.status, body: json as T, text, headers: response.headers, bytes };
}

/** An API token of an account: a demo account by username, or a new enterprise user of `uscc`. */
export async function tokenFor(
  database: Database,
  who: { username: string } | { uscc: string; username: string },
): Promise<string> {
  const { findAccountByUsername } = await import('../../src/db/accounts.repository.ts');
  const { createAccount, presentAccount } = await import('../../src/services/accounts/accounts.ts');
  const { createApiToken } = await import('../../src/services/accounts/api-tokens.ts');
  let row = await findAccountByUsername(database.db, who.username);
  if (row === undefined && 'uscc' in who) {
    await createAccount(database, 'test', {
      username: who.username,
      password: 'password-0123456789',
      role: 'enterprise_user',
      uscc: who.uscc,
    });
    row = await findAccountByUsername(database.db, who.username);
  }
  return (await createApiToken(database, 'test', presentAccount(row!), 'push test')).token;
}

/** Waits until `check` holds (polling), or fails after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
