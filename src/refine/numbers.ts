import { isStopWord, stem } from '../core/text.js';

/**
 * The numbers a text gives, by what they count: "a pool of 10 connections"
 * and "statement_timeout is 5 seconds" give {connect: [10], second: [5]}.
 * Two entries that give different numbers for the same thing record
 * different facts, however alike their words: a later "pool of 25
 * connections" updates the first, it does not restate it. A restatement
 * keeps its source's numbers or leaves them out.
 *
 * What a number counts: the symbol or unit written with it ("$10", "95%",
 * "30s", "500ms", "10GB"), else the word after it, else (when that is a
 * stop word or missing) the word right before it on its line ("PostgreSQL
 * 16"). A time (10:30), a date (2026-01-15) and a range (5-10) are one
 * value each. Digits inside a word (S3, SHA256, dec-2b9x) are names, and a
 * list's "2." is a marker: neither is a number here.
 */
export type NumberSlots = ReadonlyMap<string, { word: string; values: ReadonlySet<string> }>;

const NUMBER =
  /(?<![\p{L}\p{N}_\-./:])([$€£]\s?)?(\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s?[-–]\s?(\d+(?:\.\d+)?))?(%|[A-Za-z]{1,3}(?![\p{L}\p{N}_]))?(?![\p{L}\p{N}_]|[.,:]\d)/gu;

export function numberSlots(text: string): NumberSlots {
  const slots = new Map<string, { word: string; values: Set<string> }>();
  for (const m of text.matchAll(NUMBER)) {
    const [whole, currency, main, upper, unit] = m as unknown as [string, string | undefined, string, string | undefined, string | undefined];
    const at = m.index ?? 0;
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const before = text.slice(lineStart, at);
    const rest = text.slice(at + whole.length, at + whole.length + 40);
    // "2. Step" or "2) Step" at the start of a line: a list marker.
    if (!currency && !unit && !upper && before.trim() === '' && /^[.)]\s/.test(rest)) continue;
    const value = `${main.replace(/,/g, '')}${upper ? `-${upper}` : ''}`;
    const symbol = currency?.trim() ?? (unit === '%' ? '%' : unit?.toLowerCase());
    const after = symbol ? undefined : firstWord(rest);
    const prior = symbol ? undefined : lastWord(before);
    const slot = symbol ?? (after && !isStopWord(after) ? after : prior && !isStopWord(prior) ? prior : undefined);
    if (!slot) continue;
    const key = symbol ?? stem(slot);
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
  const out: Array<[string, string]> = [];
  for (const [key, x] of a) {
    const y = b.get(key);
    if (!y) continue;
    const [xs, ys] = [x.values, y.values];
    const onlyX = [...xs].filter((v) => !ys.has(v));
    const onlyY = [...ys].filter((v) => !xs.has(v));
    if (onlyX.length > 0 && onlyY.length > 0) out.push([key, `${onlyX.join(', ')} / ${onlyY.join(', ')} ${x.word}`]);
  }
  // By what is counted, so that the pair read the other way round lists the same things in the same order.
  return out.sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0)).map((p) => p[1]);
}

function firstWord(text: string): string | undefined {
  // Only the word right after it, on its line ("10 connections").
  const m = /^[ \t]*([\p{L}][\p{L}\p{N}_]*)/u.exec(text);
  return m ? (m[1] as string).toLowerCase() : undefined;
}

function lastWord(text: string): string | undefined {
  // Only a word right before it on its line ("PostgreSQL 16", "timeout: 5"), not one a clause away.
  const m = /([\p{L}][\p{L}\p{N}_]*)[ \t]*[:=]?[ \t]*$/u.exec(text);
  return m ? (m[1] as string).toLowerCase() : undefined;
}
