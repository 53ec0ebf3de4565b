import { describe, expect, it } from 'vitest';
import { isNumberedRecordFile } from '../src/core/adr.js';
import { stem } from '../src/core/text.js';
import type { EntryType, StoredEntry } from '../src/core/types.js';
import { analyse } from '../src/refine/analyse.js';
import { candidatePairs } from '../src/refine/candidates.js';
import { decisionText } from '../src/refine/decision-text.js';
import { bySuggestion, markedDistinct, planRefine, type Suggestion } from '../src/refine/plan.js';
import { refineEntries } from '../src/refine/refine.js';
import { mergeRounds } from '../src/refine/rounds.js';
import { stanceOf } from '../src/refine/stance.js';
import { TENTATIVE, Verifier } from '../src/refine/verify.js';
import { storedEntry } from './helpers/entries.js';

let serial = 0;
function entry(title: string, body: string, fields: Partial<StoredEntry> = {}): StoredEntry {
  const type: EntryType = fields.type ?? 'decision';
  const id = fields.id ?? `${{ decision: 'dec', gotcha: 'gtc', followup: 'fup', context: 'ctx', handoff: 'hnd' }[type]}-${(serial++).toString(32).padStart(8, '0')}`;
  return storedEntry({ id, type, title, body, created: `2026-01-${String(10 + (serial % 18)).padStart(2, '0')}T10:00:00Z`, path: `.origin/${type}s/${id}.md`, ...fields });
}

// Unrelated entries, so that idf has something to weigh against.
const BACKGROUND = [
  entry('Use PostgreSQL for persistence', 'We need transactions and relational queries, so the service stores its data in PostgreSQL.'),
  entry('Deploy with GitHub Actions', 'Every merge to main builds the container and deploys it to staging with GitHub Actions.'),
  entry('Feature flags live in LaunchDarkly', 'Product toggles are managed in LaunchDarkly so that releases and launches are decoupled.'),
  entry('Log in JSON to stdout', 'Services write structured JSON logs to stdout; the platform ships them to the log store.'),
  entry('Pin Node to the LTS release', 'The runtime is pinned to the current Node LTS in .nvmrc and in the Dockerfile.'),
  entry('pgbouncer drops prepared statements', 'In transaction pooling mode pgbouncer does not keep prepared statements between transactions.', { type: 'gotcha' }),
];

const SHIELD = entry(
  'Buy AWS Shield Advanced for the public endpoints',
  'We will subscribe to AWS Shield Advanced to protect the public load balancers and CloudFront distributions against DDoS attacks. The DDoS response team and the cost protection justify the monthly fee.',
);
const SHIELD_RESTATED = entry(
  'Public endpoints are protected by Shield Advanced',
  'Our public load balancers and CloudFront distributions get AWS Shield Advanced against DDoS attacks. Its response team and cost protection are worth the monthly fee.',
);
const SHIELD_STANDARD = entry(
  'Shield Standard is enough for the public endpoints',
  'We decided that AWS Shield Standard, which is free and always on, is enough to protect the public load balancers and CloudFront distributions against DDoS attacks. We will not buy Shield Advanced: the monthly fee is not justified for our traffic.',
);

function judgeIn(entries: StoredEntry[], a: StoredEntry, b: StoredEntry) {
  const verifier = new Verifier(analyse(entries), entries);
  const judged = verifier.judge(entries.indexOf(a), entries.indexOf(b));
  if (!judged) throw new Error(`${a.id} and ${b.id} are unrelated`);
  return judged;
}

describe('refine verifier', () => {
  it('accepts a restatement of the same decision in other words', () => {
    const store = [...BACKGROUND, SHIELD, SHIELD_RESTATED];
    expect(judgeIn(store, SHIELD, SHIELD_RESTATED).verdict).toBe('duplicate');
  });

  it('accepts restatements of a short decision', () => {
    const a = entry('Use Redis for the session cache', 'Sessions are cached in Redis with a one hour TTL.');
    const b = entry('Session cache: Redis', 'We cache sessions in Redis; entries expire after one hour.');
    expect(judgeIn([...BACKGROUND, a, b], a, b).verdict).toBe('duplicate');
  });

  it('rejects the same topic with the opposite decision (Shield Advanced vs Standard)', () => {
    const store = [...BACKGROUND, SHIELD, SHIELD_STANDARD];
    const judged = judgeIn(store, SHIELD, SHIELD_STANDARD);
    expect(judged.verdict).not.toBe('duplicate');
    expect(judged.reason).toMatch(/disagree|different decisions/);
  });

  it('rejects "keep X" against "replace X"', () => {
    const a = entry('Replace Jest with Vitest in forms-admin', 'We will swap Jest for Vitest for the forms-admin JavaScript tests so that they run in the Vite build pipeline.');
    const b = entry('Stay on Jest for forms-admin tests', 'We will keep Jest for the forms-admin JavaScript tests, in their own pipeline, even though the build is Vite based.');
    expect(judgeIn([...BACKGROUND, a, b], a, b).verdict).not.toBe('duplicate');
  });

  it('rejects a choice of the alternative the other entry rules out', () => {
    const a = entry('Use Helm for application packaging', 'We will use Helm charts to package every application for Kubernetes, with one values file per environment.');
    const b = entry('Use Kustomize, not Helm, for application packaging', 'Every application for Kubernetes is packaged with Kustomize overlays, one per environment, rather than Helm charts.');
    expect(judgeIn([...BACKGROUND, a, b], a, b).verdict).not.toBe('duplicate');
  });

  it('keeps a faithful restatement of a negative decision (same polarity on both sides)', () => {
    const a = entry('No ECR lifecycle policy', 'We will not add a lifecycle policy to the ECR repositories; instead we alert when image counts grow.');
    const b = entry('ECR repositories have no lifecycle policy', 'There is no lifecycle policy on our ECR repositories. Alerts on image counts replace it.');
    expect(judgeIn([...BACKGROUND, a, b], a, b).verdict).toBe('duplicate');
  });

  it('keeps a restatement of a decision that removes a list of things', () => {
    const a = entry(
      'Simplify the schema model',
      'Type extension and attribute inheritance do not provide benefits proportional to their cost. We will remove all concept of supertypes, subtypes and attribute inheritance from the schema model, which stays flat.',
    );
    const b = entry('The schema model drops attribute inheritance', 'Supertypes, subtypes and attribute inheritance are gone from the schema model: it stays flat, since their benefits were not worth the cost.');
    expect(judgeIn([...BACKGROUND, a, b], a, b).verdict).toBe('duplicate');
  });

  it('rejects parallel titles that each name their own choice, however alike the bodies', () => {
    const body = (tool: string) =>
      `The ledger service needs a cache in front of its database. Reads are hot and writes are rare, so most requests never reach the database. For the ledger, the choice is ${tool}. We will run it as a managed service with a one hour TTL and alert when the hit rate drops.`;
    const redis = entry('Use Redis for the ledger cache', body('Redis'));
    const memcached = entry('Use Memcached for the ledger cache', body('Memcached'));
    const judged = judgeIn([...BACKGROUND, redis, memcached], redis, memcached);
    expect(judged.verdict).toBe('similar');
    expect(judged.reason).toMatch(/titles name different things: \w+ \/ \w+$/);
    expect(judged.reason).toMatch(/\bredis\b/);
    expect(judged.reason).toMatch(/\bmemcached\b/);
    // A restatement that words its title its own way still merges.
    const restated = entry('Ledger cache: Redis', `Our ledger keeps a Redis cache in front of the database; reads are hot, writes rare. It is a managed service, one hour TTL, with an alert on the hit rate.`);
    expect(judgeIn([...BACKGROUND, redis, memcached, restated], redis, restated).verdict).toBe('duplicate');
  });

  it('finds restatements among candidates from the term index, not only from shingles', () => {
    const store = [...BACKGROUND, SHIELD, SHIELD_RESTATED];
    const flat = candidatePairs(analyse(store));
    const pairs: string[] = [];
    for (let k = 0; k < flat.length; k += 2) pairs.push([store[flat[k] as number]?.id, store[flat[k + 1] as number]?.id].sort().join(' '));
    expect(pairs).toContain([SHIELD.id, SHIELD_RESTATED.id].sort().join(' '));
  });
});

describe('refine stance', () => {
  it('reads negation, contrast and keeping', () => {
    const s = stanceOf('Use Kustomize, not Helm', "We won't adopt Pulumi. Kustomize overlays rather than templates. We keep Terraform; we drop the CodeBuild jobs.");
    expect(s.negated.has(stem('helm'))).toBe(true);
    expect(s.negated.has(stem('pulumi'))).toBe(true);
    expect(s.negated.has(stem('templates'))).toBe(true);
    expect(s.kept.has(stem('terraform'))).toBe(true);
    // A complete phrase negates its head; "CodeBuild" only qualifies "jobs". The camelCase join follows its parts.
    expect(s.negated.has(stem('jobs'))).toBe(true);
    expect(s.negated.has(stem('codebuild'))).toBe(false);
    expect(s.asserted.has(stem('codebuild'))).toBe(false);
    expect(s.asserted.has(stem('kustomize'))).toBe(true);
    expect(s.decision.asserted.has(stem('kustomize'))).toBe(true);
    expect(s.decision.negated.has(stem('helm'))).toBe(true);
  });

  it('reads a negation over a whole list, not only its first items', () => {
    const s = stanceOf('', 'The model is flat: we will remove supertypes, subtypes and attribute inheritance. We use Postgres, Redis is optional.');
    for (const w of ['supertypes', 'subtypes', 'inheritance']) expect(s.negated.has(stem(w))).toBe(true);
    expect(s.asserted.has(stem('inheritance'))).toBe(false);
    // A comma that does not continue a list ends the phrase.
    expect(s.asserted.has(stem('redis'))).toBe(true);
  });

  it('reads hard-wrapped sentences of the decision whole, and leaves code out', () => {
    const body = 'However due to the overhead we chose not to hydrate elements that are not\ncurrently classified as tracking.\n\n```\nwe will use hydrate()\n```\n';
    expect(decisionText(body)).toBe('However due to the overhead we chose not to hydrate elements that are not currently classified as tracking.');
  });

  it('reads contractions typed without their apostrophe as negations', () => {
    const s = stanceOf('', '## Decision\n\nWe dont expose an RPC server on any of our apps. The proxy doesnt cache.');
    expect(s.decision.negated.has(stem('server'))).toBe(true);
    expect(s.decision.asserted.has(stem('server'))).toBe(false);
    expect(s.negated.has(stem('cache'))).toBe(true);
    expect(stanceOf('', 'We cannot use Helm here.').negated.has(stem('helm'))).toBe(true);
    // Words that merely end in "nt" are left alone.
    expect(stanceOf('', 'We want a tenant event.').negated.size).toBe(0);
  });

  it('reads what moves as carried along, and the place it leaves as given up', () => {
    const moved = stanceOf('Move the e2e tests into their own repo', 'The tests move out of the private forms-deploy repository into a dedicated repo.');
    expect(moved.negated.has(stem('tests'))).toBe(false);
    expect(moved.asserted.has(stem('tests'))).toBe(true);
    // "out of X into Y": X is left; Y is where things go.
    expect(moved.negated.has(stem('repository'))).toBe(true);
    expect(moved.negated.has(stem('repo'))).toBe(false);
    const migrated = stanceOf('', 'We will migrate the session data from RDS to Aurora.');
    expect(migrated.negated.has(stem('rds'))).toBe(true);
    expect(migrated.asserted.has(stem('aurora'))).toBe(true);
    expect(migrated.negated.has(stem('data'))).toBe(false);
    // "from" without a verb of moving is no cue; "move away from X to Y" still gives X up.
    expect(stanceOf('', 'We read events from Kafka.').negated.size).toBe(0);
    const away = stanceOf('', 'We move away from Heroku to AWS.');
    expect(away.negated.has(stem('heroku'))).toBe(true);
    expect(away.negated.has(stem('aws'))).toBe(false);
  });

  it('reads "X is not worth it" as giving up X, not the words after the judgement', () => {
    const s = stanceOf('', 'We looked at AWS Shield Advanced and decided it is not worth its cost.');
    expect(s.negated.has(stem('advanced'))).toBe(true);
    expect(s.asserted.has(stem('advanced'))).toBe(false);
    expect(s.negated.has(stem('cost'))).toBe(false);
    expect(stanceOf('', 'Helm is not needed for these services.').negated.has(stem('helm'))).toBe(true);
    // "it" that stands for what follows ("it is not necessary to ...") reads nothing back.
    const expletive = stanceOf('', 'With Flyway, it is not necessary to run migrations by hand.');
    expect(expletive.negated.has(stem('flyway'))).toBe(false);
    expect(expletive.asserted.has(stem('flyway'))).toBe(true);
  });

  it('reads a judgement back only to what it judges', () => {
    const negated = (text: string) => [...stanceOf('', text).negated.keys()];
    // A move after "and" starts a clause of its own: its destination is not given up.
    expect(negated('Drop Helm and move the charts to Kustomize.')).toEqual([stem('helm')]);
    // "it" that stands for what follows, and words that end a scope, stop the reading back.
    expect(negated('We use Postgres because it is not worth adding Redis.')).toEqual([stem('redis')]);
    expect(negated('We use Postgres, since it is not necessary.')).not.toContain(stem('postgres'));
    // A "from" after the destination is no place left.
    expect(negated('We moved to Kubernetes and pull images from ECR.')).toEqual([]);
    expect(negated('Helm and Kustomize are not needed.').sort()).toEqual([stem('helm'), stem('kustomize')].sort());
    expect(negated('Helm is no longer needed.')).toEqual([stem('helm')]);
    expect(negated('Shield Advanced was rejected as too expensive.')).toEqual([stem('advanced')]);
    expect(negated('Jenkins was replaced by GitHub Actions.')).toEqual([stem('jenkins')]);
    expect(negated('A service mesh is overkill for three services.')).toEqual([stem('mesh')]);
    // A camelCase head is given up with its parts; they are not left asserted.
    const cdn = stanceOf('', 'CloudFront is not needed.');
    expect(cdn.asserted.size).toBe(0);
    expect(cdn.negated.has('cloudfront')).toBe(true);
  });

  it('does not read "not only" as a negation', () => {
    expect(stanceOf('', 'This is not only faster but cheaper.').negated.size).toBe(0);
  });
});

// The same decision with its details: accounts, services, team, price. A restatement that carries this much of its source is rarely another decision.
const WAF = entry(
  'Protect the public edge with AWS WAF managed rules',
  'We attach AWS WAF web ACLs to the CloudFront distributions and the Application Load Balancers in the payments and identity accounts. The ACLs use the AWSManagedRulesCommonRuleSet and KnownBadInputs rule groups, plus a rate limit of 2000 requests per five minutes per IP. Firewall Manager pushes the ACLs from the security account, and blocked requests are logged to the aws-waf-logs bucket for the SOC.',
);
const WAF_RESTATED = entry(
  'AWS WAF web ACLs on CloudFront and the ALBs',
  'The payments and identity accounts front CloudFront and their Application Load Balancers with AWS WAF: web ACLs running the AWSManagedRulesCommonRuleSet and KnownBadInputs groups and an IP rate limit of 2000 requests per five minutes. Firewall Manager in the security account deploys them; the SOC reads the blocked requests from the aws-waf-logs bucket.',
);

describe('refine plan', () => {
  const store = [...BACKGROUND, SHIELD, SHIELD_RESTATED, SHIELD_STANDARD, WAF, WAF_RESTATED];

  it('merges a detailed restatement into the older entry, lists a short one first among the suggestions, and only suggests the contradicting one', () => {
    const plan = planRefine(store);
    expect(plan.merges.map((m) => [m.into.id, m.from.map((e) => e.id)])).toEqual([[WAF.id, [WAF_RESTATED.id]]]);
    // Too little detail to tell a restatement from another decision in the same words: a person confirms it.
    expect([plan.suggestions[0]?.a.id, plan.suggestions[0]?.b.id]).toEqual([SHIELD.id, SHIELD_RESTATED.id]);
    expect(plan.suggestions[0]).toMatchObject({ held: 'detail', reason: TENTATIVE });
    const contradicting = plan.suggestions.filter((s) => [s.a.id, s.b.id].includes(SHIELD_STANDARD.id));
    expect(contradicting.length).toBeGreaterThan(0);
    expect(contradicting.every((s) => s.held === undefined)).toBe(true);
  });

  it('merges over rounds: a copy first, then a detailed restatement that only the copy kept below the bar', () => {
    // The copy makes the pair's shared words three entries' words: the restatement's detail only counts in full once the copy is gone.
    const copy = entry(WAF.title, WAF.body);
    const rounds = mergeRounds([...BACKGROUND, WAF, copy, WAF_RESTATED], { rounds: 100, progress: () => {} });
    expect(rounds.merged.length).toBeGreaterThanOrEqual(2);
    const three = [WAF.id, copy.id, WAF_RESTATED.id];
    const survivors = rounds.entries.filter((e) => three.includes(e.id));
    expect(survivors).toHaveLength(1);
    const survivor = survivors[0] as StoredEntry;
    expect([survivor.id, ...(survivor.merged_from ?? [])].sort()).toEqual([...three].sort());
    // The whole refine reports the same: one merge of the three, over its rounds.
    const refined = refineEntries([...BACKGROUND, WAF, copy, WAF_RESTATED]);
    expect(refined.merges.map((m) => [m.into.id, ...m.from.map((e) => e.id)].sort())).toEqual([[...three].sort()]);
  });

  it('neither merges nor suggests a pair marked distinct, also through an id one of them absorbed', () => {
    const marked = { ...WAF_RESTATED, distinct: ['dec-0gone000'] };
    const absorbed = { ...WAF, merged_from: ['dec-0gone000'] };
    const plan = planRefine([...BACKGROUND, absorbed, marked]);
    expect(plan.merges).toEqual([]);
    expect(plan.suggestions.filter((x) => [x.a.id, x.b.id].includes(WAF.id))).toEqual([]);
    expect(markedDistinct(absorbed, marked)).toBe(true);
    expect(markedDistinct(WAF, WAF_RESTATED)).toBe(false);
  });

  it('never puts two entries marked distinct in one merge through a third copy of them', () => {
    const a = entry(WAF.title, WAF.body);
    const b = { ...entry(WAF.title, WAF.body), distinct: [a.id] };
    const c = entry(WAF.title, WAF.body);
    for (const store of [[...BACKGROUND, a, b, c], [...BACKGROUND, c, b, a]]) {
      const groups = refineEntries(store).merges.map((m) => [m.into.id, ...m.from.map((e) => e.id)]);
      expect(groups.some((g) => g.includes(a.id) && g.includes(b.id))).toBe(false);
    }
  });

  it('lists duplicates held back before merely similar pairs, whatever their scores: config, then detail, then a rule', () => {
    const [x, y] = [SHIELD, SHIELD_RESTATED];
    const plain: Suggestion = { a: x, b: y, score: 0.9, reason: 'same topic', kind: 'similar' };
    const rule: Suggestion = { a: x, b: y, score: 0.8, reason: 'one is accepted, the other deprecated', held: 'rule', kind: 'duplicate' };
    const detail: Suggestion = { a: x, b: y, score: 0.5, reason: TENTATIVE, held: 'detail', kind: 'duplicate' };
    const off: Suggestion = { a: x, b: y, score: 0.46, reason: 'automatic merges are off', held: 'auto-merge-off', kind: 'duplicate' };
    expect([plain, rule, detail, off].sort(bySuggestion)).toEqual([off, detail, rule, plain]);
  });

  it('calls a short restatement a tentative duplicate and a detailed one a confident duplicate', () => {
    expect(judgeIn(store, SHIELD, SHIELD_RESTATED)).toMatchObject({ verdict: 'duplicate', tentative: true });
    const detailed = judgeIn(store, WAF, WAF_RESTATED);
    expect(detailed.verdict).toBe('duplicate');
    expect(detailed.tentative).toBeUndefined();
  });

  it('is deterministic: same entries, same plan, whatever their order', () => {
    const summary = (entries: StoredEntry[]) => {
      const plan = planRefine(entries);
      // Scores to 12 digits: term ids follow the order texts are read in, and a sum over them in another order may differ in its last bit.
      const round = (x: number) => Number(x.toFixed(12));
      return JSON.stringify({
        merges: plan.merges.map((m) => [m.into.id, m.from.map((e) => e.id), m.scores.map(round)]),
        suggestions: plan.suggestions.map((s) => [s.a.id, s.b.id, round(s.score)]),
      });
    };
    expect(summary(store)).toBe(summary(store));
    expect(summary([...store].reverse())).toBe(summary(store));
  });

  it('never merges across types, handoffs, or a decision with one it supersedes', () => {
    const gotcha = { ...SHIELD_RESTATED, id: 'gtc-00000zzz', type: 'gotcha' as const, status: 'active' };
    const hndA = entry('Session: Shield Advanced rollout', SHIELD.body, { type: 'handoff' });
    const hndB = entry('Session: Shield Advanced rollout', SHIELD.body, { type: 'handoff' });
    const successor = entry(SHIELD_RESTATED.title, SHIELD_RESTATED.body, { supersedes: [SHIELD.id] });
    const plan = planRefine([...BACKGROUND, SHIELD, gotcha, hndA, hndB, successor]);
    expect(plan.merges).toEqual([]);
  });

  it('does not merge an entry in force with one that is not (it suggests instead)', () => {
    const obsolete = { ...SHIELD_RESTATED, status: 'deprecated' };
    const plan = planRefine([...BACKGROUND, SHIELD, obsolete]);
    expect(plan.merges).toEqual([]);
    expect(plan.suggestions[0]?.reason).toMatch(/deprecated/);
  });
});

describe('refine plan: one title', () => {
  it('suggests two entries of one type under one title whose texts have drifted apart (two branches merged into each)', () => {
    const body = 'The migrate script must run before vitest, otherwise the orders table is missing.';
    const a = entry('Migrations must run before the tests', `${body}\n\n_Merged from gtc-00000aaa:_\n\nRun npm run migrate before vitest.`, { type: 'gotcha', merged_from: ['gtc-00000aaa'] });
    const b = entry(
      'Migrations must run before the tests',
      'Branch d: saw it again on the build server after the runner image was rebuilt with a newer toolchain and cache layout.\n\n_Merged from gtc-00000bbb:_\n\nBranch c: the same, twice this week, each time after somebody rotated credentials on the shared staging account.',
      { type: 'gotcha', merged_from: ['gtc-00000bbb'] },
    );
    const plan = planRefine([...BACKGROUND, a, b]);
    expect(plan.merges).toEqual([]);
    expect(plan.suggestions.map((x) => [x.a.id, x.b.id, x.reason])).toEqual([[a.id, b.id, 'same title, but their texts differ']]);
    // Not across types, nor a recurring follow-up's open and done namesakes.
    expect(planRefine([...BACKGROUND, a, { ...b, type: 'decision', id: 'dec-00000ccc' }]).suggestions).toEqual([]);
    const bumpDone = entry('Bump dependencies', 'Done for March: all minor versions, the test suite is green.', { type: 'followup', status: 'done' });
    const bumpOpen = entry('Bump dependencies', 'April round: two majors this time, read their changelogs before the upgrade.', { type: 'followup', status: 'open' });
    expect(planRefine([...BACKGROUND, bumpDone, bumpOpen]).suggestions.filter((x) => x.reason.startsWith('same title'))).toEqual([]);
  });
});

describe('refine plan: anchored files', () => {
  it('only suggests duplicates anchored to different files, and merges those that share one', () => {
    const a = { ...SHIELD, files: ['infra/shield.tf'] };
    const apart = { ...SHIELD_RESTATED, files: ['infra/waf.tf'] };
    expect(planRefine([...BACKGROUND, a, apart]).merges).toEqual([]);
    expect(planRefine([...BACKGROUND, a, apart]).suggestions[0]?.reason).toMatch(/different files/);
    const inFolder = { ...SHIELD_RESTATED, files: ['infra/'] };
    expect(planRefine([...BACKGROUND, a, inFolder]).merges).toHaveLength(1);
  });
});

describe('refine plan: imported records', () => {
  it('only suggests merging two numbered records imported from files of their own, unless one is a copy of the other', () => {
    const adr = { ...SHIELD, source: 'docs/adr/0007-buy-shield-advanced.md' };
    const otherAdr = { ...SHIELD_RESTATED, source: 'docs/adr/0012-shield-for-public-endpoints.md' };
    const apart = planRefine([...BACKGROUND, adr, otherAdr]);
    expect(apart.merges).toEqual([]);
    expect(apart.suggestions[0]?.reason).toMatch(/imported from numbered records of their own \(docs\/adr\/0007-buy-shield-advanced\.md, docs\/adr\/0012/);
    // Notes imported from another tool, not a numbered series: the usual rules.
    const notes = [{ ...SHIELD, source: 'memories/shield.md' }, { ...SHIELD_RESTATED, source: 'memories/ddos-protection.md' }];
    expect(planRefine([...BACKGROUND, ...notes]).merges).toHaveLength(1);
    // An agent re-recording the imported decision: merged into the record.
    const recorded = { ...SHIELD_RESTATED, source: 'mcp' };
    const merged = planRefine([...BACKGROUND, adr, recorded]);
    expect(merged.merges.map((m) => [m.into.id, m.from.map((e) => e.id)])).toEqual([[adr.id, [recorded.id]]]);
    // Nor through a third entry restating both: the agent's older note absorbs one record at most.
    const note = entry(
      'We buy AWS Shield Advanced for our public endpoints',
      'AWS Shield Advanced protects the public load balancers and CloudFront distributions against DDoS attacks; the DDoS response team and cost protection are worth the monthly fee.',
      { created: '2025-12-01T10:00:00Z', source: 'mcp' },
    );
    const through = planRefine([...BACKGROUND, adr, otherAdr, note]);
    expect(through.merges.map((m) => m.into.id)).toEqual([note.id]);
    expect(through.merges[0]?.from).toHaveLength(1);
    // The same record imported twice from two folders: a copy, merged.
    const copy = { ...SHIELD, id: 'dec-zzzzzzzz', created: '2026-02-01T10:00:00Z', path: '.origin/decisions/dec-zzzzzzzz.md', source: 'old-docs/adr/0007-buy-shield-advanced.md' };
    expect(planRefine([...BACKGROUND, adr, copy]).merges).toHaveLength(1);
    // One unfilled template in two records of different subjects: the titles are what each records; held back.
    const template = '## Context\n\n> This section contains all the context one needs to understand the current state, and why there is a problem.\n\n## Decision\n\n> This section explains all of the details of the proposed solution, including implementation details.\n\n## Status\n\n{Deprecated|Proposed|Accepted|Declined}\n';
    const blocks = entry('Empty Blocks via ABCI', template, { source: 'cometbft/adr-036-empty-blocks-abci.md' });
    const height = entry('Non-zero start height', template, { source: 'cometbft/adr-038-non-zero-start-height.md' });
    const stubs = planRefine([...BACKGROUND, blocks, height]);
    expect(stubs.merges).toEqual([]);
    expect(stubs.suggestions[0]).toMatchObject({ held: 'rule', kind: 'duplicate', reason: expect.stringContaining('one text under different titles (an unfilled template?)') });
    // Titles that share a word are still two subjects; the same title is the same record copied.
    const mempool = entry('Mempool', template, { source: 'cometbft/adr-041-mempool.md' });
    const mempoolV1 = entry('Mempool v1', template, { source: 'cometbft/adr-042-mempool-v1.md' });
    expect(planRefine([...BACKGROUND, mempool, mempoolV1]).merges).toEqual([]);
    const copied = entry('Mempool', template, { source: 'cometbft-fork/adr-041-mempool.md' });
    expect(planRefine([...BACKGROUND, mempool, copied]).merges).toHaveLength(1);
  });
});

describe('numbered record files', () => {
  it('knows the names of adr-tools, MADR, log4brains and ADR-N records, and not plain notes', () => {
    for (const name of ['doc/adr/0007-use-postgres.md', '20200926-use-the-adr-number.md', 'ADR-10.md', 'adr-036-empty-blocks.md', 'ADR003-use-signon.md', '029-Kubernetes.md']) {
      expect(isNumberedRecordFile(name), name).toBe(true);
    }
    for (const name of ['memories/caching.md', 'dotenv.md', 'notes/v2-plan.md', 'journal/2024-05-01.md', 'cli', 'mcp']) expect(isNumberedRecordFile(name), name).toBe(false);
  });
});
