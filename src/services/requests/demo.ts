import { calendarDate } from '../../core/requests/calendar.ts';
import type { Actor } from '../../core/requests/types.ts';
import type { Database } from '../../db/database.ts';
import { findEnterprisesByUscc } from '../../db/enterprises.repository.ts';
import { countRequests } from '../../db/requests.repository.ts';
import { generatePopulation } from '../enterprises/population.ts';
import type { RequestCaller } from './access.ts';
import { addMilestone, createProject } from './projects.ts';
import { applyActions, defaultDeadline, fileRequest, linkProject } from './requests.ts';
import { requestConfig } from './config.ts';

// A few requests and a major project for the demo (`zhida serve` on a fresh database): every stage of the loop
// shows on the pages and the dashboard. Request 1 is the demo enterprise's, assigned to 市发展改革委 (the demo
// department account's) and linked to project 1; one request is overdue, so the overdue job escalates it on the
// first start. Times are set back in days so the timeline and the median time to resolve read naturally.

const DAY = 86_400_000;
const HOUR = 3_600_000;

function caller(actor: Actor, displayName: string): RequestCaller {
  const scope =
    actor.kind === 'enterprise'
      ? { kind: 'enterprise' as const, uscc: actor.uscc }
      : actor.kind === 'department'
        ? { kind: 'department' as const, department: actor.department }
        : { kind: 'all' as const };
  return { actor, name: 'system:demo', displayName, scope };
}

/** Seeds the demo requests when there are none and the demo population is there; the number seeded. */
export async function seedDemoRequests(database: Database, seed = 1, now = new Date()): Promise<number> {
  if ((await countRequests(database.db, {})) > 0) return 0;
  const usccs = [...generatePopulation(3, seed)].map((e) => e.profile.uscc);
  const stored = await findEnterprisesByUscc(database.db, usccs);
  if (stored.size < usccs.length) return 0;
  const [own, second, third] = usccs as [string, string, string];
  const config = await requestConfig(database);
  const at = (offset: number) => new Date(now.getTime() + offset);
  const coordinator = caller({ kind: 'coordinator', accountId: 0 }, '演示服务专员');
  const enterprise = (uscc: string) => caller({ kind: 'enterprise', accountId: 0, uscc }, '演示企业');
  const department = (name: string) => caller({ kind: 'department', accountId: 0, department: name }, name);
  const assign = (category: string, when: Date) => ({
    type: 'assign' as const,
    department: config.categories.find((c) => c.code === category)?.department ?? '市政务服务管理办公室',
    deadline: defaultDeadline(config, category, when),
  });

  const today = calendarDate(now);
  const day = (offset: number) => new Date(Date.parse(`${today}T00:00:00Z`) + offset * DAY).toISOString().slice(0, 10);
  const project = await createProject(
    database,
    'system:demo',
    {
      name: '凯智精密智能制造基地（二期）',
      owner: '张伟',
      department: '市发展改革委',
      uscc: own,
      status: 'active',
      description: '新建智能化生产线及配套研发中心，总投资约12亿元。',
    },
    at(-30 * DAY),
  );
  await addMilestone(
    database,
    'system:demo',
    project.id,
    { name: '项目核准', owner: '张伟', dueDate: day(-20), done: true },
    at(-30 * DAY),
  );
  await addMilestone(
    database,
    'system:demo',
    project.id,
    { name: '用地手续办结', owner: '李娜', dueDate: day(3) },
    at(-30 * DAY),
  );
  await addMilestone(
    database,
    'system:demo',
    project.id,
    { name: '主体开工', owner: '王强', dueDate: day(60) },
    at(-30 * DAY),
  );

  // 1: the demo enterprise's, assigned to 市发展改革委, part of the project
  const r1 = await fileRequest(
    database,
    enterprise(own),
    {
      category: 'project-approval',
      title: '二期项目核准材料预审',
      description: '我公司二期智能制造基地项目拟申请核准，希望提前对接预审，明确需要补充的材料清单。',
    },
    at(-2 * DAY),
  );
  await applyActions(database, coordinator, r1.id, () => [{ type: 'accept' }], { now: at(-2 * DAY + HOUR) });
  await applyActions(database, coordinator, r1.id, () => [assign('project-approval', at(-DAY))], { now: at(-DAY) });
  await linkProject(database, coordinator, r1.id, project.id, at(-DAY));

  // 2: just filed
  await fileRequest(
    database,
    enterprise(own),
    {
      category: 'financing',
      title: '技术改造项目中长期贷款对接',
      description: '技术改造需要中长期贷款约3000万元，希望对接合作银行并了解贴息政策。',
    },
    at(-3 * HOUR),
  );

  // 3: in progress and past its deadline: the overdue job escalates it
  const r3 = await fileRequest(
    database,
    enterprise(second),
    { category: 'land', title: '新增工业用地指标', description: '扩产需要新增工业用地约30亩，申请协调用地指标。' },
    at(-20 * DAY),
  );
  await applyActions(database, coordinator, r3.id, () => [{ type: 'accept' }, assign('land', at(-19 * DAY))], {
    now: at(-19 * DAY),
  });
  await applyActions(
    database,
    department('市自然资源和规划局'),
    r3.id,
    () => [{ type: 'start', note: '已联系企业核实用地需求' }],
    {
      now: at(-18 * DAY),
    },
  );

  // 4: taken by phone, resolved, confirmed and rated
  const r4 = await fileRequest(
    database,
    coordinator,
    {
      category: 'talent',
      channel: 'phone',
      uscc: third,
      title: '技能工人招聘',
      description: '企业来电：新产线需要招聘熟练焊工20名，希望人社部门协助组织专场招聘。',
    },
    at(-12 * DAY),
  );
  await applyActions(database, coordinator, r4.id, () => [{ type: 'accept' }, assign('talent', at(-11 * DAY))], {
    now: at(-11 * DAY),
  });
  const talent = department('市人力资源社会保障局');
  await applyActions(database, talent, r4.id, () => [{ type: 'start' }], { now: at(-10 * DAY) });
  await applyActions(
    database,
    talent,
    r4.id,
    () => [{ type: 'resolve', note: '已组织专场招聘会，企业招到焊工18名。' }],
    {
      now: at(-8 * DAY),
    },
  );
  await applyActions(
    database,
    enterprise(third),
    r4.id,
    () => [{ type: 'confirm', rating: 4, comment: '响应及时，还差2人' }],
    { now: at(-7 * DAY) },
  );

  // 5: resolved, waiting for the enterprise to confirm
  const r5 = await fileRequest(
    database,
    enterprise(own),
    {
      category: 'policy-payment',
      title: '绿色工厂奖励未到账',
      description: '我公司去年获评国家级绿色工厂，市级奖励资金至今未到账，请协助查询。',
    },
    at(-6 * DAY),
  );
  await applyActions(database, coordinator, r5.id, () => [{ type: 'accept' }, assign('policy-payment', at(-6 * DAY))], {
    now: at(-6 * DAY + HOUR),
  });
  await applyActions(
    database,
    department('市工业和信息化局'),
    r5.id,
    () => [{ type: 'resolve', note: '经核查资金已于本周拨付至区财政，预计5个工作日内到账。' }],
    { now: at(-3 * DAY) },
  );

  // 6: not for this platform
  const r6 = await fileRequest(
    database,
    enterprise(second),
    { category: 'utilities', title: '厂区门前道路积水', description: '雨天厂区门前市政道路积水严重。' },
    at(-4 * DAY),
  );
  await applyActions(
    database,
    coordinator,
    r6.id,
    () => [{ type: 'reject', reason: '属于市政设施管理，已告知企业拨打12345热线反映。' }],
    { now: at(-3 * DAY) },
  );
  return 6;
}
