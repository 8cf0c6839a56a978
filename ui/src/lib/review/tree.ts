// The review view's tree as plain data: which rows show (collapsed nodes,
// only flagged nodes with their ancestors, the discard pile apart), the
// keyboard's movement over them, moves among siblings, and each node's
// spread over a dimension's values as bar segments.

import type * as T from "../api/types";

/** What the tree needs of a node (ReviewNode has it all). */
export type TreeNode = Pick<T.ReviewNode, "id" | "parent_id" | "depth" | "discarded" | "flags">;

export interface Row<N extends TreeNode = TreeNode> {
  node: N;
  /** Shown only as the ancestor of a flagged node (while showing flagged nodes only). */
  context: boolean;
  /** Has children in the tree shown. */
  parent: boolean;
}

/** Children by parent id (null: the top level), in the order given. */
export function childrenOf<N extends TreeNode>(nodes: readonly N[]): Map<string | null, N[]> {
  const ids = new Set(nodes.map((n) => n.id));
  const m = new Map<string | null, N[]>();
  for (const n of nodes) {
    // A node whose parent is not listed is shown at the top level.
    const p = n.parent_id && ids.has(n.parent_id) ? n.parent_id : null;
    const list = m.get(p);
    if (list) list.push(n);
    else m.set(p, [n]);
  }
  return m;
}

/** The ids of the flagged nodes and of every ancestor of one. */
export function flaggedWithAncestors(nodes: readonly TreeNode[]): Set<string> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const keep = new Set<string>();
  for (const n of nodes) {
    if (n.discarded || n.flags.length === 0) continue;
    let cur: TreeNode | undefined = n;
    while (cur && !keep.has(cur.id)) {
      keep.add(cur.id);
      cur = cur.parent_id ? byId.get(cur.parent_id) : undefined;
    }
  }
  return keep;
}

/** The rows of the tree (without discarded nodes), in tree order. Collapsed
 *  nodes hide their children; with `flaggedOnly` only flagged nodes and
 *  their ancestors (marked `context` when not flagged themselves) show, all
 *  expanded. */
export function visibleRows<N extends TreeNode>(nodes: readonly N[], collapsed: ReadonlySet<string>, flaggedOnly: boolean): Row<N>[] {
  const live = nodes.filter((n) => !n.discarded);
  const kids = childrenOf(live);
  const keep = flaggedOnly ? flaggedWithAncestors(live) : null;
  const out: Row<N>[] = [];
  const walk = (parent: string | null) => {
    for (const n of kids.get(parent) ?? []) {
      if (keep && !keep.has(n.id)) continue;
      const shownKids = (kids.get(n.id) ?? []).filter((k) => !keep || keep.has(k.id));
      out.push({ node: n, context: !!keep && n.flags.length === 0, parent: shownKids.length > 0 });
      if (keep || !collapsed.has(n.id)) walk(n.id);
    }
  };
  walk(null);
  return out;
}

/** The discard pile: each discarded node whose parent is not itself
 *  discarded, followed by its discarded descendants, in tree order. */
export function discardedRows<N extends TreeNode>(nodes: readonly N[]): { node: N; level: number }[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const kids = childrenOf(nodes);
  const out: { node: N; level: number }[] = [];
  const walk = (n: N, level: number) => {
    out.push({ node: n, level });
    for (const k of kids.get(n.id) ?? []) if (k.discarded) walk(k, level + 1);
  };
  for (const n of nodes) {
    if (!n.discarded) continue;
    const p = n.parent_id ? byId.get(n.parent_id) : undefined;
    if (!p || !p.discarded) walk(n, 0);
  }
  return out;
}

export type TreeKeyAction = { kind: "focus"; id: string } | { kind: "expand"; id: string } | { kind: "collapse"; id: string };

/** What a plain arrow key (or Home/End) does on the row `id`: move the focus
 *  up or down; → opens a closed node, else goes to its first child; ← closes
 *  an open node, else goes to its parent. Null: nothing to do. */
export function treeKey(rows: readonly Row[], id: string, key: string, collapsed: ReadonlySet<string>): TreeKeyAction | null {
  const i = rows.findIndex((r) => r.node.id === id);
  if (i < 0) return rows.length ? { kind: "focus", id: rows[0].node.id } : null;
  const row = rows[i];
  switch (key) {
    case "ArrowDown":
      return i + 1 < rows.length ? { kind: "focus", id: rows[i + 1].node.id } : null;
    case "ArrowUp":
      return i > 0 ? { kind: "focus", id: rows[i - 1].node.id } : null;
    case "Home":
      return { kind: "focus", id: rows[0].node.id };
    case "End":
      return { kind: "focus", id: rows[rows.length - 1].node.id };
    case "ArrowRight":
      if (!row.parent) return null;
      if (collapsed.has(id)) return { kind: "expand", id };
      return i + 1 < rows.length ? { kind: "focus", id: rows[i + 1].node.id } : null;
    case "ArrowLeft": {
      if (row.parent && !collapsed.has(id)) return { kind: "collapse", id };
      const parent = row.node.parent_id;
      return parent && rows.some((r) => r.node.id === parent) ? { kind: "focus", id: parent } : null;
    }
    default:
      return null;
  }
}

/** Where Alt+↑/↓ moves a node past its neighbour among the (not
 *  discarded) siblings: its parent and its index among the parent's
 *  children once it is taken out (discarded siblings counted, as the core
 *  keeps them); null at either end. */
export function siblingMove(nodes: readonly TreeNode[], id: string, direction: -1 | 1): { parent: string | null; position: number } | null {
  const node = nodes.find((n) => n.id === id);
  if (!node) return null;
  const all = nodes.filter((n) => n.parent_id === node.parent_id);
  const live = all.filter((n) => !n.discarded);
  const i = live.findIndex((n) => n.id === id);
  const to = i + direction;
  if (i < 0 || to < 0 || to >= live.length) return null;
  const target = live[to];
  const rest = all.filter((n) => n.id !== id);
  const at = rest.findIndex((n) => n.id === target.id);
  return { parent: node.parent_id, position: direction === 1 ? at + 1 : at };
}

/** The index a node dropped onto `parent` gets: after its children (itself not counted). */
export function endOf(nodes: readonly TreeNode[], parent: string | null, moving: string): number {
  return nodes.filter((n) => n.parent_id === parent && n.id !== moving).length;
}

/** True when `id` is `ancestor` or lies below it. */
export function isWithin(nodes: readonly TreeNode[], id: string, ancestor: string): boolean {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  let cur = byId.get(id);
  const seen = new Set<string>();
  while (cur && !seen.has(cur.id)) {
    if (cur.id === ancestor) return true;
    seen.add(cur.id);
    cur = cur.parent_id ? byId.get(cur.parent_id) : undefined;
  }
  return false;
}

/** A neutral set of colours for values the codebook gives none. */
export const VALUE_PALETTE = ["#5b7fa6", "#7ea36b", "#c08a4a", "#8f6fa8", "#4f9a9a", "#b86a7c", "#8a8d4a", "#6d7f91"];
export const MISSING_COLOR = "#c9cbcd";

export interface Segment {
  /** The value's key; "" for the codings with no value. */
  key: string;
  label: string;
  color: string;
  count: number;
  /** Share of the bar, 0–1. */
  share: number;
}

/** A node's spread over a dimension as bar segments, in the dimension's
 *  value order, then the missing ones (grey). Empty values are left out;
 *  shares are of the sum of counts (a multi-valued dimension counts a
 *  coding once per value). */
export function spreadSegments(spread: T.Spread | undefined, dim: T.DimensionView, missingLabel: string): Segment[] {
  if (!spread) return [];
  const parts: Omit<Segment, "share">[] = dim.values.map((v, i) => ({
    key: v.key,
    label: v.label,
    color: v.color ?? VALUE_PALETTE[i % VALUE_PALETTE.length],
    count: spread.counts[i] ?? 0,
  }));
  parts.push({ key: "", label: missingLabel, color: MISSING_COLOR, count: spread.missing });
  const sum = parts.reduce((a, p) => a + p.count, 0);
  return parts.filter((p) => p.count > 0).map((p) => ({ ...p, share: sum > 0 ? p.count / sum : 0 }));
}
