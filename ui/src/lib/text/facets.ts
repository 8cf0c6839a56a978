// The search view's facet sidebar: facet paths from the backend grouped
// under readable headings, and clicks on values turned into filters.

import type { DimensionView, DocumentKind, FacetCountView, Filters, ReviewStatus } from "../api/types";

export function emptyFilters(): Filters {
  return { codes: [], tags: [], documents: [], kinds: [], attributes: [], speakers: [], coders: [], statuses: [] };
}

/** Splits a facet path ("/attr/Ort/Åby") into its parts, honouring the
 *  backslash escapes tantivy writes for "/" and "\" inside a part. */
export function facetParts(facet: string): string[] {
  const parts: string[] = [];
  let cur = "";
  let started = false;
  for (let i = 0; i < facet.length; i++) {
    const ch = facet[i];
    if (ch === "\\" && i + 1 < facet.length) {
      cur += facet[++i];
    } else if (ch === "/") {
      if (started) parts.push(cur);
      cur = "";
      started = true;
    } else {
      cur += ch;
    }
  }
  if (started) parts.push(cur);
  return parts;
}

export type FacetFilter =
  | { kind: "code"; id: string }
  | { kind: "tag"; dimension: string; value: string }
  | { kind: "attr"; name: string; value: string }
  | { kind: "doc"; id: string }
  | { kind: "kind"; value: DocumentKind }
  | { kind: "speaker"; value: string }
  | { kind: "coder"; value: string }
  | { kind: "status"; value: ReviewStatus };

/** What filter a facet value stands for, or null for an unknown facet. */
export function facetFilter(facet: string): FacetFilter | null {
  const p = facetParts(facet);
  switch (p[0]) {
    case "code":
      return p.length >= 2 ? { kind: "code", id: p[p.length - 1] } : null;
    case "tag":
      return p.length === 3 ? { kind: "tag", dimension: p[1], value: p[2] } : null;
    case "attr":
      return p.length === 3 ? { kind: "attr", name: p[1], value: p[2] } : null;
    case "doc":
      return p.length === 2 ? { kind: "doc", id: p[1] } : null;
    case "kind":
      return p.length === 2 ? { kind: "kind", value: p[1] as DocumentKind } : null;
    case "speaker":
      return p.length === 2 ? { kind: "speaker", value: p[1] } : null;
    case "coder":
      return p.length === 2 ? { kind: "coder", value: p[1] } : null;
    case "status":
      return p.length === 2 ? { kind: "status", value: p[1] as ReviewStatus } : null;
  }
  return null;
}

function togglePair(list: [string, string][], pair: [string, string]): [string, string][] {
  const has = list.some(([a, b]) => a === pair[0] && b === pair[1]);
  return has ? list.filter(([a, b]) => !(a === pair[0] && b === pair[1])) : [...list, pair];
}

function toggleItem<T>(list: T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

export function isFacetActive(filters: Filters, facet: string): boolean {
  const f = facetFilter(facet);
  if (!f) return false;
  switch (f.kind) {
    case "code":
      return filters.codes.includes(f.id);
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
  }
}

/** The filters with the facet's value added, or removed if it was set. */
export function toggleFacet(filters: Filters, facet: string): Filters {
  const f = facetFilter(facet);
  if (!f) return filters;
  const next = { ...filters };
  switch (f.kind) {
    case "code":
      next.codes = toggleItem(filters.codes, f.id);
      break;
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
  }
  return next;
}

export function activeFilterCount(filters: Filters): number {
  return Object.values(filters).reduce((n, list) => n + (list as unknown[]).length, 0);
}

export interface FacetValue {
  facet: string;
  label: string;
  count: number;
  /** Nesting below the group (codes under their theme). */
  depth: number;
}

export interface FacetGroup {
  /** "code", "tag:niva", "doc", "kind", "attr:Kommun", "speaker", "coder", "status". */
  key: string;
  label: string;
  values: FacetValue[];
}

/** The labels facet grouping needs; the caller passes translated strings. */
export interface FacetLabels {
  code: string;
  document: string;
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
 *  (multi-valued first: Fokusområde, then Nivå), Dokument, Typ, one group per
 *  attribute, Talare, Kodare, Status. Values keep the backend's order within
 *  a group except codes, which stay in tree order (parents before children). */
export function groupFacets(facets: FacetCountView[], dims: DimensionView[], labels: FacetLabels): FacetGroup[] {
  const groups = new Map<string, FacetGroup>();
  const add = (key: string, label: string, value: FacetValue) => {
    let g = groups.get(key);
    if (!g) {
      g = { key, label, values: [] };
      groups.set(key, g);
    }
    g.values.push(value);
  };
  for (const f of facets) {
    const p = facetParts(f.facet);
    const base = { facet: f.facet, label: f.label, count: f.count, depth: 0 };
    switch (p[0]) {
      case "code":
        if (p.length >= 2) add("code", labels.code, { ...base, depth: p.length - 2 });
        break;
      case "tag": {
        if (p.length !== 3) break;
        const dim = dims.find((d) => d.key === p[1]);
        const value = dim?.values.find((v) => v.key === p[2]);
        add(`tag:${p[1]}`, dim?.name ?? p[1], { ...base, label: f.label || value?.label || p[2] });
        break;
      }
      case "attr":
        if (p.length === 3) add(`attr:${p[1]}`, labels.attribute(p[1]), { ...base, label: f.label || p[2] });
        break;
      case "doc":
        if (p.length === 2) add("doc", labels.document, base);
        break;
      case "kind":
        if (p.length === 2) add("kind", labels.kind, { ...base, label: labels.kindValue(p[1]) });
        break;
      case "speaker":
        if (p.length === 2) add("speaker", labels.speaker, { ...base, label: f.label || p[1] });
        break;
      case "coder":
        if (p.length === 2) add("coder", labels.coder, { ...base, label: f.label || p[1] });
        break;
      case "status":
        if (p.length === 2) add("status", labels.status, { ...base, label: labels.statusValue(p[1]) });
        break;
    }
  }
  const dimOrder = [...dims].sort((a, b) => Number(b.multi) - Number(a.multi)).map((d) => `tag:${d.key}`);
  const rank = (key: string): number => {
    if (key === "code") return 0;
    if (key.startsWith("tag:")) {
      const i = dimOrder.indexOf(key);
      return 1 + (i < 0 ? dimOrder.length : i) / 100;
    }
    if (key === "doc") return 2;
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
  out.sort((a, b) => rank(a.key) - rank(b.key) || compare(a.label, b.label));
  for (const g of out) {
    if (g.key === "code") {
      // Tree order: sort by the path of labels so children follow parents
      // (each value's path computed once, not in every comparison).
      const byFacet = new Map(g.values.map((v) => [v.facet, v]));
      const pathKey = (v: FacetValue): string => {
        const p = facetParts(v.facet);
        const labelsOnPath: string[] = [];
        for (let i = 2; i <= p.length; i++) {
          const prefix = "/" + p.slice(0, i).join("/");
          labelsOnPath.push(byFacet.get(prefix)?.label ?? p[i - 1]);
        }
        return labelsOnPath.join("\u0000");
      };
      const keyed = g.values.map((v) => ({ v, key: pathKey(v) }));
      keyed.sort((a, b) => compare(a.key, b.key));
      g.values = keyed.map((k) => k.v);
    } else if (g.key !== "kind" && g.key !== "status") {
      g.values.sort((a, b) => b.count - a.count || compare(a.label, b.label));
    }
  }
  return out;
}
