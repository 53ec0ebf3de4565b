import { terms } from '../core/text.js';

/** What lifting needs of a ranked candidate. */
export interface Ranked {
  score: number;
  readonly entry: { readonly title: string };
}

/**
 * Questions with several right answers ("did we standardise on GitHub
 * Actions for CI?" over a store where three teams each recorded that
 * choice) find the best-worded record first and its siblings further down:
 * each sibling words the question differently, but they share a title with
 * the best hit ("Use GitHub Actions", "GitHub Actions for CI"). Each
 * candidate after the first is ranked up by the idf-weighted share of title
 * terms it has in common with the first (over the larger of the two titles'
 * weights, so a long title that happens to hold the first's words gains
 * less), by at most `factor`, and never above the first: the best hit keeps
 * its place, so the lift reorders only what follows it.
 *
 * `ranked` is sorted best first; scores change in place, the caller sorts again.
 */
export function liftTitleSiblings<T extends Ranked>(ranked: T[], weigh: (term: string) => number, factor: number): void {
  const first = ranked[0];
  if (!first || ranked.length < 2 || factor <= 0) return;
  const firstTerms = new Map<string, number>();
  for (const t of terms(first.entry.title)) if (!firstTerms.has(t)) firstTerms.set(t, weigh(t));
  let firstSum = 0;
  for (const w of firstTerms.values()) firstSum += w;
  if (firstSum <= 0) return;
  for (const [k, c] of ranked.entries()) {
    if (k === 0) continue;
    // Just below the first, and below each sibling ranked above it before the lift: siblings that all reach
    // the ceiling keep their own order, rather than tie and fall to the tie-breaker (ids, random in a fresh import).
    const ceiling = first.score * (0.999 - 1e-6 * k);
    let shared = 0;
    let own = 0;
    for (const t of new Set(terms(c.entry.title))) {
      const w = firstTerms.get(t) ?? weigh(t);
      own += w;
      if (firstTerms.has(t)) shared += w;
    }
    if (shared === 0) continue;
    const lifted = c.score * (1 + (factor * shared) / Math.max(firstSum, own));
    c.score = Math.max(c.score, Math.min(lifted, ceiling));
  }
}
