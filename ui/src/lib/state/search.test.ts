// Search as you type: an answer overtaken by a newer query is dropped, a
// query the core cannot parse is shown beside the box (in the user's
// language), any other failure is a toast; facet toggles send their filter.
import { describe, expect, it } from "vitest";
import type { Backend } from "../api/backend";
import type * as T from "../api/types";
import { locale } from "../i18n/index.svelte";
import { describeError } from "./errors";
import { Notices } from "./notices.svelte";
import { Search } from "./search.svelte";

function results(total: number): T.SearchResultsView {
  return { total, hits: [], facets: [], facet_groups: [], elapsed_ms: 1 };
}

function setup() {
  const pending: { req: T.SearchRequest; resolve: (r: T.SearchResultsView) => void; reject: (e: unknown) => void }[] = [];
  const api = {
    search: (req: T.SearchRequest) => new Promise<T.SearchResultsView>((resolve, reject) => pending.push({ req, resolve, reject })),
  } as unknown as Backend;
  const notices = new Notices();
  const search = new Search({ api, notices, refresh: async () => {}, refreshCounts: async () => {} });
  return { search, pending, notices };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("the search controller", () => {
  it("drops an answer that a newer query overtook", async () => {
    const { search, pending } = setup();
    search.query = "sam";
    const first = search.run();
    search.query = "samverkan";
    const second = search.run();
    pending[1].resolve(results(2));
    await second;
    pending[0].resolve(results(99));
    await first;
    expect(search.results?.total).toBe(2);
    expect(pending.map((p) => p.req.query)).toEqual(["sam", "samverkan"]);
  });

  it("shows a query syntax error beside the box and other errors as a toast", async () => {
    locale.current = "sv";
    const { search, pending, notices } = setup();
    const syntax = { code: "query_syntax", message: "unbalanced quote", details: { reason: "unbalanced quote" } };
    const run = search.run();
    pending[0].reject(syntax);
    await run;
    expect(search.error).toContain(describeError(syntax).title);
    expect(notices.toasts).toEqual([]);
    const again = search.run();
    pending[1].reject({ code: "io", message: "disk", details: {} });
    await again;
    expect(notices.lastError?.code).toBe("io");
  });

  it("sends a facet's filter, and more pages without facets", async () => {
    const { search, pending } = setup();
    const toggled = search.toggle({ group: "attr", name: "Kommun/Region", value: "Norr/Söder" });
    pending[0].resolve({ ...results(30), hits: Array(20).fill(null) });
    await toggled;
    expect(pending[0].req.filters.attributes).toEqual([["Kommun/Region", "Norr/Söder"]]);
    expect(pending[0].req.with_facets).toBe(true);
    const more = search.more();
    await flush();
    expect(pending[1].req.offset).toBe(20);
    expect(pending[1].req.with_facets).toBe(false);
    pending[1].resolve({ ...results(30), hits: Array(10).fill(null) });
    await more;
    expect(search.results?.hits.length).toBe(30);
  });

  it("asks for a long facet group whole after 'visa alla', and capped again after 'visa färre'", async () => {
    const { search, pending } = setup();
    const first = search.showAll({ group: "code" }, true);
    pending[0].resolve(results(1));
    await first;
    expect(pending[0].req.full_groups).toEqual([{ group: "code" }]);
    const second = search.showAll({ group: "attr", name: "Omgång" }, true);
    pending[1].resolve(results(1));
    await second;
    expect(pending[1].req.full_groups).toEqual([{ group: "code" }, { group: "attr", name: "Omgång" }]);
    const typed = search.run();
    pending[2].resolve(results(1));
    await typed;
    expect(pending[2].req.full_groups, "kept while the user types").toHaveLength(2);
    const fewer = search.showAll({ group: "code" }, false);
    pending[3].resolve(results(1));
    await fewer;
    expect(pending[3].req.full_groups).toEqual([{ group: "attr", name: "Omgång" }]);
    search.reset();
    expect(search.fullGroups).toEqual([]);
  });
});
