import { EditOutlined, TeamOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Row, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import type { Policy, PolicySourceLocation, PolicySummary } from '../../../server/api.ts';
import { getQuery } from '../../api/client.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { RuleLines } from '../../components/RuleLines.tsx';
import { describeBenefit, describeCondition } from '../../format/describeRule.ts';
import { regionName } from '../../format/places.ts';
import { useFormat } from '../../format/useFormat.ts';
import { hasRole, STAFF } from '../../session/roles.ts';
import { mayAuthor } from '../../session/scope.ts';
import { useAccount } from '../../session/SessionProvider.tsx';
import { SourceLocation } from './SourceLocation.tsx';

interface PolicyAnswer {
  summary: PolicySummary;
  policy: Policy;
}

/** One published policy: who qualifies and how much, in words, and where it is printed (the sentence marked). */
export function PolicyPage() {
  const { id = '' } = useParams();
  const { t, language } = useFormat();
  const account = useAccount();
  const path = `/api/rules/${encodeURIComponent(id)}`;
  const answer = useQuery(getQuery<PolicyAnswer>(path));
  const sources = useQuery(getQuery<PolicySourceLocation[]>(`${path}/sources`));
  const words = { t, language };

  return (
    <QueryState query={answer}>
      {({ summary, policy }) => (
        <>
          <PageTitle
            title={policy.title}
            sub={
              <span>
                {policy.id} · {t('policy.version', { version: summary.version })}{' '}
                <Tag color={summary.status === 'published' ? 'green' : 'default'}>
                  {t(`policy.status.${summary.status}`)}
                </Tag>
                {policy.autoGrant && <Tag color="gold">{t('policy.autoGrant')}</Tag>}
              </span>
            }
            extra={
              <>
                {mayAuthor(account, policy.regions) && (
                  <Link to={`/rules/${encodeURIComponent(policy.id)}/edit`}>
                    <Button icon={<EditOutlined />}>{t('policy.edit')}</Button>
                  </Link>
                )}
                {hasRole(account, STAFF) && (
                  <Link to={`/rules/${encodeURIComponent(policy.id)}/qualifying`}>
                    <Button icon={<TeamOutlined />}>{t('policy.qualifying')}</Button>
                  </Link>
                )}
              </>
            }
          />
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('policy.about')}>
                <Descriptions
                  column={1}
                  size="small"
                  items={[
                    { key: 'regions', label: t('policy.regions'), children: policy.regions.map(regionName).join('、') },
                    {
                      key: 'validity',
                      label: t('policy.validity'),
                      children:
                        policy.validFrom || policy.validTo
                          ? `${policy.validFrom ?? '…'} — ${policy.validTo ?? '…'}`
                          : t('policy.noValidity'),
                    },
                    { key: 'stacking', label: t('policy.stackingGroup'), children: policy.stackingGroup ?? '—' },
                  ]}
                />
              </Card>
              <Card size="small" title={t('policy.benefit')} style={{ marginTop: 16 }} data-testid="policy-benefit">
                {policy.benefit ? (
                  <RuleLines lines={[describeBenefit(policy.benefit, words)]} />
                ) : (
                  <Typography.Text type="secondary">{t('policy.noBenefit')}</Typography.Text>
                )}
              </Card>
              <Card
                size="small"
                title={t('policy.eligibility')}
                style={{ marginTop: 16 }}
                data-testid="policy-eligibility"
              >
                <RuleLines lines={[describeCondition(policy.eligibility, words)]} />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('policy.sources')}>
                <QueryState query={sources} isEmpty={(list) => list.length === 0}>
                  {(list) => list.map((location, i) => <SourceLocation key={i} location={location} />)}
                </QueryState>
              </Card>
            </Col>
          </Row>
        </>
      )}
    </QueryState>
  );
}
