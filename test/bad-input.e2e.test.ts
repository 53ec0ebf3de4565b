import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseEntry } from '../src/core/entry.js';
import { ANSI, capture, entryFiles, initRepo, originFails, pathOf, writeEntry } from './helpers/e2e.js';
import { type TestRepo, makeRepo, origin, originJson, originOk, tempDir } from './helpers/repo.js';

interface Json {
  id: string;
  title: string;
  path: string;
}

describe('bad input is refused as a usage error (exit 2), on stderr only, writing nothing', () => {
  let repo: TestRepo;
  beforeAll(async () => {
    repo = await initRepo(await makeRepo());
  });

  const allEntryFiles = () => ['decisions', 'gotchas', 'followups', 'context', 'handoffs'].flatMap((f) => entryFiles(repo, f));

  it.each([
    [['decision', '']],
    [['decision', '   ']],
    [['gotcha', '\t\n']],
    [['add', 'decision', '']],
  ])('empty title: %j', async (args) => {
    const r = await originFails(repo, args, 2);
    expect(r.stderr).toContain('the title is empty');
    expect(allEntryFiles()).toEqual([]);
  });

  it.each([[['list', '--bogus']], [['nope']], [['show']], [['list', '--limit', 'x']]])('says what the argument parser found the way origin says its own errors: %j', async (args) => {
    expect((await originFails(repo, args, 2)).stderr).toMatch(/^origin: error: /);
  });

  it.each([[['recall', '']], [['search', '  ']]])('an empty question: %j', async (args) => {
    expect((await originFails(repo, args, 2)).stderr).toContain('give a question or keywords');
  });

  it('a title over 300 characters', async () => {
    const r = await originFails(repo, ['decision', 'x'.repeat(301)], 2);
    expect(r.stderr).toContain('the limit is 300');
    expect(allEntryFiles()).toEqual([]);
  });

  it.each([['bogus'], ['handoff'], ['']])('add with unknown type %j', async (type) => {
    const r = await originFails(repo, ['add', type, 'A title'], 2);
    expect(r.stderr).toContain('unknown type');
    expect(allEntryFiles()).toEqual([]);
  });

  it('a body over 256 KiB, from an argument, from --file and from stdin', async () => {
    const big = 'x'.repeat(256 * 1024 + 1);
    repo.write('big.md', big);
    for (const [args, input] of [
      [['decision', 'Big body', '--file', 'big.md'], undefined],
      [['decision', 'Big body'], big],
      [['decision', 'Big body', '--file', '-'], big],
    ] as [string[], string | undefined][]) {
      const r = await originFails(repo, args, 2, { input });
      expect(r.stderr).toContain('the limit is 256 KiB');
    }
    expect(allEntryFiles()).toEqual([]);
  });

  it('a body of exactly 256 KiB is accepted', async () => {
    const fresh = await initRepo(await makeRepo());
    fresh.write('max.md', 'y'.repeat(256 * 1024));
    const id = await capture(fresh, ['context', 'Max body', '--file', 'max.md']);
    expect(parseEntry(fresh.read(pathOf(fresh, id))).body.length).toBe(256 * 1024 + 1);
  });

  it.each([
    [['decision', 'x', '--status', 'open'], 'not a status of a decision'],
    [['followup', 'x', '--status', 'accepted'], 'not a status of a followup'],
    [['gotcha', 'x', '-t', 'two words'], 'tag "two words"'],
    [['gotcha', 'x', '-t', '!bang'], 'tag "!bang"'],
  ])('%j', async (args, message) => {
    const r = await originFails(repo, args, 2);
    expect(r.stderr).toContain(message);
    expect(allEntryFiles()).toEqual([]);
  });

  it.each([
    [['context', 'x', '--anchor', '/etc/passwd']],
    [['context', 'x', '--anchor', '../outside.txt']],
    [['context', 'x', '--anchor', '..\\outside.txt']],
    [['context', 'x', '--anchor', 'src\\..\\..\\x']],
  ])('an anchor outside the repository: %j', async (args) => {
    expect((await originFails(repo, args, 2)).stderr).toContain('is outside the repository');
    expect(allEntryFiles()).toEqual([]);
  });

  it.each([
    [['context', 'x', '--link', 'nonexistent-id'], 'is not an entry id'],
    [['decision', 'x', '--supersedes', 'see the old one'], 'is not an entry id'],
  ])('a link or supersedes that is not an id: %j', async (args, message) => {
    expect((await originFails(repo, args, 2)).stderr).toContain(message);
    expect(allEntryFiles()).toEqual([]);
  });

  it('a link given as a prefix too short to name an entry says so, with how much to give', async () => {
    const other = await makeRepo();
    const id = (await originOk(['context', 'The target'], { cwd: other.dir })).stdout.trim();
    const r = await originFails(other, ['context', 'x', '--link', id.slice(0, 6)], 2);
    expect(r.stderr).toContain(`"${id.slice(0, 6)}" is too short to name an entry in a link or supersedes`);
    expect(r.stderr).toContain(`as in ${id.slice(0, 7)}`);
    expect((await originJson<{ links: string[] }>(['context', 'y', '--link', id.slice(0, 7)], { cwd: other.dir })).links).toEqual([id]);
  });

  it('a refused capture or handoff in a repository without memory sets nothing up', async () => {
    const bare = await makeRepo();
    await originFails(bare, ['decision', '   ', 'x'], 2);
    await originFails(bare, ['gotcha', 'x', '--status', 'nope'], 2);
    await originFails(bare, ['context', 'x', '--anchor', '/etc/passwd'], 2);
    await originFails(bare, ['handoff'], 1, { input: '' });
    expect(existsSync(join(bare.dir, '.origin'))).toBe(false);
    expect((await bare.git.status()).isClean()).toBe(true);
    // The first capture that is valid sets .origin/ up, staged with it.
    await originOk(['decision', 'Valid', 'x'], { cwd: bare.dir });
    expect((await bare.git.status()).staged).toContain('.origin/config.yml');
  });

  it.each([
    [['frobnicate']],
    [['decisoin', 'typo']],
    [['list', '--frob']],
    [['decision']],
    [['show']],
    [['decision', 'x', '--status']],
    [['list', '--type']],
  ])('unknown command, unknown option or missing argument: %j', async (args) => {
    await originFails(repo, args, 2);
    expect(allEntryFiles()).toEqual([]);
  });

  it('prints its errors without ANSI escapes', async () => {
    const r = await originFails(repo, ['decision', ''], 2, { env: { NO_COLOR: undefined, FORCE_COLOR: undefined } });
    expect(r.stderr).not.toMatch(ANSI);
    expect(r.stderr).toMatch(/^origin: error: /);
  });
});

describe('hostile titles become safe file names; the full title is kept in front matter', () => {
  let repo: TestRepo;
  let sub: string;
  beforeAll(async () => {
    repo = await initRepo(await makeRepo());
    sub = join(repo.dir, 'deep/er');
    repo.write('deep/er/.keep', '');
  });

  it.each([
    ['../../etc/passwd', 'etc-passwd'],
    ['../../../../../../tmp/evil', 'tmp-evil'],
    ['a/b/c', 'a-b-c'],
    ['back\\slash\\path', 'back-slash-path'],
    ['/absolute/path', 'absolute-path'],
    ['..', 'entry'],
    ['.hidden', 'hidden'],
    ['control \u0001\u0007 chars \u001b[31m red \u001b[0m', 'control-chars-31m-red-0m'],
    ['🎉 Ship it 🚀', 'ship-it'],
    ['🎉🚀✨', 'entry'],
    ['Ünïcödé tïtle', 'unicode-title'],
    ['日本語', 'entry'],
    ['$(touch pwned) `id` ; rm -rf ~', 'touch-pwned-id-rm-rf'],
    ['name.md', 'name-md'],
    ['x'.repeat(300), 'x'.repeat(48)],
  ])('%j', async (title, slug) => {
    const json = await originJson<Json>(['decision', title], { cwd: sub });
    expect(json.path).toBe(`.origin/decisions/${json.id}-${slug}.md`);
    const abs = resolve(repo.dir, json.path);
    expect(abs.startsWith(join(repo.dir, '.origin', 'decisions') + '/')).toBe(true);
    expect(existsSync(abs)).toBe(true);
    expect(parseEntry(repo.read(json.path)).title).toBe(title);
    expect(json.title).toBe(title);
    const shown = await originJson<Json>(['show', json.id], { cwd: repo.dir });
    expect(shown.title).toBe(title);
  });

  it('never wrote anything outside .origin/decisions/', async () => {
    expect(existsSync(join(repo.dir, 'deep/er/pwned'))).toBe(false);
    expect(existsSync(join(repo.dir, 'pwned'))).toBe(false);
    expect(readdirSync(join(repo.dir, 'deep/er'))).toEqual(['.keep']);
    expect(readdirSync(repo.dir).sort()).toEqual(['.git', '.gitattributes', '.origin', 'README.md', 'deep']);
    for (const name of entryFiles(repo, 'decisions')) expect(name).toMatch(/^dec-[0-9a-hjkmnp-tv-z]{8}-[a-z0-9]+(-[a-z0-9]+)*\.md$/);
  });

  it('does not print raw control characters from a title to the terminal', async () => {
    const id = await capture(repo, ['gotcha', 'evil \u001b]0;title\u0007 \u001b[2J clear']);
    for (const args of [['list'], ['show', id]]) {
      const r = await originOk(args, { cwd: repo.dir });
      expect(r.stdout).not.toContain('\u001b');
      expect(r.stdout).not.toContain('\u0007');
    }
  });
});

describe('a malformed entry file does not stop the others', () => {
  it('is named in ONE warning on stderr, while list and show keep working on the rest', async () => {
    const repo = await initRepo(await makeRepo());
    const good = await capture(repo, ['decision', 'Good entry', 'Fine.']);
    repo.write('.origin/gotchas/gtc-aaaaaaaa-broken.md', '---\nid: [broken\ntitle: x\n---\n');
    const list = await origin(['list', '--json'], { cwd: repo.dir });
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as Json[]).map((e) => e.id)).toEqual([good]);
    const warnings = list.stderr.split('\n').filter((l) => l.includes('warning'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('skipped 1 malformed entry file');
    expect(list.stderr).toContain('.origin/gotchas/gtc-aaaaaaaa-broken.md');
    expect(list.stderr).toContain('not valid YAML');

    const show = await origin(['show', good], { cwd: repo.dir });
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('Good entry');
    expect(show.stderr.match(/warning/g)).toHaveLength(1);

    // a write command that reads the store (twice, for supersede) still warns once
    const other = await capture(repo, ['decision', 'Other']);
    const sup = await origin(['supersede', good, '--by', other], { cwd: repo.dir });
    expect(sup.code).toBe(0);
    expect(sup.stderr.match(/warning/g)).toHaveLength(1);
  });

  it('is told to the agent in the briefing (not only on stderr), and fails refine --check', async () => {
    const repo = await initRepo(await makeRepo());
    await capture(repo, ['decision', 'Good entry', 'Fine.']);
    // A merge conflict committed with its markers.
    repo.write('.origin/decisions/dec-aaaaaaaa-conflicted.md', '---\nid: dec-aaaaaaaa\ntype: decision\n<<<<<<< HEAD\ntitle: Ours\n=======\ntitle: Theirs\n>>>>>>> feature\n---\n');
    const b = await originJson<{ markdown: string; problems: { path: string }[] }>(['start', '--json', '--no-record'], { cwd: repo.dir });
    expect(b.markdown).toContain('**1 malformed entry file left out of this briefing**: `.origin/decisions/dec-aaaaaaaa-conflicted.md`');
    expect(b.problems.map((p) => p.path)).toEqual(['.origin/decisions/dec-aaaaaaaa-conflicted.md']);
    const check = await origin(['refine', '--check', '--no-wiki'], { cwd: repo.dir, env: { NO_COLOR: '1' } });
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('1 malformed entry file left out (see the warning above): the check fails until they are fixed or removed');
    expect((await origin(['refine', '--dry-run', '--no-wiki'], { cwd: repo.dir })).code).toBe(0);
  });

  it('two files with one id: refine names both, leaves the second out, and --check fails', async () => {
    const repo = await initRepo(await makeRepo());
    const id = await capture(repo, ['decision', 'Original entry', 'Fine.']);
    const path = pathOf(repo, id);
    repo.write(path.replace('original-entry', 'copied-entry'), repo.read(path).replace('title: Original entry', 'title: Copied entry'));
    const check = await origin(['refine', '--check', '--no-wiki'], { cwd: repo.dir });
    expect(check.code).toBe(1);
    // The second in path order (the copy sorts first here) is the one left out; the message names both.
    const copy = path.replace('original-entry', 'copied-entry');
    expect(check.stderr).toContain(`${path}: duplicate id ${id}: ${copy} has it too; give one of them a fresh id`);
  });

  it('names every malformed file in the single warning', async () => {
    const repo = await initRepo(await makeRepo());
    await capture(repo, ['context', 'Survivor']);
    repo.write('.origin/decisions/dec-aaaaaaaa-no-fm.md', '# no front matter\n');
    repo.write('.origin/context/ctx-bbbbbbbb-no-title.md', '---\nid: ctx-bbbbbbbb\ntype: context\n---\n');
    repo.write('.origin/followups/fup-cccccccc-bad-type.md', '---\nid: fup-cccccccc\ntype: essay\ntitle: x\n---\n');
    repo.write('.origin/followups/fup-dddddddd-unclosed.md', '---\nid: fup-dddddddd\n');
    writeEntry(repo, { id: 'gtc-eeeeeeee', title: 'Misplaced' });
    const moved = '.origin/decisions/gtc-eeeeeeee-misplaced.md';
    writeFileSync(join(repo.dir, moved), repo.read('.origin/gotchas/gtc-eeeeeeee-misplaced.md'));
    const r = await originOk(['list'], { cwd: repo.dir });
    expect(r.stdout).toContain('Survivor');
    expect(r.stdout).toContain('Misplaced');
    expect(r.stderr.match(/warning/g)).toHaveLength(1);
    expect(r.stderr).toContain('skipped 5 malformed entry files');
    for (const [path, reason] of [
      ['.origin/decisions/dec-aaaaaaaa-no-fm.md', 'no front matter'],
      ['.origin/context/ctx-bbbbbbbb-no-title.md', 'no "title"'],
      ['.origin/followups/fup-cccccccc-bad-type.md', 'unknown type "essay"'],
      ['.origin/followups/fup-dddddddd-unclosed.md', 'not closed'],
      [moved, 'belongs in .origin/gotchas/'],
    ] as const) {
      expect(r.stderr).toContain(`  ${path}: `);
      expect(r.stderr.split('\n').find((l) => l.includes(path))).toContain(reason);
    }
  });

  it('refuses ---js front matter and never evaluates it', async () => {
    const repo = await initRepo(await makeRepo());
    const marker = join(tempDir(), 'evaluated');
    repo.write(
      '.origin/decisions/dec-aaaaaaaa-js.md',
      `---js\n{ id: (require("fs").writeFileSync(${JSON.stringify(marker)}, "x"), "dec-aaaaaaaa"), type: "decision", title: "js" }\n---\n`,
    );
    const good = await capture(repo, ['decision', 'Plain YAML']);
    const r = await originOk(['list', '--json'], { cwd: repo.dir });
    expect((JSON.parse(r.stdout) as Json[]).map((e) => e.id)).toEqual([good]);
    expect(r.stderr).toContain('.origin/decisions/dec-aaaaaaaa-js.md: front matter language "js" is not supported');
    await origin(['show', 'dec-aaaaaaaa'], { cwd: repo.dir });
    expect(existsSync(marker)).toBe(false);
  });

  it('a YAML tag it does not know is read as plain data, without a Node warning', async () => {
    const repo = await initRepo(await makeRepo());
    writeEntry(repo, { id: 'ctx-aaaaaaaa', title: 'Tagged', extra: 'x: !custom thing' });
    const r = await originOk(['show', 'ctx-aaaaaaaa', '--json'], { cwd: repo.dir });
    expect(JSON.parse(r.stdout).extra).toEqual({ x: 'thing' });
    expect(r.stderr).toBe('');
  });
});

describe('no ANSI escapes when NO_COLOR is set or output is not a terminal', () => {
  let repo: TestRepo;
  let id: string;
  beforeAll(async () => {
    repo = await initRepo(await makeRepo());
    id = await capture(repo, ['followup', 'Colourful', '-t', 'tag']);
    await capture(repo, ['decision', 'Another', '-l', id]);
  });

  const commands = () => [['list'], ['show', id], ['init'], ['--help'], ['list', '--help']];

  it('NO_COLOR=1, even when FORCE_COLOR asks for colour', async () => {
    for (const args of commands()) {
      const r = await originOk(args, { cwd: repo.dir, env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
      expect(r.stdout, args.join(' ')).not.toMatch(ANSI);
      expect(r.stderr).not.toMatch(ANSI);
    }
  });

  it('piped output without NO_COLOR', async () => {
    for (const args of commands()) {
      const r = await originOk(args, { cwd: repo.dir, env: { NO_COLOR: undefined, FORCE_COLOR: undefined } });
      expect(r.stdout, args.join(' ')).not.toMatch(ANSI);
      expect(r.stderr).not.toMatch(ANSI);
    }
  });

  it('(colour does appear when FORCE_COLOR asks for it, so the checks above can fail)', async () => {
    const r = await originOk(['list'], { cwd: repo.dir, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(r.stdout).toMatch(ANSI);
  });
});
