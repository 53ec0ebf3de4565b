#!/usr/bin/env node
// The `origin` command: a shim over the bundled CLI (built by `npm install`).
// CommonJS (see bin/package.json): requiring CommonJS bundles skips the ESM
// loader, which costs every run about 10 ms. dist/boot.cjs adds a V8 code
// cache for the bundles, then runs dist/main.cjs.
let boot;
try {
  boot = require('../dist/boot.cjs').boot;
} catch (err) {
  process.stderr.write(`origin: cannot load dist/boot.cjs (${err.message}); run \`npm install\` or \`npm run build\` in the origin package\n`);
  process.exitCode = 1;
}
if (boot) boot();
