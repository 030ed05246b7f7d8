import type { RuleLine } from '../format/describeRule.ts';

/** A condition or benefit tree in words, as nested lists; each line with the sentence it was written from. */
export function RuleLines({ lines }: { lines: RuleLine[] }) {
  return (
    <ul className="condition-tree">
      {lines.map((line, i) => (
        <li key={i}>
          {line.text}
          {line.source && <blockquote className="source-quote">{line.source}</blockquote>}
          {line.children && line.children.length > 0 && <RuleLines lines={line.children} />}
        </li>
      ))}
    </ul>
  );
}
