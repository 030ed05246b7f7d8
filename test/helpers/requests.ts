import type { DialectName } from '../../src/db/dialect.ts';
import type { Role } from '../../src/db/schema.ts';
import { createAccount, type AccountView } from '../../src/services/accounts/accounts.ts';
import { buildDemo, generatePopulation } from '../../src/services/enterprises/demo.ts';
import { requestCaller, type RequestCaller } from '../../src/services/requests/access.ts';
import { openTestDatabase, type TestDatabase } from './databases.ts';

// The request loop's tests: a database with a few demo enterprises and one account of each kind the loop knows.

export const DEVELOPMENT = '市发展改革委';
export const LAND = '市自然资源和规划局';

export const ACCOUNTS = {
  entA: { role: 'enterprise_user', enterprise: 0 },
  entB: { role: 'enterprise_user', enterprise: 1 },
  coordinator: { role: 'service_coordinator' },
  admin: { role: 'admin' },
  development: { role: 'service_coordinator', department: DEVELOPMENT },
  land: { role: 'policy_operator', department: LAND, region: '320500' },
  outsider: { role: 'policy_operator', department: '市文化广电和旅游局', region: '320500' },
} as const satisfies Record<string, { role: Role; enterprise?: number; department?: string; region?: string }>;

export type AccountName = keyof typeof ACCOUNTS;

export interface RequestsFixture {
  database: TestDatabase;
  /** the demo enterprises' codes: [0] entA's, [1] entB's, the rest nobody's */
  usccs: string[];
  accounts: Record<AccountName, AccountView>;
  callers: Record<AccountName, RequestCaller>;
}

/** A fresh database of `dialect` with 5 demo enterprises and the accounts above (password: name + "-password"). */
export async function requestsFixture(dialect: DialectName): Promise<RequestsFixture> {
  const database = await openTestDatabase(dialect);
  await buildDemo(database, { enterprises: 5, seed: 1, actor: 'test' });
  const usccs = [...generatePopulation(5, 1)].map((e) => e.profile.uscc);
  const accounts = {} as Record<AccountName, AccountView>;
  const callers = {} as Record<AccountName, RequestCaller>;
  for (const [name, spec] of Object.entries(ACCOUNTS) as [AccountName, (typeof ACCOUNTS)[AccountName]][]) {
    const account = await createAccount(database, 'test', {
      username: name.toLowerCase(),
      password: `${name}-password`,
      role: spec.role,
      ...('enterprise' in spec ? { uscc: usccs[spec.enterprise] } : {}),
      ...('department' in spec ? { department: spec.department } : {}),
      ...('region' in spec ? { region: spec.region } : {}),
    });
    accounts[name] = account;
    callers[name] = requestCaller(account)!;
  }
  return { database, usccs, accounts, callers };
}

/** Monday 11 May 2026, 10:00 in China. */
export const MONDAY = new Date('2026-05-11T02:00:00Z');
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const later = (from: Date, ms: number) => new Date(from.getTime() + ms);
