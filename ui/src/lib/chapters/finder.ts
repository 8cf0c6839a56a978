// The quote finder's request from its pickers: a theme, subtheme or code,
// one value per tag dimension and per attribute (as the quotes view filters).

import type * as T from "../api/types";
import { emptyFilters } from "../text/facets";

export interface FinderPickers {
  code: string;
  /** dimension key → value key ("" or absent: all). */
  tags: Record<string, string>;
  /** attribute name → value ("" or absent: all). */
  attributes: Record<string, string>;
  query: string;
}

/** How many candidates the finder lists. */
export const FINDER_LIMIT = 40;

export function finderRequest(p: FinderPickers, limit = FINDER_LIMIT): T.FinderRequest | null {
  if (!p.code) return null;
  const filters = emptyFilters();
  for (const [d, v] of Object.entries(p.tags)) if (v) filters.tags.push([d, v]);
  for (const [n, v] of Object.entries(p.attributes)) if (v) filters.attributes.push([n, v]);
  return { code: p.code, filters, query: p.query.trim(), limit };
}

/** Whether a candidate is in the set (by the sets the core says quote it). */
export function inSet(c: T.FinderCandidate, setId: string | null): boolean {
  return !!setId && c.in_sets.some((s) => s.id === setId);
}

/** The candidate the arrow keys move to (wrapping off neither end). */
export function nextIndex(i: number, delta: number, length: number): number {
  if (length === 0) return -1;
  return Math.max(0, Math.min(length - 1, i + delta));
}
