import { isStopWord, stem, words } from '../core/text.js';
import { relatedForms } from './morphology.js';
import { synonymKey, synonymsOf } from './thesaurus.js';
import { closestTerm, editedForm } from './typo.js';

/**
 * Query analysis for recall: turns a question into weighted index terms.
 *
 * Each content word of the question is one "concept" (an origin, counted by
 * the coverage factor). A concept contributes its own stem when the store
 * knows it, and otherwise what the store's vocabulary says it most likely
 * meant, in this order:
 *
 *  - letters and digits glued together ("zip215") split into known parts;
 *  - a word glued from two known words ("autoscaler", "pagerduty") split;
 *  - the closest known term within a small edit distance (typos).
 *
 * Beyond single words, the word sequence (stop words included) is read for
 * forms that authors write differently from askers:
 *
 *  - two adjacent words that the store writes as one ("log in" / "login",
 *    "sign-on" / "signon", "back up" / "backup");
 *  - a run of words whose initials the store uses as a term ("accelerated
 *    mobile pages" / "AMP", "infrastructure as code" / "IaC");
 *  - camelCase and snake_case words count once: the joined form at full
 *    weight, its parts at a lower one (the index holds all of them).
 *
 * Everything is looked up in the store's own vocabulary, so nothing here is
 * specific to one store or one language of software.
 */

export interface QueryVocabulary {
  /** Number of live documents holding the term (0 when unknown). */
  df(term: string): number;
  /** Every term, sorted (for typo correction; called only when needed). */
  sorted(): readonly string[];
  /** Number of live documents holding all the terms (checks an acronym against its spelled-out words). */
  together?(terms: readonly string[]): number;
}

export interface QueryTerm {
  /** The index term, or for a phrase matched by its words, those stems joined by spaces. */
  term: string;
  /** A phrase the store writes as separate words: it matches records holding all of them. */
  all?: string[];
  weight: number;
  /** The concept this term stands for (coverage), or -1 for feedback terms. */
  origin: number;
  /** A word of a thesaurus phrase ("sign" of "sign in"): it does not cap the idf of the phrase's synonyms. */
  inPhrase?: boolean;
}

export interface AnalysedQuery {
  terms: QueryTerm[];
  /** Number of concepts (content words) in the question. */
  origins: number;
  /** The main term of each concept ('' when nothing in the store matched it). */
  heads: string[];
}

/**
 * A known word that is likely a typo all the same: in at most RARE_DF
 * entries, one edit away from a word in RARE_RATIO times as many. "ingres"
 * is in the ADR corpus once, "ingress" in 23 records: both are asked for.
 * (fresh2 set: MRR 0.789 -> 0.804; the other sets unchanged, and the same
 * with half or twice the ratio.)
 */
const RARE_DF = 2;
const RARE_RATIO = 10;

export const QUERY_WEIGHTS = {
  part: 0.45,
  split: 0.7,
  typo: 0.8,
  join: 1,
  acronym: 0.7,
  /** Another form of the word (spelling variant, derivation, irregular past): morphology.ts. */
  derived: 0.8,
  /** A near-synonym (thesaurus CLOSE group) and a related word (RELATED group). */
  close: 0.7,
  synonym: 0.2,
};


/** Words that only frame a question ("what did we decide about ..."), never its topic. */
const QUESTION_FRAME = new Set([
  ...['decide', 'decided', 'deciding', 'anymore', 'nowadays', 'currently', 'actually', 'really', 'please', 'tell', 'know', 'wondering', 'wonder', 'explain'],
  // Vague quantities and placeholders ("several related writes", "say five keys"); Porter also cuts "several" to "sever".
  ...['several', 'various', 'say', 'something', 'anything', 'someone', 'anyone', 'somebody', 'whatever', 'stuff', 'thing', 'things'],
]);

interface Unit {
  /** Lower-case word as written (a camelCase word keeps its joined form). */
  raw: string;
  /** camelCase/snake parts, when the word has several. */
  parts: string[];
  stop: boolean;
  /** Separated from the previous unit by a hyphen, slash or nothing but spaces (joinable). */
  joinable: boolean;
  origin: number;
}

const TOKEN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

function units(query: string): Unit[] {
  const out: Unit[] = [];
  const folded = query.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  let last = -1;
  for (const m of folded.matchAll(TOKEN)) {
    const ws = words(m[0]);
    if (ws.length === 0) continue;
    const raw = ws[ws.length - 1] as string;
    const gap = last < 0 ? '' : folded.slice(last, m.index);
    last = (m.index ?? 0) + m[0].length;
    const parts = ws.length > 1 ? ws.slice(0, -1) : [];
    const stop = isStopWord(raw) || QUESTION_FRAME.has(raw) || (raw.length < 2 && !/\d/.test(raw));
    out.push({ raw, parts, stop, joinable: out.length > 0 && /^[\s-]*$/.test(gap) && gap.length <= 2, origin: -1 });
  }
  return out;
}

export function analyseQuery(query: string, vocab: QueryVocabulary, options: { expand?: boolean } = {}): AnalysedQuery {
  const weights = QUERY_WEIGHTS;
  const out: QueryTerm[] = [];
  const seen = new Map<string, QueryTerm>();
  const add = (term: string, weight: number, origin: number, all?: string[]) => {
    const have = seen.get(term);
    if (have) {
      if (weight > have.weight) {
        have.weight = weight;
        have.origin = origin;
      }
      return;
    }
    const qt: QueryTerm = all ? { term, all, weight, origin } : { term, weight, origin };
    seen.set(term, qt);
    out.push(qt);
  };
  const known = (t: string) => t.length > 0 && vocab.df(t) > 0;
  // A word the store holds once or twice, one edit from one it holds ten times as often, is likely a typo of it ("ingres").
  const commonNeighbour = (raw: string, t: string) => {
    const df = vocab.df(t);
    if (df > RARE_DF) return undefined;
    return editedForm(raw, (s) => s !== t && vocab.df(s) >= RARE_RATIO * df, stem);
  };
  const us = units(query);
  const heads: string[] = [];
  const originOf = new Map<string, number>();
  let sorted: readonly string[] | undefined;
  const expanding = options.expand !== false;
  /** Adds the thesaurus neighbours of a word or phrase the store knows, as alternatives of one concept. */
  const expand = (key: string, origin: number, self: string) => {
    for (const syn of synonymsOf(key)) {
      const weight = syn.close ? weights.close : weights.synonym;
      const term = weight > 0 ? memberTerm(syn.words, vocab) : undefined;
      if (typeof term === 'string' && term !== self) add(term, weight, origin);
      else if (Array.isArray(term)) add(term.join(' '), weight, origin, term);
    }
  };

  // Phrases of two or three adjacent words the thesaurus knows ("sign in",
  // "on-call", "all-or-nothing"). Their words are not expanded one by one:
  // "sign" in "sign in" is not about signatures.
  const phrases: { from: number; to: number; key: string }[] = [];
  const inPhrase = new Set<number>();
  if (expanding) {
    for (let i = 0; i < us.length; i++) {
      const run = [(us[i] as Unit).raw];
      for (let j = i + 1; j < us.length && j < i + 3; j++) {
        const u = us[j] as Unit;
        if (!u.joinable) break;
        run.push(u.raw);
        const key = synonymKey(run);
        if (synonymsOf(key).length === 0) continue;
        phrases.push({ from: i, to: j, key });
        for (let k = i; k <= j; k++) inPhrase.add(k);
      }
    }
  }

  for (const [i, u] of us.entries()) {
    if (u.stop) continue;
    const t = stem(u.raw);
    let origin = originOf.get(t);
    if (origin !== undefined) {
      u.origin = origin;
      continue;
    }
    origin = heads.length;
    originOf.set(t, origin);
    u.origin = origin;
    let head = '';
    const derived = u.parts.length === 0 && weights.derived > 0 && !inPhrase.has(i) ? relatedForms(u.raw).map(stem).filter((d) => d !== t && known(d)) : [];
    if (known(t)) {
      add(t, 1, origin);
      // "sign" of "sign in" is not what the asker meant by the phrase: it must not cap the idf of "login".
      if (inPhrase.has(i)) (seen.get(t) as QueryTerm).inPhrase = true;
      head = t;
      const rare = u.parts.length === 0 && !inPhrase.has(i) ? commonNeighbour(u.raw, t) : undefined;
      if (rare) add(rare, weights.typo, origin);
    } else if (derived.length > 0) {
      head = derived[0] as string;
    } else if (u.parts.length === 0) {
      const pieces = splitGlued(u.raw, known);
      if (pieces) {
        for (const p of pieces) add(p, weights.split, origin);
        head = pieces[0] as string;
      } else {
        sorted ??= vocab.sorted();
        const fixed = closestTerm(sorted, t) ?? editedForm(u.raw, known, stem);
        if (fixed) {
          add(fixed, weights.typo, origin);
          head = fixed;
        }
      }
    }
    for (const d of derived) add(d, weights.derived, origin);
    for (const p of u.parts) {
      const pt = stem(p);
      if (!isStopWord(p) && known(pt)) {
        add(pt, head ? weights.part : 1, origin);
        if (!head) head = pt;
      }
    }
    heads.push(head);
    if (expanding && !inPhrase.has(i)) expand(synonymKey([u.raw]), origin, t);
  }
  for (const p of phrases) {
    const origin = us.slice(p.from, p.to + 1).find((x) => x.origin >= 0)?.origin;
    if (origin !== undefined) expand(p.key, origin, '');
  }

  // Two adjacent words the store writes as one.
  for (let i = 1; i < us.length; i++) {
    const a = us[i - 1] as Unit;
    const b = us[i] as Unit;
    if (!b.joinable || (a.stop && b.stop)) continue;
    const joined = stem(a.raw + b.raw);
    if (joined.length >= 4 && known(joined)) add(joined, weights.join, a.origin >= 0 ? a.origin : b.origin);
  }

  // Runs of three to five words whose initials the store uses as a term.
  for (let i = 0; i < us.length; i++) {
    const first = us[i] as Unit;
    if (first.stop) continue;
    let initials = '';
    for (let j = i; j < us.length && j < i + 5; j++) {
      const u = us[j] as Unit;
      if (j > i && !u.joinable) break;
      if (u.stop && !CONNECTIVES.has(u.raw)) break;
      initials += u.raw[0];
      if (j - i >= 2 && !u.stop && initials.length >= 3 && !/\d/.test(initials)) {
        const t = stem(initials);
        // Taken only where some record spells it out too ("Request for Comments (RFC)"):
        // in a long question, "runner for CI" would otherwise read as RFC.
        const spelled = us.slice(i, j + 1).filter((x) => !x.stop).map((x) => stem(x.raw));
        if (known(t) && !originOf.has(t) && (!vocab.together || vocab.together([t, ...spelled]) > 0)) add(t, weights.acronym, first.origin);
      }
    }
  }
  return { terms: out, origins: heads.length, heads };
}

/**
 * What a thesaurus member matches records by: a word's stem; a phrase's
 * joined form when the store writes it as one word ("signin"); else the
 * stems of its words, all of which a record must hold ("lame duck" matches
 * neither every "duck" nor every "lame"). Undefined when the store lacks it.
 */
function memberTerm(words: readonly string[], vocab: QueryVocabulary): string | string[] | undefined {
  const content = words.filter((w) => !isStopWord(w) && (w.length >= 2 || /\d/.test(w)));
  if (content.length === 0) return undefined;
  if (words.length > 1) {
    const joined = stem(words.join(''));
    if (vocab.df(joined) > 0) return joined;
  }
  const stems = [...new Set(content.map(stem))];
  if (!stems.every((t) => vocab.df(t) > 0)) return undefined;
  return stems.length === 1 ? stems[0] : stems;
}

const CONNECTIVES = new Set(['of', 'and', 'as', 'for', 'to', 'in', 'on']);

/** "zip215" -> zip, 215; "pagerduty" -> pager, duty: both parts known, else undefined. */
function splitGlued(word: string, known: (t: string) => boolean): string[] | undefined {
  const alnum = /^([a-z]+)(\d+)$|^(\d+)([a-z]+)$/.exec(word);
  if (alnum) {
    const parts = (alnum[1] ? [alnum[1], alnum[2]] : [alnum[3], alnum[4]]).map((p) => stem(p as string));
    const kept = parts.filter(known);
    return kept.length ? kept : undefined;
  }
  if (word.length < 7 || /\d/.test(word)) return undefined;
  let best: string[] | undefined;
  let bestScore = 0;
  for (let i = 3; i <= word.length - 3; i++) {
    const a = stem(word.slice(0, i));
    const b = stem(word.slice(i));
    if (isStopWord(word.slice(0, i)) || isStopWord(word.slice(i))) continue;
    if (!known(a) || !known(b)) continue;
    const score = Math.min(i, word.length - i);
    if (score > bestScore) {
      best = [a, b];
      bestScore = score;
    }
  }
  return best;
}
