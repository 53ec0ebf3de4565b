// Shared helpers of the eval and bench harnesses: temp git repos, the built
// CLI spawned as a process, medians.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = join(ROOT, 'bin', 'origin.js');
export const CORPUS = resolve(ROOT, '..', 'shared', 'corpus');

export function corpusAvailable() {
  return existsSync(join(CORPUS, 'adr'));
}

export function ensureBuilt() {
  if (!existsSync(join(ROOT, 'dist', 'main.cjs'))) execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
}

export function tempRepo(prefix = 'origin-eval-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const git = (...args) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Eval');
  git('config', 'user.email', 'eval@example.com');
  git('config', 'commit.gpgsign', 'false');
  // A commit of thousands of files triggers git's automatic gc, which by
  // default detaches and packs in the background, in the middle of whatever
  // is measured next (and races the removal of the repo): run it in the
  // foreground instead, while the store is being built.
  git('config', 'gc.autoDetach', 'false');
  return { dir, git, remove: () => rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }) };
}

/** Runs the built CLI; resolves { code, stdout, stderr, ms }. */
export function origin(args, cwd, env = {}) {
  return new Promise((resolvePromise, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
  });
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  return process.argv[i + 1] ?? fallback;
}

export function flag(name) {
  return process.argv.includes(`--${name}`);
}
