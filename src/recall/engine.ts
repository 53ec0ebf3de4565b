import { type EntryFilter, matchesFilter } from '../core/filter.js';
import { idMatches } from '../core/id.js';
import { effectiveStatus } from '../core/relations.js';
import { terms } from '../core/text.js';
import type { StoredEntry } from '../core/types.js';
import type { IndexedEntry, MemoryIndex } from '../store/memory-index.js';
import { idf, kthLargest, type Scores, score, termPostings } from './bm25.js';
import { feedbackTerms } from './feedback.js';
import { analyseQuery, type QueryTerm, type QueryVocabulary } from './query.js';
import { liftTitleSiblings } from './siblings.js';
import { TUNING } from './tuning.js';

export { TUNING } from './tuning.js';

/**
 * The ranker behind `recall`, `start --query` and the MCP recall tool.
 *
 *  1. Query analysis (query.ts): each content word of the question is a
 *     concept, matched by its stem, or by what the store's vocabulary says it
 *     meant (typos, glued words, words the store writes as one, acronyms),
 *     plus software synonyms at a low weight. Ids and id prefixes match
 *     directly.
 *  2. BM25 over field-weighted term frequencies (title > tags > files, body).
 *     A concept scores once per entry, by its best-matching term, so a
 *     concept with many synonyms or camelCase parts is not counted twice.
 *  3. Entries whose title holds the question's rarer concepts are ranked up:
 *     a title names what a record is about.
 *     Then the entries titled like the best hit are ranked up below it
 *     (siblings.ts): questions with several answers find one first.
 *  4. Priors: superseded, rejected, dropped entries ranked down (and pointed
 *     at their replacement); recent and anchored-in-the-current-diff entries
 *     ranked up.
 *  5. Optional pseudo-relevance feedback (terms that stand out in the first
 *     results), off unless asked for: on the eval it cost more than it gave.
 */
export interface RecallOptions {
  limit?: number;
  filter?: EntryFilter;
  /** Files changed on this branch and in the working tree. */
  changedFiles?: string[];
  now?: Date;
  /** Text of a document (title + body) for pseudo-relevance feedback; used only when `feedback` is true. */
  textOf?: (entry: IndexedEntry) => string | undefined;
  /** Turn parts off (for the eval's baselines and ablations); `feedback` is off unless set to true. */
  expand?: boolean;
  feedback?: boolean;
  priors?: boolean;
  /** Rank up entries whose title names the question's concepts (default on). */
  titles?: boolean;
  /** Rank up entries titled like the best hit, for questions with several answers (default on; needs titles). */
  siblings?: boolean;
}

export interface RecallHit {
  entry: IndexedEntry;
  score: number;
  /** Stems of query terms this entry matched (for highlighting). */
  matched: string[];
  /** Set when a newer entry supersedes this one. */
  supersededBy?: string;
}

/** The most priors can raise a score (recent entry anchored in the current diff). */
const PRIOR_MAX = 1.08 * 1.2;

export function recall(index: MemoryIndex, query: string, options: RecallOptions = {}): RecallHit[] {
  return finishRecall(scoreQuery(index, query, options), options);
}

/**
 * The first half of a recall: the query read against the index's vocabulary
 * and every entry's BM25 score. It needs the index alone (not the working
 * tree's status, the filters or the clock), so `recall` computes it on the
 * cached index while git status runs, and keeps it when the cache proves
 * current (see run.ts).
 */
export interface ScoredQuery {
  index: MemoryIndex;
  query: string;
  /** Read with expansions (synonyms, word forms), as RecallOptions.expand. */
  expand: boolean;
  idHits: number[];
  analysed: ReturnType<typeof analyseQuery>;
  scores: Scores;
}

export function scoreQuery(index: MemoryIndex, query: string, options: Pick<RecallOptions, 'expand'> = {}): ScoredQuery {
  const expand = options.expand !== false;
  const analysed = analyseQuery(query, vocabularyOf(index), { expand });
  return { index, query, expand, idHits: idLookup(index, query), analysed, scores: score(index, analysed.terms, analysed.origins) };
}

/** The rest of a recall, from a scored query: feedback, id hits, filters, priors, titles, the best first. */
export function finishRecall(scored: ScoredQuery, options: RecallOptions = {}): RecallHit[] {
  const { index, idHits, analysed } = scored;
  const limit = options.limit ?? 10;
  const supersededBy = index.supersededBy();
  let queryTerms = analysed.terms;
  // The id bonus below adds to the totals: on a copy, so that the scored query can be finished again (only id queries pay for it).
  let scores: Scores = idHits.length > 0 ? { ...scored.scores, total: scored.scores.total.slice(), touched: scored.scores.touched.slice() } : scored.scores;
  if (options.feedback === true && options.textOf && analysed.origins > 0) {
    const extra = feedbackTerms(index, scores, queryTerms, options.textOf);
    if (extra.length > 0) {
      queryTerms = [...queryTerms, ...extra];
      scores = score(index, queryTerms, analysed.origins);
    }
  }
  for (const d of idHits) {
    if (scores.total[d] === 0) scores.touched.push(d);
    scores.total[d] = (scores.total[d] as number) + 1000;
  }

  const now = (options.now ?? new Date()).getTime();
  const originIdf = originWeights(index, queryTerms, analysed.origins, analysed.heads);
  const idfSum = originIdf.reduce((a, b) => a + b, 0);
  // Only entries whose score could still reach the title pool get priors and
  // a sort: priors and coverage scale a score by at least LOWEST and at most
  // PRIOR_MAX, so nothing below floor = (pool-th best raw score) × LOWEST / PRIOR_MAX can.
  let docs = scores.touched;
  if (options.filter) {
    const filter = options.filter;
    // Type and status from the columns first; the rest needs the entry's metadata.
    const types = filter.types?.length ? new Set<string>(filter.types) : undefined;
    const statuses = filter.statuses?.length ? new Set(filter.statuses) : undefined;
    const needsEntry = Boolean(filter.tags?.length || filter.since || filter.file);
    const { types: _types, statuses: _statuses, ...rest } = filter;
    // The status as list shows it: an entry (not a follow-up) that another supersedes reads as superseded.
    const supersededBy = statuses ? index.supersededBy() : undefined;
    const statusOf = (d: number) => (supersededBy ? effectiveStatus({ id: index.id(d), type: index.type(d), status: index.status(d) }, { supersededBy }) : index.status(d));
    docs = docs.filter((d) => {
      if (!index.isLive(d) || (types && !types.has(index.type(d))) || (statuses && !statuses.has(statusOf(d)))) return false;
      if (!needsEntry) return true;
      const e = index.entry(d);
      // (type and status were checked above, the status with the relations this row alone lacks)
      return e !== undefined && matchesFilter(e as unknown as StoredEntry, rest);
    });
  }
  const anchored = options.changedFiles?.length && options.priors !== false ? index.anchoredTo(options.changedFiles) : undefined;
  // Candidates carry what sorting needs from the columns; the full metadata
  // is decoded only for the few that reach the title pool or the results.
  const candidate = (doc: number, score: number): Candidate => ({
    doc,
    score,
    created: index.createdMs(doc),
    id: index.id(doc),
    get entry() {
      return index.entry(doc) as IndexedEntry;
    },
  });
  const pool = Math.max(TUNING.TITLE_POOL, limit);
  const lowest = Math.min(1, TUNING.COVERAGE) * (options.priors === false ? 1 : Math.min(1, TUNING.P_SUPERSEDED, TUNING.P_INACTIVE, TUNING.P_DONE) / PRIOR_MAX);
  const floor = docs.length > pool * 4 ? kthLargest(docs, scores.total, pool) * lowest : 0;
  const candidates: Candidate[] = [];
  for (const doc of docs) {
    let s = scores.total[doc] as number;
    if (s <= 0 || s < floor || !index.isLive(doc)) continue;
    if (TUNING.COVERAGE < 1 && analysed.origins > 0) s *= TUNING.COVERAGE + ((1 - TUNING.COVERAGE) * popcount(scores.coverage[doc] as number)) / analysed.origins;
    if (options.priors !== false) s *= prior(index, doc, supersededBy.has(index.id(doc)), anchored, now);
    candidates.push(candidate(doc, s));
  }
  candidates.sort(byScore);

  if (options.titles !== false && TUNING.TITLE > 0 && idfSum > 0) {
    const titled = candidates.slice(0, pool);
    const byOrigin = new Map<string, number>();
    for (const q of queryTerms) if (q.origin >= 0 && q.weight >= TUNING.W_MATCHED) byOrigin.set(q.term, q.origin);
    for (const c of titled) {
      const named = new Set<number>();
      for (const t of terms(c.entry.title)) {
        const o = byOrigin.get(t);
        if (o !== undefined) named.add(o);
      }
      let share = 0;
      for (const o of named) share += originIdf[o] as number;
      c.score *= 1 + (TUNING.TITLE * share) / idfSum;
    }
    titled.sort(byScore);
    if (options.siblings !== false && TUNING.SIBLINGS > 0) {
      const n = Math.max(1, index.size);
      liftTitleSiblings(titled, (t) => idf(n, Math.max(1, index.df(t))), TUNING.SIBLINGS);
      titled.sort(byScore);
    }
    candidates.splice(0, titled.length, ...titled);
  }

  if (options.priors !== false && TUNING.SUCCESSOR > 0 && supersededBy.size > 0) liftSuccessors(index, candidates, pool, idHits, options.filter === undefined);

  const top = candidates.slice(0, limit);
  const shown = queryTerms.filter((q) => q.weight >= TUNING.W_MATCHED && q.origin >= 0);
  return top.map((c) => {
    const matched: string[] = [];
    for (const q of shown) {
      const docs = scores.postings.get(q.term);
      if (docs && contains(docs, c.doc)) matched.push(...(q.all ?? [q.term]));
    }
    const sup = supersededBy.get(c.entry.id);
    return { entry: c.entry, score: c.score, matched, ...(sup ? { supersededBy: sup } : {}) };
  });
}

/**
 * The entry in force answers a question its superseded predecessor matches
 * ("use the ADR number as its id" was replaced by "use the slug"): the
 * successor of a superseded entry among the best scores at least
 * TUNING.SUCCESSOR times the predecessor (after its superseded prior), so it
 * is shown beside it even when it words the subject differently. Along a
 * chain, each successor lifts the next; each entry is lifted once at most (a
 * cycle, which two merged branches can make, ends there). Not from an id the
 * question named (that entry is what was asked for), and without filters
 * only for a successor the question does not match (it may not pass them).
 * Only the best `pool` are sorted again: nothing else is shown.
 */
function liftSuccessors(index: MemoryIndex, candidates: Candidate[], pool: number, idHits: readonly number[], addUnmatched: boolean): void {
  const superseders = index.supersederDocs();
  const top = candidates.slice(0, pool);
  const queue = top.filter((c) => superseders.has(c.id) && !idHits.includes(c.doc));
  if (queue.length === 0) return;
  const byDoc = new Map<number, Candidate>();
  for (const c of candidates) byDoc.set(c.doc, c);
  const lifted = new Set<number>();
  const outside: Candidate[] = [];
  for (let k = 0; k < queue.length; k++) {
    const from = queue[k] as Candidate;
    const doc = superseders.get(from.id);
    if (doc === undefined || lifted.has(doc) || !index.isLive(doc)) continue;
    const score = from.score * TUNING.SUCCESSOR;
    let c = byDoc.get(doc);
    if (!c) {
      if (!addUnmatched) continue;
      c = { doc, score: 0, created: index.createdMs(doc), id: index.id(doc), get entry() { return index.entry(doc) as IndexedEntry; } };
      byDoc.set(doc, c);
      outside.push(c);
    } else if (!top.includes(c) && !outside.includes(c)) outside.push(c);
    if (c.score >= score) continue;
    c.score = score;
    lifted.add(doc);
    if (superseders.has(c.id)) queue.push(c);
  }
  if (outside.length > 0) {
    const moved = new Set(outside);
    const rest = candidates.slice(pool).filter((c) => !moved.has(c));
    top.push(...outside);
    candidates.length = 0;
    candidates.push(...top.sort(byScore), ...rest);
  } else {
    top.sort(byScore);
    candidates.splice(0, top.length, ...top);
  }
}

interface Candidate {
  doc: number;
  score: number;
  /** Creation time in epoch ms, for ties. */
  created: number;
  id: string;
  readonly entry: IndexedEntry;
}

function byScore(a: Candidate, b: Candidate): number {
  return b.score - a.score || (a.created < b.created ? 1 : a.created > b.created ? -1 : 0) || (a.id < b.id ? -1 : 1);
}

function contains(sorted: Uint32Array, doc: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid] as number;
    if (v === doc) return true;
    if (v < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function popcount(n: number): number {
  let c = 0;
  for (let x = n; x; x &= x - 1) c++;
  return c;
}

const vocabularies = new WeakMap<MemoryIndex, QueryVocabulary>();

function vocabularyOf(index: MemoryIndex): QueryVocabulary {
  let v = vocabularies.get(index);
  if (!v) {
    const df = new Map<string, number>();
    v = {
      df: (t) => {
        let n = df.get(t);
        if (n === undefined) df.set(t, (n = index.df(t)));
        return n;
      },
      sorted: () => index.vocabulary(),
      together: (ts) => termPostings(index, { term: ts.join(' '), all: [...ts], weight: 1, origin: -1 }).docs.length,
    };
    vocabularies.set(index, v);
  }
  return v;
}


/** Read from the index columns: priors run on every candidate, before any entry is decoded. */
function prior(index: MemoryIndex, doc: number, superseded: boolean, anchored: Map<number, string[]> | undefined, now: number): number {
  let p = 1;
  const status = index.status(doc);
  if (superseded || status === 'superseded') p *= TUNING.P_SUPERSEDED;
  else if (status === 'rejected' || status === 'deprecated' || status === 'dropped' || status === 'obsolete') p *= TUNING.P_INACTIVE;
  else if (status === 'done') p *= TUNING.P_DONE;
  const t = index.createdMs(doc);
  if (Number.isFinite(t)) {
    const days = Math.max(0, (now - t) / 86_400_000);
    p *= 1 + 0.08 * Math.exp(-days / 60);
  }
  if (anchored?.has(doc)) p *= 1.2;
  return p;
}

function idLookup(index: MemoryIndex, query: string): number[] {
  const q = query.trim().toLowerCase();
  if (!/^([a-z]{3}-)?[0-9a-z]{3,8}$/.test(q) || !/\d/.test(q)) return [];
  const out: number[] = [];
  for (let d = 0; d < index.docCount; d++) if (index.isLive(d) && idMatches(index.id(d), q)) out.push(d);
  return out;
}

/** The idf of each concept's head term (what the title bonus weighs concepts by). */
function originWeights(index: MemoryIndex, query: QueryTerm[], origins: number, heads: string[]): number[] {
  const n = Math.max(1, index.size);
  const out = new Array<number>(origins).fill(0);
  for (let o = 0; o < origins; o++) {
    const head = heads[o];
    if (head) out[o] = idf(n, Math.max(1, index.df(head)));
  }
  // A concept matched only through expansion still counts, at its best term's idf.
  for (const q of query) {
    if (q.origin < 0 || q.origin >= origins || (out[q.origin] as number) > 0) continue;
    out[q.origin] = idf(n, Math.max(1, termPostings(index, q).docs.length)) * q.weight;
  }
  return out;
}
