// The thematic map's view: a scale and a translation (screen = world ×
// scale + t), fitted to what the map holds (circles and their labels), and
// zoomed about a point or panned. Labels are text in world units: a label
// whose on-screen size would be too small to read is hidden until zoomed.

import type * as T from "../api/types";

export interface View {
  scale: number;
  tx: number;
  ty: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const MIN_SCALE = 0.1;
export const MAX_SCALE = 8;
/** The labels' font size in map units (px of the layout). */
export const LABEL_SIZE = 12;
/** Below this on-screen size (px) a code's label is hidden until zoomed in. */
export const MIN_LEGIBLE = 9;
/** A label's width per character, as a share of its font size (a generous
 *  estimate for a sans-serif, so labels are never cut by a fit). */
export const CHAR_WIDTH = 0.6;
/** How far a label sits from its circle, in map units. */
export const LABEL_GAP = 4;

export function clampScale(s: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, s));
}

/** Where a node's label starts (x) and its baseline (y), and its estimated width. */
export function labelBox(node: Pick<T.MapNode, "x" | "y" | "r" | "label" | "anchor">, size = LABEL_SIZE): Box {
  const width = node.label.length * size * CHAR_WIDTH;
  const x = node.anchor === "start" ? node.x + node.r + LABEL_GAP : node.anchor === "end" ? node.x - node.r - LABEL_GAP - width : node.x - width / 2;
  const y = node.anchor === "middle" ? node.y + node.r + LABEL_GAP : node.y - size / 2;
  return { x, y, width, height: size * 1.25 };
}

/** Where a label is drawn: the text's x (at its anchor) and baseline y. */
export function labelAnchor(node: Pick<T.MapNode, "x" | "y" | "r" | "anchor">, size = LABEL_SIZE): { x: number; y: number } {
  if (node.anchor === "middle") return { x: node.x, y: node.y + node.r + LABEL_GAP + size * 0.85 };
  const x = node.anchor === "start" ? node.x + node.r + LABEL_GAP : node.x - node.r - LABEL_GAP;
  return { x, y: node.y + size * 0.35 };
}

/** The box holding every circle and label (the layout's own size when empty). */
export function contentBox(map: Pick<T.MapView, "width" | "height" | "nodes">, size = LABEL_SIZE): Box {
  if (map.nodes.length === 0) return { x: 0, y: 0, width: map.width, height: map.height };
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const n of map.nodes) {
    const l = labelBox(n, size);
    x0 = Math.min(x0, n.x - n.r, l.x);
    y0 = Math.min(y0, n.y - n.r, l.y);
    x1 = Math.max(x1, n.x + n.r, l.x + l.width);
    y1 = Math.max(y1, n.y + n.r, l.y + l.height);
  }
  return { x: x0, y: y0, width: Math.max(1, x1 - x0), height: Math.max(1, y1 - y0) };
}

/** The view showing the whole box centred in a viewport, with a margin. */
export function fitView(box: Box, viewport: { width: number; height: number }, margin = 16): View {
  const w = Math.max(1, viewport.width - 2 * margin);
  const h = Math.max(1, viewport.height - 2 * margin);
  const scale = clampScale(Math.min(w / box.width, h / box.height));
  return {
    scale,
    tx: viewport.width / 2 - (box.x + box.width / 2) * scale,
    ty: viewport.height / 2 - (box.y + box.height / 2) * scale,
  };
}

/** Zooms by a factor about a screen point, which stays where it is. */
export function zoomAt(view: View, factor: number, point: { x: number; y: number }): View {
  const scale = clampScale(view.scale * factor);
  const k = scale / view.scale;
  return { scale, tx: point.x - (point.x - view.tx) * k, ty: point.y - (point.y - view.ty) * k };
}

/** Moves the view by a drag of (dx, dy) screen pixels. */
export function pan(view: View, dx: number, dy: number): View {
  return { ...view, tx: view.tx + dx, ty: view.ty + dy };
}

/** The zoom factor of one wheel event (deltaY > 0: out). */
export function wheelFactor(deltaY: number, deltaMode = 0): number {
  const px = deltaMode === 1 ? deltaY * 16 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.exp(-Math.max(-400, Math.min(400, px)) * 0.0015);
}

/** The point of the map under a screen point. */
export function toWorld(view: View, point: { x: number; y: number }): { x: number; y: number } {
  return { x: (point.x - view.tx) / view.scale, y: (point.y - view.ty) / view.scale };
}

/** Whether a node's label is drawn at a scale: themes and subthemes (and
 *  the project) always; codes once their text is legible. */
export function labelShown(node: Pick<T.MapNode, "depth">, scale: number, size = LABEL_SIZE): boolean {
  return node.depth <= 2 || size * scale >= MIN_LEGIBLE;
}

/** The SVG transform attribute of a view. */
export function transform(view: View): string {
  return `translate(${view.tx.toFixed(2)} ${view.ty.toFixed(2)}) scale(${view.scale.toFixed(4)})`;
}
