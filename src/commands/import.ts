import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { type RecordRef, recordRefs, relateRecords } from '../core/adr-refs.js';
import { parseDecisionRecord } from '../core/adr.js';
import { MAX_BODY_BYTES, MAX_LIST_ITEMS, cleanTitle } from '../core/entry.js';
import { newId } from '../core/id.js';
import { type Entry, type EntryType, STATUSES, isImported, normaliseType } from '../core/types.js';
import { normaliseBody } from '../core/serialize.js';
import { titleKey } from '../core/text.js';
import { UsageError, OriginError } from '../errors.js';
import { type CommandContext, isoNow } from '../io.js';
import { gatherProvenance } from '../provenance.js';
import { entryFileCreator } from '../store/write.js';
import { openWorkspace } from '../workspace.js';
import { persist } from './persist.js';

export interface ImportOptions {
  paths: string[];
  type?: string;
  tag?: string[];
  dryRun?: boolean;
  commit?: boolean;
  stage?: boolean;
  json?: boolean;
}

/**
 * `origin import <folder or files>`: one entry per markdown file. Titles,
 * statuses and dates of adr-tools, MADR/log4brains and front-matter records
 * are kept where they map; `source` is the file's path relative to the
 * folder given. A re-import recognises what it already has by that path and
 * the title or the body (either may have been edited since): two folders'
 * `0001-x.md` with different titles and bodies are two records.
 */
export async function runImport(ctx: CommandContext, options: ImportOptions): Promise<number> {
  if (options.paths.length === 0) throw new UsageError('give a folder or markdown files to import');
  const type: EntryType = options.type ? (normaliseType(options.type) ?? badType(options.type)) : 'decision';
  if (type === 'handoff') throw new UsageError('handoffs cannot be imported; import them as context');
  // Read the arguments before anything is written: a bad path leaves the repository as it was.
  const files = collectFiles(ctx.cwd, options.paths);
  // A dry run sets nothing up: it only reads.
  const ws = openWorkspace(ctx, { autoInit: !options.dryRun });
  const existing = ws.entries();
  // What was imported from each source (the path relative to the folder given), and each file name's bodies.
  const known = new Map<string, Array<{ title: string; body: string; day: string }>>();
  const bodiesByName = new Map<string, Set<string>>();
  const remember = (source: string, title: string, body: string, created: string) => {
    const key = `${type}\0${source}`;
    known.set(key, [...(known.get(key) ?? []), { title: titleKey(title), body: normaliseBody(body), day: created.slice(0, 10) }]);
    const name = `${type}\0${basename(source)}`;
    bodiesByName.set(name, (bodiesByName.get(name) ?? new Set()).add(normaliseBody(body)));
  };
  for (const e of existing) if (e.source && e.type === type) remember(e.source, e.title, e.body, e.created);
  /**
   * Whether a file is a record imported before: the same path with the same
   * body; the same file name with the same body (the folder was moved or
   * imported from its parent); or the same path with the same title (its
   * body edited since: adr-tools marks a record superseded in its text) and
   * the same date, when the record gives one. Another repository's
   * 0001-record-architecture-decisions.md has the name and the title, but
   * not the day its team began recording: it is a record of its own.
   */
  const importedAs = (source: string, title: string, body: string, date: string | undefined) => {
    const b = normaliseBody(body);
    const same = known.get(`${type}\0${source}`) ?? [];
    if (same.some((k) => k.body === b) || bodiesByName.get(`${type}\0${basename(source)}`)?.has(b)) return true;
    return same.some((k) => k.title === titleKey(title) && (date === undefined || k.day === date.slice(0, 10)));
  };
  const taken = new Set(existing.map((e) => e.id));
  const gray = (await import('./gray-matter-safe.js')).readFrontMatterSafely;
  const prov = gatherProvenance(ws.layout, ctx.io);
  const created: { id: string; title: string; source: string; path: string; supersedes?: string[]; links?: string[] }[] = [];
  const skipped: { source: string; reason: string }[] = [];
  // Read every record first: a record's references to the others (supersedes, links) need all of their ids.
  const fresh: Array<{ entry: Entry; refs: RecordRef[] }> = [];
  const refsOfImported = new Map<string, RecordRef[]>();
  for (const { abs, source } of files) {
    const text = readFileSync(abs, 'utf8');
    let data: Record<string, unknown>;
    let body: string;
    try {
      ({ data, body } = gray(text));
    } catch (err) {
      skipped.push({ source, reason: known.has(`${type}\0${source}`) ? 'already imported' : (err as Error).message });
      continue;
    }
    const record = parseDecisionRecord(data, body, basename(abs));
    const title = cleanTitle(record.title).slice(0, 300) || basename(abs);
    if (importedAs(source, title, record.body, record.date)) {
      // Read again for what it now says of records imported today ("Superseded by [the new one]").
      refsOfImported.set(source, recordRefs(record.body));
      skipped.push({ source, reason: 'already imported' });
      continue;
    }
    if (Buffer.byteLength(record.body) > MAX_BODY_BYTES) {
      skipped.push({ source, reason: `larger than ${MAX_BODY_BYTES / 1024} KiB` });
      continue;
    }
    const status = record.status && STATUSES[type].includes(record.status) ? record.status : STATUSES[type][0];
    const extra: Record<string, unknown> = {};
    if (record.originalStatus) extra.original_status = record.originalStatus;
    for (const [k, v] of Object.entries(data)) if (!['title', 'status', 'date', 'tags'].includes(k) && v !== null && typeof v !== 'object') extra[`original_${k}`] = v;
    let id = newId(type);
    while (taken.has(id)) id = newId(type);
    taken.add(id);
    const entry: Entry = {
      id,
      type,
      title,
      status: status as string,
      created: record.date ?? isoNow(ctx.io),
      ...prov,
      tags: [...new Set([...record.tags, ...(options.tag ?? [])])],
      files: [],
      links: [],
      supersedes: [],
      source,
      extra,
      body: record.body,
    };
    fresh.push({ entry, refs: recordRefs(record.body) });
  }
  const existingIds = new Set(existing.map((e) => e.id));
  const create = entryFileCreator(ws.layout);
  const earlier = existing
    .filter((e) => e.type === type && isImported(e))
    .map((e) => ({ id: e.id, source: e.source, supersedes: e.supersedes, refs: refsOfImported.get(e.source) ?? [] }));
  const related = relateRecords(
    fresh.map(({ entry, refs }) => ({ id: entry.id, source: entry.source, refs })),
    earlier,
    MAX_LIST_ITEMS,
  );
  let supersessions = 0;
  let linkCount = 0;
  for (const { entry } of fresh) {
    const rel = related.get(entry.id);
    if (rel) {
      entry.supersedes = rel.supersedes;
      entry.links = rel.links;
      supersessions += rel.supersedes.length;
      linkCount += rel.links.length;
    }
    if (options.dryRun) {
      created.push({ id: '(new)', title: entry.title, source: entry.source, path: '' });
      continue;
    }
    // The ids were chosen free of every existing one above, so the file keeps its id and the relations hold.
    const stored = create(entry, existingIds);
    const relations = { ...(entry.supersedes.length ? { supersedes: entry.supersedes } : {}), ...(entry.links.length ? { links: entry.links } : {}) };
    created.push({ id: stored.id, title: stored.title, source: entry.source, path: stored.path, ...relations });
  }
  if (!options.dryRun && created.length) persist(ws, created.map((c) => c.path), options, `origin: import ${created.length} ${type} entries`);
  if (options.json) ctx.io.stdout(`${JSON.stringify({ created, skipped, relations: { supersedes: supersessions, links: linkCount } }, null, 2)}\n`);
  else {
    const relations = [supersessions ? `${supersessions} supersession${supersessions === 1 ? '' : 's'}` : '', linkCount ? `${linkCount} link${linkCount === 1 ? '' : 's'}` : ''].filter(Boolean).join(' and ');
    ctx.io.stdout(
      `${options.dryRun ? 'Would import' : 'Imported'} ${created.length} ${type} ${created.length === 1 ? 'entry' : 'entries'}${relations ? ` (${relations} between records)` : ''}${skipped.length ? `, skipped ${skipped.length}${skipped.every((x) => x.reason === 'already imported') ? ' already imported' : ''}` : ''}.\n`,
    );
    for (const s of skipped.filter((x) => x.reason !== 'already imported').slice(0, 20)) ctx.io.stderr(`origin: skipped ${s.source}: ${s.reason}\n`);
  }
  return 0;
}

function badType(t: string): never {
  throw new UsageError(`unknown type "${t}"; use one of: decision, gotcha, followup, context`);
}

/** Markdown files under the given paths, with their path relative to the folder given. */
function collectFiles(cwd: string, paths: string[]): { abs: string; source: string }[] {
  const out: { abs: string; source: string }[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(abs);
    } catch {
      throw new OriginError(`cannot read ${p}: no such file or folder`);
    }
    if (st.isDirectory()) {
      for (const f of walk(abs)) out.push({ abs: f, source: relative(abs, f).split('\\').join('/') });
    } else if (/\.(md|markdown)$/i.test(abs)) out.push({ abs, source: basename(abs) });
    else throw new UsageError(`import takes markdown files (.md) and folders of them; ${p} is not one`);
  }
  // A file named twice (a folder and a file in it) is read once; files of the same name in two folders are two records
  // (a monorepo's services each have their 0002-choose-the-database.md), whatever their titles.
  const seen = new Set<string>();
  return out.filter((f) => !seen.has(f.abs) && seen.add(f.abs)).sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const abs = join(dir, name);
    const st = statSync(abs);
    if (st.isDirectory()) out.push(...walk(abs));
    else if (/\.(md|markdown)$/i.test(name) && !/^(readme|index)\.(md|markdown)$/i.test(name) && !/^([\d-]*)(adr-)?template\.(md|markdown)$/i.test(name)) out.push(abs);
  }
  return out;
}
