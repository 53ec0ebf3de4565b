import { describe, expect, it } from 'vitest';
import { isEmptyParts, parseHandoffMarkdown, renderHandoffBody } from '../src/core/handoff-body.js';

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
