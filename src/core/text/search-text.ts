import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import * as OpenCC from 'opencc-js';

// What the full-text index stores and what a query is matched with: the same folding (NFKC for full-width
// letters and digits, traditional → simplified, lower case) and the same jieba segmentation on both sides.
// HMM is off: guessing unknown words from context would cut the same word differently in a query and in a
// document (脑机接口 must give 脑|机|接口 everywhere); dictionary words still stay whole.

let jieba: Jieba | undefined;
let toSimplified: ((text: string) => string) | undefined;

/** NFKC, simplified characters, lower case. */
export function foldForSearch(text: string): string {
  const convert = (toSimplified ??= OpenCC.Converter({ from: 't', to: 'cn' }));
  return convert(text.normalize('NFKC')).toLowerCase();
}

const WORD = /[\p{L}\p{N}]/u;

/** The words of a text as the index sees them: folded, segmented (search mode), punctuation dropped. */
export function searchTokens(text: string): string[] {
  jieba ??= Jieba.withDict(dict);
  return jieba.cutForSearch(foldForSearch(text), false).filter((token) => WORD.test(token));
}

/** The text of an index column: its tokens separated by spaces. */
export function indexText(text: string): string {
  return searchTokens(text).join(' ');
}
