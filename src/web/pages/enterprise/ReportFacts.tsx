import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import type { SelfReport, SelfReportOutcome } from '../../../services/push/self-report.ts';
import { api } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { IndustrySelect } from '../../components/IndustrySelect.tsx';
import { useFormat } from '../../format/useFormat.ts';

// The enterprise corrects or completes its own profile (POST /api/enterprises/{uscc}/facts). What it reports is kept
// as self-reported facts beside the departments' ones, never authoritative (免申即享 does not rest on it); the server
// matches the enterprise again at once and tells it what changed, which this card repeats in words.

/** The metric keys of src/core/profile/metrics.ts, in the order the form offers them. */
const METRICS = [
  'revenue',
  'output',
  'rdSpend',
  'basicResearchSpend',
  'energySavedTce',
  'techUpgradeFinancingCost',
  'firstSetContractAmount',
  'keyPartsStockLoan',
  'totalAssets',
  'listedRent',
] as const;

interface Values {
  industry?: string;
  founded?: string;
  employees?: number | null;
  metrics?: { year?: number; key?: string; value?: number | null }[];
  qualifications?: { name?: string; year?: number | null }[];
  asOf?: string;
}

/** The request body of the form's values: only what was filled in. */
export function reportOf(values: Values): SelfReport {
  const report: SelfReport = {};
  if (values.industry) report.industry = values.industry;
  if (values.founded) report.founded = values.founded;
  if (values.employees !== undefined && values.employees !== null) report.employees = values.employees;
  const metrics: Record<string, Record<string, number>> = {};
  for (const m of values.metrics ?? []) {
    if (m.year === undefined || !m.key || m.value === undefined || m.value === null) continue;
    (metrics[String(m.year)] ??= {})[m.key] = m.value;
  }
  if (Object.keys(metrics).length > 0) report.metrics = metrics;
  const qualifications = (values.qualifications ?? [])
    .filter((q) => q.name?.trim())
    .map((q) => (q.year ? { name: q.name!.trim(), year: q.year } : { name: q.name!.trim() }));
  if (qualifications.length > 0) report.qualifications = qualifications;
  if (values.asOf) report.asOf = values.asOf;
  return report;
}

/** The industry select as a form control: the Form.Item gives it its value and onChange. */
function IndustryField({ value, onChange }: { value?: string; onChange?: (code: string) => void }) {
  return <IndustrySelect value={value} onChange={(code) => onChange?.(code)} />;
}

export function ReportFacts({ uscc }: { uscc: string }) {
  const { t, fact } = useFormat();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<SelfReportOutcome | null>(null);
  const base = `/api/enterprises/${encodeURIComponent(uscc)}`;
  const report = useMutation({
    mutationFn: (body: SelfReport) => api.post<SelfReportOutcome>(`${base}/facts`, body),
    onSuccess: async (answer) => {
      setOutcome(answer);
      form.resetFields();
      // The profile, the feed and the inbox all change with the report.
      await queryClient.invalidateQueries({
        predicate: (q) => typeof q.queryKey[0] === 'string' && q.queryKey[0].startsWith(base),
      });
    },
  });
  const thisYear = new Date().getFullYear();

  return (
    <Card title={t('reportFacts.title')} size="small" id="report" data-testid="report-facts">
      <Typography.Paragraph type="secondary">{t('reportFacts.help')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(values) => {
          setOutcome(null);
          report.mutate(reportOf(values));
        }}
      >
        <Flex gap="middle" wrap>
          <Form.Item label={fact('employees')} name="employees">
            <InputNumber<number> min={0} precision={0} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item label={fact('founded')} name="founded">
            <Input type="date" style={{ width: 180 }} />
          </Form.Item>
          <Form.Item label={fact('industry')} name="industry" style={{ minWidth: 280 }}>
            <IndustryField />
          </Form.Item>
        </Flex>
        <Typography.Text strong>{t('reportFacts.metrics')}</Typography.Text>
        <Form.List name="metrics">
          {(fields, { add, remove }) => (
            <Flex vertical gap={4} style={{ margin: '8px 0 16px' }}>
              {fields.map((field) => (
                <Space key={field.key} wrap align="baseline">
                  <Form.Item
                    name={[field.name, 'year']}
                    rules={[{ required: true, message: t('reportFacts.needYear') }]}
                  >
                    <InputNumber<number>
                      aria-label={t('common.year')}
                      min={1949}
                      max={thisYear}
                      precision={0}
                      placeholder={t('common.year')}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'key']}
                    rules={[{ required: true, message: t('reportFacts.needMetric') }]}
                  >
                    <Select
                      aria-label={t('reportFacts.metric')}
                      placeholder={t('reportFacts.metric')}
                      style={{ width: 260 }}
                      options={METRICS.map((key) => ({ value: key, label: t(`facts.metrics.${key}`) }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'value']}
                    rules={[{ required: true, message: t('reportFacts.needValue') }]}
                  >
                    <InputNumber<number> aria-label={t('reportFacts.value')} min={0} style={{ width: 200 }} />
                  </Form.Item>
                  <Button
                    icon={<DeleteOutlined />}
                    aria-label={t('reportFacts.remove')}
                    onClick={() => remove(field.name)}
                  />
                </Space>
              ))}
              <div>
                <Button icon={<PlusOutlined />} onClick={() => add({ year: thisYear - 1 })}>
                  {t('reportFacts.addMetric')}
                </Button>
              </div>
            </Flex>
          )}
        </Form.List>
        <Typography.Text strong>{t('reportFacts.qualifications')}</Typography.Text>
        <Form.List name="qualifications">
          {(fields, { add, remove }) => (
            <Flex vertical gap={4} style={{ margin: '8px 0 16px' }}>
              {fields.map((field) => (
                <Space key={field.key} wrap align="baseline">
                  <Form.Item
                    name={[field.name, 'name']}
                    rules={[{ required: true, whitespace: true, message: t('reportFacts.needName') }]}
                  >
                    <Input
                      aria-label={t('profile.qualification')}
                      placeholder={t('reportFacts.qualificationExample')}
                      style={{ width: 260 }}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'year']}>
                    <InputNumber<number>
                      aria-label={t('profile.awarded')}
                      placeholder={t('profile.awarded')}
                      min={1949}
                      max={thisYear}
                      precision={0}
                    />
                  </Form.Item>
                  <Button
                    icon={<DeleteOutlined />}
                    aria-label={t('reportFacts.remove')}
                    onClick={() => remove(field.name)}
                  />
                </Space>
              ))}
              <div>
                <Button icon={<PlusOutlined />} onClick={() => add()}>
                  {t('reportFacts.addQualification')}
                </Button>
              </div>
            </Flex>
          )}
        </Form.List>
        <Form.Item label={t('profile.asOf')} name="asOf" extra={t('reportFacts.asOfHelp')}>
          <Input type="date" style={{ width: 180 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={report.isPending}>
          {t('reportFacts.submit')}
        </Button>
      </Form>
      {report.error && (
        <div style={{ marginTop: 12 }}>
          <ErrorAlert error={report.error} />
        </div>
      )}
      {outcome && (
        <Alert
          style={{ marginTop: 12 }}
          type="success"
          showIcon
          role="status"
          data-testid="report-outcome"
          title={t('reportFacts.saved', { count: outcome.facts })}
          description={t('reportFacts.changes', {
            eligible: outcome.notified.eligible,
            amount: outcome.notified.amount_changed,
            ineligible: outcome.notified.ineligible,
          })}
        />
      )}
    </Card>
  );
}
