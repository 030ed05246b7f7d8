import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Input, InputNumber, Row } from 'antd';
import type { PolicySource } from '../../../../server/api.ts';
import { useFormat } from '../../../format/useFormat.ts';

/** Where the policy is written: document, article headline, measure ordinal and the measure's text, one or more. */
export function SourcesForm({
  sources,
  onChange,
}: {
  sources: PolicySource[];
  onChange: (sources: PolicySource[]) => void;
}) {
  const { t } = useFormat();
  const set = (i: number, source: PolicySource) => onChange(sources.map((old, j) => (j === i ? source : old)));
  return (
    <>
      {sources.map((source, i) => (
        <Card
          key={i}
          size="small"
          type="inner"
          title={t('editor.sourceN', { n: i + 1 })}
          style={{ marginBottom: 12 }}
          extra={
            sources.length > 1 && (
              <Button
                danger
                size="small"
                icon={<DeleteOutlined />}
                aria-label={t('editor.remove')}
                onClick={() => onChange(sources.filter((_, j) => j !== i))}
              />
            )
          }
        >
          <Row gutter={[8, 8]}>
            <Col xs={24} md={12}>
              <Input
                aria-label={t('editor.document')}
                placeholder={t('editor.document')}
                value={source.document ?? ''}
                onChange={(e) => set(i, { ...source, document: e.target.value === '' ? null : e.target.value })}
              />
            </Col>
            <Col xs={24} md={8}>
              <Input
                aria-label={t('editor.article')}
                placeholder={t('editor.article')}
                value={source.article}
                onChange={(e) => set(i, { ...source, article: e.target.value })}
              />
            </Col>
            <Col xs={24} md={4}>
              <InputNumber<number>
                aria-label={t('editor.measure')}
                placeholder={t('editor.measure')}
                min={1}
                value={source.measure}
                onChange={(measure) => set(i, { ...source, measure })}
                style={{ width: '100%' }}
              />
            </Col>
            <Col xs={24}>
              <Input.TextArea
                aria-label={t('editor.sourceText')}
                placeholder={t('editor.sourceText')}
                autoSize={{ minRows: 2, maxRows: 8 }}
                value={source.text}
                onChange={(e) => set(i, { ...source, text: e.target.value })}
              />
            </Col>
          </Row>
        </Card>
      ))}
      <Button
        size="small"
        icon={<PlusOutlined />}
        onClick={() => onChange([...sources, { document: null, article: '', measure: null, text: '' }])}
      >
        {t('editor.addSource')}
      </Button>
    </>
  );
}
