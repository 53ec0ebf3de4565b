// Retrieval eval over the ADR corpus: imports ../shared/corpus/adr into a temp
// repo with the real CLI, asks every judged query, and reports recall@5 and
// MRR@10 for Origin next to a plain BM25 baseline and a fuse.js-only baseline.
//
//   node scripts/eval-recall.mjs [--queries file.json ...] [--inprocess] [--verbose] [--per-query]
//
// Query sets in eval/: recall-queries.json (the judged set npm run eval
// reports); extra-queries.json, fresh-queries.json and fresh2-queries.json,
// written later (fresh2 by a helper that saw neither the ranker nor the other
// sets) to check that a change generalises: tune on none of them alone.
//
// The recency prior reads the clock, so scores would drift by a query's rank
// over months (the judged set: 0.950 recall@5 until 2027-03, 0.945 a year on).
// So the eval asks as of a fixed time, AS_OF (through ORIGIN_NOW for the CLI):
// the same code gives the same figures whenever it runs. EVAL_NOW=2027-06-01
// asks as of another time.
//
// --per-query prints each query's recall@5 and reciprocal rank (diff two runs
// to see which queries a change moved).
// Figures are given for the whole set and for its odd- and even-numbered
// queries apart: tune on one half, check on the other. ORIGIN_ABLATE=a,b turns
// parts of the ranker off (expand, priors, titles, siblings); ORIGIN_ABLATE=+feedback
// turns pseudo-relevance feedback on.
//
// Origin's figures come from `origin recall --json` spawned as a process
// (the real path); --inprocess asks the same engine through dist/api.js,
// which is faster for tuning and must give the same ranking.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fuse from 'fuse.js';
import { CORPUS, ROOT, corpusAvailable, ensureBuilt, flag, origin, tempRepo } from './eval-lib.mjs';

if (!corpusAvailable()) {
  console.log(`recall eval skipped: the ADR corpus is not at ${CORPUS}/adr`);
  process.exit(0);
}
ensureBuilt();
const api = await import(join(ROOT, 'dist', 'api.js'));

const queryFiles = [];
process.argv.forEach((a, i) => {
  if (a === '--queries' && process.argv[i + 1]) queryFiles.push(process.argv[i + 1]);
});
if (queryFiles.length === 0) queryFiles.push(join(ROOT, 'eval', 'recall-queries.json'));

const AS_OF = process.env.EVAL_NOW ?? '2026-12-01T00:00:00Z';
const clock = { ORIGIN_NOW: AS_OF };

const repo = tempRepo();
try {
  repo.git('commit', '-q', '--allow-empty', '-m', 'init');
  const imp = await origin(['import', join(CORPUS, 'adr'), '--json', '--no-stage'], repo.dir, clock);
  if (imp.code !== 0) throw new Error(`import failed: ${imp.stderr}`);
  const imported = JSON.parse(imp.stdout).created;
  const idBySource = new Map(imported.map((c) => [`adr/${c.source}`, c.id]));
  const sourceById = new Map(imported.map((c) => [c.id, `adr/${c.source}`]));
  console.log(`imported ${imported.length} records from ${CORPUS}/adr; asking as of ${AS_OF}`);

  // Documents for the baselines: title + body as imported.
  const docs = imported.map((c) => {
    const text = readFileSync(join(repo.dir, c.path), 'utf8');
    const entry = api.parseEntry(text);
    return { id: c.id, title: entry.title, body: entry.body };
  });
  const bm25 = plainBm25(docs);
  const fuse = new Fuse(docs, { keys: [{ name: 'title', weight: 2 }, { name: 'body', weight: 1 }], threshold: 0.6, includeScore: true });

  const ws = api.openWorkspace({ cwd: repo.dir, io: api.processIO() });
  const ablate = Object.fromEntries((process.env.ORIGIN_ABLATE ?? '').split(',').filter(Boolean).map((k) => (k.startsWith('+') ? [k.slice(1), true] : [k, false])));
  const view = flag('inprocess') ? await api.openMemoryView(ws) : undefined;

  for (const file of queryFiles) {
    const queries = JSON.parse(readFileSync(file, 'utf8'));
    const systems = { origin: [], bm25: [], fuse: [] };
    const misses = [];
    for (const q of queries) {
      const relevant = new Set(q.relevant.map((p) => idBySource.get(p)).filter(Boolean));
      if (relevant.size === 0) continue;
      let ids;
      if (view) ids = api.recallInView(view, q.query, { limit: 10, ablate, now: new Date(AS_OF) }).map((r) => r.id);
      else {
        const r = await origin(['recall', q.query, '--json', '-n', '10'], repo.dir, clock);
        if (r.code !== 0) throw new Error(`recall failed for ${q.id}: ${r.stderr}`);
        ids = JSON.parse(r.stdout).map((x) => x.id);
      }
      systems.origin.push(metrics(ids, relevant));
      systems.bm25.push(metrics(bm25(q.query).slice(0, 10), relevant));
      systems.fuse.push(metrics(fuse.search(q.query, { limit: 10 }).map((h) => h.item.id), relevant));
      const m = systems.origin.at(-1);
      if (m.recall5 < 1) misses.push({ q, ids, relevant, m });
      if (flag('per-query')) console.log(`  ${q.id} recall@5 ${m.recall5.toFixed(2)} rr ${m.rr10.toFixed(2)}`);
    }
    const n = systems.origin.length;
    console.log(`\n${file.replace(`${ROOT}/`, '')}: ${n} queries`);
    const asked = queries.filter((q) => q.relevant.some((p) => idBySource.has(p)));
    const half = (parity) => asked.map((q, i) => (Number(String(q.id).replace(/\D/g, '')) % 2 === parity ? i : -1)).filter((i) => i >= 0);
    const parts = [['all', asked.map((_, i) => i)], ['odd', half(1)], ['even', half(0)]];
    const mean = (rows, idx, key) => idx.reduce((s, i) => s + rows[i][key], 0) / Math.max(1, idx.length);
    console.log(`system    ${parts.map(([name, idx]) => `${name} (${idx.length})`.padEnd(17)).join('')}`);
    console.log(`          ${parts.map(() => 'recall@5 MRR@10  ').join('')}`);
    for (const [name, rows] of Object.entries(systems)) {
      console.log(`${name.padEnd(9)} ${parts.map(([, idx]) => `${mean(rows, idx, 'recall5').toFixed(3).padStart(8)} ${mean(rows, idx, 'rr10').toFixed(3).padStart(6)}  `).join('')}`);
    }
    const byKind = new Map();
    asked.forEach((q, i) => {
      const row = systems.origin[i];
      if (!row) return;
      const k = byKind.get(q.kind) ?? [];
      k.push(row);
      byKind.set(q.kind, k);
    });
    for (const [kind, rows] of byKind) {
      console.log(`  origin on ${kind.padEnd(10)} (${rows.length}): recall@5 ${(rows.reduce((s, r) => s + r.recall5, 0) / rows.length).toFixed(3)}  MRR@10 ${(rows.reduce((s, r) => s + r.rr10, 0) / rows.length).toFixed(3)}`);
    }
    if (flag('verbose')) {
      for (const { q, ids, relevant, m } of misses) {
        console.log(`\n  MISS ${q.id} [${q.kind}] r5=${m.recall5.toFixed(2)} rr=${m.rr10.toFixed(2)}: ${q.query}`);
        for (const r of relevant) console.log(`     want ${sourceById.get(r)} ${ids.indexOf(r) >= 0 ? `@${ids.indexOf(r) + 1}` : 'not in top 10'}`);
        for (const id of ids.slice(0, 5)) console.log(`     got  ${sourceById.get(id)}`);
      }
    }
  }
} finally {
  repo.remove();
}

function metrics(ids, relevant) {
  const top5 = ids.slice(0, 5).filter((id) => relevant.has(id)).length;
  const first = ids.slice(0, 10).findIndex((id) => relevant.has(id));
  return { recall5: top5 / Math.min(relevant.size, 5), rr10: first >= 0 ? 1 / (first + 1) : 0 };
}

// A textbook BM25 (k1 1.2, b 0.75) over title + body, lower-cased words, no
// stemming, no stop words, no expansion: the baseline the issue quotes.
function plainBm25(documents) {
  const tok = (s) => s.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const tfs = documents.map((d) => {
    const m = new Map();
    for (const t of tok(`${d.title} ${d.body}`)) m.set(t, (m.get(t) ?? 0) + 1);
    return m;
  });
  const lens = tfs.map((m) => [...m.values()].reduce((a, b) => a + b, 0));
  const avg = lens.reduce((a, b) => a + b, 0) / lens.length;
  const df = new Map();
  for (const m of tfs) for (const t of m.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const N = documents.length;
  return (query) => {
    const scores = documents.map((d, i) => {
      let s = 0;
      for (const t of new Set(tok(query))) {
        const f = tfs[i].get(t);
        if (!f) continue;
        const idf = Math.log(1 + (N - df.get(t) + 0.5) / (df.get(t) + 0.5));
        s += (idf * f * 2.2) / (f + 1.2 * (0.25 + (0.75 * lens[i]) / avg));
      }
      return { id: d.id, s };
    });
    return scores.filter((x) => x.s > 0).sort((a, b) => b.s - a.s).map((x) => x.id);
  };
}
