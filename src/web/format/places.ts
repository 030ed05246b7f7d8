import { industryByCode, industryTable } from '../../core/profile/industries.ts';
import { regionByCode, regionTable, type Region } from '../../core/regions/region-table.ts';

// Names for the codes the API answers with: GB/T 2260 regions and GB/T 4754-2017 industries, from the same pure
// tables the server uses (bundled into the pages that need them).

/** 江苏省苏州市吴中区 for 320506; the code itself when the table does not know it. */
export function regionName(code: string): string {
  const chain: string[] = [];
  for (let region = regionByCode(code); region; region = region.parent ? regionByCode(region.parent) : undefined) {
    chain.unshift(region.name);
  }
  return chain.length === 0 ? code : chain.join('');
}

/** The codes from the province down to `code` (a Cascader's value path). */
export function regionPath(code: string): string[] {
  const path: string[] = [];
  for (let region = regionByCode(code); region; region = region.parent ? regionByCode(region.parent) : undefined) {
    path.unshift(region.code);
  }
  return path;
}

export interface RegionOption {
  value: string;
  label: string;
  children?: RegionOption[];
}

let regionOptions: RegionOption[] | undefined;

/** Provinces → cities → counties, as Cascader options; built once. */
export function regionTree(): RegionOption[] {
  if (regionOptions) return regionOptions;
  const byParent = new Map<string | null, Region[]>();
  for (const region of regionTable().values()) {
    const list = byParent.get(region.parent) ?? [];
    list.push(region);
    byParent.set(region.parent, list);
  }
  const build = (parent: string | null): RegionOption[] =>
    (byParent.get(parent) ?? []).map((region) => {
      const children = build(region.code);
      return children.length > 0
        ? { value: region.code, label: region.name, children }
        : { value: region.code, label: region.name };
    });
  regionOptions = build(null);
  return regionOptions;
}

/** "C3911 计算机整机制造"; the code itself when unknown. */
export function industryName(code: string): string {
  const industry = industryByCode(code);
  return industry ? `${industry.code} ${industry.name}` : code;
}

export interface IndustryOption {
  value: string;
  label: string;
}

let industryOptions: IndustryOption[] | undefined;

/** Every code of the standard as Select options, in the standard's order. */
export function industryList(): IndustryOption[] {
  industryOptions ??= [...industryTable().values()].map((i) => ({ value: i.code, label: `${i.code} ${i.name}` }));
  return industryOptions;
}
