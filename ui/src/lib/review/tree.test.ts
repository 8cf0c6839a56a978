import { describe, expect, it } from "vitest";
import type * as T from "../api/types";
import { MISSING_COLOR, discardedRows, endOf, flaggedWithAncestors, isWithin, siblingMove, spreadSegments, treeKey, visibleRows, type TreeNode } from "./tree";

const n = (id: string, parent: string | null, depth: number, flags: T.ReviewFlag[] = [], discarded = false): TreeNode => ({
  id,
  parent_id: parent,
  depth,
  flags,
  discarded,
});

// A ─ A1 ─ a1x (flagged)
//   └ A2
// B ─ B1
// C (discarded) ─ C1 (discarded)
// D ─ D1 (discarded)
const nodes = [
  n("A", null, 0),
  n("A1", "A", 1),
  n("a1x", "A1", 2, ["few_codings"]),
  n("A2", "A", 1),
  n("B", null, 0, ["no_definition"]),
  n("B1", "B", 1),
  n("C", null, 0, ["few_codings"], true),
  n("C1", "C", 1, [], true),
  n("D", null, 0),
  n("D1", "D", 1, ["few_codings"], true),
];
const ids = (rows: { node: TreeNode }[]) => rows.map((r) => r.node.id);

describe("the review tree's rows", () => {
  it("show the live tree in order, collapsed nodes hiding their children", () => {
    expect(ids(visibleRows(nodes, new Set(), false))).toEqual(["A", "A1", "a1x", "A2", "B", "B1", "D"]);
    expect(ids(visibleRows(nodes, new Set(["A1", "B"]), false))).toEqual(["A", "A1", "A2", "B", "D"]);
    const d = visibleRows(nodes, new Set(), false).find((r) => r.node.id === "D")!;
    expect(d.parent, "a discarded child does not make a parent").toBe(false);
  });

  it("show only flagged nodes with their ancestors for context, expanded", () => {
    expect([...flaggedWithAncestors(nodes)].sort()).toEqual(["A", "A1", "B", "a1x"]);
    const rows = visibleRows(nodes, new Set(["A", "A1"]), true);
    expect(ids(rows)).toEqual(["A", "A1", "a1x", "B"]);
    expect(rows.map((r) => r.context)).toEqual([true, true, false, false]);
    expect(rows.find((r) => r.node.id === "B")!.parent, "B's child is not shown").toBe(false);
  });

  it("put the discard pile apart: top-most discarded nodes with their discarded children", () => {
    expect(discardedRows(nodes).map((r) => [r.node.id, r.level])).toEqual([
      ["C", 0],
      ["C1", 1],
      ["D1", 0],
    ]);
  });
});

describe("the keyboard over the tree", () => {
  const collapsed = new Set<string>(["B"]);
  const rows = visibleRows(nodes, collapsed, false);
  it("moves up and down, to the ends", () => {
    expect(treeKey(rows, "A1", "ArrowDown", collapsed)).toEqual({ kind: "focus", id: "a1x" });
    expect(treeKey(rows, "A1", "ArrowUp", collapsed)).toEqual({ kind: "focus", id: "A" });
    expect(treeKey(rows, "A", "ArrowUp", collapsed)).toBeNull();
    expect(treeKey(rows, "D", "ArrowDown", collapsed)).toBeNull();
    expect(treeKey(rows, "A2", "Home", collapsed)).toEqual({ kind: "focus", id: "A" });
    expect(treeKey(rows, "A2", "End", collapsed)).toEqual({ kind: "focus", id: "D" });
    expect(treeKey(rows, "gone", "ArrowDown", collapsed)).toEqual({ kind: "focus", id: "A" });
  });
  it("opens and closes with → and ←, or goes to the child or the parent", () => {
    expect(treeKey(rows, "B", "ArrowRight", collapsed)).toEqual({ kind: "expand", id: "B" });
    expect(treeKey(rows, "A", "ArrowRight", collapsed)).toEqual({ kind: "focus", id: "A1" });
    expect(treeKey(rows, "a1x", "ArrowRight", collapsed)).toBeNull();
    expect(treeKey(rows, "A", "ArrowLeft", collapsed)).toEqual({ kind: "collapse", id: "A" });
    expect(treeKey(rows, "a1x", "ArrowLeft", collapsed)).toEqual({ kind: "focus", id: "A1" });
    expect(treeKey(rows, "B", "ArrowLeft", collapsed)).toBeNull();
    expect(treeKey(rows, "A", "x", collapsed)).toBeNull();
  });
  it("moves a node among its live siblings with Alt+↑/↓", () => {
    expect(siblingMove(nodes, "A1", 1)).toEqual({ parent: "A", position: 1 });
    expect(siblingMove(nodes, "A1", -1)).toBeNull();
    expect(siblingMove(nodes, "B", -1)).toEqual({ parent: null, position: 0 });
    expect(siblingMove(nodes, "D", 1), "the discarded C is not a sibling in the tree").toBeNull();
    // D goes before B, past the discarded C: index 1 of [A, B, C] once D is out.
    expect(siblingMove(nodes, "D", -1)).toEqual({ parent: null, position: 1 });
    expect(siblingMove(nodes, "A2", -1)).toEqual({ parent: "A", position: 0 });
    expect(endOf(nodes, null, "B1")).toBe(4);
    expect(endOf(nodes, "A", "A1")).toBe(1);
  });
  it("knows what lies within a node (no drop into oneself)", () => {
    expect(isWithin(nodes, "a1x", "A")).toBe(true);
    expect(isWithin(nodes, "A", "A")).toBe(true);
    expect(isWithin(nodes, "B1", "A")).toBe(false);
  });
});

describe("spread bars", () => {
  const dim: T.DimensionView = {
    key: "niva",
    name: "Nivå",
    multi: false,
    definition: "",
    values: [
      { key: "mikro", label: "Mikro", color: "#111111", definition: "" },
      { key: "meso", label: "Meso", color: null, definition: "" },
      { key: "makro", label: "Makro", color: null, definition: "" },
    ],
  };
  it("give each value with codings its share and colour, the missing grey at the end", () => {
    const s = spreadSegments({ dimension: "niva", counts: [2, 0, 1], missing: 1 }, dim, "ingen nivå");
    expect(s.map((x) => [x.key, x.count, x.share])).toEqual([
      ["mikro", 2, 0.5],
      ["makro", 1, 0.25],
      ["", 1, 0.25],
    ]);
    expect(s[0].color).toBe("#111111");
    expect(s[2].color).toBe(MISSING_COLOR);
    expect(s[2].label).toBe("ingen nivå");
    expect(spreadSegments(undefined, dim, "-")).toEqual([]);
    expect(spreadSegments({ dimension: "niva", counts: [0, 0, 0], missing: 0 }, dim, "-")).toEqual([]);
  });
});
