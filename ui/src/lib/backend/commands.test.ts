// The one mapping from Backend methods to commands: names and camelCase
// args as the shell expects them, and errors normalised to ApiError.
import { describe, expect, it } from "vitest";
import type * as T from "../api/types";
import { CommandBackend, asApiError, type Invoke } from "./commands";

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
  async onImportProgress() {
    return () => {};
  }
}

describe("commands", () => {
  it("sends each method as its command with camelCase args", async () => {
    const b = new Capture();
    await b.importKinds();
    await b.updateCode("c1", { name: "Ny", color: null, definition: null, role: null, status: "final" });
    await b.moveCode("c1", null, 2);
    await b.toggleCodingTag("k1", "niva", "mikro");
    await b.snapSelection("d1", 3, 9);
    await b.undo();
    expect(b.sent).toEqual([
      ["import_kinds", {}],
      ["update_code", { id: "c1", update: { name: "Ny", color: null, definition: null, role: null, status: "final" } }],
      ["move_code", { id: "c1", parentId: null, position: 2 }],
      ["toggle_coding_tag", { codingId: "k1", dimension: "niva", value: "mikro" }],
      ["snap_selection", { documentId: "d1", start: 3, end: 9 }],
      ["undo", {}],
    ]);
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
