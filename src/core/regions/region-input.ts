import { foldForSearch } from '../text/search-text.ts';
import { leadingRegion } from './region-names.ts';
import { regionByCode, type Region } from './region-table.ts';

/**
 * The region a user means by a six-digit GB/T 2260 code (320500) or a place name, full or short, alone or as a
 * chain (苏州, 江苏省, 江苏省苏州市, 蘇州); undefined when it names no region or several equally well.
 */
export function regionFromInput(input: string): Region | undefined {
  const text = input.trim();
  if (/^\d{6}$/.test(text)) return regionByCode(text);
  for (const candidate of new Set([text, foldForSearch(text)])) {
    const found = leadingRegion(candidate);
    if (found && found.length === candidate.length) return found.region;
  }
  return undefined;
}
