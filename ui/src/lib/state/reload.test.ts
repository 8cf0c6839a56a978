// A write that fails may still have been committed (the case of issue 14: the
// answers were saved, then updating the index failed). After any failed write
// the window reloads what the project holds, so it never shows a stale state.
import { describe, expect, it } from "vitest";
import type * as T from "../api/types";
import { RecordedBackend, type Recording } from "../backend/recorded";
import { AppState } from "./root.svelte";

const info = (revision: number, codes: number): T.ProjectInfo => ({
  id: "p1", name: "Liten", path: "/tmp/liten.tematik", revision, documents: 0, codes, codings: 0,
  can_undo: revision > 0, can_redo: false, undo_label: null, redo_label: null, undo_kind: null, redo_kind: null, system_language: "sv",
});
const code = (id: string, name: string): T.CodeNode => ({
  id, parent_id: null, name, color: "#3b6ea5", definition: "", role: "theme", status: "candidate", depth: 0,
  codings: 0, codings_total: 0, documents: 0, default_tags: [], scope_includes: "", scope_excludes: "", status_at: null, status_by: null, discarded: false, examples: 0,
});

function recording(): Recording {
  const reads = (infoAt: number, treeAt: number) => [
    { command: "get_settings", args: {}, ok: 0 },
    { command: "recent_projects", args: {}, ok: 1 },
    { command: "project_info", args: {}, ok: infoAt },
    { command: "list_documents", args: {}, ok: 2 },
    { command: "code_tree", args: {}, ok: treeAt },
    { command: "dimensions", args: {}, ok: 1 },
  ];
  return {
    version: 1,
    answers: [
      { language: "sv", coder: "Anna", system_language: "sv" },
      [],
      { documents: [], surveys: [], survey_codings: 0 },
      info(0, 0),
      [],
      info(1, 1),
      [code("c1", "Tillit")],
      { code: "index", message: "the index cannot be written", details: {} },
    ],
    states: [{ reads: reads(3, 4) }, { reads: reads(5, 6) }],
    writes: [
      { command: "create_code", args: { request: { name: "Tillit", parent_id: null, color: null, role: "theme" } }, err: 7, step: { do: "create_code" } },
    ],
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
}

describe("after a failed write", () => {
  it("the window reloads the project: the code that was committed shows", async () => {
    const app = new AppState();
    const backend = new RecordedBackend(recording());
    await app.init(backend);
    expect(app.codes.tree).toEqual([]);
    // Not through the codes controller (which refreshes itself): any write.
    await app.notices.run(() => app.api.createCode({ name: "Tillit", parent_id: null, color: null, role: "theme" }));
    await settle();
    expect(app.notices.lastError?.code).toBe("index");
    expect(app.project.info?.revision, "project info reloaded").toBe(1);
    expect(app.codes.tree.map((c) => c.name), "code tree reloaded").toEqual(["Tillit"]);
    const after = backend.log.filter((c) => c.state === 1).map((c) => c.command);
    expect(after).toEqual(expect.arrayContaining(["project_info", "list_documents", "code_tree"]));
  });

  it("a failed read reloads nothing", async () => {
    const app = new AppState();
    const backend = new RecordedBackend(recording());
    await app.init(backend);
    const calls = backend.log.length;
    await app.notices.run(() => app.api.getDocument("gone"));
    await settle();
    expect(backend.log.length, "only the failed read").toBe(calls + 1);
  });
});
