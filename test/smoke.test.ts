import { describe, expect, it } from 'vitest';
import { makeRepo, origin, originJson, originOk } from './helpers/repo.js';

describe('origin (smoke)', () => {
  it('prints its version', async () => {
    const r = await originOk(['--version'], { cwd: process.cwd() });
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('captures and lists a decision in a real repository', async () => {
    const repo = await makeRepo();
    await originOk(['init'], { cwd: repo.dir });
    const id = (await originOk(['decision', 'Use PostgreSQL for persistence', 'We need transactions.'], { cwd: repo.dir })).stdout.trim();
    expect(id).toMatch(/^dec-[0-9a-z]{8}$/);
    const list = await originJson<{ id: string; title: string }[]>(['list'], { cwd: repo.dir });
    expect(list.map((e) => e.id)).toEqual([id]);
  });

  it('fails clearly outside a git repository', async () => {
    const r = await origin(['list'], { cwd: '/' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not inside a git repository');
  });
});
