// Coding from the keyboard and the panels, on the recorded backend: each
// test starts in the recorded state just before a write of the scenario and
// drives the window as a user would; the recorded backend accepts only the
// exact IPC call the core answered, so the UI must send what was recorded.
import { afterEach, describe, expect, it } from "vitest";
import { mountWindow, settle, unmountWindow } from "./window";
import type * as T from "../../lib/api/types";
import { RecordedBackend, type RecordedWrite } from "../../lib/backend/recorded";
import { demoRecording } from "../../lib/backend/demo-recording";
import { locale, t } from "../../lib/i18n/index.svelte";
import { outcomeText } from "../../lib/state/project.svelte";
import { app } from "../../lib/state/root.svelte";

const recording = demoRecording();
afterEach(unmountWindow);

function key(target: Element, k: string, init: KeyboardEventInit = {}) {
  target.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true, ...init }));
}

/** The first recorded write that matches, and its index (the state before it). */
function writeWhere(f: (w: RecordedWrite) => boolean): [number, RecordedWrite] {
  const i = recording.writes.findIndex(f);
  expect(i, "the recording has the step this test drives").toBeGreaterThanOrEqual(0);
  return [i, recording.writes[i]];
}

/** The window, in the recorded state `state`, showing a document. */
async function windowAt(state: number, documentId?: string): Promise<RecordedBackend> {
  locale.current = "sv";
  const backend = new RecordedBackend(recording, { state });
  await app.init(backend);
  if (documentId) await app.openDocument(documentId);
  mountWindow();
  await settle();
  return backend;
}

async function openPopover(start: number, end: number) {
  const doc = app.documents.doc!;
  app.coding.openPopover({ documentId: doc.id, start, end, text: doc.text.slice(start, end), x: 10, y: 10, top: 0, preselect: null, source: "reader" });
  await settle();
  return document.querySelector<HTMLInputElement>('[data-testid="popover-input"]')!;
}

async function type(input: HTMLInputElement, text: string) {
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  await settle();
}

function requestOf(w: RecordedWrite): T.ApplyCodeRequest {
  return w.args.request as T.ApplyCodeRequest;
}

describe("the quick-code popover", () => {
  it("applies an existing code with the level and focus areas chosen from the keyboard", async () => {
    const [at, w] = writeWhere((x) => x.command === "apply_code" && x.err === undefined && !!requestOf(x).code_id && requestOf(x).tags.length > 1);
    const req = requestOf(w);
    const backend = await windowAt(at, req.document_id);
    const code = app.codes.byId(req.code_id)!;
    const single = app.codes.single!;
    const input = await openPopover(req.start, req.end);
    expect(document.querySelector('[data-testid="code-popover"]')).not.toBeNull();
    for (const [dim, value] of req.tags) {
      if (dim === single.key) {
        const n = single.values.findIndex((v) => v.key === value) + 1;
        key(input, String(n), { code: `Digit${n}` }); // empty box: the level's number
      } else {
        document.querySelector<HTMLElement>(`[data-testid="focus-${value}"]`)!.click();
      }
    }
    await settle();
    for (const [, value] of req.tags) {
      const button = document.querySelector(`[data-testid="level-${value}"], [data-testid="focus-${value}"]`)!;
      expect(button.getAttribute("aria-pressed"), value).toBe("true");
    }
    await type(input, code.name);
    const first = document.querySelector<HTMLElement>('[data-testid="popover-option"]')!;
    expect(first.dataset.name).toBe(code.name);
    // Another code may have the same name elsewhere in the tree: ↓ to this one.
    const options = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="popover-option"]'));
    const pick = options.findIndex((o) => o.dataset.id === code.id);
    expect(pick).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < pick; i++) key(input, "ArrowDown");
    key(input, "Enter");
    await settle();
    expect(backend.state, "the popover sent the recorded apply_code").toBe(at + 1);
    expect(document.querySelector('[data-testid="code-popover"]')).toBeNull();
    const coding = recording.answers[w.ok!] as T.CodingView;
    expect(app.documents.doc!.codings.some((c) => c.id === coding.id)).toBe(true);
    const hl = document.querySelector<HTMLElement>(`[data-testid="highlight"][data-coding-ids~="${coding.id}"]`);
    expect(hl?.textContent).toBe(app.documents.doc!.text.slice(req.start, req.end));
  });

  it("creates and applies a new code named from the selection or typed", async () => {
    const [at, w] = writeWhere((x) => x.command === "apply_code" && x.err === undefined && !!requestOf(x).new_code);
    const req = requestOf(w);
    const wanted = req.new_code!;
    const backend = await windowAt(at, req.document_id);
    expect(app.codes.tree.some((c) => c.name === wanted.name)).toBe(false);
    const input = await openPopover(req.start, req.end);
    const vivo = document.querySelector<HTMLElement>('[data-testid="popover-option"][data-kind="invivo"]');
    if (vivo?.dataset.name !== wanted.name) await type(input, wanted.name);
    const options = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="popover-option"]'));
    const pick = options.findIndex((o) => (o.dataset.kind === "invivo" || o.dataset.kind === "create") && o.dataset.name === wanted.name);
    expect(pick).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < pick; i++) key(input, "ArrowDown");
    await settle();
    // The new code's parent and colour, as chosen in the popover.
    const parent = document.querySelector<HTMLSelectElement>('[data-testid="popover-parent"]')!;
    parent.value = wanted.parent_id ?? "";
    parent.dispatchEvent(new Event("change", { bubbles: true }));
    if (wanted.color) {
      const color = document.querySelector<HTMLInputElement>('[data-testid="popover-color"]')!;
      color.value = wanted.color;
      color.dispatchEvent(new Event("input", { bubbles: true }));
    }
    await settle();
    key(input, "Enter");
    await settle();
    expect(backend.state, "the popover sent the recorded apply_code with a new code").toBe(at + 1);
    expect(app.codes.tree.some((c) => c.name === wanted.name)).toBe(true);
  });
});

describe("the codings panel", () => {
  it("toggles a coding's tag with one click", async () => {
    const [at, w] = writeWhere((x) => x.command === "toggle_coding_tag" && x.err === undefined);
    const codingId = w.args.codingId as string;
    const after = recording.answers[w.ok!] as T.CodingView;
    const backend = await windowAt(at, after.document_id);
    const hl = document.querySelector<HTMLElement>(`[data-testid="highlight"][data-coding-ids~="${codingId}"]`)!;
    hl.click();
    await settle();
    const item = document.querySelector<HTMLElement>(`[data-testid="coding-item"][data-coding-id="${codingId}"]`)!;
    expect(item).not.toBeNull();
    item.querySelector<HTMLElement>(`[data-testid="coding-tag-${w.args.value as string}"]`)!.click();
    await settle();
    expect(backend.state, "the panel sent the recorded toggle_coding_tag").toBe(at + 1);
    const now = app.documents.doc!.codings.find((c) => c.id === codingId)!;
    expect(now.tags).toEqual(after.tags);
  });
});

describe("the code panel", () => {
  it("saves every field changed as one update_code (one undo step)", async () => {
    const [at, w] = writeWhere((x) => x.command === "update_code" && x.err === undefined);
    const id = w.args.id as string;
    const u = w.args.update as T.CodeUpdate;
    const backend = await windowAt(at);
    app.codes.select(id);
    await settle();
    const set = (testid: string, value: string | null, event = "input") => {
      if (value === null) return;
      const el = document.querySelector<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(`[data-testid="${testid}"]`)!;
      el.value = value;
      el.dispatchEvent(new Event(event, { bubbles: true }));
    };
    set("code-name", u.name);
    set("code-color", u.color);
    set("code-definition", u.definition);
    set("code-role", u.role, "change");
    set("code-status", u.status, "change");
    await settle();
    const writesBefore = backend.log.filter((c) => c.write).length;
    document.querySelector<HTMLButtonElement>('[data-testid="code-save"]')!.click();
    await settle();
    expect(backend.state, "Save sent the recorded update_code").toBe(at + 1);
    expect(backend.log.filter((c) => c.write).length - writesBefore, "one write").toBe(1);
    expect(backend.log.filter((c) => c.state === at && !c.write).map((c) => c.command)).not.toContain("rename_code");
  });
});

describe("undo", () => {
  it("Ctrl+Z outside a text field undoes, and says what", async () => {
    const [at, w] = writeWhere((x) => x.command === "undo" && x.err === undefined);
    const outcome = recording.answers[w.ok!] as T.UndoOutcome;
    const backend = await windowAt(at);
    const before = app.project.info!;
    expect(before.can_undo).toBe(true);
    key(document.body, "z", { ctrlKey: true });
    await settle();
    expect(backend.state, "Ctrl+Z sent undo").toBe(at + 1);
    const toast = document.querySelector<HTMLElement>('[data-testid="toast-info"]');
    expect(toast?.textContent).toContain(t("undo.done", { label: outcomeText(outcome) }));
    const info = app.project.info!;
    expect(info).toEqual(outcome.info);
    expect(document.querySelector('[data-testid="undo-button"]')!.getAttribute("title")).toBe(app.project.undoTitle);
    expect(info.revision).not.toBe(before.revision);
  });
});
