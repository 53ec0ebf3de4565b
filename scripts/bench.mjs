// `npm run bench`: whole-process timings of the real CLI on synthetic stores
// in real git repositories, as ratios to bare `node -e 0` measured in the
// same run (this machine is noisy: medians of interleaved runs).
//
//   node scripts/bench.mjs [--sizes 1000,10000,100000] [--runs 9] [--no-refine]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ROOT, arg, ensureBuilt, flag, median, tempRepo } from './eval-lib.mjs';
import { buildStore } from './synth-store.mjs';

ensureBuilt();
// Measure a snapshot of the built package, so a rebuild during a long run cannot change what is measured.
const SNAP = mkdtempSync(join(tmpdir(), 'origin-bench-pkg-'));
for (const part of ['bin', 'dist', 'templates', 'package.json', 'node_modules']) cpSync(join(ROOT, part), join(SNAP, part), { recursive: true, dereference: false, verbatimSymlinks: true });
const BIN = join(SNAP, 'bin', 'origin.js');
// The V8 code cache of the bundles (dist/.compile-cache) is written by the
// first run after an install; cold runs start without it, as after a fresh clone.
const COMPILE_CACHE = join(SNAP, 'dist', '.compile-cache');
rmSync(COMPILE_CACHE, { recursive: true, force: true });
const sizes = arg('sizes', '1000,10000,100000').split(',').map(Number).filter(Boolean);
const runs = Number(arg('runs', '9'));
const QUERIES = ['which database did we pick and why', 'deploy pipeline timeout', 'auth token rotation'];

function timeOnce(cmd, args, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

function peakRssMb(args, cwd) {
  if (!existsSync('/usr/bin/time')) return undefined;
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const kb = Number(r.stderr.trim().split('\n').pop());
  return Number.isFinite(kb) ? kb / 1024 : undefined;
}

const node0 = () => timeOnce(process.execPath, ['-e', '0'], ROOT).ms;
const fmt = (ms, base) => `${ms.toFixed(0).padStart(6)} ms ${(ms / base).toFixed(2).padStart(5)}x`;

// --version against bare node.
{
  const n = [];
  const v = [];
  for (let i = 0; i < runs * 2; i++) {
    n.push(node0());
    v.push(timeOnce(process.execPath, [BIN, '--version'], ROOT).ms);
  }
  const base = median(n);
  console.log(`node -e 0: ${base.toFixed(1)} ms (median of ${n.length})`);
  console.log(`origin --version: ${fmt(median(v), base)}   (target <= 1.3x)`);
}

const rows = [];
for (const size of sizes) {
  const repo = tempRepo('origin-bench-');
  try {
    repo.git('commit', '-q', '--allow-empty', '-m', 'init');
    const t0 = Date.now();
    const facts = await buildStore(repo.dir, size);
    const buildMs = Date.now() - t0;
    // Let the kernel write back the files just created before timing: a store
    // is not being written wholesale when someone runs `start` on it, and the
    // writeback of 100k new files slows every read and lstat meanwhile.
    if (process.platform !== 'win32') spawnSync('sync');
    repo.git('commit', '-q', '--allow-empty', '-m', 'work after the last handoff');
    const cache = join(repo.dir, '.origin', '.cache');
    // Cold: no cache, as on the first run after a fresh clone.
    rmSync(cache, { recursive: true, force: true });
    rmSync(COMPILE_CACHE, { recursive: true, force: true });
    const coldStart = timeOnce(process.execPath, [BIN, 'start'], repo.dir).ms;
    rmSync(cache, { recursive: true, force: true });
    rmSync(COMPILE_CACHE, { recursive: true, force: true });
    const coldRecall = timeOnce(process.execPath, [BIN, 'recall', QUERIES[0]], repo.dir).ms;
    const n = [];
    const s = [];
    const r = [];
    for (let i = 0; i < runs; i++) {
      n.push(node0());
      // The real command: it records the session start, as an agent's `origin start` does.
      s.push(timeOnce(process.execPath, [BIN, 'start'], repo.dir).ms);
      r.push(timeOnce(process.execPath, [BIN, 'recall', QUERIES[i % QUERIES.length]], repo.dir).ms);
    }
    const base = median(n);
    const briefing = JSON.parse(timeOnce(process.execPath, [BIN, 'start', '--no-record', '--json'], repo.dir).stdout);
    const shown = new Set(briefing.followups.map((f) => f.id));
    const allOpen = facts.openFollowups.every((id) => shown.has(id)) && briefing.omitted.followups === 0;
    const handoffOk = briefing.handoff?.id === facts.newestHandoff.main;
    const rss = size >= 100000 ? peakRssMb(['recall', QUERIES[1]], repo.dir) : undefined;
    rows.push({ size, base, start: median(s), recall: median(r), coldStart, coldRecall, tokens: briefing.tokens, budget: briefing.budget, allOpen, handoffOk, open: facts.openFollowups.length, rss, buildMs });
    const last = rows.at(-1);
    console.log(
      `\n${size} entries (store built in ${(buildMs / 1000).toFixed(1)} s; node -e 0 = ${base.toFixed(1)} ms)\n` +
        `  start  warm ${fmt(last.start, base)}   cold ${fmt(coldStart, base)}   target ${size >= 100000 ? '10x' : size >= 10000 ? '2x' : '-'}\n` +
        `  recall warm ${fmt(last.recall, base)}   cold ${fmt(coldRecall, base)}\n` +
        `  briefing ${briefing.tokens}/${briefing.budget} tokens; newest handoff ${handoffOk ? 'present' : 'MISSING'}; ${facts.openFollowups.length} open follow-ups ${allOpen ? 'all present' : 'NOT all present'}` +
        (rss ? `\n  recall peak RSS ${rss.toFixed(0)} MB (target <= 500)` : ''),
    );
  } finally {
    repo.remove();
  }
}

console.log('\nsize     start(x)  recall(x)  cold start  cold recall  tokens');
for (const r of rows) {
  console.log(`${String(r.size).padEnd(8)} ${(r.start / r.base).toFixed(2).padStart(7)}  ${(r.recall / r.base).toFixed(2).padStart(8)}  ${(r.coldStart / 1000).toFixed(2).padStart(8)} s  ${(r.coldRecall / 1000).toFixed(2).padStart(9)} s  ${r.tokens}/${r.budget}`);
}

if (!flag('no-refine') && existsSync(join(ROOT, 'scripts', 'bench-refine.mjs'))) {
  console.log('\n== refine ==');
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'bench-refine.mjs'), '--sizes', sizes.join(',')], { stdio: 'inherit' });
}
