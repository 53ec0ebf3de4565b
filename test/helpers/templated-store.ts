import type { EntryType, StoredEntry } from '../../src/core/types.js';
import { storedEntry } from './entries.js';
import { seeded } from './seeded.js';

/**
 * A low-diversity store, like one whose entries follow a template: bodies
 * drawn from a few hundred sentences of one pattern, titles of one shape,
 * the same topics recurring with different technologies. Deterministic.
 */

export function templatedStore(size: number): StoredEntry[] {
  const r = seeded(17);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const subject = ['The team', 'Every service', 'The build', 'Our deploy pipeline', 'The API gateway', 'Each worker'];
  const verb = ['depends on', 'needs', 'avoids', 'writes to', 'reads from', 'validates'];
  const object = ['the primary database', 'a message queue', 'the object store', 'the audit log', 'the metrics backend', 'the secrets manager'];
  const reason = ['because latency matters at peak', 'so that failures stay isolated', 'to keep costs predictable', 'since the old setup was fragile'];
  const tools = ['Redis', 'Kafka', 'PostgreSQL', 'Vault', 'Nginx', 'Envoy', 'Sentry', 'Grafana', 'Helm', 'Terraform'];
  const topics = ['ledger', 'billing', 'search', 'ingest', 'catalog', 'reports', 'uploads', 'inbox', 'quota', 'webhooks'];
  const out: StoredEntry[] = [];
  for (let i = 0; i < size; i++) {
    const type: EntryType = r() < 0.6 ? 'decision' : 'context';
    const [topic, tool] = [pick(topics), pick(tools)];
    const sentences = Array.from({ length: 5 + Math.floor(r() * 3) }, () => `${pick(subject)} ${pick(verb)} ${pick(object)} ${pick(reason)}.`);
    sentences.splice(1, 0, `For ${topic}, the choice is ${tool}.`);
    const id = `${type === 'decision' ? 'dec' : 'ctx'}-${i.toString(32).padStart(8, '0')}`;
    const title = type === 'decision' ? `Use ${tool} for ${topic}` : `${topic} is owned by the platform team and uses ${tool}`;
    out.push(storedEntry({ id, type, title, body: sentences.join(' '), status: type === 'decision' ? 'accepted' : 'active', created: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z') }));
  }
  return out;
}

