import { describe, expect, it } from "vitest";
import type { DimensionView, FacetCountView } from "../api/types";
import { emptyFilters, facetFilter, facetParts, groupFacets, isFacetActive, toggleFacet } from "./facets";
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
  { facet: "/status/candidate", label: "candidate", count: 3 },
  { facet: "/speaker/Kurator", label: "Kurator", count: 2 },
  { facet: "/attr/Kommun/Åby", label: "Åby", count: 4 },
  { facet: "/attr/Kommunstorlek/Liten", label: "Liten", count: 4 },
  { facet: "/tag/niva/mikro", label: "Mikro", count: 5 },
  { facet: "/code/t1/c2", label: "Bemötande", count: 1 },
  { facet: "/code/t1", label: "Individen i centrum", count: 6 },
  { facet: "/code/t0", label: "Flexibilitet", count: 2 },
  { facet: "/kind/focus_group", label: "focus_group", count: 9 },
  { facet: "/tag/fokusomrade/samverkan", label: "Samverkan", count: 7 },
  { facet: "/doc/d1", label: "fokusgrupp-demo-team1", count: 8 },
  { facet: "/coder/anna", label: "anna", count: 3 },
];

describe("facet paths", () => {
  it("splits parts and honours escaped slashes", () => {
    expect(facetParts("/attr/Ort/Åby")).toEqual(["attr", "Ort", "Åby"]);
    expect(facetParts("/attr/Kommun\\/Region/Ja")).toEqual(["attr", "Kommun/Region", "Ja"]);
  });

  it("turns facets into filters", () => {
    expect(facetFilter("/code/t1/c2")).toEqual({ kind: "code", id: "c2" });
    expect(facetFilter("/tag/niva/mikro")).toEqual({ kind: "tag", dimension: "niva", value: "mikro" });
    expect(facetFilter("/attr/Kommun/Åby")).toEqual({ kind: "attr", name: "Kommun", value: "Åby" });
    expect(facetFilter("/nonsense/x")).toBeNull();
  });

  it("toggles a value on and off", () => {
    let f = toggleFacet(emptyFilters(), "/tag/niva/mikro");
    expect(f.tags).toEqual([["niva", "mikro"]]);
    expect(isFacetActive(f, "/tag/niva/mikro")).toBe(true);
    f = toggleFacet(f, "/code/t1/c2");
    expect(f.codes).toEqual(["c2"]);
    f = toggleFacet(f, "/tag/niva/mikro");
    expect(f.tags).toEqual([]);
    expect(isFacetActive(f, "/tag/niva/mikro")).toBe(false);
    expect(toggleFacet(emptyFilters(), "/speaker/Kurator").speakers).toEqual(["Kurator"]);
  });
});

describe("groupFacets", () => {
  it("orders groups Kod, Fokusområde, Nivå, Dokument, Typ, attributes, Talare, Kodare, Status", () => {
    locale.current = "sv";
    const groups = groupFacets(facets, dims, facetLabels());
    expect(groups.map((g) => g.label)).toEqual([
      "Kod",
      "Fokusområde",
      "Nivå",
      "Dokument",
      "Typ",
      "Attribut: Kommun",
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
    locale.current = "en";
    const en = groupFacets(facets, dims, facetLabels());
    expect(en.find((g) => g.key === "kind")!.label).toBe("Type");
    expect(en.find((g) => g.key === "status")!.values[0].label).toBe("Candidate");
    locale.current = "sv";
  });
});
