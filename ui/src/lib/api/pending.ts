// The IPC contract of issue 15 (theme review, matrices, thematic map, editable
// dimensions) as the Rust side will generate it into ./bindings.ts. Declared
// here until the generated bindings land; then delete this file and its line
// in ./types.ts. Field names are final.

import type { CodeRole, DimensionView, ReviewStatus } from "./bindings";

// --- analysis (lead) ---
export type CodeSelection = { "kind": "themes" } | { "kind": "children", of: string } | { "kind": "depth", depth: number } | { "kind": "all" } | { "kind": "codes", ids: Array<string> };
export type Axis = { "kind": "codes", select: CodeSelection } | { "kind": "dimension", key: string } | { "kind": "attribute", name: string } | { "kind": "documents" } | { "kind": "coders" };
export type Measure = "codings" | "documents" | "participants";
export type Percent = "none" | "row" | "column";
export type Restriction = { "kind": "attribute", name: string, value: string } | { "kind": "tag", dimension: string, value: string } | { "kind": "coder", id: string };
export type MatrixRequest = { rows: Axis, columns: Axis, measure: Measure, percent: Percent, by_coder: boolean, restrict: Array<Restriction> };
/** key "" is the "no value" row/column (codings without a level, answers without Kommun …): label it in the UI's language. */
export type MatrixHeader = { key: string, label: string, depth: number, color: string | null };
/** counts[r][c]; percents (0–100) when percent is not "none"; totals count distinct units (not sums: a coding can be in two focus areas). */
export type MatrixView = { rows: Array<MatrixHeader>, columns: Array<MatrixHeader>, counts: Array<Array<number>>, percents: Array<Array<number>> | null, row_totals: Array<number>, column_totals: Array<number>, total: number, max: number, elapsed_ms: number };
export type CooccurrenceMode = "overlap" | "same_turn" | "same_document";
export type CooccurrenceRequest = { codes: CodeSelection, mode: CooccurrenceMode, measure: Measure, restrict: Array<Restriction> };
export type AttributeValues = { name: string, values: Array<string> };
/** What axes and restrictions can choose from. */
export type MatrixOptions = { dimensions: Array<DimensionView>, attributes: Array<AttributeValues>, coders: Array<{ id: string, name: string, color: string }> };
export type TableExport = { format: "csv" | "xlsx", separator: string, bom: boolean };
export type MapNode = { id: string, parent_id: string | null, label: string, x: number, y: number, r: number, color: string, status: ReviewStatus, discarded: boolean, depth: number, codings: number, anchor: "start" | "middle" | "end" };
/** depth 0 is the project in the centre (id "root"); themes depth 1 … Discarded nodes lie apart (discarded: true), without edges to the tree. Coordinates in px of an SVG of width × height. */
export type MapView = { width: number, height: number, nodes: Array<MapNode>, edges: Array<[string, string]> };
export type ReviewFlag = "few_codings" | "single_document" | "no_definition" | "missing_tags";
/** counts by the dimension's values in DimensionView order; missing: codings with no value in it. */
export type Spread = { dimension: string, counts: Array<number>, missing: number };
export type CoderUse = { coder_id: string, name: string, color: string, codings: number };
/** Counts include every node below (a theme counts its subthemes' and codes' codings). */
export type ReviewNode = { id: string, parent_id: string | null, depth: number, name: string, color: string, role: CodeRole, status: ReviewStatus, discarded: boolean, definition: string, scope_includes: string, scope_excludes: string, status_at: string | null, status_by: string | null, examples: number, codings: number, documents: number, participants: number, spread: Array<Spread>, coders: Array<CoderUse>, flags: Array<ReviewFlag> };
export type ReviewView = { nodes: Array<ReviewNode>, elapsed_ms: number };
// QuoteRequest gains:  codings: Array<string> | null   (exact codings to show; when set, code/filters/query are ignored)

// --- operations (helper) ---
// CodeNode gains: scope_includes: string, scope_excludes: string, status_at: string | null, status_by: string | null, discarded: boolean, examples: number
// CodeUpdate gains: scope_includes: string | null, scope_excludes: string | null
// ReviewStatus becomes "candidate" | "reviewed" | "final" (no "discarded": the discard pile is the `discarded` flag)
export type NewDimensionRequest = { name: string, multi: boolean, values: Array<string> };
