import { Button, Modal, Result, Statistic, Row, Col } from 'antd';
import { useNavigate } from 'react-router';
import type { PublishResult } from '../../../../server/api.ts';
import { useFormat } from '../../../format/useFormat.ts';

/** What publishing did: the version stored, and how many enterprises were told their match changed. */
export function PublishedModal({ result, onClose }: { result: PublishResult; onClose: () => void }) {
  const { t } = useFormat();
  const navigate = useNavigate();
  const id = encodeURIComponent(result.id);
  return (
    <Modal open onCancel={onClose} footer={null} title={t('editor.published')} width={560}>
      <Result
        status="success"
        title={t(`editor.publishStatus.${result.status}`, { version: result.version })}
        subTitle={`${result.id} · ${t('policy.version', { version: result.version })}`}
        extra={[
          <Button key="policy" onClick={() => navigate(`/policies/${id}`)}>
            {t('editor.viewPolicy')}
          </Button>,
          <Button key="qualifying" type="primary" onClick={() => navigate(`/rules/${id}/qualifying`)}>
            {t('policy.qualifying')}
          </Button>,
        ]}
      >
        <Row gutter={16} data-testid="notified">
          <Col span={8}>
            <Statistic title={t('notifications.kind.eligible')} value={result.notified.eligible} />
          </Col>
          <Col span={8}>
            <Statistic title={t('notifications.kind.amount_changed')} value={result.notified.amount_changed} />
          </Col>
          <Col span={8}>
            <Statistic title={t('notifications.kind.ineligible')} value={result.notified.ineligible} />
          </Col>
        </Row>
      </Result>
    </Modal>
  );
}
