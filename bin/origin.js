#!/usr/bin/env node
// The `origin` command: a shim over the bundled CLI (built by `npm install`).
// CommonJS (see bin/package.json): requiring CommonJS bundles skips the ESM
// loader, which costs every run about 10 ms.
let cli;
try {
  cli = require('../dist/main.cjs');
} catch (err) {
  process.stderr.write(`origin: cannot load dist/main.cjs (${err.message}); run \`npm install\` or \`npm run build\` in the origin package\n`);
  process.exitCode = 1;
}
if (cli) cli.main();
