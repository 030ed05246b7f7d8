import { Collapse, Flex, List, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { FeedMatch } from '../../../server/api.ts';
import { StatusTag } from '../../components/StatusTag.tsx';
import { regionName } from '../../format/places.ts';
import { useFormat } from '../../format/useFormat.ts';
import { WhyPanel } from './WhyPanel.tsx';

interface Props {
  uscc: string;
  year: number;
  matches: FeedMatch[];
  empty: string;
}

/** One status's policies: each with its amount, the facts still wanted, and why (the engine's trace, read when opened). */
export function MatchList({ uscc, year, matches, empty }: Props) {
  const { t, amount, fact } = useFormat();
  return (
    <List
      itemLayout="vertical"
      locale={{ emptyText: empty }}
      dataSource={matches}
      rowKey={(match) => match.policy.id}
      pagination={matches.length > 10 ? { pageSize: 10, showSizeChanger: false, size: 'small' } : false}
      renderItem={(match) => (
        <List.Item data-testid="match">
          <Flex justify="space-between" align="flex-start" gap="small" wrap>
            <div style={{ minWidth: 0 }}>
              <Link to={`/policies/${encodeURIComponent(match.policy.id)}`}>
                <Typography.Text strong>{match.policy.title}</Typography.Text>
              </Link>
              <div>
                <StatusTag status={match.status} />
                <Typography.Text type="secondary">{match.policy.regions.map(regionName).join('、')}</Typography.Text>
              </div>
            </div>
            <Typography.Text strong style={{ fontSize: 16, color: match.amount ? '#c0392b' : undefined }}>
              {match.amount ? amount(match.amount) : t('amount.none')}
            </Typography.Text>
          </Flex>
          {match.missing.length > 0 && (
            <div style={{ marginTop: 8 }}>
              <Typography.Text type="secondary">
                {t(match.status === 'unknown' ? 'myPolicies.toDecide' : 'myPolicies.toCompleteAmount')}
              </Typography.Text>
              {match.missing.map((key) => (
                <Tag key={key} color="orange">
                  {fact(key)}
                </Tag>
              ))}
            </div>
          )}
          <Collapse
            ghost
            size="small"
            items={[
              {
                key: 'why',
                label: t('myPolicies.why'),
                children: <WhyPanel uscc={uscc} year={year} policyId={match.policy.id} />,
              },
            ]}
          />
        </List.Item>
      )}
    />
  );
}
