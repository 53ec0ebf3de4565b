import { type HandoffSlot, isSectionName, slotOf, splitSections } from './sections.js';
import { oneLine } from './text.js';

/**
 * The body of a handoff: the author's words in the standard sections, in a
 * fixed order, followed by the git context origin gathered. The author's text
 * is kept verbatim; only its place changes (a "TODO" heading lands under
 * "Open threads / next steps", a heading we do not know is kept as it is).
 */
export const HANDOFF_HEADINGS: Record<HandoffSlot, string> = {
  summary: 'Summary',
  changed: 'What changed',
  decisions: 'Decisions',
  next: 'Open threads / next steps',
  gotchas: 'Gotchas',
  files: 'Relevant files and commands',
};

const ORDER: HandoffSlot[] = ['summary', 'changed', 'decisions', 'next', 'gotchas', 'files'];

export interface HandoffParts {
  /** A `# Title` the markdown opens with (the handoff's title unless --title says otherwise). */
  title?: string;
  slots: Partial<Record<HandoffSlot, string>>;
  /** Sections with headings we do not recognise, in their original order. */
  other: { heading: string; text: string }[];
}

export function emptyParts(): HandoffParts {
  return { slots: {}, other: [] };
}

/** Reads markdown written by an agent or a person (stdin, editor) into parts. */
export function parseHandoffMarkdown(markdown: string): HandoffParts {
  const parts = emptyParts();
  let text = markdown.replace(/\r\n?/g, '\n');
  // A first line `# Something` titles the note (with nothing under it, it used to be dropped), unless it names a section (`# Summary`).
  const h1 = /^\s*#\s+(.+?)(?:\s+#+)?[ \t]*(?:\n|$)/.exec(text);
  if (h1 && !isSectionName(h1[1] as string)) {
    parts.title = h1[1] as string;
    text = text.slice(h1[0].length);
  }
  // Which headings start a section: every section name ("## Next steps"), and any other heading at the level of
  // the shallowest section name (a "## Risks" beside "## Summary"); others ("### Detail", an unfenced "# comment"
  // in a shell snippet) stay inside their section as written. A note without section names splits at its shallowest heading.
  const headings = [...text.matchAll(/^(#{1,3})\s+(.+?)(?:\s+#+)?[ \t]*$/gm)].filter((m) => !insideFence(text, m.index ?? 0));
  const named = headings.filter((m) => isSectionName(m[2] as string)).map((m) => (m[1] as string).length);
  const depth = named.length ? Math.min(...named) : Math.min(4, ...headings.map((m) => (m[1] as string).length));
  const { preamble, sections } = splitSections(text, { starts: (level, heading) => level === depth || isSectionName(heading) });
  if (preamble) parts.slots.summary = preamble;
  for (const s of sections) {
    if (!s.text) continue;
    const slot = slotOf(s.heading);
    if (slot) parts.slots[slot] = parts.slots[slot] ? `${parts.slots[slot]}\n\n${s.text}` : s.text;
    else parts.other.push(s);
  }
  return parts;
}

export function addToSlot(parts: HandoffParts, slot: HandoffSlot, text: string): void {
  const t = text.trim();
  if (!t) return;
  parts.slots[slot] = parts.slots[slot] ? `${parts.slots[slot]}\n${t}` : t;
}

/** The structured fields (CLI flags, MCP arguments) added to parts: each list item as a bullet. */
export interface HandoffFields {
  summary?: string;
  changed?: string[];
  decisions?: string[];
  next?: string[];
  gotchas?: string[];
  relevant?: string[];
}

export function addFields(parts: HandoffParts, fields: HandoffFields): HandoffParts {
  const bullets = (items?: string[]) => (items ?? []).map((i) => `- ${i.trim()}`).join('\n');
  if (fields.summary) addToSlot(parts, 'summary', fields.summary);
  addToSlot(parts, 'changed', bullets(fields.changed));
  addToSlot(parts, 'decisions', bullets(fields.decisions));
  addToSlot(parts, 'next', bullets(fields.next));
  addToSlot(parts, 'gotchas', bullets(fields.gotchas));
  addToSlot(parts, 'files', bullets(fields.relevant));
  return parts;
}

export function isEmptyParts(parts: HandoffParts): boolean {
  return Object.values(parts.slots).every((v) => !v?.trim()) && parts.other.length === 0 && !parts.title;
}

export interface GitContext {
  base?: { ref: string; label: string };
  commits: { sha: string; subject: string }[];
  commitsTruncated: boolean;
  files: { path: string; added: number; removed: number }[];
  uncommitted: string[];
  captured: { id: string; type: string; title: string }[];
  resolved: { id: string; title: string; status: string }[];
  followupsCreated: { id: string; title: string }[];
  /** Next steps that were already open as follow-ups (linked, not opened again). */
  followupsOpen: { id: string; title: string }[];
}

export function hasGitContext(g: GitContext): boolean {
  return g.commits.length > 0 || g.uncommitted.length > 0 || g.captured.length > 0 || g.resolved.length > 0;
}

export function renderHandoffBody(parts: HandoffParts, git: GitContext): string {
  const out: string[] = [];
  for (const slot of ORDER) {
    const text = parts.slots[slot]?.trim();
    if (text) out.push(`## ${HANDOFF_HEADINGS[slot]}\n\n${text}`);
  }
  for (const o of parts.other) out.push(`## ${o.heading}\n\n${o.text.trim()}`);
  const ctx = renderGitContext(git);
  if (ctx) out.push(ctx);
  return `${out.join('\n\n')}\n`;
}

/** Entries captured (or follow-ups closed) listed one per line in a handoff's git context; the rest are counted. */
const LISTED = 40;

/** The lines the base takes: "Since ..." and a blank line. */
const BASE_LINES = 2;

function renderGitContext(g: GitContext): string {
  const lines: string[] = [];
  if (g.base) lines.push(`Since ${g.base.label} (\`${g.base.ref.slice(0, 10)}\`):`, '');
  if (g.commits.length) {
    lines.push(`Commits (${g.commits.length}${g.commitsTruncated ? '+' : ''}):`);
    // Subjects cut as the briefing cuts them (longer: this is the record); git log has them whole.
    for (const c of g.commits.slice(0, 30)) lines.push(`- \`${c.sha.slice(0, 8)}\` ${oneLine(c.subject, 120)}`);
    if (g.commits.length > 30) lines.push(`- … ${g.commits.length - 30} more`);
    lines.push('');
  }
  if (g.files.length) {
    lines.push(`Files changed (${g.files.length}):`);
    for (const f of g.files.slice(0, 40)) lines.push(`- \`${f.path}\` (+${f.added} −${f.removed})`);
    if (g.files.length > 40) lines.push(`- … ${g.files.length - 40} more`);
    lines.push('');
  }
  if (g.uncommitted.length) {
    lines.push(`Uncommitted (${g.uncommitted.length}): ${g.uncommitted.slice(0, 20).map((p) => `\`${p}\``).join(', ')}${g.uncommitted.length > 20 ? ', …' : ''}`, '');
  }
  if (g.captured.length) {
    lines.push(`Captured this session${g.captured.length > LISTED ? ` (${g.captured.length})` : ''}:`);
    for (const e of g.captured.slice(0, LISTED)) lines.push(`- ${e.id} (${e.type}) ${e.title}`);
    // The handoff links every one of them: the list is for reading, the links are the record.
    if (g.captured.length > LISTED) lines.push(`- … ${g.captured.length - LISTED} more, all in this handoff's links`);
    lines.push('');
  }
  if (g.followupsCreated.length) {
    lines.push('Follow-ups opened from the next steps:');
    for (const e of g.followupsCreated) lines.push(`- ${e.id} ${e.title}`);
    lines.push('');
  }
  if (g.followupsOpen.length) {
    lines.push('Next steps already open as follow-ups:');
    for (const e of g.followupsOpen) lines.push(`- ${e.id} ${e.title}`);
    lines.push('');
  }
  if (g.resolved.length) {
    lines.push(`Follow-ups closed this session${g.resolved.length > LISTED ? ` (${g.resolved.length})` : ''}:`);
    for (const e of g.resolved.slice(0, LISTED)) lines.push(`- ${e.id} ${e.status}: ${e.title}`);
    if (g.resolved.length > LISTED) lines.push(`- … ${g.resolved.length - LISTED} more, all in this handoff's links`);
    lines.push('');
  }
  if (lines.length === 0) return '';
  // Nothing since the base: say so rather than end on "Since ...:".
  if (g.base && lines.length === BASE_LINES) lines.push('No commits.');
  return `## Git context (gathered by origin)\n\n${lines.join('\n').trim()}`;
}

/** Whether `at` falls inside a fenced code block of `text`. */
function insideFence(text: string, at: number): boolean {
  let open = false;
  for (const m of text.slice(0, at).matchAll(/^\s*(```|~~~)/gm)) if (m) open = !open;
  return open;
}
