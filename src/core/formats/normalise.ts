// Every format ends here, so the extractor sees one shape of text whatever the source: no BOM, '\n' line
// ends, no control characters, NFC. Each step is one native regex pass over the whole text (fast on 10 MB).

// A stray U+FEFF inside the text is a BOM left over from joining files; it is never meant as text.
const BOMS = /\uFEFF/g;
// Old Mac CR, Windows CRLF, NEL and the Unicode line/paragraph separators all mean "new line"; a form feed
// or vertical tab is a page break in text exported from Word.
const LINE_BREAKS = /\r\n?|[\u0085\u2028\u2029\f\v]/g;
// Other controls carry no text (a stray ^Z end-of-file marker, escape sequences); the tab stays.
const CONTROLS = /[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]/g;

export function normaliseText(text: string): string {
  return text.replace(BOMS, '').replace(LINE_BREAKS, '\n').replace(CONTROLS, '').normalize('NFC');
}
