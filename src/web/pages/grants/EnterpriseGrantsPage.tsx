import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Flex, Form, Input, List, Modal, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, getQuery } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { GrantStateTag, PaymentTag, ResponseTag } from '../../components/grants/tags.tsx';
import type { EnterpriseGrantView } from '../../components/grants/types.ts';
import { useGrantText } from '../../components/grants/useGrantText.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { useAccount } from '../../session/SessionProvider.tsx';

/** States in which the enterprise answers: from the push until payment starts. */
const ANSWERING = new Set(['pushed', 'confirming']);

/**
 * 免申即享 (an enterprise): the lists it is on, without having applied — each with the list's state, the sum, the
 * date to answer by, its answer (accept, or decline with a reason; changeable until payment starts) and the payment.
 */
export function EnterpriseGrantsPage() {
  const { uscc = '' } = useParams();
  const g = useGrantText();
  const { t } = g;
  const account = useAccount();
  // Staff may read an enterprise's entries; only its own user answers for it.
  const answers = account.role === 'enterprise_user' && account.uscc === uscc;
  const path = `/api/enterprises/${encodeURIComponent(uscc)}/grants`;
  const grants = useQuery(getQuery<EnterpriseGrantView[]>(path));

  return (
    <>
      <PageTitle title={t('grants.mine.title')} sub={t('grants.mine.sub')} />
      <QueryState query={grants} isEmpty={(data) => data.length === 0} empty={t('grants.mine.empty')}>
        {(data) => (
          <List
            dataSource={data}
            rowKey="id"
            grid={{ gutter: 16, column: 1 }}
            renderItem={(grant) => (
              <List.Item>
                <Card
                  size="small"
                  data-testid="my-grant"
                  data-id={grant.id}
                  title={
                    <Flex wrap gap={6} align="center">
                      <Link to={`/policies/${encodeURIComponent(grant.list.policyId)}`}>{grant.list.title}</Link>
                      <GrantStateTag state={grant.list.state} />
                    </Flex>
                  }
                  extra={<ResponseTag response={grant.response} />}
                >
                  <Descriptions
                    size="small"
                    column={{ xs: 1, sm: 2, lg: 4 }}
                    items={[
                      {
                        key: 'amount',
                        label: t('common.amount'),
                        children: <span data-testid="my-grant-amount">{g.amount(grant.amount)}</span>,
                      },
                      {
                        key: 'year',
                        label: t('common.year'),
                        children: t('common.yearValue', { year: grant.list.year }),
                      },
                      {
                        key: 'respondBy',
                        label: t('grants.mine.respondBy'),
                        children: grant.respondBy ? g.day(grant.respondBy) : t('grants.mine.noRespondBy'),
                      },
                      {
                        key: 'payment',
                        label: t('grants.mine.payment'),
                        children: <Payment grant={grant} />,
                      },
                    ]}
                  />
                  {grant.respondedAt && (
                    <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
                      {t('grants.mine.answeredAt', {
                        time: g.time(grant.respondedAt),
                        answer: g.response(grant.response),
                      })}
                    </Typography.Text>
                  )}
                  {ANSWERING.has(grant.list.state) &&
                    (answers ? (
                      <Answer grant={grant} path={path} />
                    ) : (
                      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
                        {t('grants.mine.staffView')}
                      </Typography.Text>
                    ))}
                  {(grant.list.state === 'published' || grant.list.state === 'archived') && (
                    <div style={{ marginTop: 8 }}>
                      <Link to={`/notices/${grant.list.id}`}>{t('grants.mine.notice')}</Link>
                    </div>
                  )}
                </Card>
              </List.Item>
            )}
          />
        )}
      </QueryState>
    </>
  );
}

function Payment({ grant }: { grant: EnterpriseGrantView }) {
  const g = useGrantText();
  if (grant.payment === 'paid') {
    return (
      <span data-testid="my-grant-paid">
        {g.t('grants.mine.paid', {
          amount: g.yuan(grant.paidAmount ?? 0),
          date: grant.paidOn ? g.day(grant.paidOn) : '—',
        })}
      </span>
    );
  }
  if (grant.payment === 'none') return <span>—</span>;
  return <PaymentTag payment={grant.payment} />;
}

/** Accept at once; decline with an optional reason. Either may be changed until payment starts. */
function Answer({ grant, path }: { grant: EnterpriseGrantView; path: string }) {
  const g = useGrantText();
  const { t } = g;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [declining, setDeclining] = useState(false);
  const [form] = Form.useForm<{ reason?: string }>();
  const respond = useMutation({
    mutationFn: (body: { answer: 'accept' | 'decline'; reason?: string }) =>
      api.post<EnterpriseGrantView>(`${path}/${grant.id}/response`, body),
    onSuccess: async (answer) => {
      setDeclining(false);
      void message.success(t('grants.mine.answered', { answer: g.response(answer.response) }));
      await queryClient.invalidateQueries({ queryKey: [path] });
    },
  });
  return (
    <div style={{ marginTop: 12 }}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {grant.response === 'pending' ? t('grants.mine.askAnswer') : t('grants.mine.changeAnswer')}
      </Typography.Paragraph>
      <Flex gap="small" wrap>
        {grant.response !== 'accepted' && (
          <Button
            type="primary"
            loading={respond.isPending && respond.variables?.answer === 'accept'}
            onClick={() => respond.mutate({ answer: 'accept' })}
          >
            {t('grants.mine.accept')}
          </Button>
        )}
        {grant.response !== 'declined' && (
          <Button
            onClick={() => {
              respond.reset();
              setDeclining(true);
            }}
          >
            {t('grants.mine.decline')}
          </Button>
        )}
      </Flex>
      {respond.isError && !declining && (
        <div style={{ marginTop: 8 }}>
          <ErrorAlert error={respond.error} />
        </div>
      )}
      <Modal
        open={declining}
        title={t('grants.mine.declineTitle', { title: grant.list.title })}
        okText={t('grants.mine.decline')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: respond.isPending, danger: true }}
        onOk={() => form.submit()}
        onCancel={() => setDeclining(false)}
        destroyOnHidden
      >
        <Form<{ reason?: string }>
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={(values) =>
            respond.mutate({ answer: 'decline', ...(values.reason?.trim() ? { reason: values.reason.trim() } : {}) })
          }
        >
          <Form.Item name="reason" label={t('grants.mine.declineReason')}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </Form>
        {respond.isError && <ErrorAlert error={respond.error} />}
      </Modal>
    </div>
  );
}
