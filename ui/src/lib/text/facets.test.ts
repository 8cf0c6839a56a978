import { describe, expect, it } from "vitest";
import type { DimensionView, FacetCountView } from "../api/types";
import { FACET_TOP, emptyFilters, groupFacets, isFacetActive, reuseGroups, shownValues, toggleFacet } from "./facets";
import { facetLabels } from "./facet-labels";
import { locale } from "../i18n/index.svelte";

const dims: DimensionView[] = [
  { key: "niva", name: "Nivå", multi: false, definition: "", values: [{ key: "mikro", label: "Mikro", color: null, definition: "" }] },
  {
    key: "fokusomrade",
    name: "Fokusområde",
    multi: true,
    definition: "",
    values: [{ key: "samverkan", label: "Samverkan", color: "#1f77b4", definition: "" }],
  },
];

const facets: FacetCountView[] = [
  { facet: { group: "status", value: "candidate" }, label: "candidate", count: 3 },
  { facet: { group: "speaker", value: "Kurator" }, label: "Kurator", count: 2 },
  { facet: { group: "attr", name: "Kommun", value: "Åby" }, label: "Åby", count: 4 },
  { facet: { group: "attr", name: "Kommunstorlek", value: "Liten" }, label: "Liten", count: 4 },
  { facet: { group: "attr", name: "Kommun/Region", value: "Norr/Söder" }, label: "Norr/Söder", count: 1 },
  { facet: { group: "tag", dimension: "niva", value: "mikro" }, label: "Mikro", count: 5 },
  { facet: { group: "code", path: ["t1", "c2"] }, label: "Bemötande", count: 1 },
  { facet: { group: "code", path: ["t1"] }, label: "Individen i centrum", count: 6 },
  { facet: { group: "code", path: ["t0"] }, label: "Flexibilitet", count: 2 },
  { facet: { group: "kind", value: "focus_group" }, label: "focus_group", count: 9 },
  { facet: { group: "tag", dimension: "fokusomrade", value: "samverkan" }, label: "Samverkan", count: 7 },
  { facet: { group: "doc", id: "d1" }, label: "fokusgrupp-demo-team1", count: 8 },
  { facet: { group: "coder", value: "anna/berg" }, label: "anna/berg", count: 3 },
];

describe("facet filters", () => {
  it("toggles a value on and off from the facet's fields", () => {
    const niva = { group: "tag", dimension: "niva", value: "mikro" } as const;
    let f = toggleFacet(emptyFilters(), niva);
    expect(f.tags).toEqual([["niva", "mikro"]]);
    expect(isFacetActive(f, niva)).toBe(true);
    f = toggleFacet(f, { group: "code", path: ["t1", "c2"] });
    expect(f.codes).toEqual(["c2"]);
    expect(isFacetActive(f, { group: "code", path: ["t1", "c2"] })).toBe(true);
    expect(isFacetActive(f, { group: "code", path: ["t1"] })).toBe(false);
    f = toggleFacet(f, niva);
    expect(f.tags).toEqual([]);
    expect(isFacetActive(f, niva)).toBe(false);
    expect(toggleFacet(emptyFilters(), { group: "speaker", value: "Kurator" }).speakers).toEqual(["Kurator"]);
  });

  it("keeps a value containing a slash whole", () => {
    const attr = { group: "attr", name: "Kommun/Region", value: "Norr/Söder" } as const;
    const f = toggleFacet(emptyFilters(), attr);
    expect(f.attributes).toEqual([["Kommun/Region", "Norr/Söder"]]);
    expect(isFacetActive(f, attr)).toBe(true);
    expect(toggleFacet(emptyFilters(), { group: "coder", value: "anna/berg" }).coders).toEqual(["anna/berg"]);
  });
});

describe("groupFacets", () => {
  it("orders groups Kod, the dimensions in the codebook's order, Dokument, Typ, attributes, Talare, Kodare, Status", () => {
    locale.current = "sv";
    const groups = groupFacets(facets, dims, facetLabels());
    expect(groupFacets(facets, [...dims].reverse(), facetLabels()).slice(1, 3).map((g) => g.label)).toEqual(["Fokusområde", "Nivå"]);
    expect(groups.map((g) => g.label)).toEqual([
      "Kod",
      "Nivå",
      "Fokusområde",
      "Dokument",
      "Typ",
      "Attribut: Kommun",
      "Attribut: Kommun/Region",
      "Attribut: Kommunstorlek",
      "Talare",
      "Kodare",
      "Status",
    ]);
  });

  it("keeps codes in tree order with depth and translates kinds and statuses", () => {
    locale.current = "sv";
    const groups = groupFacets(facets, dims, facetLabels());
    const codes = groups.find((g) => g.key === "code")!;
    expect(codes.values.map((v) => [v.label, v.depth])).toEqual([
      ["Flexibilitet", 0],
      ["Individen i centrum", 0],
      ["Bemötande", 1],
    ]);
    expect(groups.find((g) => g.key === "kind")!.values[0].label).toBe("Fokusgrupp");
    expect(groups.find((g) => g.key === "status")!.values[0].label).toBe("Kandidat");
    const region = groups.find((g) => g.key === "attr:Kommun/Region")!;
    expect(region.values.map((v) => v.label)).toEqual(["Norr/Söder"]);
    expect(region.values[0].facet).toEqual({ group: "attr", name: "Kommun/Region", value: "Norr/Söder" });
    expect(groups.find((g) => g.key === "coder")!.values.map((v) => v.label)).toEqual(["anna/berg"]);
    locale.current = "en";
    const en = groupFacets(facets, dims, facetLabels());
    expect(en.find((g) => g.key === "kind")!.label).toBe("Type");
    expect(en.find((g) => g.key === "status")!.values[0].label).toBe("Candidate");
    locale.current = "sv";
  });
});

describe("survey answers by question, long groups, counts in place", () => {
  const q = (value: string, count: number): FacetCountView => ({ facet: { group: "question", value }, label: value, count });

  it("groups survey answers under Fråga, after Dokument, and a question filters", () => {
    locale.current = "sv";
    const groups = groupFacets([...facets, q("Samverkan – fungerar väl", 4), q("Digitalisering – bör utvecklas", 9)], dims, facetLabels());
    const i = groups.findIndex((g) => g.key === "question");
    expect(groups[i].label).toBe("Fråga");
    expect(groups[i - 1].key).toBe("doc");
    expect(groups[i].values.map((v) => [v.label, v.count])).toEqual([
      ["Digitalisering – bör utvecklas", 9],
      ["Samverkan – fungerar väl", 4],
    ]);
    const swapped = groupFacets([q("Samverkan – fungerar väl", 40), q("Digitalisering – bör utvecklas", 1)], dims, facetLabels());
    expect(swapped[0].values.map((v) => v.label), "a stable order, whatever the counts").toEqual(["Digitalisering – bör utvecklas", "Samverkan – fungerar väl"]);
    const question = groups[i].values[0].facet;
    const on = toggleFacet(emptyFilters(), question);
    expect(on.questions).toEqual(["Digitalisering – bör utvecklas"]);
    expect(isFacetActive(on, question)).toBe(true);
    expect(toggleFacet(on, question).questions).toEqual([]);
    locale.current = "en";
    expect(groupFacets([q("x", 1)], dims, facetLabels())[0].label).toBe("Question");
    locale.current = "sv";
  });

  it(`shows the top ${FACET_TOP} of a long group until all are asked for`, () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ facet: { group: "speaker", value: `S${String.fromCharCode(65 + i)}` }, label: `S${String.fromCharCode(65 + i)}`, count: i + 1 }) as FacetCountView);
    const [g] = groupFacets(many, dims, facetLabels());
    expect(shownValues(g, false).map((v) => v.count), "the top counts, in label order").toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    expect(shownValues(g, true)).toHaveLength(12);
    const codes = Array.from({ length: 10 }, (_, i) => ({ facet: { group: "code", path: [`t${i}`] }, label: `K${i}`, count: i % 5 }) as FacetCountView);
    const [tree] = groupFacets(codes, dims, facetLabels());
    expect(shownValues(tree, false).map((v) => v.label), "the top counts, in tree order").toEqual(["K1", "K2", "K3", "K4", "K6", "K7", "K8", "K9"]);
  });

  it("keeps the objects of unchanged values and groups (keyed lists update only what changed)", () => {
    const a = groupFacets(facets, dims, facetLabels());
    const same = reuseGroups(a, groupFacets(facets, dims, facetLabels()));
    expect(same, "nothing changed: the very same list").toBe(a);
    const changed = facets.map((f) => (f.facet.group === "speaker" ? { ...f, count: 5 } : f));
    const b = reuseGroups(a, groupFacets(changed, dims, facetLabels()));
    expect(b).not.toBe(a);
    const speakerA = a.find((g) => g.key === "speaker")!;
    const speakerB = b.find((g) => g.key === "speaker")!;
    expect(speakerB).not.toBe(speakerA);
    expect(speakerB.values[0].count).toBe(5);
    for (const g of b.filter((g) => g.key !== "speaker")) expect(g, g.key).toBe(a.find((x) => x.key === g.key));
  });
});

describe("capped facet groups", () => {
  it("carry their size from the answer, their name for 'visa alla', and name left-out ancestors from the tree", () => {
    locale.current = "sv";
    const answer: FacetCountView[] = [
      // The theme "t9" was left out of the capped answer; its code sorts by its name.
      { facet: { group: "code", path: ["t9", "c9"] }, label: "Anhörigas roll", count: 3 },
      { facet: { group: "code", path: ["t1"] }, label: "Bemötande", count: 5 },
      { facet: { group: "code", path: ["t1", "c1"] }, label: "Tydliga roller", count: 4 },
      { facet: { group: "tag", dimension: "niva", value: "mikro" }, label: "Mikro", count: 5 },
    ];
    const names: Record<string, string> = { t9: "Övrigt", t1: "Bemötande" };
    const groups = groupFacets(answer, dims, facetLabels(), {
      sizes: [{ name: { group: "code" }, values: 204 }],
      codeName: (id) => names[id],
    });
    const code = groups.find((g) => g.key === "code")!;
    expect(code.name).toEqual({ group: "code" });
    expect(code.size).toBe(204);
    expect(code.values.map((v) => v.label), "tree order by names, 'Övrigt' last").toEqual(["Bemötande", "Tydliga roller", "Anhörigas roll"]);
    const tag = groups.find((g) => g.key === "tag:niva")!;
    expect(tag.name, "a short group is never capped").toBeNull();
    expect(tag.size).toBe(1);
    const again = reuseGroups(groups, groupFacets(answer, dims, facetLabels(), { sizes: [{ name: { group: "code" }, values: 205 }], codeName: (id) => names[id] }));
    expect(again.find((g) => g.key === "code"), "a new size is a new group object").not.toBe(code);
    expect(again.find((g) => g.key === "tag:niva")).toBe(tag);
  });
});
