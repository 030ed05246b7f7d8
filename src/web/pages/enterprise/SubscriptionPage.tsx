import { BellOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { TFunction } from 'i18next';
import { Link, useParams } from 'react-router';
import type { Frequency, SubscriptionInput } from '../../../core/push/subscription.ts';
import type { SubscriptionView } from '../../../services/push/subscriptions.ts';
import { api, ApiError, getQuery } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { RegionsPicker } from '../../components/RegionPicker.tsx';
import { regionName } from '../../format/places.ts';
import { useFormat } from '../../format/useFormat.ts';
import { useAccount } from '../../session/SessionProvider.tsx';
import { SUBSCRIPTION_TOPICS } from './subscriptionTopics.ts';

// 订阅设置: what an enterprise is pushed (topics, issuing regions, a minimum amount), where (the inbox always, an
// e-mail, a webhook) and how often (GET/PUT /api/enterprises/{uscc}/subscription). The minimum is entered in 万元
// and stored in yuan. The webhook secret is write-only: the server says only that one is set, and a blank secret
// keeps it (for the same URL).

const WAN = 10_000;

// The core module's FREQUENCIES, repeated: importing its values would bundle the search folding (jieba) it uses.
const FREQUENCIES = ['immediate', 'daily', 'weekly'] as const satisfies readonly Frequency[];

interface FormValues {
  topics: string[];
  regions: string[];
  /** 万元 */
  minAmount: number | null;
  email: string;
  webhookUrl: string;
  webhookSecret: string;
  frequency: Frequency;
}

type Field = keyof FormValues;

function formValues(view: SubscriptionView): FormValues {
  return {
    topics: view.topics,
    regions: view.regions,
    minAmount: view.minAmount === null ? null : view.minAmount / WAN,
    email: view.channels.email ?? '',
    webhookUrl: view.channels.webhook?.url ?? '',
    webhookSecret: '',
    frequency: view.frequency,
  };
}

/** What is sent: every field, so the form is the whole subscription; a blank secret is left out (kept). */
function inputOf(values: FormValues): SubscriptionInput {
  const email = values.email.trim();
  const url = values.webhookUrl.trim();
  const secret = values.webhookSecret;
  return {
    topics: values.topics.map((topic) => topic.trim()).filter((topic) => topic !== ''),
    regions: values.regions,
    // 万元 to yuan, rounded to the yuan (0.0001万元 is 1元)
    minAmount: values.minAmount === null || values.minAmount === undefined ? null : Math.round(values.minAmount * WAN),
    email: email === '' ? null : email,
    webhook: url === '' ? null : secret === '' ? { url } : { url, secret },
    frequency: values.frequency,
  };
}

/** The server's field names (`webhook.url`, `regions[2]`) as the form's. */
const SERVER_FIELDS: Record<string, Field> = {
  topics: 'topics',
  regions: 'regions',
  minAmount: 'minAmount',
  email: 'email',
  'webhook.url': 'webhookUrl',
  'webhook.secret': 'webhookSecret',
  frequency: 'frequency',
};

/**
 * The fields a refused save names: subscription.invalid says "the subscription is not valid: email: … is not an
 * e-mail address; webhook.url: …" (src/core/push/subscription.ts), one problem per field.
 */
function refusedFields(error: unknown): Field[] {
  if (!(error instanceof ApiError) || error.id !== 'subscription.invalid') return [];
  const list = error.message.slice(error.message.indexOf(': ') + 2);
  const fields = new Set<Field>();
  for (const problem of list.split('; ')) {
    const name = problem.slice(0, problem.indexOf(':')).replace(/\[\d+\]$/, '');
    const field = SERVER_FIELDS[name];
    if (field !== undefined) fields.add(field);
  }
  return [...fields];
}

function topicLabel(keyword: string, t: TFunction): string {
  const topic = SUBSCRIPTION_TOPICS.find((known) => known.keyword === keyword);
  if (topic === undefined) return keyword;
  const name = t(`subscription.topic.${topic.id}`);
  return name === keyword ? name : `${name}（${keyword}）`;
}

export function SubscriptionPage() {
  const { uscc = '' } = useParams();
  const { t } = useFormat();
  const own = useAccount().uscc === uscc;
  const path = `/api/enterprises/${encodeURIComponent(uscc)}/subscription`;
  const view = useQuery(getQuery<SubscriptionView>(path));

  return (
    <>
      <PageTitle
        title={t(own ? 'subscription.title' : 'subscription.staffTitle')}
        sub={own ? t('subscription.sub') : uscc}
        extra={
          <Link to={`/enterprises/${encodeURIComponent(uscc)}/notifications`}>
            <Button icon={<BellOutlined />}>{t('subscription.toNotifications')}</Button>
          </Link>
        }
      />
      <QueryState query={view}>
        {(stored) => (
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={15}>
              {/* A new answer (after saving) starts the form afresh from what is stored, the secret blank again. */}
              <SubscriptionForm key={stored.updatedAt ?? 'defaults'} path={path} stored={stored} />
            </Col>
            <Col xs={24} xl={9}>
              <CurrentSettings stored={stored} />
            </Col>
          </Row>
        )}
      </QueryState>
    </>
  );
}

function SubscriptionForm({ path, stored }: { path: string; stored: SubscriptionView }) {
  const { t } = useFormat();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const minAmount = Form.useWatch('minAmount', form);
  const storedWebhook = stored.channels.webhook;
  const save = useMutation({
    mutationFn: (values: FormValues) => api.put<SubscriptionView>(path, inputOf(values)),
    onSuccess: (answer) => {
      queryClient.setQueryData([path, {}], answer);
      void message.success(t('subscription.saved'));
    },
    onError: (error) => {
      form.setFields(refusedFields(error).map((name) => ({ name, errors: [t(`subscription.problem.${name}`)] })));
    },
  });

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      initialValues={formValues(stored)}
      onFinish={(values) => save.mutate(values)}
      data-testid="subscription-form"
    >
      <Card size="small" title={t('subscription.filters')} style={{ marginBottom: 16 }}>
        <Form.Item name="topics" label={t('subscription.topics')} extra={t('subscription.topicsHelp')}>
          <Select
            mode="tags"
            aria-label={t('subscription.topics')}
            placeholder={t('subscription.topicsPlaceholder')}
            showSearch={{ optionFilterProp: 'label' }}
            tokenSeparators={[',', '，', '、']}
            options={SUBSCRIPTION_TOPICS.map(({ keyword }) => ({ value: keyword, label: topicLabel(keyword, t) }))}
          />
        </Form.Item>
        <Form.Item name="regions" label={t('subscription.regions')} extra={t('subscription.regionsHelp')}>
          <RegionsField placeholder={t('subscription.regionsPlaceholder')} />
        </Form.Item>
        <Form.Item
          name="minAmount"
          label={t('subscription.minAmount')}
          extra={
            <>
              {typeof minAmount === 'number' && (
                <div data-testid="min-amount-yuan">
                  {t('subscription.minAmountYuan', {
                    yuan: Math.round(minAmount * WAN).toLocaleString('zh-CN'),
                  })}
                </div>
              )}
              <div>{t('subscription.minAmountHelp')}</div>
            </>
          }
        >
          <InputNumber<number>
            aria-label={t('subscription.minAmount')}
            placeholder={t('subscription.minAmountPlaceholder')}
            min={0}
            max={10_000_000}
            precision={4}
            suffix={t('subscription.minAmountUnit')}
            style={{ width: 260 }}
          />
        </Form.Item>
      </Card>

      <Card size="small" title={t('subscription.channels')} style={{ marginBottom: 16 }}>
        <Form.Item label={t('subscription.inbox')}>
          <Space>
            <Tag color="green">{t('subscription.inbox')}</Tag>
            <Typography.Text type="secondary">{t('subscription.inboxAlways')}</Typography.Text>
          </Space>
        </Form.Item>
        <Form.Item name="email" label={t('subscription.email')} extra={t('subscription.emailHelp')}>
          <Input
            type="email"
            aria-label={t('subscription.email')}
            placeholder={t('subscription.emailPlaceholder')}
            autoComplete="email"
            maxLength={254}
          />
        </Form.Item>
        <Form.Item name="webhookUrl" label={t('subscription.webhookUrl')} extra={t('subscription.webhookUrlHelp')}>
          <Input
            aria-label={t('subscription.webhookUrl')}
            placeholder={t('subscription.webhookUrlPlaceholder')}
            maxLength={2000}
          />
        </Form.Item>
        <Form.Item
          name="webhookSecret"
          label={
            <Space>
              {t('subscription.webhookSecret')}
              <Tag color={storedWebhook ? 'green' : 'default'} data-testid="secret-state">
                {storedWebhook ? t('subscription.secretSet') : t('subscription.secretNotSet')}
              </Tag>
            </Space>
          }
          extra={t('subscription.secretHelp')}
          dependencies={['webhookUrl']}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_, secret: string | undefined) => {
                const url = String(getFieldValue('webhookUrl') ?? '').trim();
                if (url === '') return;
                const value = secret ?? '';
                if (value === '') {
                  // The server keeps the stored secret for the stored URL only.
                  if (storedWebhook?.url !== url) throw new Error(t('subscription.secretRequired'));
                  return;
                }
                if (value.length < 16 || value.length > 200) throw new Error(t('subscription.secretLength'));
              },
            }),
          ]}
        >
          <Input.Password
            aria-label={t('subscription.webhookSecret')}
            placeholder={storedWebhook ? t('subscription.secretKeep') : t('subscription.secretNew')}
            autoComplete="new-password"
            maxLength={200}
          />
        </Form.Item>
      </Card>

      <Card size="small" title={t('subscription.frequency')} style={{ marginBottom: 16 }}>
        <Form.Item name="frequency" extra={t('subscription.frequencyHelp')}>
          <Radio.Group aria-label={t('subscription.frequency')}>
            <Flex vertical gap={8}>
              {FREQUENCIES.map((frequency) => (
                <Radio key={frequency} value={frequency}>
                  {t(`subscription.frequencies.${frequency}`)}{' '}
                  <Typography.Text type="secondary">{t(`subscription.frequencyDetail.${frequency}`)}</Typography.Text>
                </Radio>
              ))}
            </Flex>
          </Radio.Group>
        </Form.Item>
      </Card>

      <Flex vertical gap="small">
        {save.isError && <ErrorAlert error={save.error} />}
        <div>
          <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending}>
            {t('subscription.save')}
          </Button>
        </div>
      </Flex>
    </Form>
  );
}

/** RegionsPicker in a Form.Item: the item hands it value (maybe unset) and onChange. */
function RegionsField({
  value,
  onChange,
  placeholder,
}: {
  value?: string[];
  onChange?: (codes: string[]) => void;
  placeholder: string;
}) {
  return <RegionsPicker value={value ?? []} onChange={(codes) => onChange?.(codes)} placeholder={placeholder} />;
}

/** What the server stores now: the answer of the last read or save. */
function CurrentSettings({ stored }: { stored: SubscriptionView }) {
  const { t, yuan, dateTime } = useFormat();
  const { channels } = stored;
  const any = <Typography.Text type="secondary">{t('subscription.all')}</Typography.Text>;
  const unset = <Typography.Text type="secondary">{t('subscription.none')}</Typography.Text>;
  return (
    <Card size="small" title={t('subscription.current')} data-testid="subscription-current">
      {!stored.stored && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('subscription.notStored')} />
      )}
      <Descriptions
        column={1}
        size="small"
        bordered
        items={[
          {
            key: 'topics',
            label: t('subscription.topics'),
            children:
              stored.topics.length === 0
                ? any
                : stored.topics.map((topic) => <Tag key={topic}>{topicLabel(topic, t)}</Tag>),
          },
          {
            key: 'regions',
            label: t('subscription.regions'),
            children:
              stored.regions.length === 0
                ? any
                : stored.regions.map((code) => <Tag key={code}>{regionName(code)}</Tag>),
          },
          {
            key: 'minAmount',
            label: t('subscription.minAmount'),
            children: stored.minAmount === null ? any : yuan(stored.minAmount),
          },
          {
            key: 'inbox',
            label: t('subscription.inbox'),
            children: <Tag color="green">{t('subscription.inbox')}</Tag>,
          },
          { key: 'email', label: t('subscription.email'), children: channels.email ?? unset },
          {
            key: 'webhook',
            label: t('subscription.webhookUrl'),
            children: channels.webhook ? (
              <div>
                <Typography.Text style={{ wordBreak: 'break-all' }}>{channels.webhook.url}</Typography.Text>
                <div>
                  {t('subscription.webhookSecret')}：<Tag color="green">{t('subscription.secretSet')}</Tag>
                </div>
              </div>
            ) : (
              unset
            ),
          },
          {
            key: 'frequency',
            label: t('subscription.frequency'),
            children: t(`subscription.frequencies.${stored.frequency}`),
          },
        ]}
      />
      {(stored.updatedAt || stored.digestFrom) && (
        <Flex vertical style={{ marginTop: 8 }}>
          {stored.updatedAt && (
            <Typography.Text type="secondary" data-testid="subscription-saved-at">
              {t('subscription.updatedAt', { at: dateTime(stored.updatedAt) })}
            </Typography.Text>
          )}
          {stored.digestFrom && (
            <Typography.Text type="secondary">
              {t('subscription.digestFrom', { at: dateTime(stored.digestFrom) })}
            </Typography.Text>
          )}
        </Flex>
      )}
    </Card>
  );
}
