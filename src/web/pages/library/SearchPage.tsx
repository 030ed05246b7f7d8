import { useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Input, InputNumber, List, Select, Space, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import type { SearchResponse } from '../../../server/api.ts';
import { getQuery } from '../../api/client.ts';
import { PageTitle } from '../../components/PageTitle.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { RegionPicker } from '../../components/RegionPicker.tsx';
import { SnippetText } from '../../components/SnippetText.tsx';
import { regionName } from '../../format/places.ts';
import { useFormat } from '../../format/useFormat.ts';

const PAGE_SIZE = 10;

/**
 * 政策库: full-text search of the library with its filters. The search lives in the URL, so a result page can be
 * shared, reloaded and left with the back button.
 */
export function SearchPage() {
  const { t } = useFormat();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const value = (key: string) => params.get(key) ?? undefined;
  const query = {
    q: value('q') ?? '',
    region: value('region'),
    section: value('section'),
    issuer: value('issuer'),
    year: value('year'),
    hasAmount: value('hasAmount'),
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  const search = useQuery(getQuery<SearchResponse>('/api/policies/search', query));

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(key);
      else next.set(key, v);
    }
    setParams(next);
  };
  const filter =
    (key: 'q' | 'region' | 'section' | 'issuer' | 'year' | 'hasAmount') => (v: string | number | null | undefined) =>
      update({ [key]: v === null || v === undefined ? undefined : String(v), page: undefined });

  return (
    <>
      <PageTitle title={t('library.title')} sub={t('library.sub')} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <div role="search">
          <Input.Search
            key={query.q}
            defaultValue={query.q}
            placeholder={t('library.placeholder')}
            enterButton={t('library.search')}
            aria-label={t('library.search')}
            onSearch={filter('q')}
            allowClear
          />
          <Flex wrap gap="small" style={{ marginTop: 12 }}>
            <RegionPicker value={query.region} onChange={filter('region')} />
            <Input
              key={`section-${query.section ?? ''}`}
              defaultValue={query.section}
              placeholder={t('library.section')}
              aria-label={t('library.section')}
              onBlur={(e) => filter('section')(e.target.value)}
              onPressEnter={(e) => filter('section')(e.currentTarget.value)}
              style={{ width: 160 }}
            />
            <Input
              key={`issuer-${query.issuer ?? ''}`}
              defaultValue={query.issuer}
              placeholder={t('library.issuer')}
              aria-label={t('library.issuer')}
              onBlur={(e) => filter('issuer')(e.target.value)}
              onPressEnter={(e) => filter('issuer')(e.currentTarget.value)}
              style={{ width: 180 }}
            />
            <InputNumber<number>
              placeholder={t('library.year')}
              aria-label={t('library.year')}
              value={query.year ? Number(query.year) : null}
              min={1949}
              max={2100}
              onChange={filter('year')}
              style={{ width: 120 }}
            />
            <Select<string>
              aria-label={t('library.hasAmount')}
              value={query.hasAmount ?? 'any'}
              onChange={(v) => filter('hasAmount')(v === 'any' ? undefined : v)}
              style={{ width: 150 }}
              options={[
                { value: 'any', label: t('library.amountAny') },
                { value: 'true', label: t('library.amountYes') },
                { value: 'false', label: t('library.amountNo') },
              ]}
            />
            <Button onClick={() => setParams(new URLSearchParams())}>{t('library.reset')}</Button>
          </Flex>
        </div>
      </Card>
      <QueryState
        query={search}
        isEmpty={(data) => data.results.length === 0 && page === 1}
        empty={t('library.noResults')}
      >
        {(data) => (
          // data-for: the search these results answer (a test waits for its own, not the previous one's).
          <Card size="small" data-testid="search-results" data-for={params.toString()}>
            <List
              itemLayout="vertical"
              dataSource={data.results}
              rowKey="articleId"
              locale={{ emptyText: t('library.noMore') }}
              renderItem={(result) => (
                <List.Item data-testid="search-result">
                  <Link to={`/library/articles/${result.articleId}`}>
                    <Typography.Text strong>{result.title}</Typography.Text>
                  </Link>
                  <div style={{ margin: '4px 0' }}>
                    <SnippetText snippet={result.snippet} />
                  </div>
                  <Space size={[4, 4]} wrap>
                    {result.section && <Tag color="red">{result.section}</Tag>}
                    {result.regions.map((code) => (
                      <Tag key={code}>{regionName(code)}</Tag>
                    ))}
                    {result.issuers.map((issuer) => (
                      <Tag key={issuer} color="blue">
                        {issuer}
                      </Tag>
                    ))}
                    {result.years.map((year) => (
                      <Tag key={year}>{year}</Tag>
                    ))}
                    <Typography.Text type="secondary">
                      {result.source.name} · v{result.source.version}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
            <Flex justify="center" align="center" gap="middle" style={{ marginTop: 12 }}>
              <Button disabled={page <= 1} onClick={() => update({ page: String(page - 1) })}>
                {t('common.previous')}
              </Button>
              <Typography.Text>{t('common.page', { page })}</Typography.Text>
              <Button disabled={!data.hasMore} onClick={() => update({ page: String(page + 1) })}>
                {t('common.next')}
              </Button>
            </Flex>
          </Card>
        )}
      </QueryState>
    </>
  );
}
