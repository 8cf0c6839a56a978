// Quotes: a code's coded segments with context (the quotes view and the
// code panel), and the facet values of its codings (the quotes view's
// attribute and coder choices).

import type * as T from "../api/types";
import { emptyFilters } from "../text/facets";
import type { Session } from "./session";
import type { View, Views } from "./views.svelte";

export class Quotes {
  /** The code the quotes view shows (null: the selected or first code). */
  code = $state<string | null>(null);

  constructor(
    private readonly s: Session,
    private readonly views: Views,
  ) {}

  /** Opens the quotes view on a code. */
  show(code: string, view: View = "quotes"): void {
    this.code = code;
    this.views.show(view);
  }

  page(request: T.QuoteRequest): Promise<T.QuotesView | undefined> {
    return this.s.notices.run(() => this.s.api.quotes(request));
  }

  /** A code's segments in document order, each with its turn. */
  segments(code: string, limit: number): Promise<T.QuotesView | undefined> {
    return this.page({ code, filters: emptyFilters(), query: "", order: "document", context: { kind: "turn" }, offset: 0, limit });
  }

  /** Facet counts over a code's codings. */
  async facets(code: string | null): Promise<T.FacetCountView[] | undefined> {
    const filters = emptyFilters();
    if (code) filters.codes.push(code);
    const r = await this.s.notices.run(() =>
      this.s.api.search({ query: "", filters, entries: "coding", offset: 0, limit: 0, with_facets: true }),
    );
    return r?.facets;
  }
}
