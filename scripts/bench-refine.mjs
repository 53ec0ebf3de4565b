#!/usr/bin/env node
// Benchmark of `origin refine` on synthetic stores (1k, 10k, 100k entries).
//
// For each size: writes a store of ~1 KB entries into a fresh git repository
// under the system temp folder, with ~5% planted near-duplicates (reworded,
// not only copy-edited) and ~1% planted hard negatives (same topic and
// wording, opposite decision); then times the BUILT CLI (`node bin/origin.js
// refine --dry-run --json`, then a real `refine`) and scores the plan:
// planted pairs merged, judged duplicates but left to a person (listed first
// among the suggestions: the "held" column) and missed; false merges; hard negatives merged.
//
//   node scripts/bench-refine.mjs [--sizes 1000,10000,100000] [--keep [--generate-only]] [--seed 7] [--generated]
//
// Sentences come from the ADR corpus at ../shared/corpus/adr when present
// (realistic vocabulary), else (or with --generated) from a small template
// generator: a low-diversity store, like one whose entries follow a template,
// where the same topic recurs with different technologies. Build first: npm run build.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'origin.js');
const CORPUS = resolve(ROOT, '..', 'shared', 'corpus', 'adr');

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const SIZES = opt('sizes', '1000,10000,100000').split(',').map(Number).filter((n) => n > 0);
const KEEP = args.includes('--keep');
// Only write the stores (with --keep, to profile refine on them by hand).
const GENERATE_ONLY = args.includes('--generate-only');
const SEED = Number(opt('seed', '7'));
const tty = process.stderr.isTTY === true;
const say = (msg) => {
  if (tty) process.stderr.write(`\r\x1b[2K${msg}`);
};

if (!['main.js', 'main.cjs'].some((f) => existsSync(join(ROOT, 'dist', f)))) {
  console.error('bench-refine: dist/ is missing; run `npm run build` first');
  process.exit(1);
}

// ------------------------------------------------------------ randomness

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
let rand = rng(SEED);
const pick = (list) => list[Math.floor(rand() * list.length)];
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const PREFIX = { decision: 'dec', gotcha: 'gtc', followup: 'fup', context: 'ctx', handoff: 'hnd' };
const DIRS = { decision: 'decisions', gotcha: 'gotchas', followup: 'followups', context: 'context', handoff: 'handoffs' };
const usedIds = new Set();
function newId(type) {
  for (;;) {
    let s = '';
    for (let i = 0; i < 8; i++) s += ALPHABET[Math.floor(rand() * 32)];
    const id = `${PREFIX[type]}-${s}`;
    if (!usedIds.has(id)) {
      usedIds.add(id);
      return id;
    }
  }
}

// ------------------------------------------------------------ vocabulary

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.md')) out.push(p);
  }
  return out;
}

function corpusSentences() {
  if (!existsSync(CORPUS)) return undefined;
  const out = new Set();
  for (const file of walk(CORPUS)) {
    const text = readFileSync(file, 'utf8')
      .replace(/```[\s\S]*?```/g, ' ')
      .replace(/\]\([^)]*\)/g, ']')
      .replace(/https?:\/\/\S+/g, ' ');
    for (const line of text.split('\n')) {
      if (/^\s*(#|\||>|<)/.test(line)) continue;
      for (const s of line.replace(/^\s*[-*\d.]+\s+/, '').split(/(?<=[.!?])\s+/)) {
        const words = s.split(/\s+/).length;
        if (words >= 8 && words <= 40 && /^[A-Z]/.test(s) && /[.!?]$/.test(s) && !/[`|[\]{}]/.test(s)) out.add(s.trim());
      }
    }
  }
  return [...out];
}

function generatedSentences() {
  const subj = ['The team', 'Every service', 'The build', 'Our deploy pipeline', 'The API gateway', 'Each worker', 'The scheduler', 'The cache layer'];
  const verb = ['depends on', 'needs', 'avoids', 'writes to', 'reads from', 'validates', 'retries against', 'is monitored through'];
  const obj = ['the primary database', 'a message queue', 'the object store', 'the audit log', 'a feature flag service', 'the metrics backend', 'an internal registry', 'the secrets manager'];
  const why = ['because latency matters at peak', 'so that failures stay isolated', 'to keep costs predictable', 'since the old setup was fragile', 'which keeps on-call simple', 'as agreed in the last review'];
  const out = [];
  for (const s of subj) for (const v of verb) for (const o of obj) for (const w of why) out.push(`${s} ${v} ${o} ${w}.`);
  return out;
}

const GENERATED = args.includes('--generated');
const SENTENCES = (GENERATED ? undefined : corpusSentences()) ?? generatedSentences();
const TECH = ['PostgreSQL', 'Redis', 'Kafka', 'RabbitMQ', 'Elasticsearch', 'DynamoDB', 'S3', 'Terraform', 'Helm', 'Kustomize', 'Nginx', 'Envoy', 'gRPC', 'GraphQL', 'OpenTelemetry', 'Prometheus', 'Grafana', 'Vault', 'Consul', 'Nomad', 'Kubernetes', 'ECS', 'Lambda', 'CloudFront', 'Fastly', 'Sentry', 'Datadog', 'Jest', 'Vitest', 'Playwright', 'Cypress', 'Webpack', 'esbuild', 'Vite', 'React', 'Preact', 'Svelte', 'Django', 'Rails', 'Flask', 'FastAPI', 'Express', 'Fastify', 'SQLite', 'MySQL', 'MongoDB', 'Cassandra', 'ClickHouse', 'BigQuery', 'Snowflake', 'Airflow', 'Temporal', 'Celery', 'Sidekiq', 'NATS', 'Pulsar', 'Istio', 'Linkerd', 'Traefik', 'Caddy'];
const SYLL = ['kor', 'vex', 'tal', 'mir', 'zan', 'pol', 'qui', 'rend', 'sof', 'bar', 'lun', 'dex', 'nor', 'ith', 'gal', 'wen', 'fyr', 'osk', 'pra', 'tem', 'ulv', 'yar', 'cel', 'dro'];
const PART = ['ledger', 'gateway', 'billing', 'search', 'ingest', 'notifier', 'scheduler', 'exporter', 'auth', 'catalog', 'reports', 'uploads', 'sync', 'inbox', 'webhooks', 'quota'];
const SYNONYMS = [
  [/\bWe will\b/g, 'The team is going to'],
  [/\bwe will\b/g, 'the team is going to'],
  [/\bdecided\b/g, 'chose'],
  [/\bbecause\b/g, 'since'],
  [/\bmust\b/g, 'has to'],
  [/\bneed to\b/g, 'have to'],
  [/\bcurrently\b/g, 'at the moment'],
  [/\bhowever\b/gi, 'but'],
  [/\ballows\b/g, 'lets'],
  [/\bensure\b/g, 'make sure'],
  [/\bprovide\b/g, 'offer'],
  [/\bapplication\b/g, 'app'],
  [/\bconfiguration\b/g, 'config'],
  [/\bimplement\b/g, 'build'],
  [/\brequire\b/g, 'need'],
  [/\bmultiple\b/g, 'several'],
  [/\bin order to\b/g, 'to'],
];

function topicName() {
  return `${pick(SYLL)}${pick(SYLL)}-${pick(PART)}`;
}

function titleFor(type, topic, tech, variant) {
  const t = {
    decision: [`Use ${tech} for ${topic}`, `${topic} runs on ${tech}`, `We chose ${tech} for the ${topic} service`],
    gotcha: [`${topic}: ${tech} times out under load`, `${tech} in ${topic} times out when load spikes`, `Load spikes make ${tech} time out in ${topic}`],
    followup: [`Move ${topic} metrics to ${tech}`, `Follow up: ${topic} metrics should go to ${tech}`, `TODO ship ${topic} metrics into ${tech}`],
    context: [`${topic} is owned by the platform team and uses ${tech}`, `The platform team owns ${topic} (on ${tech})`, `${topic}: platform team, ${tech}`],
    handoff: [`Session on ${topic} and ${tech}`, `Handoff: ${topic} / ${tech}`, `Worked on ${topic}`],
  }[type];
  return t[variant % t.length];
}

function reword(sentence) {
  let s = sentence;
  for (const [re, to] of SYNONYMS) s = s.replace(re, to);
  // Move a trailing clause to the front now and then: same words, new order.
  const comma = s.indexOf(', ');
  if (comma > 20 && rand() < 0.3) s = `${s.slice(comma + 2, -1)}, ${s.slice(0, comma).replace(/^./, (c) => c.toLowerCase())}.`.replace(/^./, (c) => c.toUpperCase());
  return s;
}

// ------------------------------------------------------------ store

function entryText(e) {
  const q = (v) => JSON.stringify(v);
  const list = (k, xs) => (xs.length ? [`${k}:`, ...xs.map((x) => `  - ${q(x)}`)] : [`${k}: []`]);
  return [
    '---',
    `id: ${e.id}`,
    `type: ${e.type}`,
    `title: ${q(e.title)}`,
    `status: ${e.status}`,
    `created: ${q(e.created)}`,
    'author: "Bench"',
    'agent: "bench"',
    'session: ""',
    'branch: "main"',
    'commit: ""',
    ...list('tags', e.tags),
    ...list('files', e.files),
    'links: []',
    'supersedes: []',
    'source: "cli"',
    '---',
    '',
    e.body,
    '',
  ].join('\n');
}

function makeStore(size) {
  rand = rng(SEED * 1000003 + size);
  usedIds.clear();
  const types = ['decision', 'decision', 'decision', 'decision', 'gotcha', 'gotcha', 'followup', 'context', 'context', 'handoff'];
  const STATUS = { decision: 'accepted', gotcha: 'active', followup: 'open', context: 'active', handoff: 'final' };
  const topics = Array.from({ length: Math.max(10, Math.round(size / 8)) }, topicName);
  const entries = [];
  const dupOf = new Map();
  const negOf = new Map();
  const base = Math.round(size * 0.94);
  const t0 = Date.UTC(2024, 0, 1);
  const created = (i) => new Date(t0 + i * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  // Each (type, topic, technology) at most once among the originals: two
  // originals with the same title would be duplicates, not noise.
  const usedTitles = new Set();
  for (let i = 0; i < base; i++) {
    const type = pick(types);
    let topic;
    let tech;
    do {
      topic = pick(topics);
      tech = pick(TECH);
    } while (usedTitles.has(`${type} ${topic} ${tech}`));
    usedTitles.add(`${type} ${topic} ${tech}`);
    const sentences = Array.from({ length: 5 + Math.floor(rand() * 3) }, () => pick(SENTENCES));
    sentences.splice(1, 0, `For ${topic}, the choice is ${tech}.`);
    entries.push({
      id: newId(type),
      type,
      status: STATUS[type],
      title: titleFor(type, topic, tech, 0),
      created: created(i),
      tags: rand() < 0.5 ? [topic.split('-')[1]] : [],
      files: rand() < 0.4 ? [`src/${topic.replace('-', '/')}.ts`] : [],
      body: sentences.join(' '),
      topic,
      tech,
      sentences,
    });
  }
  const candidates = entries.filter((e) => e.type !== 'handoff');
  const nDup = Math.round(size * 0.05);
  for (let k = 0; k < nDup; k++) {
    const b = pick(candidates);
    const heavy = k % 2 === 0;
    const kept = b.sentences.filter(() => rand() < (heavy ? 0.7 : 0.9)).map((s) => (heavy ? reword(s) : s));
    if (kept.length === 0) kept.push(reword(b.sentences[0]));
    if (heavy) kept.push(`In short: ${b.tech} for ${b.topic}.`);
    const e = { ...b, id: newId(b.type), title: titleFor(b.type, b.topic, b.tech, 1 + (k % 2)), created: created(base + k), body: kept.join(' ') };
    entries.push(e);
    dupOf.set(e.id, b.id);
  }
  const nNeg = Math.max(1, Math.round(size * 0.01));
  const decisions = entries.filter((e) => e.type === 'decision' && !dupOf.has(e.id));
  for (let k = 0; k < nNeg; k++) {
    const b = pick(decisions);
    const other = pick(TECH.filter((t) => t !== b.tech));
    const kept = b.sentences.filter((s) => !s.startsWith('For ') && rand() < 0.7);
    const e = {
      ...b,
      id: newId('decision'),
      title: `Do not use ${b.tech} for ${b.topic}; use ${other}`,
      created: created(base + nDup + k),
      body: [`We will not use ${b.tech} for ${b.topic}: ${b.topic} moves to ${other} instead.`, ...kept].join(' '),
    };
    entries.push(e);
    negOf.set(e.id, b.id);
  }
  return { entries, dupOf, negOf };
}

function writeStore(dir, store) {
  const git = (...a) => execFileSync('git', a, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Bench');
  git('config', 'user.email', 'bench@example.com');
  git('config', 'commit.gpgsign', 'false');
  // Automatic gc in the foreground, while the store is built, not in the background during the timings.
  git('config', 'gc.autoDetach', 'false');
  execFileSync(process.execPath, [BIN, 'init', '--no-stage'], { cwd: dir, stdio: 'ignore' });
  for (const d of Object.values(DIRS)) mkdirSync(join(dir, '.origin', d), { recursive: true });
  for (const e of store.entries) {
    const slug = e.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
    writeFileSync(join(dir, '.origin', DIRS[e.type], `${e.id}-${slug}.md`), entryText(e));
  }
  git('add', '-A');
  git('commit', '-q', '-m', 'synthetic store');
}

// ------------------------------------------------------------ measure

/**
 * Waits until the store just written is on disk. Writing 100k entry files
 * and committing them leaves ~200 MB for the kernel to write back, and on
 * this machine's disk other writes crawl while it does (a 65 MB burst took
 * 0.2 s on a quiet disk, 2 s on a busy one): that is the cost of generating
 * the store, not of refining it; and the same goes for the wiki a refine
 * leaves before the next one is timed. (In one pair of runs at 100k, 39.3 s
 * without this and 37.0 s with it: within the machine's noise.) sync(1)
 * flushes the whole system: do not run another benchmark beside this one.
 */
function settleDisk() {
  try {
    execFileSync('sync', { stdio: 'ignore' });
  } catch {
    // No sync(1) here: measure as it is.
  }
}

function runCli(dir, cliArgs) {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [BIN, ...cliArgs], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) reject(new Error(`origin ${cliArgs.join(' ')} exited ${code}: ${err}`));
      else resolvePromise({ seconds, out });
    });
  });
}

function score(store, plan) {
  const groupOf = new Map();
  plan.merges.forEach((m, g) => {
    for (const id of [m.into, ...m.from]) groupOf.set(id, g);
  });
  const root = (id) => store.dupOf.get(id) ?? id;
  let found = 0;
  let likely = 0;
  // Pairs refine judged duplicates but left to a person (listed first among the suggestions).
  const leftToPerson = new Set(plan.suggestions.filter((s) => s.duplicate).map((s) => [s.a, s.b].sort().join(' ')));
  for (const [dup, base] of store.dupOf) {
    if (groupOf.has(dup) && groupOf.get(dup) === groupOf.get(base)) found++;
    else if (leftToPerson.has([dup, base].sort().join(' '))) likely++;
  }
  let falsePairs = 0;
  let negatives = 0;
  for (const m of plan.merges) {
    for (const from of m.from) {
      if (store.negOf.get(from) === m.into || store.negOf.get(m.into) === from) negatives++;
      else if (root(from) !== root(m.into)) falsePairs++;
    }
  }
  return { planted: store.dupOf.size, found, likely, missed: store.dupOf.size - found - likely, falsePairs, negatives, negPlanted: store.negOf.size, suggestions: plan.suggestions.length };
}

// A fixed CPU and memory workload (sorting, a Map of strings, as refine does), timed in a fresh process:
// refine's targets are seconds, so a slow moment of a shared machine shows here as much as in refine.
const REFERENCE = `const t=performance.now();const a=new Float64Array(2e6);for(let i=0;i<a.length;i++)a[i]=Math.sin(i*7.1);a.sort();const m=new Map();for(let i=0;i<2e6;i++){const k='k'+(i%60000);m.set(k,(m.get(k)??0)+1)}let s='';for(let i=0;i<2e5;i++)s+=String.fromCharCode(97+(i%26));console.log(performance.now()-t+s.length*0)`;
function reference() {
  const runs = [0, 1, 2].map(() => Number(execFileSync(process.execPath, ['-e', REFERENCE], { encoding: 'utf8' })));
  return runs.sort((x, y) => x - y)[1];
}
const referenceBefore = GENERATE_ONLY ? 0 : reference();

const rows = [];
for (const size of SIZES) {
  say(`${size}: generating...`);
  const store = makeStore(size);
  const dir = mkdtempSync(join(tmpdir(), `origin-bench-refine-${size}-`));
  try {
    say(`${size}: writing ${store.entries.length} entries and committing...`);
    writeStore(dir, store);
    if (GENERATE_ONLY) continue;
    settleDisk();
    say(`${size}: refine --dry-run --json...`);
    const dry = await runCli(dir, ['refine', '--dry-run', '--json']);
    const plan = JSON.parse(dry.out);
    say(`${size}: refine (merge + wiki)...`);
    const real = await runCli(dir, ['refine', '--json']);
    settleDisk();
    say(`${size}: refine again (no-op)...`);
    const again = await runCli(dir, ['refine', '--json']);
    const second = JSON.parse(again.out);
    const idle = second.merges.length === 0 && second.wiki.changed.length === 0 && second.wiki.removed.length === 0;
    rows.push({ size, dry: dry.seconds, real: real.seconds, again: again.seconds, idle, ...score(store, plan) });
  } finally {
    if (!KEEP) rmSync(dir, { recursive: true, force: true });
    else process.stderr.write(`\nkept ${dir}\n`);
  }
}
say('');

const head = ['entries', 'dry-run s', 'refine s', 'again s', 'planted', 'merged', 'held', 'missed', 'false', 'neg merged', 'suggested', 'idempotent'];
const table = rows.map((r) => [
  r.size,
  r.dry.toFixed(2),
  r.real.toFixed(2),
  r.again.toFixed(2),
  r.planted,
  r.found,
  r.likely,
  r.missed,
  r.falsePairs,
  `${r.negatives}/${r.negPlanted}`,
  r.suggestions,
  r.idle ? 'yes' : 'NO',
]);
const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => String(row[i]).length)));
const line = (cells) => cells.map((c, i) => String(c).padStart(widths[i])).join('  ');
console.log(`sentences: ${existsSync(CORPUS) && !GENERATED ? 'ADR corpus' : 'generated'}; targets for origin refine (the "refine s" column): <= 3 s at 10k, <= 30 s at 100k`);
console.log(line(head));
for (const row of table) console.log(line(row));
if (!GENERATE_ONLY) {
  // The same workload before and after: a machine that slowed down (or sped up) during the run shows here.
  console.log(`reference workload (median of 3, a fresh node process): ${referenceBefore.toFixed(0)} ms before the runs, ${reference().toFixed(0)} ms after; refine times move with it`);
}
