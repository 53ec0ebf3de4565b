import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeEntry } from '../src/core/serialize.js';
import type { Entry } from '../src/core/types.js';
import { readConfig } from '../src/store/config.js';
import { initLayout } from '../src/store/init.js';
import { layoutFor } from '../src/store/layout.js';
import { scanStore } from '../src/store/scan.js';
import { createEntryFile, rewriteEntryFile } from '../src/store/write.js';
import { tempDir } from './helpers/repo.js';

function entry(fields: Partial<Entry> = {}): Entry {
  return {
    id: 'dec-7k2m9x4q',
    type: 'decision',
    title: 'Use PostgreSQL',
    status: 'accepted',
    created: '2026-11-23T10:15:00Z',
    author: 'Ada',
    agent: 'test',
    session: 's',
    branch: 'main',
    commit: '',
    tags: [],
    files: [],
    links: [],
    supersedes: [],
    source: 'cli',
    extra: {},
    body: 'Why.\n',
    ...fields,
  };
}

describe('createEntryFile', () => {
  it('writes <type dir>/<id>-<slug>.md with the serialised entry', () => {
    const layout = layoutFor(tempDir());
    const stored = createEntryFile(layout, entry());
    expect(stored.path).toBe('.origin/decisions/dec-7k2m9x4q-use-postgresql.md');
    expect(readFileSync(join(layout.root, stored.path), 'utf8')).toBe(serializeEntry(entry()));
  });

  it('never overwrites: an id already on disk gets a fresh id and the old file stays byte-identical', () => {
    const layout = layoutFor(tempDir());
    const first = createEntryFile(layout, entry());
    const before = readFileSync(join(layout.root, first.path), 'utf8');
    const second = createEntryFile(layout, entry({ body: 'different' }));
    expect(second.id).not.toBe(first.id);
    expect(second.id).toMatch(/^dec-[0-9a-hjkmnp-tv-z]{8}$/);
    expect(readFileSync(join(layout.root, first.path), 'utf8')).toBe(before);
    expect(readFileSync(join(layout.root, second.path), 'utf8')).toContain(`id: ${second.id}\n`);
    expect(readdirSync(layout.typeDir('decision')).sort()).toEqual([first.path.split('/').pop(), second.path.split('/').pop()].sort());
  });

  it('treats an id with a different slug on disk as taken too', () => {
    const layout = layoutFor(tempDir());
    createEntryFile(layout, entry({ title: 'Something else' }));
    const second = createEntryFile(layout, entry());
    expect(second.id).not.toBe('dec-7k2m9x4q');
  });

  it('avoids ids known elsewhere (e.g. another type folder) when told about them', () => {
    const layout = layoutFor(tempDir());
    const stored = createEntryFile(layout, entry(), new Set(['dec-7k2m9x4q']));
    expect(stored.id).not.toBe('dec-7k2m9x4q');
  });
});

describe('rewriteEntryFile', () => {
  it('replaces the file in place and leaves no temporary file behind', () => {
    const layout = layoutFor(tempDir());
    const stored = createEntryFile(layout, entry());
    rewriteEntryFile(layout.root, { ...stored, status: 'deprecated' });
    expect(readFileSync(join(layout.root, stored.path), 'utf8')).toContain('\nstatus: deprecated\n');
    expect(readdirSync(layout.typeDir('decision'))).toEqual([stored.path.split('/').pop()]);
  });
});

describe('scanStore', () => {
  it('reads every entry and reports malformed files with their path and reason, without stopping', () => {
    const layout = layoutFor(tempDir());
    initLayout(layout);
    const good = createEntryFile(layout, entry());
    writeFileSync(join(layout.typeDir('gotcha'), 'gtc-aaaaaaaa-bad.md'), '---\nid: [broken\n---\n');
    writeFileSync(join(layout.typeDir('context'), 'ctx-bbbbbbbb-nofm.md'), '# no front matter\n');
    writeFileSync(join(layout.typeDir('context'), 'notes.txt'), 'not markdown, ignored');
    writeFileSync(join(layout.typeDir('context'), '.hidden.md'), 'ignored');
    const result = scanStore(layout);
    expect(result.entries.map((e) => e.id)).toEqual([good.id]);
    expect(result.problems.map((p) => p.path)).toEqual(['.origin/context/ctx-bbbbbbbb-nofm.md', '.origin/gotchas/gtc-aaaaaaaa-bad.md']);
    expect(result.problems[0]!.reason).toMatch(/no front matter/);
    expect(result.problems[1]!.reason).toMatch(/not valid YAML/);
  });

  it('reports an entry sitting in the folder of another type', () => {
    const layout = layoutFor(tempDir());
    initLayout(layout);
    writeFileSync(join(layout.typeDir('decision'), 'gtc-aaaaaaaa-misplaced.md'), serializeEntry(entry({ id: 'gtc-aaaaaaaa', type: 'gotcha', status: 'active' })));
    const result = scanStore(layout);
    expect(result.entries).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.reason).toMatch(/belongs in \.origin\/gotchas\//);
  });

  it('ignores the wiki and cache folders', () => {
    const layout = layoutFor(tempDir());
    initLayout(layout);
    const stray = serializeEntry(entry());
    for (const dir of ['wiki', '.cache', 'templates']) {
      mkdirSync(join(layout.origin, dir), { recursive: true });
      writeFileSync(join(layout.origin, dir, 'dec-7k2m9x4q-x.md'), stray);
    }
    expect(existsSync(join(layout.origin, 'README.md'))).toBe(true);
    const result = scanStore(layout);
    expect(result).toEqual({ entries: [], problems: [] });
  });
});

describe('config', () => {
  it('falls back to defaults when the file is missing, malformed, or holds wrong types', () => {
    const layout = layoutFor(tempDir());
    expect(readConfig(layout)).toEqual({ format: 1, budget: 2000, autoCommit: false, autoMerge: true });
    initLayout(layout);
    expect(readConfig(layout)).toEqual({ format: 1, budget: 2000, autoCommit: false, autoMerge: true });
    writeFileSync(layout.config, 'format: 1\nbudget: 500\nautoCommit: true\nautoMerge: false\ndefaultBranch: trunk\nunknown: kept-out\n');
    expect(readConfig(layout)).toEqual({ format: 1, budget: 500, autoCommit: true, autoMerge: false, defaultBranch: 'trunk' });
    writeFileSync(layout.config, 'autoCommit: "yes"\nautoMerge: 0\nbudget: -3\nautomerge: false\n');
    const problems: string[] = [];
    // autoMerge written wrong means off: merging nothing is the harmless way to misread a safety switch.
    expect(readConfig(layout, problems)).toEqual({ format: 1, budget: 2000, autoCommit: false, autoMerge: false });
    // Each unusable setting is named, so that a switch written wrong is not ignored without a word.
    expect(problems).toEqual([
      'budget must be a number of tokens, at least 200 (it is -3); the default, 2000, applies',
      'autoCommit must be true or false (it is "yes"); the default, false, applies',
      'autoMerge must be true or false (it is 0); refine merges nothing on its own until it is',
      'automerge is not a setting: did you mean autoMerge? (it is ignored)',
    ]);
    writeFileSync(layout.config, 'autoCommit: [unclosed\n');
    const broken: string[] = [];
    expect(readConfig(layout, broken)).toEqual({ format: 1, budget: 2000, autoCommit: false, autoMerge: false });
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatch(/^not valid YAML \(.+\); every setting has its default, except that refine merges nothing on its own until it is fixed$/);
    writeFileSync(layout.config, 'automerge: false\n');
    const misspelt: string[] = [];
    expect(readConfig(layout, misspelt).autoMerge).toBe(false);
    expect(misspelt).toEqual(['automerge is not a setting: did you mean autoMerge? (refine merges nothing on its own until it is spelt autoMerge)']);
    writeFileSync(layout.config, 'defaultBranch: 7\n');
    const unset: string[] = [];
    readConfig(layout, unset);
    expect(unset).toEqual(['defaultBranch must be a branch name (it is 7); it stays unset']);
    // A budget too small for a briefing, a store from a newer Origin, a file that is not settings at all: each said.
    writeFileSync(layout.config, 'budget: 10\nformat: 99\n');
    const odd: string[] = [];
    expect(readConfig(layout, odd)).toMatchObject({ budget: 2000, format: 99 });
    expect(odd).toEqual(['format is 99, newer than this origin reads (1): upgrade origin, as it may misread or rewrite what a newer one wrote', 'budget must be a number of tokens, at least 200 (it is 10); the default, 2000, applies']);
    writeFileSync(layout.config, 'just some words\n');
    const words: string[] = [];
    expect(readConfig(layout, words)).toEqual({ format: 1, budget: 2000, autoCommit: false, autoMerge: true });
    expect(words).toEqual(['is not a list of settings (key: value lines); every setting has its default']);
  });

  it('initLayout never overwrites an existing file', () => {
    const layout = layoutFor(tempDir());
    initLayout(layout);
    writeFileSync(layout.config, 'autoCommit: true\n');
    expect(initLayout(layout)).toEqual([]);
    expect(readFileSync(layout.config, 'utf8')).toBe('autoCommit: true\n');
  });
});
