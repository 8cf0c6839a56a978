// Undo says what it undid and where, and shows it: the reader opens the
// document and flashes the place. The recorded outcome's place is moved
// here to a document the window does not show first, so the jump is seen.
import { afterEach, describe, expect, it } from "vitest";
import { mountWindow, settle, unmountWindow } from "./window";
import type * as T from "../../lib/api/types";
import { RecordedBackend } from "../../lib/backend/recorded";
import { demoRecording } from "../../lib/backend/demo-recording";
import { locale, t } from "../../lib/i18n/index.svelte";
import { outcomeText } from "../../lib/state/project.svelte";
import { app } from "../../lib/state/root.svelte";

afterEach(unmountWindow);

describe("undo", () => {
  it("opens the document it changed and flashes the place, naming it in the toast", async () => {
    locale.current = "sv";
    const rec = demoRecording();
    const at = rec.writes.findIndex((w) => w.command === "undo" && w.err === undefined);
    expect(at).toBeGreaterThanOrEqual(0);
    // The document the window does not show first, and its second turn.
    const other = rec.states[at + 1].reads.filter((r) => r.command === "get_document").map((r) => rec.answers[r.ok!] as T.DocumentView)[1];
    expect(other, "the recording reads a second document after the undo").toBeDefined();
    const turn = other.turns[1];
    const place: T.UndoPlace = {
      document_id: other.id,
      document_name: other.name,
      code_name: "Systemets dilemman",
      turn: 2,
      start: turn.text_start,
      end: turn.text_start + 5,
    };
    const outcome = { ...(rec.answers[rec.writes[at].ok!] as T.UndoOutcome), place };
    rec.answers[rec.writes[at].ok!] = outcome;
    const backend = new RecordedBackend(rec, { state: at });
    await app.init(backend);
    mountWindow();
    await settle();
    expect(app.documents.doc?.id).not.toBe(other.id);
    app.views.show("journal");
    await settle();
    document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "z", ctrlKey: true, bubbles: true, cancelable: true }));
    await settle(12);
    await new Promise((r) => setTimeout(r, 60)); // the reader's jump waits for animation frames
    await settle();
    expect(backend.state).toBe(at + 1);
    const toast = document.querySelector('[data-testid="toast-info"]')!.textContent!;
    expect(toast).toContain(t("undo.done", { label: outcomeText(outcome) }));
    expect(toast).toContain(`${other.name}, replik 2`);
    expect(app.views.view).toBe("reader");
    expect(app.documents.doc?.id).toBe(other.id);
    const flashed = [...document.querySelectorAll<HTMLElement>('[data-testid="reader"] .flash')];
    expect(flashed.length, "the place flashes").toBeGreaterThan(0);
    expect(Number(flashed[0].dataset.offset)).toBeLessThanOrEqual(place.start);
    expect(backend.log.filter((c) => !c.ok)).toEqual([]);
  });
});
