// User text is rendered as text: a code name or a transcript holding markup
// shows the characters and never becomes elements or runs script.
import { afterEach, describe, expect, it } from "vitest";
import { mountWindow, settle, unmountWindow } from "./window";
import type * as T from "../../lib/api/types";
import { RecordedBackend, type Recording } from "../../lib/backend/recorded";
import { demoRecording } from "../../lib/backend/demo-recording";
import { app } from "../../lib/state/root.svelte";

const EVIL = `Hej <script>window.__xss = 1</script> och <img src=x onerror="window.__xss = 2"> samt <b>fet</b> &amp; klart`;
const EVIL_NAME = `<img src=x onerror="window.__xss=3">.txt`;
const EVIL_CODE = "<i>kod</i>";

afterEach(unmountWindow);

function expectNoMarkup() {
  expect(document.querySelectorAll("script").length).toBe(0);
  expect(document.querySelector("img, i, b")).toBeNull();
  expect((window as unknown as { __xss?: number }).__xss).toBeUndefined();
}

/** A one-document project whose text, name and code hold markup, as the
 *  core would answer for it (a hand-made recording: no write). */
function evilRecording(): Recording {
  const at = EVIL.indexOf("<img");
  const end = EVIL.indexOf(">", at) + 1;
  const info: T.ProjectInfo = {
    id: "p", name: "xss", path: "/tmp/xss.tematik", revision: 1, documents: 1, codes: 1, codings: 1, can_undo: false,
    can_redo: false, undo_label: null, redo_label: null, undo_kind: null, redo_kind: null, system_language: "sv",
  };
  const code: T.CodeNode = {
    id: "c", parent_id: null, name: EVIL_CODE, color: "#3b6ea5", definition: "<b>def</b>", role: "theme", status: "candidate",
    depth: 0, codings: 1, codings_total: 1, documents: 1, default_tags: [], scope_includes: "", scope_excludes: "", status_at: null, status_by: null, discarded: false, examples: 0,
  };
  const coding: T.CodingView = {
    id: "k", document_id: "d", code_id: "c", code_name: EVIL_CODE, code_color: "#3b6ea5", start: at, end,
    text: EVIL.slice(at, end), coder: "<b>anna</b>", created_at: "2026-01-01T00:00:00Z", tags: [],
  };
  const list: T.DocumentList = {
    documents: [{ id: "d", name: EVIL_NAME, kind: "text", words: 12, codings: 1, question: null, respondent: null }],
    surveys: [],
    survey_codings: 0,
  };
  const doc: T.DocumentView = { id: "d", name: EVIL_NAME, kind: "text", text: EVIL, words: 12, turns: [], codings: [coding], attributes: [["<b>Ort</b>", "<i>Åby</i>"]] };
  const settings: T.Settings = { language: "sv", coder: "anna", system_language: "sv" };
  const answers = [settings, [], info, list, [code], [], doc, { transcripts: ["txt"], surveys: ["csv"] }];
  const reads = [
    ["get_settings", {}, 0],
    ["recent_projects", {}, 1],
    ["project_info", {}, 2],
    ["list_documents", {}, 3],
    ["code_tree", {}, 4],
    ["dimensions", {}, 5],
    ["get_document", { id: "d" }, 6],
    ["import_kinds", {}, 7],
  ] as const;
  return { version: 1, answers, states: [{ reads: reads.map(([command, args, ok]) => ({ command, args, ok })) }], writes: [] };
}

describe("markup in user text", () => {
  it("shows a transcript's markup, its name and a coded highlight literally", async () => {
    await app.init(new RecordedBackend(evilRecording()));
    mountWindow();
    await settle(6);

    const item = document.querySelector<HTMLElement>('[data-testid="doc-item"]')!;
    expect(item.dataset.name).toBe(EVIL_NAME);
    expect(item.textContent).toContain(EVIL_NAME);
    const reader = document.querySelector('[data-testid="reader"]')!;
    expect(reader.textContent).toContain("<script>window.__xss = 1</script>");
    expect(reader.textContent).toContain(`<img src=x onerror="window.__xss = 2">`);
    expect(reader.textContent).toContain("&amp;");
    expect(document.querySelector(".reader-view h2")!.textContent).toBe(EVIL_NAME);
    expect(document.querySelector(".reader-view .attrs")!.textContent).toContain("<i>Åby</i>");
    const hl = document.querySelector<HTMLElement>('[data-testid="highlight"]');
    expect(hl!.textContent).toBe(`<img src=x onerror="window.__xss = 2">`);
    expect(hl!.title).toBe(EVIL_CODE);
    const node = document.querySelector<HTMLElement>('[data-testid="code-node"]')!;
    expect(node.textContent).toContain(EVIL_CODE);
    hl!.click(); // the codings panel
    await settle(6);
    expect(document.querySelector('[data-testid="coding-panel"]')!.textContent).toContain("<b>anna</b>");
    expectNoMarkup();
  });

  it("shows a code created with markup in its name as text (the recorded scenario's first code)", async () => {
    const recording = demoRecording();
    const i = recording.writes.findIndex((w) => w.command === "create_code" && w.err === undefined);
    expect(i).toBeGreaterThanOrEqual(0);
    const created = recording.answers[recording.writes[i].ok!] as T.CodeNode;
    expect(created.name).toMatch(/<[a-z]+>/i);
    await app.init(new RecordedBackend(recording, { state: i + 1 }));
    mountWindow();
    await settle(6);
    const node = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="code-node"]')).find((el) => el.dataset.name === created.name);
    expect(node, "the new code is in the tree").toBeDefined();
    expect(node!.querySelector(".name")!.textContent).toBe(created.name);
    // And in the quick-code popover's list.
    const doc = app.documents.doc!;
    app.coding.openPopover({ documentId: doc.id, start: 0, end: 3, text: doc.text.slice(0, 3), x: 0, y: 0, top: 0, preselect: created.id, source: "reader" });
    await settle(6);
    const option = document.querySelector<HTMLElement>('[data-testid="popover-option"]')!;
    expect(option.dataset.name).toBe(created.name);
    expect(option.textContent).toContain(created.name);
    expectNoMarkup();
  });
});
