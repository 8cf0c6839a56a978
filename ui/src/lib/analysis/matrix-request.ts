// The matrices view's pickers as plain values, and the requests they make.
// An axis picker's value is one string (a <select>'s value): "themes",
// "children:<code id>", "depth:<n>", "all", "dimension:<key>",
// "attribute:<name>", "documents" or "coders".

import type * as T from "../api/types";

export type AxisChoice = string;

/** The axis a picker's value stands for; null for a value it cannot be. */
export function axisFromChoice(choice: AxisChoice): T.Axis | null {
  const colon = choice.indexOf(":");
  const kind = colon < 0 ? choice : choice.slice(0, colon);
  const arg = colon < 0 ? "" : choice.slice(colon + 1);
  switch (kind) {
    case "themes":
      return { kind: "codes", select: { kind: "themes" } };
    case "all":
      return { kind: "codes", select: { kind: "all" } };
    case "children":
      return arg ? { kind: "codes", select: { kind: "children", of: arg } } : null;
    case "depth": {
      const depth = Number(arg);
      return arg !== "" && Number.isInteger(depth) && depth >= 0 ? { kind: "codes", select: { kind: "depth", depth } } : null;
    }
    case "dimension":
      return arg ? { kind: "dimension", key: arg } : null;
    case "attribute":
      return arg ? { kind: "attribute", name: arg } : null;
    case "documents":
      return { kind: "documents" };
    case "coders":
      return { kind: "coders" };
    default:
      return null;
  }
}

/** The picker value of an axis (the inverse of axisFromChoice, for axes it can make). */
export function choiceOfAxis(axis: T.Axis): AxisChoice {
  switch (axis.kind) {
    case "codes":
      return selectionChoice(axis.select);
    case "dimension":
      return `dimension:${axis.key}`;
    case "attribute":
      return `attribute:${axis.name}`;
    default:
      return axis.kind;
  }
}

function selectionChoice(s: T.CodeSelection): AxisChoice {
  switch (s.kind) {
    case "children":
      return `children:${s.of}`;
    case "depth":
      return `depth:${s.depth}`;
    case "codes":
      return "all";
    default:
      return s.kind;
  }
}

/** The code selection of a co-occurrence picker ("themes", "children:<id>", "all" …). */
export function selectionFromChoice(choice: AxisChoice): T.CodeSelection | null {
  const axis = axisFromChoice(choice);
  return axis?.kind === "codes" ? axis.select : null;
}

/** One "attribute = value" restriction as picked (an empty value: not yet chosen). */
export interface PickedRestriction {
  name: string;
  value: string;
}

export interface MatrixPickers {
  rows: AxisChoice;
  columns: AxisChoice;
  measure: T.Measure;
  percent: T.Percent;
  byCoder: boolean;
  restrict: PickedRestriction[];
}

export interface CooccurrencePickers {
  codes: AxisChoice;
  mode: T.CooccurrenceMode;
  measure: T.Measure;
  restrict: PickedRestriction[];
}

/** The restrictions that are complete, each once, in the order picked. */
export function restrictions(picked: readonly PickedRestriction[]): T.Restriction[] {
  const seen = new Set<string>();
  const out: T.Restriction[] = [];
  for (const r of picked) {
    if (!r.name || !r.value) continue;
    const key = `${r.name}\u0000${r.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ kind: "attribute", name: r.name, value: r.value });
  }
  return out;
}

/** The matrix the pickers ask for; null while an axis is not chosen. */
export function matrixRequest(p: MatrixPickers): T.MatrixRequest | null {
  const rows = axisFromChoice(p.rows);
  const columns = axisFromChoice(p.columns);
  if (!rows || !columns) return null;
  return { rows, columns, measure: p.measure, percent: p.percent, by_coder: p.byCoder, restrict: restrictions(p.restrict) };
}

/** The co-occurrence matrix the pickers ask for; null without a code selection. */
export function cooccurrenceRequest(p: CooccurrencePickers): T.CooccurrenceRequest | null {
  const codes = selectionFromChoice(p.codes);
  if (!codes) return null;
  return { codes, mode: p.mode, measure: p.measure, restrict: restrictions(p.restrict) };
}

/** A header's label, with the "no value" row or column (key "") in the UI's words. */
export function headerLabel(h: T.MatrixHeader, noValue: string): string {
  return h.key === "" ? noValue : h.label;
}

/** A file name for an export, from the axes' labels: "Teman × Nivå" → "teman-x-niva". */
export function exportName(...parts: string[]): string {
  const slug = parts
    .join(" x ")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return (slug || "matris").slice(0, 80);
}

/** The file name (last path segment) of a path, for a toast. */
export function fileName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
