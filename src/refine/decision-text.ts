/**
 * Which part of an entry states its decision: a "Decision" (or "Outcome",
 * "Resolution") section, and elsewhere the sentences that say what was
 * chosen ("we will...", "we decided..."). Read by the stance model
 * (stance.ts), where a disagreement is the strongest evidence that two
 * entries differ.
 */

const DECISION_HEADING = /\b(decisions?|decided|outcome|resolution|resolved|conclusion|chosen|choice)\b/i;
const DECISION_SENTENCE =
  /\b(we|we'll|we've|we're|i|team)\s+(will|shall|decided|decide|chose|choose|have chosen|are going to|going to|opt|opted|use|adopt|adopted|pick|picked|prefer|keep|stay|agreed|agree|settled)\b|\b(decided|decision|chosen|agreed) (to|is|was|on)\b|\bwill (be )?(use|used|adopt|adopted|keep|kept|move|moved|replace|replaced|remove|removed|stop|switch)\b/i;

/**
 * The body as blocks: paragraphs with their hard-wrapped lines joined (ADRs
 * are often wrapped at 80 columns, and a sentence cut at a line break loses
 * the words after the break, "we chose not to hydrate elements that are
 * not" / "classified as tracking"), each list item on its own, headings
 * apart. Fenced code is left out: it states no decision in words.
 */
function blocks(body: string): Array<{ heading?: { depth: number; text: string }; text: string }> {
  const out: Array<{ heading?: { depth: number; text: string }; text: string }> = [];
  let current: string[] = [];
  let fenced = false;
  const flush = () => {
    if (current.length > 0) out.push({ text: current.join(' ') });
    current = [];
  };
  for (const line of body.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      flush();
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      flush();
      out.push({ heading: { depth: (heading[1] as string).length, text: heading[2] as string }, text: '' });
    } else if (line.trim() === '') flush();
    else {
      if (/^\s*([-*+]|\d+[.)]|\|)\s/.test(line)) flush();
      current.push(line.trim());
    }
  }
  flush();
  return out;
}

/** The part of a body that states the decision (see Stance.decision). */
export function decisionText(body: string): string {
  const out: string[] = [];
  let level = 0;
  for (const block of blocks(body)) {
    if (block.heading) {
      const { depth, text } = block.heading;
      if (level > 0 && depth <= level) level = 0;
      if (level === 0 && DECISION_HEADING.test(text)) level = depth;
      continue;
    }
    if (level > 0) out.push(block.text);
    else for (const sentence of block.text.split(/(?<=[.!?])\s+/)) if (DECISION_SENTENCE.test(sentence)) out.push(sentence);
  }
  return out.join('\n');
}
