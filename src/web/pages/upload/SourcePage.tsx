import { FormOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Collapse, Descriptions, List, Space, Tag, Typography } from 'antd';
import { useLocation, useNavigate, useParams } from 'react-router';
import type { ArticleView, SourceView } from '../../../server/api.ts';
import { getQuery } from '../../api/client.ts';
import { ArticleLegend } from '../../components/ArticleLegend.tsx';
import { articleMarks } from '../../components/articleMarks.ts';
import { HighlightedText } from '../../components/HighlightedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { useFormat } from '../../format/useFormat.ts';
import { draftFromMeasure } from '../rules/editor/draftFromMeasure.ts';

const STATUS_COLORS = { new: 'green', updated: 'blue', unchanged: 'default' } as const;

/** Reviewing an uploaded document's extraction: each article's text marked, and its measures to write policies from. */
export function SourcePage() {
  const { id = '' } = useParams();
  const { t, amount } = useFormat();
  const navigate = useNavigate();
  const status = (useLocation().state as { status?: SourceView['status'] } | null)?.status;
  const view = useQuery(getQuery<SourceView>(`/api/policies/sources/${encodeURIComponent(id)}`));

  const measures = (article: ArticleView) => (
    <List
      size="small"
      header={<Typography.Text strong>{t('article.measures', { count: article.measures.length })}</Typography.Text>}
      dataSource={article.measures}
      rowKey="ordinal"
      locale={{ emptyText: t('article.noMeasures') }}
      renderItem={(measure) => {
        const sums = article.amounts.filter((a) => a.start >= measure.start && a.end <= measure.end);
        return (
          <List.Item
            data-testid="measure"
            extra={
              <Button
                size="small"
                type="primary"
                ghost
                icon={<FormOutlined />}
                onClick={() => navigate('/rules/new', { state: draftFromMeasure(article, measure) })}
              >
                {t('upload.createPolicy')}
              </Button>
            }
          >
            <Typography.Text>
              {measure.ordinal}. {measure.text}
            </Typography.Text>
            {sums.length > 0 && (
              <div>
                {sums.map((a, i) => (
                  <Tag key={i} color="gold">
                    {a.text} = {amount({ min: a.min, max: a.max })}
                    {a.per ? `/${a.per}` : ''}
                  </Tag>
                ))}
              </div>
            )}
          </List.Item>
        );
      }}
    />
  );

  return (
    <QueryState query={view}>
      {({ source, articles }) => (
        <>
          <PageTitle
            title={source.name}
            sub={t('upload.review')}
            extra={status && <Tag color={STATUS_COLORS[status]}>{t(`upload.status.${status}`)}</Tag>}
          />
          <Card size="small" style={{ marginBottom: 16 }}>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2, lg: 4 }}
              items={[
                { key: 'version', label: t('upload.version'), children: source.version },
                { key: 'format', label: t('upload.format'), children: `${source.format} · ${source.encoding}` },
                { key: 'articles', label: t('upload.articles'), children: source.articles },
                { key: 'measures', label: t('upload.measures'), children: source.measures },
              ]}
            />
          </Card>
          <Card size="small" title={t('upload.articlesTitle')} extra={<ArticleLegend />}>
            {articles.length === 0 ? (
              <Typography.Text type="secondary">{t('upload.noArticles')}</Typography.Text>
            ) : (
              <Collapse
                defaultActiveKey={[String(articles[0]!.id)]}
                items={articles.map((article) => ({
                  key: String(article.id),
                  label: (
                    <Space wrap size={4}>
                      <Typography.Text strong>
                        {article.ordinal}. {article.title}
                      </Typography.Text>
                      {article.section && <Tag color="red">{article.section}</Tag>}
                      <Tag>{t('article.measures', { count: article.measures.length })}</Tag>
                    </Space>
                  ),
                  children: (
                    <>
                      <HighlightedText text={article.text} marks={articleMarks(article)} />
                      {measures(article)}
                    </>
                  ),
                }))}
              />
            )}
          </Card>
        </>
      )}
    </QueryState>
  );
}
