import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, getQuery } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import type { RequestCategory, RequestSettings, WorkCalendar } from '../../components/requests/types.ts';
import { useRequestText } from '../../components/requests/useRequestText.ts';

/** 诉求设置 (administrators): the reopen window, the working-day calendar and the categories. */
export function RequestSettingsPage() {
  const { t } = useRequestText();
  return (
    <>
      <PageTitle title={t('requests.settings.title')} sub={t('requests.settings.sub')} />
      <Flex vertical gap={16}>
        <WindowCard />
        <CalendarCard />
        <CategoriesCard />
      </Flex>
    </>
  );
}

function WindowCard() {
  const { t } = useRequestText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const settings = useQuery(getQuery<RequestSettings>('/api/requests/settings'));
  const [days, setDays] = useState<number | null>(null);
  const save = useMutation({
    mutationFn: (reopenWindowDays: number) => api.put<RequestSettings>('/api/requests/settings', { reopenWindowDays }),
    onSuccess: (answer) => {
      queryClient.setQueryData(['/api/requests/settings', {}], answer);
      setDays(null);
      void message.success(t('requests.settings.saved'));
    },
  });
  return (
    <Card size="small" title={t('requests.settings.window')}>
      <QueryState query={settings}>
        {(s) => (
          <Flex vertical gap="small">
            <Typography.Text type="secondary">{t('requests.settings.windowHint')}</Typography.Text>
            <Space wrap>
              <InputNumber
                aria-label={t('requests.settings.window')}
                min={0}
                max={365}
                precision={0}
                value={days ?? s.reopenWindowDays}
                onChange={(value) => setDays(value)}
                suffix={t('requests.settings.days')}
                style={{ width: 140 }}
              />
              <Button
                type="primary"
                disabled={days === null || days === s.reopenWindowDays}
                loading={save.isPending}
                onClick={() => days !== null && save.mutate(days)}
              >
                {t('requests.settings.save')}
              </Button>
            </Space>
            {save.isError && <ErrorAlert error={save.error} />}
          </Flex>
        )}
      </QueryState>
    </Card>
  );
}

function CalendarCard() {
  const { t, day } = useRequestText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const calendar = useQuery(getQuery<WorkCalendar>('/api/requests/calendar'));
  const [draft, setDraft] = useState<WorkCalendar | null>(null);
  const [date, setDate] = useState('');
  const save = useMutation({
    mutationFn: (value: WorkCalendar) => api.put<WorkCalendar>('/api/requests/calendar', value),
    onSuccess: (answer) => {
      queryClient.setQueryData(['/api/requests/calendar', {}], answer);
      setDraft(null);
      void message.success(t('requests.settings.saved'));
    },
  });
  return (
    <Card size="small" title={t('requests.settings.calendar')}>
      <QueryState query={calendar}>
        {(stored) => {
          const value = draft ?? stored;
          const add = (kind: keyof WorkCalendar) => {
            if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return;
            const other = kind === 'holidays' ? 'workdays' : 'holidays';
            setDraft({
              ...value,
              [kind]: [...new Set([...value[kind], date])].sort(),
              [other]: value[other].filter((d) => d !== date),
            } as WorkCalendar);
          };
          const remove = (kind: keyof WorkCalendar, d: string) =>
            setDraft({ ...value, [kind]: value[kind].filter((x) => x !== d) } as WorkCalendar);
          const list = (kind: keyof WorkCalendar, color: string) => (
            <div>
              <Typography.Text strong>
                {t(`requests.settings.${kind}`)}（{value[kind].length}）
              </Typography.Text>
              <Flex wrap gap={4} style={{ marginTop: 4 }} data-testid={`calendar-${kind}`}>
                {value[kind].length === 0 && (
                  <Typography.Text type="secondary">{t('requests.settings.noDays')}</Typography.Text>
                )}
                {value[kind].map((d) => (
                  <Tag key={d} color={color} closable onClose={() => remove(kind, d)} title={day(d)}>
                    {d}
                  </Tag>
                ))}
              </Flex>
            </div>
          );
          return (
            <Flex vertical gap="middle">
              <Typography.Text type="secondary">{t('requests.settings.calendarHint')}</Typography.Text>
              <Space wrap>
                <Input
                  type="date"
                  aria-label={t('requests.settings.date')}
                  value={date}
                  onChange={(e) => setDate(e.target.value)}
                  style={{ width: 170 }}
                />
                <Button disabled={date === ''} onClick={() => add('holidays')}>
                  {t('requests.settings.addHoliday')}
                </Button>
                <Button disabled={date === ''} onClick={() => add('workdays')}>
                  {t('requests.settings.addWorkday')}
                </Button>
              </Space>
              {list('holidays', 'red')}
              {list('workdays', 'blue')}
              <Space wrap>
                <Button
                  type="primary"
                  disabled={draft === null}
                  loading={save.isPending}
                  onClick={() => save.mutate(value)}
                >
                  {t('requests.settings.save')}
                </Button>
                {draft !== null && <Button onClick={() => setDraft(null)}>{t('requests.settings.discard')}</Button>}
              </Space>
              {save.isError && <ErrorAlert error={save.error} />}
            </Flex>
          );
        }}
      </QueryState>
    </Card>
  );
}

type Row = RequestCategory & { keywordText: string; row: number };

function rowsOf(categories: RequestCategory[]): Row[] {
  return categories.map((c, row) => ({ ...c, keywordText: (c.keywords ?? []).join('，'), row }));
}

function categoryOf(row: Row): RequestCategory {
  const keywords = row.keywordText
    .split(/[,，、\s]+/)
    .map((k) => k.trim())
    .filter((k) => k !== '');
  return {
    code: row.code.trim(),
    name: row.name.trim(),
    department: row.department.trim(),
    deadlineWorkingDays: row.deadlineWorkingDays,
    description: row.description.trim(),
    ...(keywords.length > 0 ? { keywords } : {}),
    ...(row.group?.trim() ? { group: row.group.trim() } : {}),
  };
}

function CategoriesCard() {
  const { t } = useRequestText();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const categories = useQuery(getQuery<RequestCategory[]>('/api/requests/categories'));
  const [draft, setDraft] = useState<Row[] | null>(null);
  const save = useMutation({
    mutationFn: (rows: Row[]) => api.put<RequestCategory[]>('/api/requests/categories', rows.map(categoryOf)),
    onSuccess: (answer) => {
      queryClient.setQueryData(['/api/requests/categories', {}], answer);
      setDraft(null);
      void message.success(t('requests.settings.saved'));
    },
  });
  return (
    <Card size="small" title={t('requests.settings.categories')}>
      <QueryState query={categories}>
        {(stored) => {
          const rows = draft ?? rowsOf(stored);
          const change = (row: number, patch: Partial<Row>) =>
            setDraft(rows.map((r) => (r.row === row ? { ...r, ...patch } : r)));
          const textInput = (
            r: Row,
            key: 'code' | 'name' | 'department' | 'description' | 'keywordText',
            max: number,
          ) => (
            <Input
              aria-label={`${t(`requests.settings.columns.${key}`)} ${r.row + 1}`}
              value={r[key]}
              maxLength={max}
              onChange={(e) => change(r.row, { [key]: e.target.value })}
            />
          );
          return (
            <Flex vertical gap="middle">
              <Typography.Text type="secondary">{t('requests.settings.categoriesHint')}</Typography.Text>
              <Table<Row>
                size="small"
                rowKey="row"
                dataSource={rows}
                pagination={false}
                scroll={{ x: 1100 }}
                columns={[
                  {
                    title: t('requests.settings.columns.code'),
                    key: 'code',
                    width: 150,
                    render: (_, r) => textInput(r, 'code', 40),
                  },
                  {
                    title: t('requests.settings.columns.name'),
                    key: 'name',
                    width: 120,
                    render: (_, r) => textInput(r, 'name', 40),
                  },
                  {
                    title: t('requests.settings.columns.department'),
                    key: 'department',
                    width: 180,
                    render: (_, r) => textInput(r, 'department', 100),
                  },
                  {
                    title: t('requests.settings.columns.days'),
                    key: 'days',
                    width: 110,
                    render: (_, r) => (
                      <InputNumber
                        aria-label={`${t('requests.settings.columns.days')} ${r.row + 1}`}
                        min={1}
                        max={60}
                        precision={0}
                        value={r.deadlineWorkingDays}
                        onChange={(value) => change(r.row, { deadlineWorkingDays: value ?? 1 })}
                      />
                    ),
                  },
                  {
                    title: t('requests.settings.columns.description'),
                    key: 'description',
                    render: (_, r) => textInput(r, 'description', 500),
                  },
                  {
                    title: t('requests.settings.columns.keywordText'),
                    key: 'keywords',
                    width: 200,
                    render: (_, r) => textInput(r, 'keywordText', 300),
                  },
                  {
                    key: 'remove',
                    width: 50,
                    render: (_, r) => (
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('requests.settings.remove', { name: r.name })}
                        onClick={() => setDraft(rows.filter((x) => x.row !== r.row))}
                      />
                    ),
                  },
                ]}
              />
              <Space wrap>
                <Button
                  icon={<PlusOutlined />}
                  onClick={() =>
                    setDraft([
                      ...rows,
                      {
                        code: '',
                        name: '',
                        department: '',
                        deadlineWorkingDays: 5,
                        description: '',
                        keywordText: '',
                        row: Math.max(-1, ...rows.map((r) => r.row)) + 1,
                      },
                    ])
                  }
                >
                  {t('requests.settings.addCategory')}
                </Button>
                <Button
                  type="primary"
                  disabled={draft === null}
                  loading={save.isPending}
                  onClick={() => save.mutate(rows)}
                >
                  {t('requests.settings.save')}
                </Button>
                {draft !== null && <Button onClick={() => setDraft(null)}>{t('requests.settings.discard')}</Button>}
              </Space>
              {save.isError && <ErrorAlert error={save.error} />}
            </Flex>
          );
        }}
      </QueryState>
    </Card>
  );
}
