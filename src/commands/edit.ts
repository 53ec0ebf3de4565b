import { cleanTitle, parseEntry, validateEdit } from '../core/entry.js';
import { entryToJson } from '../core/json.js';
import { normaliseBody, serializeEntry } from '../core/serialize.js';
import type { StoredEntry } from '../core/types.js';
import { OriginError, UsageError } from '../errors.js';
import { discardDraft, editText } from '../input.js';
import { type CommandContext, isInteractive, isoNow } from '../io.js';
import { rewriteEntryFile } from '../store/write.js';
import { type Workspace, openWorkspace } from '../workspace.js';
import { idMatches } from '../core/id.js';
import { resolveIdRef } from './id-refs.js';
import { relativeToRoot } from './paths.js';
import { type PersistOptions, persist } from './persist.js';
import { findEntry } from './show.js';

export interface EditOptions {
  id: string;
  title?: string;
  status?: string;
  tag?: string[];
  untag?: string[];
  anchor?: string[];
  unanchor?: string[];
  link?: string[];
  unlink?: string[];
  unsupersede?: string[];
  /** Remove a distinct mark (`origin distinct`), when the two are one fact after all. */
  undistinct?: string[];
  body?: string;
  append?: string;
  commit?: boolean;
  stage?: boolean;
  json?: boolean;
}

/**
 * `origin edit <id>`: with flags, changes just those fields (what agents use);
 * without flags at a terminal, opens the file in $EDITOR and checks the result
 * before saving it. The file name (id and slug) never changes.
 */
export async function runEdit(ctx: CommandContext, options: EditOptions): Promise<number> {
  const ws = openWorkspace(ctx);
  const hasFlags = [options.title, options.status, options.body, options.append].some((v) => v !== undefined) || [options.tag, options.untag, options.anchor, options.unanchor, options.link, options.unlink, options.unsupersede, options.undistinct].some((v) => v && v.length > 0);
  let updated: StoredEntry;
  if (hasFlags) {
    const edited = await editFields(ws, ctx.cwd, options, options);
    updated = edited.updated;
    if (!edited.changed) ctx.io.stderr(`origin: note: ${updated.id} unchanged\n`);
  }
  else if (isInteractive(ctx.io)) {
    const { entry, via } = await findEntry(ws, options.id);
    if (via) ctx.io.stderr(`origin: note: ${via} was merged into ${entry.id}; editing ${entry.id}\n`);
    updated = editInEditor(ctx, ws.layout.cache, entry);
    if (!save(ws, entry, updated, options)) ctx.io.stderr(`origin: note: ${updated.id} unchanged\n`);
  } else {
    throw new UsageError('edit needs a terminal for $EDITOR, or flags: --title, --status, --tag, --untag, --anchor, --unanchor, --link, --unlink, --unsupersede, --undistinct, --body, --append');
  }
  if (options.json) ctx.io.stdout(`${JSON.stringify(entryToJson(updated, { body: true }), null, 2)}\n`);
  else ctx.io.stdout(`${updated.id}\n`);
  return 0;
}

/**
 * Changes the fields `options` names on the entry found by id or prefix
 * (shared by the CLI and the MCP server): paths are relative to `cwd`, a
 * link given as a unique prefix is stored in full, and the follow-up's
 * closed stamp follows its status. Nothing is written when nothing changes.
 */
export async function editFields(ws: Workspace, cwd: string, options: EditOptions, persistOptions: PersistOptions): Promise<{ updated: StoredEntry; changed: boolean }> {
  const { entry, via } = await findEntry(ws, options.id);
  // An id merged away means the entry that absorbed it: say so, since that is the one edited.
  if (via) ws.io.stderr(`origin: note: ${via} was merged into ${entry.id}; editing ${entry.id}\n`);
  // A link given as a unique prefix is stored as the full id (as capture does), so that it keeps resolving.
  let known: Set<string> | undefined;
  const expand = (q: string) => {
    known ??= ws.entryIds();
    return resolveIdRef(known, q);
  };
  const updated = withClosedStamp(entry, applyEdits(entry, options, (p, adding) => relativeToRoot(ws.root, cwd, p, { outside: adding ? 'refuse' : 'keep' }), expand), isoNow(ws.io));
  return { updated, changed: save(ws, entry, updated, persistOptions) };
}

/** Writes and stages (or commits) the edit, unless it changed nothing; true when it wrote. */
function save(ws: Workspace, before: StoredEntry, after: StoredEntry, options: PersistOptions): boolean {
  if (serializeEntry(after) === serializeEntry(before)) return false;
  rewriteEntryFile(ws.root, after);
  persist(ws, [after.path], options, `origin: edit ${after.id}: ${after.title}`);
  return true;
}

export function applyEdits(entry: StoredEntry, options: EditOptions, toRepoPath: (p: string, adding: boolean) => string, expandId: (id: string) => string = (id) => id): StoredEntry {
  const split = (values?: string[]) => (values ?? []).flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
  const title = options.title !== undefined ? cleanTitle(options.title) : entry.title;
  const untag = new Set(split(options.untag).map((t) => t.replace(/^#/, '')));
  const tags = [...new Set([...entry.tags, ...split(options.tag).map((t) => t.replace(/^#/, ''))])].filter((t) => !untag.has(t));
  // Removals take the values as the entry holds them (a mistaken anchor, link or supersedes is undone by naming it).
  const unanchor = new Set(split(options.unanchor).map((p) => toRepoPath(p, false)));
  const files = [...new Set([...entry.files, ...split(options.anchor).map((p) => toRepoPath(p, true))])].filter((f) => !unanchor.has(f));
  // An id to remove is one of the entry's own: the full id, or a prefix only one of them has.
  const own = (list: readonly string[], q: string): string => {
    if (list.includes(q)) return q;
    const matches = list.filter((id) => idMatches(id, q));
    return matches.length === 1 ? (matches[0] as string) : q;
  };
  const unlink = new Set(split(options.unlink).map((l) => own(entry.links, l.toLowerCase())));
  const links = [...new Set([...entry.links, ...split(options.link).map((l) => expandId(l.toLowerCase()))])].filter((l) => !unlink.has(l));
  const unsupersede = new Set(split(options.unsupersede).map((l) => own(entry.supersedes, l.toLowerCase())));
  const supersedes = entry.supersedes.filter((id) => !unsupersede.has(id));
  const marks = entry.distinct ?? [];
  const undistinct = new Set(split(options.undistinct).map((l) => own(marks, l.toLowerCase())));
  const distinct = marks.filter((id) => !undistinct.has(id));
  let body = options.body !== undefined ? options.body : entry.body;
  if (options.append?.trim()) body = `${normaliseBody(body)}${body.trim() ? '\n' : ''}${options.append.trim()}\n`;
  const status = options.status?.trim().toLowerCase() || entry.status;
  const problems = validateEdit(entry, { type: entry.type, title, status, body, tags, files, links });
  if (problems.length > 0) throw new UsageError(`cannot edit ${entry.id}: ${problems.join('; ')}`);
  const missing = [...[...unanchor].filter((f) => !entry.files.includes(f)), ...[...unlink].filter((l) => !entry.links.includes(l)), ...[...unsupersede].filter((id) => !entry.supersedes.includes(id)), ...[...undistinct].filter((id) => !marks.includes(id)).map((id) => `distinct mark ${id}`)];
  if (missing.length > 0) throw new UsageError(`cannot edit ${entry.id}: it has no ${missing.join(', ')} to remove`);
  const { distinct: _marks, ...rest } = entry;
  return { ...rest, title, status, tags, files, links, supersedes, ...(distinct.length > 0 ? { distinct } : {}), body: normaliseBody(body) };
}

/**
 * `edit --status` on a follow-up keeps `closed` true to the status, as
 * `resolve` and `drop` do: stamped when it becomes done or dropped, removed
 * when it is reopened.
 */
export function withClosedStamp(before: StoredEntry, after: StoredEntry, now: string): StoredEntry {
  if (after.type !== 'followup' || after.status === before.status) return after;
  if (after.status === 'done' || after.status === 'dropped') return { ...after, closed: now };
  const { closed: _closed, ...open } = after;
  return open;
}

function editInEditor(ctx: CommandContext, cacheDir: string, entry: StoredEntry): StoredEntry {
  const { text, draftPath } = editText(ctx.io, cacheDir, `edit-${entry.id}.md`, serializeEntry(entry));
  let parsed: ReturnType<typeof parseEntry>;
  try {
    parsed = parseEntry(text);
  } catch (err) {
    throw new OriginError(`the edited file is not a valid entry (${(err as Error).message}); nothing was saved, your text is kept at ${draftPath}`);
  }
  if (parsed.id !== entry.id || parsed.type !== entry.type) {
    throw new OriginError(`the id and type of an entry cannot change (id ${entry.id}, type ${entry.type}); nothing was saved, your text is kept at ${draftPath}`);
  }
  // The same checks as the flags (a status the type does not have, an empty title...); a field the edit left alone is not re-judged.
  const problems = validateEdit(entry, parsed);
  if (problems.length > 0) throw new OriginError(`cannot save the edit of ${entry.id}: ${problems.join('; ')}; nothing was saved, your text is kept at ${draftPath}`);
  discardDraft(draftPath);
  return { ...parsed, path: entry.path };
}
