/**
 * An honest token estimate for budgets, without shipping a tokenizer: BPE
 * tokenizers spend about one token per 4 letters of an English word, one per
 * 2-3 digits, and one per punctuation mark or non-Latin character. This
 * counts each of those; on prose it lands within a few percent of real
 * tokenizers and errs high on ids, paths and code, which is the safe side.
 */
const PIECE = /[A-Za-z]+|\d+|[^\sA-Za-z\d]/g;

export function estimateTokens(text: string): number {
  let n = 0;
  for (const m of text.matchAll(PIECE)) {
    const s = m[0];
    const c = s.charCodeAt(0);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) n += Math.ceil(s.length / 4);
    else if (c >= 48 && c <= 57) n += Math.ceil(s.length / 2.5);
    else n += 1;
  }
  // Newlines are tokens of their own in most tokenizers.
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n += 1;
  return n;
}

/** Cuts text to roughly `maxTokens`, at a word boundary, marking the cut. */
export function truncateToTokens(text: string, maxTokens: number): string {
  if (estimateTokens(text) <= maxTokens) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (estimateTokens(text.slice(0, mid)) + 1 <= maxTokens) lo = mid;
    else hi = mid - 1;
  }
  let cut = text.slice(0, lo);
  const space = cut.lastIndexOf(' ');
  if (space > lo * 0.6) cut = cut.slice(0, space);
  return `${cut.trimEnd()}…`;
}
