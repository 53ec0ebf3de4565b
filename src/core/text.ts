import { stemmer } from 'stemmer';

/**
 * Text analysis shared by recall (ranking) and refine (dedup): the same
 * tokens on both sides, so what one finds similar the other can find.
 * Lower-cased, accents folded, camelCase and snake_case split (the joined
 * form is kept too, so `useEffect` matches "use effect" and `useeffect`),
 * stop words dropped, Porter-stemmed.
 */

// Common English function words, plus the filler of questions people and
// agents ask ("which ... did we ... and why?").
const STOP = new Set(
  `a about above after again against all also am an and any are aren as at be because been before being below between both but by
can cannot could couldn did didn do does doesn doing don down during each either etc few for from further get gets got had hadn has
hasn have haven having he her here hers herself him himself his how however i if in into is isn it its itself just let lets like
me might more most much must mustn my myself no nor not now of off on once only or other ought our ours ourselves out over own
per same shall she should shouldn so some such than that the their theirs them themselves then there these they this those
through thus to too under until up upon us use used uses using very via was wasn we were weren what when where whether which
while who whom whose why will with within without would wouldn yet you your yours yourself yourselves
e.g i.e eg ie vs`
    .split(/\s+/)
    .filter(Boolean),
);

export function isStopWord(word: string): boolean {
  return STOP.has(word);
}

const stemCache = new Map<string, string>();

/** Porter stem, with a final `i` turned back into `y` so "deploy" and "deployment" meet. */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = word.length <= 3 || /\d/.test(word) ? word : stemmer(word);
    if (s.length > 3 && s.endsWith('i')) s = `${s.slice(0, -1)}y`;
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** Raw lower-case words of a text (no stemming, stop words kept): for highlighting and shingles. */
export function words(text: string): string[] {
  // Most memory is ASCII: a scan of char codes reads it several times faster
  // than the Unicode regex (with NFKD first), and gives the same words.
  if (onlyInertNonAscii(text)) return asciiWords(text);
  const out: string[] = [];
  const folded = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  for (const m of folded.matchAll(WORD)) pushWord(out, m[0].replace(/['’]\p{L}+$/u, ''));
  return out;
}

const NON_ASCII = /[\u0080-\uffff]/g;
const WORDISH = /[\p{L}\p{N}\p{M}’]/u;
const inert = new Map<number, boolean>();

/**
 * True when no non-ASCII character of the text can be part of a word, even
 * after NFKD folding (dashes, quotes, bullets, emoji): the ASCII scan then
 * gives the same words, reading them as separators.
 */
function onlyInertNonAscii(text: string): boolean {
  NON_ASCII.lastIndex = 0;
  for (let m = NON_ASCII.exec(text); m; m = NON_ASCII.exec(text)) {
    const ch = m[0];
    const code = ch.charCodeAt(0);
    let ok = inert.get(code);
    if (ok === undefined) {
      ok = !(code >= 0xd800 && code <= 0xdfff) && !WORDISH.test(ch) && ch.normalize('NFKD') === ch;
      inert.set(code, ok);
    }
    if (!ok) return false;
  }
  return true;
}

/** A word as written, then (for camelCase) its parts and its joined form, lower-cased. */
function pushWord(out: string[], raw: string): void {
  if (/[a-z][A-Z]/.test(raw)) {
    for (const part of raw.split(/(?<=[a-z])(?=[A-Z])/)) out.push(part.toLowerCase());
  }
  out.push(raw.toLowerCase());
}

/**
 * words() of ASCII text: runs of letters and digits, where an apostrophe
 * followed by letters ("don't", "team's") ends the word and is dropped with
 * them, as the Unicode path's pattern and suffix rule do.
 */
function asciiWords(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (!isAlnum(c)) {
      i++;
      continue;
    }
    const start = i;
    let camel = false;
    let prevLower = false;
    while (i < n && isAlnum((c = text.charCodeAt(i)))) {
      const lower = c >= 97 && c <= 122;
      if (prevLower && c >= 65 && c <= 90) camel = true;
      prevLower = lower;
      i++;
    }
    const raw = text.slice(start, i);
    // An apostrophe and the letters after it belong to this word, and are dropped.
    if (i + 1 < n && text.charCodeAt(i) === 39 && isLetter(text.charCodeAt(i + 1))) {
      i += 2;
      while (i < n && isLetter(text.charCodeAt(i))) i++;
    }
    if (camel) pushWord(out, raw);
    else out.push(raw.toLowerCase());
  }
  return out;
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/** Index term of each word seen: its stem, or '' when it is dropped (stop word, too short). */
const termCache = new Map<string, string>();

/** Index terms of a text: words without stop words, stemmed. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    // One lookup per word (index builds and refine read millions of them).
    let t = termCache.get(w);
    if (t === undefined) {
      t = (w.length < 2 && !/\d/.test(w)) || STOP.has(w) ? '' : stem(w);
      if (termCache.size > 200_000) termCache.clear();
      termCache.set(w, t);
    }
    if (t) out.push(t);
  }
  return out;
}

/** Removes what is not prose: link targets and bare URLs (their tokens, `https`, `github`, `com`, match everything). */
export function proseOf(text: string): string {
  return text.replace(/\]\([^)\s]*\)/g, ']').replace(/<?\bhttps?:\/\/[^\s)>\]]+>?/g, ' ');
}

/** A title as people compare titles: case and spacing aside. */
export function titleKey(title: string): string {
  return title.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A text on one line, cut at `max` characters with an ellipsis. */
export function oneLine(text: string, max: number): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * Markdown's inline markup dropped and the words kept, for one-line previews
 * (briefing leads, recall snippets): a quote's leading '>', the backticks
 * around code (not the code), a link's target, and asterisks that wrap words
 * ('**must**', '*not*'). Everything else is text and stays: underscores
 * (statement_timeout, __init__.py: in notes about code they are names far
 * more often than emphasis), comparison signs (>= 30s), a lone '*' (x*y).
 */
export function inlineText(text: string): string {
  return text
    .replace(/^[ \t]*(?:>[ \t]?)+/gm, '')
    .replace(/(`+)([^`]*?)\1/g, '$2')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(^|[^\p{L}\p{N}*])(\*{1,3})(?=\S)([^\n*]*?\S)\2(?![\p{L}\p{N}*])/gu, '$1$3');
}
