// Search as you type: every keystroke sends a query at once; answers that
// arrive after a newer query was sent are dropped (sequence numbers).
// Facet values toggle filters; similar passages.

import { tick } from "svelte";
import type * as T from "../api/types";
import { emptyFilters, sameGroupName, toggleFacet } from "../text/facets";
import { asApiError } from "../backend/commands";
import { errorLine } from "./errors";
import { recordSearch } from "./metrics";
import type { Session } from "./session";

/** A screenful and more; "Visa fler" pages on. */
export const SEARCH_PAGE = 20;

/** Errors in the query itself are shown beside the search box, not as a toast. */
const QUERY_ERRORS = new Set(["query_syntax", "invalid"]);

export class Search {
  query = $state("");
  filters = $state<T.Filters>(emptyFilters());
  entries = $state<"" | T.EntryKind>("");
  /** Raw: replaced by each answer, never changed in place (a deep proxy of
   *  every hit and facet cost time on each keystroke). */
  results = $state.raw<T.SearchResultsView | null>(null);
  /** Long facet groups the user opened with "visa alla": asked for whole. */
  fullGroups = $state.raw<T.FacetGroupName[]>([]);
  /** What is wrong with the query, in the user's language. */
  error = $state<string | null>(null);
  private sent = 0;
  private shown = 0;

  constructor(private readonly s: Session) {}

  /** A fresh search (the view opens). */
  reset(): void {
    this.query = "";
    this.filters = emptyFilters();
    this.entries = "";
    this.results = null;
    this.error = null;
    this.fullGroups = [];
  }

  async run(startedAt = performance.now(), offset = 0): Promise<void> {
    const mine = ++this.sent;
    try {
      const r = await this.s.api.search({
        query: this.query,
        filters: $state.snapshot(this.filters),
        entries: this.entries || null,
        offset,
        limit: SEARCH_PAGE,
        with_facets: offset === 0,
        full_groups: this.fullGroups,
      });
      const answeredAt = performance.now();
      if (mine < this.shown || mine !== this.sent) return; // a newer query is on its way
      this.shown = mine;
      this.error = null;
      const prev = this.results;
      this.results = offset > 0 && prev ? { ...r, hits: [...prev.hits, ...r.hits], facets: prev.facets } : r;
      await tick();
      recordSearch(startedAt, r.elapsed_ms, answeredAt, performance.now());
    } catch (e) {
      if (mine !== this.sent) return;
      if (QUERY_ERRORS.has(asApiError(e).code)) this.error = errorLine(e);
      else this.s.notices.fail(e);
    }
  }

  more(): Promise<void> {
    return this.run(performance.now(), this.results?.hits.length ?? 0);
  }

  toggle(facet: T.FacetKey): Promise<void> {
    this.filters = toggleFacet(this.filters, facet);
    return this.run(performance.now());
  }

  /** "Visa alla" (or fewer) for a long facet group: it is asked for whole
   *  from now on, or capped again. */
  showAll(group: T.FacetGroupName, all: boolean): Promise<void> {
    const others = this.fullGroups.filter((g) => !sameGroupName(g, group));
    this.fullGroups = all ? [...others, group] : others;
    return this.run(performance.now());
  }

  clearFilters(): Promise<void> {
    this.filters = emptyFilters();
    return this.run(performance.now());
  }

  /** Passages like a coding or a code's codings. */
  similar(to: T.SimilarTo, limit: number): Promise<T.SearchHitView[] | undefined> {
    return this.s.notices.run(() => this.s.api.similar(to, limit));
  }
}
