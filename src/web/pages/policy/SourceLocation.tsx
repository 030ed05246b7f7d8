import { Alert, Divider, Typography } from 'antd';
import { Link } from 'react-router';
import type { PolicySourceLocation } from '../../../server/api.ts';
import { articleMarks } from '../../components/articleMarks.ts';
import { HighlightedText } from '../../components/HighlightedText.tsx';
import { useFormat } from '../../format/useFormat.ts';

/** One source of a policy: the article it is printed in with the source sentence marked, or its text alone. */
export function SourceLocation({ location }: { location: PolicySourceLocation }) {
  const { t } = useFormat();
  const { source, found } = location;
  return (
    <div data-testid="source-location">
      <Typography.Text strong>
        {source.document && `《${source.document}》 `}
        {source.article}
      </Typography.Text>
      {source.measure !== null && (
        <Typography.Text type="secondary"> · {t('policy.measure', { ordinal: source.measure })}</Typography.Text>
      )}
      {found ? (
        <>
          <HighlightedText
            text={found.article.text}
            marks={[
              // The sentence matters here, not the article's measure boundaries.
              ...articleMarks(found.article).filter((mark) => mark.kind !== 'measure'),
              { ...found.highlight, kind: 'highlight' },
            ]}
          />
          <Link to={`/library/articles/${found.article.id}`}>{t('policy.openArticle')}</Link>
        </>
      ) : (
        <>
          <Alert type="info" showIcon title={t('policy.notInLibrary')} style={{ margin: '8px 0' }} />
          <blockquote className="source-quote">{source.text}</blockquote>
        </>
      )}
      <Divider />
    </div>
  );
}
