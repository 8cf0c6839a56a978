// The matrices view: what the axes can be, the pickers (kept while the
// window shows other views), the matrix, the comparison of two values of an
// attribute side by side, co-occurrence of codes, a cell's codings opened in
// the quotes view, and exports to CSV and XLSX.

import type * as T from "../api/types";
import { t } from "../i18n/index.svelte";
import {
  cooccurrenceRequest,
  exportName,
  fileName,
  matrixRequest,
  type CooccurrencePickers,
  type MatrixPickers,
} from "../analysis/matrix-request";
import type { Quotes } from "./quotes.svelte";
import type { Session } from "./session";

export type MatrixTab = "matrix" | "cooccurrence";

export interface Comparison {
  on: boolean;
  attribute: string;
  a: string;
  b: string;
}

/** Which drawn matrix a cell is in: the matrix, one side of a comparison, or co-occurrence. */
export type Which = "matrix" | "a" | "b" | "cooccurrence";

/** The request of one side of a comparison: the matrix restricted to attribute = value. */
export function sideRequest(request: T.MatrixRequest, attribute: string, value: string): T.MatrixRequest {
  const restrict = request.restrict.filter((r) => !(r.kind === "attribute" && r.name === attribute));
  return { ...request, restrict: [...restrict, { kind: "attribute", name: attribute, value }] };
}

/** The export settings a user picks: CSV with its separator and BOM (";" and a BOM for Swedish Excel), or XLSX. */
export interface ExportChoice {
  format: "csv" | "xlsx";
  separator: string;
  bom: boolean;
}

export class Matrices {
  tab = $state<MatrixTab>("matrix");
  options = $state.raw<T.MatrixOptions | null>(null);
  pickers = $state<MatrixPickers>({ rows: "themes", columns: "", measure: "codings", percent: "none", byCoder: false, restrict: [] });
  comparison = $state<Comparison>({ on: false, attribute: "", a: "", b: "" });
  co = $state<CooccurrencePickers>({ codes: "themes", mode: "overlap", measure: "codings", restrict: [] });
  exportChoice = $state<ExportChoice>({ format: "csv", separator: ";", bom: true });
  result = $state.raw<T.MatrixView | null>(null);
  compared = $state.raw<[T.MatrixView, T.MatrixView] | null>(null);
  coResult = $state.raw<T.MatrixView | null>(null);
  loading = $state(false);
  private seq = 0;
  private coSeq = 0;

  constructor(
    private readonly s: Session,
    private readonly quotes: Quotes,
  ) {}

  /** What the axes can be; the first dimension becomes the default columns. */
  async loadOptions(): Promise<void> {
    const options = await this.s.notices.run(() => this.s.api.matrixOptions());
    if (!options) return;
    this.options = options;
    if (!this.pickers.columns) {
      const first = options.dimensions[0];
      this.pickers.columns = first ? `dimension:${first.key}` : "documents";
    }
  }

  get request(): T.MatrixRequest | null {
    return matrixRequest(this.pickers);
  }

  get coRequest(): T.CooccurrenceRequest | null {
    return cooccurrenceRequest(this.co);
  }

  /** Whether the comparison is complete (an attribute and two different values). */
  get comparing(): boolean {
    const c = this.comparison;
    return c.on && !!c.attribute && !!c.a && !!c.b && c.a !== c.b;
  }

  /** Reads the matrix (or the two compared) for the pickers as they are. */
  async run(): Promise<void> {
    const request = this.request;
    if (!request) return;
    const mine = ++this.seq;
    this.loading = true;
    if (this.comparing) {
      const c = this.comparison;
      const pair = await this.s.notices.run(() => this.s.api.compareMatrix(request, c.attribute, c.a, c.b));
      if (mine !== this.seq) return;
      this.loading = false;
      if (pair) {
        this.compared = pair;
        this.result = null;
      }
    } else {
      const view = await this.s.notices.run(() => this.s.api.matrix(request));
      if (mine !== this.seq) return;
      this.loading = false;
      if (view) {
        this.result = view;
        this.compared = null;
      }
    }
  }

  async runCooccurrence(): Promise<void> {
    const request = this.coRequest;
    if (!request) return;
    const mine = ++this.coSeq;
    this.loading = true;
    const view = await this.s.notices.run(() => this.s.api.cooccurrence(request));
    if (mine !== this.coSeq) return;
    this.loading = false;
    if (view) this.coResult = view;
  }

  /** Opens a cell's codings (or a row's, column null) in the quotes view,
   *  headed "Samverkan × Mikro, 18 kodningar". */
  async openCell(which: Which, row: number, column: number | null, rowLabel: string, columnLabel: string | null): Promise<boolean> {
    let ids: string[] | undefined;
    if (which === "cooccurrence") {
      const request = this.coRequest;
      if (!request || column === null) return false;
      ids = await this.s.notices.run(() => this.s.api.cooccurrenceCell(request, row, column));
    } else {
      const base = this.request;
      if (!base) return false;
      const c = this.comparison;
      const request = which === "matrix" ? base : sideRequest(base, c.attribute, which === "a" ? c.a : c.b);
      ids = await this.s.notices.run(() => this.s.api.matrixCell(request, row, column));
    }
    if (!ids) return false;
    const where = columnLabel === null ? rowLabel : `${rowLabel} × ${columnLabel}`;
    const side = which === "a" || which === "b" ? ` (${this.comparison.attribute}: ${which === "a" ? this.comparison.a : this.comparison.b})` : "";
    const heading = t("matrix.cellHeading", { cell: where + side, n: ids.length });
    this.quotes.showCodings(ids, heading, "matrices");
    return true;
  }

  /** Exports the matrix or the co-occurrence table to a file the user picks. */
  async export(which: "matrix" | "cooccurrence", name: string): Promise<boolean> {
    const choice = this.exportChoice;
    const options: T.TableExport = { format: choice.format, separator: choice.format === "csv" ? choice.separator : ",", bom: choice.format === "csv" && choice.bom };
    const path = await this.s.notices.run(() => this.s.api.pickSavePath(exportName(name), [choice.format]));
    if (!path) return false;
    let ok = false;
    if (which === "matrix") {
      const request = this.request;
      if (!request) return false;
      ok = await this.s.notices.done(() => this.s.api.exportMatrix(request, path, options));
    } else {
      const request = this.coRequest;
      if (!request) return false;
      ok = await this.s.notices.done(() => this.s.api.exportCooccurrence(request, path, options));
    }
    if (ok) this.s.notices.toast("info", t("export.done", { file: fileName(path) }));
    return ok;
  }

  clear(): void {
    this.options = null;
    this.result = null;
    this.compared = null;
    this.coResult = null;
    this.pickers = { rows: "themes", columns: "", measure: "codings", percent: "none", byCoder: false, restrict: [] };
    this.comparison = { on: false, attribute: "", a: "", b: "" };
    this.co = { codes: "themes", mode: "overlap", measure: "codings", restrict: [] };
  }
}
