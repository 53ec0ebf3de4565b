import { cleanTitle, validateNewEntry } from '../core/entry.js';
import { newId } from '../core/id.js';
import { dropEmptySections, headingLines } from '../core/markdown.js';
import { normalisePath } from '../core/filter.js';
import { normaliseBody } from '../core/serialize.js';
import { type Entry, type EntryType, type StoredEntry, TYPE_PREFIX, defaultStatus } from '../core/types.js';
import { UsageError } from '../errors.js';
import { STDIN_GAVE_UP, discardDraft, editText, readBodyFile, readStdin, stripTemplateComments } from '../input.js';
import { type CommandContext, isInteractive, isoNow } from '../io.js';
import { detectAgent, gatherProvenance } from '../provenance.js';
import { loadTemplate } from '../store/templates.js';
import { createEntryFile } from '../store/write.js';
import { type Workspace, draftFolder, openWorkspace } from '../workspace.js';
import { printEntryJson } from './show.js';
import { persist } from './persist.js';
import { resolveIdRef } from './id-refs.js';
import { relativeToRoot } from './paths.js';

export interface CaptureOptions {
  type: EntryType;
  title: string;
  body?: string;
  file?: string;
  tags?: string[];
  anchors?: string[];
  links?: string[];
  supersedes?: string[];
  status?: string;
  agent?: string;
  /** Open $EDITOR when interactive and no body was given (default true). */
  edit?: boolean;
  commit?: boolean;
  stage?: boolean;
  json?: boolean;
  /** Where the words come from; `cli` unless an adapter says otherwise. */
  source?: string;
  /** The session to record (a handoff's follow-ups belong to the handoff's session); else the current one. */
  session?: string;
}

/** `origin decision|gotcha|followup|context "title" [body]`. */
export async function runCapture(ctx: CommandContext, options: CaptureOptions): Promise<number> {
  // .origin/ is set up by captureEntry once the entry is valid: a refused capture writes nothing.
  const ws = openWorkspace(ctx);
  const { body, draftPath } = await resolveBody(ctx, ws, options);
  const stored = captureEntry(ws, ctx, { ...options, body });
  if (draftPath) discardDraft(draftPath);
  persist(ws, [stored.path], options, `origin: ${stored.type} ${stored.id}: ${stored.title}`);
  if (options.json) printEntryJson(ctx.io, stored);
  else ctx.io.stdout(`${stored.id}\n`);
  return 0;
}

/** Builds, validates and writes a new entry. Shared by the CLI and the MCP server. */
export function captureEntry(ws: Workspace, ctx: CommandContext, options: CaptureOptions & { body: string }): StoredEntry {
  const title = cleanTitle(options.title ?? '');
  const tags = unique((options.tags ?? []).flatMap(splitList).map((t) => t.replace(/^#/, '')));
  const files = unique((options.anchors ?? []).flatMap(splitList).map((f) => relativeToRoot(ws.root, ctx.cwd, f, { outside: 'refuse' })));
  const links = unique((options.links ?? []).flatMap(splitList).map((l) => l.toLowerCase()));
  const supersedes = unique((options.supersedes ?? []).flatMap(splitList).map((l) => l.toLowerCase()));
  const problems = validateNewEntry({ type: options.type, title, status: options.status, body: options.body, tags, files, links });
  if (problems.length > 0) throw new UsageError(`cannot capture this ${options.type}: ${problems.join('; ')}`);
  // The ids from the file names: a capture never reads the whole store.
  const known = ws.entryIds();
  // A unique prefix (what people type) is stored as the full id, so it keeps resolving; what is not an id is refused.
  links.splice(0, links.length, ...unique(links.map((l) => resolveIdRef(known, l))));
  supersedes.splice(0, supersedes.length, ...unique(supersedes.map((l) => resolveIdRef(known, l))));
  // An entry replaces one of its own kind (ids start with their type): a gotcha does not supersede a decision; link them instead.
  const otherKind = supersedes.filter((id) => /^[a-z]{3}-/.test(id) && !id.startsWith(`${TYPE_PREFIX[options.type]}-`));
  if (otherKind.length > 0) throw new UsageError(`a ${options.type} supersedes only ${options.type}s, not ${otherKind.join(', ')}; to relate them, use --link`);
  const unknown = [...links, ...supersedes].filter((id) => !known.has(id));
  if (unknown.length > 0) {
    ctx.io.stderr(`origin: warning: no entry with id ${unknown.join(', ')} here (kept as written; it may live on another branch)\n`);
  }
  ws.ensureLayout();
  const prov = gatherProvenance(ws.layout, ctx.io, options.agent, options.session);
  const entry: Entry = {
    id: newId(options.type),
    type: options.type,
    title,
    status: options.status || defaultStatus(options.type),
    created: isoNow(ctx.io),
    ...prov,
    tags,
    files: files.map(normalisePath),
    links,
    supersedes,
    source: options.source ?? 'cli',
    extra: {},
    // As it will be stored, so that `--json` prints what `show --json` will read back.
    body: normaliseBody(options.body),
  };
  return createEntryFile(ws.layout, entry, known);
}

/** Source code and configuration: a body is rarely one of those, an anchor often is. */
const SOURCE_FILE = /\.(c|cc|cpp|cs|css|go|h|hpp|html|java|js|jsx|json|kt|mjs|cjs|php|py|rb|rs|scala|scss|sh|sql|svelte|swift|tf|toml|ts|tsx|vue|ya?ml)$/i;

/** The body, and the editor draft to delete once the entry is safely written. */
async function resolveBody(ctx: CommandContext, ws: Workspace, options: CaptureOptions): Promise<{ body: string; draftPath?: string }> {
  if (options.body !== undefined && options.file !== undefined) throw new UsageError('give the body either as an argument or with --file, not both');
  if (options.body === '-') return { body: await readBodyFile(ctx.io, ctx.cwd, '-') };
  if (options.body !== undefined) return { body: options.body };
  if (options.file !== undefined) {
    // On list and recall, --file filters by anchored path: someone who meant that here gets told, not silently a body of source code.
    if (options.file !== '-' && SOURCE_FILE.test(options.file)) {
      ctx.io.stderr(`origin: warning: --file reads the body from ${options.file}; to anchor the entry to that file, use --anchor ${options.file}\n`);
    }
    return { body: await readBodyFile(ctx.io, ctx.cwd, options.file) };
  }
  let gaveUp = false;
  const piped = await readStdin(ctx.io, { onGiveUp: () => (gaveUp = true) });
  if (piped !== undefined && piped.trim() !== '') return { body: piped };
  if (options.edit === false || !isInteractive(ctx.io)) {
    // An empty body is fine, but not silently instead of input that was on its way (`slow-command | origin gotcha ...`).
    // Not under a known agent, whose harness holds stdin open as a matter of course: the note would follow every title-only capture.
    if (gaveUp && ['human', 'unknown'].includes(detectAgent(ctx.io, options.agent))) ctx.io.stderr(`origin: note: the ${options.type} has no body: ${STDIN_GAVE_UP}\n`);
    return { body: '' };
  }
  const template = loadTemplate(ws.layout, options.type);
  const { text, draftPath } = editText(ctx.io, draftFolder(ws), `draft-${options.type}.md`, template);
  return { body: dropEmptySections(stripTemplateComments(text), headingLines(template)), draftPath };
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

export function requireType(value: string, normalise: (v: string) => EntryType | undefined): EntryType {
  const type = normalise(value);
  if (!type || type === 'handoff') {
    throw new UsageError(`unknown type "${value}"; use one of: decision, gotcha, followup, context (handoffs are written by \`origin handoff\`)`);
  }
  return type;
}
