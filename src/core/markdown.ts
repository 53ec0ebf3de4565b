/**
 * Small, pure text helpers for entry bodies. They work line by line and
 * respect fenced code blocks, so a `#` comment inside a code sample is never
 * taken for a heading.
 */

/**
 * Removes headings whose section holds nothing: template sections left
 * unfilled. Only headings listed in `removable` (the template's own) are
 * candidates, so a heading the user wrote is never dropped.
 */
export function dropEmptySections(markdown: string, removable: readonly string[]): string {
  const candidates = new Set(removable.map((h) => h.trim()));
  const lines = markdown.split('\n');
  const keep: boolean[] = lines.map(() => true);
  let fence = false;
  let heading = -1;
  let filled = false;
  const close = () => {
    if (heading >= 0 && !filled && candidates.has((lines[heading] as string).trim())) keep[heading] = false;
  };
  lines.forEach((line, i) => {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    if (!fence && /^#{1,6}\s/.test(line)) {
      close();
      heading = i;
      filled = false;
    } else if (line.trim() !== '') filled = true;
  });
  close();
  return lines
    .filter((_, i) => keep[i])
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The heading lines of a markdown text (outside code fences). */
export function headingLines(markdown: string): string[] {
  const out: string[] = [];
  let fence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    else if (!fence && /^#{1,6}\s/.test(line)) out.push(line.trim());
  }
  return out;
}
