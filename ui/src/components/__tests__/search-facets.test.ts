// The search view's facet list updates counts in place: a new answer with
// other counts changes the count's text in the same element (nothing is
// re-mounted, so nothing flickers); long groups show their top values and
// "visa alla (N)".
import { afterEach, describe, expect, it } from "vitest";
import { mountWindow, settle, unmountWindow } from "./window";
import type * as T from "../../lib/api/types";
import { RecordedBackend } from "../../lib/backend/recorded";
import { demoRecording } from "../../lib/backend/demo-recording";
import { locale, t } from "../../lib/i18n/index.svelte";
import { app } from "../../lib/state/root.svelte";

afterEach(unmountWindow);

const speaker = (value: string, count: number): T.FacetCountView => ({ facet: { group: "speaker", value }, label: value, count });
const question = (value: string, count: number): T.FacetCountView => ({ facet: { group: "question", value }, label: value, count });

function results(facets: T.FacetCountView[]): T.SearchResultsView {
  return { total: 3, hits: [], facets, facet_groups: [], elapsed_ms: 1 };
}

/** The demo project's window, in Swedish, on the search view. */
async function openSearch(): Promise<void> {
  locale.current = "sv";
  await app.init(new RecordedBackend(demoRecording()));
  mountWindow();
  await settle();
  document.querySelector<HTMLElement>('[data-testid="tab-search"]')!.click();
  await settle();
}

const facetEl = (id: string) => document.querySelector<HTMLElement>(`[data-testid="facet-value"][data-facet='${id}']`);

describe("search facets", () => {
  it("update counts in place, group answers by question, and show long groups' top values", async () => {
    await openSearch();
    const many = Array.from({ length: 10 }, (_, i) => speaker(`Deltagare ${i}`, 20 - i));
    app.search.results = results([...many, question("Samverkan – fungerar väl", 4)]);
    await settle();
    const id = JSON.stringify(["speaker", "Deltagare 0"]);
    const before = facetEl(id)!;
    expect(before.querySelector(".count")!.textContent).toBe("20");
    expect(facetEl(JSON.stringify(["speaker", "Deltagare 9"])), "beyond the top 8").toBeNull();
    const showAll = document.querySelector<HTMLElement>('[data-testid="facet-show-all"]')!;
    expect(showAll.textContent!.trim()).toBe(t("search.showAll", { n: 10 }));
    const q = facetEl(JSON.stringify(["question", "Samverkan – fungerar väl"]))!;
    expect(q.closest("section")!.textContent).toContain(t("facet.question"));

    app.search.results = results([speaker("Deltagare 0", 30), ...many.slice(1), question("Samverkan – fungerar väl", 2)]);
    await settle();
    const after = facetEl(id)!;
    expect(after, "the same element, its count changed in place").toBe(before);
    expect(after.querySelector(".count")!.textContent).toBe("30");
    expect(facetEl(JSON.stringify(["question", "Samverkan – fungerar väl"]))).toBe(q);

    showAll.click();
    await settle();
    expect(facetEl(JSON.stringify(["speaker", "Deltagare 9"]))).not.toBeNull();
    expect(app.search.fullGroups, "the group is asked for whole").toEqual([{ group: "speaker" }]);
  });

  it("say how many values a capped group has, as the core counted them", async () => {
    await openSearch();
    const top = Array.from({ length: 25 }, (_, i) => speaker(`Deltagare ${i}`, 100 - i));
    app.search.results = { ...results(top), facet_groups: [{ name: { group: "speaker" }, values: 151 }] };
    await settle();
    const showAll = document.querySelector<HTMLElement>('[data-testid="facet-show-all"]')!;
    expect(showAll.textContent!.trim()).toBe(t("search.showAll", { n: 151 }));
  });
});
