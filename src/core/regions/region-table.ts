import { areaList } from '@vant/area-data';

// GB/T 2260 codes come from @vant/area-data (a maintained province/city/county list with six-digit codes)
// rather than a hand-typed table. It is filtered here: Vant gives towns of cities without counties
// (东莞, 中山, 儋州, 嘉峪关) made-up county codes, and lists placeholder cities (省直辖县, 县).

export type RegionLevel = 'province' | 'city' | 'county';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  /** the code of the enclosing region; null for a province */
  parent: string | null;
}

const PLACEHOLDER_CITY = /^(省直辖县|自治区直辖县级行政区划|县|市辖区)$/;
const TOWN = /(镇|乡|街道|办事处)$/;

function parentOfCounty(code: string, cities: Record<string, string>): string {
  const city = code.slice(0, 4) + '00';
  // Counties directly under a province (省直辖县) or a municipality belong to the province.
  if (cities[city] !== undefined && !PLACEHOLDER_CITY.test(cities[city]!) && !MUNICIPALITY.has(code.slice(0, 2))) {
    return city;
  }
  return code.slice(0, 2) + '0000';
}

/** 北京, 天津, 上海, 重庆: their districts are counties of the province-level city; the city level is skipped. */
const MUNICIPALITY = new Set(['11', '12', '31', '50']);

function build(): Map<string, Region> {
  const regions = new Map<string, Region>();
  for (const [code, name] of Object.entries(areaList.province_list)) {
    regions.set(code, { code, name, level: 'province', parent: null });
  }
  for (const [code, name] of Object.entries(areaList.city_list)) {
    if (PLACEHOLDER_CITY.test(name) || MUNICIPALITY.has(code.slice(0, 2))) continue;
    regions.set(code, { code, name, level: 'city', parent: code.slice(0, 2) + '0000' });
  }
  for (const [code, name] of Object.entries(areaList.county_list)) {
    if (TOWN.test(name)) continue;
    regions.set(code, { code, name, level: 'county', parent: parentOfCounty(code, areaList.city_list) });
  }
  return regions;
}

let table: Map<string, Region> | undefined;

/** Every region by its six-digit code. Built once, on first use. */
export function regionTable(): ReadonlyMap<string, Region> {
  table ??= build();
  return table;
}

export function regionByCode(code: string): Region | undefined {
  return regionTable().get(code);
}

/** True when `code` is `ancestor` or lies inside it (a county is within its city within its province). */
export function regionWithin(code: string, ancestor: string): boolean {
  for (let r = regionByCode(code); r; r = r.parent ? regionByCode(r.parent) : undefined) {
    if (r.code === ancestor) return true;
  }
  return false;
}
