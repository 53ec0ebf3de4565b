// Fast loop for tuning recall: bundles the ranker straight from src/ (no
// dist/ rebuild), imports the ADR corpus once into a kept temp repo, and
// prints recall@5 / MRR@10 for each query file, all / odd / even.
//
//   node eval/tune-recall.mjs [--queries a.json,b.json] [--misses] [--set 'TUNING.TITLE=0.8,QUERY_WEIGHTS.synonym=0.3']
//   node eval/tune-recall.mjs --sweep 'TUNING.TITLE=0.4,0.6,0.8'
//
// The figures that count are those of scripts/eval-recall.mjs (the real
// process path); this is only the quick way to compare variants.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { CORPUS, ROOT, arg, ensureBuilt, flag, origin } from '../scripts/eval-lib.mjs';

const repoDir = join(tmpdir(), 'origin-tune-repo');
if (!existsSync(join(repoDir, '.origin'))) {
  ensureBuilt();
  execFileSync('mkdir', ['-p', repoDir]);
  const git = (...a) => execFileSync('git', a, { cwd: repoDir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=E', '-c', 'user.email=e@x', 'commit', '-q', '--allow-empty', '-m', 'init');
  const r = await origin(['import', join(CORPUS, 'adr'), '--json', '--no-stage'], repoDir);
  if (r.code !== 0) throw new Error(r.stderr);
  writeFileSync(join(repoDir, 'imported.json'), r.stdout);
}
const imported = JSON.parse(readFileSync(join(repoDir, 'imported.json'), 'utf8')).created;
const idBySource = new Map(imported.map((c) => [`adr/${c.source}`, c.id]));
const sourceById = new Map(imported.map((c) => [c.id, `adr/${c.source}`]));

// Inside node_modules so that the bundle's lazy imports (yaml) resolve.
const bundle = join(ROOT, 'node_modules', '.cache', `origin-tune-${process.pid}.mjs`);
await build({
  // Only what the loop needs, so that work in progress elsewhere in src/ does not break it.
  stdin: {
    contents: [
      "export { openWorkspace } from './src/workspace.ts';",
      "export { processIO } from './src/io.ts';",
      "export { recallInView } from './src/recall/run.ts';",
      "export { openMemoryView } from './src/session/memory-view.ts';",
      "export { TUNING } from './src/recall/engine.ts';",
      "export { QUERY_WEIGHTS, analyseQuery } from './src/recall/query.ts';",
    ].join('\n'),
    resolveDir: ROOT,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  outfile: bundle,
  logLevel: 'error',
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
const api = await import(bundle);
rmSync(bundle);
const ws = api.openWorkspace({ cwd: repoDir, io: api.processIO() });
const view = await api.openMemoryView(ws);

const files = (arg('queries', '') || join(ROOT, 'eval', 'recall-queries.json')).split(',');
const sets = files.map((f) => ({ f, qs: JSON.parse(readFileSync(f, 'utf8')) }));

function apply(spec) {
  for (const kv of spec.split(',').filter(Boolean)) {
    const [path, v] = kv.split('=');
    const [obj, key] = path.split('.');
    api[obj][key] = Number(v);
  }
}

function evaluate(label, showMisses) {
  const out = [];
  const per = new Map();
  for (const { f, qs } of sets) {
    const rows = [];
    for (const q of qs) {
      const rel = new Set(q.relevant.map((p) => idBySource.get(p)).filter(Boolean));
      if (rel.size === 0) continue;
      const ids = api.recallInView(view, q.query, { limit: 10 }).map((r) => r.id);
      const top5 = ids.slice(0, 5).filter((id) => rel.has(id)).length;
      const first = ids.findIndex((id) => rel.has(id));
      const m = { id: q.id, odd: Number(String(q.id).replace(/\D/g, '')) % 2 === 1, r5: top5 / Math.min(rel.size, 5), rr: first >= 0 ? 1 / (first + 1) : 0 };
      rows.push(m);
      per.set(q.id, { ...m, q: q.query, top: ids.slice(0, 3).map((id) => sourceById.get(id)) });
      if (showMisses && (m.r5 < 1 || m.rr < 1)) {
        console.log(`  ${q.id} r5=${m.r5.toFixed(2)} rr=${m.rr.toFixed(2)} ${q.query}`);
        for (const r of rel) console.log(`      want ${sourceById.get(r)} @${ids.indexOf(r) + 1 || '-'}`);
        for (const id of ids.slice(0, 3)) console.log(`      got  ${sourceById.get(id)}`);
      }
    }
    const mean = (rs, k) => rs.reduce((s, r) => s + r[k], 0) / Math.max(1, rs.length);
    const part = (rs) => `${mean(rs, 'r5').toFixed(3)} ${mean(rs, 'rr').toFixed(3)}`;
    out.push(`${f.split('/').pop().replace('.json', '').padEnd(16)} all ${part(rows)} | odd ${part(rows.filter((r) => r.odd))} | even ${part(rows.filter((r) => !r.odd))}`);
  }
  console.log(`${label}\n  ${out.join('\n  ')}`);
  return per;
}

apply(arg('set', ''));
const sweep = arg('sweep', '');
if (sweep) {
  const [path, values] = sweep.split('=');
  for (const v of values.split(',')) {
    apply(`${path}=${v}`);
    evaluate(`${path}=${v}`, false);
  }
} else if (arg('explain', '')) {
  // The query's terms as the ranker sees them, and the top results.
  const idx = view.index;
  const a = api.analyseQuery(arg('explain', ''), { df: (t) => idx.df(t), sorted: () => idx.vocabulary() });
  for (const t of a.terms) console.log(`  ${String(t.origin).padStart(2)} ${t.weight.toFixed(2)} ${t.term} (df ${idx.df(t.term)})`);
  for (const r of api.recallInView(view, arg('explain', ''), { limit: 10 })) console.log(`  ${r.score.toFixed(2)} ${sourceById.get(r.id)}`);
} else if (arg('diff', '')) {
  // Per-query changes between the current settings and --diff's.
  const a = evaluate('current', false);
  apply(arg('diff', ''));
  const b = evaluate(arg('diff', ''), false);
  for (const [id, x] of a) {
    const y = b.get(id);
    if (!y || (x.r5 === y.r5 && x.rr === y.rr)) continue;
    console.log(`  ${id} r5 ${x.r5.toFixed(2)}->${y.r5.toFixed(2)} rr ${x.rr.toFixed(2)}->${y.rr.toFixed(2)}  ${x.q}\n      before ${x.top.join(' ')}\n      after  ${y.top.join(' ')}`);
  }
} else evaluate('current', flag('misses'));
