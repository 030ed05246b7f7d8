import { useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Row, Table, Typography } from 'antd';
import { useParams } from 'react-router';
import type { ProfileView } from '../../../server/api.ts';
import { getQuery } from '../../api/client.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { ProvenanceTag } from '../../components/ProvenanceTag.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { useFormat } from '../../format/useFormat.ts';
import { useAccount } from '../../session/SessionProvider.tsx';
import { MetricsTable } from './MetricsTable.tsx';
import { ReportFacts } from './ReportFacts.tsx';

/** 我的档案: the enterprise's merged profile, each value with where it came from, and every fact ever recorded. */
export function ProfilePage() {
  const { uscc = '' } = useParams();
  const { t, fact, factValue, date, dateTime } = useFormat();
  const own = useAccount().uscc === uscc;
  const view = useQuery(getQuery<ProfileView>(`/api/enterprises/${encodeURIComponent(uscc)}/profile`));

  return (
    <>
      <PageTitle title={t(own ? 'profile.title' : 'profile.staffTitle')} sub={view.data?.profile.name} />
      <QueryState query={view}>
        {({ profile, provenance, sizeClass, facts }) => {
          const item = (key: string, label: string, value: string) => ({
            key,
            label,
            children: (
              <div>
                <div>{value}</div>
                <ProvenanceTag provenance={provenance[key]} />
              </div>
            ),
          });
          const qualifications = profile.qualifications ?? [];
          return (
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={12}>
                <Card title={t('profile.basics')} size="small">
                  <Descriptions
                    column={1}
                    size="small"
                    bordered
                    items={[
                      { key: 'uscc', label: t('profile.uscc'), children: profile.uscc },
                      item('name', t('profile.name'), profile.name),
                      item('region', fact('region'), factValue('region', profile.region)),
                      item('industry', fact('industry'), factValue('industry', profile.industry ?? null)),
                      item('founded', fact('founded'), profile.founded ? date(profile.founded) : t('facts.missing')),
                      item('employees', fact('employees'), factValue('employees', profile.employees ?? null)),
                      {
                        key: 'sizeClass',
                        label: fact('sizeClass'),
                        children: sizeClass.sizeClass ? (
                          <div>
                            <div>{t(`sizeClass.${sizeClass.sizeClass}`)}</div>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {sizeClass.basis.join('；')}
                            </Typography.Text>
                          </div>
                        ) : (
                          <div>
                            <div>{t('profile.sizeUnknown')}</div>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {t('profile.sizeNeeds', { facts: sizeClass.missing.map(fact).join('、') })}
                            </Typography.Text>
                          </div>
                        ),
                      },
                    ]}
                  />
                </Card>
              </Col>
              <Col xs={24} xl={12}>
                <Card title={t('profile.qualifications')} size="small">
                  <Table
                    size="small"
                    rowKey="name"
                    pagination={false}
                    dataSource={qualifications}
                    locale={{ emptyText: t('profile.noQualifications') }}
                    columns={[
                      { title: t('profile.qualification'), dataIndex: 'name' },
                      {
                        title: t('profile.awarded'),
                        dataIndex: 'year',
                        render: (year?: number) => year ?? t('facts.missing'),
                      },
                      {
                        title: t('profile.provenance'),
                        key: 'provenance',
                        render: (_: unknown, q: { name: string }) => (
                          <ProvenanceTag provenance={provenance[`qualification:${q.name}`]} />
                        ),
                      },
                    ]}
                  />
                </Card>
              </Col>
              <Col xs={24}>
                <Card title={t('profile.metrics')} size="small">
                  <MetricsTable metrics={profile.metrics ?? {}} provenance={provenance} />
                </Card>
              </Col>
              {own && (
                <Col xs={24}>
                  <ReportFacts uscc={uscc} />
                </Col>
              )}
              <Col xs={24}>
                <Card title={t('profile.history')} size="small">
                  <Typography.Paragraph type="secondary">{t('profile.historyHelp')}</Typography.Paragraph>
                  <Table
                    size="small"
                    scroll={{ x: 800 }}
                    rowKey={(f) =>
                      `${f.key}|${f.year ?? ''}|${f.recordedAt}|${f.provenance.source}|${f.provenance.asOf}`
                    }
                    dataSource={[...facts].reverse()}
                    pagination={{ pageSize: 10, showSizeChanger: false }}
                    locale={{ emptyText: t('profile.noFacts') }}
                    columns={[
                      {
                        title: t('profile.fact'),
                        key: 'fact',
                        render: (_, f) =>
                          f.key.startsWith('qualification:') ? f.key.slice('qualification:'.length) : fact(f.key),
                      },
                      { title: t('common.year'), dataIndex: 'year', render: (year?: number) => year ?? '—' },
                      {
                        title: t('profile.value'),
                        key: 'value',
                        // A qualification fact holds the year it was first awarded.
                        render: (_, f) => factValue(f.key.replace(/^qualification:/, 'qualifications.'), f.value),
                      },
                      { title: t('profile.source'), key: 'source', render: (_, f) => f.provenance.source },
                      { title: t('profile.asOf'), key: 'asOf', render: (_, f) => f.provenance.asOf },
                      {
                        title: t('profile.authoritative'),
                        key: 'authoritative',
                        render: (_, f) => (f.provenance.authoritative ? t('common.yes') : t('common.no')),
                      },
                      { title: t('profile.recordedAt'), dataIndex: 'recordedAt', render: (at: string) => dateTime(at) },
                    ]}
                  />
                </Card>
              </Col>
            </Row>
          );
        }}
      </QueryState>
    </>
  );
}
