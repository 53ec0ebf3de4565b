import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { captureEntry } from '../commands/capture.js';
import { buildFilter, listPage } from '../commands/list.js';
import { persist } from '../commands/persist.js';
import { findEntry } from '../commands/show.js';
import { closeFollowup } from '../commands/status.js';
import { supersedeEntry } from '../commands/supersede.js';
import { composeBriefing } from '../core/briefing.js';
import { MAX_BODY_BYTES, MAX_TITLE_LENGTH } from '../core/entry.js';
import { addFields, emptyParts, parseHandoffMarkdown } from '../core/handoff-body.js';
import { entryToJson } from '../core/json.js';
import { OriginError, UsageError } from '../errors.js';
import { type IO, isoNow } from '../io.js';
import { detectAgent } from '../provenance.js';
import { gatherRecall } from '../recall/run.js';
import { rankForBriefing } from '../recall/briefing-rank.js';
import { gatherBriefing, latestHandoffDoc } from '../session/gather.js';
import { openMemoryView } from '../session/memory-view.js';
import { writeHandoff } from '../session/handoff.js';
import { beginSession } from '../session/begin.js';
import { refuseUnknownStatus } from '../session/filters.js';
import { rewriteEntryFile } from '../store/write.js';
import { VERSION } from '../version.js';
import { openWorkspace } from '../workspace.js';
import { withCallFiles } from './call-files.js';
import { entryText, listText, recallText } from './format.js';

/**
 * The MCP server: the same store, cache and functions as the CLI, reached
 * through tools, resources and prompts. Every request opens the workspace
 * afresh and checks the index through git, so files changed by git, an
 * editor or the CLI while the server runs are seen at the next request.
 * Nothing here writes to stdout: the transport owns it.
 */
const MAX_TEXT = 20_000;
const MAX_QUERY = 2_000;
const captureTypes = ['decision', 'gotcha', 'followup', 'context'] as const;
const allTypes = ['handoff', 'decision', 'gotcha', 'followup', 'context'] as const;

const shortText = (max: number) => z.string().max(max);
const idArg = z.string().min(1).max(64).describe('An entry id, or a unique prefix of one (e.g. dec-7k2m)');
const listOf = (max: number, item = 300) => z.array(z.string().min(1).max(item)).max(max);

export function createServer(root: string, serverIO: IO): McpServer {
  const server = new McpServer({ name: 'origin', version: VERSION }, { capabilities: { logging: {} } });
  // What a call warns about ("no entry with id ... kept as written", malformed files skipped) goes back to
  // the caller in its result, not only to the server's stderr, which no agent reads. Per call, though calls overlap.
  const callWarnings = new AsyncLocalStorage<string[]>();
  const io: IO = {
    ...serverIO,
    stderr: (text) => {
      const warnings = callWarnings.getStore();
      // A warning with its indented detail lines (a malformed file's name and reason) is one warning.
      if (warnings) for (const m of text.matchAll(/^origin: (?:warning|note): (.+)((?:\n[ \t]+\S.*)*)/gm)) warnings.push(`${(m[1] as string).trim()}${m[2] ?? ''}`);
      serverIO.stderr(text);
    },
  };
  const ctx = { cwd: root, io };
  // Who writes: the tool's argument, the environment (as the CLI reads it), then the name the MCP client gave when it connected.
  const agentOf = (explicit: string | undefined) => {
    const detected = detectAgent({ ...io, stdinIsTTY: false }, explicit);
    return detected !== 'unknown' ? detected : server.server.getClientVersion()?.name?.trim() || 'mcp-client';
  };
  // .origin/ is set up by the first capture or handoff (after its input is checked); reads never create it.
  const ws = () => openWorkspace(ctx);

  const tool = <S extends z.ZodRawShape>(name: string, title: string, description: string, shape: S, run: (args: z.infer<z.ZodObject<S>>) => Promise<{ text: string; data: Record<string, unknown> }>) => {
    server.registerTool(name, { title, description, inputSchema: z.object(shape).strict() }, async (args: unknown) => {
      const warnings: string[] = [];
      try {
        const { text, data } = await callWarnings.run(warnings, () => withCallFiles(() => run(args as z.infer<z.ZodObject<S>>)));
        if (warnings.length === 0) return { content: [{ type: 'text' as const, text }], structuredContent: data };
        const said = warnings.map((w) => `warning: ${w}`).join('\n');
        return { content: [{ type: 'text' as const, text: `${text}\n\n${said}` }], structuredContent: { ...data, warnings } };
      } catch (err) {
        const message = err instanceof OriginError ? mcpWording(err) : `internal error: ${(err as Error).message}`;
        if (!(err instanceof OriginError)) io.stderr(`origin mcp: ${(err as Error).stack ?? err}\n`);
        return { content: [{ type: 'text' as const, text: message }], isError: true };
      }
    });
  };

  tool(
    'start',
    'Start a session',
    "Call this first in a session. Returns a briefing of this repository's memory: the latest handoff and what changed since, open follow-ups, and the gotchas and decisions relevant to the work in progress, within a token budget.",
    {
      budget: z.number().int().min(200).max(50_000).optional().describe('Token budget of the briefing (default from config, 2000)'),
      query: shortText(MAX_QUERY).optional().describe('Focus the relevant gotchas and decisions on a topic'),
    },
    async (args) => {
      const w = ws();
      const { input, view } = await gatherBriefing(w, { ...args, surface: 'mcp', ...(args.query ? { rank: rankForBriefing } : {}) });
      const briefing = composeBriefing(input);
      const session = beginSession(w, io, view.index, input);
      const { age: _age, ...facts } = input;
      return { text: briefing.markdown, data: { ...facts, session: session.id, sessionResumed: session.resumed, tokens: briefing.tokens, omitted: briefing.omitted } };
    },
  );

  tool(
    'recall',
    'Search memory',
    'Find the memory entries (decisions, gotchas, follow-ups, context, handoffs) that answer a question, best first. Ask in your own words; typos and id prefixes work.',
    {
      query: shortText(MAX_QUERY).min(1).describe('The question or keywords'),
      type: z.enum(allTypes).optional(),
      status: shortText(40).optional(),
      tag: shortText(64).optional(),
      file: shortText(500).optional().describe('Only entries anchored to this repo path'),
      since: shortText(40).optional().describe('A date (2026-11-01) or an age (3d, 2w)'),
      limit: z.number().int().min(1).max(50).optional(),
    },
    async (args) => {
      if (!args.query.trim()) throw new UsageError('give a question or keywords to recall');
      const w = ws();
      const filter = buildFilter(ctx, w.root, { type: args.type ? [args.type] : [], status: args.status ? [args.status] : [], tag: args.tag ? [args.tag] : [], ...(args.file ? { file: args.file } : {}), ...(args.since ? { since: args.since } : {}) });
      const results = await gatherRecall(w, args.query, { filter, limit: args.limit ?? 10 });
      return { text: recallText(args.query, results), data: { results } };
    },
  );

  tool(
    'capture',
    'Capture a memory entry',
    'Record something the next session must know: a decision (and why), a gotcha (a pitfall hit), a followup (an open thread) or context (a durable fact). Anchor it to the code paths it is about. Returns the new id.',
    {
      type: z.enum(captureTypes),
      title: shortText(MAX_TITLE_LENGTH).min(1).describe('One line that states the fact itself'),
      body: shortText(MAX_BODY_BYTES).optional().describe('Markdown: the why, the details'),
      tags: listOf(50, 64).optional(),
      files: listOf(100, 500).optional().describe('Repo-relative code paths the entry is about'),
      links: listOf(50, 64).optional().describe('Ids of related entries'),
      supersedes: listOf(20, 64).optional().describe('Ids of entries this one replaces'),
      status: shortText(40).optional(),
      agent: shortText(80).optional(),
    },
    async (args) => {
      const w = ws();
      const stored = captureEntry(w, ctx, {
        type: args.type,
        title: args.title,
        body: args.body ?? '',
        ...(args.tags ? { tags: args.tags } : {}),
        ...(args.files ? { anchors: args.files } : {}),
        ...(args.links ? { links: args.links } : {}),
        ...(args.supersedes ? { supersedes: args.supersedes } : {}),
        ...(args.status ? { status: args.status } : {}),
        agent: agentOf(args.agent),
        edit: false,
        source: 'mcp',
      });
      persist(w, [stored.path], {}, `origin: ${stored.type} ${stored.id}: ${stored.title}`);
      return { text: `Captured ${stored.id} (${stored.path})`, data: { entry: entryToJson(stored, { body: true }) } };
    },
  );

  tool(
    'handoff',
    'Write the session handoff',
    'Call this before the session ends. Write what the next session must know; git context (commits, files, captured entries) is added automatically. Use `markdown` with ## headings, or the fields.',
    {
      summary: shortText(MAX_TEXT).optional(),
      changed: listOf(50, 2000).optional(),
      decisions: listOf(50, 2000).optional(),
      next: listOf(50, 2000).optional().describe('Open threads and next steps'),
      gotchas: listOf(50, 2000).optional(),
      relevant: listOf(50, 2000).optional().describe('Relevant files and commands'),
      markdown: shortText(MAX_BODY_BYTES).optional().describe('The whole handoff as markdown with ## headings'),
      title: shortText(MAX_TITLE_LENGTH).optional(),
      followups: z.boolean().optional().describe('Open a follow-up entry for each next step'),
      allowEmpty: z.boolean().optional(),
      agent: shortText(80).optional(),
    },
    async (args) => {
      const w = ws();
      const parts = args.markdown ? parseHandoffMarkdown(args.markdown) : emptyParts();
      addFields(parts, args);
      const result = await writeHandoff(w, io, root, {
        parts,
        ...(args.title ? { title: args.title } : {}),
        followups: args.followups === true,
        allowEmpty: args.allowEmpty === true,
        agent: agentOf(args.agent),
        source: 'mcp',
      });
      persist(w, [result.handoff.path, ...result.followups.map((f) => f.path)], {}, `origin: handoff ${result.handoff.id}: ${result.handoff.title}`);
      const opened = result.followups.length ? `; opened follow-ups ${result.followups.map((f) => f.id).join(', ')}` : '';
      return { text: `Wrote handoff ${result.handoff.id}${opened}`, data: { entry: entryToJson(result.handoff, { body: true }), followups: result.followups.map((f) => f.id) } };
    },
  );

  tool('get', 'Read one entry', 'Read a memory entry in full by id or unique id prefix.', { id: idArg }, async (args) => {
    const { entry, relations, via } = await findEntry(ws(), args.id);
    const json = entryToJson(entry, { relations, body: true });
    return { text: `${via ? `(${via} was merged into ${entry.id})\n` : ''}${entryText(json)}`, data: { entry: json } };
  });

  tool(
    'list',
    'List entries',
    'List memory entries, newest first, with filters; paginated with offset and limit.',
    {
      type: z.enum(allTypes).optional(),
      status: shortText(40).optional(),
      tag: shortText(64).optional(),
      file: shortText(500).optional(),
      since: shortText(40).optional(),
      offset: z.number().int().min(0).max(10_000_000).optional(),
      limit: z.number().int().min(1).max(200).optional(),
    },
    async (args) => {
      const w = ws();
      const filter = buildFilter(ctx, w.root, { type: args.type ? [args.type] : [], status: args.status ? [args.status] : [], tag: args.tag ? [args.tag] : [], ...(args.file ? { file: args.file } : {}), ...(args.since ? { since: args.since } : {}) });
      // Filtered on the index cache's rows; only the page shown is read in full.
      const view = await openMemoryView(w, { memoryOnly: true });
      refuseUnknownStatus(filter, view.index);
      const relations = view.index.relations();
      const offset = args.offset ?? 0;
      const { rows: page, total } = listPage(view.index, filter, { offset, limit: args.limit ?? 50 });
      // An entry whose file went away since the index was read is left out; the next page still starts after this one.
      const rows = page.flatMap((e) => {
        const full = view.full(e);
        return full ? [entryToJson({ ...full, path: e.path }, { relations })] : [];
      });
      return { text: listText(rows, total, offset), data: { total, offset, entries: rows, ...(offset + page.length < total ? { nextOffset: offset + page.length } : {}) } };
    },
  );

  tool(
    'resolve',
    'Close a follow-up',
    'Mark a follow-up done (or dropped), with an optional note on how it was resolved.',
    { id: idArg, status: z.enum(['done', 'dropped']).optional(), note: shortText(MAX_TEXT).optional() },
    async (args) => {
      const w = ws();
      const { entry } = await findEntry(w, args.id);
      const updated = closeFollowup(entry, args.status ?? 'done', isoNow(io), args.note);
      if (updated !== entry) {
        rewriteEntryFile(w.root, updated);
        persist(w, [updated.path], {}, `origin: ${updated.status === 'done' ? 'resolve' : 'drop'} ${updated.id}: ${updated.title}`);
      }
      return { text: `${updated.id} is ${updated.status}`, data: { entry: entryToJson(updated) } };
    },
  );

  tool('supersede', 'Replace an entry', 'Record that a newer entry replaces an older one (the old one stays, marked superseded).', { old: idArg, by: idArg }, async (args) => {
    const { old, replacement } = await supersedeEntry(ws(), args.old, args.by, {});
    return { text: `${replacement.id} supersedes ${old.id}`, data: { old: old.id, by: replacement.id } };
  });

  server.registerResource(
    'entry',
    new ResourceTemplate('origin://entry/{id}', {
      list: () =>
        withCallFiles(async () => {
          const { rows } = listPage((await openMemoryView(ws(), { memoryOnly: true })).index, {}, { limit: 200 });
          return { resources: rows.map((e) => ({ uri: `origin://entry/${e.id}`, name: e.id, title: e.title, mimeType: 'text/markdown' })) };
        }),
    }),
    { title: 'Memory entry', description: 'One memory entry as its markdown file (the list holds the 200 newest; any id or unique prefix reads)', mimeType: 'text/markdown' },
    (uri, vars) =>
      withCallFiles(async () => {
        let found: Awaited<ReturnType<typeof findEntry>>;
        try {
          found = await findEntry(ws(), String(vars.id));
        } catch (err) {
          // An unknown or ambiguous id is the reader's mistake, not the server's: invalid params, with origin's message.
          if (err instanceof OriginError) throw new McpError(ErrorCode.InvalidParams, [err.message, ...err.details].join('\n'));
          throw err;
        }
        return { contents: [{ uri: uri.href, mimeType: 'text/markdown' as const, text: readFileSync(join(root, found.entry.path), 'utf8') }] };
      }),
  );
  server.registerResource('wiki-index', 'origin://wiki/index', { title: 'Memory wiki index', description: 'The index page generated by `origin refine`', mimeType: 'text/markdown' }, async (uri) => {
    let text: string;
    try {
      text = readFileSync(join(ws().layout.wiki, 'index.md'), 'utf8');
    } catch {
      text = 'The wiki has not been generated yet: run `origin refine` in the repository.';
    }
    return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text }] };
  });
  server.registerResource('latest-handoff', 'origin://handoff/latest', { title: 'Latest handoff', description: 'The newest handoff of the current branch (else of any branch)', mimeType: 'text/markdown' }, (uri) =>
    withCallFiles(async () => {
      const view = await openMemoryView(ws(), { memoryOnly: true });
      const doc = latestHandoffDoc(view.index, view.status?.branch ?? '');
      const latest = doc === undefined ? undefined : view.index.entry(doc);
      const text = latest ? readFileSync(join(root, latest.path), 'utf8') : 'No handoff has been written in this repository yet.';
      return { contents: [{ uri: uri.href, mimeType: 'text/markdown' as const, text }] };
    }),
  );

  server.registerPrompt('start-session', { title: 'Start a session', description: "Load this repository's memory before working" }, async () => {
    const briefing = await withCallFiles(async () => composeBriefing((await gatherBriefing(ws(), { surface: 'mcp' })).input));
    return {
      messages: [
        {
          role: 'user',
          content: { type: 'text', text: `Here is what this repository's memory says. Read it before you start, recall more with the recall tool when a topic comes up, and capture decisions, gotchas and follow-ups as you work.\n\n${briefing.markdown}` },
        },
      ],
    };
  });
  server.registerPrompt('write-handoff', { title: 'Write a handoff', description: 'End the session with a handoff for the next one' }, async () => ({
    messages: [
      {
        role: 'user',
        content: {
          type: 'text',
          text: [
            'Before you stop, write a handoff with the handoff tool so the next session starts where you left off.',
            'Give it these sections (markdown with ## headings, or the matching fields):',
            '## Summary: what this session did, in a few sentences',
            '## What changed: the notable changes',
            '## Decisions: decisions taken, and why',
            '## Open threads / next steps: what is left, one per line (set followups: true to track each)',
            '## Gotchas: pitfalls you hit',
            '## Relevant files and commands',
            'Commits, changed files and the entries you captured are added automatically.',
          ].join('\n'),
        },
      },
    ],
  }));
  return server;
}

/**
 * An error as a tool caller reads it: flags named as the tools' fields
 * (`--allow-empty` -> `allowEmpty`), and hints that only make sense at a
 * shell (`origin list`, `origin edit ...`) left out.
 */
export function mcpWording(err: OriginError): string {
  const fields = (text: string) => text.replace(/(^|[\s"'`(])--([a-z][a-z-]*)/g, (_, before: string, flag: string) => before + flag.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase()));
  const message = fields(err.message).replace(/\s*\(see `origin [^`]*`\)/g, '');
  return [message, ...err.details.filter((d) => !/`origin |\borigin [a-z]+ /.test(d)).map(fields)].join('\n');
}
