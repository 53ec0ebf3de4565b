import { mix32 } from './analyse.js';

/**
 * MinHash signatures and locality-sensitive hashing over shingles: finds the
 * pairs of entries whose shingle sets overlap a lot (copy-edits, pasted
 * paragraphs) without comparing every pair. Measured on this machine:
 * all pairs take 65 s at 10k entries, LSH well under a second.
 *
 * One-permutation hashing: each shingle is hashed once and lands in one of
 * 48 bins, each bin keeping its least value (empty bins borrow from the next
 * full one, "densification"). That estimates Jaccard like 48 independent
 * hash functions at 1/48 of the cost. 16 bands of 3 bins: two entries share
 * a bucket with probability 1 - (1 - J^3)^16, i.e. 36% at Jaccard 0.3, 88%
 * at 0.5, 98% at 0.6. Rewordings that share few shingles are the term
 * index's job (candidates.ts); LSH only has to catch what overlaps verbatim.
 */
export const HASHES = 48;
export const BANDS = 16;
export const ROWS = HASHES / BANDS;

const EMPTY = 0xffffffff;

/** The signature of a shingle set (shingles are already well-mixed 32-bit hashes). */
export function signature(shingles: Uint32Array): Uint32Array {
  const sig = new Uint32Array(HASHES).fill(EMPTY);
  for (let i = 0; i < shingles.length; i++) {
    const v = mix32((shingles[i] as number) ^ 0x5bd1e995);
    const bin = v % HASHES;
    if (v < (sig[bin] as number)) sig[bin] = v;
  }
  if (shingles.length === 0) return sig;
  const full = sig.map((v) => (v === EMPTY ? 0 : 1));
  for (let k = 0; k < HASHES; k++) {
    if (full[k]) continue;
    let j = (k + 1) % HASHES;
    let distance = 1;
    while (!full[j]) {
      j = (j + 1) % HASHES;
      distance++;
    }
    // Borrow the next full bin's value, salted by the distance, so that two
    // entries agree on a borrowed bin only when they agree on the source.
    sig[k] = mix32((sig[j] as number) + Math.imul(distance, 0x9e3779b1));
  }
  return sig;
}

/** The bucket key of each band of a shingle set's signature. */
export function bandKeys(shingles: Uint32Array): Uint32Array {
  const sig = signature(shingles);
  const keys = new Uint32Array(BANDS);
  for (let band = 0; band < BANDS; band++) {
    let key = band;
    for (let r = 0; r < ROWS; r++) key = mix32(key ^ (sig[band * ROWS + r] as number));
    keys[band] = key;
  }
  return keys;
}

/**
 * Band keys by shingle set. A refine plans the store more than once, and an
 * entry no merge touched keeps its shingle set (see analyse()): its keys are
 * computed once per run.
 */
const KEYS = new WeakMap<Uint32Array, Uint32Array>();

function cachedBandKeys(shingles: Uint32Array): Uint32Array {
  let keys = KEYS.get(shingles);
  if (!keys) KEYS.set(shingles, (keys = bandKeys(shingles)));
  return keys;
}

/** Buckets bigger than this are boilerplate shared by many entries: pair each member with a few anchors only. */
const BIG_BUCKET = 32;
const ANCHORS = 4;

/**
 * Pairs of indexes (low, high) that share at least one band. Entries with no
 * shingles take no part. Calls `emit` once per bucket co-membership, so the
 * same pair may be emitted more than once (the caller dedups).
 *
 * The buckets of a band are runs of equal keys in the band's (key, entry)
 * pairs, sorted as single numbers in a typed array: no map of lists, which
 * at 100k entries cost 1.6 million arrays and seconds of garbage collection.
 * Members of a bucket come in entry order, as they would be appended.
 */
export function lshPairs(shingleSets: readonly Uint32Array[], emit: (a: number, b: number) => void): void {
  const n = shingleSets.length;
  const docs: number[] = [];
  const keys: Uint32Array[] = [];
  for (let doc = 0; doc < n; doc++) {
    const shingles = shingleSets[doc] as Uint32Array;
    if (shingles.length === 0) continue;
    docs.push(doc);
    keys.push(cachedBandKeys(shingles));
  }
  // key * n + doc is exact below 2^53, i.e. up to 2^21 entries; beyond, sort by comparison.
  const packed = n <= 2 ** 21;
  const order = packed ? new Float64Array(docs.length) : new Array<number>(docs.length);
  const list: number[] = [];
  for (let band = 0; band < BANDS; band++) {
    for (let k = 0; k < docs.length; k++) order[k] = packed ? (keys[k]![band] as number) * n + (docs[k] as number) : k;
    if (packed) (order as Float64Array).sort();
    else (order as number[]).sort((x, y) => (keys[x]![band] as number) - (keys[y]![band] as number) || (docs[x] as number) - (docs[y] as number));
    const keyAt = (k: number) => (packed ? Math.floor((order[k] as number) / n) : (keys[order[k] as number]![band] as number));
    const docAt = (k: number) => (packed ? (order[k] as number) % n : (docs[order[k] as number] as number));
    for (let start = 0; start < docs.length; ) {
      const key = keyAt(start);
      let end = start + 1;
      while (end < docs.length && keyAt(end) === key) end++;
      if (end - start >= 2) {
        list.length = 0;
        for (let k = start; k < end; k++) list.push(docAt(k));
        emitBucket(list, emit);
      }
      start = end;
    }
  }
}

function emitBucket(list: readonly number[], emit: (a: number, b: number) => void): void {
  if (list.length <= BIG_BUCKET) {
    for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) emit(list[i] as number, list[j] as number);
  } else {
    // Every member still meets the bucket's first few: enough to connect
    // a cluster of copies without emitting n² pairs.
    for (let i = 0; i < ANCHORS; i++) for (let j = i + 1; j < list.length; j++) emit(list[i] as number, list[j] as number);
  }
}
