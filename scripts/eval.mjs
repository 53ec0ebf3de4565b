// `npm run eval`: the retrieval eval, then the dedup eval (when present).
// Each runs on the set it was tuned on and, reported apart, on the
// independent sets in eval/ (written by helpers who saw neither the ranker
// nor the verifier, nor the tuned sets): how well the tuning generalises.
// Extra judged query files: npm run eval -- --queries a.json --queries b.json
// Extra dedup sets:          npm run eval -- --dedup set.json
// Only the tuned sets and the ones given: npm run eval -- --tuned-only
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './eval-lib.mjs';

const args = process.argv.slice(2);
const pick = (name) => args.flatMap((a, i) => (a === `--${name}` && args[i + 1] ? [`--${name}`, args[i + 1]] : []));
const tunedOnly = args.includes('--tuned-only');
const present = (names) => (tunedOnly ? [] : names.map((n) => join(ROOT, 'eval', n)).filter((f) => existsSync(f)));
const INDEPENDENT_QUERIES = present(['extra-queries.json', 'fresh-queries.json', 'fresh2-queries.json']);
const INDEPENDENT_DEDUP = present(['dedup-extra.json', 'dedup-fresh.json', 'dedup-fresh2.json', 'dedup-fresh3.json']);
const queries = [...INDEPENDENT_QUERIES.flatMap((f) => ['--queries', f]), ...pick('queries')];
const recallArgs = queries.length ? ['--queries', join(ROOT, 'eval', 'recall-queries.json'), ...queries] : [];
console.log('== recall eval ==');
execFileSync(process.execPath, [join(ROOT, 'scripts', 'eval-recall.mjs'), ...recallArgs], { stdio: 'inherit' });
if (existsSync(join(ROOT, 'scripts', 'eval-dedup.mjs'))) {
  console.log('\n== dedup eval ==');
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'eval-dedup.mjs')], { stdio: 'inherit' });
  // Each extra set is evaluated on its own, in a store of its own.
  const sets = [...INDEPENDENT_DEDUP, ...pick('dedup').filter((_, i) => i % 2 === 1)];
  for (const set of sets) {
    console.log('');
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'eval-dedup.mjs'), '--dedup', set], { stdio: 'inherit' });
  }
}
