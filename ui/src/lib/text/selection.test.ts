import { beforeEach, describe, expect, it } from "vitest";
import { offsetsToRange, pointToOffset, rangeToOffsets } from "./selection";

// Two turns as the reader renders them: a label, then text runs with
// data-offset (one run split by a highlight). Document text:
// "Anna: Hej på dig\nBo: Tack 😀 bra"
//  0     6           17   21
let root: HTMLElement;

beforeEach(() => {
  document.body.innerHTML = `
    <div id="root">
      <div class="turn"><span class="label">Anna</span><p><span data-offset="6">Hej </span><span data-offset="10">på</span><span data-offset="12"> dig</span></p></div>
      <div class="turn"><span class="label">Bo</span><p><span data-offset="21">Tack 😀 bra</span></p></div>
    </div>`;
  root = document.getElementById("root")!;
});

function textOf(offset: number): Node {
  return root.querySelector(`[data-offset="${offset}"]`)!.firstChild!;
}

describe("pointToOffset", () => {
  it("adds the DOM offset to the run's base", () => {
    expect(pointToOffset(root, textOf(10), 1, "forward")).toBe(11);
    expect(pointToOffset(root, textOf(12), 4, "backward")).toBe(16);
  });

  it("counts UTF-16 units, so an emoji is two", () => {
    // "Tack 😀 bra": the space after the emoji is at 5 + 2 = 7.
    expect(pointToOffset(root, textOf(21), 7, "forward")).toBe(28);
  });

  it("resolves a point in a speaker label forwards to the turn's text", () => {
    const label = root.querySelectorAll(".label")[1].firstChild!;
    expect(pointToOffset(root, label, 0, "forward")).toBe(21);
    // … and backwards to the end of the previous turn's text.
    expect(pointToOffset(root, label, 0, "backward")).toBe(16);
  });

  it("resolves element boundary points", () => {
    const p = root.querySelector("p")!;
    expect(pointToOffset(root, p, 1, "forward")).toBe(10);
    expect(pointToOffset(root, p, 3, "backward")).toBe(16);
  });

  it("returns null when nothing lies in that direction", () => {
    const lastP = root.querySelectorAll("p")[1];
    expect(pointToOffset(root, lastP, 1, "forward")).toBeNull();
  });
});

describe("rangeToOffsets", () => {
  it("maps a selection across runs and turns", () => {
    const r = document.createRange();
    r.setStart(textOf(6), 2);
    r.setEnd(textOf(21), 4);
    expect(rangeToOffsets(root, r)).toEqual({ start: 8, end: 25 });
  });

  it("ignores a selection that covers only a label", () => {
    const label = root.querySelector(".label")!.firstChild!;
    const r = document.createRange();
    r.setStart(label, 0);
    r.setEnd(label, 2);
    expect(rangeToOffsets(root, r)).toBeNull();
  });

  it("ignores a range outside the root", () => {
    const outside = document.createElement("div");
    outside.textContent = "x";
    document.body.appendChild(outside);
    const r = document.createRange();
    r.selectNodeContents(outside);
    expect(rangeToOffsets(root, r)).toBeNull();
  });
});

describe("offsetsToRange", () => {
  it("round-trips through rangeToOffsets", () => {
    for (const [s, e] of [[6, 16], [8, 11], [10, 12], [12, 25], [21, 32]] as const) {
      const r = offsetsToRange(root, s, e)!;
      expect(r).not.toBeNull();
      expect(rangeToOffsets(root, r)).toEqual({ start: s, end: e });
    }
  });

  it("starts at the next run when the start is on a run boundary", () => {
    const r = offsetsToRange(root, 10, 12)!;
    expect(r.startContainer).toBe(textOf(10));
    expect(r.toString()).toBe("på");
  });

  it("returns null for text that is not rendered", () => {
    expect(offsetsToRange(root, 100, 110)).toBeNull();
  });
});

describe("offsetToPoint gaps", () => {
  it("moves a start inside a speaker label to the turn's text, and an end back", () => {
    // 17..21 is "\nBo: ", not rendered as a run.
    const r = offsetsToRange(root, 18, 25)!;
    expect(rangeToOffsets(root, r)).toEqual({ start: 21, end: 25 });
    const back = offsetsToRange(root, 8, 19)!;
    expect(rangeToOffsets(root, back)).toEqual({ start: 8, end: 16 });
  });
});
