import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

/** A page's heading, with its controls (year, filters, actions) beside it on wide screens and below on phones. */
export function PageTitle({ title, sub, extra }: { title: ReactNode; sub?: ReactNode; extra?: ReactNode }) {
  return (
    <Flex justify="space-between" align="flex-start" gap="small" wrap style={{ marginBottom: 16 }}>
      <div style={{ minWidth: 0 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {sub && <Typography.Text type="secondary">{sub}</Typography.Text>}
      </div>
      {extra && (
        <Flex gap="small" wrap align="center">
          {extra}
        </Flex>
      )}
    </Flex>
  );
}
