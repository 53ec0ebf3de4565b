/**
 * Sets of pairs of entries, as refine carries them from one round to the
 * next: flat typed arrays [a0, b0, a1, b1, ...] with a < b, sorted by (a, b),
 * without repeats (the form candidatePairs() returns). A big store has over
 * a million candidate pairs: a tuple or a string per pair would cost more
 * in garbage collection than the rounds they save.
 */
export type PairSet = Uint32Array;

/**
 * The pairs after a round of merges: `moved[i]` is where entry i of the old
 * store is in the new one (an absorbed entry goes to the entry that absorbed
 * it). Pairs that fall onto one entry are dropped. Survivors keep their
 * order, so only the pairs with an absorbed side need sorting again.
 */
export function movePairs(pairs: PairSet, moved: Int32Array, absorbed: Uint8Array): PairSet {
  const kept = new Uint32Array(pairs.length);
  let nKept = 0;
  const shifted: number[] = [];
  for (let k = 0; k < pairs.length; k += 2) {
    const a = pairs[k] as number;
    const b = pairs[k + 1] as number;
    const x = moved[a] as number;
    const y = moved[b] as number;
    if (x === y) continue;
    if (absorbed[a] || absorbed[b]) shifted.push(x < y ? x : y, x < y ? y : x);
    else {
      kept[nKept++] = x;
      kept[nKept++] = y;
    }
  }
  return union(kept.subarray(0, nKept), normalise(shifted));
}

/** Pairs of any order and with repeats, as a PairSet. */
export function normalise(flat: ArrayLike<number>): PairSet {
  const count = flat.length / 2;
  const keys = new Float64Array(count);
  // One number per pair, a * 2^32 + b (exact below 2^53): sorting the numbers sorts the pairs.
  for (let k = 0; k < count; k++) {
    const a = flat[2 * k] as number;
    const b = flat[2 * k + 1] as number;
    keys[k] = a < b ? a * 4294967296 + b : b * 4294967296 + a;
  }
  keys.sort();
  const out = new Uint32Array(count * 2);
  let m = 0;
  for (let k = 0; k < count; k++) {
    const key = keys[k] as number;
    if (k > 0 && key === keys[k - 1]) continue;
    const a = Math.floor(key / 4294967296);
    out[m++] = a;
    out[m++] = key - a * 4294967296;
  }
  return out.slice(0, m);
}

function order(p: PairSet, i: number, q: PairSet, j: number): number {
  return (p[i] as number) - (q[j] as number) || (p[i + 1] as number) - (q[j + 1] as number);
}

/** Pairs in either set. */
export function union(p: PairSet, q: PairSet): PairSet {
  const out = new Uint32Array(p.length + q.length);
  let i = 0;
  let j = 0;
  let m = 0;
  while (i < p.length || j < q.length) {
    const c = i >= p.length ? 1 : j >= q.length ? -1 : order(p, i, q, j);
    const src = c <= 0 ? p : q;
    const at = c <= 0 ? i : j;
    out[m++] = src[at] as number;
    out[m++] = src[at + 1] as number;
    if (c <= 0) i += 2;
    if (c >= 0) j += 2;
  }
  return out.slice(0, m);
}

/** Pairs of `p` that are not in `q`. */
export function difference(p: PairSet, q: PairSet): PairSet {
  const out = new Uint32Array(p.length);
  let j = 0;
  let m = 0;
  for (let i = 0; i < p.length; i += 2) {
    while (j < q.length && order(p, i, q, j) > 0) j += 2;
    if (j < q.length && order(p, i, q, j) === 0) continue;
    out[m++] = p[i] as number;
    out[m++] = p[i + 1] as number;
  }
  return out.slice(0, m);
}

/** Pairs with at least one side among `marked` entries. */
export function touching(p: PairSet, marked: Uint8Array): PairSet {
  const out = new Uint32Array(p.length);
  let m = 0;
  for (let i = 0; i < p.length; i += 2) {
    if (!marked[p[i] as number] && !marked[p[i + 1] as number]) continue;
    out[m++] = p[i] as number;
    out[m++] = p[i + 1] as number;
  }
  return out.slice(0, m);
}
