import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPostings } from '../src/core/postings.js';
import type { EntryType, StoredEntry } from '../src/core/types.js';
import { finishRecall, recall, scoreQuery } from '../src/recall/engine.js';
import { liftTitleSiblings } from '../src/recall/siblings.js';
import { stem, terms } from '../src/core/text.js';
import { relatedForms } from '../src/recall/morphology.js';
import { analyseQuery } from '../src/recall/query.js';
import { synonymKey, synonymsOf } from '../src/recall/thesaurus.js';
import { MemoryIndex, indexFromEntries, segmentOf, toIndexed } from '../src/store/memory-index.js';
import { storedEntry } from './helpers/entries.js';

const PREFIX: Record<EntryType, string> = { decision: 'dec', gotcha: 'gtc', followup: 'fup', context: 'ctx', handoff: 'hnd' };
let serial = 0;

function entry(title: string, body: string, fields: Partial<StoredEntry> = {}): StoredEntry {
  const type = fields.type ?? 'decision';
  const id = fields.id ?? `${PREFIX[type]}-${(serial++).toString(36).padStart(4, '0')}x9zq`;
  return storedEntry({ id, type, title, body, session: 's', path: `.origin/decisions/${id}.md`, ...fields });
}

/** A small store shaped like a real one: decisions, gotchas, follow-ups on the same few topics. */
function store(): StoredEntry[] {
  return [
    entry('Use PostgreSQL for persistence', 'We need transactions and mature tooling, so the service stores its data in PostgreSQL on RDS.', { id: 'dec-pg000001' }),
    entry('Cache sessions in Redis', 'Session lookups were slow; Redis keeps them in memory with a one hour TTL.', { id: 'dec-rd000001' }),
    entry('Deploy with GitHub Actions', 'The pipeline builds the container image and rolls it out on every merge to main.', { id: 'dec-ga000001' }),
    entry('Sign in through the identity provider', 'People log in with single sign-on (SSO) through Auth0; passwords are never stored by us.', { id: 'dec-sso00001' }),
    entry('Timeouts on the payments API', 'Stripe calls can hang for minutes; every request to the payments API has a 10 s timeout and one retry.', { id: 'gtc-pay00001', type: 'gotcha' }),
    entry('Infrastructure as code with Terraform', 'All cloud resources are described in Terraform and applied from CI, never by hand.', { id: 'dec-iac00001' }),
    entry('Verify ed25519 signatures per ZIP-215', 'Signature checks follow ZIP 215 so batch verification agrees with single verification.', { id: 'dec-zip00001' }),
    entry('Run the scheduler as a worker process', 'Cron-like jobs run in a background worker, not in the web process.', { id: 'dec-job00001' }),
    entry('Add nightly backups', 'Back up the volumes every night; snapshots are kept for 30 days.', { id: 'fup-bak00001', type: 'followup' }),
    entry('Frontend state lives in React context', 'Shared values such as the current user are read from React context rather than passed down as props.', { id: 'dec-ctx00001' }),
  ];
}

function ids(index: ReturnType<typeof indexFromEntries>, query: string, options: Parameters<typeof recall>[2] = {}): string[] {
  return recall(index, query, { now: new Date('2026-02-01T00:00:00Z'), ...options }).map((h) => h.entry.id);
}

describe('recall engine', () => {
  const index = indexFromEntries(store(), buildPostings);

  it('answers a question asked in other words than the record uses', () => {
    expect(ids(index, 'which database did we pick and why?')[0]).toBe('dec-pg000001');
    expect(ids(index, 'how do people log in?')[0]).toBe('dec-sso00001');
    expect(ids(index, 'how are the cloud resources provisioned?')[0]).toBe('dec-iac00001');
  });

  it('reads two words the store writes as one, and initials the store uses', () => {
    // "sign on" / "single sign-on" and "SSO"; "infrastructure as code" / "IaC" is in no record, but the title words are.
    expect(ids(index, 'single sign on provider')[0]).toBe('dec-sso00001');
    expect(ids(index, 'zip215 signature check')[0]).toBe('dec-zip00001');
  });

  it('corrects typos against the store vocabulary', () => {
    expect(ids(index, 'postgress persistance')[0]).toBe('dec-pg000001');
    expect(ids(index, 'redis cahce')[0]).toBe('dec-rd000001');
    // Typos that change what the stemmer strips: swapped letters before a suffix, a doubled last letter.
    expect(ids(index, 'verificatoin')[0]).toBe('dec-zip00001');
    expect(ids(index, 'retryy')[0]).toBe('gtc-pay00001');
    expect(ids(index, 'jobss')[0]).toBe('dec-job00001');
    // A word the store does not know stays unknown rather than become another one ("sentry" is not "entry").
    expect(ids(index, 'sentry')).toEqual([]);
    expect(ids(index, 'xredis')).toEqual([]);
  });

  it('also reads a word the store holds once as the one-edit word it holds far more often (a typo the store shares)', () => {
    const ingress = Array.from({ length: 10 }, (_, k) =>
      entry(`Ingress rule ${k} for the cluster`, `The ingress controller routes service ${k} through the load balancer.`, { id: `dec-ing000${k}0` }),
    );
    const typo = entry('Legacy Ingres database', 'The reporting job still reads the old Ingres database.', { id: 'dec-ingres01' });
    const shared = indexFromEntries([...store(), ...ingress, typo], buildPostings);
    const asked = analyseQuery('ingres controller', { df: (t) => shared.df(t), sorted: () => [] }).terms.map((t) => t.term);
    expect(asked).toContain('ingr');
    expect(asked).toContain('ingress');
    // Both are found: the word as typed (an entry about the Ingres database) and the one it is likely a typo of.
    const top = ids(shared, 'ingres controller').slice(0, 3);
    expect(top).toContain('dec-ingres01');
    expect(top.some((id) => id.startsWith('dec-ing000'))).toBe(true);
    expect(ids(index, 'ingres controller')).toEqual([]);
  });

  it('finds an entry by id and by id prefix', () => {
    expect(ids(index, 'dec-pg000001')[0]).toBe('dec-pg000001');
    expect(ids(index, 'rd0000')[0]).toBe('dec-rd000001');
  });

  it('applies filters', () => {
    expect(ids(index, 'payments timeout', { filter: { types: ['decision'] } })).not.toContain('gtc-pay00001');
    expect(ids(index, 'payments timeout', { filter: { types: ['gotcha'] } })).toEqual(['gtc-pay00001']);
    expect(ids(index, 'nightly backups', { filter: { statuses: ['open'] } })).toEqual(['fup-bak00001']);
  });

  it('ranks a superseded entry below its replacement and points at it', () => {
    const old = entry('Use MySQL for persistence', 'The service stores its data in MySQL.', { id: 'dec-my000001' });
    const replacement = entry('Move persistence from MySQL to PostgreSQL', 'MySQL lacked the features we need; data now lives in PostgreSQL.', { id: 'dec-mv000001', supersedes: ['dec-my000001'] });
    const idx = indexFromEntries([old, replacement, ...store().slice(1)], buildPostings);
    const hits = recall(idx, 'mysql persistence', { now: new Date('2026-02-01T00:00:00Z') });
    const at = (id: string) => hits.findIndex((h) => h.entry.id === id);
    expect(at('dec-mv000001')).toBeGreaterThanOrEqual(0);
    expect(at('dec-my000001')).toBeGreaterThan(at('dec-mv000001'));
    expect(hits[at('dec-my000001')]?.supersededBy).toBe('dec-mv000001');
    // --status filters on the status list shows: superseded through the replacement, with or without other filters.
    expect(ids(idx, 'mysql persistence', { filter: { statuses: ['superseded'] } })).toEqual(['dec-my000001']);
    expect(ids(idx, 'mysql persistence', { filter: { statuses: ['superseded'], since: '2020-01-01' } })).toEqual(['dec-my000001']);
    expect(ids(idx, 'mysql persistence', { filter: { statuses: ['accepted'] } })).not.toContain('dec-my000001');
  });

  it('shows the entry in force beside a superseded one the question matches, even in other words, along a chain', () => {
    const number = entry('Use the ADR number as its unique ID', 'Each record is referred to by its sequence number in URLs and on the command line.', { id: 'dec-nb000001' });
    const slug = entry('Use the ADR slug as its unique ID', 'Records are identified by their file name without the extension; merges no longer conflict.', { id: 'dec-sl000001', supersedes: ['dec-nb000001'] });
    const later = entry('Identify records by a random short code', 'Short random codes never collide across branches.', { id: 'dec-rc000001', supersedes: ['dec-sl000001'] });
    const idx = indexFromEntries([number, slug, later, ...store()], buildPostings);
    const found = ids(idx, 'sequence number in URLs');
    expect(found.slice(0, 3)).toEqual(['dec-rc000001', 'dec-sl000001', 'dec-nb000001']);
    // A filter the successor may not pass: only what the question matches.
    expect(ids(idx, 'sequence number in URLs', { filter: { types: ['decision'] } })).toEqual(['dec-nb000001']);
    expect(ids(idx, 'sequence number in URLs', { priors: false })).toEqual(['dec-nb000001']);
    // Asked for by id: the entry asked for comes first, its successor does not outrank it.
    expect(ids(idx, 'dec-nb000001')[0]).toBe('dec-nb000001');
  });

  it('lifts each successor once: a supersede cycle (two merged branches can make one) does not inflate scores', () => {
    const a = entry('Queue jobs in Redis', 'Background jobs wait in a Redis list.', { id: 'dec-qa000001', supersedes: ['dec-qb000001'] });
    const b = entry('Queue jobs in SQS', 'Background jobs wait in an SQS queue.', { id: 'dec-qb000001', supersedes: ['dec-qa000001'] });
    const exact = entry('Background jobs retry three times', 'Background jobs that fail are retried three times with backoff.', { id: 'dec-qr000001' });
    const idx = indexFromEntries([a, b, exact, ...store()], buildPostings);
    const hits = recall(idx, 'background jobs retried', { now: new Date('2026-02-01T00:00:00Z') });
    expect(hits[0]?.entry.id).toBe('dec-qr000001');
    const best = hits[0]?.score as number;
    for (const h of hits.slice(1)) expect(h.score).toBeLessThan(best * 1.25);
  });

  it('ranks an entry anchored to a changed file up, and priors can be turned off', () => {
    const a = entry('Retry policy for the HTTP client', 'Retries with backoff.', { id: 'dec-ra000001', files: ['src/http/client.ts'] });
    const b = entry('Retry policy for the queue consumer', 'Retries with backoff.', { id: 'dec-rb000001', files: ['src/queue/consumer.ts'] });
    const idx = indexFromEntries([a, b], buildPostings);
    expect(ids(idx, 'retry policy', { changedFiles: ['src/queue/consumer.ts'] })[0]).toBe('dec-rb000001');
    expect(ids(idx, 'retry policy', { changedFiles: ['src/http'] })[0]).toBe('dec-ra000001');
  });

  it('reports which query terms an entry matched, for highlighting', () => {
    const [hit] = recall(index, 'redis sessions', { now: new Date('2026-02-01T00:00:00Z') });
    expect(hit?.entry.id).toBe('dec-rd000001');
    expect(hit?.matched.sort()).toEqual([stem('redis'), stem('sessions')].sort());
  });

  it('returns nothing for a question about something the store does not hold', () => {
    expect(ids(index, 'kubernetes helm charts')).toEqual([]);
  });

  it('sees a changed entry in the delta over a cached base, and not the masked base doc', () => {
    const entries = store();
    const docs = entries.map(toIndexed);
    const base = segmentOf(docs, buildPostings(entries));
    const at = docs.findIndex((d) => d.id === 'dec-rd000001');
    const changed = entry('Cache sessions in Memcached', 'Redis was dropped; Memcached keeps sessions in memory.', { id: 'dec-rd000001' });
    const idx = new MemoryIndex(base, [at], [{ entry: toIndexed(changed), doc: changed }], []);
    expect(idx.size).toBe(entries.length);
    expect(idx.postings(stem('memcached')).docs.length).toBe(1);
    const hits = recall(idx, 'redis sessions', { now: new Date('2026-02-01T00:00:00Z') });
    expect(hits.filter((h) => h.entry.id === 'dec-rd000001').map((h) => h.entry.title)).toEqual(['Cache sessions in Memcached']);
    // A changed document counts once: masked in the base, live in the delta (idf and the rare-word rule read df).
    expect(idx.df(stem('sessions'))).toBe(indexFromEntries(entries, buildPostings).df(stem('sessions')));
    expect(idx.df(stem('memcached'))).toBe(1);
    expect(idx.df(stem('redis'))).toBe(1);
  });
});

describe('query analysis', () => {
  const vocab = (words: Record<string, number>) => ({ df: (t: string) => words[t] ?? 0, sorted: () => Object.keys(words).sort() });

  it('drops question filler and keeps one concept per content word', () => {
    const a = analyseQuery('what did we decide about the database?', vocab({ databas: 3 }), { expand: false });
    expect(a.origins).toBe(1);
    expect(a.terms.map((t) => t.term)).toEqual(['databas']);
  });

  it('joins adjacent words the store writes as one', () => {
    const a = analyseQuery('how do people log in', vocab({ login: 2, peopl: 5, log: 4 }), { expand: false });
    expect(a.terms.find((t) => t.term === 'login')?.weight).toBe(1);
  });

  it('splits letters glued to digits, and glued words, when the parts are known', () => {
    expect(analyseQuery('zip215', vocab({ zip: 1, '215': 1 })).terms.map((t) => t.term).sort()).toEqual(['215', 'zip']);
    expect(analyseQuery('loadbalancer', vocab({ load: 3, balanc: 2 }), { expand: false }).terms.map((t) => t.term).sort()).toEqual(['balanc', 'load']);
  });

  it('reads initials of a run of words as an acronym the store uses', () => {
    const a = analyseQuery('accelerated mobile pages', vocab({ amp: 2, acceler: 1, mobil: 3, page: 9 }), { expand: false });
    expect(a.terms.some((t) => t.term === 'amp')).toBe(true);
  });

  it('weighs camelCase parts below the joined word', () => {
    const a = analyseQuery('useEffect', vocab({ useeffect: 1, effect: 4 }), { expand: false });
    expect(a.terms.find((t) => t.term === 'useeffect')?.weight).toBe(1);
    expect(a.terms.find((t) => t.term === 'effect')?.weight).toBeLessThan(1);
    expect(a.origins).toBe(1);
  });
});

describe('word forms the stemmer leaves apart', () => {
  it('pairs British and American spellings', () => {
    expect(relatedForms('organization')).toContain('organisation');
    expect(relatedForms('standardised')).toContain('standardized');
    expect(relatedForms('behavior')).toContain('behaviour');
    expect(relatedForms('licence')).toContain('license');
  });

  it('pairs a verb with its noun or adjective, from inflected forms too', () => {
    expect(relatedForms('decision')).toContain('decide');
    expect(relatedForms('notified')).toContain('notification');
    expect(relatedForms('submitted')).toContain('submission');
    expect(relatedForms('subscriptions')).toContain('subscribe');
    expect(relatedForms('recovery')).toContain('recover');
    expect(relatedForms('scalable')).toContain('scale');
    expect(relatedForms('paging')).toContain('pager');
    expect(relatedForms('formatter')).toContain('format');
    expect(relatedForms('planners')).toContain('plan');
  });

  it('knows irregular past forms, also with a prefix', () => {
    expect(relatedForms('chosen')).toContain('choose');
    expect(relatedForms('rebuilt')).toContain('rebuild');
    expect(relatedForms('rewritten')).toContain('rewrite');
  });

  it('never returns the word itself, nor stubs shorter than three letters', () => {
    expect(relatedForms('table')).not.toContain('table');
    expect(relatedForms('usable')).not.toContain('us');
  });
});

describe('query analysis: other forms and thesaurus phrases', () => {
  const vocab = (words: Record<string, number>) => ({ df: (t: string) => words[t] ?? 0, sorted: () => Object.keys(words).sort() });

  it('finds a store written in British spelling from an American question', () => {
    // Porter cuts "organization" to "organ" and "organisation" to "organis".
    const a = analyseQuery('organization-wide audit trail', vocab({ organis: 4, wide: 9, audit: 3, trail: 2 }), { expand: false });
    expect(a.heads[0]).toBe('organis');
  });

  it('reads a phrase as one concept and does not expand its words one by one', () => {
    // "sign in" is about logging in, not about signatures.
    const a = analyseQuery('how do registrants sign in?', vocab({ registr: 2, sign: 5, signatur: 3, login: 4, signer: 2 }));
    const ts = a.terms.map((t) => t.term);
    expect(ts).toContain('login');
    expect(ts).not.toContain('signatur');
    expect(ts).not.toContain('signer');
    // "sign" is kept, but marked: a word of the phrase does not cap the idf of the phrase's synonyms (login).
    expect(a.terms.find((t) => t.term === 'sign')?.inPhrase).toBe(true);
    expect(a.terms.find((t) => t.term === 'registr')?.inPhrase).toBeUndefined();
  });

  it('ranks a record by a phrase synonym rarer than the phrase\'s common word', () => {
    const idx = indexFromEntries(
      [
        entry('Login.gov', 'Registrants log in through Login.gov; it authenticates them.', { id: 'dec-lg000001' }),
        ...['Sign the release tags', 'Signed commits', 'Sign up flow for registrants', 'Design sign-off', 'Signals for workers', 'Sign the container images'].map((t, k) =>
          entry(t, `Registrants and the domain service: we sign things and check the registrant (${k}).`),
        ),
      ],
      buildPostings,
    );
    expect(ids(idx, 'which sign-in service do registrants use?')[0]).toBe('dec-lg000001');
  });

  it('looks phrases up with or without hyphens, and matches a phrase member by all of its words', () => {
    expect(synonymKey(['on', 'call'])).toBe(synonymKey(['oncall']));
    expect(synonymsOf(synonymKey(['all', 'or', 'nothing'])).some((s) => s.words.join(' ') === 'atomic')).toBe(true);
    const a = analyseQuery('graceful shutdown of a server', vocab({ grace: 2, server: 30, lame: 1, duck: 6 }));
    expect(a.terms.find((t) => t.term === 'lame duck')?.all).toEqual(['lame', 'duck']);
    expect(a.terms.map((t) => t.term)).not.toContain('duck');
    // Written as one word in the store: matched by that word.
    expect(analyseQuery('graceful shutdown', vocab({ lameduck: 1 })).terms.map((t) => t.term)).toContain('lameduck');
  });

  it('reads initials as an acronym only where a record spells the acronym out', () => {
    const words = { runner: 3, ci: 5, rfc: 4 };
    // No record holds "RFC" next to "runner" and "CI": "runner for CI" is not a Request for Comments.
    const a = analyseQuery('which runner for ci', { ...vocab(words), together: () => 0 });
    expect(a.terms.map((t) => t.term)).not.toContain('rfc');
    const b = analyseQuery('which runner for ci', { ...vocab(words), together: () => 1 });
    expect(b.terms.map((t) => t.term)).toContain('rfc');
  });
});

describe('recall: expansions', () => {
  it('never lets a rare synonym outscore the records that use the asker own word', () => {
    const filler = Array.from({ length: 12 }, (_, i) => entry(`Unrelated record ${i}`, 'Nothing about the topic here.'));
    const idx = indexFromEntries(
      [
        entry('Alert on failed payments', 'An alert fires when payments fail.', { id: 'dec-alt00001' }),
        entry('Alert on slow pages', 'An alert fires when pages are slow.', { id: 'dec-alt00002' }),
        entry('Alert on full disks', 'An alert fires when disks fill up.', { id: 'dec-alt00003' }),
        entry('Alarm panel', 'The office alarm panel is by the door.', { id: 'dec-alm00001' }),
        ...filler,
      ],
      buildPostings,
    );
    const got = ids(idx, 'alert');
    expect(got.slice(0, 3).sort()).toEqual(['dec-alt00001', 'dec-alt00002', 'dec-alt00003']);
    expect(got).toContain('dec-alm00001');
  });

  it('finds a paraphrase through a thesaurus phrase', () => {
    const idx = indexFromEntries(
      [
        entry('Lame duck mode', 'Before a server stops it enters lame duck mode and tells clients to reconnect elsewhere.', { id: 'dec-ldm00001' }),
        entry('Server configuration', 'Server options are read from a file; clients connect on port 4222.', { id: 'dec-cfg00001' }),
        entry('Client reconnect backoff', 'Clients reconnect with jittered backoff.', { id: 'dec-rec00001' }),
      ],
      buildPostings,
    );
    expect(ids(idx, 'how does a server warn clients before a graceful shutdown?')[0]).toBe('dec-ldm00001');
    // Highlighting gets the words of the phrase, not the phrase.
    const hit = recall(idx, 'graceful shutdown', { now: new Date('2026-02-01T00:00:00Z') })[0];
    expect(hit?.matched).toEqual(expect.arrayContaining(['lame', 'duck']));
  });
});

describe('index tokenizer', () => {
  it('gives the same terms on the fast ASCII path (inert non-ASCII characters included) as on the Unicode path', () => {
    const samples = [
      "Don't use useEffect for data fetching; rock'n'roll XMLHttpRequest v2Api HTTP2 zip-215 ZIP215 a b 1 e.g. i.e. snake_case kebab-case",
      'Café naïve résumé — “quotes” ’apostrophes’ and ünïcödé mixedCase',
      'Status — “quoted” • bullet… and – dashes only, no letter outside ASCII',
      'GitHubActions  IOError  iOS  x86_64 --flag=value path/to/file.ts #42 @user 3.14 CI/CD',
      'Status: ✅ Accepted — “smart quotes” • bullets… TM™ ½ ① ﬁle x²',
      'it’s “done” – mostly; don’t 🚀 deploy on Fridays',
    ];
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 '-_./:;,()\n\t";
    for (let i = 0; i < 300; i++) {
      let s = '';
      const len = Math.floor(rnd() * 80);
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      samples.push(s);
    }
    const corpus = join(process.cwd(), '..', 'shared', 'corpus', 'adr');
    if (existsSync(corpus)) {
      for (const repo of readdirSync(corpus).slice(0, 4)) {
        for (const f of readdirSync(join(corpus, repo)).slice(0, 15)) samples.push(readFileSync(join(corpus, repo, f), 'utf8'));
      }
    }
    // " é" sends a text down the Unicode path and adds no term ("e" is too short).
    const unicode = (s: string) => terms(`${s} é`);
    for (const s of samples) expect(terms(s), JSON.stringify(s.slice(0, 60))).toEqual(unicode(s));
  });
});

describe('recall in two halves (the query scored while git status runs)', () => {
  it('ranks the same as in one go, and a scored query can be finished twice', () => {
    const index = indexFromEntries(store(), buildPostings);
    const options = { now: new Date('2026-02-01T00:00:00Z'), changedFiles: [] as string[] };
    for (const query of ['which database did we pick and why', 'dec-pg00', 'sso login', 'payments timeout']) {
      const whole = recall(index, query, options).map((h) => [h.entry.id, h.score]);
      const scored = scoreQuery(index, query);
      expect(finishRecall(scored, options).map((h) => [h.entry.id, h.score])).toEqual(whole);
      // Finishing does not change the scored query (an id match adds its bonus to a copy).
      expect(finishRecall(scored, options).map((h) => [h.entry.id, h.score])).toEqual(whole);
    }
  });
});

describe('questions with several answers', () => {
  // Three teams recorded the same choice in their own words; one of them words it as the question does.
  const teams = [
    entry('Use GitHub Actions for CI', 'Every pull request is built and tested on GitHub Actions before review.', { id: 'dec-gha00001' }),
    entry('GitHub Actions', 'The platform team left Jenkins; its builds now run on hosted runners.', { id: 'dec-gha00002' }),
    entry('Adopt GitHub Actions', 'Our deploy workflow runs tests on hosted runners too.', { id: 'dec-gha00003' }),
    entry('Cache dependencies in builds', 'Builds restore the npm cache so that each pull request builds fast.', { id: 'dec-cac00001' }),
    entry('Pull request reviews', 'Every pull request needs one approving review before it is merged.', { id: 'dec-rev00001' }),
    entry('Tests must pass before merge', 'A pull request whose tests fail is never merged; builds are required checks.', { id: 'dec-tst00001' }),
  ];
  const idx = indexFromEntries(teams, buildPostings);
  const question = 'what CI do we use?';

  it('ranks the records titled like the best hit up, below it', () => {
    const without = ids(idx, question, { siblings: false });
    const withLift = ids(idx, question);
    expect(withLift[0]).toBe(without[0]);
    expect(withLift[0]).toBe('dec-gha00001');
    const rank = (list: string[], id: string) => (list.includes(id) ? list.indexOf(id) : 99);
    expect(rank(withLift, 'dec-gha00003')).toBeLessThan(rank(without, 'dec-gha00003'));
    expect(withLift.slice(0, 3).sort()).toEqual(['dec-gha00001', 'dec-gha00002', 'dec-gha00003']);
  });
});

describe('liftTitleSiblings', () => {
  const weigh = (t: string) => (t === stem('buildkite') ? 4 : 2);
  const ranked = (rows: [string, number][]) => rows.map(([title, score]) => ({ entry: { title }, score }));

  it('lifts by the shared share of the larger title, never above the best hit, and leaves other titles alone', () => {
    const rows = ranked([
      ['Use Buildkite agents', 10],
      ['Buildkite agents', 8],
      ['Buildkite agents for deploy previews and release notes', 8],
      ['Cache dependencies', 9],
      ['Agents', 5],
    ]);
    liftTitleSiblings(rows, weigh, 0.4);
    // Shared idf 6 of 6 (capped below the best), 6 of 14, none, 2 of 6.
    expect(rows.map((r) => r.score)).toEqual([10, expect.closeTo(9.99, 4), expect.closeTo(8 * (1 + (0.4 * 6) / 14), 9), 9, expect.closeTo(5 * (1 + (0.4 * 2) / 6), 9)]);
  });

  it('keeps the order of siblings that all reach the ceiling: no ties left for the tie-breaker', () => {
    const rows = ranked([
      ['Use Buildkite agents', 10],
      ['Buildkite agents', 9.5],
      ['Buildkite agents', 9.4],
      ['Buildkite agents', 9.3],
    ]);
    liftTitleSiblings(rows, weigh, 0.4);
    const scores = rows.map((r) => r.score);
    expect(scores[1]).toBeLessThan(10);
    expect(scores[1]).toBeGreaterThan(scores[2] as number);
    expect(scores[2]).toBeGreaterThan(scores[3] as number);
    expect(scores[3]).toBeGreaterThan(9.98);
  });

  it('does nothing with one candidate or a factor of 0', () => {
    const one = ranked([['Use Buildkite agents', 10]]);
    liftTitleSiblings(one, weigh, 0.4);
    expect(one[0]?.score).toBe(10);
    const two = ranked([['Use Buildkite agents', 10], ['Buildkite agents', 8]]);
    liftTitleSiblings(two, weigh, 0);
    expect(two[1]?.score).toBe(8);
  });
});
