import { useTranslation } from 'react-i18next';

/** What the marks of an article's text mean. */
export function ArticleLegend() {
  const { t } = useTranslation();
  return (
    <span className="article-text">
      <span className="measure">{t('article.legend.measure')}</span>{' '}
      <mark className="amount">{t('article.legend.amount')}</mark>{' '}
      <mark className="rate">{t('article.legend.rate')}</mark>
    </span>
  );
}
