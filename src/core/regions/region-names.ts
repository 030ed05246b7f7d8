import { regionTable, regionWithin, type Region } from './region-table.ts';

// Policy text names places in full (苏州市, 浦东新区) or short (苏州, 浦东, 内蒙古). Short forms of
// provinces and prefecture cities are unambiguous and common; a county's short form is accepted only
// when no other region shares it (朝阳, 长安, 新城 are counties in several cities and everyday words).

const PROVINCE_SUFFIX = /(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/;
const CITY_SUFFIX = /(市|地区|盟|[\u4e00-\u9fa5]{0,8}?族自治州|自治州)$/;
const COUNTY_SUFFIX = /(市|新区|区|[\u4e00-\u9fa5]{0,8}?族自治县|自治县|县|自治旗|旗|林区|特区)$/;

function shortName(region: Region): string | null {
  const suffix = region.level === 'province' ? PROVINCE_SUFFIX : region.level === 'city' ? CITY_SUFFIX : COUNTY_SUFFIX;
  const short = region.name.replace(suffix, '');
  return short.length >= 2 && short !== region.name ? short : null;
}

export interface RegionNames {
  /** name → the regions it may mean (more than one only for ambiguous names) */
  byName: Map<string, Region[]>;
  /** the longest name in the table, to bound prefix searches */
  longest: number;
}

let names: RegionNames | undefined;

export function regionNames(): RegionNames {
  if (names) return names;
  const byName = new Map<string, Region[]>();
  const add = (name: string, region: Region) => {
    const list = byName.get(name);
    if (!list) byName.set(name, [region]);
    else if (!list.includes(region)) list.push(region);
  };
  const shortCounts = new Map<string, number>();
  const regions = [...regionTable().values()];
  for (const region of regions) {
    const short = shortName(region);
    if (short) shortCounts.set(short, (shortCounts.get(short) ?? 0) + 1);
  }
  for (const region of regions) {
    add(region.name, region);
    const short = shortName(region);
    if (!short) continue;
    if (region.level !== 'county' || shortCounts.get(short) === 1) add(short, region);
  }
  // A full name shared by a province-level city and nothing else (上海市) must mean the province code.
  for (const [name, list] of byName) {
    if (list.length > 1) list.sort((a, b) => levelRank(a) - levelRank(b));
    byName.set(name, list);
  }
  let longest = 0;
  for (const name of byName.keys()) longest = Math.max(longest, name.length);
  names = { byName, longest };
  return names;
}

function levelRank(r: Region): number {
  return r.level === 'province' ? 0 : r.level === 'city' ? 1 : 2;
}

/**
 * The chain of places written at the start of `text` ("江苏省苏州市吴江区…", "上海…", "浦东新区…"):
 * returns the most specific region and how many characters the names take, or null.
 * `context` (a code) resolves names that several regions share, preferring one inside it.
 */
export function leadingRegion(text: string, context: string | null = null): { region: Region; length: number } | null {
  const { byName, longest } = regionNames();
  let pos = 0;
  let found: Region | null = null;
  for (;;) {
    let match: Region | null = null;
    let matchLength = 0;
    for (let len = Math.min(longest, text.length - pos); len >= 2; len--) {
      const candidates = byName.get(text.slice(pos, pos + len));
      if (!candidates) continue;
      // The longest name decides: an ambiguous 朝阳区 must not fall back to the shorter 朝阳 (a city).
      match = pick1(candidates, found?.code ?? context, found !== null);
      matchLength = len;
      break;
    }
    if (!match) break;
    found = match;
    pos += matchLength;
  }
  return found ? { region: found, length: pos } : null;
}

function pick1(candidates: Region[], parent: string | null, mustBeInside: boolean): Region | null {
  if (parent) {
    const inside = candidates.filter((c) => c.code !== parent && regionWithin(c.code, parent));
    if (inside.length === 1) return inside[0]!;
    if (mustBeInside) return null;
  }
  return candidates.length === 1 || candidates[0]!.level !== candidates[1]!.level ? candidates[0]! : null;
}
