// Builds data/industry/gb4754-2017.json, the GB/T 4754-2017 industry codes (国民经济行业分类) with their
// hierarchy, from data/industry/gb4754-2017.source.txt. Run: node --import tsx scripts/build-industry-codes.ts
//
// Where the list came from: no npm package ships the standard's code list, so the source file is a
// transcription (code, TAB, name; one line per entry, in the standard's order) of the `industry` table in a
// public MySQL dump on GitHub, found by searching for the 2017-only classes 3961 可穿戴智能设备制造 and
// 6450 互联网数据服务. That table lists sections (A–T), divisions (2 digits), groups (3 digits) and classes
// (4 digits), but leaves out a group that has one class only (the standard prints such a group and its class,
// ending in 0, under one name: "334 3340 金属丝绳及其制品制造"); this script puts those groups back.
//
// How it was checked (the script fails unless all hold):
// - the counts the National Bureau of Statistics published for the 2017 edition: 20 sections, 97 divisions,
//   473 groups, 1381 classes (the 2019 amendment, XG1-2019, is not included);
// - classes that only the 2017 edition has (C3961 可穿戴智能设备制造, C3962 智能车载设备制造,
//   C3963 智能无人飞行器制造, I6450 互联网数据服务, C3491 工业机器人制造, I6432 互联网生活服务平台) are present;
// - every code sits under its parent: a division under the section it follows, a group under its division,
//   a class under its group; no code twice; divisions 01–97 in ascending order.
// Names are cleaned of the dump's stray spaces and a stray "?", half-width parentheses become the standard's
// full-width ones, and the corrections below fix the entries where the dump differs from the standard.

import { readFileSync, writeFileSync } from 'node:fs';

const SOURCE = new URL('../data/industry/gb4754-2017.source.txt', import.meta.url);
const TARGET = new URL('../data/industry/gb4754-2017.json', import.meta.url);

/** Entries where the dump's name differs from the standard's text. */
const CORRECTIONS: Record<string, string> = {
  '15': '酒、饮料和精制茶制造业',
};

const EXPECTED = { section: 20, division: 97, group: 473, class: 1381 };
const ONLY_IN_2017 = ['C3961', 'C3962', 'C3963', 'I6450', 'C3491', 'I6432'];

interface Entry {
  code: string;
  name: string;
  parent: string | null;
}

function cleanName(raw: string): string {
  return raw
    .replace(/[\s\u3000?]+/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）');
}

function build(text: string): Entry[] {
  const entries: Entry[] = [];
  const byCode = new Map<string, Entry>();
  const add = (entry: Entry): void => {
    if (byCode.has(entry.code)) throw new Error(`${entry.code} twice`);
    if (entry.parent !== null && !byCode.has(entry.parent)) throw new Error(`${entry.code}: no parent ${entry.parent}`);
    byCode.set(entry.code, entry);
    entries.push(entry);
  };

  let section: string | null = null;
  let lastDivision = 0;
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const [code, rawName, extra] = line.split('\t');
    if (code === undefined || rawName === undefined || extra !== undefined) {
      throw new Error(`line ${index + 1}: expected "code<TAB>name"`);
    }
    const name = CORRECTIONS[code] ?? cleanName(rawName);
    if (/^[A-T]$/.test(code)) {
      section = code;
      add({ code, name, parent: null });
      continue;
    }
    if (section === null || !/^\d{2,4}$/.test(code)) throw new Error(`line ${index + 1}: bad code ${code}`);
    const division = code.slice(0, 2);
    if (code.length === 2) {
      if (Number(division) <= lastDivision) throw new Error(`line ${index + 1}: division ${code} out of order`);
      lastDivision = Number(division);
      add({ code: section + code, name, parent: section });
    } else if (code.length === 3) {
      add({ code: section + code, name, parent: section + division });
    } else {
      const group = section + code.slice(0, 3);
      if (!byCode.has(group)) {
        // A group with one class: the standard gives both one name, and the class code ends in 0.
        if (!code.endsWith('0')) throw new Error(`line ${index + 1}: class ${code} has no group`);
        add({ code: group, name, parent: section + division });
      }
      add({ code: section + code, name, parent: group });
    }
  }

  const levels = { section: 0, division: 0, group: 0, class: 0 };
  for (const e of entries) levels[levelOf(e.code)]++;
  for (const level of Object.keys(EXPECTED) as (keyof typeof EXPECTED)[]) {
    if (levels[level] !== EXPECTED[level]) {
      throw new Error(`${levels[level]} ${level}s, the 2017 edition has ${EXPECTED[level]}`);
    }
  }
  for (const code of ONLY_IN_2017) if (!byCode.has(code)) throw new Error(`${code} missing: not the 2017 edition?`);
  return entries;
}

function levelOf(code: string): 'section' | 'division' | 'group' | 'class' {
  return (['section', 'section', 'division', 'group', 'class'] as const)[code.length - 1]!;
}

const entries = build(readFileSync(SOURCE, 'utf8'));
// One entry a line: prettier keeps it so, and a change to one code shows as one line in review.
const line = (e: Entry): string =>
  `  { "code": ${JSON.stringify(e.code)}, "name": ${JSON.stringify(e.name)}, "parent": ${JSON.stringify(e.parent)} }`;
const json = `[\n${entries.map(line).join(',\n')}\n]\n`;
writeFileSync(TARGET, json);
console.log(`wrote ${entries.length} codes to ${TARGET.pathname}`);
