import { findAccountByUsername } from '../../db/accounts.repository.ts';
import type { Database } from '../../db/database.ts';
import type { Role } from '../../db/schema.ts';
import { generatePopulation } from '../enterprises/population.ts';
import { createAccount, type NewAccountInput } from './accounts.ts';

// One account per role for a local demo, with fixed passwords that the README and the start-up banner print:
// anyone who reads either can sign in, so `zhida serve --no-demo` (any real deployment) creates none.

export interface DemoAccount {
  username: string;
  role: Role;
  password: string;
  /** true when this call created it, false when it was already there */
  created: boolean;
}

/** The USCC of the first enterprise the demo population generates (seed 1): the demo enterprise user's own. */
export function firstDemoUscc(seed = 1): string {
  const first = generatePopulation(1, seed).next();
  if (first.done === true) throw new Error('the demo population generated no enterprise');
  return first.value.profile.uscc;
}

function demoInputs(seed: number): (NewAccountInput & { role: Role })[] {
  return [
    { username: 'demo-admin', password: 'demo-admin-2026', role: 'admin', displayName: '演示管理员' },
    {
      username: 'demo-operator',
      password: 'demo-operator-2026',
      role: 'policy_operator',
      displayName: '演示政策专员',
      department: '上海市经济和信息化委员会',
      region: '310000',
    },
    {
      username: 'demo-coordinator',
      password: 'demo-coordinator-2026',
      role: 'service_coordinator',
      displayName: '演示服务专员',
    },
    {
      // A department's account (交办 lands here): a service coordinator with a department acts for it in the request
      // loop (services/requests/access.ts), seeing and resolving the requests assigned to it.
      username: 'demo-department',
      password: 'demo-department-2026',
      role: 'service_coordinator',
      displayName: '演示部门账号（市发展改革委）',
      department: '市发展改革委',
    },
    {
      username: 'demo-enterprise',
      password: 'demo-enterprise-2026',
      role: 'enterprise_user',
      displayName: '演示企业用户',
      uscc: firstDemoUscc(seed),
    },
  ];
}

/** Creates the demo accounts that are missing (audited as `actor`); idempotent: a second call creates none. */
export async function ensureDemoAccounts(database: Database, actor: string, seed = 1): Promise<DemoAccount[]> {
  const accounts: DemoAccount[] = [];
  for (const input of demoInputs(seed)) {
    const exists = (await findAccountByUsername(database.db, input.username)) !== undefined;
    if (!exists) await createAccount(database, actor, input);
    accounts.push({ username: input.username, role: input.role, password: input.password, created: !exists });
  }
  return accounts;
}
