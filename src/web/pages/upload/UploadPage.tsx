import { InboxOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Card, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { SourceListItem, SourceView } from '../../../server/api.ts';
import { api, getQuery } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { useFormat } from '../../format/useFormat.ts';

const LIMIT_MIB = 50;

/**
 * 上传文件: a policy document (text, HTML, PDF, DOCX) goes to the library as its raw bytes; its extraction opens for
 * review. Below, the documents already in the library.
 */
export function UploadPage() {
  const { t, dateTime } = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<unknown>(null);
  const sources = useQuery(getQuery<SourceListItem[]>('/api/policies/sources'));

  return (
    <>
      <PageTitle title={t('upload.title')} sub={t('upload.sub')} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Upload.Dragger
          name="document"
          multiple={false}
          showUploadList={false}
          accept=".txt,.htm,.html,.pdf,.docx,text/plain,text/html,application/pdf"
          customRequest={({ file, onSuccess, onError }) => {
            const blob = file as File;
            setFailure(null);
            api
              .upload<SourceView>('/api/policies/documents', blob, { name: blob.name })
              .then((view) => {
                onSuccess?.(view);
                void queryClient.invalidateQueries({ queryKey: ['/api/policies/sources'] });
                navigate(`/upload/sources/${view.source.id}`, { state: { status: view.status } });
              })
              .catch((error: unknown) => {
                setFailure(error);
                onError?.(error as Error);
              });
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('upload.drop')}</p>
          <p className="ant-upload-hint">{t('upload.hint', { limit: LIMIT_MIB })}</p>
        </Upload.Dragger>
        {failure !== null && (
          <div style={{ marginTop: 12 }}>
            <ErrorAlert error={failure} />
          </div>
        )}
      </Card>
      <Card size="small" title={t('upload.library')}>
        <QueryState query={sources} isEmpty={(list) => list.length === 0} empty={t('upload.noSources')}>
          {(list) => (
            <Table<SourceListItem>
              size="small"
              rowKey="id"
              dataSource={list}
              scroll={{ x: 720 }}
              pagination={{ pageSize: 10, showSizeChanger: false }}
              columns={[
                {
                  title: t('upload.name'),
                  key: 'name',
                  render: (_, s) => <Link to={`/upload/sources/${s.id}`}>{s.name}</Link>,
                },
                { title: t('upload.version'), dataIndex: 'version', width: 70 },
                {
                  title: t('upload.format'),
                  key: 'format',
                  render: (_, s) => (
                    <Typography.Text type="secondary">
                      {s.format} · {s.encoding}
                    </Typography.Text>
                  ),
                },
                { title: t('upload.articles'), dataIndex: 'articles', width: 80 },
                { title: t('upload.measures'), dataIndex: 'measures', width: 80 },
                { title: t('upload.ingestedAt'), dataIndex: 'ingestedAt', render: (at: string) => dateTime(at) },
              ]}
            />
          )}
        </QueryState>
      </Card>
    </>
  );
}
