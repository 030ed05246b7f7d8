import { leadingRegion } from '../regions/region-names.ts';

// The jurisdictions that issued an article's policy, each at its own level. An issuer that names its place
// (上海市经信委, 江苏省苏州市吴江区人民政府) gives it; an issuer that says only 市/省/该省 (市交通委) belongs
// to the place the article is about; a national body (国务院, 财政部) gives no region. With no issuer that
// decides it, the place the headline opens with is the actor (上海三方面着力实施…).

const RELATIVE = /^(?:市|省|区|县|州|旗|该|本|全市|全省|自治区)/;

export function articleRegions(title: string, issuers: string[]): string[] {
  // 【北京】出台… / （上海）…: a bracketed place opens the headline as well.
  const headline = leadingRegion(title.replace(/^[【［[（(]/, ''))?.region.code ?? null;
  const codes = new Set<string>();
  let national = false;
  for (const issuer of issuers) {
    const place = leadingRegion(issuer, headline);
    if (place) codes.add(place.region.code);
    else if (!RELATIVE.test(issuer)) national = true;
  }
  if (codes.size === 0 && !national && headline) codes.add(headline);
  return [...codes].sort();
}
