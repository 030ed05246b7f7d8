import type { CompiledPolicy } from './compiled-policy.ts';

/** The indexes of the policies of each stacking group with more than one policy, each group in policy-id order. */
export function stackingGroups(compiled: readonly CompiledPolicy[]): number[][] {
  const groups = new Map<string, number[]>();
  compiled.forEach((c, p) => {
    const group = c.policy.stackingGroup;
    if (group === undefined) return;
    let list = groups.get(group);
    if (list === undefined) groups.set(group, (list = []));
    list.push(p);
  });
  const byId = (a: number, b: number): number => {
    const x = compiled[a]!.policy.id;
    const y = compiled[b]!.policy.id;
    return x < y ? -1 : x > y ? 1 : a - b;
  };
  return [...groups.values()].filter((list) => list.length > 1).map((list) => list.sort(byId));
}
