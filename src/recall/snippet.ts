import { inlineText, stem, words } from '../core/text.js';

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
  // Refine's provenance line (_Merged from dec-x (...):_) reads as its words, without the emphasis marks.
  const plain = inlineText(body.replace(/```[\s\S]*?```/g, ' ').replace(/<!--[\s\S]*?-->/g, ' ').replace(/^_(Merged from .*)_$/gm, '$1'))
    .replace(/^#{1,6}\s+/gm, '')
    // A table's rule lines and cell borders, not its cells.
    .replace(/^[\s|:-]*-{3,}[\s|:-]*$/gm, ' ')
    .replace(/\s*\|\s*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!plain) return { text: '', marks: [] };
  const wanted = new Set(matchedStems);
  const positions: { start: number; end: number; stem: string }[] = [];
  // Porter stemming only strips suffixes, so a word can have a wanted stem
  // only if it starts like one: words that do not are never stemmed (stemming
  // every word of ten bodies was the costliest step of a cold recall).
  const head = Math.max(1, Math.min(3, ...matchedStems.map((s) => s.length)));
  const heads = new Set(matchedStems.map((s) => s.slice(0, head)));
  // Stem each distinct token once: bodies repeat their words.
  const stemOf = new Map<string, string>();
  for (const m of plain.matchAll(/[\p{L}\p{N}]+/gu)) {
    let s = stemOf.get(m[0]);
    if (s === undefined) {
      const w = /^[a-z0-9]+$/.test(m[0]) ? m[0] : words(m[0])[0];
      s = w && heads.has(w.slice(0, head)) ? stem(w) : '';
      stemOf.set(m[0], s);
    }
    if (s && wanted.has(s)) positions.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, stem: s });
  }
  let from = 0;
  if (positions.length > 0) {
    // Sliding window over the matches: count of each stem inside [i, j).
    let best = -1;
    const inside = new Map<string, number>();
    let j = 0;
    for (let i = 0; i < positions.length; i++) {
      const start = (positions[i] as { start: number }).start;
      while (j < positions.length && (positions[j] as { end: number }).end - start <= width) {
        const st = (positions[j] as { stem: string }).stem;
        inside.set(st, (inside.get(st) ?? 0) + 1);
        j++;
      }
      if (inside.size > best) {
        best = inside.size;
        from = Math.max(0, start - 40);
      }
      const gone = (positions[i] as { stem: string }).stem;
      const left = (inside.get(gone) ?? 0) - 1;
      if (left > 0) inside.set(gone, left);
      else inside.delete(gone);
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
