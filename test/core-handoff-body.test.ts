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
