import { lowerBound } from '../core/postings.js';
import type { Polarity } from './stance.js';

/** Look-ups on a stance's terms, shared by the verifier's measures. */

const TERMS = new WeakMap<Polarity, readonly string[]>();

/** Every term a polarity mentions, once (computed once per polarity: it is asked for every similar pair). */
export function termsOf(p: Polarity): readonly string[] {
  let terms = TERMS.get(p);
  if (!terms) TERMS.set(p, (terms = [...new Set([...p.asserted.keys(), ...p.negated.keys(), ...p.kept.keys()])]));
  return terms;
}

/** Whether the polarity mentions the term at all (asserted, negated or kept). */
export function has(p: Polarity, term: string): boolean {
  return p.asserted.has(term) || p.negated.has(term) || p.kept.has(term);
}

/**
 * Stems from which one that begins another is read as the same word cut
 * short: "config" and "configuration", "deploy" and "deployment". An agent
 * re-recording a fact abbreviates where the record spelt out. Five letters
 * at least: shorter stems begin too many other words ("data" / "database",
 * "main" / "maintenance", "java" / "javascript", "port" / "portal"). (On
 * the ADR eval: +1 restatement, no hard negative.)
 */
const MIN_ABBREVIATION = 5;
const SORTED = new WeakMap<Polarity, readonly string[]>();

/** termsOf(), sorted (for the search of a term that begins with another). */
function sortedTermsOf(p: Polarity): readonly string[] {
  let sorted = SORTED.get(p);
  if (!sorted) SORTED.set(p, (sorted = [...termsOf(p)].sort()));
  return sorted;
}

/** has(), or a term of `p` that the term begins, or that begins the term (see MIN_ABBREVIATION). */
export function hasAbbreviated(p: Polarity, term: string): boolean {
  if (has(p, term)) return true;
  if (term.length < MIN_ABBREVIATION) return false;
  for (let k = MIN_ABBREVIATION; k < term.length; k++) if (has(p, term.slice(0, k))) return true;
  // The first term at or after `term` in code-unit order is the one that begins with it, if any does.
  const sorted = sortedTermsOf(p);
  const at = lowerBound(sorted, term);
  return at < sorted.length && (sorted[at] as string).startsWith(term);
}
