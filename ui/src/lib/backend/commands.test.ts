// The one mapping from Backend methods to commands: names and camelCase
// args as the shell expects them, and errors normalised to ApiError.
import { describe, expect, it } from "vitest";
import type * as T from "../api/types";
import { CommandBackend, WRITE_COMMANDS, asApiError, type Invoke } from "./commands";

class Capture extends CommandBackend {
  sent: [string, Record<string, unknown>][] = [];
  fail: unknown = null;
  protected readonly invoke: Invoke = async (command, args) => {
    this.sent.push([command, args]);
    if (this.fail !== null) throw this.fail;
    return null;
  };
  async pickProjectToOpen() {
    return null;
  }
  async pickNewProjectPath() {
    return null;
  }
  async pickImportFiles(_kinds: T.ImportKinds) {
    return null;
  }
  async pickSavePath() {
    return null;
  }
  async pickOpenFile() {
    return null;
  }
  async onImportProgress() {
    return () => {};
  }
}

describe("commands", () => {
  it("sends each method as its command with camelCase args", async () => {
    const b = new Capture();
    await b.importKinds();
    await b.updateCode("c1", { name: "Ny", color: null, definition: null, role: null, status: "final", scope_includes: null, scope_excludes: null });
    await b.moveCode("c1", null, 2);
    await b.toggleCodingTag("k1", "niva", "mikro");
    await b.snapSelection("d1", 3, 9);
    await b.undo();
    expect(b.sent).toEqual([
      ["import_kinds", {}],
      ["update_code", { id: "c1", update: { name: "Ny", color: null, definition: null, role: null, status: "final", scope_includes: null, scope_excludes: null } }],
      ["move_code", { id: "c1", parentId: null, position: 2 }],
      ["toggle_coding_tag", { codingId: "k1", dimension: "niva", value: "mikro" }],
      ["snap_selection", { documentId: "d1", start: 3, end: 9 }],
      ["undo", {}],
    ]);
  });

  it("sends issue 15's methods as their snake_case commands, writes among the write commands", async () => {
    const b = new Capture();
    const request: T.MatrixRequest = {
      rows: { kind: "codes", select: { kind: "themes" } },
      columns: { kind: "dimension", key: "niva" },
      measure: "codings",
      percent: "none",
      by_coder: false,
      restrict: [],
    };
    const co: T.CooccurrenceRequest = { codes: { kind: "all" }, mode: "overlap", measure: "codings", restrict: [] };
    const options: T.TableExport = { format: "csv", separator: ";", bom: true };
    await b.splitCode("c1", ["k1", "k2"], "Ny");
    await b.promoteCode("c1");
    await b.demoteCode("c1");
    await b.discardCode("c1");
    await b.restoreCode("c1");
    await b.pinExample("c1", "k1", null);
    await b.unpinExample("c1", "k1");
    await b.moveExample("c1", "k1", 0);
    await b.codeExamples("c1");
    await b.createDimension({ name: "Problemtyp", multi: false, values: ["enkel"] });
    await b.renameDimension("problemtyp", "Problem");
    await b.moveDimension("problemtyp", 0);
    await b.addTagValue("problemtyp", "komplex");
    await b.renameTagValue("problemtyp", "komplex", "Komplex");
    await b.moveTagValue("problemtyp", "komplex", 1);
    await b.setCodeDefaultTags("c1", [["niva", "mikro"]]);
    await b.reviewTree();
    await b.matrixOptions();
    await b.matrix(request);
    await b.compareMatrix(request, "Omgång", "2022", "2023");
    await b.matrixCell(request, 1, null);
    await b.cooccurrence(co);
    await b.cooccurrenceCell(co, 0, 2);
    await b.exportMatrix(request, "/t/m.csv", options);
    await b.exportCooccurrence(co, "/t/c.xlsx", { ...options, format: "xlsx" });
    await b.thematicMap();
    await b.exportMap("/t/karta.svg", "svg");
    expect(b.sent).toEqual([
      ["split_code", { id: "c1", codings: ["k1", "k2"], name: "Ny" }],
      ["promote_code", { id: "c1" }],
      ["demote_code", { id: "c1" }],
      ["discard_code", { id: "c1" }],
      ["restore_code", { id: "c1" }],
      ["pin_example", { id: "c1", coding: "k1", position: null }],
      ["unpin_example", { id: "c1", coding: "k1" }],
      ["move_example", { id: "c1", coding: "k1", position: 0 }],
      ["code_examples", { id: "c1" }],
      ["create_dimension", { request: { name: "Problemtyp", multi: false, values: ["enkel"] } }],
      ["rename_dimension", { dimension: "problemtyp", name: "Problem" }],
      ["move_dimension", { dimension: "problemtyp", position: 0 }],
      ["add_tag_value", { dimension: "problemtyp", label: "komplex" }],
      ["rename_tag_value", { dimension: "problemtyp", value: "komplex", label: "Komplex" }],
      ["move_tag_value", { dimension: "problemtyp", value: "komplex", position: 1 }],
      ["set_code_default_tags", { id: "c1", values: [["niva", "mikro"]] }],
      ["review_tree", {}],
      ["matrix_options", {}],
      ["matrix", { request }],
      ["compare_matrix", { request, attribute: "Omgång", a: "2022", b: "2023" }],
      ["matrix_cell", { request, row: 1, column: null }],
      ["cooccurrence", { request: co }],
      ["cooccurrence_cell", { request: co, row: 0, column: 2 }],
      ["export_matrix", { request, path: "/t/m.csv", options }],
      ["export_cooccurrence", { request: co, path: "/t/c.xlsx", options: { ...options, format: "xlsx" } }],
      ["thematic_map", {}],
      ["export_map", { path: "/t/karta.svg", format: "svg" }],
    ]);
    const writes = b.sent.map(([c]) => c).filter((c) => WRITE_COMMANDS.has(c));
    expect(writes).toEqual(b.sent.slice(0, 16).filter(([c]) => c !== "code_examples").map(([c]) => c));
  });

  it("passes ApiErrors on and turns anything else into internal", async () => {
    const b = new Capture();
    b.fail = { code: "newer_schema", message: "newer", details: { found: 9, supported: 4 } };
    await expect(b.projectInfo()).rejects.toEqual({ code: "newer_schema", message: "newer", details: { found: 9, supported: 4 } });
    b.fail = "IPC broke";
    await expect(b.projectInfo()).rejects.toEqual({ code: "internal", message: "IPC broke", details: {} });
    expect(asApiError(new Error("boom"))).toEqual({ code: "internal", message: "boom", details: {} });
    expect(asApiError({ code: "io", message: "no disk" })).toEqual({ code: "io", message: "no disk", details: {} });
  });
});
