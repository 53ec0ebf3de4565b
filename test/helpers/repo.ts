import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type SimpleGit, simpleGit } from 'simple-git';
import { afterAll } from 'vitest';

/**
 * Real git repositories in temp folders, driven by simple-git (test fixtures
 * are where its convenience is worth its cost), and the real built CLI
 * spawned as a process.
 */
export const PROJECT_ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');
export const BIN = join(PROJECT_ROOT, 'bin', 'origin.js');

const created: string[] = [];
// Removing a 100k-entry store takes a while on a busy machine.
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}, 300_000);

export interface TestRepo {
  dir: string;
  git: SimpleGit;
  write(path: string, text: string): string;
  read(path: string): string;
  commitAll(message: string): Promise<string>;
}

/** A fresh repository with an identity and one commit on `main`. */
export async function makeRepo(options: { commit?: boolean } = {}): Promise<TestRepo> {
  const dir = mkdtempSync(join(tmpdir(), 'origin-test-'));
  created.push(dir);
  const git = simpleGit(dir);
  await git.init(['--initial-branch=main', '--quiet']);
  await git.addConfig('user.name', 'Ada Tester');
  await git.addConfig('user.email', 'ada@example.com');
  await git.addConfig('commit.gpgsign', 'false');
  // No packing in the background after a big commit: it would still be writing into .git/ when the folder is removed.
  await git.addConfig('gc.auto', '0');
  await git.addConfig('maintenance.auto', 'false');
  const repo: TestRepo = {
    dir,
    git,
    write(path, text) {
      const abs = join(dir, path);
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, text);
      return abs;
    },
    read(path) {
      return readFileSync(join(dir, path), 'utf8');
    },
    async commitAll(message) {
      await git.add(['-A']);
      await git.commit(message);
      return (await git.revparse(['HEAD'])).trim();
    },
  };
  if (options.commit !== false) {
    repo.write('README.md', '# test project\n');
    await repo.commitAll('initial commit');
  }
  return repo;
}

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'origin-test-'));
  created.push(dir);
  return dir;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `origin` CLI as a child process. stdin is closed (/dev/null) unless input is given (after `inputAfterMs`, if set). */
export interface CliOptions {
  cwd: string;
  input?: string;
  inputAfterMs?: number;
  env?: Record<string, string | undefined>;
}

export function origin(args: string[], options: CliOptions): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ORIGIN_AGENT: undefined, ORIGIN_SESSION: undefined, CLAUDECODE: undefined, ...options.env };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: env as NodeJS.ProcessEnv,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr?.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
    const input = options.input;
    if (input !== undefined && child.stdin) {
      // A pipe held open, its input written late (a slow command upstream).
      if (options.inputAfterMs) setTimeout(() => child.stdin?.end(input), options.inputAfterMs);
      else child.stdin.end(input);
    }
  });
}

/** Like `origin`, but fails the test with the CLI's stderr when the exit code is not 0. */
export async function originOk(args: string[], options: CliOptions): Promise<CliResult> {
  const r = await origin(args, options);
  if (r.code !== 0) throw new Error(`origin ${args.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

export async function originJson<T = unknown>(args: string[], options: CliOptions): Promise<T> {
  const r = await originOk([...args, '--json'], options);
  return JSON.parse(r.stdout) as T;
}
