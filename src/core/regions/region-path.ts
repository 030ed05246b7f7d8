import { regionByCode, regionTable, type Region } from './region-table.ts';

/** The region and those enclosing it, widest first: 320506 → [江苏省, 苏州市, 吴中区]. Empty for an unknown code. */
export function regionPath(code: string): Region[] {
  const path: Region[] = [];
  for (let r = regionByCode(code); r; r = r.parent ? regionByCode(r.parent) : undefined) path.unshift(r);
  return path;
}

/** The full name as an address writes it (江苏省苏州市吴中区, 上海市徐汇区); the code itself when unknown. */
export function regionFullName(code: string): string {
  const path = regionPath(code);
  return path.length === 0 ? code : path.map((r) => r.name).join('');
}

let children: Map<string, string[]> | undefined;

/** The code and every code within it (a province: its cities and their counties), for `region in (…)` filters. */
export function regionsWithin(code: string): string[] {
  if (children === undefined) {
    children = new Map();
    for (const region of regionTable().values()) {
      if (region.parent === null) continue;
      const list = children.get(region.parent) ?? [];
      list.push(region.code);
      children.set(region.parent, list);
    }
  }
  const all: string[] = [];
  const stack = [code];
  while (stack.length > 0) {
    const next = stack.pop()!;
    all.push(next);
    stack.push(...(children.get(next) ?? []));
  }
  return all;
}
