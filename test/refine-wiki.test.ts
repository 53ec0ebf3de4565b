import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRelations } from '../src/core/relations.js';
import type { EntryType, StoredEntry } from '../src/core/types.js';
import { TYPE_DIRS } from '../src/core/types.js';
import { computeLinks } from '../src/refine/links.js';
import { planRefine, RelatedPairs } from '../src/refine/plan.js';
import { wikiFor } from '../src/refine/refine.js';
import { buildWiki, GENERATED_MARKER, GRAPH_NODES } from '../src/refine/wiki.js';
import { storedEntry } from './helpers/entries.js';

/**
 * Golden files for the generated wiki: a fixed store in, exact markdown out.
 * After an intended change of the pages, regenerate them with
 * UPDATE_GOLDEN=1 npx vitest run test/refine-wiki.test.ts and review the diff.
 */
const GOLDEN = resolve(import.meta.dirname, 'golden', 'wiki');

function entry(id: string, type: EntryType, title: string, body: string, fields: Partial<StoredEntry> = {}): StoredEntry {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return storedEntry({ id, type, title, body, path: `.origin/${TYPE_DIRS[type]}/${id}-${slug}.md`, ...fields });
}

const STORE: StoredEntry[] = [
  entry('dec-0000mysq', 'decision', 'Use MySQL for persistence', 'The service stores its data in MySQL.', { created: '2025-03-01T09:00:00Z', tags: ['db'] }),
  entry('dec-0000pgsq', 'decision', 'Move persistence to PostgreSQL', 'We need transactional DDL and JSON columns, so the service moves from MySQL to PostgreSQL.', {
    created: '2025-09-01T09:00:00Z',
    tags: ['db'],
    supersedes: ['dec-0000mysq'],
    files: ['src/db/pool.ts'],
  }),
  entry('dec-0000cite', 'decision', 'Use CockroachDB for the ledger', 'The ledger needs multi-region writes, so it runs on CockroachDB.', {
    created: '2026-01-05T09:00:00Z',
    tags: ['db', 'ledger'],
    supersedes: ['dec-0000pgsq'],
  }),
  entry('gtc-0000pgbo', 'gotcha', 'pgbouncer drops prepared statements', 'In transaction pooling mode pgbouncer does not keep prepared statements between transactions.', {
    created: '2025-10-02T09:00:00Z',
    tags: ['db'],
    files: ['src/db/pool.ts'],
    links: ['dec-0000pgsq'],
  }),
  entry('fup-0000idxs', 'followup', 'Add indexes for the ledger queries', 'The monthly statement query scans the whole ledger table.', { created: '2026-01-06T09:00:00Z', tags: ['ledger'] }),
  entry('fup-0000done', 'followup', 'Drop the MySQL replica', 'Nothing reads from it since the move.', { created: '2025-09-20T09:00:00Z', status: 'done', tags: ['db'] }),
  entry('ctx-0000team', 'context', 'The payments team owns the ledger', 'Questions about the ledger go to #payments.', { created: '2025-11-11T09:00:00Z', tags: ['ledger'] }),
  entry('dec-0000ci01', 'decision', 'Run CI on GitHub Actions', 'Every pull request runs the test suite on GitHub Actions.', { created: '2025-02-01T09:00:00Z', files: ['.github/workflows/ci.yml'] }),
  entry('gtc-0000ci02', 'gotcha', 'GitHub Actions cache is per branch', 'A new branch starts with a cold cache, so the first run on a branch is slow.', {
    created: '2025-04-01T09:00:00Z',
    files: ['.github/workflows/ci.yml'],
  }),
  entry('fup-0000ci03', 'followup', 'Cache node_modules in GitHub Actions', 'Restore node_modules from the cache keyed on the lockfile in the CI workflow.', {
    created: '2025-04-02T09:00:00Z',
    files: ['.github/workflows/ci.yml'],
  }),
  entry('hnd-0000sess', 'handoff', 'Session: ledger migration', 'Moved the ledger tables; statement query still slow.', { created: '2026-01-06T18:00:00Z', tags: ['ledger'], links: ['fup-0000idxs'] }),
];

function generate(): Map<string, string> {
  return wikiFor(STORE, planRefine(STORE).related);
}

describe('refine wiki (golden files)', () => {
  const pages = generate();

  it('matches the golden pages byte for byte', () => {
    if (process.env.UPDATE_GOLDEN) {
      mkdirSync(GOLDEN, { recursive: true });
      for (const [name, text] of pages) writeFileSync(join(GOLDEN, name), text);
    }
    const golden = existsSync(GOLDEN) ? readdirSync(GOLDEN).filter((n) => n.endsWith('.md')).sort() : [];
    expect([...pages.keys()]).toEqual(golden);
    for (const [name, text] of pages) expect(text, name).toBe(readFileSync(join(GOLDEN, name), 'utf8'));
  });

  it('is deterministic: the same store in any order gives the same bytes', () => {
    const shuffled = [...STORE].reverse();
    const again = wikiFor(shuffled, planRefine(shuffled).related);
    expect([...again]).toEqual([...pages]);
  });

  it('opens every page with the generated marker, uses LF only and links entries relatively', () => {
    for (const [name, text] of pages) {
      expect(text.startsWith(`${GENERATED_MARKER}\n`), name).toBe(true);
      expect(text.includes('\r'), name).toBe(false);
      expect(text.endsWith('\n'), name).toBe(true);
    }
    expect(pages.get('db.md')).toContain('[Move persistence to PostgreSQL](../decisions/dec-0000pgsq-move-persistence-to-postgresql.md)');
  });

  it('links each entry to the most recent others that share a file with it, at most 8', () => {
    // 30 entries on one hot file, and 3 of them on a second file too.
    const many: StoredEntry[] = [];
    for (let i = 0; i < 30; i++) {
      const day = String(i + 1).padStart(2, '0');
      many.push(entry(`gtc-hot${String(i).padStart(5, '0')}`, 'gotcha', `Gotcha ${i}`, `Body ${i}.`, { created: `2025-01-${day}T00:00:00Z`, files: i < 3 ? ['src/hot.ts', 'src/cold.ts'] : ['src/hot.ts'] }));
    }
    const relations = buildRelations(many);
    const links = computeLinks(many, relations, new RelatedPairs(many));
    const sameFile = (id: string) => (links.get(id) ?? []).filter((l) => l.reasons.includes('same file')).map((l) => l.id);
    const newest = (except: string) => [...many].reverse().filter((e) => e.id !== except).slice(0, 8).map((e) => e.id);
    for (const e of many) expect(new Set(sameFile(e.id)), e.id).toEqual(new Set(newest(e.id)));
  });

  it('makes one topic of a tag written in two cases, named by its commonest spelling; cuts graph labels between characters, not inside an emoji', () => {
    const tagged = [0, 1, 2].map((i) => entry(`gtc-0000tag${i}`, 'gotcha', `Cold cache gotcha ${i} on release day`, `Body ${i}.`, { tags: [i === 2 ? 'DB' : 'db'], files: ['src/cache.ts'] }));
    const emoji = entry('gtc-0000emoj', 'gotcha', 'Deploys fail when the cache is cold on🚀 release day', 'Warm it first.', { files: ['src/cache.ts'] });
    const all = [...tagged, emoji];
    const relations = buildRelations(all);
    const pages = buildWiki({ entries: all, relations, links: computeLinks(all, relations, new RelatedPairs(all)) });
    expect([...pages.keys()].filter((name) => name !== 'index.md')).toEqual(['db.md']);
    expect(pages.get('db.md')).toContain('3 entries tagged `db`');
    const index = pages.get('index.md') as string;
    expect(index).toContain('cold on🚀…"]');
    expect(index).not.toContain('\uFFFD');
    expect(index).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('bounds the mermaid graph on a big store', () => {
    const many: StoredEntry[] = [];
    for (let i = 0; i < 300; i++) {
      const id = `dec-${i.toString(32).padStart(8, '0')}`;
      many.push(entry(id, 'decision', `Decision ${i}`, `Body ${i}.`, { links: i > 0 ? [`dec-${(i - 1).toString(32).padStart(8, '0')}`] : [] }));
    }
    const relations = buildRelations(many);
    const index = buildWiki({ entries: many, relations, links: computeLinks(many, relations, new RelatedPairs(many)) }).get('index.md') as string;
    const graph = index.slice(index.indexOf('```mermaid'), index.indexOf('```', index.indexOf('```mermaid') + 3));
    const nodes = graph.split('\n').filter((l) => /^\s+\w+\["/.test(l));
    expect(nodes.length).toBe(GRAPH_NODES);
    expect(index).toContain(`_The ${GRAPH_NODES} most connected of 300 linked entries._`);
  });

  it("lists under Backlinks only the outside links an entry's related line does not show", () => {
    const topic = [0, 1, 2].map((i) => entry(`dec-0000top${i}`, 'decision', `Topic decision ${i}`, `Body ${i}.`, { tags: ['billing'] }));
    const outside = [0, 1, 2, 3, 4, 5, 6].map((i) => entry(`gtc-0000out${i}`, 'gotcha', `Outside gotcha ${i}`, `Body ${i}.`));
    const all = [...topic, ...outside];
    const similar = Object.freeze(['similar'] as const);
    // dec-0000top0 is similar to all seven outside entries: its related line shows the first five.
    const links = new Map(all.map((e) => [e.id, [] as { id: string; reasons: readonly 'similar'[] }[]]));
    for (const o of outside) {
      links.get('dec-0000top0')?.push({ id: o.id, reasons: similar });
      links.get(o.id)?.push({ id: 'dec-0000top0', reasons: similar });
    }
    const page = buildWiki({ entries: all, relations: buildRelations(all), links }).get('billing.md') as string;
    const related = page.split('\n').find((l) => l.startsWith('  - related:')) as string;
    for (const i of [0, 1, 2, 3, 4]) expect(related).toContain(`[Outside gotcha ${i}]`);
    const back = page.slice(page.indexOf('## Backlinks'));
    expect(back).toContain('[Topic decision 0](../decisions/dec-0000top0-topic-decision-0.md) is similar to [Outside gotcha 5]');
    expect(back).toContain('[Outside gotcha 6]');
    for (const i of [0, 1, 2, 3, 4]) expect(back).not.toContain(`[Outside gotcha ${i}]`);
  });

  it('on a big store, points at the decisions in force and open follow-ups listed under All entries instead of repeating them', () => {
    const many: StoredEntry[] = [];
    for (let i = 0; i < 250; i++) many.push(entry(`dec-${i.toString(32).padStart(8, '0')}`, 'decision', `Decision ${i}`, `Body ${i}.`));
    for (let i = 0; i < 3; i++) many.push(entry(`fup-${i.toString(32).padStart(8, '0')}`, 'followup', `Follow-up ${i}`, `Body ${i}.`));
    const relations = buildRelations(many);
    const index = buildWiki({ entries: many, relations, links: computeLinks(many, relations, new RelatedPairs(many)) }).get('index.md') as string;
    const top = index.slice(index.indexOf('## Decisions in force'), index.indexOf('## Supersede chains'));
    expect(top).toContain('All 250 are listed under [All entries: accepted (250)](#accepted-250).');
    expect(top).not.toContain('Decision 7');
    // GitHub's anchor of that heading is the one linked to.
    expect(index).toContain('\n#### accepted (250)\n');
    // A short list is written out where it is.
    expect(top).toContain('[Follow-up 2]');
    // Every entry is still listed once under All entries.
    for (let i = 0; i < 250; i++) expect(index).toContain(`[Decision ${i}]`);
  });
});
