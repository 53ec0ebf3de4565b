import { isStopWord, stem } from '../core/text.js';

/**
 * The numbers a text gives, by what they count: "a pool of 10 connections"
 * and "statement_timeout is 5 seconds" give {connect: [10], second: [5]}.
 * Two entries that give different numbers for the same thing record
 * different facts, however alike their words: a later "pool of 25
 * connections" updates the first, it does not restate it. A restatement
 * keeps its source's numbers or leaves them out.
 *
 * A number is counted by the word after it (its unit), or, when that is a
 * stop word or missing, by the word before it ("PostgreSQL 16 through the
 * driver": postgresql). Digits inside a word (S3, SHA256, dec-2b9x) are
 * names, not numbers.
 */
export type NumberSlots = ReadonlyMap<string, { word: string; values: ReadonlySet<string> }>;

const NUMBER = /(?<![\p{L}\p{N}_\-./])(\d[\d,]*(?:\.\d+)?)(?![\p{L}\p{N}_]|[.,]\d)/gu;

export function numberSlots(text: string): NumberSlots {
  const slots = new Map<string, { word: string; values: Set<string> }>();
  for (const m of text.matchAll(NUMBER)) {
    const value = (m[1] as string).replace(/,/g, '');
    const at = m.index ?? 0;
    const after = firstWord(text.slice(at + (m[0] as string).length, at + (m[0] as string).length + 40));
    const before = lastWord(text.slice(Math.max(0, at - 40), at));
    const slot = after && !isStopWord(after) ? after : before && !isStopWord(before) ? before : undefined;
    if (!slot) continue;
    const key = stem(slot);
    const known = slots.get(key);
    if (known) known.values.add(value);
    else slots.set(key, { word: slot, values: new Set([value]) });
  }
  return slots;
}

/**
 * The things two texts count differently: each side gives a number for it
 * that the other does not (one side only adding or leaving out a number is
 * no disagreement). As "5 / 15 seconds", the first text's numbers first.
 */
export function numberConflicts(a: NumberSlots, b: NumberSlots): string[] {
  const out: string[] = [];
  for (const [key, x] of a) {
    const y = b.get(key);
    if (!y) continue;
    const [xs, ys] = [x.values, y.values];
    const onlyX = [...xs].filter((v) => !ys.has(v));
    const onlyY = [...ys].filter((v) => !xs.has(v));
    if (onlyX.length > 0 && onlyY.length > 0) out.push(`${onlyX.join(', ')} / ${onlyY.join(', ')} ${x.word}`);
  }
  return out.sort();
}

function firstWord(text: string): string | undefined {
  // Only the word right after it: "10 connections", "30s" is no word (a unit glued on is part of the number's word).
  const m = /^\s*([\p{L}][\p{L}\p{N}_]*)/u.exec(text);
  return m ? (m[1] as string).toLowerCase() : undefined;
}

function lastWord(text: string): string | undefined {
  // Only a word right before it ("PostgreSQL 16", "timeout: 5"), not one a clause away.
  const m = /([\p{L}][\p{L}\p{N}_]*)\s*[:=]?\s*$/u.exec(text);
  return m ? (m[1] as string).toLowerCase() : undefined;
}
