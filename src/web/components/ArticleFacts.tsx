import { Card, Descriptions, List, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { ArticleView } from '../../server/api.ts';
import { useFormat } from '../format/useFormat.ts';

/** What the extractor found in an article: its regions, issuers, documents, years, measures and sums. */
export function ArticleFacts({ article }: { article: ArticleView }) {
  const { t, amount } = useFormat();
  const tags = (values: string[]) =>
    values.length === 0 ? '—' : values.map((value) => <Tag key={value}>{value}</Tag>);
  return (
    <Card size="small" title={t('article.found')}>
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'regions', label: t('article.regions'), children: tags(article.regions.map((r) => r.name)) },
          { key: 'issuers', label: t('article.issuers'), children: tags(article.issuers) },
          { key: 'documents', label: t('article.documents'), children: tags(article.documents.map((d) => `《${d}》`)) },
          { key: 'years', label: t('article.years'), children: tags(article.years.map(String)) },
          {
            key: 'amounts',
            label: t('article.amounts'),
            children: tags(
              article.amounts.map(
                (a) => `${a.text} = ${amount({ min: a.min, max: a.max })}${a.per ? `/${a.per}` : ''}`,
              ),
            ),
          },
          { key: 'rates', label: t('article.rates'), children: tags(article.rates.map((r) => r.text)) },
          {
            key: 'sameAs',
            label: t('article.sameAs'),
            children:
              article.sameAs.length === 0
                ? '—'
                : article.sameAs.map((other) => (
                    <div key={other.id}>
                      <Link to={`/library/articles/${other.id}`}>{other.title}</Link>
                    </div>
                  )),
          },
        ]}
      />
      <Typography.Title level={5}>{t('article.measures', { count: article.measures.length })}</Typography.Title>
      <List
        size="small"
        dataSource={article.measures}
        rowKey="ordinal"
        locale={{ emptyText: t('article.noMeasures') }}
        renderItem={(m) => (
          <List.Item>
            <Typography.Text>
              {m.ordinal}. {m.text}
            </Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}
