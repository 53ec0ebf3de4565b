#!/usr/bin/env node
// Evaluation of refine's duplicate detection on real ADRs.
//
// Imports the whole ADR corpus (../shared/corpus/adr/**.md, one decision per
// file, title from its first heading) into a temporary git repository, adds
// every restatement and hard negative of eval/dedup-set.json as a new
// decision, runs the BUILT CLI's `refine --dry-run --json`, and reports:
//
//   - recall: restatements merged automatically with their source / total,
//     and with the pairs refine judged duplicates but held back (listed
//     first among the suggestions: too little shared detail, or a rule that
//     keeps them apart), and with any suggestion;
//   - hard negatives merged (with their source, or with anything), and that
//     count per 80 merged pairs;
//   - precision over every proposed automatic merge (a merge of two corpus
//     records listed in corpus_duplicates is correct; any other pair that is
//     not a restatement and its source is false).
//
// Figures are given for the tuning half (odd ids), the held-out half (even
// ids) and both. Skips with a message when the corpus or the set is absent.
//
//   node scripts/eval-dedup.mjs [--dedup set.json] [--keep] [--verbose]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'origin.js');
const SHARED = resolve(ROOT, '..', 'shared', 'corpus');
// --dedup FILE evaluates another set of the same format (restatements, hard_negatives, corpus_duplicates).
const setArg = process.argv.indexOf('--dedup');
const SET = setArg >= 0 && process.argv[setArg + 1] ? resolve(process.argv[setArg + 1]) : join(ROOT, 'eval', 'dedup-set.json');
const KEEP = process.argv.includes('--keep');
const VERBOSE = process.argv.includes('--verbose');

if (!existsSync(join(SHARED, 'adr'))) {
  console.log(`eval-dedup: skipped: the ADR corpus is not at ${join(SHARED, 'adr')}`);
  process.exit(0);
}
if (!existsSync(SET)) {
  console.log(`eval-dedup: skipped: ${relative(ROOT, SET)} does not exist yet`);
  process.exit(0);
}
if (!existsSync(join(ROOT, 'dist', 'api.js'))) {
  console.error('eval-dedup: dist/ is missing; run `npm run build` first');
  process.exit(1);
}
const loaded = JSON.parse(readFileSync(SET, 'utf8'));
// Duplicates among the corpus records themselves are a fact of the corpus:
// another set is judged with the main set's as well as its own.
const mainSet = join(ROOT, 'eval', 'dedup-set.json');
const inherited = SET !== mainSet && existsSync(mainSet) ? (JSON.parse(readFileSync(mainSet, 'utf8')).corpus_duplicates ?? []) : [];
const corpusDuplicates = [...(loaded.corpus_duplicates ?? []), ...inherited];
const set = { restatements: [], hard_negatives: [], ...loaded, corpus_duplicates: corpusDuplicates };
console.log(`eval-dedup: set ${relative(ROOT, SET) || SET}`);

// ------------------------------------------------------------ the store

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.md')) out.push(p);
  }
  return out;
}

/** "# ADR011: Using CodePipeline" -> "Using CodePipeline"; "# 15. Determine..." -> "Determine...". */
function cleanHeading(line) {
  const text = line.replace(/^#+\s*/, '').trim();
  const stripped = text
    .replace(/^(?:architecture decision record|adr|dr)[\s-]*\d*\s*[:.\-–]\s*/i, '')
    .replace(/^\d+(?:\.\d+)*[.:)\s-]+\s*/, '')
    .trim();
  return stripped || text;
}

let serial = 0;
function makeId() {
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  let n = serial++;
  let s = '';
  for (let i = 0; i < 8; i++) {
    s = alphabet[n % 32] + s;
    n = Math.floor(n / 32);
  }
  return `dec-${s}`;
}

function entryText(e) {
  const q = (v) => JSON.stringify(v);
  return [
    '---',
    `id: ${e.id}`,
    'type: decision',
    `title: ${q(e.title)}`,
    'status: accepted',
    `created: ${q(e.created)}`,
    'author: "eval"',
    'agent: "eval"',
    'session: ""',
    'branch: "main"',
    'commit: ""',
    'tags: []',
    'files: []',
    'links: []',
    'supersedes: []',
    `source: ${q(e.source)}`,
    '---',
    '',
    e.body.replace(/\r\n?/g, '\n').trim(),
    '',
  ].join('\n');
}

const records = [];
const idOfSource = new Map();
walk(join(SHARED, 'adr')).forEach((file, i) => {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const h = lines.findIndex((l) => /^#\s/.test(l));
  const key = relative(SHARED, file).split('\\').join('/');
  const id = makeId();
  idOfSource.set(key, id);
  records.push({
    id,
    kind: 'corpus',
    key,
    title: h >= 0 ? cleanHeading(lines[h]) : key,
    body: h >= 0 ? [...lines.slice(0, h), ...lines.slice(h + 1)].join('\n') : text,
    created: new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    source: key,
  });
});
const added = [
  ...set.restatements.map((r) => ({ ...r, kind: 'restatement' })),
  ...set.hard_negatives.map((r) => ({ ...r, kind: 'negative' })),
];
for (const [i, r] of added.entries()) {
  if (!idOfSource.has(r.source)) console.warn(`eval-dedup: warning: ${r.id}'s source ${r.source} is not in the corpus`);
  records.push({
    id: makeId(),
    kind: r.kind,
    key: r.id,
    half: Number(r.id.replace(/\D/g, '')) % 2 === 1 ? 'tune' : 'held-out',
    sourceId: idOfSource.get(r.source),
    title: r.title,
    body: r.body,
    created: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    source: 'mcp',
  });
}
const byId = new Map(records.map((r) => [r.id, r]));
const corpusDup = new Set(set.corpus_duplicates.map(([a, b]) => [idOfSource.get(a), idOfSource.get(b)].sort().join(' ')));

const dir = mkdtempSync(join(tmpdir(), 'origin-eval-dedup-'));
let plan;
let seconds;
try {
  const git = (...a) => execFileSync('git', a, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Eval');
  git('config', 'user.email', 'eval@example.com');
  git('config', 'commit.gpgsign', 'false');
  execFileSync(process.execPath, [BIN, 'init', '--no-stage'], { cwd: dir, stdio: 'ignore' });
  mkdirSync(join(dir, '.origin', 'decisions'), { recursive: true });
  for (const r of records) writeFileSync(join(dir, '.origin', 'decisions', `${r.id}.md`), entryText(r));
  git('add', '-A');
  git('commit', '-q', '-m', 'ADR corpus and eval set');
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [BIN, 'refine', '--dry-run', '--json'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`refine failed (${run.status}): ${run.stderr}`);
  plan = JSON.parse(run.stdout);
} finally {
  if (KEEP) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

// ------------------------------------------------------------ scoring

const groupOf = new Map();
const pairs = [];
plan.merges.forEach((m, g) => {
  for (const id of [m.into, ...m.from]) groupOf.set(id, g);
  m.from.forEach((from, k) => {
    pairs.push({ a: m.into, b: from, score: m.scores?.[k] ?? m.score });
  });
});
const suggested = new Set(plan.suggestions.map((s) => [s.a, s.b].sort().join(' ')));
// Pairs the verifier judged duplicates that refine leaves to a person (listed first among the suggestions).
const likely = new Set(plan.suggestions.filter((s) => s.duplicate).map((s) => [s.a, s.b].sort().join(' ')));
const together = (a, b) => groupOf.has(a) && groupOf.get(a) === groupOf.get(b);

function verdict(pair) {
  const [x, y] = [byId.get(pair.a), byId.get(pair.b)];
  const added = x.kind !== 'corpus' ? x : y.kind !== 'corpus' ? y : undefined;
  const other = added === x ? y : x;
  if (x.kind === 'negative' || y.kind === 'negative') return 'negative';
  if (added && other.kind === 'corpus' && added.sourceId === other.id) return 'correct';
  if (x.kind === 'corpus' && y.kind === 'corpus' && corpusDup.has([x.id, y.id].sort().join(' '))) return 'correct';
  return 'false';
}
const judged = pairs.map((p) => ({ ...p, verdict: verdict(p) }));

function figures(half) {
  const inHalf = (r) => half === 'all' || r.half === half;
  const restated = records.filter((r) => r.kind === 'restatement' && inHalf(r));
  const negatives = records.filter((r) => r.kind === 'negative' && inHalf(r));
  const found = restated.filter((r) => together(r.id, r.sourceId));
  const suggestedOnly = restated.filter((r) => !together(r.id, r.sourceId) && suggested.has([r.id, r.sourceId].sort().join(' ')));
  const likelyOnly = restated.filter((r) => !together(r.id, r.sourceId) && likely.has([r.id, r.sourceId].sort().join(' ')));
  const negLikely = negatives.filter((r) => likely.has([r.id, r.sourceId].sort().join(' ')));
  const negWithSource = negatives.filter((r) => together(r.id, r.sourceId));
  const negAny = negatives.filter((r) => groupOf.has(r.id));
  const negSuggested = negatives.filter((r) => suggested.has([r.id, r.sourceId].sort().join(' ')));
  return { restated, negatives, found, suggestedOnly, likelyOnly, negWithSource, negAny, negSuggested, negLikely };
}

const pct = (n, d) => (d ? `${((100 * n) / d).toFixed(1)}%` : '-');
const merged = judged.length;
const correct = judged.filter((p) => p.verdict === 'correct').length;
const negMerged = judged.filter((p) => p.verdict === 'negative').length;
const falsePairs = judged.filter((p) => p.verdict === 'false');

console.log(`eval-dedup: ${records.filter((r) => r.kind === 'corpus').length} corpus records + ${set.restatements.length} restatements + ${set.hard_negatives.length} hard negatives; refine --dry-run took ${seconds.toFixed(2)} s`);
console.log('');
const head = ['half', 'recall (auto)', 'merged', '+held', '+suggested', 'neg merged w/ source', 'neg merged at all', 'neg held', 'neg suggested'];
const rows = ['tune', 'held-out', 'all'].map((half) => {
  const f = figures(half);
  return [
    half,
    pct(f.found.length, f.restated.length),
    `${f.found.length}/${f.restated.length}`,
    `${f.found.length + f.likelyOnly.length}/${f.restated.length}`,
    `${f.found.length + f.suggestedOnly.length}/${f.restated.length}`,
    `${f.negWithSource.length}/${f.negatives.length}`,
    `${f.negAny.length}/${f.negatives.length}`,
    `${f.negLikely.length}/${f.negatives.length}`,
    `${f.negSuggested.length}/${f.negatives.length}`,
  ];
});
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
console.log(line(head));
for (const r of rows) console.log(line(r));
console.log('');
console.log(`automatic merges: ${merged} pairs; correct ${correct}, hard negatives ${negMerged}, false ${falsePairs.length}`);
console.log(`precision: ${pct(correct, merged)}; hard negatives per 80 merged: ${merged ? ((negMerged * 80) / merged).toFixed(2) : '-'}`);
console.log('goals: recall >= 97%, at most 1 hard negative per 80 merged');
if (VERBOSE) {
  const name = (id) => {
    const r = byId.get(id);
    return r.kind === 'corpus' ? r.key.replace(/^adr\//, '') : r.key;
  };
  console.log('\nmissed restatements:');
  for (const r of figures('all').restated.filter((x) => !together(x.id, x.sourceId))) console.log(`  ${r.key}  ${r.title}`);
  console.log('\nmerged hard negatives / false merges:');
  for (const p of judged.filter((x) => x.verdict !== 'correct')) console.log(`  ${p.verdict.padEnd(8)} ${p.score.toFixed(3)}  ${name(p.a)}  <-  ${name(p.b)}`);
}
