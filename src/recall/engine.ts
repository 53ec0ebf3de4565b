import { idMatches } from '../core/id.js';
import { type EntryFilter, matchesFilter, pathsOverlap } from '../core/filter.js';
import { stem, terms, words } from '../core/text.js';
import type { StoredEntry } from '../core/types.js';
import type { IndexedEntry, MemoryIndex } from '../store/memory-index.js';
import { closestTerm } from './typo.js';
import { synonymTable } from './thesaurus.js';

/**
 * The ranker behind `recall`, `start --query` and the MCP recall tool.
 *
 *  1. BM25F over field-weighted term frequencies (title > tags > files, body).
 *  2. Query terms missing from the vocabulary are corrected to the closest
 *     known term (typos), ids and id prefixes match directly.
 *  3. Query expansion bridges the asker's words and the author's: a thesaurus
 *     of software synonyms, then pseudo-relevance feedback (terms that stand
 *     out in the first results) at a lower weight.
 *  4. A coverage factor prefers entries that match more of the question.
 *  5. Priors: superseded, rejected, dropped entries ranked down; recent and
 *     anchored-in-the-current-diff entries ranked up.
 */
export interface RecallOptions {
  limit?: number;
  filter?: EntryFilter;
  /** Files changed on this branch and in the working tree. */
  changedFiles?: string[];
  now?: Date;
  /** Text of a document (title + body) for pseudo-relevance feedback; skipped when absent. */
  textOf?: (entry: IndexedEntry) => string | undefined;
  /** Turn parts off (for the eval's baselines and ablations). */
  expand?: boolean;
  feedback?: boolean;
  priors?: boolean;
}

export interface RecallHit {
  entry: IndexedEntry;
  score: number;
  /** Stems of query terms this entry matched (for highlighting). */
  matched: string[];
  /** Set when a newer entry supersedes this one. */
  supersededBy?: string;
}

/** Tunable constants (mutable only for the eval's parameter sweeps). */
export const TUNING = {
  K1: 1.2,
  B: 0.75,
  W_SYNONYM: 0.35,
  W_TYPO: 0.8,
  W_FEEDBACK: 0.2,
  FEEDBACK_DOCS: 4,
  FEEDBACK_TERMS: 8,
};

interface QueryTerm {
  term: string;
  weight: number;
  /** Index of the original query word this term stands for (coverage), or -1 for feedback terms. */
  origin: number;
}

export function recall(index: MemoryIndex, query: string, options: RecallOptions = {}): RecallHit[] {
  const limit = options.limit ?? 10;
  const live = index.entries;
  const supersededBy = new Map<string, string>();
  for (const e of live) for (const old of e.supersedes) if (!supersededBy.has(old)) supersededBy.set(old, e.id);

  const idHits = idLookup(index, query);
  const base = analyseQuery(index, query, options.expand !== false);
  let scores = score(index, base.terms, base.origins);
  if (options.feedback !== false && options.textOf && base.origins > 0) {
    const extra = feedbackTerms(index, scores, base.terms, options.textOf);
    if (extra.length > 0) scores = score(index, [...base.terms, ...extra], base.origins);
  }
  for (const d of idHits) scores.total.set(d, (scores.total.get(d) ?? 0) + 1000);

  const hits: RecallHit[] = [];
  const now = (options.now ?? new Date()).getTime();
  for (const [doc, raw] of scores.total) {
    const entry = index.docs[doc];
    if (!entry) continue;
    if (options.filter && !matchesFilter(entry as unknown as StoredEntry, options.filter)) continue;
    let s = raw;
    const coverage = base.origins > 0 ? popcount(scores.coverage.get(doc) ?? 0) / base.origins : 1;
    s *= 0.55 + 0.45 * coverage;
    const sup = supersededBy.get(entry.id);
    if (options.priors !== false) s *= prior(entry, sup, options.changedFiles, now);
    hits.push({ entry, score: s, matched: [...(scores.matched.get(doc) ?? [])], ...(sup ? { supersededBy: sup } : {}) });
  }
  hits.sort((a, b) => b.score - a.score || (a.entry.created < b.entry.created ? 1 : a.entry.created > b.entry.created ? -1 : 0) || (a.entry.id < b.entry.id ? -1 : 1));
  return hits.slice(0, limit);
}

function popcount(n: number): number {
  let c = 0;
  for (let x = n; x; x &= x - 1) c++;
  return c;
}

function prior(entry: IndexedEntry, supersededBy: string | undefined, changedFiles: string[] | undefined, now: number): number {
  let p = 1;
  if (supersededBy || entry.status === 'superseded') p *= 0.55;
  else if (['rejected', 'deprecated', 'dropped', 'obsolete'].includes(entry.status)) p *= 0.7;
  else if (entry.status === 'done') p *= 0.85;
  const t = Date.parse(entry.created);
  if (!Number.isNaN(t)) {
    const days = Math.max(0, (now - t) / 86_400_000);
    p *= 1 + 0.08 * Math.exp(-days / 60);
  }
  if (changedFiles?.length && entry.files.some((f) => changedFiles.some((c) => pathsOverlap(f, c)))) p *= 1.2;
  return p;
}

function idLookup(index: MemoryIndex, query: string): number[] {
  const q = query.trim().toLowerCase();
  if (!/^([a-z]{3}-)?[0-9a-z]{3,8}$/.test(q) || !/\d/.test(q)) return [];
  const out: number[] = [];
  index.docs.forEach((e, i) => {
    if (e && idMatches(e.id, q)) out.push(i);
  });
  return out;
}

function analyseQuery(index: MemoryIndex, query: string, expand: boolean): { terms: QueryTerm[]; origins: number } {
  const out: QueryTerm[] = [];
  const seen = new Map<string, QueryTerm>();
  const add = (term: string, weight: number, origin: number) => {
    const have = seen.get(term);
    if (have) {
      if (weight > have.weight) {
        have.weight = weight;
        have.origin = origin;
      }
      return;
    }
    const qt = { term, weight, origin };
    seen.set(term, qt);
    out.push(qt);
  };
  const rawWords = words(query).filter((w) => terms(w).length > 0);
  const uniqueWords = [...new Set(rawWords)];
  let vocab: readonly string[] | undefined;
  uniqueWords.forEach((word, origin) => {
    const t = stem(word);
    if (index.hits(t).docs.length > 0) add(t, 1, origin);
    else {
      vocab ??= index.vocabulary();
      const fixed = closestTerm(vocab, t);
      if (fixed) add(fixed, TUNING.W_TYPO, origin);
    }
    if (expand) {
      for (const syn of synonymTable().get(word) ?? synonymTable().get(t) ?? []) {
        for (const st of terms(syn)) if (st !== t) add(st, TUNING.W_SYNONYM, origin);
      }
    }
  });
  return { terms: out, origins: Math.min(uniqueWords.length, 30) };
}

interface Scores {
  total: Map<number, number>;
  coverage: Map<number, number>;
  matched: Map<number, Set<string>>;
}

function score(index: MemoryIndex, query: QueryTerm[], origins: number): Scores {
  const total = new Map<number, number>();
  const coverage = new Map<number, number>();
  const matched = new Map<number, Set<string>>();
  const n = Math.max(1, index.size);
  const avg = index.avgLength || 1;
  for (const q of query) {
    const { docs, weights } = index.hits(q.term);
    const df = docs.length;
    if (df === 0) continue;
    const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i] as number;
      const w = weights[i] as number;
      const norm = w + TUNING.K1 * (1 - TUNING.B + (TUNING.B * index.docLength(d)) / avg);
      total.set(d, (total.get(d) ?? 0) + (q.weight * idf * (w * (TUNING.K1 + 1))) / norm);
      if (q.origin >= 0 && q.origin < 30 && origins > 0) {
        // Synonyms count for coverage at their weight's share; feedback terms do not count.
        if (q.weight >= TUNING.W_SYNONYM) coverage.set(d, (coverage.get(d) ?? 0) | (1 << q.origin));
      }
      if (q.weight >= TUNING.W_TYPO) {
        let set = matched.get(d);
        if (!set) matched.set(d, (set = new Set()));
        set.add(q.term);
      }
    }
  }
  return { total, coverage, matched };
}

/** Pseudo-relevance feedback: terms frequent in the top results and rare in the store. */
function feedbackTerms(index: MemoryIndex, scores: Scores, query: QueryTerm[], textOf: (e: IndexedEntry) => string | undefined): QueryTerm[] {
  const top = [...scores.total.entries()].sort((a, b) => b[1] - a[1]).slice(0, TUNING.FEEDBACK_DOCS);
  if (top.length < 2) return [];
  const inQuery = new Set(query.map((q) => q.term));
  const weight = new Map<string, number>();
  const n = Math.max(1, index.size);
  for (const [doc] of top) {
    const entry = index.docs[doc];
    const text = entry ? textOf(entry) : undefined;
    if (!text) continue;
    const tf = new Map<string, number>();
    const ts = terms(text);
    for (const t of ts) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, c] of tf) {
      if (inQuery.has(t) || t.length < 3 || /^\d+$/.test(t)) continue;
      weight.set(t, (weight.get(t) ?? 0) + c / ts.length);
    }
  }
  const candidates = [...weight.entries()].map(([t, w]) => {
    const df = index.hits(t).docs.length;
    return { t, s: df >= 2 ? w * Math.log(n / df) : 0 };
  });
  candidates.sort((a, b) => b.s - a.s || (a.t < b.t ? -1 : 1));
  const best = candidates[0]?.s ?? 0;
  return candidates
    .slice(0, TUNING.FEEDBACK_TERMS)
    .filter((c) => c.s > 0)
    .map((c) => ({ term: c.t, weight: (TUNING.W_FEEDBACK * c.s) / best, origin: -1 }));
}
