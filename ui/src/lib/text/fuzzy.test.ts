import { describe, expect, it } from "vitest";
import { fuzzyMatch, rankByFuzzy } from "./fuzzy";

const codes = [
  { id: "1", name: "Närhet", path: "Närhet" },
  { id: "2", name: "Samverkan vid flera aktörer", path: "Samverkan › Samverkan vid flera aktörer" },
  { id: "3", name: "Bemötande", path: "Individen i centrum › Bemötande" },
  { id: "4", name: "Kontaktvägar och ”ingemanslandet”", path: "Individen i systemet › Kontaktvägar och ”ingemanslandet”" },
  { id: "5", name: "Samverkan", path: "Samverkan" },
  { id: "6", name: "Helhetssyn", path: "Helhetssyn" },
];

describe("fuzzyMatch", () => {
  it("matches a contiguous substring and reports its positions", () => {
    const m = fuzzyMatch("het", "Närhet");
    expect(m?.positions).toEqual([3, 4, 5]);
  });

  it("folds case and diacritics", () => {
    expect(fuzzyMatch("narhet", "Närhet")).not.toBeNull();
    expect(fuzzyMatch("NÄR", "närhet")).not.toBeNull();
    expect(fuzzyMatch("bemot", "Bemötande")).not.toBeNull();
  });

  it("matches subsequences and rejects out-of-order letters", () => {
    expect(fuzzyMatch("svfa", "Samverkan vid flera aktörer")).not.toBeNull();
    expect(fuzzyMatch("tehrän", "Närhet")).toBeNull();
  });

  it("scores a prefix above a match in the middle", () => {
    const prefix = fuzzyMatch("sam", "Samverkan")!;
    const middle = fuzzyMatch("sam", "Bemötande och samverkan")!;
    expect(prefix.score).toBeGreaterThan(middle.score);
  });

  it("treats an empty query as matching everything", () => {
    expect(fuzzyMatch("  ", "Närhet")).toEqual({ score: 0, positions: [] });
  });
});

describe("rankByFuzzy", () => {
  it("puts the exact name first", () => {
    const r = rankByFuzzy("samverkan", codes);
    expect(r[0].item.id).toBe("5");
    expect(r.map((x) => x.item.id)).toContain("2");
  });

  it("finds codes by their theme through the path", () => {
    const r = rankByFuzzy("individen", codes);
    expect(r.map((x) => x.item.id).sort()).toEqual(["3", "4"]);
    expect(r[0].positions).toEqual([]);
  });

  it("finds word-start abbreviations", () => {
    const r = rankByFuzzy("kont", codes);
    expect(r[0].item.id).toBe("4");
  });

  it("respects the limit", () => {
    expect(rankByFuzzy("", codes, 2)).toHaveLength(2);
  });
});
