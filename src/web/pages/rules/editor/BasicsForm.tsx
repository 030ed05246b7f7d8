import { Col, Form, Input, InputNumber, Row, Switch } from 'antd';
import type { Policy } from '../../../../server/api.ts';
import { RegionsPicker } from '../../../components/RegionPicker.tsx';
import { useFormat } from '../../../format/useFormat.ts';

/** What a policy is besides its rules: id, title, issuing regions, validity, stacking group and 免申即享. */
export function BasicsForm({
  policy,
  onChange,
  idFixed,
}: {
  policy: Policy;
  onChange: (policy: Policy) => void;
  /** editing a stored policy: its id is its identity and cannot change */
  idFixed: boolean;
}) {
  const { t } = useFormat();
  const optional = (field: 'validFrom' | 'validTo' | 'stackingGroup', value: string) => {
    const { [field]: _old, ...rest } = policy;
    onChange(value === '' ? rest : { ...rest, [field]: value });
  };
  return (
    <Form layout="vertical" component="div">
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item label={t('editor.id')} help={t('editor.idHelp')}>
            <Input
              aria-label={t('editor.id')}
              value={policy.id}
              disabled={idFixed}
              onChange={(e) => onChange({ ...policy, id: e.target.value.trim().toLowerCase() })}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item label={t('editor.version')}>
            <InputNumber<number>
              aria-label={t('editor.version')}
              min={1}
              value={policy.version}
              onChange={(version) => onChange({ ...policy, version: version ?? 1 })}
            />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item label={t('editor.title')}>
            <Input
              aria-label={t('editor.title')}
              value={policy.title}
              onChange={(e) => onChange({ ...policy, title: e.target.value })}
            />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item label={t('editor.regions')}>
            <RegionsPicker value={policy.regions} onChange={(regions) => onChange({ ...policy, regions })} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item label={t('editor.validFrom')}>
            <Input
              type="date"
              aria-label={t('editor.validFrom')}
              value={policy.validFrom ?? ''}
              onChange={(e) => optional('validFrom', e.target.value)}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item label={t('editor.validTo')}>
            <Input
              type="date"
              aria-label={t('editor.validTo')}
              value={policy.validTo ?? ''}
              onChange={(e) => optional('validTo', e.target.value)}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item label={t('editor.stackingGroup')} tooltip={t('editor.stackingHelp')}>
            <Input
              aria-label={t('editor.stackingGroup')}
              value={policy.stackingGroup ?? ''}
              onChange={(e) => optional('stackingGroup', e.target.value.trim())}
            />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item label={t('editor.autoGrant')} tooltip={t('editor.autoGrantHelp')}>
            <Switch
              aria-label={t('editor.autoGrant')}
              checked={policy.autoGrant === true}
              onChange={(autoGrant) => onChange({ ...policy, autoGrant })}
            />
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}
