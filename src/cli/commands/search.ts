import type { Command } from 'commander';
import type { SearchFilters } from '../../services/policies/search.ts';
import { openLibrary } from '../library.ts';
import { isDebug, type CliIo } from '../io.ts';
import { describeFailure } from '../report.ts';

interface SearchCliOptions {
  region?: string;
  section?: string;
  issuer?: string;
  year?: string;
  hasAmount?: boolean;
  limit?: string;
  offset?: string;
  db?: string;
  json?: boolean;
}

const helpAfter = `
The query is cut into words as the library was (jieba); every word must occur in the article's headline,
measures or document titles. Traditional characters and full-width letters find the same as simplified,
half-width ones. An empty query ('') lists the newest articles that pass the filters.

Output: a ranked list (rank, score, headline, column · source, snippet with hits in 【】), or with --json
{"results": [{articleId, title, section, snippet, score, source, regions, issuers, documents, years,
sameAsId}]}. Scores are relevance, higher is better (BM25 on SQLite, ts_rank on PostgreSQL).

Database: --db PATH|postgres://…, else ZHIDA_DATABASE_URL, else ./zhida-data/zhida.db.
Exit status: 0 (also when nothing matches), 1 on an error (one line on stderr), 2 wrong usage.

Examples:
  zhida search 脑机接口
  zhida search 人工智能 --region 江苏 --year 2030 --json
  zhida search '' --issuer 上海市科委 --has-amount
`;

export function registerSearch(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('search')
    .summary('search the policy library in Chinese')
    .description('Search the policy library: ranked articles with highlighted snippets.')
    .argument('<query>', 'words to find (Chinese, simplified or traditional)')
    .option('--region <code|name>', 'GB/T 2260 code or place name (苏州 also matches under 江苏)')
    .option('--section <name>', 'bulletin column, exactly (科创聚焦)')
    .option('--issuer <name>', 'part of an issuer name (上海市科委)')
    .option('--year <yyyy>', 'a year the article names')
    .option('--has-amount', 'only articles that name a sum of money')
    .option('--limit <n>', 'results to print, 1–100', '20')
    .option('--offset <n>', 'results to skip', '0')
    .option('--db <path|url>', 'SQLite file or postgres:// URL')
    .option('--json', 'print {"results": [...]} as JSON')
    .addHelpText('after', helpAfter)
    .action(async (query: string, options: SearchCliOptions) => {
      setExitCode(await runSearch(query, options, io));
    });
}

/** A whole number as typed, else NaN: the service says what range it wants. */
function wholeNumber(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
}

async function runSearch(query: string, options: SearchCliOptions, io: CliIo): Promise<number> {
  const fail = (err: unknown): number => {
    const { message, details } = describeFailure(err, isDebug(io));
    io.stderr.write(`zhida search: ${message}\n${details === undefined ? '' : `${details}\n`}`);
    return 1;
  };
  // Loaded here, not at the top: the other commands need not load jieba.
  const { searchPolicies } = await import('../../services/policies/search.ts');
  const filters: SearchFilters = {
    region: options.region,
    section: options.section,
    issuer: options.issuer,
    year: wholeNumber(options.year),
    hasAmount: options.hasAmount ? true : undefined,
    limit: wholeNumber(options.limit),
    offset: wholeNumber(options.offset),
  };
  // A search never creates a library: a mistyped path would otherwise answer "no results" from an empty one.
  const database = await openLibrary('search', options.db, io, { create: false });
  if (database === undefined) return 1;
  try {
    const response = await searchPolicies(database, query, filters);
    if (options.json) {
      io.stdout.write(`${JSON.stringify({ results: response.results })}\n`);
      return 0;
    }
    if (response.results.length === 0) {
      io.stdout.write('no results\n');
      return 0;
    }
    const lines: string[] = [];
    for (const [i, r] of response.results.entries()) {
      const where = [r.section, `${r.source.name} v${r.source.version}`].filter((x) => x !== null).join(' · ');
      lines.push(`${response.offset + i + 1}. ${r.title}  (score ${r.score.toPrecision(3)})`, `   ${where}`);
      lines.push(`   ${r.snippet}`, '');
    }
    if (response.hasMore) lines.push(`more: --offset ${response.offset + response.limit}`);
    io.stdout.write(`${lines.join('\n').trimEnd()}\n`);
    return 0;
  } catch (err) {
    return fail(err);
  } finally {
    await database.close();
  }
}
