import { describe, expect, it } from 'vitest';
import { parseEntry } from '../src/core/entry.js';
import { capture, initRepo, originFails, pathOf, porcelain, staged, writeEntry } from './helpers/e2e.js';
import { type TestRepo, makeRepo, origin, originJson, originOk } from './helpers/repo.js';

interface Json {
  id: string;
  type: string;
  title: string;
  status: string;
  created: string;
  closed?: string;
  tags: string[];
  files: string[];
  links: string[];
  supersedes: string[];
  superseded_by?: string[];
  extra?: Record<string, unknown>;
  path: string;
  body: string;
}

const ISO_SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

async function freshRepo(): Promise<TestRepo> {
  return initRepo(await makeRepo());
}

describe('resolve and drop (follow-ups)', () => {
  it('resolve sets status done and a closed timestamp, and appends --note under "## Resolution"', async () => {
    const repo = await freshRepo();
    const id = await capture(repo, ['followup', 'Add an index', 'The page is slow.']);
    const created = parseEntry(repo.read(pathOf(repo, id))).created;
    const r = await originOk(['resolve', id, '--note', 'Added in migration 42.'], { cwd: repo.dir });
    expect(r.stdout).toBe(`${id} done: Add an index\n`);
    const e = parseEntry(repo.read(pathOf(repo, id)));
    expect(e.status).toBe('done');
    expect(e.closed).toMatch(ISO_SECOND);
    expect(e.closed! >= created).toBe(true);
    expect(e.body).toBe('The page is slow.\n\n## Resolution\n\nAdded in migration 42.\n');
    // closed sits right after created in the file
    expect(repo.read(pathOf(repo, id))).toMatch(/\ncreated: [^\n]+\nclosed: [^\n]+\nauthor: /);
    expect(await staged(repo)).toEqual([pathOf(repo, id)]);
  });

  it('drop sets status dropped, by unique prefix, with the note under "## Dropped"', async () => {
    const repo = await freshRepo();
    const id = await capture(repo, ['followup', 'Rewrite in Rust']);
    const json = await originJson<Json>(['drop', id.slice(0, 7), '-m', 'Not worth it.'], { cwd: repo.dir });
    expect(json).toMatchObject({ id, status: 'dropped', body: '## Dropped\n\nNot worth it.\n' });
    expect(json.closed).toMatch(ISO_SECOND);
  });

  it('resolve without a note changes only status and closed', async () => {
    const repo = await freshRepo();
    const id = await capture(repo, ['followup', 'Quiet close', 'Body stays.']);
    const before = repo.read(pathOf(repo, id));
    await originOk(['resolve', id], { cwd: repo.dir });
    const after = repo.read(pathOf(repo, id));
    const changed = after.split('\n').filter((l) => !before.split('\n').includes(l));
    expect(changed.length).toBe(2);
    expect(changed[0]).toBe('status: done');
    expect(changed[1]).toMatch(/^closed: /);
  });

  it('resolving twice says so and changes nothing', async () => {
    const repo = await freshRepo();
    const id = await capture(repo, ['followup', 'Twice']);
    await originOk(['resolve', id], { cwd: repo.dir });
    const before = repo.read(pathOf(repo, id));
    const r = await originOk(['resolve', id], { cwd: repo.dir });
    expect(r.stderr).toContain(`${id} is already done`);
    expect(repo.read(pathOf(repo, id))).toBe(before);
  });

  it('resolving again with a note adds the note to the resolution, once, and keeps the time it was closed', async () => {
    const repo = await freshRepo();
    const id = await capture(repo, ['followup', 'Twice with notes', 'Slow page.']);
    await originOk(['resolve', id, '--note', 'Added the index.'], { cwd: repo.dir });
    const closed = parseEntry(repo.read(pathOf(repo, id))).closed;
    const r = await originOk(['resolve', id, '--note', 'Also vacuumed the table.'], { cwd: repo.dir });
    expect(r.stderr).toContain(`${id} was already done; the note is added to it`);
    const e = parseEntry(repo.read(pathOf(repo, id)));
    expect(e.body).toBe('Slow page.\n\n## Resolution\n\nAdded the index.\n\nAlso vacuumed the table.\n');
    expect(e.closed).toBe(closed);
  });

  it('resolved and dropped follow-ups leave `list --status open`', async () => {
    const repo = await freshRepo();
    const a = await capture(repo, ['followup', 'Stays open']);
    const b = await capture(repo, ['followup', 'Gets done']);
    const c = await capture(repo, ['followup', 'Gets dropped']);
    await originOk(['resolve', b], { cwd: repo.dir });
    await originOk(['drop', c], { cwd: repo.dir });
    expect((await originJson<Json[]>(['list', '--status', 'open'], { cwd: repo.dir })).map((e) => e.id)).toEqual([a]);
  });

  it.each([
    ['decision', 'supersede'],
    ['gotcha', 'obsolete'],
    ['context', 'obsolete'],
  ])('refuses to resolve a %s (exit 1, with a hint) and leaves it untouched', async (type, hint) => {
    const repo = await freshRepo();
    const id = await capture(repo, [type, `A ${type}`]);
    const before = repo.read(pathOf(repo, id));
    const r = await originFails(repo, ['resolve', id], 1);
    expect(r.stderr).toContain(`${id} is a ${type}; only follow-ups are resolved or dropped`);
    expect(r.stderr).toContain(hint);
    expect(repo.read(pathOf(repo, id))).toBe(before);
    await originFails(repo, ['drop', id], 1);
  });
});

describe('supersede', () => {
  it('writes only the newer entry; the old file stays byte-identical and reads as superseded', async () => {
    const repo = await freshRepo();
    const oldId = await capture(repo, ['decision', 'Use PostgreSQL', 'ACID.']);
    const newId = await capture(repo, ['decision', 'Use MySQL', 'Changed our minds.']);
    await repo.commitAll('two decisions');
    const oldPath = pathOf(repo, oldId);
    const oldBytes = repo.read(oldPath);

    const r = await originOk(['supersede', oldId, '--by', newId], { cwd: repo.dir });
    expect(r.stdout).toBe(`${newId} supersedes ${oldId}\n`);
    expect(repo.read(oldPath)).toBe(oldBytes);
    expect(await porcelain(repo)).toEqual([`M  ${pathOf(repo, newId)}`]);
    expect(parseEntry(repo.read(pathOf(repo, newId))).supersedes).toEqual([oldId]);

    const old = await originJson<Json>(['show', oldId], { cwd: repo.dir });
    expect(old.status).toBe('superseded');
    expect(old.superseded_by).toEqual([newId]);
    expect(old.supersedes).toEqual([]);
    expect(repo.read(oldPath)).toContain('\nstatus: accepted\n');
    const newer = await originJson<Json>(['show', newId], { cwd: repo.dir });
    expect(newer).toMatchObject({ status: 'accepted', supersedes: [oldId], superseded_by: [] });
  });

  it('--json prints the newer entry; repeating it changes nothing', async () => {
    const repo = await freshRepo();
    const oldId = await capture(repo, ['gotcha', 'Old lesson']);
    const newId = await capture(repo, ['gotcha', 'New lesson']);
    const json = await originJson<Json>(['supersede', oldId.slice(4, 9), '--by', newId.slice(4, 9)], { cwd: repo.dir });
    expect(json).toMatchObject({ id: newId, supersedes: [oldId] });
    const before = repo.read(pathOf(repo, newId));
    const r = await originOk(['supersede', oldId, '--by', newId], { cwd: repo.dir });
    expect(r.stderr).toContain('already supersedes');
    expect(repo.read(pathOf(repo, newId))).toBe(before);
  });

  it('refuses self-supersession and cycles (exit 1)', async () => {
    const repo = await freshRepo();
    const a = await capture(repo, ['decision', 'A']);
    const b = await capture(repo, ['decision', 'B']);
    await originFails(repo, ['supersede', a, '--by', a], 1);
    await originOk(['supersede', a, '--by', b], { cwd: repo.dir });
    const r = await originFails(repo, ['supersede', b, '--by', a], 1);
    expect(r.stderr).toContain('cycle');
  });

  it('refuses an entry of another type as the replacement: supersede (exit 1, as its other refusals) and capture --supersedes (a usage error, exit 2)', async () => {
    const repo = await freshRepo();
    const a = await capture(repo, ['decision', 'Use MySQL']);
    const g = await capture(repo, ['gotcha', 'MySQL drops idle connections']);
    const r = await originFails(repo, ['supersede', a, '--by', g], 1);
    expect(r.stderr).toContain(`origin edit ${g} --link ${a}`);
    expect((await originFails(repo, ['gotcha', 'Use Postgres', '--supersedes', a.slice(0, 7)], 2)).stderr).toContain('use --link');
  });

  it('needs --by (usage error, exit 2)', async () => {
    const repo = await freshRepo();
    const a = await capture(repo, ['decision', 'A']);
    await originFails(repo, ['supersede', a], 2);
  });
});

describe('edit with flags (non-interactive)', () => {
  it('--title changes the title but never the file name', async () => {
    const repo = await freshRepo();
    const id = await capture(repo, ['decision', 'Original title']);
    const path = pathOf(repo, id);
    const json = await originJson<Json>(['edit', id, '--title', 'A much better title'], { cwd: repo.dir });
    expect(json.title).toBe('A much better title');
    expect(json.path).toBe(path);
    expect(pathOf(repo, id)).toBe(path);
    expect(parseEntry(repo.read(path)).title).toBe('A much better title');
  });

  it('--status sets a valid status and refuses one the type does not have (exit 2)', async () => {
    const repo = await freshRepo();
    const id = await capture(repo, ['decision', 'Status change']);
    expect((await originJson<Json>(['edit', id, '--status', 'Deprecated'], { cwd: repo.dir })).status).toBe('deprecated');
    const before = repo.read(pathOf(repo, id));
    const r = await originFails(repo, ['edit', id, '--status', 'done'], 2);
    expect(r.stderr).toContain('"done" is not a status of a decision');
    expect(repo.read(pathOf(repo, id))).toBe(before);
  });

  it('--status on a follow-up keeps closed in step (stamped on done, removed on reopen)', async () => {
    const repo = await freshRepo();
    const id = await capture(repo, ['followup', 'Edited closed']);
    const done = await originJson<Json>(['edit', id, '--status', 'done'], { cwd: repo.dir });
    expect(done.closed).toMatch(ISO_SECOND);
    const reopened = await originJson<Json>(['edit', id, '--status', 'open'], { cwd: repo.dir });
    expect(reopened.closed).toBeUndefined();
    expect(repo.read(pathOf(repo, id))).not.toContain('closed:');
  });

  it('judges only what the edit changes: a tag written by hand with a space does not stop an append; a new bad tag does', async () => {
    const repo = await freshRepo();
    const id = await capture(repo, ['gotcha', 'Hand-tagged', '-t', 'keep']);
    const path = pathOf(repo, id);
    repo.write(path, repo.read(path).replace('tags:\n  - keep\n', 'tags:\n  - keep\n  - needs review\n'));
    const json = await originJson<Json>(['edit', id, '--append', 'Seen again on staging.'], { cwd: repo.dir });
    expect(json.tags).toEqual(['keep', 'needs review']);
    expect(json.body).toContain('Seen again on staging.');
    expect((await originFails(repo, ['edit', id, '--tag', 'two words'], 2)).stderr).toContain('tag "two words" must be one word');
  });

  it('--tag and --untag add and remove tags; --anchor is repo-relative; --link adds links', async () => {
    const repo = await freshRepo();
    const id = await capture(repo, ['gotcha', 'Tags', '-t', 'keep', '-t', 'remove']);
    repo.write('src/a/b.ts', '');
    const json = await originJson<Json>(['edit', id, '--tag', 'new,#hash', '--untag', 'remove', '--anchor', 'b.ts', '--link', 'CTX-AAAAAAAA'], { cwd: `${repo.dir}/src/a` });
    expect(json.tags).toEqual(['keep', 'new', 'hash']);
    expect(json.files).toEqual(['src/a/b.ts']);
    expect(json.links).toEqual(['ctx-aaaaaaaa']);
  });

  it('--unanchor, --unlink and --unsupersede undo a mistaken anchor, link or supersedes; naming one the entry lacks is a usage error', async () => {
    const repo = await freshRepo();
    const old = await capture(repo, ['decision', 'Use MySQL']);
    const id = await capture(repo, ['decision', 'Use PostgreSQL', '-a', 'src/db.ts', '-a', 'src/pool.ts', '-l', 'ctx-aaaaaaaa', '--supersedes', old]);
    expect((await originJson<Json>(['show', old], { cwd: repo.dir })).status).toBe('superseded');
    const json = await originJson<Json>(['edit', id, '--unanchor', 'src/pool.ts', '--unlink', 'CTX-AAAAAAAA', '--unsupersede', old.slice(0, 7)], { cwd: repo.dir });
    expect(json.files).toEqual(['src/db.ts']);
    expect(json.links).toEqual([]);
    expect(json.supersedes).toEqual([]);
    expect((await originJson<Json>(['show', old], { cwd: repo.dir })).status).toBe('accepted');
    expect((await originFails(repo, ['edit', id, '--unlink', 'ctx-bbbbbbbb'], 2)).stderr).toContain('it has no ctx-bbbbbbbb to remove');
    // --link takes a unique prefix and stores the full id, as capture does.
    expect((await originJson<Json>(['edit', id, '--link', old.slice(0, 7)], { cwd: repo.dir })).links).toEqual([old]);
  });

  it('--append adds a paragraph; --body replaces the body', async () => {
    const repo = await freshRepo();
    const id = await capture(repo, ['context', 'Bodies', 'First paragraph.']);
    await originOk(['edit', id, '--append', 'Second paragraph.'], { cwd: repo.dir });
    expect(parseEntry(repo.read(pathOf(repo, id))).body).toBe('First paragraph.\n\nSecond paragraph.\n');
    const json = await originJson<Json>(['edit', id, '--body', 'Replaced.'], { cwd: repo.dir });
    expect(json.body).toBe('Replaced.\n');
    expect(parseEntry(repo.read(pathOf(repo, id))).body).toBe('Replaced.\n');
  });

  it('stages the edited file, and says so when nothing changed (file untouched)', async () => {
    const repo = await freshRepo();
    const id = await capture(repo, ['decision', 'Same', '-t', 'x']);
    await repo.commitAll('entry');
    const before = repo.read(pathOf(repo, id));
    const r = await originOk(['edit', id, '--tag', 'x'], { cwd: repo.dir });
    expect(r.stderr).toContain(`${id} unchanged`);
    expect(repo.read(pathOf(repo, id))).toBe(before);
    expect(await porcelain(repo)).toEqual([]);
    await originOk(['edit', id, '--tag', 'y'], { cwd: repo.dir });
    expect(await staged(repo)).toEqual([pathOf(repo, id)]);
  });

  it('keeps unknown front-matter keys, and dates as written, through an edit', async () => {
    const repo = await freshRepo();
    const path = writeEntry(repo, {
      id: 'dec-9aaaaaaa',
      title: 'Hand written',
      created: '2026-02-03',
      extra: 'reviewer: Bob\npriority: 3\ndue: 2026-12-01\nchecklist:\n  - one\n  - two',
      body: 'Body.\n',
    });
    await originOk(['edit', 'dec-9aaaaaaa', '--tag', 'edited'], { cwd: repo.dir });
    const text = repo.read(path);
    expect(text).toContain('\ncreated: 2026-02-03\n');
    expect(text).toContain('\nsource: cli\nreviewer: Bob\npriority: 3\ndue: 2026-12-01\nchecklist:\n  - one\n  - two\n---\n');
    const json = await originJson<Json>(['show', 'dec-9aaaaaaa'], { cwd: repo.dir });
    expect(json.created).toBe('2026-02-03');
    expect(json.extra).toEqual({ reviewer: 'Bob', priority: 3, due: '2026-12-01', checklist: ['one', 'two'] });
  });

  it('without flags and without a terminal is a usage error (exit 2), and the file is untouched', async () => {
    const repo = await freshRepo();
    const id = await capture(repo, ['decision', 'No flags']);
    const before = repo.read(pathOf(repo, id));
    const r = await originFails(repo, ['edit', id], 2, { env: { EDITOR: 'false', VISUAL: 'false' } });
    expect(r.stderr).toContain('edit needs a terminal');
    expect(repo.read(pathOf(repo, id))).toBe(before);
  });

  it('refuses an empty --title (exit 2)', async () => {
    const repo = await freshRepo();
    const id = await capture(repo, ['decision', 'Keep me']);
    await originFails(repo, ['edit', id, '--title', '   '], 2);
    expect(parseEntry(repo.read(pathOf(repo, id))).title).toBe('Keep me');
  });

  it('fails (exit 1) for an unknown id', async () => {
    const repo = await freshRepo();
    const r = await origin(['edit', 'dec-zzzzzzzz', '--title', 'x'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
  });
});
