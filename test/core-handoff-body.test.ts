import { describe, expect, it } from 'vitest';
import { isEmptyParts, parseHandoffMarkdown, renderHandoffBody } from '../src/core/handoff-body.js';
import { listItems } from '../src/core/sections.js';

/** How a handoff's markdown is read into slots: nothing the agent wrote is lost or reshaped. */
describe('parseHandoffMarkdown', () => {
  it('reads a leading # heading as the title, even with nothing under it', () => {
    const parts = parseHandoffMarkdown('# My handoff\n\n## Summary\nDid the retry path.\n');
    expect(parts.title).toBe('My handoff');
    expect(parts.slots.summary).toBe('Did the retry path.');
    expect(parseHandoffMarkdown('# Only a title\n').title).toBe('Only a title');
    expect(isEmptyParts(parseHandoffMarkdown('# Only a title\n'))).toBe(false);
  });

  it('keeps deeper headings inside their section', () => {
    const parts = parseHandoffMarkdown('## Summary\nDone.\n\n## Risks\nSome.\n\n### Sub\nDetail under risks.\n');
    expect(parts.other).toEqual([{ heading: 'Risks', text: 'Some.\n\n### Sub\nDetail under risks.' }]);
    const body = renderHandoffBody(parts, { commits: [], commitsTruncated: false, files: [], uncommitted: [], captured: [], resolved: [], followupsCreated: [], followupsOpen: [] });
    expect(body).toContain('## Risks\n\nSome.\n\n### Sub\nDetail under risks.');
    expect(body).not.toMatch(/^## Sub/m);
  });

  it('splits at the level the note uses, ### included, and never inside a code fence', () => {
    const parts = parseHandoffMarkdown('### Summary\nDone.\n\n### Next steps\n- wire CI\n\n```md\n## not a heading\n```\n');
    expect(parts.slots.summary).toBe('Done.');
    expect(parts.slots.next).toBe('- wire CI\n\n```md\n## not a heading\n```');
  });
});

describe('parseHandoffMarkdown on notes written in other shapes', () => {
  it('reads # headings used as sections as sections, not the first one as a title', () => {
    const parts = parseHandoffMarkdown('# Summary\nDid it.\n\n# Next steps\n- wire CI\n');
    expect(parts.title).toBeUndefined();
    expect(parts.slots.summary).toBe('Did it.');
    expect(parts.slots.next).toBe('- wire CI');
  });

  it('keeps ## sections when a # line comes later (an appendix, a shell comment)', () => {
    const parts = parseHandoffMarkdown('Intro line.\n\n## Summary\nDid it.\n\n## Next steps\n- wire CI\n\n## Commands\nrun this:\n# reset the db first\nnpm run reset\n');
    expect(parts.slots.summary).toBe('Intro line.\n\nDid it.');
    expect(parts.slots.next).toBe('- wire CI');
    expect(parts.slots.files).toBe('run this:\n# reset the db first\nnpm run reset');
  });

  it('keeps a title that ends with a hash sign, and reads a note that opens with a code fence', () => {
    expect(parseHandoffMarkdown('# Port the parser to C#\n\n## Summary\nDone.\n').title).toBe('Port the parser to C#');
    const fenced = parseHandoffMarkdown('```sh\n# not a title\n```\n\n## Summary\nDone.\n');
    expect(fenced.title).toBeUndefined();
    expect(fenced.slots.summary).toBe('```sh\n# not a title\n```\n\nDone.');
  });
});

describe('parseHandoffMarkdown: titles and headings that only contain section words', () => {
  it('takes "# Session 9 handoff" as the title and keeps the ## sections', () => {
    const parts = parseHandoffMarkdown('# Session 9 handoff\n\n## Summary\nTuned recall.\n\n## Next steps\n- rerun bench\n- update docs\n');
    expect(parts.title).toBe('Session 9 handoff');
    expect(parts.slots.summary).toBe('Tuned recall.');
    expect(parts.slots.next).toBe('- rerun bench\n- update docs');
  });

  it('reads # Summary with ## Next steps as two sections', () => {
    const parts = parseHandoffMarkdown('# Summary\nDone.\n\n## Next steps\n- wire CI\n');
    expect(parts.title).toBeUndefined();
    expect(parts.slots.summary).toBe('Done.');
    expect(parts.slots.next).toBe('- wire CI');
  });

  it('does not file a heading by a word inside another word', () => {
    const parts = parseHandoffMarkdown('## Summary\nDone.\n\n## Framework notes\nKept Rails.\n\n## Dockerfile notes\nSlim base.\n');
    expect(parts.slots.changed).toBeUndefined();
    expect(parts.slots.files).toBeUndefined();
    expect(parts.other.map((o) => o.heading)).toEqual(['Framework notes', 'Dockerfile notes']);
  });

  it('keeps a plan apart from open questions, and an unfenced # comment inside its section', () => {
    const parts = parseHandoffMarkdown('## Background\nWhy.\n\n### Open questions\n- which region?\n\n## Plan\n- step one\n\n## Commands\nrun:\n# reset first\nnpm run reset\n');
    expect(parts.slots.next).toBe('- which region?');
    expect(parts.other.find((o) => o.heading === 'Plan')?.text).toBe('- step one');
    expect(parts.slots.files).toBe('run:\n# reset first\nnpm run reset');
  });
});

describe('parseHandoffMarkdown: section names people write', () => {
  it.each([["What's next"], ['Key decisions'], ['Decisions made'], ['Files touched'], ['Known issues'], ['Next steps for the migration']])('%s', (heading) => {
    const parts = parseHandoffMarkdown(`# Summary\nDone.\n\n## ${heading}\n- one\n`);
    expect(parts.slots.summary).toBe('Done.');
    expect(Object.values(parts.slots).filter((v) => v === '- one')).toHaveLength(1);
  });
});

describe('renderHandoffBody', () => {
  it('cuts a long commit subject at 120 characters (git log keeps it whole)', () => {
    const subject = `Fix the retry path ${'and more '.repeat(30)}`.trim();
    const body = renderHandoffBody(parseHandoffMarkdown('## Summary\nDone.\n'), {
      commits: [{ sha: 'abcdef0123456789', subject }],
      commitsTruncated: false,
      files: [],
      uncommitted: [],
      captured: [],
      resolved: [],
      followupsCreated: [],
      followupsOpen: [],
    });
    const line = body.split('\n').find((l) => l.startsWith('- `abcdef01`')) as string;
    expect(line).toBe(`- \`abcdef01\` ${subject.slice(0, 119)}…`);
  });

  it('lists 40 captured entries and counts the rest (600 captures made a 1,249-line handoff)', () => {
    const captured = Array.from({ length: 600 }, (_, i) => ({ id: `gtc-${String(i).padStart(8, '0')}`, type: 'gotcha', title: `Gotcha ${i}` }));
    const body = renderHandoffBody(parseHandoffMarkdown('## Summary\nDone.\n'), {
      commits: [],
      commitsTruncated: false,
      files: [],
      uncommitted: [],
      captured,
      resolved: [],
      followupsCreated: [],
      followupsOpen: [],
    });
    expect(body).toContain('Captured this session (600):');
    expect(body).toContain('- gtc-00000039 (gotcha) Gotcha 39\n- … 560 more, all in this handoff\'s links');
    expect(body).not.toContain('gtc-00000040');
    expect(body.split('\n').length).toBeLessThan(60);
  });
});

describe('listItems: the open steps of a list', () => {
  it('leaves out ticked tasks with what is nested under them; keeps unticked ones and plain items', () => {
    const text = ['- [ ] write the runbook', '- [x] migrate the db', '  - ran 0001', '  - ran 0002', '    more detail', '* [X] ship it', '1. [ ] tell support', '- plain step', '  continued'].join('\n');
    expect(listItems(text, { open: true })).toEqual(['write the runbook', 'tell support', 'plain step continued']);
    // Without `open`, every item (the ticks read as text marks).
    expect(listItems(text)).toHaveLength(7);
    expect(listItems('- [x] fix tests\n- [X] ship it', { open: true })).toEqual([]);
  });
});
