// Bundles src/ into dist/ with esbuild, shaped for fast startup:
//   dist/main.cjs           the CLI surface (commander) and error mapping
//   dist/commands/<x>.cjs   one self-contained bundle per command, required
//                           lazily by main.cjs: a command loads exactly two files
//   dist/errors.cjs         shared, so `instanceof OriginError` holds across bundles
//   dist/refine-worker.cjs  refine's worker thread (big stores)
//   dist/api.js (+errors.js) the programmatic API, ESM (eval and bench harnesses)
// (Measured: bundling cut commander+yaml+search imports from +43 ms to +13 ms;
// one bundle per command avoids resolving a dozen shared chunks per run; the
// CLI as CommonJS, required from a CommonJS bin, skips the ESM loader: -11 ms
// on every `start` and `recall`.)
import { readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(new URL('..', import.meta.url).pathname);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const errorsSource = join(root, 'src', 'errors.ts');
// Build into a fresh folder and swap it in, so a process running the CLI
// (a test, a bench) during a rebuild never finds dist/ half-written.
const out = join(root, `dist.build-${process.pid}`);
rmSync(out, { recursive: true, force: true });

/** Keeps src/errors.ts out of a bundle, pointing at dist/errors.js from where the bundle lands. */
const sharedErrors = (fromOutput) => ({
  name: 'shared-errors',
  setup(b) {
    b.onResolve({ filter: /errors\.js$/ }, (args) => {
      const target = resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
      return target === errorsSource ? { path: fromOutput, external: true } : undefined;
    });
  },
});

/** main.cjs requires each command bundle lazily instead of inlining it. */
const lazyCommands = {
  name: 'lazy-commands',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/[\w-]+\.js$/ }, (args) => ({ path: args.path.replace(/\.js$/, '.cjs'), external: true }));
  },
};

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  // Smaller source parses faster: startup is what users feel. Sourcemaps keep stack traces readable.
  // ORIGIN_NO_MINIFY=1 keeps names readable in CPU profiles (--cpu-prof).
  minify: !process.env.ORIGIN_NO_MINIFY,
  keepNames: true,
  logLevel: 'warning',
  define: { __ORIGIN_VERSION__: JSON.stringify(pkg.version) },
  // CommonJS dependencies (gray-matter, lazily required yaml) call require().
  banner: { js: "import { createRequire as __originCreateRequire } from 'node:module'; const require = __originCreateRequire(import.meta.url);" },
};

/**
 * Bundles of our own code only, whose loops run millions of times: without
 * keepNames. keepNames wraps every closure in a call that defines its name
 * property each time the closure is created; refine's stance analysis creates
 * a few per text, and at 100k entries that was ~0.3 s of a refine. Nothing
 * in these bundles reads a function's or class's name (errors set theirs
 * explicitly); only their stack traces show minified names.
 */
const hotLoops = { keepNames: false };
const HOT_COMMANDS = new Set(['refine.ts']);

const commands = readdirSync(join(root, 'src', 'commands'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => join(root, 'src', 'commands', f));

// The CLI: CommonJS, with import() turned into require() and import.meta.url
// into the file's own URL.
const cjs = {
  ...common,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  supported: { 'dynamic-import': false },
  banner: { js: "const __originImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { ...common.define, 'import.meta.url': '__originImportMetaUrl' },
};

await Promise.all([
  build({ ...common, entryPoints: [errorsSource], outdir: out }),
  build({ ...cjs, entryPoints: [errorsSource], outdir: out }),
  build({ ...cjs, entryPoints: [join(root, 'src', 'main.ts')], outdir: out, plugins: [sharedErrors('./errors.cjs'), lazyCommands] }),
  // refine's worker thread (src/threads/refine-threads.ts starts it for big stores).
  build({ ...cjs, ...hotLoops, entryPoints: [join(root, 'src', 'threads', 'refine-worker.ts')], outfile: join(out, 'refine-worker.cjs'), plugins: [sharedErrors('./errors.cjs')] }),
  // The loader bin/origin.js requires: a V8 code cache for the bundles, then main.cjs.
  build({ ...cjs, entryPoints: [join(root, 'src', 'boot.ts')], outdir: out, external: ['./main.cjs'], banner: {}, define: common.define, plugins: [sharedErrors('./errors.cjs')] }),
  build({ ...common, entryPoints: [join(root, 'src', 'api.ts')], outdir: out, plugins: [sharedErrors('./errors.js')] }),
  build({ ...cjs, entryPoints: commands.filter((f) => !HOT_COMMANDS.has(basename(f))), outdir: join(out, 'commands'), plugins: [sharedErrors('../errors.cjs')] }),
  build({ ...cjs, ...hotLoops, entryPoints: commands.filter((f) => HOT_COMMANDS.has(basename(f))), outdir: join(out, 'commands'), plugins: [sharedErrors('../errors.cjs')] }),
]);

const old = join(root, `dist.old-${process.pid}`);
try {
  renameSync(join(root, 'dist'), old);
} catch {
  // no previous build
}
renameSync(out, join(root, 'dist'));
rmSync(old, { recursive: true, force: true });
