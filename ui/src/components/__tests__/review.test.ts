// The team lead's views in the window, over the demo recording with issue
// 15's commands answered by fixtures (the recording has none of them yet):
// the review tree and its keys, the discard pile, the matrices' click-through
// into the quotes view, and the map's click into the review.
import { afterEach, describe, expect, it } from "vitest";
import { mountWindow, settle, unmountWindow } from "./window";
import { RecordedBackend } from "../../lib/backend/recorded";
import { demoRecording } from "../../lib/backend/demo-recording";
import { locale } from "../../lib/i18n/index.svelte";
import { app } from "../../lib/state/root.svelte";
import type * as T from "../../lib/api/types";

afterEach(unmountWindow);

class Issue15 extends RecordedBackend {
  calls: [string, unknown[]][] = [];
  review: T.ReviewView = { nodes: [], elapsed_ms: 3 };
  map: T.MapView = { width: 400, height: 300, nodes: [], edges: [] };
  cell: string[] = [];
  private note(name: string, args: unknown[]) {
    this.calls.push([name, args]);
  }
  override async reviewTree() {
    this.note("reviewTree", []);
    return structuredClone(this.review);
  }
  override async thematicMap() {
    return structuredClone(this.map);
  }
  override async codeExamples() {
    return [];
  }
  override async promoteCode(id: string) {
    this.note("promoteCode", [id]);
  }
  override async demoteCode(id: string) {
    this.note("demoteCode", [id]);
  }
  override async discardCode(id: string) {
    this.note("discardCode", [id]);
  }
  override async restoreCode(id: string) {
    this.note("restoreCode", [id]);
  }
  override async moveCode(id: string, parentId: string | null, position: number) {
    this.note("moveCode", [id, parentId, position]);
  }
  override async matrixOptions(): Promise<T.MatrixOptions> {
    return { dimensions: app.codes.dims, attributes: [{ name: "Omgång", values: ["2022", "2023"] }], coders: [] };
  }
  override async matrix(request: T.MatrixRequest): Promise<T.MatrixView> {
    this.note("matrix", [request]);
    const h = (key: string, label: string): T.MatrixHeader => ({ key, label, depth: 0, color: null });
    return {
      rows: [h("t1", "Samverkan"), h("t2", "Digitalisering")],
      columns: [h("mikro", "Mikro"), h("meso", "Meso"), h("", "")],
      counts: [
        [18, 2, 0],
        [4, 9, 1],
      ],
      percents: null,
      row_totals: [20, 14],
      column_totals: [22, 11, 1],
      total: 34,
      max: 18,
      elapsed_ms: 2,
    };
  }
  override async matrixCell(request: T.MatrixRequest, row: number, column: number | null) {
    this.note("matrixCell", [request, row, column]);
    return this.cell;
  }
  override async quotes(request: T.QuoteRequest): Promise<T.QuotesView> {
    const exact = (request as T.QuoteRequestWithCodings).codings;
    if (exact) {
      this.note("quotesOf", [exact]);
      return { total: 0, quotes: [], elapsed_ms: 1 };
    }
    // The details' page of a node's quotes (20 at a time) is not in the recording.
    return super.quotes(request).catch(() => ({ total: 0, quotes: [], elapsed_ms: 1 }));
  }
}

async function open(): Promise<Issue15> {
  locale.current = "sv";
  const backend = new Issue15(demoRecording());
  await app.init(backend);
  const tree = app.codes.tree;
  const themes = tree.filter((c) => c.parent_id === null);
  backend.review = {
    elapsed_ms: 3,
    nodes: tree.map((c, i) => ({
      id: c.id,
      parent_id: c.parent_id,
      depth: c.depth,
      name: c.name,
      color: c.color,
      role: c.role,
      status: "candidate",
      // The last theme is in the discard pile.
      discarded: c.id === themes[themes.length - 1].id || c.parent_id === themes[themes.length - 1].id,
      definition: "",
      scope_includes: "",
      scope_excludes: "",
      status_at: null,
      status_by: null,
      examples: 0,
      codings: c.codings_total,
      documents: c.documents,
      participants: c.documents,
      spread: app.codes.dims.map((d) => ({ dimension: d.key, counts: d.values.map((_, k) => (k + i) % 3), missing: i % 2 })),
      coders: [{ coder_id: "k", name: "Anna", color: "#aa3355", codings: c.codings_total }],
      // Flag the first code of the first theme only.
      flags: c.parent_id === themes[0].id && tree.filter((x) => x.parent_id === themes[0].id)[0].id === c.id ? ["few_codings"] : [],
    })),
  };
  backend.map = {
    width: 400,
    height: 300,
    nodes: [
      { id: "root", parent_id: null, label: "Projekt", name: "Projekt", x: 200, y: 150, r: 12, color: "#777777", status: "candidate", discarded: false, depth: 0, codings: 0, anchor: "middle" },
      { id: themes[0].id, parent_id: "root", label: themes[0].name, name: themes[0].name, x: 300, y: 150, r: 9, color: themes[0].color, status: "final", discarded: false, depth: 1, codings: 5, anchor: "start" },
    ],
    edges: [{ from: "root", to: themes[0].id, x0: 212, y0: 150, x1: 291, y1: 150, d: "M212,150 C251,150 251,150 291,150" }],
  };
  mountWindow();
  await settle();
  return backend;
}

const rowsShown = () => [...document.querySelectorAll<HTMLElement>('[data-testid="review-node"]')];

describe("the review view", () => {
  it("shows the live tree with counts, bars and coders, the discard pile apart, flagged nodes with their ancestors", async () => {
    const b = await open();
    document.querySelector<HTMLElement>('[data-testid="tab-review"]')!.click();
    await settle();
    const live = b.review.nodes.filter((n) => !n.discarded);
    expect(rowsShown().map((r) => r.dataset.id)).toEqual(live.map((n) => n.id));
    expect(document.querySelector('[aria-label="Dokument och koder"]'), "no sidebar in the review").toBeNull();
    expect(document.querySelectorAll('[data-testid="spread-bar"]').length).toBe(live.length * app.codes.dims.length);
    const pile = [...document.querySelectorAll<HTMLElement>('[data-testid="discarded-node"]')].map((e) => e.dataset.id);
    expect(pile).toEqual(b.review.nodes.filter((n) => n.discarded).map((n) => n.id));
    document.querySelector<HTMLInputElement>('[data-testid="review-flagged-only"]')!.click();
    await settle();
    const flagged = b.review.nodes.find((n) => n.flags.length)!;
    expect(rowsShown().map((r) => r.dataset.id)).toEqual([flagged.parent_id, flagged.id]);
    expect(document.querySelectorAll('[data-testid="review-flag"]').length).toBe(1);
  });

  it("moves the selection with the arrows and operates from the keyboard, reloading after each", async () => {
    const b = await open();
    document.querySelector<HTMLElement>('[data-testid="tab-review"]')!.click();
    await settle();
    const [first, second] = rowsShown();
    first.click();
    await settle();
    expect(document.querySelector<HTMLElement>('[data-testid="review-details"]')!.dataset.id).toBe(first.dataset.id);
    first.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }));
    await settle();
    expect(app.review.selectedId).toBe(second.dataset.id);
    const reloads = b.calls.filter(([c]) => c === "reviewTree").length;
    const row = () => document.querySelector<HTMLElement>(`[data-testid="review-node"][data-id="${second.dataset.id}"]`)!;
    row().dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowLeft", altKey: true, bubbles: true }));
    await settle();
    row().dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", altKey: true, bubbles: true }));
    await settle();
    row().dispatchEvent(new KeyboardEvent("keydown", { key: "Delete", bubbles: true }));
    await settle();
    const ops = b.calls.filter(([c]) => c !== "reviewTree" && c !== "matrix");
    expect(ops).toEqual([
      ["promoteCode", [second.dataset.id]],
      ["demoteCode", [second.dataset.id]],
      ["discardCode", [second.dataset.id]],
    ]);
    expect(b.calls.filter(([c]) => c === "reviewTree").length).toBe(reloads + 3);
    row().dispatchEvent(new KeyboardEvent("keydown", { key: "m", bubbles: true }));
    await settle();
    expect(document.querySelector('[data-testid="merge-picker"]')).not.toBeNull();
    expect(document.querySelectorAll('[data-testid="merge-target"]').length).toBeGreaterThan(0);
    expect(app.notices.lastError?.title ?? null, JSON.stringify(app.notices.lastError)).toBeNull();
  });

  it("opens the context menu on a right click", async () => {
    await open();
    document.querySelector<HTMLElement>('[data-testid="tab-review"]')!.click();
    await settle();
    rowsShown()[1].dispatchEvent(new MouseEvent("contextmenu", { bubbles: true, clientX: 50, clientY: 60 }));
    await settle();
    const items = [...document.querySelectorAll('[data-testid="context-menu"] [role="menuitem"]')].map((e) => e.textContent);
    expect(items.length).toBe(7);
    expect(items.join()).toContain("Kassera");
  });

  it("draws the map as SVG elements and selects a clicked node in the tree", async () => {
    const b = await open();
    document.querySelector<HTMLElement>('[data-testid="tab-review"]')!.click();
    await settle();
    document.querySelector<HTMLElement>('[data-testid="review-tab-map"]')!.click();
    await settle();
    expect(document.querySelectorAll('[data-testid="map-svg"] circle').length).toBe(2);
    expect([...document.querySelectorAll('[data-testid="map-svg"] text')].map((t) => t.textContent)).toContain(b.map.nodes[1].label);
    document.querySelector<SVGElement>(`[data-testid="map-node"][data-id="${b.map.nodes[1].id}"]`)!.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    await settle();
    expect(app.review.tab).toBe("tree");
    expect(document.querySelector<HTMLElement>('[data-testid="review-details"]')!.dataset.id).toBe(b.map.nodes[1].id);
  });
});

describe("the matrices view", () => {
  it("draws the heatmap and opens a cell's codings in the quotes view, with a way back", async () => {
    const b = await open();
    b.cell = ["k1", "k2", "k3"];
    document.querySelector<HTMLElement>('[data-testid="tab-matrices"]')!.click();
    await settle();
    const cells = [...document.querySelectorAll<HTMLElement>('[data-testid="matrix-cell"]')];
    expect(cells.map((c) => c.dataset.count)).toEqual(["18", "2", "0", "4", "9", "1"]);
    expect(cells[0].style.color, "white text on the darkest cell").toBe("rgb(255, 255, 255)");
    expect(document.querySelectorAll('[data-testid="matrix-column"]')[2].textContent!.trim()).toBe("(inget värde)");
    cells[4].dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    await settle();
    const cellCall = b.calls.find(([c]) => c === "matrixCell")!;
    expect(cellCall[1].slice(1)).toEqual([1, 1]);
    expect(b.calls.find(([c]) => c === "quotesOf")![1]).toEqual([["k1", "k2", "k3"]]);
    expect(document.querySelector('[data-testid="quotes-cell-heading"]')!.textContent).toBe("Digitalisering × Meso, 3 kodningar");
    document.querySelector<HTMLElement>('[data-testid="quotes-back"]')!.click();
    await settle();
    expect(document.querySelector('[data-testid="matrices-view"]')).not.toBeNull();
  });
});
