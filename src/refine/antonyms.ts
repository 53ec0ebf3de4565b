/**
 * Words that state opposite facts in otherwise alike sentences: "mount
 * express.raw() before express.json()" and "... after express.json()" are
 * one character apart as text and opposite as advice. Many are stop words
 * (before, after, above, below), which the term index never sees, so they
 * are compared as written words. Only where one text uses a word and never
 * its opposite, and the other the opposite and never the word: two texts
 * that each use both say nothing either way. Only words whose opposite is
 * rarely added in passing: a restatement that adds "RabbitMQ was
 * rejected", "at most 10 min" or "lower cost" to "accepted", "max" or
 * "higher throughput" would read as an edit of the fact (a review's
 * repros), so accept/reject, min/max and higher/lower are not here.
 */
const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['before', 'after'],
  ['above', 'below'],
  ['enable', 'disable'],
  ['enables', 'disables'],
  ['enabled', 'disabled'],
  ['enabling', 'disabling'],
  ['allow', 'deny'],
  ['allows', 'denies'],
  ['allowed', 'denied'],
  ['allowing', 'denying'],
  ['include', 'exclude'],
  ['includes', 'excludes'],
  ['included', 'excluded'],
  ['including', 'excluding'],
  ['sync', 'async'],
  ['synchronous', 'asynchronous'],
  ['synchronously', 'asynchronously'],
  ['increase', 'decrease'],
  ['increases', 'decreases'],
  ['increased', 'decreased'],
  ['true', 'false'],
  ['minimum', 'maximum'],
  ['public', 'private'],
  ['inside', 'outside'],
  ['internal', 'external'],
  ['required', 'optional'],
  ['mandatory', 'optional'],
  ['always', 'never'],
  ['eager', 'lazy'],
  ['eagerly', 'lazily'],
  ['upper', 'lower'],
  ['uppercase', 'lowercase'],
  ['ascending', 'descending'],
];

/** Any word of PAIRS, as a whole word in any case. */
const ANY = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${[...new Set(PAIRS.flat())].join('|')})(?![\\p{L}\\p{N}_])`, 'giu');

/** The words of PAIRS a text uses, lower case: one scan, not a tokenisation of the whole text. */
export function antonymWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(ANY)) out.add(m[0].toLowerCase());
  return out;
}

/** The opposite pairs two sets of written (lower-case) words take different sides of, as "before / after" (the first set's word first). */
export function antonymConflicts(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const [x, y] of PAIRS) {
    if (a.has(x) && !a.has(y) && b.has(y) && !b.has(x)) out.push(`${x} / ${y}`);
    else if (a.has(y) && !a.has(x) && b.has(x) && !b.has(y)) out.push(`${y} / ${x}`);
  }
  return out;
}
