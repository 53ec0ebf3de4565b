#!/usr/bin/env node
// The `origin` command: a shim over the bundled CLI (built by `npm install`).
import('../dist/main.js').then(
  (m) => m.main(),
  (err) => {
    process.stderr.write(`origin: cannot load dist/main.js (${err.message}); run \`npm install\` or \`npm run build\` in the origin package\n`);
    process.exitCode = 1;
  },
);
