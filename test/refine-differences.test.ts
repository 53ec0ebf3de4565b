import { describe, expect, it } from 'vitest';
import type { StoredEntry } from '../src/core/types.js';
import { antonymConflicts } from '../src/refine/antonyms.js';
import { numberConflicts, numberSlots } from '../src/refine/numbers.js';
import { planRefine } from '../src/refine/plan.js';
import { swapSides } from '../src/refine/verify.js';
import { storedEntry } from './helpers/entries.js';

let serial = 0;
function entry(title: string, body: string, fields: Partial<StoredEntry> = {}): StoredEntry {
  serial++;
  return storedEntry({ id: `dec-0000${serial.toString(32).padStart(4, '0')}`, title, body, created: `2026-01-${String(serial).padStart(2, '0')}T10:00:00Z`, ...fields });
}

// Unrelated entries, so that idf means something.
const BACKGROUND = [
  entry('Log in JSON to stdout', 'Services write structured JSON logs to stdout; the platform ships them to the log store.'),
  entry('Pin Node to the LTS release', 'The runtime is pinned to the current Node LTS in .nvmrc and in the Dockerfile.'),
  entry('Feature flags live in LaunchDarkly', 'Product toggles are managed in LaunchDarkly so that releases and launches are decoupled.'),
  entry('Deploy with GitHub Actions', 'Every merge to main builds the container and deploys it to staging with GitHub Actions.'),
];

describe('numbers a text gives', () => {
  const flat = (text: string) => Object.fromEntries([...numberSlots(text)].map(([k, v]) => [k, [...v.values]]));

  it('counts a number by the word after it, else the word before it; digits inside a name are no number', () => {
    expect(flat('A pool of 10 connections; statement_timeout is 5 seconds, idle ones close after 30 seconds. PostgreSQL 16 via S3, EC2 and SHA256.')).toEqual({ connect: ['10'], second: ['5', '30'], postgresql: ['16'] });
  });

  it('counts by a unit or symbol written with the number; a time, a range and a date are one value; a list marker is none', () => {
    expect(flat('timeout 30s, retry after 500ms, 10GB disks, 2x faster, 95% of requests, costs $3,000')).toEqual({ s: ['30'], ms: ['500'], gb: ['10'], x: ['2'], '%': ['95'], $: ['3000'] });
    expect(flat('runs at 10:30 daily, 5-10 retries')).toEqual({ daily: ['10:30'], retry: ['5-10'] });
    expect(flat('1. Install\n2. Run the migrations')).toEqual({});
    expect(numberConflicts(numberSlots('timeout 30s'), numberSlots('timeout 60s'))).toEqual(['30 / 60 s']);
  });

  it('finds a thing each side counts differently, not a number one side only adds', () => {
    const a = numberSlots('A pool of 10 connections; idle ones close after 30 seconds.');
    const b = numberSlots('A pool of 25 connections; idle ones close after 30 seconds, statement_timeout is 5 seconds.');
    expect(numberConflicts(a, b)).toEqual(['10 / 25 connections']);
    expect(numberConflicts(a, numberSlots('A pool of 10 connections.'))).toEqual([]);
  });

  it('finds opposite words only where each side uses one and never the other', () => {
    const words = (text: string) => new Set(text.toLowerCase().split(/\W+/));
    expect(antonymConflicts(words('mount raw before json'), words('mount raw after json'))).toEqual(['before / after']);
    expect(antonymConflicts(words('before and after the deploy'), words('after the deploy'))).toEqual([]);
    // Word forms are pairs of their own: a third-person verb, a gerund.
    expect(antonymConflicts(words('the flag enables retries'), words('the flag disables retries'))).toEqual(['enables / disables']);
    expect(antonymConflicts(words('including drafts'), words('excluding drafts'))).toEqual(['including / excluding']);
    // Not words a restatement adds in passing: "Status: accepted" against "RabbitMQ was rejected" says nothing.
    expect(antonymConflicts(words('status accepted use kafka'), words('use kafka rabbitmq was rejected'))).toEqual([]);
  });
});

describe('refine never merges an edit that changes the fact', () => {
  const plan = (a: StoredEntry, b: StoredEntry) => planRefine([...BACKGROUND, a, b]);

  it('a later note that turns a statement into its negation (plain notes, no decision section)', () => {
    const first = entry('Retry webhook deliveries', 'Webhook deliveries to merchants are retried with exponential backoff, starting at 30 seconds, through the BullMQ queue webhook-out. Payloads are signed with HMAC-SHA256 in the X-Signature header.');
    const later = entry('Retry webhook deliveries', 'Webhook deliveries to merchants are not retried with exponential backoff; the BullMQ queue webhook-out makes a single attempt. Payloads are signed with HMAC-SHA256 in the X-Signature header.');
    const p = plan(first, later);
    expect(p.merges).toEqual([]);
    expect(p.suggestions[0]).toMatchObject({ a: { id: first.id }, b: { id: later.id } });
    expect(p.suggestions[0]?.held).toBeUndefined();
    expect(p.suggestions[0]?.reason).toMatch(/^they disagree about .*backoff/);
    expect(p.suggestions[0]?.kind).toBe('disagree');
  });

  it('a later note that changes the numbers', () => {
    const body = (pool: number, timeout: number) => `The API talks to PostgreSQL 16 through the pg driver with a pool of ${pool} connections, configured in src/db/pool.ts from DATABASE_URL. Idle connections are closed after 30 seconds; statement_timeout is ${timeout} seconds.`;
    const p = plan(entry('Postgres connection pool', body(10, 5)), entry('Postgres connection pool', body(25, 15)));
    expect(p.merges).toEqual([]);
    expect(p.suggestions[0]?.reason).toBe('they differ on 10 / 25 connections; 5 / 15 seconds');
    expect(p.suggestions[0]?.kind).toBe('update');
  });

  it('words the differences with the entry listed first (the one a merge keeps) first, whichever was read first', () => {
    const body = (pool: number, timeout: number) => `The API talks to PostgreSQL 16 through the pg driver with a pool of ${pool} connections, configured in src/db/pool.ts from DATABASE_URL. Idle connections are closed after 30 seconds; statement_timeout is ${timeout} seconds.`;
    const older = entry('Postgres connection pool', body(10, 5));
    const newer = entry('Postgres connection pool', body(25, 15));
    const p = plan(newer, older);
    expect(p.suggestions[0]).toMatchObject({ a: { id: older.id }, b: { id: newer.id }, reason: 'they differ on 10 / 25 connections; 5 / 15 seconds' });
    expect(swapSides('they differ on before / after')).toBe('they differ on after / before');
    expect(swapSides('they differ on 5, 6 / 7 seconds; 10:30 / 11:00 daily')).toBe('they differ on 7 / 5, 6 seconds; 11:00 / 10:30 daily');
    expect(swapSides('their titles name different things: redis, cache / kafka')).toBe('their titles name different things: kafka / redis, cache');
    expect(swapSides('same topic, but they may disagree about backoff')).toBe('same topic, but they may disagree about backoff');
  });

  it('a copy-edit that turns a word into its opposite', () => {
    const text = (when: string) => `Mount express.raw() on /webhooks/stripe ${when} express.json(), or signature verification fails with "No signatures found".`;
    const p = plan(entry('Stripe webhooks need the raw body', text('before'), { type: 'gotcha' }), entry('Stripe webhooks need the raw body', text('after'), { type: 'gotcha' }));
    expect(p.merges).toEqual([]);
    expect(p.suggestions[0]?.reason).toBe('they differ on before / after');
  });

  it('still merges a copy that keeps the numbers and words (adding one is no change)', () => {
    const body = 'The API talks to PostgreSQL 16 through the pg driver with a pool of 10 connections, configured in src/db/pool.ts from DATABASE_URL. Idle connections are closed after 30 seconds.';
    const p = plan(entry('Postgres connection pool', body), entry('Postgres connection pool', `${body} statement_timeout is 5 seconds.`));
    expect(p.merges).toHaveLength(1);
  });
});
