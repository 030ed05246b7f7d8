import { Flex, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export function Loading() {
  const { t } = useTranslation();
  return (
    <Flex align="center" justify="center" gap="small" style={{ padding: 48 }} role="status">
      <Spin />
      <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
    </Flex>
  );
}
