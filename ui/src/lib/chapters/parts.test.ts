import { describe, expect, it } from "vitest";
import { dropSelection, keepSelection, normalizeParts, partsToSend, trimRuns, trimmedPreview } from "./parts";

describe("trim parts", () => {
  it("sorts, clamps, drops empty and joins overlapping or touching parts", () => {
    expect(normalizeParts([[20, 30], [0, 5], [4, 8], [8, 10], [12, 12], [-3, 2], [28, 99]], 40)).toEqual([
      [0, 10],
      [20, 40],
    ]);
    expect(normalizeParts([[9, 3]], 20)).toEqual([[3, 9]]);
  });

  it("sends null for the whole coding and for nothing kept", () => {
    expect(partsToSend([[0, 10]], 10)).toBeNull();
    expect(partsToSend([[0, 4], [4, 10]], 10)).toBeNull();
    expect(partsToSend([], 10)).toBeNull();
    expect(partsToSend([[2, 4], [6, 9]], 10)).toEqual([
      [2, 4],
      [6, 9],
    ]);
  });

  it("keeps a selection: the first one alone, later ones added", () => {
    const first = keepSelection(null, [5, 9], 30);
    expect(first).toEqual([[5, 9]]);
    expect(keepSelection(first, [20, 25], 30)).toEqual([
      [5, 9],
      [20, 25],
    ]);
    expect(keepSelection(first, [8, 12], 30)).toEqual([[5, 12]]);
  });

  it("leaves a selection out of the whole text or of the parts", () => {
    expect(dropSelection(null, [3, 6], 10)).toEqual([
      [0, 3],
      [6, 10],
    ]);
    expect(dropSelection([[0, 4], [6, 10]], [2, 8], 10)).toEqual([
      [0, 2],
      [8, 10],
    ]);
  });

  it("cuts the text into kept and left-out runs at UTF-16 offsets (emoji included)", () => {
    const text = "Vi 🙈 ringer alltid";
    const runs = trimRuns(text, [[0, 2], [6, 12]]);
    expect(runs.map((r) => [r.start, r.text, r.kept])).toEqual([
      [0, "Vi", true],
      [2, " 🙈 ", false],
      [6, "ringer", true],
      [12, " alltid", false],
    ]);
    expect(trimRuns(text, null)).toEqual([{ start: 0, text, kept: true }]);
  });

  it("previews the quote with […] where something is left out", () => {
    const text = "Vi ringer alltid dagen innan och stämmer av listan.";
    expect(trimmedPreview(text, null)).toBe(text);
    expect(trimmedPreview(text, [[0, 9], [33, 51]])).toBe("Vi ringer […] stämmer av listan.");
    expect(trimmedPreview(text, [[3, 9]])).toBe("[…] ringer […]");
  });
});
