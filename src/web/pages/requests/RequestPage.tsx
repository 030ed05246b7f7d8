import { ArrowLeftOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Rate, Row, Select, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { api, getQuery } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import {
  ATTACHMENT_ACCEPT,
  AttachmentList,
  RefusedFiles,
  uploadAttachment,
} from '../../components/requests/attachments.tsx';
import { invalidateLoop, listPath, loopRole, requestPath } from '../../components/requests/loop.ts';
import { RequestTimeline } from '../../components/requests/RequestTimeline.tsx';
import { Deadline, StateTag } from '../../components/requests/StateTag.tsx';
import { TransitionButtons } from '../../components/requests/transitions.tsx';
import type { ProjectView, RequestDetail } from '../../components/requests/types.ts';
import { useRequestText } from '../../components/requests/useRequestText.ts';
import { useAccount } from '../../session/SessionProvider.tsx';
import type { FiledState } from './NewRequestPage.tsx';

/** A request's page: what was asked, its timeline, its files, and the actions the caller may take now. */
export function RequestPage() {
  const { id = '' } = useParams();
  const text = useRequestText();
  const { t } = text;
  const account = useAccount();
  const role = loopRole(account);
  const location = useLocation();
  const filed = (location.state ?? {}) as FiledState;
  const detail = useQuery(getQuery<RequestDetail>(`/api/requests/${id}`));

  return (
    <>
      <Link to={listPath(role)}>
        <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingInline: 0 }}>
          {t('requests.detail.back')}
        </Button>
      </Link>
      <QueryState query={detail}>
        {(r) => {
          const until = r.reopenUntil;
          return (
            <>
              <PageTitle
                title={
                  <span data-testid="request-title">
                    #{r.id} {r.title}
                  </span>
                }
                sub={r.enterpriseName ? `${r.enterpriseName}（${r.uscc}）` : r.uscc}
                extra={<StateTag state={r.state} />}
              />
              {filed.attachmentProblems && filed.attachmentProblems.length > 0 && (
                <Alert
                  type="warning"
                  showIcon
                  role="alert"
                  style={{ marginBottom: 16 }}
                  title={t('requests.detail.filedWithProblems')}
                  description={
                    <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                      {filed.attachmentProblems.map((p, i) => (
                        <li key={i}>{p}</li>
                      ))}
                    </ul>
                  }
                />
              )}
              <Row gutter={[16, 16]}>
                <Col xs={24} lg={14}>
                  <Card size="small" title={t('requests.detail.about')}>
                    <Descriptions
                      size="small"
                      column={{ xs: 1, sm: 2 }}
                      items={[
                        {
                          key: 'category',
                          label: t('requests.fields.category'),
                          children: r.categoryName ?? r.category,
                        },
                        {
                          key: 'department',
                          label: t('requests.fields.department'),
                          children: r.department ?? t('requests.unassigned'),
                        },
                        {
                          key: 'deadline',
                          label: t('requests.fields.deadline'),
                          children: <Deadline deadline={r.deadline} overdue={r.overdue} />,
                        },
                        { key: 'channel', label: t('requests.fields.channel'), children: text.channel(r.channel) },
                        { key: 'created', label: t('requests.fields.createdAt'), children: text.time(r.createdAt) },
                        { key: 'updated', label: t('requests.fields.updatedAt'), children: text.time(r.updatedAt) },
                        ...(r.location.address
                          ? [{ key: 'address', label: t('requests.fields.address'), children: r.location.address }]
                          : []),
                        ...(r.projectId !== null
                          ? [
                              {
                                key: 'project',
                                label: t('requests.fields.project'),
                                children: <Link to={`/projects/${r.projectId}`}>#{r.projectId}</Link>,
                              },
                            ]
                          : []),
                        ...(r.duplicateOf !== null
                          ? [
                              {
                                key: 'duplicate',
                                label: t('requests.fields.duplicateOf'),
                                children: <Link to={requestPath(r.duplicateOf)}>#{r.duplicateOf}</Link>,
                              },
                            ]
                          : []),
                        ...(r.rating !== null
                          ? [
                              {
                                key: 'rating',
                                label: t('requests.fields.rating'),
                                children: (
                                  <span data-testid="request-rating" data-rating={r.rating}>
                                    <Rate disabled value={r.rating} style={{ fontSize: 14 }} />
                                    {r.ratingComment && <div>{r.ratingComment}</div>}
                                  </span>
                                ),
                              },
                            ]
                          : []),
                      ]}
                    />
                    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12, marginBottom: 0 }}>
                      {r.description}
                    </Typography.Paragraph>
                    {r.statusNotes && r.state !== 'confirmed' && (
                      <Alert
                        style={{ marginTop: 12 }}
                        type={r.state === 'rejected' ? 'warning' : 'info'}
                        title={t('requests.detail.statusNotes', { state: text.state(r.state) })}
                        description={r.statusNotes}
                      />
                    )}
                  </Card>
                </Col>
                <Col xs={24} lg={10}>
                  <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                    <Card size="small" title={t('requests.detail.actions')}>
                      {r.actions.length === 0 ? (
                        <Typography.Text type="secondary">{t('requests.detail.noActions')}</Typography.Text>
                      ) : (
                        <TransitionButtons detail={r} reopenUntil={until} />
                      )}
                      {r.actions.includes('reopen') && until && (
                        <Typography.Paragraph
                          type="secondary"
                          style={{ margin: '8px 0 0' }}
                          data-testid="reopen-window"
                        >
                          {t('requests.detail.reopenWindow', { until: text.time(until) })}
                        </Typography.Paragraph>
                      )}
                      {r.actions.includes('confirm') && (
                        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
                          {t('requests.detail.confirmHint')}
                        </Typography.Paragraph>
                      )}
                    </Card>
                    <Card size="small" title={t('requests.attachments.title')}>
                      <AttachmentList attachments={r.attachments} />
                      <AttachmentUpload requestId={r.id} />
                    </Card>
                    {role === 'coordinator' && <ProjectLink detail={r} />}
                  </Space>
                </Col>
                <Col xs={24} lg={14}>
                  <Card size="small" title={t('requests.detail.timeline')}>
                    <RequestTimeline events={r.events} />
                  </Card>
                </Col>
              </Row>
            </>
          );
        }}
      </QueryState>
    </>
  );
}

/** Another file for a request, checked in the browser and then by the server; refusals in words. */
function AttachmentUpload({ requestId }: { requestId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  return (
    <div style={{ marginTop: 8 }}>
      <Upload
        accept={ATTACHMENT_ACCEPT}
        showUploadList={false}
        multiple
        beforeUpload={(file, batch) => {
          if (file !== batch[0]) return false;
          setBusy(true);
          void (async () => {
            const found: string[] = [];
            for (const f of batch) {
              const sent = await uploadAttachment(requestId, f, t);
              if (!sent.ok) found.push(sent.message);
            }
            setProblems(found);
            setBusy(false);
            if (found.length < batch.length) void message.success(t('requests.attachments.added'));
            await invalidateLoop(queryClient);
          })();
          return false;
        }}
      >
        <Button size="small" icon={<UploadOutlined />} loading={busy}>
          {t('requests.attachments.add')}
        </Button>
      </Upload>
      <RefusedFiles problems={problems} />
    </div>
  );
}

/** A coordinator links the request to a major project (重大项目), or unlinks it. */
function ProjectLink({ detail }: { detail: RequestDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const projects = useQuery(getQuery<ProjectView[]>('/api/projects'));
  const link = useMutation({
    mutationFn: (projectId: number | null) =>
      api.post<RequestDetail>(`/api/requests/${detail.id}/project`, { projectId }),
    onSuccess: async (answer) => {
      queryClient.setQueryData([`/api/requests/${detail.id}`, {}], answer);
      await invalidateLoop(queryClient);
    },
  });
  return (
    <Card size="small" title={t('requests.fields.project')}>
      <Flex vertical gap="small">
        <Select<number>
          allowClear
          aria-label={t('requests.fields.project')}
          placeholder={t('requests.detail.noProject')}
          value={detail.projectId ?? undefined}
          loading={projects.isPending || link.isPending}
          onChange={(value) => link.mutate(value ?? null)}
          options={(projects.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          style={{ width: '100%' }}
        />
        {projects.isError && <ErrorAlert error={projects.error} onRetry={() => void projects.refetch()} />}
        {link.isError && <ErrorAlert error={link.error} />}
      </Flex>
    </Card>
  );
}
