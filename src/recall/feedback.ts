import { terms } from '../core/text.js';
import type { IndexedEntry, MemoryIndex } from '../store/memory-index.js';
import type { Scores } from './bm25.js';
import type { QueryTerm } from './query.js';
import { TUNING } from './tuning.js';

/** Pseudo-relevance feedback: terms frequent in the top results and rare in the store. */
export function feedbackTerms(index: MemoryIndex, scores: Scores, query: QueryTerm[], textOf: (e: IndexedEntry) => string | undefined): QueryTerm[] {
  const top = scores.touched.slice().sort((a, b) => (scores.total[b] as number) - (scores.total[a] as number)).slice(0, TUNING.FEEDBACK_DOCS);
  if (top.length < 2) return [];
  const inQuery = new Set(query.map((q) => q.term));
  const weight = new Map<string, number>();
  const n = Math.max(1, index.size);
  const s0 = (scores.total[top[0] as number] as number) || 1;
  for (const doc of top) {
    const entry = index.entry(doc);
    const text = entry ? textOf(entry) : undefined;
    if (!text) continue;
    const tf = new Map<string, number>();
    const ts = terms(text);
    for (const t of ts) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, c] of tf) {
      if (inQuery.has(t) || t.length < 3 || /^\d+$/.test(t)) continue;
      weight.set(t, (weight.get(t) ?? 0) + ((c / ts.length) * (scores.total[doc] as number)) / s0);
    }
  }
  const candidates = [...weight.entries()].map(([t, w]) => {
    const df = index.df(t);
    return { t, s: df >= 2 ? w * Math.log(n / df) : 0 };
  });
  candidates.sort((a, b) => b.s - a.s || (a.t < b.t ? -1 : 1));
  const best = candidates[0]?.s ?? 0;
  return candidates
    .slice(0, TUNING.FEEDBACK_TERMS)
    .filter((c) => c.s > 0)
    .map((c) => ({ term: c.t, weight: (TUNING.W_FEEDBACK * c.s) / best, origin: -1 }));
}
