import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row } from 'antd';
import { useParams } from 'react-router';
import type { ArticleView } from '../../../server/api.ts';
import { getQuery } from '../../api/client.ts';
import { ArticleFacts } from '../../components/ArticleFacts.tsx';
import { ArticleLegend } from '../../components/ArticleLegend.tsx';
import { articleMarks } from '../../components/articleMarks.ts';
import { HighlightedText } from '../../components/HighlightedText.tsx';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { useFormat } from '../../format/useFormat.ts';

/** One article of the library as printed, with its measures, sums and rates marked, and what was found in it. */
export function ArticlePage() {
  const { id = '' } = useParams();
  const { t } = useFormat();
  const article = useQuery(getQuery<ArticleView>(`/api/policies/articles/${encodeURIComponent(id)}`));
  return (
    <QueryState query={article}>
      {(a) => (
        <>
          <PageTitle
            title={a.title}
            sub={`${a.source.name} · v${a.source.version}${a.section ? ` · ${a.section}` : ''}`}
          />
          {!a.current && <Alert type="warning" showIcon title={t('article.notCurrent')} style={{ marginBottom: 16 }} />}
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={16}>
              <Card size="small" title={t('article.text')} extra={<ArticleLegend />}>
                <HighlightedText text={a.text} marks={articleMarks(a)} />
              </Card>
            </Col>
            <Col xs={24} lg={8}>
              <ArticleFacts article={a} />
            </Col>
          </Row>
        </>
      )}
    </QueryState>
  );
}
