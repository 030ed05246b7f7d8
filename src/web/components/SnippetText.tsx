/** A search snippet with its hits, which the API marks as 【hit】, shown as <mark>. */
export function SnippetText({ snippet }: { snippet: string }) {
  const parts = snippet.split(/【([^】]*)】/);
  return (
    <span className="snippet">
      {/* split with one capture group alternates plain text (even) and hits (odd) */}
      {parts.map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : part))}
    </span>
  );
}
