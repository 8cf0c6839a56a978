// The search view's facet sidebar: the backend's structured facet values
// (FacetKey: group and fields) grouped under readable headings, and clicks
// on values turned into filters.

import type { DimensionView, FacetCountView, FacetGroupName, FacetGroupSize, FacetKey, Filters } from "../api/types";

export function emptyFilters(): Filters {
  return {
    codes: [],
    tags: [],
    documents: [],
    questions: [],
    kinds: [],
    attributes: [],
    speakers: [],
    coders: [],
    statuses: [],
  };
}

/** A facet value's identity as text (for keyed lists and test ids). */
export function facetId(facet: FacetKey): string {
  switch (facet.group) {
    case "code":
      return JSON.stringify(["code", ...facet.path]);
    case "tag":
      return JSON.stringify(["tag", facet.dimension, facet.value]);
    case "attr":
      return JSON.stringify(["attr", facet.name, facet.value]);
    case "doc":
      return JSON.stringify(["doc", facet.id]);
    default:
      return JSON.stringify([facet.group, facet.value]);
  }
}

/** The code a code facet stands for: the last id of its path. */
function codeOf(path: string[]): string | null {
  return path.length ? path[path.length - 1] : null;
}

function togglePair(list: [string, string][], pair: [string, string]): [string, string][] {
  const has = list.some(([a, b]) => a === pair[0] && b === pair[1]);
  return has ? list.filter(([a, b]) => !(a === pair[0] && b === pair[1])) : [...list, pair];
}

function toggleItem<T>(list: T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

export function isFacetActive(filters: Filters, f: FacetKey): boolean {
  switch (f.group) {
    case "code": {
      const id = codeOf(f.path);
      return id !== null && filters.codes.includes(id);
    }
    case "tag":
      return filters.tags.some(([d, v]) => d === f.dimension && v === f.value);
    case "attr":
      return filters.attributes.some(([n, v]) => n === f.name && v === f.value);
    case "doc":
      return filters.documents.includes(f.id);
    case "kind":
      return filters.kinds.includes(f.value);
    case "speaker":
      return filters.speakers.includes(f.value);
    case "coder":
      return filters.coders.includes(f.value);
    case "status":
      return filters.statuses.includes(f.value);
    case "question":
      return filters.questions.includes(f.value);
  }
}

/** The filters with the facet's value added, or removed if it was set. */
export function toggleFacet(filters: Filters, f: FacetKey): Filters {
  const next = { ...filters };
  switch (f.group) {
    case "code": {
      const id = codeOf(f.path);
      if (id !== null) next.codes = toggleItem(filters.codes, id);
      break;
    }
    case "tag":
      next.tags = togglePair(filters.tags, [f.dimension, f.value]);
      break;
    case "attr":
      next.attributes = togglePair(filters.attributes, [f.name, f.value]);
      break;
    case "doc":
      next.documents = toggleItem(filters.documents, f.id);
      break;
    case "kind":
      next.kinds = toggleItem(filters.kinds, f.value);
      break;
    case "speaker":
      next.speakers = toggleItem(filters.speakers, f.value);
      break;
    case "coder":
      next.coders = toggleItem(filters.coders, f.value);
      break;
    case "status":
      next.statuses = toggleItem(filters.statuses, f.value);
      break;
    case "question":
      next.questions = toggleItem(filters.questions, f.value);
      break;
  }
  return next;
}

export function activeFilterCount(filters: Filters): number {
  return Object.values(filters).reduce((n, list) => n + (list as unknown[]).length, 0);
}

export interface FacetValue {
  facet: FacetKey;
  /** facetId(facet). */
  id: string;
  label: string;
  count: number;
  /** Nesting below the group (codes under their theme). */
  depth: number;
}

export interface FacetGroup {
  /** "code", "tag:niva", "doc", "question", "kind", "attr:Kommun", "speaker", "coder", "status". */
  key: string;
  label: string;
  values: FacetValue[];
  /** A long group's name, by which it is asked for whole ("visa alla");
   *  null for the short groups, which always come whole. */
  name: FacetGroupName | null;
  /** How many values the group has in the answer (a long group comes with
   *  its top ones unless asked for whole). */
  size: number;
}

/** The long group a facet value belongs to (the core caps these). */
export function longGroupOf(k: FacetKey): FacetGroupName | null {
  switch (k.group) {
    case "code":
    case "doc":
    case "question":
    case "speaker":
      return { group: k.group };
    case "attr":
      return { group: "attr", name: k.name };
    default:
      return null;
  }
}

export function sameGroupName(a: FacetGroupName, b: FacetGroupName): boolean {
  return a.group === b.group && (a.group !== "attr" || (b.group === "attr" && a.name === b.name));
}

/** A long group shows this many values (its top counts) until "visa alla". */
export const FACET_TOP = 8;

/** The values a group shows: all, or its FACET_TOP top counts, in the
 *  group's own stable order (labels; codes in tree order). */
export function shownValues(g: FacetGroup, all: boolean): FacetValue[] {
  if (all || g.values.length <= FACET_TOP) return g.values;
  const top = new Set(
    g.values
      .map((v, i) => ({ v, i }))
      .sort((a, b) => b.v.count - a.v.count || a.i - b.i)
      .slice(0, FACET_TOP)
      .map((x) => x.v),
  );
  return g.values.filter((v) => top.has(v));
}

/** The new groups with every value and group that did not change replaced
 *  by the previous object, so the keyed lists of the sidebar update only
 *  what changed (counts in place, nothing re-mounted). */
export function reuseGroups(prev: readonly FacetGroup[], next: FacetGroup[]): FacetGroup[] {
  if (!prev.length) return next;
  const oldValues = new Map<string, FacetValue>();
  const oldGroups = new Map<string, FacetGroup>();
  for (const g of prev) {
    oldGroups.set(g.key, g);
    for (const v of g.values) oldValues.set(`${g.key}\u0000${v.id}`, v);
  }
  let same = prev.length === next.length;
  const out = next.map((g, gi) => {
    const values = g.values.map((v) => {
      const o = oldValues.get(`${g.key}\u0000${v.id}`);
      return o && o.count === v.count && o.label === v.label && o.depth === v.depth ? o : v;
    });
    const o = oldGroups.get(g.key);
    const group =
      o && o.label === g.label && o.size === g.size && o.values.length === values.length && o.values.every((v, i) => v === values[i])
        ? o
        : { ...g, values };
    if (group !== prev[gi]) same = false;
    return group;
  });
  return same ? (prev as FacetGroup[]) : out;
}

/** The labels facet grouping needs; the caller passes translated strings. */
export interface FacetLabels {
  code: string;
  document: string;
  question: string;
  kind: string;
  speaker: string;
  coder: string;
  status: string;
  /** "Attribut: {name}" style. */
  attribute: (name: string) => string;
  kindValue: (kind: string) => string;
  statusValue: (status: string) => string;
}

const collator = new Intl.Collator("sv");

/** Groups facet counts in the sidebar's order: Kod, the tag dimensions
 *  (in the codebook's order, as `dims` gives it), Dokument, Fråga (survey
 *  answers by question), Typ, one group per attribute, Talare, Kodare,
 *  Status. Within a group values go by label (a stable order while counts
 *  change), except codes, in tree order (parents before children), and
 *  kinds and statuses, in the backend's order. */
export function groupFacets(
  facets: FacetCountView[],
  dims: DimensionView[],
  labels: FacetLabels,
  more: { sizes?: FacetGroupSize[]; codeName?: (id: string) => string | undefined } = {},
): FacetGroup[] {
  const groups = new Map<string, FacetGroup>();
  const add = (key: string, label: string, value: FacetValue) => {
    let g = groups.get(key);
    if (!g) {
      const name = longGroupOf(value.facet);
      const size = name ? more.sizes?.find((s) => sameGroupName(s.name, name))?.values : undefined;
      g = { key, label, values: [], name, size: size ?? 0 };
      groups.set(key, g);
    }
    g.values.push(value);
  };
  for (const f of facets) {
    const k = f.facet;
    const base = { facet: k, id: facetId(k), label: f.label, count: f.count, depth: 0 };
    switch (k.group) {
      case "code":
        if (k.path.length) add("code", labels.code, { ...base, depth: k.path.length - 1 });
        break;
      case "tag": {
        const dim = dims.find((d) => d.key === k.dimension);
        const value = dim?.values.find((v) => v.key === k.value);
        add(`tag:${k.dimension}`, dim?.name ?? k.dimension, { ...base, label: f.label || value?.label || k.value });
        break;
      }
      case "attr":
        add(`attr:${k.name}`, labels.attribute(k.name), { ...base, label: f.label || k.value });
        break;
      case "doc":
        add("doc", labels.document, base);
        break;
      case "question":
        add("question", labels.question, { ...base, label: f.label || k.value });
        break;
      case "kind":
        add("kind", labels.kind, { ...base, label: labels.kindValue(k.value) });
        break;
      case "speaker":
        add("speaker", labels.speaker, { ...base, label: f.label || k.value });
        break;
      case "coder":
        add("coder", labels.coder, { ...base, label: f.label || k.value });
        break;
      case "status":
        add("status", labels.status, { ...base, label: labels.statusValue(k.value) });
        break;
    }
  }
  // The tag dimensions in the codebook's order (as everywhere else).
  const dimOrder = dims.map((d) => `tag:${d.key}`);
  const rank = (key: string): number => {
    if (key === "code") return 0;
    if (key.startsWith("tag:")) {
      const i = dimOrder.indexOf(key);
      return 1 + (i < 0 ? dimOrder.length : i) / 100;
    }
    if (key === "doc") return 2;
    if (key === "question") return 2.5;
    if (key === "kind") return 3;
    if (key.startsWith("attr:")) return 4;
    if (key === "speaker") return 5;
    if (key === "coder") return 6;
    return 7;
  };
  // One collator for every comparison: `localeCompare(x, "sv")` builds a
  // collator per call, and sorting a few hundred values with it took tens
  // of milliseconds a keystroke in the app's WebKit.
  const compare = collator.compare;
  const out = Array.from(groups.values());
  for (const g of out) g.size = Math.max(g.size, g.values.length);
  out.sort((a, b) => rank(a.key) - rank(b.key) || compare(a.label, b.label));
  for (const g of out) {
    if (g.key === "code") {
      // Tree order: sort by the path of labels so children follow parents
      // (each value's path computed once, not in every comparison).
      const pathOf = (v: FacetValue): string[] => (v.facet.group === "code" ? v.facet.path : []);
      const byPath = new Map(g.values.map((v) => [pathOf(v).join("\u0000"), v]));
      const pathKey = (v: FacetValue): string => {
        const p = pathOf(v);
        const labelsOnPath: string[] = [];
        // An ancestor the answer left out (a capped group) is named from the tree.
        for (let i = 1; i <= p.length; i++)
          labelsOnPath.push(byPath.get(p.slice(0, i).join("\u0000"))?.label ?? more.codeName?.(p[i - 1]) ?? p[i - 1]);
        return labelsOnPath.join("\u0000");
      };
      const keyed = g.values.map((v) => ({ v, key: pathKey(v) }));
      keyed.sort((a, b) => compare(a.key, b.key));
      g.values = keyed.map((k) => k.v);
    } else if (g.key !== "kind" && g.key !== "status") {
      // By label, not by count: a value keeps its place while the counts
      // change under the user's typing (only values coming and going move).
      g.values.sort((a, b) => compare(a.label, b.label));
    }
  }
  return out;
}
