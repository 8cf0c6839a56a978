// A small fuzzy matcher for the quick-code popover: the query's characters
// must appear in order in the target; contiguous runs, word starts and an
// early first match score higher. Case and diacritics are folded, so
// "narhet" finds "Närhet" (and "när" still does).

/** One collator for all comparisons (`localeCompare(x, "sv")` builds one per call). */
const collator = new Intl.Collator("sv");

export interface FuzzyMatch {
  score: number;
  /** Indices into the target (UTF-16) of the matched characters. */
  positions: number[];
}

/** Folds one character for comparison: lower case, no combining marks. */
function fold(ch: string): string {
  return ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

function isWordStart(text: string, i: number): boolean {
  if (i === 0) return true;
  const prev = text[i - 1];
  return /[\s\-_/›>.,:;()«»"'”]/.test(prev);
}

/** Scores `target` against `query`; null when the query does not match. */
export function fuzzyMatch(query: string, target: string): FuzzyMatch | null {
  const q = Array.from(query.trim()).map(fold).join("").replace(/\s+/g, " ");
  if (q.length === 0) return { score: 0, positions: [] };
  const folded: string[] = [];
  for (let i = 0; i < target.length; i++) folded.push(fold(target[i]));

  // Prefer a contiguous substring match: it is what people type.
  const flat = folded.join("");
  if (flat.length === target.length) {
    const at = flat.indexOf(q);
    if (at >= 0) {
      const positions = Array.from({ length: q.length }, (_, k) => at + k);
      let score = 100 + q.length * 10 - at;
      if (at === 0) score += 50;
      else if (isWordStart(target, at)) score += 30;
      if (q.length === flat.length) score += 40;
      return { score, positions };
    }
  }

  // Otherwise a subsequence, preferring word starts greedily.
  const positions: number[] = [];
  let qi = 0;
  let score = 0;
  let prev = -2;
  for (let i = 0; i < folded.length && qi < q.length; i++) {
    if (folded[i] === q[qi]) {
      positions.push(i);
      if (prev === i - 1) score += 8;
      if (isWordStart(target, i)) score += 10;
      score += 1;
      prev = i;
      qi++;
    }
  }
  if (qi < q.length) return null;
  score -= positions[0] * 0.5;
  score -= (positions[positions.length - 1] - positions[0] - positions.length) * 0.2;
  return { score, positions };
}

export interface Rankable {
  id: string;
  name: string;
  /** "Theme › Subtheme › Code", matched with less weight. */
  path: string;
}

export interface Ranked<T extends Rankable> {
  item: T;
  score: number;
  /** Matched positions in `item.name` (empty when the path matched). */
  positions: number[];
}

/** Ranks items by how well their name (or, weaker, their path) matches. */
export function rankByFuzzy<T extends Rankable>(query: string, items: T[], limit = 50): Ranked<T>[] {
  const out: Ranked<T>[] = [];
  for (const item of items) {
    const byName = fuzzyMatch(query, item.name);
    const byPath = item.path !== item.name ? fuzzyMatch(query, item.path) : null;
    if (byName && (!byPath || byName.score + 5 >= byPath.score * 0.8)) {
      out.push({ item, score: byName.score, positions: byName.positions });
    } else if (byPath) {
      out.push({ item, score: byPath.score * 0.8, positions: [] });
    }
  }
  out.sort((a, b) => b.score - a.score || collator.compare(a.item.name, b.item.name));
  return out.slice(0, limit);
}
