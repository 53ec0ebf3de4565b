// `npm run eval`: the retrieval eval, then the dedup eval (when present).
// Extra judged query files: npm run eval -- --queries a.json --queries b.json
// Extra dedup sets:          npm run eval -- --dedup set.json
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './eval-lib.mjs';

const args = process.argv.slice(2);
const pick = (name) => args.flatMap((a, i) => (a === `--${name}` && args[i + 1] ? [`--${name}`, args[i + 1]] : []));
const queries = pick('queries');
const recallArgs = queries.length ? ['--queries', join(ROOT, 'eval', 'recall-queries.json'), ...queries] : [];
console.log('== recall eval ==');
execFileSync(process.execPath, [join(ROOT, 'scripts', 'eval-recall.mjs'), ...recallArgs], { stdio: 'inherit' });
if (existsSync(join(ROOT, 'scripts', 'eval-dedup.mjs'))) {
  console.log('\n== dedup eval ==');
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'eval-dedup.mjs')], { stdio: 'inherit' });
  // Each extra set is evaluated on its own, in a store of its own.
  for (let i = 1; i < pick('dedup').length; i += 2) {
    console.log('');
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'eval-dedup.mjs'), '--dedup', pick('dedup')[i]], { stdio: 'inherit' });
  }
}
