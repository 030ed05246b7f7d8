import { errors } from '../../core/errors.ts';
import { normaliseUscc, validateUscc } from '../../core/profile/uscc.ts';
import { calendarDate } from '../../core/requests/calendar.ts';
import { isIsoDate } from '../../core/rules/validate.ts';
import { recordAudit } from '../../db/audit.repository.ts';
import type { Database } from '../../db/database.ts';
import * as repo from '../../db/projects.repository.ts';
import type { ProjectRow } from '../../db/projects.repository.ts';

// The major-project registry (重大项目): projects with an owner and a lead department, their milestones, and the
// warning a slipping project raises — a milestone past due and not done (overdue), or due within the next N days
// (due soon). Days are China's calendar days. Requests link to a project (requests.ts linkProject).

export const PROJECT_STATUSES = ['planning', 'active', 'suspended', 'completed'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
/** Milestones due within this many days raise a "due soon" warning, unless the caller asks otherwise. */
export const DEFAULT_WARNING_DAYS = 7;

export type ProjectWarning = 'overdue' | 'due_soon' | null;

export interface ProjectView {
  id: number;
  name: string;
  owner: string;
  department: string;
  uscc: string | null;
  status: ProjectStatus;
  description: string;
  createdAt: string;
  updatedAt: string;
  milestones: { total: number; done: number; overdue: number; dueSoon: number; nextDue: string | null };
  /** linked requests */
  requests: number;
  /** overdue beats due soon */
  warning: ProjectWarning;
}

export interface MilestoneView {
  id: number;
  projectId: number;
  name: string;
  owner: string;
  /** YYYY-MM-DD */
  dueDate: string;
  doneAt: string | null;
  warning: ProjectWarning;
}

export interface ProjectDetail extends ProjectView {
  milestoneList: MilestoneView[];
}

function presentProject(row: repo.ProjectListRow): ProjectView {
  return {
    id: Number(row.id),
    name: row.name,
    owner: row.owner,
    department: row.department,
    uscc: row.uscc,
    status: row.status,
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    milestones: {
      total: row.milestones,
      done: row.done,
      overdue: row.overdue,
      dueSoon: row.due_soon,
      nextDue: row.next_due,
    },
    requests: row.requests,
    warning: row.overdue > 0 ? 'overdue' : row.due_soon > 0 ? 'due_soon' : null,
  };
}

function window(now: Date, withinDays: number): { today: string; soonUntil: string } {
  const today = calendarDate(now);
  const soon = new Date(Date.parse(`${today}T00:00:00Z`) + withinDays * 86_400_000).toISOString().slice(0, 10);
  return { today, soonUntil: soon };
}

function presentMilestone(row: repo.ProjectMilestoneRow, today: string, soonUntil: string): MilestoneView {
  const warning: ProjectWarning =
    row.done_at !== null ? null : row.due_date < today ? 'overdue' : row.due_date <= soonUntil ? 'due_soon' : null;
  return {
    id: Number(row.id),
    projectId: Number(row.project_id),
    name: row.name,
    owner: row.owner,
    dueDate: row.due_date,
    doneAt: row.done_at,
    warning,
  };
}

export interface ProjectListQuery {
  department?: string;
  status?: ProjectStatus;
  /** only projects with a warning */
  warning?: boolean;
  /** the "due soon" window in days (default 7) */
  withinDays?: number;
}

export async function listProjects(
  database: Database,
  query: ProjectListQuery,
  now = new Date(),
): Promise<ProjectView[]> {
  const { today, soonUntil } = window(now, query.withinDays ?? DEFAULT_WARNING_DAYS);
  const rows = await repo.listProjects(
    database.db,
    {
      ...(query.department !== undefined ? { department: query.department } : {}),
      ...(query.status !== undefined ? { status: query.status } : {}),
      ...(query.warning !== undefined ? { warning: query.warning } : {}),
    },
    today,
    soonUntil,
  );
  return rows.map(presentProject);
}

export async function getProject(
  database: Database,
  id: number,
  now = new Date(),
  withinDays = DEFAULT_WARNING_DAYS,
): Promise<ProjectDetail> {
  const { today, soonUntil } = window(now, withinDays);
  const [row] = await repo.listProjects(database.db, { ids: [id] }, today, soonUntil);
  if (row === undefined) throw errors.projectNotFound(`project with the id ${id}`);
  const milestones = await repo.listMilestones(database.db, id);
  return { ...presentProject(row), milestoneList: milestones.map((m) => presentMilestone(m, today, soonUntil)) };
}

export interface ProjectInput {
  name?: string;
  owner?: string;
  department?: string;
  uscc?: string | null;
  status?: string;
  description?: string;
}

/** A text field: undefined when not given (an error when required); blank only where `blank` allows it. */
function text(
  value: string | undefined,
  what: string,
  max: number,
  options: { required?: boolean; blank?: boolean } = {},
): string | undefined {
  if (value === undefined || value === null) {
    if (options.required === true) throw errors.invalidProject(`the ${what} is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw errors.invalidProject(`the ${what} must be text`);
  const trimmed = value.trim();
  if (trimmed === '' && options.blank !== true) throw errors.invalidProject(`the ${what} is required`);
  if (trimmed.length > max) throw errors.invalidProject(`the ${what} is over ${max} characters`);
  return trimmed;
}

function checkedFields(input: ProjectInput, creating: boolean): Partial<ProjectRow> {
  const fields: Partial<ProjectRow> = {};
  const name = text(input.name, 'name', 100, { required: creating });
  if (name !== undefined) fields.name = name;
  const owner = text(input.owner, 'owner', 50, { required: creating });
  if (owner !== undefined) fields.owner = owner;
  const department = text(input.department, 'department', 100, { required: creating });
  if (department !== undefined) fields.department = department;
  if (input.uscc !== undefined) {
    const uscc = input.uscc === null || input.uscc.trim() === '' ? null : normaliseUscc(input.uscc);
    if (uscc !== null) {
      const check = validateUscc(uscc);
      if (!check.ok) throw errors.invalidProject(`uscc ${uscc}: ${check.reason}`);
    }
    fields.uscc = uscc;
  }
  if (input.status !== undefined) {
    if (!(PROJECT_STATUSES as readonly string[]).includes(input.status)) {
      throw errors.invalidProject(`the status must be one of ${PROJECT_STATUSES.join(', ')}`);
    }
    fields.status = input.status as ProjectStatus;
  }
  const description = text(input.description, 'description', 2000, { blank: true });
  if (description !== undefined) fields.description = description;
  return fields;
}

export async function createProject(
  database: Database,
  actor: string,
  input: ProjectInput,
  now = new Date(),
): Promise<ProjectDetail> {
  const fields = checkedFields(input, true);
  const at = now.toISOString();
  const id = await database.db.transaction().execute(async (trx) => {
    const id = await repo.insertProject(trx, {
      name: fields.name!,
      owner: fields.owner!,
      department: fields.department!,
      uscc: fields.uscc ?? null,
      status: fields.status ?? 'active',
      description: fields.description ?? '',
      created_at: at,
      updated_at: at,
    });
    await recordAudit(trx, { actor, action: 'project.create', entity: 'project', entityId: id, detail: fields }, at);
    return id;
  });
  return getProject(database, id, now);
}

export async function updateProject(
  database: Database,
  actor: string,
  id: number,
  input: ProjectInput,
  now = new Date(),
): Promise<ProjectDetail> {
  if ((await repo.findProject(database.db, id)) === undefined) {
    throw errors.projectNotFound(`project with the id ${id}`);
  }
  const fields = checkedFields(input, false);
  const at = now.toISOString();
  await database.db.transaction().execute(async (trx) => {
    await repo.updateProject(trx, id, { ...fields, updated_at: at });
    await recordAudit(trx, { actor, action: 'project.update', entity: 'project', entityId: id, detail: fields }, at);
  });
  return getProject(database, id, now);
}

export interface MilestoneInput {
  name?: string;
  owner?: string;
  /** YYYY-MM-DD */
  dueDate?: string;
  /** true: done now (or keep the time it was done); false: not done */
  done?: boolean;
}

function milestoneFields(input: MilestoneInput, creating: boolean) {
  const fields: { name?: string; owner?: string; due_date?: string } = {};
  const name = text(input.name, 'milestone name', 100, { required: creating });
  if (name !== undefined) fields.name = name;
  const owner = text(input.owner, 'milestone owner', 50, { required: creating });
  if (owner !== undefined) fields.owner = owner;
  if (input.dueDate !== undefined || creating) {
    if (!isIsoDate(input.dueDate)) {
      throw errors.invalidProject(`the due date must be a date YYYY-MM-DD, not ${JSON.stringify(input.dueDate)}`);
    }
    fields.due_date = input.dueDate;
  }
  return fields;
}

export async function addMilestone(
  database: Database,
  actor: string,
  projectId: number,
  input: MilestoneInput,
  now = new Date(),
): Promise<ProjectDetail> {
  if ((await repo.findProject(database.db, projectId)) === undefined) {
    throw errors.projectNotFound(`project with the id ${projectId}`);
  }
  const fields = milestoneFields(input, true);
  const at = now.toISOString();
  await database.db.transaction().execute(async (trx) => {
    const id = await repo.insertMilestone(trx, {
      project_id: projectId,
      name: fields.name!,
      owner: fields.owner!,
      due_date: fields.due_date!,
      done_at: input.done === true ? at : null,
      created_at: at,
    });
    await recordAudit(
      trx,
      {
        actor,
        action: 'project.milestone',
        entity: 'project',
        entityId: projectId,
        detail: { milestoneId: id, ...fields },
      },
      at,
    );
  });
  return getProject(database, projectId, now);
}

export async function updateMilestone(
  database: Database,
  actor: string,
  milestoneId: number,
  input: MilestoneInput,
  now = new Date(),
): Promise<ProjectDetail> {
  const row = await repo.findMilestone(database.db, milestoneId);
  if (row === undefined) throw errors.projectNotFound(`milestone with the id ${milestoneId}`);
  const fields = milestoneFields(input, false);
  const at = now.toISOString();
  const doneAt = input.done === undefined ? row.done_at : input.done ? (row.done_at ?? at) : null;
  await database.db.transaction().execute(async (trx) => {
    await repo.updateMilestone(trx, milestoneId, { ...fields, done_at: doneAt });
    await recordAudit(
      trx,
      {
        actor,
        action: 'project.milestone',
        entity: 'project',
        entityId: Number(row.project_id),
        detail: { milestoneId, ...fields, doneAt },
      },
      at,
    );
  });
  return getProject(database, Number(row.project_id), now);
}
