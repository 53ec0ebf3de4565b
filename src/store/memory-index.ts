import { overlapMatcher } from '../core/filter.js';
import { type IndexableDoc, type Postings, docLength, docTermWeights, findTerm } from '../core/postings.js';
import { ENTRY_TYPES, type EntryType, type StoredEntry } from '../core/types.js';
import { type EntryTable, type IndexedEntry, createdMs, newerFirst, tableFromEntries, toIndexed } from './entry-table.js';
import type { FileProblem } from './scan.js';

export { type IndexedEntry, toIndexed } from './entry-table.js';

/** What the index reads from a built segment (the cache file, or postings built in memory). */
export interface PostingsView {
  terms: readonly string[];
  offsets?: Uint32Array;
  postings(t: number): { docs: Uint32Array; weights: Float32Array };
  docLen: Float32Array;
}

/** A built segment: entry columns and their postings, doc numbers shared. */
export interface Segment {
  table: EntryTable;
  postings: PostingsView;
}

const EMPTY_U32 = new Uint32Array(0);
const EMPTY_F32 = new Float32Array(0);
/** df() look-ups after which the delta's document frequencies are counted once into a map (a query asks for a few dozen). */
const DELTA_DF_AFTER = 64;

/**
 * The live index: the base segment from the cache file, with entries that
 * changed since it was built masked out and re-indexed in memory (the
 * "delta"). Doc numbers: base docs first, then delta docs.
 *
 * Entry metadata is read column by column (`type`, `status`, `createdMs`,
 * `id`, anchors) and decoded into objects only for the docs asked for
 * (`entry`): the hot paths scan every doc but show a few dozen.
 */
export interface IndexRelations {
  /** id -> ids of the entries that supersede it. */
  supersededBy: Map<string, string[]>;
  /** id -> ids of the entries that link to it. */
  backlinks: Map<string, string[]>;
  /** merged (removed) id -> the entry that absorbed it. */
  mergedInto: Map<string, string>;
  /** id -> what it supersedes, for the entries that supersede something. */
  supersedes: Map<string, readonly string[]>;
}

export class MemoryIndex {
  readonly problems: FileProblem[];
  /** Base docs plus delta docs, masked ones included. */
  readonly docCount: number;
  private readonly table: EntryTable | undefined;
  private readonly base: PostingsView | undefined;
  private readonly baseCount: number;
  private readonly live: Uint8Array;
  private readonly delta: IndexedEntry[] = [];
  private readonly deltaTf: Map<string, number>[] = [];
  /** Document frequencies over the delta, built by df() once it has been asked often (see DELTA_DF_AFTER). */
  private deltaDf: Map<string, number> | undefined;
  private dfLookups = 0;
  private readonly lengths: Float64Array;
  private readonly liveCount: number;
  private readonly totalLength: number;
  /** Base docs masked out (changed since the cache was built). */
  private readonly masked: number;
  private readonly decoded = new Map<number, IndexedEntry>();
  private idToDoc?: Map<string, number>;
  private superseded?: Map<string, string>;
  private supersederDoc?: Map<string, number>;

  constructor(base: Segment | undefined, masked: Iterable<number>, delta: { entry: IndexedEntry; doc: IndexableDoc }[], problems: FileProblem[]) {
    this.table = base?.table;
    this.baseCount = base?.table.count ?? 0;
    this.docCount = this.baseCount + delta.length;
    this.live = new Uint8Array(this.docCount).fill(1);
    let maskedCount = 0;
    for (const d of masked) {
      if (d < this.baseCount && this.live[d]) {
        this.live[d] = 0;
        maskedCount++;
      }
    }
    this.masked = maskedCount;
    this.lengths = new Float64Array(this.docCount);
    if (base) this.lengths.set(base.postings.docLen.subarray(0, this.baseCount));
    this.base = base?.postings;
    delta.forEach(({ entry, doc }, i) => {
      const tf = docTermWeights(doc);
      this.deltaTf.push(tf);
      this.delta.push(entry);
      this.lengths[this.baseCount + i] = docLength(tf);
    });
    this.problems = problems;
    let total = 0;
    for (let d = 0; d < this.docCount; d++) if (this.live[d]) total += this.lengths[d] as number;
    this.liveCount = this.docCount - maskedCount;
    this.totalLength = total;
  }

  get size(): number {
    return this.liveCount;
  }

  get avgLength(): number {
    return this.liveCount ? this.totalLength / this.liveCount : 1;
  }

  isLive(doc: number): boolean {
    return this.live[doc] === 1;
  }

  docLength(doc: number): number {
    return this.lengths[doc] ?? 0;
  }

  /** The metadata of a live doc (decoded once), or undefined. */
  entry(doc: number): IndexedEntry | undefined {
    if (!this.live[doc]) return undefined;
    if (doc >= this.baseCount) return this.delta[doc - this.baseCount];
    let e = this.decoded.get(doc);
    if (!e) {
      e = (this.table as EntryTable).row(doc);
      this.decoded.set(doc, e);
    }
    return e;
  }

  id(doc: number): string {
    return doc < this.baseCount ? ((this.table as EntryTable).ids[doc] as string) : (this.delta[doc - this.baseCount] as IndexedEntry).id;
  }

  type(doc: number): EntryType {
    return doc < this.baseCount ? (ENTRY_TYPES[(this.table as EntryTable).types[doc] as number] as EntryType) : (this.delta[doc - this.baseCount] as IndexedEntry).type;
  }

  status(doc: number): string {
    if (doc >= this.baseCount) return (this.delta[doc - this.baseCount] as IndexedEntry).status;
    const t = this.table as EntryTable;
    return t.statuses[t.statusCodes[doc] as number] as string;
  }

  /** The branch the entry was written on. */
  branch(doc: number): string {
    if (doc >= this.baseCount) return (this.delta[doc - this.baseCount] as IndexedEntry).branch;
    const t = this.table as EntryTable;
    return t.branches[t.branchCodes[doc] as number] as string;
  }

  /** Creation time in epoch ms (-Infinity when not a date). */
  createdMs(doc: number): number {
    return doc < this.baseCount ? ((this.table as EntryTable).created[doc] as number) : createdMs((this.delta[doc - this.baseCount] as IndexedEntry).created);
  }

  /** Live docs of a type, in doc order. */
  docsOfType(type: EntryType): number[] {
    const code = ENTRY_TYPES.indexOf(type);
    const out: number[] = [];
    const baseTypes = this.table?.types;
    for (let d = 0; d < this.baseCount; d++) if (this.live[d] && (baseTypes as Uint8Array)[d] === code) out.push(d);
    this.delta.forEach((e, i) => {
      if (e.type === type) out.push(this.baseCount + i);
    });
    return out;
  }

  /** Live docs, newest first (ties by id): the base's stored order merged with the delta's. */
  *newest(): Generator<number> {
    const order = this.table?.order ?? new Uint32Array(0);
    const delta = this.delta.map((_, i) => this.baseCount + i).sort((a, b) => this.newer(a, b));
    let i = 0;
    let j = 0;
    while (i < order.length || j < delta.length) {
      const a = order[i];
      const b = delta[j];
      if (a !== undefined && !this.live[a]) {
        i++;
        continue;
      }
      if (b === undefined || (a !== undefined && this.newer(a, b) <= 0)) {
        i++;
        yield a as number;
      } else {
        j++;
        yield b;
      }
    }
  }

  /** Comparator: newer first, equal times by id. */
  newer(a: number, b: number): number {
    return newerFirst(this.createdMs(a), this.id(a), this.createdMs(b), this.id(b));
  }

  /** Every status some entry of the index has (as written; hand-edited files may have their own). */
  statusesUsed(): Set<string> {
    const out = new Set<string>(this.table?.statuses ?? []);
    for (const e of this.delta) out.add(e.status);
    return out;
  }

  /** Live docs of a type that `keep(status)` accepts, counted from the columns. */
  countOf(type: EntryType, keep: (status: string) => boolean, skip?: (doc: number) => boolean): number {
    const code = ENTRY_TYPES.indexOf(type);
    let n = 0;
    if (this.table) {
      const { types, statusCodes, statuses } = this.table;
      const kept = statuses.map((st) => keep(st));
      for (let d = 0; d < this.baseCount; d++) {
        if (types[d] === code && this.live[d] && kept[statusCodes[d] as number] && !skip?.(d)) n++;
      }
    }
    this.delta.forEach((e, i) => {
      if (e.type === type && keep(e.status) && !skip?.(this.baseCount + i)) n++;
    });
    return n;
  }

  /** Decodes every row ahead of reading many: at once when few are decoded yet, one read of the rows instead of one per entry. */
  decodeAll(): void {
    if (this.table && this.decoded.size < this.baseCount / 8) {
      const rows = this.table.allRows();
      rows.forEach((e, d) => {
        if (!this.decoded.has(d)) this.decoded.set(d, e);
      });
    }
  }

  /** Every live entry, decoded (commands off the hot path). */
  get entries(): IndexedEntry[] {
    this.decodeAll();
    const out: IndexedEntry[] = [];
    for (let d = 0; d < this.docCount; d++) {
      const e = this.entry(d);
      if (e) out.push(e);
    }
    return out;
  }

  /** The live doc with this exact id, or -1. */
  docOf(id: string): number {
    if (!this.idToDoc) {
      const m = new Map<string, number>();
      for (let d = 0; d < this.docCount; d++) if (this.live[d] && !m.has(this.id(d))) m.set(this.id(d), d);
      this.idToDoc = m;
    }
    return this.idToDoc.get(id) ?? -1;
  }

  /**
   * Live docs anchored to any of the given paths (a file, a folder holding
   * it, or a file inside a folder anchor), with the anchors that matched.
   * The last answer is kept (a recall asks twice for the same files); do not modify it.
   */
  anchoredTo(changedFiles: readonly string[]): Map<number, string[]> {
    const key = changedFiles.join('\0');
    if (this.anchored?.key !== key) this.anchored = { key, docs: this.findAnchored(changedFiles) };
    return this.anchored.docs;
  }

  private anchored?: { key: string; docs: Map<number, string[]> };

  private findAnchored(changedFiles: readonly string[]): Map<number, string[]> {
    const out = new Map<number, string[]>();
    if (changedFiles.length === 0) return out;
    const overlaps = overlapMatcher(changedFiles);
    const add = (doc: number, anchor: string) => {
      const list = out.get(doc);
      if (!list) out.set(doc, [anchor]);
      else if (!list.includes(anchor)) list.push(anchor);
    };
    if (this.table) {
      const { paths, offsets, docs } = this.table.anchors;
      paths.forEach((anchor, k) => {
        if (!overlaps(anchor)) return;
        for (let i = offsets[k] as number; i < (offsets[k + 1] as number); i++) {
          const d = docs[i] as number;
          if (this.live[d]) add(d, anchor);
        }
      });
    }
    this.delta.forEach((e, i) => {
      for (const f of e.files) if (overlaps(f)) add(this.baseCount + i, f);
    });
    return out;
  }

  /**
   * The reverse relations of every live entry (who supersedes it, who links
   * to it, what absorbed it) and what each entry supersedes, from the
   * table's relation columns and the delta: no row is decoded.
   */
  relations(): IndexRelations {
    if (!this.derived) {
      const supersededBy = new Map<string, string[]>();
      const backlinks = new Map<string, string[]>();
      const mergedInto = new Map<string, string>();
      const supersedes = new Map<string, readonly string[]>();
      const push = (map: Map<string, string[]>, key: string, value: string) => {
        const list = map.get(key);
        if (!list) map.set(key, [value]);
        else if (!list.includes(value)) list.push(value);
      };
      const lists = this.table?.relationLists();
      const each = (rows: readonly (readonly [number, readonly string[]])[] | undefined, add: (id: string, named: readonly string[]) => void) => {
        for (const [d, named] of rows ?? []) if (this.live[d]) add(this.id(d), named);
      };
      each(this.table?.supersedes, (id, olds) => {
        supersedes.set(id, olds);
        for (const old of olds) push(supersededBy, old, id);
      });
      each(lists?.links, (id, targets) => {
        for (const t of targets) push(backlinks, t, id);
      });
      each(lists?.merged, (id, merged) => {
        for (const m of merged) mergedInto.set(m, id);
      });
      for (const e of this.delta) {
        if (e.supersedes.length) supersedes.set(e.id, e.supersedes);
        for (const old of e.supersedes) push(supersededBy, old, e.id);
        for (const t of e.links) push(backlinks, t, e.id);
        for (const m of e.merged_from ?? []) mergedInto.set(m, e.id);
      }
      this.derived = { supersededBy, backlinks, mergedInto, supersedes };
    }
    return this.derived;
  }

  private derived?: IndexRelations;

  /** Live docs whose id passes `test`, in doc order. */
  docsWhere(test: (id: string) => boolean): number[] {
    const out: number[] = [];
    for (let d = 0; d < this.docCount; d++) if (this.live[d] && test(this.id(d))) out.push(d);
    return out;
  }

  /** Old entry id -> id of the first entry (in doc order) that supersedes it. */
  supersededBy(): Map<string, string> {
    if (!this.superseded) {
      const m = new Map<string, string>();
      for (const [old, d] of this.supersederDocs()) m.set(old, this.id(d));
      this.superseded = m;
    }
    return this.superseded;
  }

  /** Old entry id -> doc of the first live entry (in doc order) that supersedes it (without a map of every id). */
  supersederDocs(): Map<string, number> {
    if (!this.supersederDoc) {
      const m = new Map<string, number>();
      for (const [d, olds] of this.table?.supersedes ?? []) {
        if (!this.live[d]) continue;
        for (const old of olds) if (!m.has(old)) m.set(old, d);
      }
      this.delta.forEach((e, i) => {
        for (const old of e.supersedes) if (!m.has(old)) m.set(old, this.baseCount + i);
      });
      this.supersederDoc = m;
    }
    return this.supersederDoc;
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
          for (let i = 0; i < docs.length; i++) if (this.live[docs[i] as number]) n++;
          if (n < docs.length) {
            const d2 = new Uint32Array(n);
            const w2 = new Float32Array(n);
            let j = 0;
            for (let i = 0; i < docs.length; i++) {
              if (this.live[docs[i] as number]) {
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
   * Whether the store holds a term, and in how many live documents (cheap:
   * the postings of base terms are read only when documents are masked).
   */
  df(term: string): number {
    let n = 0;
    if (this.base) {
      const t = findTerm(this.base.terms, term);
      if (t >= 0) {
        const off = this.base.offsets;
        n = off ? (off[t + 1] as number) - (off[t] as number) : this.base.postings(t).docs.length;
        // A masked document is counted again in the delta: without this, a rare word's frequency (and with it idf, and the
        // typo rule that asks whether a word is rare) would depend on which files changed since the cache was built.
        if (this.masked > 0 && n > 0) for (const d of this.base.postings(t).docs) if (!this.live[d]) n--;
      }
    }
    if (this.deltaTf.length === 0) return n;
    // A few look-ups walk the delta; many (typo correction tries hundreds of spellings) pay once for a map of it.
    if (!this.deltaDf && ++this.dfLookups > DELTA_DF_AFTER) {
      this.deltaDf = new Map();
      for (const tf of this.deltaTf) for (const t of tf.keys()) this.deltaDf.set(t, (this.deltaDf.get(t) ?? 0) + 1);
    }
    if (this.deltaDf) return n + (this.deltaDf.get(term) ?? 0);
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
  return new MemoryIndex(segmentOf(entries.map(toIndexed), build(entries)), [], [], []);
}

/** A segment over entries and postings held in memory. */
export function segmentOf(entries: readonly IndexedEntry[], postings: Postings): Segment {
  return { table: tableFromEntries(entries), postings: postingsView(postings) };
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
