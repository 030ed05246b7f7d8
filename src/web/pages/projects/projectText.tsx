import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProjectStatus, ProjectWarning } from '../../components/requests/types.ts';

/** The server's statuses (src/services/requests/projects.ts PROJECT_STATUSES). */
export const PROJECT_STATUSES: readonly ProjectStatus[] = ['planning', 'active', 'suspended', 'completed'];

const STATUS_COLORS: Record<ProjectStatus, string> = {
  planning: 'blue',
  active: 'processing',
  suspended: 'warning',
  completed: 'success',
};

export function ProjectStatusTag({ status }: { status: ProjectStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`projects.statuses.${status}`)}</Tag>;
}

/** A slipping project or milestone: overdue in red, due soon in orange, nothing when on track. */
export function WarningTag({ warning }: { warning: ProjectWarning }) {
  const { t } = useTranslation();
  if (warning === null) return null;
  return (
    <Tag color={warning === 'overdue' ? 'red' : 'orange'} data-testid="project-warning" data-warning={warning}>
      {t(`projects.warnings.${warning}`)}
    </Tag>
  );
}
