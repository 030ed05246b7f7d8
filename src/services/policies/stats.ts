import type { Database } from '../../db/database.ts';
import { countLibrary, type LibraryCounts } from '../../db/policies.repository.ts';

export type LibraryStats = LibraryCounts;

/**
 * What the library holds: `sources`, and the `articles` and `measures` of their current versions (what search
 * and the digest see); beside them `versions`, `documents` (policy documents named in 《》), the articles and
 * measures of every version (`allArticles`, `allMeasures`) and the `bytes` of the original files kept.
 */
export async function libraryStats(database: Database): Promise<LibraryStats> {
  return countLibrary(database.db);
}
