/**
 * Term proximity: how close together a record's text holds the question's
 * different concepts. Two query words in one sentence of a record say more
 * about what it is about than the same words in different sections (BM25
 * counts them the same). Used to re-rank the best few results, whose text is
 * read anyway to show them.
 */

export interface ProximityTerm {
  /** The concept this term stands for. */
  origin: number;
  /** Query weight of the term (1 for the asker's own word, less for expansions). */
  weight: number;
}

/** Largest gap, in content words, at which two concepts still count as near. */
export const PROXIMITY_WINDOW = 5;

/**
 * Sum over pairs of nearby tokens standing for different concepts, of
 * weight × weight × idf(rarer concept) / gap², each concept pair counted by
 * its best occurrence only, so a long record repeating one phrase does not
 * outscore a short one that says it once.
 */
export function proximity(tokens: readonly string[], byTerm: ReadonlyMap<string, ProximityTerm>, originIdf: readonly number[]): number {
  const best = new Map<number, number>();
  const recent: { pos: number; t: ProximityTerm }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = byTerm.get(tokens[i] as string);
    if (!t) continue;
    while (recent.length > 0 && i - (recent[0] as { pos: number }).pos > PROXIMITY_WINDOW) recent.shift();
    for (const r of recent) {
      if (r.t.origin === t.origin) continue;
      const gap = i - r.pos;
      const idf = Math.min(originIdf[r.t.origin] ?? 0, originIdf[t.origin] ?? 0);
      const v = (r.t.weight * t.weight * idf) / (gap * gap);
      const key = r.t.origin < t.origin ? r.t.origin * 1024 + t.origin : t.origin * 1024 + r.t.origin;
      if (v > (best.get(key) ?? 0)) best.set(key, v);
    }
    recent.push({ pos: i, t });
  }
  let sum = 0;
  for (const v of best.values()) sum += v;
  return sum;
}
