// A coding's tags in one order everywhere (the popover, the side panel, the
// quotes): the codebook's dimension order, as the dimensions list gives it,
// then each dimension's value order; with what each tag looks like by its
// dimension (a single-valued level and a multi-valued focus area differ in
// shape, not only colour).

import type { DimensionView, TagView } from "../api/types";

export interface ShownTag extends TagView {
  /** The dimension's name ("Nivå"), as the project names it. */
  dimensionName: string;
  /** Single-valued (a level) or several at once (focus areas). */
  multi: boolean;
  /** The value's colour, if the codebook gives one. */
  color: string | null;
}

export function orderTags(tags: readonly TagView[], dims: readonly DimensionView[]): ShownTag[] {
  const dimIndex = new Map(dims.map((d, i) => [d.key, i]));
  const rank = (t: TagView): [number, number] => {
    const di = dimIndex.get(t.dimension);
    if (di === undefined) return [dims.length, 0];
    const vi = dims[di].values.findIndex((v) => v.key === t.value);
    return [di, vi < 0 ? dims[di].values.length : vi];
  };
  return tags
    .map((t, i) => ({ t, i, r: rank(t) }))
    .sort((a, b) => a.r[0] - b.r[0] || a.r[1] - b.r[1] || a.i - b.i)
    .map(({ t }) => {
      const dim = dims.find((d) => d.key === t.dimension);
      const value = dim?.values.find((v) => v.key === t.value);
      return { ...t, dimensionName: dim?.name ?? t.dimension, multi: dim?.multi ?? false, color: value?.color ?? null };
    });
}
