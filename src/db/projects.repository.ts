import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { ProjectMilestoneTable, ProjectTable, Schema } from './schema.ts';

// All SQL of the major-project registry (重大项目): projects, their milestones, and the warning counts a list shows,
// computed by the database in one grouped query (milestones not done and past due, or due within the window).

type Db = Kysely<Schema>;

export type ProjectRow = Selectable<ProjectTable>;
export type ProjectMilestoneRow = Selectable<ProjectMilestoneTable>;

/** A project with its milestone counts as of a day. */
export interface ProjectListRow extends ProjectRow {
  milestones: number;
  done: number;
  /** not done, due before the day */
  overdue: number;
  /** not done, due from the day to the end of the window */
  due_soon: number;
  /** the earliest due day of a milestone not done */
  next_due: string | null;
  requests: number;
}

export async function insertProject(db: Db, row: Insertable<ProjectTable>): Promise<number> {
  const inserted = await db.insertInto('project').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function updateProject(db: Db, id: number, changes: Updateable<ProjectTable>): Promise<void> {
  await db.updateTable('project').set(changes).where('id', '=', id).execute();
}

export async function findProject(db: Db, id: number): Promise<ProjectRow | undefined> {
  return db.selectFrom('project').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ProjectFilter {
  department?: string;
  status?: string;
  /** only projects with a warning (a milestone overdue or due soon) */
  warning?: boolean;
  ids?: readonly number[];
}

/**
 * Projects with their milestone counts: `today` (YYYY-MM-DD) decides what is overdue, `soonUntil` (YYYY-MM-DD,
 * inclusive) what is due soon. Due days are calendar days, compared as text.
 */
export async function listProjects(
  db: Db,
  filter: ProjectFilter,
  today: string,
  soonUntil: string,
): Promise<ProjectListRow[]> {
  const milestones = db
    .selectFrom('project_milestone')
    .select((eb) => [
      'project_id',
      eb.fn.countAll().as('milestones'),
      eb.fn.sum<number | null>(eb.case().when('done_at', 'is not', null).then(1).else(0).end()).as('done'),
      eb.fn
        .sum<number | null>(
          eb
            .case()
            .when(eb.and([eb('done_at', 'is', null), eb('due_date', '<', today)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('overdue'),
      eb.fn
        .sum<number | null>(
          eb
            .case()
            .when(eb.and([eb('done_at', 'is', null), eb('due_date', '>=', today), eb('due_date', '<=', soonUntil)]))
            .then(1)
            .else(0)
            .end(),
        )
        .as('due_soon'),
      eb.fn
        .min<string | null>(eb.case().when('done_at', 'is', null).then(eb.ref('due_date')).else(null).end())
        .as('next_due'),
    ])
    .groupBy('project_id')
    .as('m');
  const requests = db
    .selectFrom('request')
    .select((eb) => ['project_id', eb.fn.countAll().as('requests')])
    .where('project_id', 'is not', null)
    .groupBy('project_id')
    .as('r');
  let query = db
    .selectFrom('project')
    .leftJoin(milestones, 'm.project_id', 'project.id')
    .leftJoin(requests, 'r.project_id', 'project.id')
    .selectAll('project')
    .select(['m.milestones', 'm.done', 'm.overdue', 'm.due_soon', 'm.next_due', 'r.requests']);
  if (filter.department !== undefined) query = query.where('project.department', '=', filter.department);
  if (filter.status !== undefined) query = query.where('project.status', '=', filter.status as ProjectRow['status']);
  if (filter.ids !== undefined) {
    if (filter.ids.length === 0) return [];
    query = query.where('project.id', 'in', filter.ids);
  }
  if (filter.warning === true) query = query.where((eb) => eb.or([eb('m.overdue', '>', 0), eb('m.due_soon', '>', 0)]));
  const rows = await query.orderBy('project.id').execute();
  return rows.map((r) => ({
    ...r,
    milestones: Number(r.milestones ?? 0),
    done: Number(r.done ?? 0),
    overdue: Number(r.overdue ?? 0),
    due_soon: Number(r.due_soon ?? 0),
    next_due: r.next_due ?? null,
    requests: Number(r.requests ?? 0),
  }));
}

export async function insertMilestone(db: Db, row: Insertable<ProjectMilestoneTable>): Promise<number> {
  const inserted = await db.insertInto('project_milestone').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function findMilestone(db: Db, id: number): Promise<ProjectMilestoneRow | undefined> {
  return db.selectFrom('project_milestone').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateMilestone(db: Db, id: number, changes: Updateable<ProjectMilestoneTable>): Promise<void> {
  await db.updateTable('project_milestone').set(changes).where('id', '=', id).execute();
}

export async function listMilestones(db: Db, projectId: number): Promise<ProjectMilestoneRow[]> {
  return db
    .selectFrom('project_milestone')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('due_date')
    .orderBy('id')
    .execute();
}
