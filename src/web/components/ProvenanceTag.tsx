import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProfileView } from '../../server/api.ts';

type Provenance = ProfileView['provenance'][string];

/** Where a fact came from, as of when, and whether the source is authoritative (免申即享 relies only on those). */
export function ProvenanceTag({ provenance }: { provenance: Provenance | undefined }) {
  const { t } = useTranslation();
  if (!provenance) return <Typography.Text type="secondary">{t('profile.noProvenance')}</Typography.Text>;
  return (
    <span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('profile.from', { source: provenance.source, asOf: provenance.asOf })}
      </Typography.Text>{' '}
      {provenance.authoritative ? (
        <Tag color="green" icon={<SafetyCertificateOutlined />}>
          {t('profile.authoritative')}
        </Tag>
      ) : (
        <Tag>{t('profile.selfReported')}</Tag>
      )}
    </span>
  );
}
