import { oneLine } from './text.js';
import { estimateTokens, truncateToTokens } from './tokens.js';

/**
 * The `origin start` briefing, composed under a hard token budget. Pure: the
 * command gathers the facts (git, index) and this decides what fits.
 *
 * What always fits: where we are, the latest handoff (its body shortened if
 * need be) and every open follow-up title. Then, as room allows: the commits
 * since that handoff, and the gotchas and decisions relevant now. Bodies are
 * shortened before items are dropped, items are dropped from the least
 * relevant end, and whatever is left out is summarised as "+N more ...:
 * <command>" so that nothing is silently hidden.
 */
export interface BriefingItem {
  id: string;
  title: string;
  created: string;
  status: string;
  snippet: string;
  files: string[];
  /** Why it is shown: "touches src/db.ts", "matches your query". */
  why?: string;
}

export interface BriefingHandoff {
  id: string;
  title: string;
  created: string;
  author: string;
  agent: string;
  commit: string;
  branch: string;
  summary: string;
  next: string[];
  /** The items of its Gotchas and Decisions sections: what it says matters, besides what is left. */
  gotchas: string[];
  decisions: string[];
  /** Set when the handoff comes from another branch (the default branch's latest). */
  fallbackFrom?: string;
  /**
   * Set when the latest handoff holds only origin's git context (nobody
   * wrote in it): the summary, steps, gotchas and decisions shown are from
   * this earlier handoff of the branch, the last one with notes.
   */
  notesFrom?: { id: string; created: string };
}

export interface BriefingInput {
  repo: string;
  branch: string;
  head: string;
  headSubject: string;
  uncommitted: number;
  /** The ref the briefing was rendered at (`--at`), if not the working tree. */
  at?: string;
  handoff?: BriefingHandoff;
  since?: { count: number; log: { sha: string; subject: string }[]; files: string[] };
  followups: { id: string; title: string; created: string }[];
  gotchas: BriefingItem[];
  decisions: BriefingItem[];
  context: BriefingItem[];
  totalEntries: number;
  /** How many of each kind are relevant in all (the lists above may be cut short). */
  totals?: { gotchas: number; decisions: number; context: number };
  query?: string;
  /** Entry files that could not be read (left out of everything below): the agent must hear of them, not only stderr. */
  problems?: { path: string; reason: string }[];
  budget: number;
  /** Relative age of a timestamp ("3d"), supplied by the caller (no clock here). */
  age: (iso: string) => string;
  /** Tool names to suggest: CLI commands or MCP tools. */
  surface: 'cli' | 'mcp';
}

export interface Briefing {
  markdown: string;
  tokens: number;
  budget: number;
  omitted: { gotchas: number; decisions: number; context: number; followups: number; commits: number };
}

const MAX_LOG = 8;
/** The most of the budget the open follow-ups' list takes (with the header). */
const FOLLOWUP_SHARE = 0.6;
const MAX_FILES = 12;

export function composeBriefing(input: BriefingInput): Briefing {
  const cmd = commands(input.surface);
  let header = headerBlock(input, true);
  if (input.totalEntries === 0) {
    const unreadable = input.problems?.length ?? 0;
    let markdown = `${header}\n${emptyStoreBlock(cmd, unreadable)}`;
    if (estimateTokens(markdown) > input.budget) markdown = `${headerBlock(input, false)}\n${emptyStoreBlock(cmd, unreadable)}`;
    if (estimateTokens(markdown) > input.budget) markdown = `${truncateToTokens(markdown.trimEnd(), input.budget - 1)}\n`;
    return { markdown, tokens: estimateTokens(markdown), budget: input.budget, omitted: zero() };
  }
  let footer = footerBlock(cmd);
  // Open follow-ups: every title, oldest first; if even titles alone cannot fit, the oldest go first.
  let followups = input.followups;
  let followupsOmitted = 0;
  // Token costs are computed once per block and added up (blocks end with a
  // newline, so a joined text costs the sum of its parts plus one per join).
  const headerCost = estimateTokens(header);
  let footerCost = estimateTokens(footer);
  const fixedCost = () => headerCost + footerCost + followupCost(followups, followupsOmitted, input, cmd) + 2;
  // Open follow-ups take at most FOLLOWUP_SHARE of the budget: on a store with many, the whole list
  // crowded out the handoff and what is relevant to the work now. Titles are shortened before any is
  // left out; then the oldest go first (a line points at them).
  const followupsCost = () => headerCost + followupCost(followups, followupsOmitted, input, cmd) + 1;
  // What the rest would take at full length: room it leaves goes to the follow-ups, up to the 80% they may have.
  const othersCost =
    footerCost +
    (input.handoff ? estimateTokens(handoffBlock(input.handoff, input, cmd, Number.POSITIVE_INFINITY)) + 1 : 0) +
    (input.since ? estimateTokens(sinceBlock(input.since, MAX_LOG, MAX_FILES)) + 1 : 0) +
    estimateTokens(relevantBlock(input, Number.POSITIVE_INFINITY, cmd).text) +
    1;
  const share = Math.max(input.budget * FOLLOWUP_SHARE, Math.min(input.budget * 0.8 - footerCost, input.budget - othersCost));
  if (followupsCost() > share) followups = followups.map((f) => ({ ...f, title: oneLine(f.title, 56) }));
  if (followupsCost() > share && followups.length > 1) {
    // Suffix sums of line costs: leaving out the oldest `drop` titles costs no re-estimate.
    const lines = followups.map((f) => estimateTokens(followupLine(f, input)) + 1);
    const rest = new Array<number>(lines.length + 1).fill(0);
    for (let i = lines.length - 1; i >= 0; i--) rest[i] = (rest[i + 1] as number) + (lines[i] as number);
    const costWithout = (drop: number) => headerCost + 1 + (rest[drop] as number) + headCost(followups.length + followupsOmitted, followupsOmitted + drop, cmd);
    let drop = 0;
    while (costWithout(drop) > share && followups.length - drop > 1) drop++;
    followups = followups.slice(drop);
    followupsOmitted += drop;
  }
  // The "Go further" hints matter least (section 6), but the reminder to hand off stays, on one line.
  if (fixedCost() > input.budget * 0.8) {
    footer = `_Before you stop: ${cmd.handoff}_\n`;
    footerCost = estimateTokens(footer);
    if (fixedCost() > input.budget * 0.8) {
      footer = '';
      footerCost = 0;
    }
  }
  let followupText = followupBlock(followups, followupsOmitted, input, cmd);
  let remaining = input.budget - fixedCost() - 2;

  // The latest handoff: full if it fits in what is left, else shortened.
  let handoff = input.handoff ? handoffBlock(input.handoff, input, cmd, Number.POSITIVE_INFINITY) : '';
  if (input.handoff && estimateTokens(handoff) > remaining * 0.6) {
    handoff = handoffBlock(input.handoff, input, cmd, Math.max(40, Math.floor(remaining * 0.6)));
  }
  remaining -= estimateTokens(handoff);

  let since = input.since ? sinceBlock(input.since, MAX_LOG, MAX_FILES) : '';
  if (input.since && estimateTokens(since) > remaining * 0.35) since = sinceBlock(input.since, 3, 4);
  if (input.since && estimateTokens(since) > remaining * 0.35) since = sinceBlock(input.since, 0, 0);
  remaining -= estimateTokens(since);

  const relevant = relevantBlock(input, remaining, cmd);
  let relevantText = relevant.text;
  const parts = () => [header, handoff, since, followupText, relevantText, footer].filter(Boolean);
  const assemble = () => `${parts().join('\n').trimEnd()}\n`;
  // The budget is hard. If the parts still overflow it, give up, in order:
  // the commit log, the relevant items, the hints, handoff detail, the
  // oldest follow-ups, the HEAD subject; and if even that is not enough (a
  // budget of 200 with very long names), the text is cut at the budget.
  const costs = new Map<string, number>();
  const costOf = (text: string) => {
    let c = costs.get(text);
    if (c === undefined) costs.set(text, (c = estimateTokens(text)));
    return c;
  };
  const total = () => parts().reduce((n, p) => n + costOf(p), parts().length - 1);
  let handoffMax = estimateTokens(handoff);
  let headerShort = false;
  let markdown = '';
  for (;;) {
    // The sum is exact for parts that end with a newline; the assembled text is checked once more.
    if (total() <= input.budget && estimateTokens((markdown = assemble())) <= input.budget) break;
    if (since) since = '';
    else if (relevantText) relevantText = '';
    else if (footer) footer = '';
    else if (input.handoff && handoffMax > 30) {
      handoffMax = Math.max(30, Math.floor(handoffMax * 0.75));
      handoff = handoffBlock(input.handoff, input, cmd, handoffMax);
    } else if (followups.length > 1) {
      followups = followups.slice(1);
      followupsOmitted++;
      followupText = followupBlock(followups, followupsOmitted, input, cmd);
    } else if (!headerShort) {
      header = headerBlock(input, false);
      headerShort = true;
    } else {
      markdown = `${truncateToTokens(assemble().trimEnd(), input.budget - 1)}\n`;
      // Whatever the cut took is counted as left out.
      followupsOmitted = input.followups.reduce((n, f) => n + (markdown.includes(f.id) ? 0 : 1), 0);
      break;
    }
  }
  const omittedRelevant = relevantText ? relevant.omitted : { gotchas: input.totals?.gotchas ?? input.gotchas.length, decisions: input.totals?.decisions ?? input.decisions.length, context: input.totals?.context ?? input.context.length };
  return {
    markdown,
    tokens: estimateTokens(markdown),
    budget: input.budget,
    omitted: { ...omittedRelevant, followups: followupsOmitted, commits: input.since ? Math.max(0, input.since.count - (since ? MAX_LOG : 0)) : 0 },
  };
}

function zero() {
  return { gotchas: 0, decisions: 0, context: 0, followups: 0, commits: 0 };
}

function commands(surface: 'cli' | 'mcp') {
  return surface === 'mcp'
    ? {
        recall: 'the `recall` tool (query)',
        show: 'the `get` tool (id)',
        showId: (id: string) => `the \`get\` tool (id ${id})`,
        list: (type: string) => `the \`list\` tool (type: ${type})`,
        capture: 'the `capture` tool (type decision/gotcha/followup/context, title, body, files)',
        handoff: 'the `handoff` tool',
      }
    : {
        recall: 'origin recall "<question>"',
        show: 'origin show <id>',
        showId: (id: string) => `origin show ${id}`,
        list: (type: string) => `origin list --type ${type}`,
        capture: 'origin decision|gotcha|followup|context "title" "body" [-a path]',
        handoff: 'origin handoff (markdown with ## headings on stdin, or --summary/--next)',
      };
}

function headerBlock(input: BriefingInput, withSubject: boolean): string {
  // git status names no branch for a detached HEAD (a checked-out tag or commit, a rebase in progress): say that, not a branch "detached".
  const where = input.at ? `at \`${input.at}\`` : input.branch === 'detached' ? 'at a detached HEAD' : `on branch \`${input.branch || '(none)'}\``;
  const subject = withSubject && input.headSubject ? ` ${oneLine(input.headSubject, 72)}` : '';
  const head = input.head ? `\`${input.head.slice(0, 10)}\`${subject}` : '(no commits yet)';
  // The short form (a tiny budget) names the repository once.
  const lines = [`# Session briefing: ${input.repo}`, '', withSubject ? `- Repo \`${input.repo}\` ${where}, HEAD ${head}` : `- ${where[0]?.toUpperCase()}${where.slice(1)}, HEAD ${head}`];
  if (!input.at) lines.push(`- ${input.uncommitted === 0 ? 'Working tree clean' : `${input.uncommitted} uncommitted ${input.uncommitted === 1 ? 'path' : 'paths'}`}`);
  if (input.query) lines.push(`- Focus: "${oneLine(input.query, 80)}"`);
  const problems = input.problems ?? [];
  if (problems.length > 0) {
    const first = problems[0] as { path: string; reason: string };
    const more = problems.length > 1 ? ` and ${problems.length - 1} more` : '';
    const what = `**${problems.length} malformed entry ${problems.length === 1 ? 'file' : 'files'} left out of this briefing**`;
    // The short form (a tiny budget) counts them; `origin list` names them with their reasons.
    lines.push(withSubject ? `- ${what}: \`${first.path}\` (${oneLine(first.reason, 80)})${more}; fix or remove before relying on what follows` : `- ${what}: ${input.surface === 'mcp' ? 'the `list` tool' : '`origin list`'} names ${problems.length === 1 ? 'it' : 'them'}`);
  }
  return `${lines.join('\n')}\n`;
}

function emptyStoreBlock(cmd: ReturnType<typeof commands>, unreadable = 0): string {
  return [
    '## Memory is empty',
    '',
    unreadable > 0
      ? `No entry could be read: fix the ${unreadable === 1 ? 'file' : 'files'} named above (a merge conflict left in it?). Meanwhile, record what the next session must know:`
      : 'Nothing has been captured in this repository yet. As you work, record what the next session must know:',
    `- a decision and why: ${cmd.capture}`,
    '- a pitfall you hit (gotcha), an open thread (followup), a durable fact (context)',
    `- at the end of the session: ${cmd.handoff}`,
    '',
  ].join('\n');
}

function handoffBlock(h: BriefingHandoff, input: BriefingInput, cmd: ReturnType<typeof commands>, maxTokens: number): string {
  const by = [h.author, h.agent && h.agent !== 'unknown' ? `via ${h.agent}` : ''].filter(Boolean).join(' ');
  // Under a very small allowance the author and commit go (they are one `show` away).
  const meta = maxTokens < 70 ? `${h.id}, ${input.age(h.created)} ago` : `${h.id}, ${input.age(h.created)} ago${by ? ` by ${by}` : ''}${h.commit ? ` at \`${h.commit.slice(0, 10)}\`` : ''}`;
  const title = h.fallbackFrom ? `## Latest handoff (from \`${h.fallbackFrom}\`; none on this branch yet)` : '## Latest handoff';
  const lines = [title, '', `_${meta}_`, ''];
  // A handoff of the git context alone: the notes of the last one written in are what the next session needs.
  const notesId = h.notesFrom?.id ?? h.id;
  if (h.notesFrom) lines.push(maxTokens < 70 ? `Notes from ${h.notesFrom.id}:` : `It holds only the git context; the notes below are from ${h.notesFrom.id}, ${input.age(h.notesFrom.created)} ago.`, '');
  const summary = h.summary || h.title;
  const stepsBlock = (steps: string[], more: number) =>
    steps.length || more ? ['', '**Next steps / open threads:**', ...steps, ...(more ? [`- +${more} more next steps: ${cmd.showId(notesId)}`] : [])] : [];
  const listBlock = (heading: string, items: string[]) => (items.length ? ['', heading, ...items.map((n) => `- ${oneLine(n, 200)}`)] : []);
  const full = [...lines, summary, ...stepsBlock(h.next.map((n) => `- ${oneLine(n, 200)}`), 0), ...listBlock('**Gotchas:**', h.gotchas), ...listBlock('**Decisions:**', h.decisions), ''].join('\n');
  if (estimateTokens(full) <= maxTokens) return full;
  // Too long: gotchas and decisions go first, pointed at (they are in the handoff, and often captured as entries too).
  const asides = h.gotchas.length + h.decisions.length;
  const pointer = asides ? ['', `_Also in it: ${[h.gotchas.length ? `${h.gotchas.length} ${h.gotchas.length === 1 ? 'gotcha' : 'gotchas'}` : '', h.decisions.length ? `${h.decisions.length} ${h.decisions.length === 1 ? 'decision' : 'decisions'}` : ''].filter(Boolean).join(' and ')}: ${cmd.showId(notesId)}_`] : [];
  const withSteps = [...lines, summary, ...stepsBlock(h.next.map((n) => `- ${oneLine(n, 200)}`), 0), ...pointer, ''].join('\n');
  if (estimateTokens(withSteps) <= maxTokens) return withSteps;
  // Shorten each next step (keeping its start), then the summary; steps
  // that still do not fit are counted, with where to read them, never lost.
  const steps = h.next.map((n) => `- ${oneLine(n, maxTokens < 80 ? 40 : 90)}`);
  const headCost = estimateTokens(lines.join('\n')) + 1 + (pointer.length ? estimateTokens(pointer.join('\n')) + 1 : 0);
  const stepsCost = (k: number) => (h.next.length ? estimateTokens(stepsBlock(steps.slice(0, k), steps.length - k).join('\n')) + 1 : 0);
  const MIN_SUMMARY = 12;
  let k = steps.length;
  while (k > 0 && headCost + MIN_SUMMARY + stepsCost(k) > maxTokens) k--;
  // A short step costs no more than the line that would point at it ("- keep going" against "+1 more next steps: ..."): shown.
  while (k < steps.length && stepsCost(k + 1) <= stepsCost(k)) k++;
  const summaryShort = truncateToTokens(summary.replace(/\s+/g, ' '), Math.max(MIN_SUMMARY, maxTokens - headCost - stepsCost(k) - 1));
  return [...lines, summaryShort, ...stepsBlock(steps.slice(0, k), steps.length - k), ...pointer, ''].join('\n');
}

function sinceBlock(s: NonNullable<BriefingInput['since']>, maxLog: number, maxFiles: number): string {
  if (s.count === 0) return '## Since that handoff\n\nNo commits since.\n';
  const lines = ['## Since that handoff', '', `${s.count} ${s.count === 1 ? 'commit' : 'commits'}, ${s.files.length} ${s.files.length === 1 ? 'file' : 'files'} touched.`];
  if (maxLog > 0) {
    lines.push('');
    for (const c of s.log.slice(0, maxLog)) lines.push(`- \`${c.sha.slice(0, 8)}\` ${oneLine(c.subject, 80)}`);
    if (s.count > maxLog) lines.push(`- … ${s.count - Math.min(maxLog, s.log.length)} more (git log)`);
  }
  if (maxFiles > 0 && s.files.length) {
    const shown = s.files.slice(0, maxFiles).map((f) => `\`${f}\``);
    lines.push('', `Files: ${shown.join(', ')}${s.files.length > maxFiles ? `, +${s.files.length - maxFiles} more` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

function followupBlock(items: BriefingInput['followups'], omitted: number, input: BriefingInput, cmd: ReturnType<typeof commands>): string {
  const total = items.length + omitted;
  if (total === 0) return '## Open follow-ups\n\nNone open.\n';
  const lines = followupHead(total, omitted, cmd);
  for (const f of items) lines.push(followupLine(f, input));
  return `${lines.join('\n')}\n`;
}

function followupHead(total: number, omitted: number, cmd: ReturnType<typeof commands>): string[] {
  const lines = [`## Open follow-ups (${total})`, ''];
  if (omitted) lines.push(`- +${omitted} older open follow-ups: ${cmd.list('followup')} --status open`);
  return lines;
}

function followupLine(f: BriefingInput['followups'][number], input: BriefingInput): string {
  return `- ${f.id} ${oneLine(f.title, 120)} (${input.age(f.created)})`;
}

/** estimateTokens(followupBlock(...)), from the cost of each line. */
function followupCost(items: BriefingInput['followups'], omitted: number, input: BriefingInput, cmd: ReturnType<typeof commands>): number {
  if (items.length + omitted === 0) return estimateTokens(followupBlock(items, omitted, input, cmd));
  return followupCostFrom(
    items.map((f) => estimateTokens(followupLine(f, input)) + 1),
    omitted,
    cmd,
  );
}

function followupCostFrom(lineCosts: readonly number[], omitted: number, cmd: ReturnType<typeof commands>): number {
  return lineCosts.reduce((n, c) => n + c, headCost(lineCosts.length + omitted, omitted, cmd));
}

function headCost(total: number, omitted: number, cmd: ReturnType<typeof commands>): number {
  return estimateTokens(`${followupHead(total, omitted, cmd).join('\n')}\n`);
}

function itemLine(item: BriefingItem, withSnippet: boolean): string {
  const why = item.why ? ` _(${item.why})_` : '';
  const status = item.status === 'accepted' || item.status === 'active' ? '' : ` [${item.status}]`;
  const snippet = withSnippet && item.snippet ? `: ${item.snippet}` : '';
  return `- ${item.id} **${oneLine(item.title, 110)}**${status}${snippet}${why}`;
}

function relevantBlock(input: BriefingInput, budget: number, cmd: ReturnType<typeof commands>) {
  const groups = [
    { key: 'gotchas' as const, title: 'Gotchas', items: input.gotchas, type: 'gotcha' },
    { key: 'decisions' as const, title: 'Decisions in force', items: input.decisions, type: 'decision' },
    { key: 'context' as const, title: 'Context', items: input.context, type: 'context' },
  ].map((g) => {
    // Token cost of each line with and without its snippet, computed once
    // (": snippet" sits between separators, so it adds 1 + its own cost).
    const bare = g.items.map((it) => estimateTokens(itemLine(it, false)) + 1);
    const full = g.items.map((it, i) => (bare[i] as number) + (it.snippet ? 1 + estimateTokens(it.snippet) : 0));
    const total = input.totals?.[g.key] ?? g.items.length;
    return { ...g, full, bare, total, count: g.items.length, snippets: g.items.length };
  });
  const heading = input.query ? '## Relevant to your focus' : '## Relevant now';
  const moreLine = (g: (typeof groups)[number]) => `- +${g.total - g.count} more ${g.key}: ${cmd.list(g.type)}${input.query ? ` (or ${cmd.recall})` : ''}`;
  const moreCost = (g: (typeof groups)[number]) => (g.total > g.count ? estimateTokens(moreLine(g)) + 1 : 0);
  // The cost is kept as a running sum: each step below changes one line (and
  // a group's "+N more" line), so nothing is re-estimated from scratch.
  let cost = estimateTokens(heading) + 2;
  for (const g of groups) {
    if (g.total === 0) continue;
    cost += estimateTokens(`### ${g.title}`) + 2 + moreCost(g);
    for (let i = 0; i < g.count; i++) cost += g.full[i] as number;
  }
  // Shrink the largest group first, so one kind never crowds out the others,
  // but items shown only for being recent go before any with a reason to be
  // here (anchored to the files being changed, matching the focus), whatever
  // their group: snippets go first (from the bottom of each list), then whole items.
  const largest = (field: 'snippets' | 'count') => {
    const open = groups.filter((g) => g[field] > 0);
    // Under a focus every item was chosen for it (they carry no file reason): no preference then.
    const unexplained = input.query ? [] : open.filter((g) => !g.items[g[field] - 1]?.why);
    return (unexplained.length > 0 ? unexplained : open).reduce((a, b) => (b[field] > a[field] ? b : a));
  };
  while (cost > budget && groups.some((g) => g.snippets > 0)) {
    const g = largest('snippets');
    g.snippets--;
    cost += (g.bare[g.snippets] as number) - (g.full[g.snippets] as number);
  }
  while (cost > budget && groups.some((g) => g.count > 0)) {
    const g = largest('count');
    cost -= moreCost(g);
    g.count--;
    cost -= g.count < g.snippets ? (g.full[g.count] as number) : (g.bare[g.count] as number);
    g.snippets = Math.min(g.snippets, g.count);
    cost += moreCost(g);
  }
  const parts: string[] = [];
  for (const g of groups) {
    if (g.total === 0) continue;
    const lines = [`### ${g.title}`];
    g.items.slice(0, g.count).forEach((it, i) => {
      lines.push(itemLine(it, i < g.snippets));
    });
    if (g.total > g.count) lines.push(moreLine(g));
    parts.push(lines.join('\n'));
  }
  let text = parts.length ? `${heading}\n\n${parts.join('\n\n')}\n` : '';
  if (estimateTokens(text) > budget) text = '';
  const omitted = { gotchas: 0, decisions: 0, context: 0 };
  for (const g of groups) omitted[g.key] = g.total - g.count;
  return { text, omitted };
}

function footerBlock(cmd: ReturnType<typeof commands>): string {
  return ['## Go further', '', `- Ask memory: ${cmd.recall}; read one entry: ${cmd.show}`, `- Capture as you work: ${cmd.capture}`, `- Before you stop: ${cmd.handoff}`, ''].join('\n');
}

