import { normaliseBody } from '../core/serialize.js';
import { type Entry, type StoredEntry, isActive } from '../core/types.js';

/**
 * Merging two entries without losing a word: the canonical entry keeps its
 * body as it is; every statement of the duplicate that the canonical does
 * not already make is appended, in the duplicate's order, under a line that
 * says where it came from. A "statement" (a unit) is a sentence of a
 * paragraph or list item, a heading, or a whole code block or table (those
 * are never cut). Units are compared case- and whitespace-insensitively, so
 * a sentence both entries contain appears once; a heading both have is
 * repeated above what the duplicate adds under it, so that the added words
 * keep their context.
 */

export interface Block {
  kind: 'paragraph' | 'item' | 'heading' | 'code' | 'table' | 'quote';
  /** For items: the bullet ("- ", "1. "); for quotes: "> ". */
  prefix: string;
  /** Sentences (paragraph, item, quote) or the block's whole text (heading, code, table). */
  units: string[];
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const ITEM = /^(\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+)(.*)$/;

/** Splits a markdown body into blocks of units. */
export function parseBlocks(body: string): Block[] {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: { kind: 'paragraph' | 'item' | 'quote'; prefix: string; text: string[] } | undefined;
  const flush = () => {
    if (para) blocks.push({ kind: para.kind, prefix: para.prefix, units: sentences(para.text.join(' ')) });
    para = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const marker = (fence[1] as string)[0] as string;
      const size = (fence[1] as string).length;
      const code = [line];
      while (++i < lines.length) {
        const l = lines[i] as string;
        code.push(l);
        const close = FENCE.exec(l);
        if (close && (close[1] as string)[0] === marker && (close[1] as string).length >= size && l.trim() === (close[1] as string)) break;
      }
      blocks.push({ kind: 'code', prefix: '', units: [code.join('\n')] });
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (/^\s{0,3}#{1,6}\s/.test(line)) {
      flush();
      blocks.push({ kind: 'heading', prefix: '', units: [line.trim()] });
      continue;
    }
    if (/^\s*\|/.test(line)) {
      flush();
      const table = [line];
      while (i + 1 < lines.length && /^\s*\|/.test(lines[i + 1] as string)) table.push(lines[++i] as string);
      blocks.push({ kind: 'table', prefix: '', units: [table.join('\n')] });
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      flush();
      para = { kind: 'item', prefix: (item[1] as string).trimStart().replace(/\s+$/, ' '), text: [item[2] as string] };
      continue;
    }
    const quote = /^\s{0,3}>\s?(.*)$/.exec(line);
    if (quote && para?.kind !== 'quote') {
      flush();
      para = { kind: 'quote', prefix: '> ', text: [quote[1] as string] };
      continue;
    }
    if (para) para.text.push(quote ? (quote[1] as string) : line.trim());
    else para = { kind: 'paragraph', prefix: '', text: [line.trim()] };
  }
  flush();
  return blocks.filter((b) => b.units.length > 0);
}

// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATION = /(?:^|[\s(])(?:e\.g|i\.e|etc|vs|cf|approx|incl|esp|no|mr|mrs|ms|dr|st|fig|[A-Z])\.$/i;

/** Sentences of a paragraph: split after . ! ? before a capital, digit, quote or markup. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  const re = /[.!?]+["')\]]*\s+(?=[^\sa-z])/g;
  let start = 0;
  for (const m of text.matchAll(re)) {
    const end = (m.index as number) + m[0].trimEnd().length;
    const candidate = text.slice(start, end);
    if (ABBREVIATION.test(candidate.replace(/["')\]]+$/, ''))) continue;
    out.push(candidate.trim());
    start = (m.index as number) + m[0].length;
  }
  const rest = text.slice(start).trim();
  if (rest) out.push(rest);
  return out.filter(Boolean);
}

/** The comparison key of a unit: case, spacing and final punctuation do not make a new statement. */
export function unitKey(unit: string): string {
  return unit
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.!?;:,]+$/, '');
}

/** Every unit of a body, as comparison keys (what "no sentence lost" is checked against). */
export function unitKeys(body: string): string[] {
  return parseBlocks(body).flatMap((b) => b.units.map(unitKey));
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return block.units.join(' ');
    case 'item':
    case 'quote':
      return `${block.prefix}${block.units.join(' ')}`;
    default:
      return block.units.join('\n');
  }
}

/**
 * The body of `canonical` followed by what `duplicate` adds. Returns the
 * canonical body unchanged when the duplicate adds nothing and has the same
 * title (an exact copy leaves no trace but `merged_from`).
 */
export function mergeBodies(canonical: Entry, duplicate: Entry, notes: readonly string[] = []): string {
  const base = normaliseBody(canonical.body);
  const seen = new Set(unitKeys(canonical.body));
  const added: string[] = [];
  let lastWasItem = false;
  // A heading the canonical entry already has ("## Status") still heads what the duplicate adds under it.
  let heading: string | undefined;
  for (const block of parseBlocks(duplicate.body)) {
    if (block.kind === 'heading' && seen.has(unitKey(block.units[0] as string))) {
      heading = block.units[0];
      continue;
    }
    if (block.kind === 'heading') heading = undefined;
    const fresh = block.units.filter((u) => {
      const key = unitKey(u);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (fresh.length === 0) continue;
    if (heading !== undefined) {
      added.push(heading);
      heading = undefined;
      lastWasItem = false;
    }
    const text = renderBlock({ ...block, units: fresh });
    // Consecutive list items stay one list; every other block is a paragraph of its own.
    if (block.kind === 'item' && lastWasItem) added[added.length - 1] += `\n${text}`;
    else added.push(text);
    lastWasItem = block.kind === 'item';
  }
  added.push(...notes);
  const sameTitle = unitKey(canonical.title) === unitKey(duplicate.title);
  if (added.length === 0 && sameTitle) return base;
  // Where the words came from: its title when it differs, the day it was written (a later entry's text may be the newer fact),
  // who wrote it when someone else did, and its status when it differs (a done follow-up's "## Resolution" merged into an
  // open one must not read as the survivor's).
  const who = [duplicate.author && duplicate.author !== canonical.author ? duplicate.author : '', duplicate.agent && duplicate.agent !== canonical.agent ? `via ${duplicate.agent}` : ''].filter(Boolean).join(' ');
  const about = [sameTitle ? '' : `“${duplicate.title}”`, dayOf(duplicate.created), who].filter(Boolean).join(', ');
  const status = duplicate.status !== canonical.status ? `, whose status was ${duplicate.status}` : '';
  const from = `_Merged from ${duplicate.id}${about ? ` (${about})` : ''}${status}${added.length === 0 ? ', which added nothing else._' : ':_'}`;
  const parts = [base.trimEnd(), from, ...added].filter(Boolean);
  return `${parts.join('\n\n')}\n`;
}

/** The day of an ISO time ("2026-02-01"), or nothing for a value that is not one. */
function dayOf(created: string): string {
  return /^\d{4}-\d{2}-\d{2}/.exec(created)?.[0] ?? '';
}

const union = (...lists: ReadonlyArray<readonly string[]>) => [...new Set(lists.flat())];

/**
 * The canonical entry after absorbing the duplicates, in the order given:
 * bodies merged unit by unit, tags, anchored files and links united, and
 * `merged_from` naming every absorbed id (and what those had absorbed, so
 * that an id merged twice over still resolves).
 */
export function mergeEntries(canonical: StoredEntry, duplicates: readonly StoredEntry[]): StoredEntry {
  let merged: StoredEntry = { ...canonical, extra: { ...canonical.extra } };
  for (const dup of duplicates) {
    // A front-matter field both set, to different values: the canonical keeps its own, and the other is written into the body, not lost.
    const clashes = Object.entries(dup.extra).filter(([key, value]) => key in merged.extra && stableJson(merged.extra[key]) !== stableJson(value));
    const notes = clashes.map(([key, value]) => `${dup.id} also had ${inlineCode(`${key}: ${stableJson(value)}`)} in its front matter.`);
    merged.body = mergeBodies(merged, dup, notes);
    merged.merged_from = union(merged.merged_from ?? [], [dup.id], dup.merged_from ?? []);
    merged.tags = union(merged.tags, dup.tags);
    merged.files = union(merged.files, dup.files);
    merged.links = union(merged.links, dup.links);
    merged.supersedes = union(merged.supersedes, dup.supersedes);
    if (merged.distinct?.length || dup.distinct?.length) merged.distinct = union(merged.distinct ?? [], dup.distinct ?? []);
    for (const [key, value] of Object.entries(dup.extra)) if (!(key in merged.extra)) merged.extra[key] = value;
  }
  // An entry never links to, or supersedes, itself or what it absorbed.
  const self = new Set([merged.id, ...(merged.merged_from ?? [])]);
  merged = { ...merged, links: merged.links.filter((l) => !self.has(l)), supersedes: merged.supersedes.filter((s) => !self.has(s)) };
  if (merged.distinct) {
    const distinct = merged.distinct.filter((d) => !self.has(d));
    if (distinct.length > 0) merged.distinct = distinct;
    else delete merged.distinct;
  }
  return merged;
}

/**
 * Which of two or more duplicates survives: an entry in force (accepted,
 * active, open) before one that is not, then the older, then the smaller id.
 * "Older" means the earlier `created`; references to it are the oldest too.
 */
export function canonicalOrder(a: Entry, b: Entry, inForce: (e: Entry) => boolean = isActive): number {
  const rank = (e: Entry) => (inForce(e) ? 0 : 1) + (e.status === 'proposed' ? 0.5 : 0);
  const [ta, tb] = [createdTime(a), createdTime(b)];
  return rank(a) - rank(b) || (ta < tb ? -1 : ta > tb ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** `created` as a time, parsed once per entry: refine orders tens of thousands of pairs. */
const TIMES = new WeakMap<Entry, number>();

function createdTime(e: Entry): number {
  let t = TIMES.get(e);
  if (t === undefined) {
    t = Date.parse(e.created);
    if (Number.isNaN(t)) t = Number.POSITIVE_INFINITY;
    TIMES.set(e, t);
  }
  return t;
}

/** JSON with object keys sorted: the same mapping written in another order is the same value. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));
}

/** Markdown inline code that holds any backticks in the text (a longer fence, padded). */
function inlineCode(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}
