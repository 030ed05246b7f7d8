import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZhidaError } from '../src/core/errors.ts';
import {
  addMilestone,
  createProject,
  getProject,
  listProjects,
  updateMilestone,
  updateProject,
} from '../src/services/requests/projects.ts';
import { fileRequest, linkProject, listRequests } from '../src/services/requests/requests.ts';
import { DIALECTS } from './helpers/databases.ts';
import { DAY, DEVELOPMENT, MONDAY, requestsFixture, type RequestsFixture } from './helpers/requests.ts';

// The major-project registry: projects, milestones, linked requests, and the warnings computed by the database
// (a milestone past due and not done: overdue; one due within the window: due soon).

async function errorId(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ZhidaError) return error.id;
    return (error as Error).name;
  }
  throw new Error('expected a refusal');
}

describe.each(DIALECTS)('major projects on %s', (dialect) => {
  let f: RequestsFixture;
  let db: RequestsFixture['database'];

  beforeAll(async () => {
    f = await requestsFixture(dialect);
    db = f.database;
  });
  afterAll(async () => {
    await db.drop();
  });

  it('registers projects with milestones and flags the ones that slip', async () => {
    // MONDAY is 11 May 2026 in China
    const quiet = await createProject(
      db,
      'account:coordinator',
      { name: '按期项目', owner: '赵', department: DEVELOPMENT },
      MONDAY,
    );
    await addMilestone(
      db,
      'account:coordinator',
      quiet.id,
      { name: '远期', owner: '赵', dueDate: '2026-07-01' },
      MONDAY,
    );
    const soon = await createProject(
      db,
      'account:coordinator',
      { name: '临近节点项目', owner: '钱', department: DEVELOPMENT, uscc: f.usccs[0], status: 'planning' },
      MONDAY,
    );
    await addMilestone(
      db,
      'account:coordinator',
      soon.id,
      { name: '本周', owner: '钱', dueDate: '2026-05-15' },
      MONDAY,
    );
    const late = await createProject(
      db,
      'account:coordinator',
      { name: '滞后项目', owner: '孙', department: '市住房城乡建设局' },
      MONDAY,
    );
    await addMilestone(db, 'x', late.id, { name: '已过期', owner: '孙', dueDate: '2026-05-10' }, MONDAY);
    const m1 = await addMilestone(
      db,
      'x',
      late.id,
      { name: '已完成', owner: '孙', dueDate: '2026-05-01', done: true },
      MONDAY,
    );
    expect(m1.milestoneList.map((m) => [m.name, m.warning])).toEqual([
      ['已完成', null],
      ['已过期', 'overdue'],
    ]);

    const all = await listProjects(db, {}, MONDAY);
    const byName = Object.fromEntries(all.map((p) => [p.name, p]));
    expect(byName['按期项目']).toMatchObject({
      warning: null,
      milestones: { total: 1, done: 0, overdue: 0, dueSoon: 0 },
    });
    expect(byName['临近节点项目']).toMatchObject({
      warning: 'due_soon',
      status: 'planning',
      uscc: f.usccs[0],
      milestones: { dueSoon: 1, nextDue: '2026-05-15' },
    });
    expect(byName['滞后项目']).toMatchObject({ warning: 'overdue', milestones: { total: 2, done: 1, overdue: 1 } });
    expect((await listProjects(db, { warning: true }, MONDAY)).map((p) => p.name).sort()).toEqual([
      '临近节点项目',
      '滞后项目',
    ]);
    // a narrower window: the milestone four days out is no longer "soon"
    expect((await listProjects(db, { warning: true, withinDays: 2 }, MONDAY)).map((p) => p.name)).toEqual(['滞后项目']);
    expect((await listProjects(db, { department: DEVELOPMENT }, MONDAY)).map((p) => p.name).sort()).toEqual(
      ['按期项目', '临近节点项目'].sort(),
    );

    // done: the warning goes; weeks later the far milestone is overdue
    const fixed = await updateMilestone(db, 'x', m1.milestoneList[1]!.id, { done: true }, MONDAY);
    expect(fixed.warning).toBeNull();
    expect(fixed.milestoneList.every((m) => m.doneAt !== null)).toBe(true);
    expect((await getProject(db, quiet.id, new Date(MONDAY.getTime() + 60 * DAY))).warning).toBe('overdue');
    const moved = await updateMilestone(
      db,
      'x',
      fixed.milestoneList[1]!.id,
      { done: false, dueDate: '2026-06-30' },
      MONDAY,
    );
    expect(moved.milestoneList[1]).toMatchObject({ dueDate: '2026-06-30', doneAt: null, warning: null });
    const updated = await updateProject(db, 'x', late.id, { status: 'suspended', owner: '李' }, MONDAY);
    expect(updated).toMatchObject({ status: 'suspended', owner: '李', name: '滞后项目' });

    const audit = await db.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity', '=', 'project')
      .where('entity_id', '=', String(late.id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'project.create',
      'project.milestone',
      'project.milestone',
      'project.milestone',
      'project.milestone',
      'project.update',
    ]);
  });

  it('links requests to a project and counts them', async () => {
    const project = await createProject(db, 'x', { name: '联动项目', owner: '周', department: DEVELOPMENT }, MONDAY);
    const a = await fileRequest(
      db,
      f.callers.entA,
      { category: 'land', description: '项目用地', projectId: project.id },
      MONDAY,
    );
    const b = await fileRequest(db, f.callers.entA, { category: 'financing', description: '项目融资' }, MONDAY);
    expect(a.projectId).toBe(project.id);
    expect((await linkProject(db, f.callers.coordinator, b.id, project.id, MONDAY)).projectId).toBe(project.id);
    expect((await getProject(db, project.id, MONDAY)).requests).toBe(2);
    const linked = await listRequests(db, f.callers.coordinator, { limit: 10, offset: 0, projectId: project.id });
    expect(linked.items.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect((await linkProject(db, f.callers.coordinator, b.id, null, MONDAY)).projectId).toBeNull();
    expect((await getProject(db, project.id, MONDAY)).requests).toBe(1);
    expect(await errorId(linkProject(db, f.callers.coordinator, b.id, 999_999))).toBe('project.not_found');
    expect(await errorId(linkProject(db, f.callers.entA, b.id, project.id))).toBe('RequestAccessRefused');
  });

  it('refuses incomplete projects and milestones with what to fix', async () => {
    expect(await errorId(createProject(db, 'x', { name: '缺负责人', department: DEVELOPMENT }))).toBe(
      'project.invalid',
    );
    expect(await errorId(createProject(db, 'x', { name: ' ', owner: '甲', department: DEVELOPMENT }))).toBe(
      'project.invalid',
    );
    expect(
      await errorId(
        createProject(db, 'x', { name: '坏代码', owner: '甲', department: DEVELOPMENT, uscc: '91320509MA00087E8Q' }),
      ),
    ).toBe('project.invalid');
    expect(
      await errorId(createProject(db, 'x', { name: '坏状态', owner: '甲', department: DEVELOPMENT, status: 'done' })),
    ).toBe('project.invalid');
    const project = await createProject(db, 'x', { name: '节点校验', owner: '甲', department: DEVELOPMENT });
    expect(await errorId(addMilestone(db, 'x', project.id, { name: '无日期', owner: '甲' }))).toBe('project.invalid');
    expect(
      await errorId(addMilestone(db, 'x', project.id, { name: '坏日期', owner: '甲', dueDate: '2026-02-30' })),
    ).toBe('project.invalid');
    expect(await errorId(addMilestone(db, 'x', 999_999, { name: '无项目', owner: '甲', dueDate: '2026-06-01' }))).toBe(
      'project.not_found',
    );
    expect(await errorId(updateMilestone(db, 'x', 999_999, { done: true }))).toBe('project.not_found');
    expect(await errorId(getProject(db, 999_999))).toBe('project.not_found');
  });
});
