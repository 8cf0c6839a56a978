// Quotes: a code's coded segments with context (the quotes view and the
// code panel), and the facet values of its codings (the quotes view's
// attribute and coder choices).

import type * as T from "../api/types";
import { emptyFilters } from "../text/facets";
import type { Session } from "./session";
import type { View, Views } from "./views.svelte";

/** Exact codings the quotes view shows instead of a code's (a matrix cell),
 *  with a heading saying what they are and the view to go back to. */
export interface CodingsShown {
  ids: string[];
  heading: string;
  back: View;
}

export class Quotes {
  /** The code the quotes view shows (null: the selected or first code). */
  code = $state<string | null>(null);
  /** Set: the view shows exactly these codings (the code and filters are set aside). */
  shown = $state.raw<CodingsShown | null>(null);

  constructor(
    private readonly s: Session,
    private readonly views: Views,
  ) {}

  /** Opens the quotes view on a code. */
  show(code: string, view: View = "quotes"): void {
    this.code = code;
    this.shown = null;
    this.views.show(view);
  }

  /** Opens the quotes view on exactly these codings (a matrix cell's). */
  showCodings(ids: string[], heading: string, back: View): void {
    this.shown = { ids, heading, back };
    this.views.show("quotes");
  }

  /** Leaves the codings shown: back to where they came from. */
  back(): void {
    const back = this.shown?.back;
    this.shown = null;
    if (back) this.views.show(back);
  }

  /** Leaves the codings shown, staying in the quotes view (a code's quotes again). */
  clearShown(): void {
    this.shown = null;
  }

  /** A page of exactly these codings, with their turns. */
  codingsPage(ids: string[], offset: number, limit: number, context: T.QuoteContext = { kind: "turn" }): Promise<T.QuotesView | undefined> {
    const request: T.QuoteRequestWithCodings = { code: null, filters: emptyFilters(), query: "", order: "document", context, offset, limit, codings: ids };
    return this.s.notices.run(() => this.s.api.quotes(request));
  }

  page(request: T.QuoteRequest): Promise<T.QuotesView | undefined> {
    return this.s.notices.run(() => this.s.api.quotes(request));
  }

  /** A code's segments in document order, each with its turn. */
  segments(code: string, limit: number): Promise<T.QuotesView | undefined> {
    return this.page({ code, codings: null, filters: emptyFilters(), query: "", order: "document", context: { kind: "turn" }, offset: 0, limit });
  }

  /** Facet counts over a code's codings. */
  async facets(code: string | null): Promise<T.FacetCountView[] | undefined> {
    const filters = emptyFilters();
    if (code) filters.codes.push(code);
    const r = await this.s.notices.run(() =>
      this.s.api.search({ query: "", filters, entries: "coding", offset: 0, limit: 0, with_facets: true, full_groups: [] }),
    );
    return r?.facets;
  }
}
