import { stem, words } from '../core/text.js';

/**
 * The passage of a body that best shows why it matched: the window of about
 * `width` characters holding the most distinct matched terms. Returns the
 * text and the character ranges of matched words (for highlighting).
 */
export interface Snippet {
  text: string;
  marks: [number, number][];
}

export function makeSnippet(body: string, matchedStems: readonly string[], width = 200): Snippet {
  const plain = body
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`>|]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!plain) return { text: '', marks: [] };
  const wanted = new Set(matchedStems);
  const positions: { start: number; end: number; stem: string }[] = [];
  for (const m of plain.matchAll(/[\p{L}\p{N}]+/gu)) {
    const w = words(m[0])[0];
    if (!w) continue;
    const s = stem(w);
    if (wanted.has(s)) positions.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, stem: s });
  }
  let from = 0;
  if (positions.length > 0) {
    let best = -1;
    for (let i = 0; i < positions.length; i++) {
      const start = (positions[i] as { start: number }).start;
      const distinct = new Set<string>();
      for (let j = i; j < positions.length && (positions[j] as { end: number }).end - start <= width; j++) distinct.add((positions[j] as { stem: string }).stem);
      if (distinct.size > best) {
        best = distinct.size;
        from = Math.max(0, start - 40);
      }
    }
    // Start at a word boundary.
    if (from > 0) {
      const space = plain.indexOf(' ', from);
      from = space >= 0 && space < from + 20 ? space + 1 : from;
    }
  }
  let to = Math.min(plain.length, from + width);
  if (to < plain.length) {
    const space = plain.lastIndexOf(' ', to);
    if (space > from + width / 2) to = space;
  }
  const prefix = from > 0 ? '…' : '';
  const suffix = to < plain.length ? '…' : '';
  const text = `${prefix}${plain.slice(from, to)}${suffix}`;
  const marks: [number, number][] = positions
    .filter((p) => p.start >= from && p.end <= to)
    .map((p) => [p.start - from + prefix.length, p.end - from + prefix.length]);
  return { text, marks };
}
