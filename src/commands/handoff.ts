import { addFields, emptyParts, isEmptyParts, parseHandoffMarkdown } from '../core/handoff-body.js';
import { dropEmptySections, headingLines } from '../core/markdown.js';
import { STDIN_GAVE_UP, discardDraft, editText, readBodyFile, readStdin, stripTemplateComments } from '../input.js';
import { OriginError } from '../errors.js';
import { type CommandContext, isInteractive } from '../io.js';
import { writeHandoff } from '../session/handoff.js';
import { loadTemplate } from '../store/templates.js';
import { draftFolder, openWorkspace } from '../workspace.js';
import { persist } from './persist.js';
import { printEntryJson } from './show.js';

export interface HandoffOptions {
  title?: string;
  summary?: string;
  changed?: string[];
  decision?: string[];
  next?: string[];
  gotcha?: string[];
  relevant?: string[];
  file?: string;
  followups?: boolean;
  allowEmpty?: boolean;
  agent?: string;
  edit?: boolean;
  commit?: boolean;
  stage?: boolean;
  json?: boolean;
}

/** `origin handoff`: the note that ends a session, for the next one. */
export async function runHandoff(ctx: CommandContext, options: HandoffOptions): Promise<number> {
  // .origin/ is set up by writeHandoff once there is something to hand off.
  const ws = openWorkspace(ctx);
  let parts = emptyParts();
  let draftPath: string | undefined;
  let gaveUp = false;
  const markdown = options.file !== undefined ? await readBodyFile(ctx.io, ctx.cwd, options.file) : await readStdin(ctx.io, { onGiveUp: () => (gaveUp = true) });
  if (markdown?.trim()) parts = parseHandoffMarkdown(markdown);
  addFields(parts, { summary: options.summary, changed: options.changed, decisions: options.decision, next: options.next, gotchas: options.gotcha, relevant: options.relevant });
  const said = !isEmptyParts(parts);
  // Flags said it all: a harness that holds stdin open is the usual reason for the silence, and needs no note.
  // Without them, a handoff of the git context alone would stand as the latest and hide the notes that were
  // on their way (a slow pipe): refused, unless asked for.
  if (gaveUp && !said) {
    if (!options.allowEmpty) {
      throw new OriginError(`nothing was written for the handoff: ${STDIN_GAVE_UP}`, [
        'Say what happened: origin handoff --summary "..." --next "...", or --file - to wait for markdown piped on stdin.',
        'To record the git context alone: --allow-empty',
      ]);
    }
    ctx.io.stderr(`origin: note: ${STDIN_GAVE_UP}\n`);
  }
  if (!said && options.edit !== false && isInteractive(ctx.io)) {
    const template = loadTemplate(ws.layout, 'handoff');
    const edited = editText(ctx.io, draftFolder(ws), 'draft-handoff.md', template);
    draftPath = edited.draftPath;
    parts = parseHandoffMarkdown(dropEmptySections(stripTemplateComments(edited.text), headingLines(template)));
  }
  const result = await writeHandoff(ws, ctx.io, ctx.cwd, {
    parts,
    ...(options.title ? { title: options.title } : {}),
    followups: options.followups === true,
    allowEmpty: options.allowEmpty === true,
    ...(options.agent ? { agent: options.agent } : {}),
  });
  if (draftPath) discardDraft(draftPath);
  const paths = [result.handoff.path, ...result.followups.map((f) => f.path)];
  persist(ws, paths, options, `origin: handoff ${result.handoff.id}: ${result.handoff.title}`);
  if (options.json) {
    printEntryJson(ctx.io, result.handoff);
  } else {
    ctx.io.stdout(`${result.handoff.id}\n`);
    if (result.followups.length) ctx.io.stderr(`origin: opened ${result.followups.length} follow-up(s): ${result.followups.map((f) => f.id).join(', ')}\n`);
  }
  return 0;
}
