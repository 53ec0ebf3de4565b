import { existsSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, describe, expect, it } from 'vitest';
import { writeEntry } from './helpers/e2e.js';
import { BIN, makeRepo, originJson, originOk } from './helpers/repo.js';

/**
 * The real MCP SDK client talking to `origin mcp` (the built CLI) over stdio
 * in a real git repository.
 */
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close().catch(() => undefined);
});

const pids = new WeakMap<Client, number | null>();

/** Variables that name the agent (the tests may themselves run inside one). */
const AGENT_ENV = /^(ORIGIN_AGENT|ORIGIN_SESSION|CLAUDECODE|CLAUDE_CODE_ENTRYPOINT|CURSOR_AGENT|CURSOR_TRACE_ID|CODEX_.*|GEMINI_CLI|AIDER_.*|CLINE_.*)$/;

async function connect(dir: string, extraEnv: Record<string, string> = {}): Promise<Client> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !AGENT_ENV.test(k)) env[k] = v;
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], cwd: dir, env: { ...env, NO_COLOR: '1', ...extraEnv }, stderr: 'pipe' });
  const client = new Client({ name: 'origin-test', version: '1.0.0' });
  await client.connect(transport);
  clients.push(client);
  pids.set(client, transport.pid);
  return client;
}

/** The server process's open descriptors on its index cache file (Linux /proc), or undefined where that cannot be seen. */
function openIndexFiles(c: Client): number | undefined {
  const pid = pids.get(c);
  if (!pid || !existsSync(`/proc/${pid}/fd`)) return undefined;
  let n = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).endsWith('index.bin')) n++;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}

type ToolResult = { content: { type: string; text: string }[]; structuredContent?: Record<string, unknown>; isError?: boolean };
const call = async (c: Client, name: string, args: Record<string, unknown>) => (await c.callTool({ name, arguments: args })) as ToolResult;
const text = (r: ToolResult) => r.content.map((x) => x.text).join('\n');

describe('origin mcp', () => {
  it('closes the index cache after each call (a session makes hundreds of them)', async () => {
    const repo = await makeRepo();
    const c = await connect(repo.dir);
    const id = ((await call(c, 'capture', { type: 'gotcha', title: 'Redis evicts keys under memory pressure' })).structuredContent!.entry as { id: string }).id;
    await repo.commitAll('memory');
    // The cache is current from here on: each call opens it and reads it lazily.
    await call(c, 'recall', { query: 'redis' });
    for (let i = 0; i < 25; i++) {
      expect((await call(c, 'get', { id })).isError).toBeFalsy();
      expect((await call(c, 'recall', { query: 'redis eviction' })).isError).toBeFalsy();
      expect((await call(c, 'list', {})).isError).toBeFalsy();
    }
    await call(c, 'start', {});
    await c.readResource({ uri: 'origin://handoff/latest' });
    await c.readResource({ uri: `origin://entry/${id}` });
    const open = openIndexFiles(c);
    if (open === undefined) return; // no /proc here: nothing to count
    expect(open).toBe(0);
  });

  it('lists its tools, resources and prompts', async () => {
    const repo = await makeRepo();
    const c = await connect(repo.dir);
    const tools = (await c.listTools()).tools.map((t) => t.name).sort();
    expect(tools).toEqual(['capture', 'distinct', 'duplicates', 'edit', 'get', 'handoff', 'list', 'merge', 'recall', 'resolve', 'start', 'supersede']);
    for (const t of (await c.listTools()).tools) {
      expect(t.description?.length ?? 0).toBeGreaterThan(20);
      expect(t.inputSchema.type).toBe('object');
    }
    const prompts = (await c.listPrompts()).prompts.map((p) => p.name).sort();
    expect(prompts).toEqual(['start-session', 'write-handoff']);
    const resources = (await c.listResources()).resources.map((r) => r.uri);
    expect(resources).toContain('origin://wiki/index');
    expect(resources).toContain('origin://handoff/latest');
  });

  it('captures, recalls, reads, resolves, hands off and briefs', async () => {
    const repo = await makeRepo();
    const c = await connect(repo.dir);
    const cap = await call(c, 'capture', { type: 'decision', title: 'Use PostgreSQL for persistence', body: 'We need transactions and relational integrity.', files: ['src/db.ts'], tags: ['db'] });
    expect(cap.isError).toBeFalsy();
    const dec = (cap.structuredContent!.entry as { id: string }).id;
    expect(dec).toMatch(/^dec-/);
    const fup = ((await call(c, 'capture', { type: 'followup', title: 'Add an index on users.email' })).structuredContent!.entry as { id: string }).id;

    const found = await call(c, 'recall', { query: 'which database did we pick and why?' });
    expect((found.structuredContent!.results as { id: string }[])[0]?.id).toBe(dec);
    expect(text(found)).toContain('Use PostgreSQL for persistence');

    const got = await call(c, 'get', { id: dec.slice(0, 7) });
    expect(text(got)).toContain('We need transactions');
    const res = await c.readResource({ uri: `origin://entry/${dec}` });
    expect(String((res.contents[0] as { text: string }).text)).toContain(`id: ${dec}`);

    expect((await call(c, 'resolve', { id: fup, note: 'done in the schema PR' })).isError).toBeFalsy();
    const handoff = await call(c, 'handoff', { summary: 'Set up persistence.', next: ['Wire migrations into CI'] });
    expect(handoff.isError).toBeFalsy();
    const hnd = (handoff.structuredContent!.entry as { id: string; links: string[] });
    expect(hnd.links).toContain(dec);

    const start = await call(c, 'start', { budget: 1500 });
    expect(text(start)).toContain('Set up persistence.');
    expect(text(start)).toContain('Wire migrations into CI');
    expect(start.structuredContent!.tokens as number).toBeLessThanOrEqual(1500);
    const latest = await c.readResource({ uri: 'origin://handoff/latest' });
    expect(String((latest.contents[0] as { text: string }).text)).toContain('Set up persistence.');
    const prompt = await c.getPrompt({ name: 'start-session' });
    expect(JSON.stringify(prompt.messages)).toContain('Set up persistence.');
  });

  it('serves the latest handoff of the current branch, and lists the entries', async () => {
    const repo = await makeRepo();
    await originOk(['handoff', '--summary', 'Handed off on main.', '--no-stage'], { cwd: repo.dir });
    await repo.git.checkout(['-q', '-b', 'feature']);
    const feature = (await originOk(['handoff', '--summary', 'Handed off on the feature branch.', '--no-stage'], { cwd: repo.dir })).stdout.trim();
    const c = await connect(repo.dir);
    const read = async () => String(((await c.readResource({ uri: 'origin://handoff/latest' })).contents[0] as { text: string }).text);
    expect(await read()).toContain('Handed off on the feature branch.');
    await repo.git.checkout(['-q', 'main']);
    // The feature branch's handoff is newer, and still in the working tree (uncommitted), but not this branch's.
    expect(await read()).toContain('Handed off on main.');
    // (the two handoffs may share their second, so their order is not asserted)
    const listed = (await c.listResources()).resources.filter((r) => r.uri.startsWith('origin://entry/'));
    expect(listed.map((r) => r.name)).toContain(feature);
    expect(listed).toHaveLength(2);
  });

  it('lists every entry as a resource, a page at a time, newest first; a bad cursor is invalid params', async () => {
    const repo = await makeRepo();
    await originOk(['init'], { cwd: repo.dir });
    const ids = Array.from({ length: 1100 }, (_, i) => `gtc-${String(i).padStart(8, '0')}`);
    for (const [i, id] of ids.entries()) writeEntry(repo, { id, title: `Gotcha number ${i}`, created: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString().replace('.000', '') });
    const c = await connect(repo.dir);
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await c.listResources(cursor === undefined ? {} : { cursor });
      pages.push(page.resources.map((r) => r.uri));
      cursor = page.nextCursor;
      // Entries captured while the client pages come first in the list: the pages it has yet to read neither repeat nor skip.
      if (pages.length === 1) writeEntry(repo, { id: 'gtc-newer001', title: 'Captured while paging', created: '2026-06-01T00:00:00Z' });
    } while (cursor !== undefined && pages.length < 10);
    expect(pages).toHaveLength(3);
    expect(pages[0]).toContain('origin://wiki/index');
    expect(pages[0]).toContain('origin://handoff/latest');
    const entries = pages.flat().filter((u) => u.startsWith('origin://entry/'));
    expect(entries).toEqual(ids.map((id) => `origin://entry/${id}`).reverse());
    await expect(c.listResources({ cursor: 'not-ours' })).rejects.toMatchObject({ code: -32602 });
  });

  it('answers bad requests with clear errors and keeps serving', async () => {
    const repo = await makeRepo();
    const c = await connect(repo.dir);
    const unknown = await call(c, 'nope', {});
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toMatch(/not found/i);
    const missing = await call(c, 'capture', { type: 'decision' });
    expect(missing.isError).toBe(true);
    expect(text(missing)).toMatch(/title/);
    const badType = await call(c, 'capture', { type: 'handoff', title: 'x' });
    expect(badType.isError).toBe(true);
    const extra = await call(c, 'capture', { type: 'gotcha', title: 'x', path: '../../etc/passwd' });
    expect(extra.isError).toBe(true);
    const huge = await call(c, 'capture', { type: 'gotcha', title: 'big', body: 'x'.repeat(300 * 1024) });
    expect(huge.isError).toBe(true);
    const blank = await call(c, 'recall', { query: '   ' });
    expect(blank.isError).toBe(true);
    expect(text(blank)).toContain('give a question or keywords');
    const typo = await call(c, 'list', { status: 'opne' });
    expect(typo.isError).toBe(true);
    expect(text(typo)).toContain('unknown status "opne"');
    const empty = await call(c, 'capture', { type: 'gotcha', title: '   ' });
    expect(empty.isError).toBe(true);
    expect(text(empty)).toMatch(/title is empty/);
    const noSuch = await call(c, 'get', { id: 'dec-zzzzzzzz' });
    expect(noSuch.isError).toBe(true);
    expect(text(noSuch)).toMatch(/no entry with id/);
    // Worded for a tool caller: no shell commands, flags named as fields.
    expect(text(noSuch)).not.toContain('origin list');
    const emptyHandoff = await call(c, 'handoff', {});
    expect(emptyHandoff.isError).toBe(true);
    expect(text(emptyHandoff)).toContain('allowEmpty');
    expect(text(emptyHandoff)).not.toMatch(/--|origin handoff /);
    await expect(c.readResource({ uri: 'origin://entry/dec-zzzzzzzz' })).rejects.toMatchObject({ code: -32602, message: expect.stringContaining('dec-zzzzzzzz') });
    // Worded for a tool caller, as tool errors are: no hint to run a shell command.
    await expect(c.readResource({ uri: 'origin://entry/dec-zzzzzzzz' })).rejects.toMatchObject({ message: expect.not.stringContaining('origin list') });
    // Still alive, and nothing was written outside .origin/.
    const ok = await call(c, 'capture', { type: 'gotcha', title: 'Still serving' });
    expect(ok.isError).toBeFalsy();
    const status = await repo.git.status();
    expect(status.files.map((f) => f.path).every((p) => p.startsWith('.origin/') || p === '.gitattributes')).toBe(true);
  });

  it('sees a file written by the CLI while it runs, and ranks like the CLI', async () => {
    const repo = await makeRepo();
    const c = await connect(repo.dir);
    await call(c, 'capture', { type: 'context', title: 'The API runs on port 8080 behind nginx' });
    const id = (await originOk(['gotcha', 'Redis evicts keys under memory pressure', 'Set maxmemory-policy to noeviction for the job queue.'], { cwd: repo.dir })).stdout.trim();
    const viaMcp = await call(c, 'recall', { query: 'redis keys disappear' });
    expect((viaMcp.structuredContent!.results as { id: string }[])[0]?.id).toBe(id);
    // An editor changes the file in place: the running server sees the new words.
    const path = join(repo.dir, (await originJson<{ path: string }>(['show', id], { cwd: repo.dir })).path);
    writeFileSync(path, readFileSync(path, 'utf8').replace('noeviction', 'volatile-lru'));
    const edited = await call(c, 'get', { id });
    expect(text(edited)).toContain('volatile-lru');
    const cli = await originJson<{ id: string }[]>(['recall', 'redis keys disappear'], { cwd: repo.dir });
    const mcp = (await call(c, 'recall', { query: 'redis keys disappear' })).structuredContent!.results as { id: string }[];
    expect(mcp.map((r) => r.id)).toEqual(cli.map((r) => r.id));
  });

  it('edits an entry: appends, retags, anchors, links; refuses a status its type lacks; writes the file the CLI would', async () => {
    const repo = await makeRepo();
    const c = await connect(repo.dir);
    const id = ((await call(c, 'capture', { type: 'gotcha', title: 'pgbouncer drops prepared statements', body: 'In transaction pooling mode.' })).structuredContent!.entry as { id: string }).id;
    const other = ((await call(c, 'capture', { type: 'decision', title: 'Use PostgreSQL for persistence' })).structuredContent!.entry as { id: string }).id;
    const r = await call(c, 'edit', { id: id.slice(0, 7), append: 'Set prepareThreshold=0 in the JDBC URL.', tags: ['db'], files: ['src/db/pool.ts'], links: [other.slice(0, 8)] });
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent!.entry).toMatchObject({ id, tags: ['db'], files: ['src/db/pool.ts'], links: [other], body: 'In transaction pooling mode.\n\nSet prepareThreshold=0 in the JDBC URL.\n' });
    expect(text(await call(c, 'get', { id }))).toContain('Set prepareThreshold=0');
    expect(await originJson<{ body: string }>(['show', id], { cwd: repo.dir })).toMatchObject({ tags: ['db'], body: expect.stringContaining('prepareThreshold') });
    const bad = await call(c, 'edit', { id, status: 'bananas' });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toContain('"bananas" is not a status of a gotcha');
    const same = await call(c, 'edit', { id, tags: ['db'] });
    expect(same.structuredContent).toMatchObject({ changed: false });
    expect(text(same)).toBe(`${id} unchanged`);
    const removed = await call(c, 'edit', { id, removeTags: ['db'], removeFiles: ['src/db/pool.ts'], removeLinks: [other] });
    expect(removed.structuredContent!.entry).toMatchObject({ tags: [], files: [], links: [] });
  });

  it('lists the duplicates refine would merge and suggest, and acts on them: merge, distinct', async () => {
    const repo = await makeRepo();
    const c = await connect(repo.dir);
    const capture = async (title: string, body: string) => ((await call(c, 'capture', { type: 'decision', title, body })).structuredContent!.entry as { id: string }).id;
    const shield = await capture(
      'Buy AWS Shield Advanced for the public endpoints',
      'We will subscribe to AWS Shield Advanced to protect the public load balancers and CloudFront distributions against DDoS attacks. It covers the payments and identity accounts, their Route 53 hosted zones and the Global Accelerator endpoints; Firewall Manager applies the protections.\n\nThe DDoS response team and the cost protection justify the monthly fee of about $3,000.',
    );
    const brief = await capture('Shield Advanced on the public endpoints', 'Public load balancers and CloudFront distributions get AWS Shield Advanced against DDoS attacks; the response team and cost protection are worth the monthly fee.');
    const standard = await capture(
      'Shield Standard is enough for the public endpoints',
      'We decided that AWS Shield Standard, which is free and always on, is enough to protect the public load balancers and CloudFront distributions against DDoS attacks. We will not buy Shield Advanced: the monthly fee is not justified for our traffic.',
    );
    await repo.commitAll('memory');
    type Suggestion = { a: string; b: string; duplicate: boolean; held: string | null; reason: string; a_title: string };
    const pairOf = (s: Suggestion) => [s.a, s.b].sort().join(' ');
    const plan = await call(c, 'duplicates', {});
    expect(plan.isError).toBeFalsy();
    const suggestions = plan.structuredContent!.suggestions as Suggestion[];
    expect(plan.structuredContent!.merges).toEqual([]);
    // The short restatement is judged a duplicate but held back, and listed first; the other decision is not a duplicate.
    expect(pairOf(suggestions[0] as Suggestion)).toBe([shield, brief].sort().join(' '));
    expect(suggestions[0]).toMatchObject({ duplicate: true, held: 'detail', kind: 'duplicate' });
    expect(suggestions.filter((s) => pairOf(s).includes(standard)).every((s) => !s.duplicate)).toBe(true);
    expect(text(plan)).toContain('refine would merge nothing on its own.');
    expect(text(plan)).toMatch(/pairs? to review, by kind: duplicate .*:\n- dec-\S+ "[^"]+" \/ dec-\S+ "[^"]+" \(duplicate, held back: detail; score [\d.]+\): worded alike/);
    expect((plan.structuredContent!.total as { suggestions: number }).suggestions).toBe(suggestions.length);

    // The other decision is a different fact: marked on the newer of the two, and no longer suggested.
    const marked = await call(c, 'distinct', { a: shield, b: standard });
    expect(marked.isError).toBeFalsy();
    // Captured in one second, the newer of the two is the one with the larger id.
    const [older, newer] = [shield, standard].sort();
    expect(marked.structuredContent).toMatchObject({ entry: { id: newer, distinct: [older] }, older, changed: true });
    expect(text(await call(c, 'get', { id: newer as string }))).toContain(`distinct from: ${older}`);
    const again = await call(c, 'duplicates', { limit: 50 });
    expect((again.structuredContent!.suggestions as Suggestion[]).filter((s) => pairOf(s) === [shield, standard].sort().join(' '))).toEqual([]);
    expect(text(await call(c, 'distinct', { a: standard, b: shield }))).toContain('already marked distinct');

    // A dry run writes nothing; the merge keeps the chosen entry's id (captured in one second, neither is older), with the other's words in it.
    const before = await repo.git.raw(['status', '--porcelain']);
    const dry = await call(c, 'merge', { a: brief, b: shield, into: shield.slice(0, 7), dryRun: true });
    expect(dry.structuredContent).toMatchObject({ into: shield, from: brief, written: false });
    expect(text(dry)).toMatch(/^Would merge/);
    expect(await repo.git.raw(['status', '--porcelain'])).toBe(before);
    const merged = await call(c, 'merge', { a: brief, b: shield, into: shield });
    expect(merged.isError).toBeFalsy();
    expect(merged.structuredContent).toMatchObject({ into: shield, from: brief, written: true });
    expect(text(merged)).toContain('the response team and cost protection are worth the monthly fee');
    const got = await call(c, 'get', { id: brief });
    expect(text(got)).toContain(`(${brief} was merged into ${shield})`);
    expect(text(got)).toContain(`merged from: ${brief}`);
    const twice = await call(c, 'merge', { a: brief, b: shield });
    expect(twice.isError).toBe(true);
    expect(text(twice)).toContain(`${brief} was already merged into ${shield}`);
    // An edit that changes the numbers: the note points at the supersede tool, not at a shell command.
    const pool = (n: number) => `The API talks to PostgreSQL 16 through the pg driver with a pool of ${n} connections, configured in src/db/pool.ts from DATABASE_URL.`;
    const small = ((await call(c, 'capture', { type: 'context', title: 'Postgres connection pool', body: pool(10) })).structuredContent!.entry as { id: string }).id;
    const big = ((await call(c, 'capture', { type: 'context', title: 'Postgres connection pool', body: pool(25) })).structuredContent!.entry as { id: string }).id;
    const edit = await call(c, 'merge', { a: small, b: big, into: small, dryRun: true });
    expect(text(edit)).toContain(`note: ${small} and ${big} may record different facts (they differ on 10 / 25 connections); if the newer replaces the older: the supersede tool (old: `);
    expect(text(edit)).not.toContain('origin supersede');
    // Different types are refused, with the reason.
    const gotcha = ((await call(c, 'capture', { type: 'gotcha', title: 'Shield Advanced enrolment is per account' })).structuredContent!.entry as { id: string }).id;
    const across = await call(c, 'merge', { a: gotcha, b: shield });
    expect(across.isError).toBe(true);
    expect(text(across)).toMatch(/cannot merge .*: .*type/);
  });

  it('records the agent from the environment as the CLI does, else the name the client connected with', async () => {
    const repo = await makeRepo();
    const agentOf = async (c: Client) => ((await call(c, 'capture', { type: 'context', title: 'Who wrote this', body: 'x' })).structuredContent!.entry as { agent: string }).agent;
    expect(await agentOf(await connect(repo.dir))).toBe('origin-test');
    expect(await agentOf(await connect(repo.dir, { CLAUDECODE: '1' }))).toBe('claude-code');
    expect(await agentOf(await connect(repo.dir, { ORIGIN_AGENT: 'my-agent' }))).toBe('my-agent');
  });

  it("returns what a call warns about in its result, not only on the server's stderr", async () => {
    const repo = await makeRepo();
    const c = await connect(repo.dir);
    const r = await call(c, 'capture', { type: 'gotcha', title: 'Linked to another branch', body: 'x', links: ['gtc-0therbr4'] });
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent!.warnings).toEqual([expect.stringContaining('no entry with id gtc-0therbr4')]);
    expect(text(r)).toContain('warning: no entry with id gtc-0therbr4');
    const quiet = await call(c, 'capture', { type: 'gotcha', title: 'Nothing to warn about', body: 'x' });
    expect(quiet.structuredContent!.warnings).toBeUndefined();
    // A warning with detail lines (which file, why) comes back whole.
    writeFileSync(join(repo.dir, '.origin', 'gotchas', 'gtc-br0ken11-broken.md'), 'no front matter here\n');
    const listed = await call(c, 'list', {});
    const warned = (listed.structuredContent!.warnings as string[]).join('\n');
    expect(warned).toContain('gtc-br0ken11-broken.md');
  });

  it('reads a repository without memory without setting .origin/ up', async () => {
    const repo = await makeRepo();
    const c = await connect(repo.dir);
    await call(c, 'recall', { query: 'anything at all' });
    await call(c, 'list', {});
    expect(existsSync(join(repo.dir, '.origin'))).toBe(false);
  });

  it('writes the same file as the CLI for the same capture', async () => {
    const repo = await makeRepo();
    const c = await connect(repo.dir);
    const viaMcp = (await call(c, 'capture', { type: 'decision', title: 'Deploy with blue-green releases', body: 'Zero downtime.', tags: ['deploy'], files: ['infra/deploy.sh'], agent: 'test-agent' })).structuredContent!.entry as { path: string };
    const viaCli = await originJson<{ path: string }>(['decision', 'Deploy with blue-green releases', 'Zero downtime.', '-t', 'deploy', '-a', 'infra/deploy.sh', '--agent', 'test-agent'], { cwd: repo.dir });
    // Byte for byte the same file, but for what must differ: the new id, the time, and `source`,
    // which records the channel the words came through (cli or mcp, see docs/FORMAT.md).
    const mcpText = repo.read(viaMcp.path);
    const cliText = repo.read(viaCli.path);
    expect(mcpText).toMatch(/\nsource: mcp\n/);
    expect(cliText).toMatch(/\nsource: cli\n/);
    const normalise = (s: string) => s.replace(/^(id|created|session|source): .*$/gm, '$1: X');
    expect(normalise(mcpText)).toBe(normalise(cliText));
    expect(mcpText.split('\n').length).toBe(cliText.split('\n').length);
  });
});
