import { type IndexableDoc, type Postings, docLength, docTermWeights, findTerm } from '../core/postings.js';
import type { EntryType, StoredEntry } from '../core/types.js';
import type { IndexFile } from './index-file.js';
import type { FileProblem } from './scan.js';

/**
 * The metadata of an entry kept in the index (no body: bodies are read from
 * the entry files of the few results that are shown).
 */
export interface IndexedEntry {
  id: string;
  type: EntryType;
  title: string;
  status: string;
  created: string;
  closed?: string;
  tags: string[];
  files: string[];
  links: string[];
  supersedes: string[];
  merged_from?: string[];
  branch: string;
  /** Kept for handoffs only (the briefing counts commits since the latest one). */
  commit: string;
  path: string;
}

export function toIndexed(e: StoredEntry): IndexedEntry {
  const out: IndexedEntry = {
    id: e.id,
    type: e.type,
    title: e.title,
    status: e.status,
    created: e.created,
    tags: e.tags,
    files: e.files,
    links: e.links,
    supersedes: e.supersedes,
    branch: e.branch,
    commit: e.type === 'handoff' ? e.commit : '',
    path: e.path,
  };
  if (e.closed) out.closed = e.closed;
  if (e.merged_from?.length) out.merged_from = e.merged_from;
  return out;
}

/** Compact tuple form for the cache header: arrays parse faster than objects. */
type Row = [string, string, string, string, string, string, string[], string[], string[], string[], string[], string, string, string];

export function toRow(e: IndexedEntry): Row {
  return [e.id, e.type, e.title, e.status, e.created, e.closed ?? '', e.tags, e.files, e.links, e.supersedes, e.merged_from ?? [], e.branch, e.commit, e.path];
}

export function fromRow(r: Row): IndexedEntry {
  const e: IndexedEntry = {
    id: r[0],
    type: r[1] as EntryType,
    title: r[2],
    status: r[3],
    created: r[4],
    tags: r[6],
    files: r[7],
    links: r[8],
    supersedes: r[9],
    branch: r[11],
    commit: r[12],
    path: r[13],
  };
  if (r[5]) e.closed = r[5];
  if (r[10].length) e.merged_from = r[10];
  return e;
}

export interface IndexHeader {
  docCount: number;
  /** HEAD commit and tree of `.origin` when the index was built. */
  head: string;
  tree: string;
  /** [mtimeMs, size] of entry files that differed from HEAD at build time. */
  sig: Record<string, [number, number]>;
  problems: FileProblem[];
  rows: Row[];
}

/** What the index reads from a built segment (the cache file, or postings built in memory). */
export interface PostingsView {
  terms: string[];
  offsets?: Uint32Array;
  postings(t: number): { docs: Uint32Array; weights: Float32Array };
  docLen: Float32Array;
}

const EMPTY_U32 = new Uint32Array(0);
const EMPTY_F32 = new Float32Array(0);

export interface TermHits {
  docs: number[];
  weights: number[];
}

/**
 * The live index: the base segment from the cache file, with entries that
 * changed since it was built masked out and re-indexed in memory (the
 * "delta"). Doc numbers: base docs first, then delta docs.
 */
export class MemoryIndex {
  readonly docs: (IndexedEntry | undefined)[];
  readonly problems: FileProblem[];
  private readonly baseCount: number;
  private readonly deltaTf: Map<string, number>[] = [];
  private readonly lengths: number[];
  private readonly liveCount: number;
  private readonly totalLength: number;
  /** Base docs masked out (changed since the cache was built). */
  private readonly masked: number;

  constructor(
    private readonly base: IndexFile<IndexHeader> | PostingsView | undefined,
    baseDocs: (IndexedEntry | undefined)[],
    delta: { entry: IndexedEntry; doc: IndexableDoc }[],
    problems: FileProblem[],
  ) {
    this.docs = [...baseDocs];
    this.baseCount = baseDocs.length;
    this.lengths = Array.from(base?.docLen ?? new Float32Array(0));
    for (const { entry, doc } of delta) {
      const tf = docTermWeights(doc);
      this.deltaTf.push(tf);
      this.docs.push(entry);
      this.lengths.push(docLength(tf));
    }
    this.problems = problems;
    let live = 0;
    let total = 0;
    this.docs.forEach((d, i) => {
      if (d) {
        live++;
        total += this.lengths[i] ?? 0;
      }
    });
    this.liveCount = live;
    this.totalLength = total;
    let masked = 0;
    for (let i = 0; i < this.baseCount; i++) if (!this.docs[i]) masked++;
    this.masked = masked;
  }

  get entries(): IndexedEntry[] {
    return this.docs.filter((d): d is IndexedEntry => d !== undefined);
  }

  get size(): number {
    return this.liveCount;
  }

  get avgLength(): number {
    return this.liveCount ? this.totalLength / this.liveCount : 1;
  }

  docLength(doc: number): number {
    return this.lengths[doc] ?? 0;
  }

  /** Postings of a term over live documents. */
  hits(term: string): TermHits {
    const p = this.postings(term);
    return { docs: Array.from(p.docs), weights: Array.from(p.weights) };
  }

  /**
   * Postings of a term over live documents as typed arrays, in ascending
   * doc order (base docs, then delta docs). Read once per query term; the
   * arrays are the cache's own when nothing is masked (do not modify them).
   */
  postings(term: string): { docs: Uint32Array; weights: Float32Array } {
    let docs: Uint32Array = EMPTY_U32;
    let weights: Float32Array = EMPTY_F32;
    if (this.base) {
      const t = findTerm(this.base.terms, term);
      if (t >= 0) {
        const p = this.base.postings(t);
        docs = p.docs;
        weights = p.weights;
        if (this.masked > 0) {
          let n = 0;
          for (let i = 0; i < docs.length; i++) if (this.docs[docs[i] as number]) n++;
          if (n < docs.length) {
            const d2 = new Uint32Array(n);
            const w2 = new Float32Array(n);
            let j = 0;
            for (let i = 0; i < docs.length; i++) {
              if (this.docs[docs[i] as number]) {
                d2[j] = docs[i] as number;
                w2[j++] = weights[i] as number;
              }
            }
            docs = d2;
            weights = w2;
          }
        }
      }
    }
    if (this.deltaTf.length === 0) return { docs, weights };
    const extraDocs: number[] = [];
    const extraWeights: number[] = [];
    this.deltaTf.forEach((tf, i) => {
      const w = tf.get(term);
      if (w !== undefined) {
        extraDocs.push(this.baseCount + i);
        extraWeights.push(w);
      }
    });
    if (extraDocs.length === 0) return { docs, weights };
    const d3 = new Uint32Array(docs.length + extraDocs.length);
    const w3 = new Float32Array(docs.length + extraDocs.length);
    d3.set(docs);
    w3.set(weights);
    d3.set(extraDocs, docs.length);
    w3.set(extraWeights, docs.length);
    return { docs: d3, weights: w3 };
  }

  /**
   * Whether the store holds a term, and in about how many documents (cheap:
   * no postings are read for base terms; masked documents still count).
   */
  df(term: string): number {
    let n = 0;
    if (this.base) {
      const t = findTerm(this.base.terms, term);
      if (t >= 0) {
        const off = this.base.offsets;
        n = off ? (off[t + 1] as number) - (off[t] as number) : this.base.postings(t).docs.length;
      }
    }
    for (const tf of this.deltaTf) if (tf.has(term)) n++;
    return n;
  }

  /** Every term known to the index (for typo correction and query expansion). */
  vocabulary(): readonly string[] {
    if (this.deltaTf.length === 0) return this.base?.terms ?? [];
    const extra = new Set<string>();
    for (const tf of this.deltaTf) for (const t of tf.keys()) extra.add(t);
    const baseTerms = this.base?.terms ?? [];
    for (const t of baseTerms) extra.delete(t);
    return extra.size ? [...baseTerms, ...extra].sort() : baseTerms;
  }
}

/** An in-memory index over entries that have bodies (used for `--at REF` and tests). */
export function indexFromEntries(entries: StoredEntry[], build: (docs: IndexableDoc[]) => Postings): MemoryIndex {
  return new MemoryIndex(postingsView(build(entries)), entries.map(toIndexed), [], []);
}

/** A segment view over postings held in memory. */
export function postingsView(postings: Postings): PostingsView {
  return {
    terms: postings.terms,
    offsets: postings.offsets,
    docLen: postings.docLen,
    postings: (t) => ({
      docs: postings.docs.subarray(postings.offsets[t], postings.offsets[t + 1]),
      weights: postings.weights.subarray(postings.offsets[t], postings.offsets[t + 1]),
    }),
  };
}
