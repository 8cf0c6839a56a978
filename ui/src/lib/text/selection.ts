// DOM selections ↔ document offsets. The reader renders each run of document
// text as an element carrying `data-offset` (the UTF-16 offset of its first
// character in the document text) around exactly one text node. A DOM offset
// inside such a text node is a UTF-16 offset too, so the document offset is
// simply base + offset. Points that fall elsewhere (a speaker label, between
// turns) resolve to the nearest text run forwards (for a start) or backwards
// (for an end).

export const OFFSET_ATTR = "data-offset";

function runOf(node: Node | null): HTMLElement | null {
  const el = node && node.nodeType === Node.TEXT_NODE ? node.parentElement : null;
  return el && el.hasAttribute(OFFSET_ATTR) ? el : null;
}

function baseOf(run: Element): number {
  return Number(run.getAttribute(OFFSET_ATTR));
}

function runLength(run: Element): number {
  return (run.textContent ?? "").length;
}

/** The document offset of a DOM boundary point inside `root`, or null when
 *  no text run lies on that side of it. */
export function pointToOffset(
  root: Element,
  node: Node,
  offset: number,
  direction: "forward" | "backward",
): number | null {
  const run = runOf(node);
  if (run) return baseOf(run) + Math.min(offset, runLength(run));

  const doc = root.ownerDocument;
  const point = doc.createRange();
  point.setStart(node, offset);
  point.collapse(true);
  const runs = Array.from(root.querySelectorAll(`[${OFFSET_ATTR}]`));
  if (direction === "forward") {
    for (const r of runs) {
      // comparePoint: 1 when (r, 0) lies after the collapsed point.
      if (point.comparePoint(r, 0) >= 0) return baseOf(r);
    }
  } else {
    for (let i = runs.length - 1; i >= 0; i--) {
      const r = runs[i];
      if (point.comparePoint(r, r.childNodes.length) <= 0) return baseOf(r) + runLength(r);
    }
  }
  return null;
}

/** A DOM range as [start, end) document offsets, or null if it covers no text. */
export function rangeToOffsets(root: Element, range: Range): { start: number; end: number } | null {
  if (!root.contains(range.commonAncestorContainer) && range.commonAncestorContainer !== root) return null;
  const start = pointToOffset(root, range.startContainer, range.startOffset, "forward");
  const end = pointToOffset(root, range.endContainer, range.endOffset, "backward");
  if (start === null || end === null || end <= start) return null;
  return { start, end };
}

/** The DOM point for a document offset among the rendered runs, or null when
 *  that part of the document is not rendered. An offset on a boundary
 *  between runs, or in a gap between them (a speaker label), resolves to the
 *  start of the next run when `preferNext`, else to the end of the previous. */
export function offsetToPoint(
  root: Element,
  offset: number,
  preferNext: boolean,
): { node: Node; offset: number } | null {
  const runs = Array.from(root.querySelectorAll(`[${OFFSET_ATTR}]`));
  let before: { node: Node; offset: number } | null = null;
  for (const r of runs) {
    const base = baseOf(r);
    const len = runLength(r);
    const text = r.firstChild;
    if (!text) continue;
    if (offset >= base && offset < base + len) return { node: text, offset: offset - base };
    if (base > offset) {
      // The offset lies before this run: in a gap, or before everything.
      if (!before) return null;
      return preferNext ? { node: text, offset: 0 } : before;
    }
    before = { node: text, offset: len };
    if (offset === base + len && !preferNext) return before;
  }
  return null;
}

/** A DOM range over [start, end) document offsets, or null if not rendered. */
export function offsetsToRange(root: Element, start: number, end: number): Range | null {
  const a = offsetToPoint(root, start, true);
  const b = offsetToPoint(root, end, false);
  if (!a || !b) return null;
  const range = root.ownerDocument.createRange();
  range.setStart(a.node, a.offset);
  range.setEnd(b.node, b.offset);
  return range;
}
