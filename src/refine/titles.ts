import { stem, terms as textTerms, words } from '../core/text.js';
import { type Analysis, type DocText, sortedHas } from './analyse.js';
import { THRESHOLDS } from './thresholds.js';

/**
 * What two entries' titles say about whether they are one fact: titles that
 * each name something of their own, in parallel ("Use Redis for X" / "Use
 * Kafka for X"), or one title with a word swapped in place ("Push API" /
 * "Pull API"), are about different things however alike the bodies (see
 * PairFeatures.titleExclusive). Read by the Verifier for similar pairs.
 */

/** Words of a title swapped for others, at most, for two titles to be one title filled in twice (see TitleRules.swap()). */
const MAX_SWAPPED = 2;

/**
 * idf a swapped title word needs: any word that is not everywhere. Lower
 * than THRESHOLDS.titleTerm because the rest of the two titles is the same,
 * word for word ("Record architecture decisions" / "Record product
 * decisions": in a store of records, "architecture" is a common word).
 */
const SWAP_IDF = 1;
/** Verbs of choosing (stems): swapping one for another words the same decision differently, and none names a thing. */
const CHOOSING = new Set(['adopt', 'choos', 'chose', 'chosen', 'pick', 'select', 'prefer', 'opt', 'favour', 'favor', 'decid', 'standardis']);
/** A record's number in an imported title ("12", "ADR029", "adr-012"): no name. */
const RECORD_NUMBER = /^(?:\d+|(?:adr|rfc)[-_]?\d+)$/i;

/** A word of a title (see TitleRules.sequence). */
interface TitleWord {
  written: string;
  /** Its index terms (several for "ithtal-scheduler" or "CloudFront"). */
  terms: string[];
  /** The terms joined: equal keys, equal words. */
  key: string;
}

/**
 * Two spellings of one name ("postgres" / "postgresql", "mongo" / "mongodb"):
 * one is the start of the other, and not a short one ("sql" / "sqlite",
 * "java" / "javascript" are different things).
 */
function sameName(a: string, b: string): boolean {
  const [x, y] = [a.replace(/[-_./]/g, ''), b.replace(/[-_./]/g, '')];
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return long.startsWith(short) && short.length >= 4 && short.length >= 0.6 * long.length;
}

export class TitleRules {
  private readonly sequences: Array<readonly TitleWord[] | undefined> = [];

  constructor(
    private readonly analysis: Analysis,
    private readonly texts: readonly DocText[],
  ) {}

  /**
   * The specific terms of each title that name what the other does not,
   * when the titles are parallel (as written, for reasons); `copy`: the
   * bodies are copies, where a swapped title word is not evidence.
   */
  exclusive(a: number, b: number, copy: boolean): { titleExclusive?: [string[], string[]] } {
    const { docs, idf, termOf } = this.analysis;
    // A verb of choosing names nothing ("Adopt Redis for X" / "Pick Redis for X").
    const only = (x: number, y: number) => docs[x]!.title.filter((t) => (idf[t] as number) >= THRESHOLDS.titleTerm && !sortedHas(docs[y]!.terms, t) && !CHOOSING.has(termOf[t] as string));
    const [xa, xb] = [only(a, b), only(b, a)];
    if (xa.length > 0 && xb.length > 0 && this.parallel(a, b, xa, xb)) {
      // As words, not stems ("redis", not "redy"): the reason is read by people.
      const names = (ids: Int32Array, doc: number) => {
        const written = new Map<string, string>();
        for (const w of words(this.texts[doc]!.title)) if (!written.has(stem(w))) written.set(stem(w), w);
        const all = [...ids].map((t) => written.get(termOf[t] as string) ?? (termOf[t] as string));
        // Not the parts of a camelCase name beside it ("PostgreSQL", not "postgresql, sql").
        return all.filter((x) => !all.some((y) => y !== x && y.includes(x))).sort();
      };
      return { titleExclusive: [names(xa, a), names(xb, b)] };
    }
    // Or one title with a word swapped in place, whatever the bodies say
    // (see swap()); not between copies, where a word of the title is
    // all an agent changed when it recorded the same thing again.
    const swapped = copy ? undefined : this.swap(a, b);
    return swapped ? { titleExclusive: swapped } : {};
  }

  /**
   * Parallel titles only ("Use Redis for X" / "Use Kafka for X", "Use
   * Nginx for billing" / "Use Nginx for search"): apart from what each
   * names (xa, xb), they say the same. A paraphrase words its title its own
   * way. Titles of as many words are one template filled in twice: there
   * the shorter side's terms need only be in the other. (The parts of a
   * camelCase name make "Use FastAPI for X" look unlike "Use Helm for X"
   * when the other entry's body says "API": on a templated store of 1k
   * entries this let 91 of 101 false merges through.)
   */
  private parallel(a: number, b: number, xa: Int32Array, xb: Int32Array): boolean {
    const { docs } = this.analysis;
    const [ra, rb] = [docs[a]!.title.filter((t) => !xa.includes(t)), docs[b]!.title.filter((t) => !xb.includes(t))];
    let shared = 0;
    for (const t of ra) if (rb.includes(t)) shared++;
    const jaccard = shared / (ra.length + rb.length - shared);
    const sameShape = wordCount(this.texts[a]!.title) === wordCount(this.texts[b]!.title) && shared >= THRESHOLDS.titleParallel * Math.min(ra.length, rb.length);
    return shared > 0 && (jaccard >= THRESHOLDS.titleParallel || sameShape);
  }

  /**
   * Titles that are one title with a word or two swapped in place ("Data
   * Companion Push API" / "Data Companion Pull API"): the swapped words, or
   * undefined.
   * Real records of different decisions name each other's option in their
   * bodies (the pull API's record discusses the push API), so "a term the
   * other never uses" misses them; a restatement words its title its own
   * way, and a swap of two spellings of one name ("Postgres" / "PostgreSQL")
   * is no swap. Numbers (record numbers in imported titles) are left out.
   */
  private swap(a: number, b: number): [string[], string[]] | undefined {
    const [sa, sb] = [this.sequence(a), this.sequence(b)];
    if (sa.length !== sb.length) return undefined;
    const xa: TitleWord[] = [];
    const xb: TitleWord[] = [];
    let same = 0;
    for (let k = 0; k < sa.length; k++) {
      const [x, y] = [sa[k] as TitleWord, sb[k] as TitleWord];
      if (x.key === y.key) same++;
      // Two spellings of one name, or two verbs of choosing ("Adopt Redis" / "Pick Redis"): the same word.
      else if (!sameName(x.written, y.written) && !(CHOOSING.has(x.key) && CHOOSING.has(y.key))) {
        xa.push(x);
        xb.push(y);
      }
    }
    if (xa.length === 0 || xa.length > MAX_SWAPPED || same < xa.length) return undefined;
    const weight = (w: TitleWord) => Math.max(...w.terms.map((t) => this.idfOf(t)));
    if (![...xa, ...xb].every((w) => weight(w) >= SWAP_IDF)) return undefined;
    return [xa.map((w) => w.written), xb.map((w) => w.written)];
  }

  /**
   * A title's words in the order it writes them: a name written with
   * hyphens, dots or underscores ("ithtal-scheduler") is one word of the
   * title, so swapping one service name for another is one swap. Stop words,
   * numbers and record numbers ("ADR029") are left out; names with digits
   * ("S3", "EC2") stay. Read once per entry, on demand.
   */
  private sequence(doc: number): readonly TitleWord[] {
    let seq = this.sequences[doc];
    if (!seq) {
      const written = this.texts[doc]!.title.match(/[\p{L}\p{N}]+(?:[-_./][\p{L}\p{N}]+)*/gu) ?? [];
      seq = written
        .filter((w) => !RECORD_NUMBER.test(w))
        .map((w) => ({ written: w.toLowerCase(), terms: textTerms(w) }))
        .filter((w) => w.terms.length > 0)
        .map((w) => ({ ...w, key: w.terms.join('-') }));
      this.sequences[doc] = seq;
    }
    return seq;
  }

  private idfOf(term: string): number {
    const id = this.analysis.vocab.get(term);
    return id === undefined ? 0 : (this.analysis.idf[id] as number);
  }
}

/** Words of a title as written: a camelCase word is one, "mirgal-quota" is two. */
function wordCount(title: string): number {
  return title.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
}

