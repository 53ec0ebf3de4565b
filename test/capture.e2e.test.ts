import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseEntry } from '../src/core/entry.js';
import { capture, entryFiles, initRepo, originFails, pathOf, staged } from './helpers/e2e.js';
import { BIN, type TestRepo, makeRepo, originJson, originOk, tempDir } from './helpers/repo.js';

interface EntryJson {
  id: string;
  type: string;
  title: string;
  status: string;
  created: string;
  author: string;
  agent: string;
  session: string;
  branch: string;
  commit: string;
  tags: string[];
  files: string[];
  links: string[];
  supersedes: string[];
  source: string;
  path: string;
  body: string;
}

const ISO_SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('capture: every type', () => {
  let repo: TestRepo;
  beforeAll(async () => {
    repo = await initRepo(await makeRepo());
  });

  it.each([
    ['decision', 'dec', 'decisions', 'accepted'],
    ['gotcha', 'gtc', 'gotchas', 'active'],
    ['followup', 'fup', 'followups', 'open'],
    ['context', 'ctx', 'context', 'active'],
  ])('origin %s writes one file with the %s- prefix into .origin/%s/ (default status %s)', async (type, prefix, folder, status) => {
    const before = entryFiles(repo, folder);
    const r = await originOk([type, `A ${type} title`, `Body of the ${type}.`], { cwd: repo.dir });
    const id = r.stdout.trim();
    expect(r.stdout).toBe(`${id}\n`);
    expect(id).toMatch(new RegExp(`^${prefix}-[0-9a-hjkmnp-tv-z]{8}$`));
    const after = entryFiles(repo, folder);
    expect(after.length).toBe(before.length + 1);
    const path = pathOf(repo, id);
    expect(path).toBe(`.origin/${folder}/${id}-a-${type}-title.md`);
    const e = parseEntry(repo.read(path));
    expect(e).toMatchObject({ id, type, title: `A ${type} title`, status, source: 'cli', body: `Body of the ${type}.\n` });
  });

  it.each([
    ['decision', 'decision'],
    ['gotcha', 'gotcha'],
    ['followup', 'followup'],
    ['context', 'context'],
    ['decisions', 'decision'],
    ['ADR', 'decision'],
    ['todo', 'followup'],
    ['follow-up', 'followup'],
    ['pitfall', 'gotcha'],
    ['lesson', 'gotcha'],
    ['note', 'context'],
    ['fact', 'context'],
  ])('origin add %s records a %s', async (given, type) => {
    const json = await originJson<EntryJson>(['add', given, `Added as ${given}`, 'via add'], { cwd: repo.dir });
    expect(json.type).toBe(type);
    expect(json.title).toBe(`Added as ${given}`);
    expect(existsSync(join(repo.dir, json.path))).toBe(true);
  });

  it('accepts an initial --status of the type', async () => {
    const json = await originJson<EntryJson>(['decision', 'Maybe use Redis', '--status', 'proposed'], { cwd: repo.dir });
    expect(json.status).toBe('proposed');
  });
});

describe('capture: where the body comes from', () => {
  let repo: TestRepo;
  beforeAll(async () => {
    repo = await initRepo(await makeRepo());
  });

  const bodyOf = (id: string) => parseEntry(repo.read(pathOf(repo, id))).body;

  it('from the second argument', async () => {
    const id = await capture(repo, ['decision', 'Arg body', 'The reason.\n\nSecond paragraph.']);
    expect(bodyOf(id)).toBe('The reason.\n\nSecond paragraph.\n');
  });

  it('from --file, relative to the current folder', async () => {
    repo.write('docs/notes/why.md', '# Why\r\n\r\nBecause of CRLF.\r\n');
    const id = await capture(repo, ['gotcha', 'File body', '--file', 'why.md'], { cwd: join(repo.dir, 'docs/notes') });
    expect(bodyOf(id)).toBe('# Why\n\nBecause of CRLF.\n');
  });

  it('from --file, with a warning when the file looks like source code (list and recall use --file for an anchor)', async () => {
    repo.write('src/pool.ts', 'export const size = 1;\n');
    const r = await originOk(['gotcha', 'Pool size is hard-coded', '--file', 'src/pool.ts'], { cwd: repo.dir });
    expect(r.stderr).toContain('to anchor the entry to that file, use --anchor src/pool.ts');
    expect(bodyOf(r.stdout.trim())).toBe('export const size = 1;\n');
    expect((await originOk(['gotcha', 'Notes body', '--file', 'docs/notes/why.md'], { cwd: repo.dir })).stderr).not.toContain('warning');
  });

  it('from piped stdin', async () => {
    const id = await capture(repo, ['followup', 'Piped body'], { input: 'Line from a pipe\nand another\n' });
    expect(bodyOf(id)).toBe('Line from a pipe\nand another\n');
  });

  it('from stdin with --file - and with a body argument of -', async () => {
    const a = await capture(repo, ['context', 'Dash file', '--file', '-'], { input: 'via --file -' });
    const b = await capture(repo, ['context', 'Dash arg', '-'], { input: 'via -' });
    expect(bodyOf(a)).toBe('via --file -\n');
    expect(bodyOf(b)).toBe('via -\n');
  });

  it('empty when nothing is given and stdin is not a terminal (never opens an editor)', async () => {
    const id = await capture(repo, ['decision', 'No body'], { env: { EDITOR: 'false', VISUAL: 'false' } });
    expect(bodyOf(id)).toBe('');
    expect(repo.read(pathOf(repo, id)).endsWith('source: cli\n---\n')).toBe(true);
  });

  it('does not hang when stdin is a pipe nobody writes to or closes (as some agent harnesses leave it)', async () => {
    const child = spawn(process.execPath, [BIN, 'followup', 'Open pipe'], {
      cwd: repo.dir,
      env: { ...process.env, NO_COLOR: '1', ORIGIN_AGENT: 'test' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const started = Date.now();
    const code = await new Promise<number | null>((done) => child.on('close', done));
    child.stdin.destroy();
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(bodyOf(stdout.trim())).toBe('');
  });

  it('says so when input arrives after the grace period, and --file - waits for it', async () => {
    const late = await originOk(['gotcha', 'Late body'], { cwd: repo.dir, input: 'slow output\n', inputAfterMs: 1200 });
    expect(late.stderr).toContain('nothing arrived on standard input within 0.3 s');
    expect(bodyOf(late.stdout.trim())).toBe('');
    const waited = await originOk(['gotcha', 'Waited body', '--file', '-'], { cwd: repo.dir, input: 'slow output\n', inputAfterMs: 1200 });
    expect(waited.stderr).toBe('');
    expect(bodyOf(waited.stdout.trim())).toBe('slow output\n');
    // Under an agent (its harness holds stdin open as a matter of course) a title-only capture is not noted.
    expect((await originOk(['gotcha', 'Agent title only'], { cwd: repo.dir, input: 'x', inputAfterMs: 1200, env: { ORIGIN_AGENT: 'some-agent' } })).stderr).toBe('');
    // A body given as an argument needs no note about stdin.
    expect((await originOk(['gotcha', 'Arg body given', 'x'], { cwd: repo.dir, input: 'ignored', inputAfterMs: 1200 })).stderr).toBe('');
  });

  // `script` gives the CLI a terminal, as a person has: the editor path. Skipped where util-linux's script is missing.
  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('at a terminal, opens the editor; a capture refused after it sets nothing up', async () => {
    const bare = await makeRepo();
    bare.write('.git/ed.sh', '#!/bin/sh\necho "Body from the editor" > "$1"\n');
    chmodSync(join(bare.dir, '.git/ed.sh'), 0o755);
    // A person at a terminal: CI runs set CI=true, which (rightly) never opens an editor.
    const env = { ...process.env, EDITOR: join(bare.dir, '.git/ed.sh'), NO_COLOR: '1', CI: '' };
    const inTerminal = (args: string) => spawnSync('script', ['-qec', `${process.execPath} ${BIN} ${args}`, '/dev/null'], { cwd: bare.dir, env, encoding: 'utf8' });
    const refused = inTerminal('decision Title --status bogus');
    expect(refused.status).toBe(2);
    expect(existsSync(join(bare.dir, '.origin'))).toBe(false);
    const ok = inTerminal('decision Title');
    expect(ok.status).toBe(0);
    const id = ok.stdout.match(/dec-[0-9a-z]{8}/)?.[0] as string;
    expect(parseEntry(bare.read(pathOf(bare, id))).body).toBe('Body from the editor\n');
  });

  it.skipIf(!hasScript)('at a terminal, edit in $EDITOR refuses a status the type does not have, and keeps the text', async () => {
    const bare = await makeRepo();
    const id = (await originOk(['decision', 'Use Redis for sessions'], { cwd: bare.dir })).stdout.trim();
    const before = bare.read(pathOf(bare, id));
    bare.write('.git/ed.sh', '#!/bin/sh\nsed -i "s/^status: accepted$/status: bananas/" "$1"\n');
    chmodSync(join(bare.dir, '.git/ed.sh'), 0o755);
    const env = { ...process.env, EDITOR: join(bare.dir, '.git/ed.sh'), NO_COLOR: '1', CI: '' };
    const r = spawnSync('script', ['-qec', `${process.execPath} ${BIN} edit ${id}`, '/dev/null'], { cwd: bare.dir, env, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('"bananas" is not a status of a decision');
    expect(r.stdout).toContain('your text is kept at');
    expect(bare.read(pathOf(bare, id))).toBe(before);
  });

  it('refuses a body given both as an argument and with --file (exit 2)', async () => {
    repo.write('b.md', 'x');
    await originFails(repo, ['decision', 'Both', 'arg', '--file', 'b.md'], 2);
  });

  it('fails (exit 1) when --file cannot be read', async () => {
    const r = await originFails(repo, ['decision', 'Missing', '--file', 'no-such-file.md'], 1);
    expect(r.stderr).toContain('no-such-file.md');
  });
});

describe('capture: --json, tags, anchors, links', () => {
  let repo: TestRepo;
  beforeAll(async () => {
    repo = await initRepo(await makeRepo());
  });

  it('--json prints the new entry, matching the file it wrote', async () => {
    const json = await originJson<EntryJson>(['decision', 'Use PostgreSQL', 'ACID.', '-t', 'db'], { cwd: repo.dir });
    expect(Object.keys(json)).toEqual(['id', 'type', 'title', 'status', 'created', 'author', 'agent', 'session', 'branch', 'commit', 'tags', 'files', 'links', 'supersedes', 'source', 'path', 'body']);
    const onDisk = parseEntry(repo.read(json.path));
    const { path, ...fields } = json;
    expect(path).toBe(pathOf(repo, json.id));
    expect({ ...onDisk, extra: undefined }).toEqual({ ...fields, extra: undefined });
  });

  it('takes tags repeated and comma-separated, strips a leading #, drops duplicates', async () => {
    const json = await originJson<EntryJson>(['gotcha', 'Tagged', '-t', 'db', '--tag', '#perf,api', '-t', 'db', '-t', 'team/backend'], { cwd: repo.dir });
    expect(json.tags).toEqual(['db', 'perf', 'api', 'team/backend']);
    expect(repo.read(json.path)).toContain('tags:\n  - db\n  - perf\n  - api\n  - team/backend\n');
  });

  it('stores anchors relative to the repository root, whatever folder it runs in', async () => {
    repo.write('src/lib/util.ts', '');
    const cwd = join(repo.dir, 'src/lib');
    const json = await originJson<EntryJson>(['gotcha', 'Anchored', '-a', 'util.ts', '-a', './inner/', '-a', '../other.ts', '-a', join(repo.dir, 'abs/path.ts'), '-a', '.', '-a', 'util.ts'], { cwd });
    expect(json.files).toEqual(['src/lib/util.ts', 'src/lib/inner', 'src/other.ts', 'abs/path.ts', 'src/lib']);
  });

  it('stores an absolute anchor given through a symlinked folder, and Windows separators, relative to the root', async () => {
    const link = join(tempDir(), 'link');
    symlinkSync(repo.dir, link);
    const json = await originJson<EntryJson>(['context', 'Through a link', '-a', join(link, 'src/new-file.ts'), '-a', 'src\\win\\path.ts'], { cwd: link });
    expect(json.files).toEqual(['src/new-file.ts', 'src/win/path.ts']);
    // A symlink inside the repository stays the path it is there.
    symlinkSync(join(repo.dir, 'src'), join(repo.dir, 'alias'));
    const inner = await originJson<EntryJson>(['context', 'Through an inner link', '-a', join(link, 'alias/x.ts')], { cwd: link });
    expect(inner.files).toEqual(['alias/x.ts']);
  });

  it('stores anchors relative to the root when the folder is reached through -C', async () => {
    const json = await originJson<EntryJson>(['-C', 'src', 'context', 'Via -C', '-a', 'x.ts'], { cwd: repo.dir });
    expect(json.files).toEqual(['src/x.ts']);
  });

  it('records links and supersedes lower-cased, and warns (but writes) when an id is not known here', async () => {
    const target = await capture(repo, ['context', 'Link target']);
    const r = await originOk(['decision', 'Linking', '-l', target.toUpperCase(), '-l', 'ctx-zzzzzzzz', '--json'], { cwd: repo.dir });
    const json = JSON.parse(r.stdout) as EntryJson;
    expect(json.links).toEqual([target, 'ctx-zzzzzzzz']);
    expect(r.stderr).toContain('ctx-zzzzzzzz');
    expect(r.stderr).not.toContain(target);
    const sup = await originJson<EntryJson>(['decision', 'Replacing', '--supersedes', json.id], { cwd: repo.dir });
    expect(sup.supersedes).toEqual([json.id]);
  });

  it('collapses whitespace in the title and keeps it otherwise exactly', async () => {
    const json = await originJson<EntryJson>(['decision', '  Use\ttabs   and\nnewlines  '], { cwd: repo.dir });
    expect(json.title).toBe('Use tabs and newlines');
  });
});

describe('capture: provenance', () => {
  let repo: TestRepo;
  beforeAll(async () => {
    repo = await initRepo(await makeRepo());
  });

  it('records author from git config, branch, full HEAD commit, created (UTC, to the second) and source cli', async () => {
    const head = (await repo.git.revparse(['HEAD'])).trim();
    const t0 = new Date(Date.now() - 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    const json = await originJson<EntryJson>(['decision', 'Provenance'], { cwd: repo.dir });
    const t1 = new Date(Date.now() + 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    expect(json.author).toBe('Ada Tester');
    expect(json.branch).toBe('main');
    expect(json.commit).toBe(head);
    expect(json.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(json.source).toBe('cli');
    expect(json.created).toMatch(ISO_SECOND);
    expect(json.created >= t0 && json.created <= t1).toBe(true);
    // and the file holds them as plain strings
    const text = repo.read(json.path);
    expect(text).toContain(`\ncreated: ${json.created}\n`);
    // (A hash that starts with "0b", one in 256, is quoted: it could read as a number in YAML 1.1.)
    expect(text).toMatch(new RegExp(`\ncommit: "?${head}"?\n`));
  });

  it('honours GIT_AUTHOR_NAME like git does', async () => {
    const json = await originJson<EntryJson>(['decision', 'Env author'], { cwd: repo.dir, env: { GIT_AUTHOR_NAME: 'Grace Hopper' } });
    expect(json.author).toBe('Grace Hopper');
  });

  it('records the current branch, and "detached" on a detached HEAD', async () => {
    await repo.git.checkout(['-b', 'feature/login']);
    repo.write('f.txt', 'x');
    const head = await repo.commitAll('on feature');
    const onBranch = await originJson<EntryJson>(['gotcha', 'On a branch'], { cwd: repo.dir });
    expect(onBranch).toMatchObject({ branch: 'feature/login', commit: head });
    await repo.git.checkout(['--detach', 'HEAD']);
    const detached = await originJson<EntryJson>(['gotcha', 'Detached'], { cwd: repo.dir });
    expect(detached).toMatchObject({ branch: 'detached', commit: head });
    // The briefing says where it stands in words.
    expect((await originJson<{ markdown: string }>(['start', '--json', '--no-record'], { cwd: repo.dir })).markdown).toMatch(/ at a detached HEAD, HEAD `/);
    await repo.git.checkout(['main']);
  });

  it('records the agent from --agent, else ORIGIN_AGENT', async () => {
    const flag = await originJson<EntryJson>(['decision', 'Agent flag', '--agent', 'claude-code'], { cwd: repo.dir });
    expect(flag.agent).toBe('claude-code');
    const env = await originJson<EntryJson>(['decision', 'Agent env'], { cwd: repo.dir, env: { ORIGIN_AGENT: 'cursor' } });
    expect(env.agent).toBe('cursor');
    const both = await originJson<EntryJson>(['decision', 'Agent both', '--agent', 'aider'], { cwd: repo.dir, env: { ORIGIN_AGENT: 'cursor' } });
    expect(both.agent).toBe('aider');
  });

  it('reads the time from ORIGIN_NOW when set (reproducible evals and demos), and warns about a value that is not a time', async () => {
    const pinned = await originJson<{ created: string }>(['decision', 'Pinned clock', 'x', '--json'], { cwd: repo.dir, env: { ORIGIN_NOW: '2021-03-04T05:06:07Z' } });
    expect(pinned.created).toBe('2021-03-04T05:06:07Z');
    const bad = await originOk(['decision', 'Clock as is', 'x', '--json'], { cwd: repo.dir, env: { ORIGIN_NOW: 'last tuesday' } });
    expect(bad.stderr).toContain('ORIGIN_NOW="last tuesday" is not a time');
    expect(Date.parse((JSON.parse(bad.stdout) as { created: string }).created)).toBeGreaterThan(Date.parse('2026-01-01T00:00:00Z'));
  });

  it('gives consecutive captures the same session id, kept in the gitignored cache', async () => {
    const fresh = await initRepo(await makeRepo());
    const a = await originJson<EntryJson>(['decision', 'First of session'], { cwd: fresh.dir });
    const b = await originJson<EntryJson>(['gotcha', 'Second of session'], { cwd: fresh.dir });
    const c = await originJson<EntryJson>(['followup', 'Third of session'], { cwd: join(fresh.dir, '.origin') });
    expect(a.session).toMatch(/^\d{4}-\d{2}-\d{2}-[0-9a-hjkmnp-tv-z]{6}$/);
    expect(b.session).toBe(a.session);
    expect(c.session).toBe(a.session);
    const marker = JSON.parse(readFileSync(join(fresh.dir, '.origin/.cache/session.json'), 'utf8')) as { id: string };
    expect(marker.id).toBe(a.session);
  });

  it('uses ORIGIN_SESSION when it is set', async () => {
    const json = await originJson<EntryJson>(['decision', 'Session env'], { cwd: repo.dir, env: { ORIGIN_SESSION: 'agent-run-42' } });
    expect(json.session).toBe('agent-run-42');
  });

  it('records an empty commit and the unborn branch in a repository without commits', async () => {
    const empty = await makeRepo({ commit: false });
    const json = await originJson<EntryJson>(['context', 'Before any commit'], { cwd: empty.dir });
    expect(json.commit).toBe('');
    expect(json.branch).toBe('main');
    expect(empty.read(json.path)).toContain('\ncommit: ""\n');
  });
});

describe('capture: staging and set-up', () => {
  it('stages the new file only', async () => {
    const repo = await initRepo(await makeRepo());
    repo.write('untracked.txt', 'user file');
    const id = await capture(repo, ['decision', 'Staged']);
    expect(await staged(repo)).toEqual([pathOf(repo, id)]);
  });

  it('sets up .origin/ on first use when init was never run, and says so on stderr', async () => {
    const repo = await makeRepo();
    const r = await originOk(['decision', 'Before init'], { cwd: repo.dir });
    expect(r.stdout).toMatch(/^dec-[0-9a-z]{8}\n$/);
    expect(r.stderr).toContain('set up .origin/');
    expect(existsSync(join(repo.dir, '.origin/config.yml'))).toBe(true);
    expect(existsSync(join(repo.dir, '.origin/.gitignore'))).toBe(true);
  });
});
