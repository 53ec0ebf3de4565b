import { describe, expect, it } from 'vitest';
import type { StoredEntry } from '../src/core/types.js';
import { analyse } from '../src/refine/analyse.js';
import { against, judgeFeatures, THRESHOLDS, Verifier } from '../src/refine/verify.js';
import { storedEntry } from './helpers/entries.js';

let serial = 0;
function entry(title: string, body: string): StoredEntry {
  return storedEntry({ id: `dec-n${(serial++).toString(32).padStart(7, '0')}`, title, body, created: '2026-01-12T10:00:00Z' });
}

// Unrelated entries, so that idf has something to weigh against; several
// mention tests, so that "test" is a common word here, as in a real store.
const BACKGROUND = [
  entry('Use PostgreSQL for persistence', 'We need transactions and relational queries, so the service stores its data in PostgreSQL. Integration tests run against a real database.'),
  entry('Deploy with GitHub Actions', 'Every merge to main builds the container, runs the unit tests and deploys it to staging with GitHub Actions.'),
  entry('Feature flags live in LaunchDarkly', 'Product toggles are managed in LaunchDarkly so that releases and launches are decoupled; tests stub the client.'),
  entry('Log in JSON to stdout', 'Services write structured JSON logs to stdout; the platform ships them to the log store.'),
  entry('Pin Node to the LTS release', 'The runtime is pinned to the current Node LTS in .nvmrc and in the Dockerfile, and the tests run on it too.'),
  entry('Contract tests for the payments API', 'Consumers of the payments API publish Pact contract tests; the provider verifies them in its pipeline.'),
];

const SEPARATE = entry(
  'Security groups in Terraform',
  'Terraform can define the rules of an AWS security group in-line, inside the group resource, or as separate rule resources. In-line rules keep the definition close to the group, but Terraform re-generates the whole group when one rule changes.\n\n## Decision\n\nSecurity groups will be defined separate to their rules. Each security group will be defined, in its entirety, in a single file.',
);

function judge(store: StoredEntry[], a: StoredEntry, b: StoredEntry) {
  const verifier = new Verifier(analyse(store), store);
  const f = verifier.features(store.indexOf(a), store.indexOf(b));
  return { f, judged: judgeFeatures(f) };
}

describe('refine verifier: a different choice without a stance conflict', () => {
  it('does not merge an entry that picks the option the other one weighed and left', () => {
    const inline = entry(
      'Define security group rules inline in Terraform',
      'Terraform lets us define AWS security group rules either in-line inside the group resource or as separate rule resources. We will use in-line rules so each group and its rules sit together and are easy to read, grouped per component file.',
    );
    const { f, judged } = judge([...BACKGROUND, SEPARATE, inline], SEPARATE, inline);
    // Nothing is negated on either side: only the novelty of the choice tells them apart.
    expect(f.conflict).toBe(0);
    expect(f.novelTerms.length).toBeGreaterThan(0);
    expect(against(f)).toBeGreaterThanOrEqual(THRESHOLDS.against);
    expect(judged.verdict).not.toBe('duplicate');
    expect(judged.reason).toMatch(/same topic/);
    // The reason names words as the entries wrote them, not their stems ("grouped", not "group").
    expect(f.novelWords?.length).toBeGreaterThan(0);
    for (const w of f.novelWords ?? []) expect(`${inline.title} ${inline.body}`.toLowerCase()).toContain(w);
    expect(f.novelTerms.some((t, k) => t !== f.novelWords?.[k])).toBe(true);
  });

  it('still merges a restatement that re-uses the decision in its own words', () => {
    const restated = entry(
      'Terraform security group rules are separate resources',
      'Rules of an AWS security group are defined as separate rule resources, not in-line in the group, so Terraform only changes the one rule that changed. Each security group is defined, in its entirety, in a single file.',
    );
    const { f, judged } = judge([...BACKGROUND, SEPARATE, restated], SEPARATE, restated);
    expect(f.novel).toBe(0);
    expect(judged.verdict).toBe('duplicate');
  });
});

describe('refine verifier: conflicts weighed by idf', () => {
  // Features of a real pair from the ADR eval set, as the stance model read
  // it before "move X into Y" stopped giving X up: "Move the e2e tests into
  // their own repo" negated the tests, its restatement ("Forms end-to-end
  // tests split out of forms-deploy") asserted them. On a word as common as
  // "test" (idf 1.8: one entry in six) such a conflict is a paraphrase, not
  // a disagreement.
  const E2E = {
    cosine: 0.45,
    contain: 0.53,
    shingle: 0.2,
    decision: 0.42,
    decisionCovered: 0.47,
    conflict: 1.8,
    conflictTerms: ['test'],
    conflictMax: 1.8,
    novel: 3.0,
    aside: 0,
    novelTerms: ['split'],
    specificShared: 20,
    // specificShared over the idf of a word only two of the eval store's ~600 entries use (5.38).
    sharedDetail: 3.7,
  };

  it('a conflict on a common word alone does not keep a restatement apart', () => {
    expect(judgeFeatures(E2E).verdict).toBe('duplicate');
  });

  it('a conflict on a common word still counts as evidence against', () => {
    expect(against({ ...E2E, conflict: 1.8 * 4 })).toBeGreaterThan(against(E2E));
    expect(judgeFeatures({ ...E2E, conflict: 1.8 * 4, conflictTerms: ['test', 'server', 'support', 'js'] }).verdict).not.toBe('duplicate');
  });

  it('a conflict on a specific term still does', () => {
    const a = entry('Use Helm for application packaging', 'We will use Helm charts to package every application for Kubernetes, with one values file per environment.');
    const b = entry('Package applications with Kustomize', 'We will package every application for Kubernetes with Kustomize overlays, one per environment, and not with Helm charts.');
    const { f, judged } = judge([...BACKGROUND, a, b], a, b);
    expect(f.conflictMax).toBeGreaterThanOrEqual(THRESHOLDS.conflictTerm);
    expect(judged.reason).toMatch(/disagree/);
  });
});

describe('refine verifier: keeping what the other gives up', () => {
  it('reads a kept name against any word of the phrase the other removes', () => {
    const remove = entry(
      'Combine api-mongo cluster into mongo cluster',
      'Content Store is the only application that uses the api-mongo cluster.\n\n## Decision\n\nWe are going to remove the api-mongo cluster, and update Content Store so it reads from the application mongo cluster.',
    );
    const keep = entry(
      'Content Store keeps its dedicated api-mongo cluster',
      'Content Store is the only application that uses api-mongo. We will keep it as a separate cluster rather than pointing Content Store at the application mongo cluster, which would become a single point of failure.',
    );
    const { f, judged } = judge([...BACKGROUND, remove, keep], remove, keep);
    // "remove the api-mongo cluster" negates its head, "cluster"; "api" only qualifies it, yet it is what the other keeps.
    expect(f.conflictTerms).toContain('api');
    expect(judged.verdict).not.toBe('duplicate');
  });
});

describe('refine verifier: a contradiction about what both titles name', () => {
  it('does not merge "do not use X" into "use X" even when X is the commonest word of the store', () => {
    // Redis and PostgreSQL are everywhere in this store, so their idf is low:
    // neither the conflict on Redis nor the novelty of PostgreSQL weighs much.
    const common = Array.from({ length: 12 }, (_, i) =>
      entry(`Redis and PostgreSQL for service ${i}`, `Service ${i} keeps its session storage in Redis and its records in PostgreSQL; Redis keys expire after a day.`),
    );
    const use = entry(
      'Use Redis for session storage',
      'Sessions must survive a restart of the web nodes. We will use Redis for session storage: every node reads and writes sessions there, with a TTL of one day.',
    );
    const drop = entry(
      'Do not use Redis for session storage; use PostgreSQL',
      `We will not use Redis for session storage: sessions move to PostgreSQL instead. ${use.body}`,
    );
    const store = [...BACKGROUND, ...common, use, drop];
    const { f, judged } = judge(store, use, drop);
    expect(f.titleConflict).toBe(true);
    expect(judged.verdict).not.toBe('duplicate');
  });
});

describe('refine verifier: a decision worded its own way', () => {
  // Features of a real pair from the ADR eval set (r047): "Weekly releases to
  // staging and stable after launch" restates a "Production Release Cadence"
  // record. Its decision statement shares only a third with the source's.
  const WEEKLY = {
    cosine: 0.55,
    contain: 0.63,
    shingle: 0.27,
    decision: 0.34,
    decisionCovered: 0.38,
    conflict: 0,
    conflictTerms: [],
    conflictMax: 0,
    novel: 4.84,
    aside: 7.02,
    novelTerms: ['weekly'],
    specificShared: 39.9,
    sharedDetail: 7.4,
  };

  it('merges on a weaker decision overlap when nothing speaks against the pair', () => {
    expect(against(WEEKLY)).toBeLessThan(THRESHOLDS.againstNone);
    expect(judgeFeatures(WEEKLY).verdict).toBe('duplicate');
  });

  it('does not for a new option, however much of the other decision the shorter one covers', () => {
    // Features of a crafted pair (a second reader's): "Hazelcast" restates a
    // Redis session cache's need and decides "Hazelcast embedded in each
    // node". The coverage credit makes against() negative; the new option's
    // name and parts (hazelcast, embedded, node) are evidence all the same.
    const hazelcast = { ...WEEKLY, decision: 0.32, decisionCovered: 0.65, novel: 10.3, novelTerms: ['hazelcast', 'embed', 'node'], aside: 0 };
    expect(against(hazelcast)).toBeLessThan(THRESHOLDS.againstNone);
    expect(judgeFeatures(hazelcast).verdict).not.toBe('duplicate');
    // Nor with a weak stance conflict.
    expect(judgeFeatures({ ...WEEKLY, decisionCovered: 0.6, conflict: 2.5, conflictMax: 2.5, conflictTerms: ['cache'], novel: 2.9 }).verdict).not.toBe('duplicate');
  });

  it('does not when something does, or when the overlap is weaker still', () => {
    expect(judgeFeatures({ ...WEEKLY, novel: WEEKLY.novel + 2 }).reason).toMatch(/may record different decisions/);
    expect(judgeFeatures({ ...WEEKLY, decision: 0.25 }).reason).toMatch(/may record different decisions/);
  });
});

describe('refine verifier: parallel titles', () => {
  it('never merges "Use FastAPI for X" with "Use Helm for X", though the parts of FastAPI make the titles look less alike', () => {
    const body = (tool: string) =>
      `Every service retries against the audit log which keeps on-call simple. For mirgal-quota, the choice is ${tool}. The API gateway depends on a message queue to keep costs predictable. Each worker validates the metrics backend which keeps on-call simple.`;
    const fastapi = entry('Use FastAPI for mirgal-quota', body('FastAPI'));
    const helm = entry('Use Helm for mirgal-quota', body('Helm'));
    const { f, judged } = judge([...BACKGROUND, fastapi, helm], fastapi, helm);
    expect(f.titleExclusive?.[0]).toContain('fastapi');
    expect(f.titleExclusive?.[1]).toEqual(['helm']);
    expect(judged.verdict).not.toBe('duplicate');
    expect(judged.reason).toContain('their titles name different things');
  });

  it('keeps apart titles with one word swapped, though each body names the other option', () => {
    // Two real records of the ADR corpus (cometbft ADR-100 / ADR-101), shortened: each weighs the other's API.
    const push = entry(
      'Data Companion Push API',
      'Operators want a companion process that receives block results and state from the node as they are committed. We will add a push API: the node pushes data to one companion over gRPC, and waits for it. A pull API was considered, where the companion pulls data from the node.',
    );
    const pull = entry(
      'Data Companion Pull API',
      'Operators want a companion process that receives block results and state from the node as they are committed. We will add a pull API: the companion pulls data from the node over gRPC when it is ready. The push API, where the node pushes data and waits, couples the node to the companion.',
    );
    const { f, judged } = judge([...BACKGROUND, push, pull], push, pull);
    expect(f.titleExclusive).toEqual([['push'], ['pull']]);
    expect(judged.reason).toContain('their titles name different things: push / pull');
  });

  it('reads a swap of a common word as a swap when the rest of the titles is the same', () => {
    // Two records copied from one template and edited (shingle containment under the copy threshold).
    const a = entry('Record architecture decisions', 'We need to record the architectural decisions made on this project. We will use Architecture Decision Records, as described by Michael Nygard, kept in the repository next to the code.');
    const b = entry('Record product decisions', 'We need to record the product decisions made by the team, with their reasons. We will use decision records, as described by Michael Nygard, kept in the repository with the roadmap.');
    // "architecture" is in every other entry of a store of records.
    const records = ['queues', 'caching', 'logging', 'hosting'].map((t) => entry(`Architecture of ${t}`, `The architecture of ${t}, and why.`));
    const { f } = judge([...BACKGROUND, ...records, a, b], a, b);
    expect(f.titleExclusive).toEqual([['architecture'], ['product']]);
  });

  it('reads a hyphenated name as one word of a title: one service swapped for another', () => {
    // A templated store: the bodies share the template's sentences, and name components such as "scheduler" and "gateway".
    const a = entry('Use esbuild for ithtal-scheduler', 'The API gateway depends on the primary database so that failures stay isolated. For ithtal-scheduler, the choice is esbuild. The cache layer depends on the metrics backend since the old setup was fragile.');
    const b = entry('Use esbuild for quiqui-gateway', 'Every service is monitored through the object store as agreed in the last review. For quiqui-gateway, the choice is esbuild. The old scheduler avoids the metrics backend since the old setup was fragile.');
    const { f, judged } = judge([...BACKGROUND, a, b], a, b);
    expect(f.titleExclusive).toEqual([['ithtal-scheduler'], ['quiqui-gateway']]);
    expect(judged.verdict).not.toBe('duplicate');
  });

  it('does not read two verbs of choosing as a swap', () => {
    const body = 'Sessions are cached in Redis with a one hour TTL, shared by every web node.';
    const a = entry('Adopt Redis for the session cache', body);
    const b = entry('Pick Redis for the session cache', body);
    expect(judge([...BACKGROUND, a, b], a, b).f.titleExclusive).toBeUndefined();
  });

  it('merges a copy whose title changed by a word: an agent recorded the same thing again', () => {
    const body = 'Sessions are cached in Redis with a one hour TTL, shared by every web node, so that a deploy does not log anyone out.';
    const a = entry('Use Redis for the session cache', body);
    const b = entry('Use Redis for the session store', body);
    const { f, judged } = judge([...BACKGROUND, a, b], a, b);
    expect(f.titleExclusive).toBeUndefined();
    expect(judged.verdict).toBe('duplicate');
  });

  it('reads the other swapped words when one pair is two spellings of a name, and short names as names', () => {
    const a = entry('Use Postgres for the billing ledger', 'The billing ledger needs transactions, so it lives in Postgres with nightly backups.');
    const b = entry('Use PostgreSQL for the search ledger', 'Search keeps its ledger of indexed documents in PostgreSQL, next to the other relational data.');
    const swapped = judge([...BACKGROUND, a, b], a, b).f.titleExclusive;
    expect(swapped?.[0]).toEqual(['billing']);
    expect(swapped?.[1]).toContain('search');
    expect(swapped?.[1]).not.toContain('sql');
    const java = entry('Write the ingest worker in Java', 'The ingest worker runs on the JVM: Kafka clients are mature there, and the team knows Spring.');
    const js = entry('Write the ingest worker in JavaScript', 'The ingest worker runs on Node, like the API, so the team shares one toolchain and its tests.');
    expect(judge([...BACKGROUND, java, js], java, js).f.titleExclusive).toEqual([['java'], ['javascript']]);
  });

  it('does not read two spellings of one name as a swap', () => {
    const body = 'We need transactions and relational queries, so the billing service keeps its ledger in one relational database with nightly backups.';
    const a = entry('Use Postgres for the billing ledger', body);
    const b = entry('Use PostgreSQL for the billing ledger', body.replace('one relational database', 'a relational database'));
    const { f } = judge([...BACKGROUND, a, b], a, b);
    expect(f.titleExclusive).toBeUndefined();
  });

  it('still merges a restatement whose title is shorter and words the subject its own way', () => {
    const source = entry('Only accept low-s secp256k1 signatures', 'We will reject secp256k1 signatures whose s value is in the upper half of the curve order, so that a signature cannot be made malleable.');
    const restated = entry('Secp256k1 signature malleability', 'Signatures on secp256k1 are accepted only with a low s value: any signature whose s is in the upper half of the curve order is rejected, so signatures are not malleable.');
    const { judged } = judge([...BACKGROUND, source, restated], source, restated);
    expect(judged.reason).not.toContain('their titles name different things');
  });
});

describe('refine verifier: words cut short', () => {
  const RESTART = entry(
    'Configuration updates restart the runtime',
    'When the configuration of an application changes, the running system is not patched in place. The runtime and all its components are stopped and discarded, and a new runtime is built from the updated configuration. Components may preserve selected state across the restart.',
  );

  it('reads "config" as "configuration": a restatement that abbreviates brings no new option', () => {
    const terse = entry('Config change rebuilds the runtime', 'A config change stops and discards the runtime and every component, then builds a new runtime from the updated config; components may preserve some state.');
    const { f } = judge([...BACKGROUND, RESTART, terse], RESTART, terse);
    // Only the word it really adds is new.
    expect(f.novelTerms).toEqual(['rebuild']);
  });

  it('still counts a word that only shares a short beginning as new ("port" is not "portal", "data" not "database")', () => {
    const portal = entry('Configuration goes through the admin portal', 'Configuration changes are made in the admin portal and stored in the settings database; the portal restarts the runtime.');
    const other = entry('Configuration on a port, kept as data', 'Configuration changes arrive on one port and are kept as plain data; the runtime restarts.');
    const { f } = judge([...BACKGROUND, portal, other], portal, other);
    expect(f.novelTerms).toEqual(expect.arrayContaining(['port', 'data']));
  });
});
