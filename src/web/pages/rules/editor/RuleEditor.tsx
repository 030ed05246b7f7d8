import { CloudUploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Grid, List, Row, Switch, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { Policy, PublishResult, ValidationError } from '../../../../server/api.ts';
import { api, ApiError } from '../../../api/client.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useFormat } from '../../../format/useFormat.ts';
import { BasicsForm } from './BasicsForm.tsx';
import { BenefitBuilder } from './BenefitBuilder.tsx';
import { ConditionBuilder } from './ConditionBuilder.tsx';
import type { Detected } from './draftFromMeasure.ts';
import { newBenefit } from './nodes.ts';
import { PreviewPanel } from './PreviewPanel.tsx';
import { PublishedModal } from './PublishedModal.tsx';
import { SentencesContext, sentencesOf } from './SourceSentence.tsx';
import { SourcesForm } from './SourcesForm.tsx';

interface Props {
  initial: Policy;
  /** editing a stored policy (its id cannot change) */
  editing: boolean;
  /** sums and rates the extractor found in the measure the draft was made from */
  detected?: Detected;
}

/** The rule editor: a form for every part of a policy, a live preview of who qualifies, and publishing. */
export function RuleEditor({ initial, editing, detected }: Props) {
  const { t } = useFormat();
  const screens = Grid.useBreakpoint();
  const queryClient = useQueryClient();
  const [policy, setPolicy] = useState(initial);
  const [year, setYear] = useState(() => new Date().getFullYear());
  const sentences = useMemo(() => sentencesOf(policy.sources.map((s) => s.text)), [policy.sources]);
  const publish = useMutation({
    mutationFn: () => api.post<PublishResult>('/api/rules', { policy }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['/api/rules'] }),
  });
  const refused =
    publish.error instanceof ApiError ? ((publish.error.details.errors as ValidationError[] | undefined) ?? []) : [];

  const preview = <PreviewPanel policy={policy} year={year} onYear={setYear} />;
  const publishButton = (
    <Button
      type="primary"
      size="large"
      block
      icon={<CloudUploadOutlined />}
      loading={publish.isPending}
      onClick={() => publish.mutate()}
    >
      {t('editor.publish')}
    </Button>
  );

  return (
    <SentencesContext.Provider value={sentences}>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          {detected && (detected.amounts.length > 0 || detected.rates.length > 0) && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title={t('editor.detected')}
              description={[...detected.amounts, ...detected.rates].join('；')}
            />
          )}
          <Card size="small" title={t('editor.basics')} style={{ marginBottom: 16 }}>
            <BasicsForm policy={policy} onChange={setPolicy} idFixed={editing} />
          </Card>
          <Card size="small" title={t('editor.sources')} style={{ marginBottom: 16 }}>
            <SourcesForm sources={policy.sources} onChange={(sources) => setPolicy({ ...policy, sources })} />
          </Card>
          <Card
            size="small"
            title={t('editor.eligibility')}
            style={{ marginBottom: 16 }}
            data-testid="eligibility-builder"
          >
            <ConditionBuilder
              path="eligibility"
              value={policy.eligibility}
              onChange={(eligibility) => setPolicy({ ...policy, eligibility })}
            />
          </Card>
          <Card
            size="small"
            title={t('editor.benefit')}
            data-testid="benefit-builder"
            extra={
              <Switch
                aria-label={t('editor.hasBenefit')}
                checkedChildren={t('editor.hasBenefit')}
                unCheckedChildren={t('editor.noBenefit')}
                checked={policy.benefit !== null}
                onChange={(on) => setPolicy({ ...policy, benefit: on ? newBenefit('fixed') : null })}
              />
            }
          >
            {policy.benefit ? (
              <BenefitBuilder
                path="benefit"
                value={policy.benefit}
                onChange={(benefit) => setPolicy({ ...policy, benefit })}
              />
            ) : (
              <Typography.Text type="secondary">{t('editor.noBenefitHelp')}</Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          {/* On a wide screen the button and the preview stay in view while the form scrolls; the panel scrolls on
              its own when the preview is taller than the window, so the button is never out of reach. */}
          <div
            style={
              screens.xl
                ? { position: 'sticky', top: 16, maxHeight: 'calc(100vh - 32px)', overflowY: 'auto' }
                : undefined
            }
          >
            <div style={{ marginBottom: 16 }}>{publishButton}</div>
            {publish.isError && (
              <div style={{ marginBottom: 16 }}>
                <ErrorAlert error={publish.error} />
                {refused.length > 0 && (
                  <List
                    size="small"
                    dataSource={refused}
                    renderItem={(error) => (
                      <List.Item>
                        <Typography.Text code>{error.path}</Typography.Text> {error.message}
                      </List.Item>
                    )}
                  />
                )}
              </div>
            )}
            {preview}
          </div>
        </Col>
      </Row>
      {publish.data && <PublishedModal result={publish.data} onClose={() => publish.reset()} />}
    </SentencesContext.Provider>
  );
}
