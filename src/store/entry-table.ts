import { leadSentence } from '../core/sections.js';
import { ENTRY_TYPES, type EntryType, type StoredEntry } from '../core/types.js';
import type { IndexFile } from './index-file.js';

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
  /** The work session it was captured in (a handoff lists what its session captured without reading every file). */
  session?: string;
  /** Kept for handoffs only (the briefing counts commits since the latest one). */
  commit: string;
  path: string;
  /** The body's first sentence (at most LEAD_CHARS) of gotchas, decisions and context, shown by briefings without reading the file. */
  lead?: string;
}

export const LEAD_CHARS = 150;

/** Briefings show leads of gotchas, decisions and context only. */
function hasLead(type: EntryType): boolean {
  return type === 'gotcha' || type === 'decision' || type === 'context';
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
  if (e.session) out.session = e.session;
  if (e.closed) out.closed = e.closed;
  if (e.merged_from?.length) out.merged_from = e.merged_from;
  if (hasLead(e.type)) out.lead = leadSentence(e.body, LEAD_CHARS);
  return out;
}

/**
 * The entries of an index as columns. The hot paths (`start`, `recall`) scan
 * the typed columns (type, status, creation time, anchors) over every entry
 * and decode the full metadata of the few entries they show; at 100k entries
 * building one object per entry cost more than everything else together.
 */
export interface EntryTable {
  readonly count: number;
  readonly ids: readonly string[];
  /** Index into ENTRY_TYPES. */
  readonly types: Uint8Array;
  /** Index into `statuses`. */
  readonly statusCodes: Uint16Array;
  readonly statuses: readonly string[];
  /** Creation time in epoch ms; -Infinity when `created` is not a date. */
  readonly created: Float64Array;
  /** Distinct anchored files, and the docs anchored to each (ascending). */
  readonly anchors: { readonly paths: readonly string[]; readonly offsets: Uint32Array; readonly docs: Uint32Array };
  /** Docs that supersede others, with the ids they name (ascending docs). */
  readonly supersedes: readonly (readonly [number, readonly string[]])[];
  /** Every doc, newest first (ties by id): briefings want the newest few of a kind. */
  readonly order: Uint32Array;
  /** Index into `branches` (the branch an entry was written on: briefings pick this branch's handoff). */
  readonly branchCodes: Uint16Array;
  readonly branches: readonly string[];
  /** The full metadata of doc i (decoded on each call: callers cache). */
  row(i: number): IndexedEntry;
  /** Every doc's metadata, in doc order, from one read of the rows (what a listing of the whole store needs). */
  allRows(): IndexedEntry[];
  /**
   * Docs that link to others and docs that absorbed others, with the ids
   * they name (ascending docs): what a lookup derives backlinks and merged
   * ids from without decoding every row (read on first use).
   */
  relationLists(): RelationLists;
}

export interface RelationLists {
  links: readonly (readonly [number, readonly string[]])[];
  merged: readonly (readonly [number, readonly string[]])[];
}

function relationListsOf(entries: readonly IndexedEntry[]): RelationLists {
  const links: [number, string[]][] = [];
  const merged: [number, string[]][] = [];
  entries.forEach((e, d) => {
    if (e.links.length > 0) links.push([d, [...e.links]]);
    if (e.merged_from?.length) merged.push([d, [...e.merged_from]]);
  });
  return { links, merged };
}

/** Newest first, equal times by id in code-unit order: the one order every briefing list uses. */
export function newerFirst(ta: number, ia: string, tb: number, ib: string): number {
  if (ta !== tb) return ta > tb ? -1 : 1;
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

export function createdMs(created: string): number {
  const t = Date.parse(created);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

const TYPE_CODE = new Map<string, number>(ENTRY_TYPES.map((t, i) => [t, i]));

/** Distinct strings numbered in the order first met (the string tables behind the code columns). */
function interner(): { values: string[]; code(value: string): number } {
  const values: string[] = [];
  const codes = new Map<string, number>();
  return {
    values,
    code(value) {
      let c = codes.get(value);
      if (c === undefined) {
        c = values.length;
        values.push(value);
        codes.set(value, c);
      }
      return c;
    },
  };
}

/** A table over entries held in memory (a rebuild, `--at REF`, tests). */
export function tableFromEntries(entries: readonly IndexedEntry[]): EntryTable {
  const statuses = interner();
  const statusCodes = new Uint16Array(entries.length);
  const types = new Uint8Array(entries.length);
  const created = new Float64Array(entries.length);
  const byAnchor = new Map<string, number[]>();
  const supersedes: [number, string[]][] = [];
  const branches = interner();
  const branchCodes = new Uint16Array(entries.length);
  entries.forEach((e, i) => {
    branchCodes[i] = branches.code(e.branch);
    types[i] = TYPE_CODE.get(e.type) ?? 0;
    statusCodes[i] = statuses.code(e.status);
    created[i] = createdMs(e.created);
    for (const f of new Set(e.files)) {
      const list = byAnchor.get(f);
      if (list) list.push(i);
      else byAnchor.set(f, [i]);
    }
    if (e.supersedes.length) supersedes.push([i, e.supersedes]);
  });
  const paths = [...byAnchor.keys()].sort();
  const offsets = new Uint32Array(paths.length + 1);
  paths.forEach((p, k) => {
    offsets[k + 1] = (offsets[k] as number) + (byAnchor.get(p) as number[]).length;
  });
  const ids = entries.map((e) => e.id);
  const order = Uint32Array.from(entries.keys()).sort((a, b) => newerFirst(created[a] as number, ids[a] as string, created[b] as number, ids[b] as string));
  const docs = new Uint32Array(offsets[paths.length] as number);
  paths.forEach((p, k) => {
    docs.set(byAnchor.get(p) as number[], offsets[k]);
  });
  return {
    count: entries.length,
    ids,
    order,
    branchCodes,
    branches: branches.values,
    types,
    statusCodes,
    statuses: statuses.values,
    created,
    anchors: { paths, offsets, docs },
    supersedes,
    row: (i) => entries[i] as IndexedEntry,
    allRows: () => [...entries],
    relationLists: () => relationListsOf(entries),
  };
}

/** Compact tuple form of a row: arrays are smaller and parse faster than objects. */
type Row = [string, string, string, string, string, string, string[], string[], string[], string[], string[], string, string, string, string, string];

function toRow(e: IndexedEntry): Row {
  return [e.id, e.type, e.title, e.status, e.created, e.closed ?? '', e.tags, e.files, e.links, e.supersedes, e.merged_from ?? [], e.branch, e.commit, e.path, e.lead ?? '', e.session ?? ''];
}

function fromRow(r: Row): IndexedEntry {
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
  if (hasLead(e.type) && typeof r[14] === 'string') e.lead = r[14];
  if (r[15]) e.session = r[15];
  return e;
}

/** What of a table goes into the index file's JSON header (small tables only). */
export interface TableMeta {
  count: number;
  statuses: string[];
  branches: string[];
  anchorPaths: string[];
  supersedes: [number, string[]][];
}

/** A table as a header part and binary sections for the index file. */
export function encodeTable(entries: readonly IndexedEntry[], table: EntryTable): { meta: TableMeta; sections: [string, Buffer | Uint8Array | Uint16Array | Uint32Array | Float64Array][] } {
  const rows = entries.map((e) => Buffer.from(JSON.stringify(toRow(e)), 'utf8'));
  const rowOffsets = new Uint32Array(rows.length + 1);
  rows.forEach((r, i) => {
    rowOffsets[i + 1] = (rowOffsets[i] as number) + r.length;
  });
  return {
    meta: {
      count: table.count,
      statuses: [...table.statuses],
      branches: [...table.branches],
      anchorPaths: [...table.anchors.paths],
      supersedes: table.supersedes.map(([d, ids]) => [d, [...ids]]),
    },
    sections: [
      ['ids', Buffer.from(table.ids.join('\n'), 'utf8')],
      ['relations', Buffer.from(JSON.stringify(relationListsOf(entries)), 'utf8')],
      ['types', table.types],
      ['statuses', table.statusCodes],
      ['created', table.created],
      ['anchorOffsets', table.anchors.offsets],
      ['anchorDocs', table.anchors.docs],
      ['order', table.order],
      ['branches', table.branchCodes],
      ['rowOffsets', rowOffsets],
      ['rows', Buffer.concat(rows)],
    ],
  };
}

/** The table of an index file (its columns are read whole; rows read and decoded on demand). */
export function tableFromFile(file: IndexFile<unknown>, meta: TableMeta): EntryTable {
  const ids = meta.count ? file.bytes('ids').toString('utf8').split('\n') : [];
  const rowOffsets = file.u32('rowOffsets');
  if (ids.length !== meta.count || rowOffsets.length !== meta.count + 1) throw new Error('index table is damaged');
  let relations: RelationLists | undefined;
  return {
    count: meta.count,
    ids,
    types: file.u8('types'),
    statusCodes: file.u16('statuses'),
    statuses: meta.statuses,
    created: file.f64('created'),
    anchors: { paths: meta.anchorPaths, offsets: file.u32('anchorOffsets'), docs: file.u32('anchorDocs') },
    supersedes: meta.supersedes,
    order: file.u32('order'),
    branchCodes: file.u16('branches'),
    branches: meta.branches,
    // One positioned read per row: the hot paths decode a few dozen rows, and
    // reading all of them (20 MB at 100k entries) would cost more than that.
    row: (i) => {
      const start = rowOffsets[i] as number;
      const bytes = file.range('rows', start, (rowOffsets[i + 1] as number) - start);
      return fromRow(JSON.parse(bytes.toString('utf8')) as Row);
    },
    relationLists: () => {
      relations ??= JSON.parse(file.bytes('relations').toString('utf8')) as RelationLists;
      return relations;
    },
    allRows: () => {
      const bytes = meta.count ? file.bytes('rows') : Buffer.alloc(0);
      const out: IndexedEntry[] = new Array(meta.count);
      for (let i = 0; i < meta.count; i++) out[i] = fromRow(JSON.parse(bytes.toString('utf8', rowOffsets[i] as number, rowOffsets[i + 1] as number)) as Row);
      return out;
    },
  };
}
