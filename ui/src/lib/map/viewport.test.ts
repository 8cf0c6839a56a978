import { describe, expect, it } from "vitest";
import type * as T from "../api/types";
import { LABEL_SIZE, MAX_SCALE, MIN_SCALE, contentBox, fitView, labelBox, labelShown, pan, toWorld, wheelFactor, zoomAt } from "./viewport";

const node = (over: Partial<T.MapNode>): T.MapNode => ({
  id: "n",
  parent_id: null,
  label: "Samverkan",
  name: "Samverkan",
  x: 100,
  y: 100,
  r: 10,
  color: "#336699",
  status: "candidate",
  discarded: false,
  depth: 1,
  codings: 4,
  anchor: "start",
  ...over,
});

describe("the map's view", () => {
  it("holds every circle and label in its content box", () => {
    const map = { width: 500, height: 400, nodes: [node({ x: 50, y: 60, r: 5, anchor: "end", label: "Vänster" }), node({ x: 400, y: 300, r: 20 })] };
    const box = contentBox(map);
    for (const n of map.nodes) {
      const l = labelBox(n);
      expect(l.x).toBeGreaterThanOrEqual(box.x);
      expect(l.x + l.width).toBeLessThanOrEqual(box.x + box.width + 1e-9);
      expect(n.y + n.r).toBeLessThanOrEqual(box.y + box.height + 1e-9);
    }
    expect(box.x, "the left label reaches past its circle").toBeLessThan(45);
    expect(contentBox({ width: 300, height: 200, nodes: [] })).toEqual({ x: 0, y: 0, width: 300, height: 200 });
  });

  it("fits the box into the viewport, centred, with a margin", () => {
    const box = { x: 100, y: 50, width: 800, height: 400 };
    const v = fitView(box, { width: 1000, height: 700 }, 20);
    expect(v.scale).toBeCloseTo(960 / 800);
    // The box's corners land inside the viewport, its centre in the middle.
    const left = box.x * v.scale + v.tx;
    const right = (box.x + box.width) * v.scale + v.tx;
    const top = box.y * v.scale + v.ty;
    const bottom = (box.y + box.height) * v.scale + v.ty;
    expect(left).toBeCloseTo(20);
    expect(right).toBeCloseTo(980);
    expect((top + bottom) / 2).toBeCloseTo(350);
    expect(top).toBeGreaterThanOrEqual(20);
    expect(fitView({ x: 0, y: 0, width: 1e7, height: 1 }, { width: 100, height: 100 }).scale).toBe(MIN_SCALE);
    expect(fitView({ x: 0, y: 0, width: 1, height: 1 }, { width: 1000, height: 1000 }).scale).toBe(MAX_SCALE);
  });

  it("zooms about the pointer, which stays on the same place of the map", () => {
    const v = { scale: 1.5, tx: 30, ty: -20 };
    const p = { x: 400, y: 250 };
    const before = toWorld(v, p);
    const z = zoomAt(v, 2, p);
    expect(z.scale).toBe(3);
    const after = toWorld(z, p);
    expect(after.x).toBeCloseTo(before.x);
    expect(after.y).toBeCloseTo(before.y);
    expect(zoomAt(v, 1000, p).scale).toBe(MAX_SCALE);
    expect(zoomAt(v, 1e-6, p).scale).toBe(MIN_SCALE);
  });

  it("pans by the drag, zooms in on wheel up and out on wheel down", () => {
    expect(pan({ scale: 2, tx: 1, ty: 2 }, 10, -5)).toEqual({ scale: 2, tx: 11, ty: -3 });
    expect(wheelFactor(-100)).toBeGreaterThan(1);
    expect(wheelFactor(100)).toBeLessThan(1);
    expect(wheelFactor(100) * wheelFactor(-100)).toBeCloseTo(1);
    expect(wheelFactor(3, 1)).toBeCloseTo(wheelFactor(48));
  });

  it("draws themes' labels always and codes' once legible", () => {
    expect(labelShown({ depth: 1 }, 0.1)).toBe(true);
    expect(labelShown({ depth: 3 }, 0.5)).toBe(false);
    expect(labelShown({ depth: 3 }, 9 / LABEL_SIZE)).toBe(true);
  });
});
