// The replay itself, on a small hand-made recording of the same format as
// the one recorded from the core: reads answer from the current state, the
// next write moves to the next state, anything else is refused by name.
import { describe, expect, it } from "vitest";
import { RecordedBackend, canonical, type Recording } from "./recorded";
import raw from "./recorded/replay-test.json?raw";
import { createBackend } from "./index";

const recording = (): Recording => JSON.parse(raw) as Recording;

describe("the recorded backend", () => {
  it("answers reads from the current state and moves on with the next write", async () => {
    const b = new RecordedBackend(recording());
    expect(b.state).toBe(0);
    expect((await b.projectInfo()).can_undo).toBe(false);
    expect((await b.codeTree()).map((c) => c.name)).toEqual(["Närhet"]);
    // The same write with its keys in another order is still that write.
    const node = await b.createCode({ role: "theme", color: "#c0504d", parent_id: null, name: "Tillit" });
    expect(node.name).toBe("Tillit");
    expect(b.state).toBe(1);
    expect((await b.projectInfo()).undo_kind).toBe("create_code");
    expect((await b.codeTree()).map((c) => c.name)).toEqual(["Närhet", "Tillit"]);
  });

  it("rejects a refused write with the recorded ApiError and still moves on", async () => {
    const b = new RecordedBackend(recording(), { state: 1 });
    await expect(b.createCode({ name: "Tillit", parent_id: null, color: null, role: "theme" })).rejects.toEqual({
      code: "name_taken",
      message: "A code named 'Tillit' already exists there.",
      details: { kind: "code", name: "Tillit" },
    });
    expect(b.state).toBe(2);
  });

  it("refuses a call it has no answer for, naming the command, the args and the next write", async () => {
    const b = new RecordedBackend(recording());
    const err = await b.createCode({ name: "Tillit", parent_id: null, color: "#000000", role: "theme" }).catch((e) => e);
    expect(err.code).toBe("not_recorded");
    expect(err.message).toContain('create_code {"request":{"color":"#000000","name":"Tillit","parent_id":null,"role":"theme"}}');
    expect(err.message).toContain("the next write is create_code");
    expect(b.state).toBe(0); // not a write: nothing moved
    await expect(b.getDocument("d9")).rejects.toMatchObject({ code: "not_recorded", details: { command: "get_document", state: 0 } });
    expect(b.log.map((c) => [c.command, c.ok])).toEqual([
      ["create_code", false],
      ["get_document", false],
    ]);
  });

  it("hands out copies, so changing an answer does not change the recording", async () => {
    const b = new RecordedBackend(recording());
    const tree = await b.codeTree();
    tree[0].name = "ändrad";
    expect((await b.codeTree())[0].name).toBe("Närhet");
  });

  it("answers the native dialogs and events from test hooks", async () => {
    const b = new RecordedBackend(recording());
    b.queuePick(["/tmp/a.txt", "/tmp/b.csv"]);
    b.queuePick(null);
    expect(await b.pickImportFiles({ transcripts: ["txt"], surveys: ["csv"] })).toEqual(["/tmp/a.txt", "/tmp/b.csv"]);
    expect(await b.pickProjectToOpen()).toBeNull();
    const seen: unknown[] = [];
    const off = await b.onImportProgress((p) => seen.push(p));
    b.emitImportProgress({ done: 1, total: 2, file: "a.txt" });
    off();
    b.emitImportProgress({ done: 2, total: 2, file: "b.txt" });
    expect(seen).toEqual([{ done: 1, total: 2, file: "a.txt" }]);
    const dropped: string[][] = [];
    await b.onFileDrop!((paths) => dropped.push(paths));
    b.dropFiles(["/tmp/c.docx"]);
    expect(dropped).toEqual([["/tmp/c.docx"]]);
  });

  it("compares values whatever their key order, but keeps array order", () => {
    expect(canonical({ b: 1, a: { d: [2, 1], c: null } })).toBe(canonical({ a: { c: null, d: [2, 1] }, b: 1 }));
    expect(canonical({ a: [1, 2] })).not.toBe(canonical({ a: [2, 1] }));
  });
});

describe("the browser's backend", () => {
  it("is the recorded demo project, opened", async () => {
    const b = await createBackend();
    expect(b).toBeInstanceOf(RecordedBackend);
    expect((b as RecordedBackend).state).toBe(0);
    const [info, list] = await Promise.all([b.projectInfo(), b.listDocuments()]);
    expect(info.documents).toBeGreaterThan(0);
    expect(list.documents.length).toBeGreaterThan(0);
    expect((await b.getDocument(list.documents[0].id)).text.length).toBeGreaterThan(0);
    const kinds = await b.importKinds();
    expect(kinds.transcripts.length).toBeGreaterThan(0);
  });
});
