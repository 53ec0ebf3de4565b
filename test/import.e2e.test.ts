import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRepo, origin, originJson, originOk, tempDir } from './helpers/repo.js';

type Entry = { id: string; title: string; status: string; created: string; source: string; body: string; extra?: Record<string, unknown>; tags: string[] };

function adrFolder(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'adr'), { recursive: true });
  // adr-tools
  writeFileSync(
    join(dir, 'adr', '0001-record-architecture-decisions.md'),
    '# 1. Record architecture decisions\n\nDate: 2016-02-12\n\n## Status\n\nAccepted\n\n## Context\n\nWe need to record decisions.\n\n## Decision\n\nWe will use ADRs.\n',
  );
  writeFileSync(
    join(dir, 'adr', '0002-use-mysql.md'),
    '# 2. Use MySQL\n\nDate: 2016-03-01\n\n## Status\n\nSuperseded by [3. Use PostgreSQL](0003-use-postgresql.md)\n\n## Context\n\nWe need a database.\n',
  );
  writeFileSync(
    join(dir, 'adr', '0003-use-postgresql.md'),
    '# 3. Use PostgreSQL\n\nDate: 2016-04-01\n\n## Status\n\nAccepted\n\nSupersedes [2. Use MySQL](0002-use-mysql.md)\n\n## Context\n\nSee [ADR 1](./0001-record-architecture-decisions.md) for how we record this.\n',
  );
  // log4brains / MADR
  writeFileSync(
    join(dir, 'adr', '20200924-use-markdown-adrs.md'),
    '# Use Markdown Architectural Decision Records\n\n- Status: draft\n- Date: 2020-09-24\n\n## Context and Problem Statement\n\nWhich format?\n',
  );
  // front matter
  mkdirSync(join(dir, 'adr', 'nested'));
  writeFileSync(join(dir, 'adr', 'nested', 'cache.md'), '---\ntitle: Cache rendered pages in the CDN\nstatus: rejected\ndate: 2021-05-05\ntags: [perf, cdn]\nowner: web-team\n---\n\nToo risky for personalised pages.\n');
  writeFileSync(join(dir, 'adr', 'template.md'), '# Title\n\n## Status\n\n## Context\n');
  writeFileSync(join(dir, 'adr', 'evil.md'), '---js\n{ title: (function(){ require("fs").writeFileSync("/tmp/origin-pwned", "x"); return "x" })() }\n---\nbody\n');
  return join(dir, 'adr');
}

describe('origin import', () => {
  it('imports adr-tools, MADR/log4brains and front-matter records, keeping what maps', async () => {
    const repo = await makeRepo();
    const folder = adrFolder();
    const result = await originJson<{ created: { id: string; source: string }[]; skipped: { source: string; reason: string }[] }>(['import', folder], { cwd: repo.dir });
    expect(result.created.map((c) => c.source).sort()).toEqual(['0001-record-architecture-decisions.md', '0002-use-mysql.md', '0003-use-postgresql.md', '20200924-use-markdown-adrs.md', 'nested/cache.md']);
    expect(result.skipped.map((s) => s.source)).toEqual(['evil.md']);
    expect(existsSync('/tmp/origin-pwned')).toBe(false);
    const all = await originJson<Entry[]>(['list'], { cwd: repo.dir });
    const by = (source: string) => all.find((e) => e.source === source) as Entry;
    expect(by('0001-record-architecture-decisions.md')).toMatchObject({ title: 'Record architecture decisions', status: 'accepted', created: '2016-02-12' });
    expect(by('0002-use-mysql.md')).toMatchObject({ title: 'Use MySQL', status: 'superseded' });
    expect(by('20200924-use-markdown-adrs.md')).toMatchObject({ title: 'Use Markdown Architectural Decision Records', status: 'proposed', created: '2020-09-24' });
    const cache = by('nested/cache.md');
    expect(cache).toMatchObject({ title: 'Cache rendered pages in the CDN', status: 'rejected', created: '2021-05-05', tags: ['perf', 'cdn'] });
    expect(cache.extra).toMatchObject({ original_owner: 'web-team' });
    const shown = await originJson<Entry>(['show', cache.id], { cwd: repo.dir });
    expect(shown.body).toContain('Too risky for personalised pages.');
    const draft = await originJson<Entry>(['show', by('20200924-use-markdown-adrs.md').id], { cwd: repo.dir });
    expect(draft.extra).toMatchObject({ original_status: 'draft' });
  });

  it('--dry-run writes nothing, not even the .origin/ layout of a repository without memory', async () => {
    const repo = await makeRepo();
    const plan = await originJson<{ created: unknown[] }>(['import', adrFolder(), '--dry-run'], { cwd: repo.dir });
    expect(plan.created).toHaveLength(5);
    expect(existsSync(join(repo.dir, '.origin'))).toBe(false);
    expect(existsSync(join(repo.dir, '.gitattributes'))).toBe(false);
    expect((await repo.git.raw(['status', '--porcelain'])).trim()).toBe('');
  });

  it('takes the first heading as the title when only HTML comments come before it, keeping the comments in the body', async () => {
    const repo = await makeRepo();
    const dir = join(tempDir(), 'adr');
    mkdirSync(dir);
    writeFileSync(join(dir, '0007-caddy.md'), '<!-- Copy this template; # headings in comments are guidance -->\n\n# Use Caddy as the edge proxy\n\nStatus: accepted\n\nCaddy renews certificates on its own.\n');
    const r = await originJson<{ created: { id: string; title: string }[] }>(['import', dir], { cwd: repo.dir });
    expect(r.created.map((c) => c.title)).toEqual(['Use Caddy as the edge proxy']);
    const shown = await originJson<{ body: string }>(['show', r.created[0]?.id as string], { cwd: repo.dir });
    expect(shown.body).toContain('<!-- Copy this template');
    expect(shown.body).toContain('Caddy renews certificates on its own.');
  });

  it('does not duplicate on re-import', async () => {
    const repo = await makeRepo();
    const folder = adrFolder();
    await originJson(['import', folder], { cwd: repo.dir });
    const again = await originJson<{ created: unknown[]; skipped: { reason: string }[] }>(['import', folder], { cwd: repo.dir });
    expect(again.created).toEqual([]);
    expect(again.skipped.filter((s) => s.reason === 'already imported')).toHaveLength(5);
    expect(await originJson<unknown[]>(['list'], { cwd: repo.dir })).toHaveLength(5);
  });

  it('imports the records of two folders given at once, even of the same file name and title; a re-import skips both', async () => {
    const repo = await makeRepo();
    const root = tempDir();
    for (const svc of ['billing', 'search']) {
      mkdirSync(join(root, svc, 'adr'), { recursive: true });
      writeFileSync(join(root, svc, 'adr', '0002-choose-the-database.md'), `# Choose the database\n\nStatus: accepted\n\nThe ${svc} service stores its data in ${svc === 'billing' ? 'PostgreSQL' : 'OpenSearch'}.\n`);
    }
    const folders = [join(root, 'billing', 'adr'), join(root, 'search', 'adr')];
    const first = await originJson<{ created: unknown[] }>(['import', ...folders], { cwd: repo.dir });
    expect(first.created).toHaveLength(2);
    const again = await originJson<{ created: unknown[]; skipped: unknown[] }>(['import', ...folders, join(root, 'search', 'adr', '0002-choose-the-database.md')], { cwd: repo.dir });
    expect(again.created).toEqual([]);
    expect(again.skipped).toHaveLength(2);
  });

  it("imports another folder's record of the same file name when its title or its date differs, and skips the same record", async () => {
    const repo = await makeRepo();
    await originJson(['import', adrFolder()], { cwd: repo.dir });
    const other = join(tempDir(), 'adr');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, '0002-use-mysql.md'), '# 2. Use Kafka for events\n\nDate: 2019-01-01\n\n## Status\n\nAccepted\n');
    writeFileSync(join(other, '0001-record-architecture-decisions.md'), '# 1. Record architecture decisions\n\nDate: 2019-01-01\n\n## Status\n\nAccepted\n');
    // The same record, its status changed since (as adr-tools does): same name, title and date.
    writeFileSync(join(other, '0003-use-postgresql.md'), '# 3. Use PostgreSQL\n\nDate: 2016-04-01\n\n## Status\n\nDeprecated\n');
    const result = await originJson<{ created: { title: string; source: string }[]; skipped: { source: string; reason: string }[] }>(['import', other], { cwd: repo.dir });
    expect(result.created.map((c) => c.title).sort()).toEqual(['Record architecture decisions', 'Use Kafka for events']);
    expect(result.skipped).toEqual([{ source: '0003-use-postgresql.md', reason: 'already imported' }]);
  });

  it('re-imports a grown folder: the new records come in, one marked superseded since is recognised', async () => {
    const repo = await makeRepo();
    const folder = adrFolder();
    const first = await originJson<{ created: unknown[] }>(['import', folder], { cwd: repo.dir });
    for (let n = 5; n <= 9; n++) writeFileSync(join(folder, `000${n}-record-${n}.md`), `# ${n}. Record ${n} on queue sizing\n\nDate: 2017-0${n}-01\n\n## Status\n\nAccepted\n`);
    const mysql = join(folder, '0002-use-mysql.md');
    writeFileSync(mysql, readFileSync(mysql, 'utf8').replace('Superseded by [3. Use PostgreSQL](0003-use-postgresql.md)', 'Superseded by [9. Record 9](0009-record-9.md)'));
    const again = await originJson<{ created: { source: string }[]; skipped: unknown[] }>(['import', folder], { cwd: repo.dir });
    expect(again.created.map((c) => c.source)).toEqual(['0005-record-5.md', '0006-record-6.md', '0007-record-7.md', '0008-record-8.md', '0009-record-9.md']);
    expect(await originJson<unknown[]>(['list'], { cwd: repo.dir })).toHaveLength(first.created.length + 5);
  });

  it("imports another repository's folder on its own in full: its record of a known name and title, with its own text, is its own", async () => {
    const repo = await makeRepo();
    await originJson(['import', adrFolder()], { cwd: repo.dir });
    const other = join(tempDir(), 'adr');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, '0001-record-architecture-decisions.md'), '# 1. Record architecture decisions\n\nDate: 2019-01-01\n\n## Status\n\nAccepted\n\n## Decision\n\nThe payments team records its decisions in docs/adr.\n');
    for (const [name, title] of <Array<[string, string]>>[['0002-use-kafka.md', 'Use Kafka for events'], ['0003-use-grpc.md', 'Use gRPC between services'], ['0004-use-vault.md', 'Keep secrets in Vault']]) {
      writeFileSync(join(other, name), `# ${title}\n\nDate: 2019-02-01\n\n## Status\n\nAccepted\n`);
    }
    const result = await originJson<{ created: { title: string; source: string }[]; skipped: unknown[] }>(['import', other], { cwd: repo.dir });
    expect(result.created.map((c) => c.source).sort()).toEqual(['0001-record-architecture-decisions.md', '0002-use-kafka.md', '0003-use-grpc.md', '0004-use-vault.md']);
    expect(result.skipped).toEqual([]);
  });

  it('recognises the same records when their folder is imported from another place (moved, or from its parent)', async () => {
    const repo = await makeRepo();
    const folder = adrFolder();
    const first = await originJson<{ created: unknown[] }>(['import', folder], { cwd: repo.dir });
    const parent = tempDir();
    cpSync(folder, join(parent, 'service-a', 'adr'), { recursive: true });
    const again = await originOk(['import', parent], { cwd: repo.dir, env: { NO_COLOR: '1' } });
    expect(again.stdout).toBe(`Imported 0 decision entries, skipped ${first.created.length + 1}.\n`);
    expect(again.stderr).toContain('evil.md');
  });

  it('does not import again a record whose title was edited since, in the store or in its file', async () => {
    const repo = await makeRepo();
    const folder = adrFolder();
    const first = await originJson<{ created: { id: string; source: string }[] }>(['import', folder], { cwd: repo.dir });
    const mysql = first.created.find((c) => c.source === '0002-use-mysql.md')?.id as string;
    await originOk(['edit', mysql, '--title', 'Use MySQL 5.7'], { cwd: repo.dir });
    writeFileSync(join(folder, '0003-use-postgresql.md'), readFileSync(join(folder, '0003-use-postgresql.md'), 'utf8').replace('# 3. Use PostgreSQL', '# 3. Use PostgreSQL 16'));
    const again = await originJson<{ created: unknown[] }>(['import', folder], { cwd: repo.dir });
    expect(again.created).toEqual([]);
    expect(await originJson<unknown[]>(['list'], { cwd: repo.dir })).toHaveLength(5);
  });

  it('refuses a file that is not markdown (exit 2), writing nothing', async () => {
    const repo = await makeRepo();
    writeFileSync(join(repo.dir, 'pool.ts'), 'export const size = 1;\n');
    const r = await origin(['import', 'pool.ts', '--dry-run'], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pool.ts is not one');
    expect(existsSync(join(repo.dir, '.origin'))).toBe(false);
  });

  it('keeps the supersessions and links between the records it imports, on the newer record', async () => {
    const repo = await makeRepo();
    const result = await originJson<{ created: { id: string; source: string; supersedes?: string[]; links?: string[] }[]; relations: { supersedes: number; links: number } }>(['import', adrFolder()], {
      cwd: repo.dir,
    });
    const idOf = (source: string) => result.created.find((c) => c.source === source)?.id as string;
    const postgres = result.created.find((c) => c.source === '0003-use-postgresql.md');
    // "Supersedes [2. Use MySQL]" and the old record's "Superseded by [3. ...]" are one supersession, written once.
    expect(postgres?.supersedes).toEqual([idOf('0002-use-mysql.md')]);
    expect(postgres?.links).toEqual([idOf('0001-record-architecture-decisions.md')]);
    expect(result.relations).toEqual({ supersedes: 1, links: 1 });
    // The old record's file is not given the relation: it is derived when read.
    const mysql = await originJson<{ status: string; superseded_by?: string[]; supersedes: string[] }>(['show', idOf('0002-use-mysql.md')], { cwd: repo.dir });
    expect(mysql).toMatchObject({ status: 'superseded', supersedes: [] });
    expect(JSON.stringify(mysql)).toContain(postgres?.id);
    const text = (await originOk(['show', idOf('0002-use-mysql.md')], { cwd: repo.dir })).stdout;
    expect(text).toContain(`superseded by: ${postgres?.id}`);
  });

  const corpus = join(__dirname, '..', '..', 'shared', 'corpus', 'adr');
  it.runIf(existsSync(corpus))('imports the 523-record ADR corpus and finds a paraphrased decision', async () => {
    const repo = await makeRepo();
    const r = await originJson<{ created: unknown[] }>(['import', corpus, '--no-stage'], { cwd: repo.dir });
    expect(r.created).toHaveLength(523);
    const hits = await originJson<{ source: string }[]>(['recall', 'which database engine did we pick, given what cloud.gov supports?'], { cwd: repo.dir });
    expect(hits.slice(0, 5).map((h) => h.source)).toContain('cisagov__manage.get.gov/0005-postgresql.md');
  });
  if (!existsSync(corpus)) it('skips the corpus import: ../shared/corpus is absent', () => expect(existsSync(corpus)).toBe(false));
});
