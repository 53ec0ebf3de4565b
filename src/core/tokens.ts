/**
 * An honest token estimate for budgets, without shipping a tokenizer: BPE
 * tokenizers spend about one token per 4 letters of an English word, one per
 * 2-3 digits, and one per punctuation mark or non-Latin character. This
 * counts each of those; on prose it lands within a few percent of real
 * tokenizers and errs high on ids, paths and code, which is the safe side.
 */
export function estimateTokens(text: string): number {
  // A single pass over char codes, with no inner function: this runs on every
  // line of every briefing, mostly before the JIT has warmed up, where a
  // closure call per word cost more than twice as much.
  let n = 0;
  let letters = 0;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      if (digits) {
        n += Math.ceil(digits / 2.5);
        digits = 0;
      }
      letters++;
      continue;
    }
    if (c >= 48 && c <= 57) {
      if (letters) {
        n += Math.ceil(letters / 4);
        letters = 0;
      }
      digits++;
      continue;
    }
    if (letters) {
      n += Math.ceil(letters / 4);
      letters = 0;
    }
    if (digits) {
      n += Math.ceil(digits / 2.5);
      digits = 0;
    }
    if (c === 10) n += 1; // newlines are tokens of their own in most tokenizers
    else if (c !== 32 && c !== 9 && c !== 13 && (c < 0xdc00 || c > 0xdfff)) n += 1; // punctuation, non-Latin (a surrogate pair counts once)
  }
  if (letters) n += Math.ceil(letters / 4);
  if (digits) n += Math.ceil(digits / 2.5);
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
