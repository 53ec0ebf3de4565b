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
 * short: "comms" and "communication", "config" and "configuration", "repo"
 * and "repository". An agent re-recording a fact abbreviates where the
 * record spelt out. (On the ADR eval: +1 restatement, no hard negative.)
 */
const MIN_ABBREVIATION = 4;
const PREFIXES = new WeakMap<Polarity, Set<string>>();

/** Every beginning of MIN_ABBREVIATION or more letters of the polarity's terms, once per polarity. */
function prefixesOf(p: Polarity): Set<string> {
  let set = PREFIXES.get(p);
  if (!set) {
    set = new Set();
    for (const t of termsOf(p)) for (let k = MIN_ABBREVIATION; k < t.length; k++) set.add(t.slice(0, k));
    PREFIXES.set(p, set);
  }
  return set;
}

/** has(), or a term of `p` that the term begins, or that begins the term (see MIN_ABBREVIATION). */
export function hasAbbreviated(p: Polarity, term: string): boolean {
  if (has(p, term)) return true;
  if (term.length < MIN_ABBREVIATION) return false;
  if (prefixesOf(p).has(term)) return true;
  for (let k = MIN_ABBREVIATION; k < term.length; k++) if (has(p, term.slice(0, k))) return true;
  return false;
}
