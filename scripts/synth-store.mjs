// Builds a realistic synthetic memory store in a real git repository, for
// benchmarks: ~1 KB bodies made of sentences from the ADR corpus (or
// generated text when the corpus is absent), a mix of types, anchors to code
// files, a history of handoffs on two branches, some open follow-ups.
// Files are written with the real serialiser (dist/api.js) and committed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, ROOT, corpusAvailable } from './eval-lib.mjs';

const DIRS = { handoff: 'handoffs', decision: 'decisions', gotcha: 'gotchas', followup: 'followups', context: 'context' };
const PREFIX = { handoff: 'hnd', decision: 'dec', gotcha: 'gtc', followup: 'fup', context: 'ctx' };
const ALPHA = '0123456789abcdefghjkmnpqrstvwxyz';

export function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function textPool() {
  const sentences = [];
  const titles = [];
  if (corpusAvailable()) {
    for (const repo of readdirSync(join(CORPUS, 'adr'))) {
      for (const f of readdirSync(join(CORPUS, 'adr', repo))) {
        const text = readFileSync(join(CORPUS, 'adr', repo, f), 'utf8');
        const h = /^#\s+(.+)$/m.exec(text);
        if (h) titles.push(h[1].replace(/^[\d.\s-]+/, '').trim());
        for (const s of text.replace(/```[\s\S]*?```/g, ' ').replace(/[#*`>|_-]/g, ' ').replace(/\s+/g, ' ').split(/(?<=[.!?])\s+/)) {
          if (s.length > 40 && s.length < 260) sentences.push(s.trim());
        }
      }
    }
  }
  if (sentences.length < 100) {
    const words = 'cache index query service deploy cluster token budget handoff branch merge commit schema migration database queue worker retry timeout config secret logging metrics alert build test lint release api client server session'.split(' ');
    const r = rng(7);
    for (let i = 0; i < 5000; i++) {
      const n = 8 + Math.floor(r() * 14);
      const w = Array.from({ length: n }, () => words[Math.floor(r() * words.length)]);
      sentences.push(`${w.join(' ')}.`.replace(/^./, (c) => c.toUpperCase()));
      if (i < 800) titles.push(w.slice(0, 5).join(' '));
    }
  }
  return { sentences, titles };
}

/**
 * Writes `size` entries into repo `dir` (already a git repo with a commit)
 * and commits them. Returns facts the bench checks the briefing against.
 */
export async function buildStore(dir, size, { seed = 42, openFollowups = Math.min(50, Math.ceil(size * 0.03)) } = {}) {
  const api = await import(join(ROOT, 'dist', 'api.js'));
  const r = rng(seed);
  const { sentences, titles } = textPool();
  const pick = (arr) => arr[Math.floor(r() * arr.length)];
  const codeFiles = Array.from({ length: 400 }, (_, i) => `src/${pick(['api', 'db', 'auth', 'ui', 'jobs', 'infra'])}/${pick(['index', 'client', 'schema', 'routes', 'worker', 'config'])}${i % 40}.ts`);
  const mix = [
    ['decision', 0.3],
    ['gotcha', 0.22],
    ['context', 0.15],
    ['followup', 0.25],
    ['handoff', 0.08],
  ];
  for (const d of Object.values(DIRS)) mkdirSync(join(dir, '.origin', d), { recursive: true });
  writeFileSync(join(dir, '.origin', 'config.yml'), 'format: 1\nbudget: 2000\nautoCommit: false\n');
  writeFileSync(join(dir, '.origin', '.gitignore'), '.cache/\nwiki/\n');
  const start = Date.parse('2024-01-01T00:00:00Z');
  const span = Date.parse('2026-11-01T00:00:00Z') - start;
  let opened = 0;
  const facts = { openFollowups: [], newestHandoff: { main: null, feature: null } };
  const followupIdx = [];
  const rows = [];
  for (let i = 0; i < size; i++) {
    let x = r();
    let type = 'decision';
    for (const [t, p] of mix) {
      if (x < p) {
        type = t;
        break;
      }
      x -= p;
    }
    let id = `${PREFIX[type]}-`;
    for (let k = 0; k < 8; k++) id += ALPHA[Math.floor(r() * 32)];
    const created = new Date(start + (span * i) / size).toISOString().replace(/\.\d{3}Z$/, 'Z');
    let body = '';
    while (body.length < 900) body += `${pick(sentences)} `;
    const title = type === 'handoff' ? `Session: ${pick(titles)}`.slice(0, 100) : pick(titles).slice(0, 110);
    const branch = type === 'handoff' && r() < 0.3 ? 'feature/search' : 'main';
    const entry = {
      id,
      type,
      title,
      status: type === 'followup' ? 'done' : type === 'decision' ? (r() < 0.1 ? 'deprecated' : 'accepted') : type === 'handoff' ? 'final' : 'active',
      created,
      author: pick(['Ada', 'Grace', 'Linus', 'Barbara']),
      agent: pick(['claude-code', 'codex', 'cursor', 'human']),
      session: `2026-01-01-${id.slice(4, 10)}`,
      branch,
      commit: '',
      tags: r() < 0.6 ? [pick(['db', 'auth', 'ci', 'infra', 'ui', 'perf', 'security', 'api'])] : [],
      files: r() < 0.7 ? [pick(codeFiles)] : [],
      links: [],
      supersedes: [],
      source: 'cli',
      extra: {},
      body: type === 'handoff' ? `## Summary\n\n${body.trim()}\n\n## Open threads / next steps\n\n- ${pick(sentences)}\n- ${pick(sentences)}\n` : body.trim(),
    };
    if (type === 'followup') followupIdx.push(rows.length);
    if (type === 'handoff') facts.newestHandoff[branch === 'main' ? 'main' : 'feature'] = id;
    rows.push(entry);
  }
  // The newest follow-ups are the open ones (older ones were resolved).
  for (const idx of followupIdx.slice(-openFollowups)) {
    rows[idx].status = 'open';
    facts.openFollowups.push(rows[idx].id);
    opened++;
  }
  const git = (...args) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  const head = git('rev-parse', 'HEAD').trim();
  for (const e of rows) {
    if (e.type === 'handoff') e.commit = head;
    const slug = e.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 48) || 'entry';
    writeFileSync(join(dir, '.origin', DIRS[e.type], `${e.id}-${slug}.md`), api.serializeEntry(e));
  }
  for (const f of codeFiles.slice(0, 40)) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), `// ${f}\n`);
  }
  git('add', '-A');
  git('commit', '-q', '-m', `synthetic store of ${size} entries`);
  return { ...facts, opened, size };
}
