import { Card, List, Tag, Typography } from 'antd';
import type { EnterpriseFeed } from '../../../server/api.ts';
import { useFormat } from '../../format/useFormat.ts';

/** The facts that would decide the most undecided policies: what is worth providing first. */
export function WantedFacts({ wanted }: { wanted: EnterpriseFeed['wanted'] }) {
  const { t, fact } = useFormat();
  return (
    <Card title={t('myPolicies.wanted')} size="small" data-testid="wanted-facts">
      <Typography.Paragraph type="secondary">{t('myPolicies.wantedHelp')}</Typography.Paragraph>
      <List
        size="small"
        locale={{ emptyText: t('myPolicies.wantedNone') }}
        dataSource={wanted}
        rowKey={(w) => w.fact}
        pagination={wanted.length > 8 ? { pageSize: 8, size: 'small', showSizeChanger: false } : false}
        renderItem={(w) => (
          <List.Item>
            <Typography.Text>{fact(w.fact)}</Typography.Text>
            <Tag color="orange" style={{ marginInlineEnd: 0 }}>
              {t('myPolicies.decides', { count: w.policies })}
            </Tag>
          </List.Item>
        )}
      />
    </Card>
  );
}
