import { lowerBound } from '../core/postings.js';

/**
 * Typo correction against the store's own vocabulary: the closest known term
 * within edit distance 1 (2 for long words), preferring the one sharing the
 * longest prefix. Scans only terms of similar length and same first letter.
 */
export function closestTerm(vocabulary: readonly string[], term: string): string | undefined {
  if (term.length < 4) return undefined;
  const maxDist = term.length >= 8 ? 2 : 1;
  let best: string | undefined;
  let bestDist = maxDist + 1;
  let bestPrefix = -1;
  const first = term[0] as string;
  // The vocabulary is sorted: binary-search the block of terms with the same first letter.
  for (let i = lowerBound(vocabulary, first); i < vocabulary.length; i++) {
    const v = vocabulary[i] as string;
    if (v[0] !== first) break;
    if (Math.abs(v.length - term.length) > maxDist) continue;
    const d = editDistance(term, v, maxDist);
    if (d > maxDist) continue;
    const prefix = commonPrefix(term, v);
    if (d < bestDist || (d === bestDist && prefix > bestPrefix)) {
      best = v;
      bestDist = d;
      bestPrefix = prefix;
    }
  }
  return best;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Damerau-Levenshtein (adjacent transpositions), stopping early past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  const m = a.length;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prev2[j - 2] as number) + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n] as number;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * A known stem one edit away from the word as typed, where closestTerm()
 * finds none: it compares stems, and a typo often changes what the stemmer
 * strips ("migratoins" stems to "migratoin", two edits from "migrat";
 * "orderss" stays "orderss"). Each single edit of the word (a letter
 * dropped, two swapped, one replaced, one added: the common typos first) is
 * stemmed and looked up; the first known one wins. ~60 edits per letter,
 * only for a word the store does not know.
 */
export function editedForm(word: string, known: (stem: string) => boolean, stemOf: (word: string) => string): string | undefined {
  const w = word.toLowerCase();
  if (w.length < 5 || !/^[a-z]+$/.test(w)) return undefined;
  // The first letter is kept, as closestTerm() keeps it: people rarely mistype it, and an edit there makes another word ("sentry" / "entry", "cmake" / "make").
  const tries: string[] = [];
  for (let i = 1; i < w.length; i++) tries.push(w.slice(0, i) + w.slice(i + 1));
  for (let i = 1; i + 1 < w.length; i++) tries.push(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2));
  for (let i = 1; i < w.length; i++) for (const c of LETTERS) if (c !== w[i]) tries.push(w.slice(0, i) + c + w.slice(i + 1));
  for (let i = 1; i <= w.length; i++) for (const c of LETTERS) tries.push(w.slice(0, i) + c + w.slice(i));
  for (const t of tries) {
    const s = stemOf(t);
    if (known(s)) return s;
  }
  return undefined;
}
