import { describe, expect, it } from "vitest";
import type { DimensionView, TagView } from "../api/types";
import { orderTags } from "./tags";

const dims: DimensionView[] = [
  {
    key: "fokusomrade",
    name: "Fokusområde",
    multi: true,
    definition: "",
    values: [
      { key: "samverkan", label: "Samverkan", color: "#1f77b4", definition: "" },
      { key: "kompetens", label: "Kompetens", color: null, definition: "" },
    ],
  },
  { key: "niva", name: "Nivå", multi: false, definition: "", values: [{ key: "mikro", label: "Mikro", color: null, definition: "" }] },
];
const tag = (dimension: string, value: string, label: string): TagView => ({ dimension, value, label, own: true });

describe("a coding's tags", () => {
  it("go in the codebook's dimension order, then value order, with each dimension's kind", () => {
    const shown = orderTags([tag("niva", "mikro", "Mikro"), tag("fokusomrade", "kompetens", "Kompetens"), tag("fokusomrade", "samverkan", "Samverkan")], dims);
    expect(shown.map((t) => [t.label, t.dimensionName, t.multi, t.color])).toEqual([
      ["Samverkan", "Fokusområde", true, "#1f77b4"],
      ["Kompetens", "Fokusområde", true, null],
      ["Mikro", "Nivå", false, null],
    ]);
  });

  it("put tags of an unknown dimension last, as they are", () => {
    expect(orderTags([tag("x", "y", "Y"), tag("niva", "mikro", "Mikro")], dims).map((t) => t.dimensionName)).toEqual(["Nivå", "x"]);
  });
});
