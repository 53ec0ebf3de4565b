import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { basename, dirname, join, sep } from 'node:path';
import { Script } from 'node:vm';
import { startEarlyGit } from './git/early.js';

/**
 * The CLI's loader: requires dist/main.cjs with a V8 code cache for our own
 * bundles, so a run does not parse and compile ~150 KB of JavaScript again
 * (measured: -10 ms of a ~120 ms `origin start` at 10k entries). Node 22 has
 * this built in (module.enableCompileCache); Node 20, which we support, has
 * not, and the v8-compile-cache package measured slower than none here (it
 * hooks every module and loads more than it saves).
 *
 * The cache lives in dist/.compile-cache/, written once after a run that
 * found none (or found one V8 rejected), atomically, and never where it
 * cannot write (a read-only install just runs uncached). A rebuild replaces
 * dist/ whole, cache included; the file size and mtime in each cache file's
 * name guard against a bundle edited in place, since V8 itself checks only
 * the source length.
 */
export function boot(): void {
  // git status first: `start` and `recall` wait on it, and it runs while
  // everything below loads (started here rather than in main.cjs, it begins
  // ~8 ms sooner, which is ~8 ms off those commands at 10k entries).
  startEarlyGit(process.argv.slice(2), process.cwd(), process.env);
  if (!process.env.ORIGIN_NO_COMPILE_CACHE) installCompileCache(__dirname);
  let cli: { main(): Promise<void> };
  try {
    cli = require('./main.cjs');
  } catch (err) {
    process.stderr.write(`origin: cannot load dist/main.cjs (${String((err as Error).message).split("\n")[0]}); run \`npm install\` or \`npm run build\` in the origin package\n`);
    process.exitCode = 1;
    return;
  }
  cli.main();
}

type Compile = (this: Module, content: string, filename: string) => unknown;

function installCompileCache(distDir: string): void {
  const proto = Module.prototype as unknown as { _compile: Compile };
  const original = proto._compile;
  const cacheDir = join(distDir, '.compile-cache');
  const toWrite: { path: string; script: Script }[] = [];
  proto._compile = function compileWithCache(content, filename) {
    if (!filename.startsWith(distDir + sep) || !filename.endsWith('.cjs')) return original.call(this, content, filename);
    const path = join(cacheDir, cacheName(filename, content.length));
    const cachedData = readIfPresent(path);
    const script = new Script(Module.wrap(content), { filename, cachedData });
    if (!cachedData || script.cachedDataRejected) {
      if (toWrite.length === 0) process.once('exit', () => writeCaches(cacheDir, toWrite));
      toWrite.push({ path, script });
    }
    const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return fn.call(this.exports, this.exports, Module.createRequire(filename), this, filename, dirname(filename));
  };
}

/** bundle name, size, mtime and node version: a cache is used only for the exact file it was made from. */
function cacheName(filename: string, length: number): string {
  let mtime = 0;
  try {
    mtime = Math.floor(statSync(filename).mtimeMs);
  } catch {
    // unreadable: the name still carries the length
  }
  return `${basename(filename)}-${length}-${mtime}-${process.version}.v8`;
}

function readIfPresent(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

// Written at exit, so the cache holds every function that first run compiled
// (V8 compiles lazily; a cache made before running holds only the top level).
// A cache V8 accepts is kept as it is: main.cjs's, written by whichever
// command ran first, may lack what other commands compile (they compile it
// lazily, as without a cache); a command's own bundle is only ever cached
// by that command.
function writeCaches(cacheDir: string, scripts: { path: string; script: Script }[]): void {
  try {
    mkdirSync(cacheDir, { recursive: true });
    for (const { path, script } of scripts) {
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, path);
    }
  } catch {
    // A read-only install runs uncached; nothing to report.
  }
}
