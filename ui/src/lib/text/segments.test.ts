import { describe, expect, it } from "vitest";
import { assignLanes, clock, markRuns, segmentBlock, tint } from "./segments";

describe("segmentBlock", () => {
  it("returns one run for uncoded text", () => {
    expect(segmentBlock(10, 20, [])).toEqual([{ start: 10, end: 20, ids: [], flash: false }]);
  });

  it("cuts at overlapping coding boundaries", () => {
    const segs = segmentBlock(0, 30, [
      { id: "a", start: 5, end: 15 },
      { id: "b", start: 10, end: 40 },
      { id: "c", start: 50, end: 60 },
    ]);
    expect(segs.map((s) => [s.start, s.end, s.ids.join("")])).toEqual([
      [0, 5, ""],
      [5, 10, "a"],
      [10, 15, "ab"],
      [15, 30, "b"],
    ]);
  });

  it("marks the flash range", () => {
    const segs = segmentBlock(0, 10, [], [2, 4]);
    expect(segs.filter((s) => s.flash).map((s) => [s.start, s.end])).toEqual([[2, 4]]);
  });
});

describe("assignLanes", () => {
  it("gives overlapping spans different lanes and reuses free ones", () => {
    const lanes = assignLanes([
      { id: "a", start: 0, end: 10 },
      { id: "b", start: 5, end: 20 },
      { id: "c", start: 12, end: 30 },
      { id: "d", start: 25, end: 26 },
    ]);
    expect(lanes.get("a")).toBe(0);
    expect(lanes.get("b")).toBe(1);
    expect(lanes.get("c")).toBe(0);
    expect(lanes.get("d")).toBe(1);
  });
});

describe("helpers", () => {
  it("formats clocks", () => {
    expect(clock(65_000)).toBe("01:05");
    expect(clock(3_725_000)).toBe("1:02:05");
  });

  it("tints hex colours", () => {
    expect(tint("#1f77b4", 0.2)).toBe("rgba(31, 119, 180, 0.2)");
  });

  it("splits snippet text into marked runs", () => {
    expect(markRuns("samverkan fungerar", [[0, 9], [3, 5], [20, 30]])).toEqual([
      { text: "samverkan", mark: true },
      { text: " fungerar", mark: false },
    ]);
  });
});
