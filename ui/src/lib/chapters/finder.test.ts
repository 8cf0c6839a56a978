import { describe, expect, it } from "vitest";
import type * as T from "../api/types";
import { finderRequest, inSet, nextIndex } from "./finder";

describe("quote finder request", () => {
  it("takes the code, the chosen tag values and attributes, and the words", () => {
    const r = finderRequest({ code: "c1", tags: { fokus: "samverkan", niva: "mikro", roll: "" }, attributes: { Kommunstorlek: "Liten", Team: "" }, query: "  hemtjänst " });
    expect(r).toMatchObject({ code: "c1", query: "hemtjänst" });
    expect(r!.filters.tags).toEqual([
      ["fokus", "samverkan"],
      ["niva", "mikro"],
    ]);
    expect(r!.filters.attributes).toEqual([["Kommunstorlek", "Liten"]]);
    expect(r!.limit).toBeGreaterThan(0);
    expect(finderRequest({ code: "", tags: {}, attributes: {}, query: "" })).toBeNull();
  });

  it("marks candidates already in the current set, and moves within the list", () => {
    const c = { in_sets: [{ id: "s1", name: "Kapitel 5" }] } as T.FinderCandidate;
    expect(inSet(c, "s1")).toBe(true);
    expect(inSet(c, "s2")).toBe(false);
    expect(inSet(c, null)).toBe(false);
    expect(nextIndex(0, -1, 3)).toBe(0);
    expect(nextIndex(2, 1, 3)).toBe(2);
    expect(nextIndex(1, 1, 3)).toBe(2);
    expect(nextIndex(0, 1, 0)).toBe(-1);
  });
});
