// The Kapitel view in the window, over the demo recording with issue 16's
// commands answered by fixtures (the recording has none of them yet): a
// set's quote cards (printed text as text, attribution with missing values
// and the warning, the one-click coarser attribution, the source line),
// trimming through the trim mode's inputs, Alt+↓ on a card, the finder's
// key, "Lägg till i kapitel" from the quotes view with no set yet, and the
// project's attribution settings with their live preview.
import { afterEach, describe, expect, it } from "vitest";
import { mountWindow, settle, unmountWindow } from "./window";
import { RecordedBackend } from "../../lib/backend/recorded";
import { demoRecording } from "../../lib/backend/demo-recording";
import { locale } from "../../lib/i18n/index.svelte";
import { app } from "../../lib/state/root.svelte";
import type * as T from "../../lib/api/types";

afterEach(unmountWindow);

const XSS = 'Vi ringer <img src=x onerror="window.__pwned=1"> dagen innan och stämmer av listan.';

class Issue16 extends RecordedBackend {
  calls: [string, unknown[]][] = [];
  sets: T.QuoteSetView[] = [];
  coding!: T.CodingView;
  private note(name: string, args: unknown[]) {
    this.calls.push([name, args]);
  }
  quote(over: Partial<T.SetQuoteView> = {}): T.SetQuoteView {
    return {
      coding: { ...this.coding, text: XSS },
      code_path: "Samverkan / Närhet",
      document_name: "fokusgrupp-2023-team2",
      speaker: "Deltagare 3",
      turn: 12,
      start_ms: 751_000,
      source: "fokusgrupp-2023-team2 · Deltagare 3 · replik 12 · 00:12:31",
      text: XSS,
      parts: null,
      note: "",
      template: "– {Yrke:lower}[, team {Team}][, {Omgång}]",
      own_template: false,
      attribution: "– sjuksköterska, team 3, …",
      missing: ["Omgång"],
      warning: { participants: 1, k: 3, shown: [["Yrke", "sjuksköterska"], ["Team", "3"]], reason: "bara 1 deltagare i projektet har Yrke sjuksköterska och Team 3 (färre än 3)" },
      coarser: { template: "– {Yrke:lower}", attribution: "– sjuksköterska" },
      other_sets: [],
      ...over,
    };
  }
  private summary(v: T.QuoteSetView): T.QuoteSetSummary {
    return { id: v.id, name: v.name, description: v.description, quotes: v.quotes.length, warnings: v.warnings };
  }
  private find(id: string): T.QuoteSetView {
    const s = this.sets.find((x) => x.id === id);
    if (!s) throw { code: "unknown_id", message: "no set", details: {} };
    return s;
  }
  override async quoteSets() {
    return this.sets.map((s) => this.summary(s));
  }
  override async quoteSet(id: string) {
    return structuredClone(this.find(id));
  }
  override async createQuoteSet(name: string) {
    this.note("createQuoteSet", [name]);
    const v: T.QuoteSetView = { id: `s${this.sets.length + 1}`, name, description: "", quotes: [], warnings: 0 };
    this.sets.push(v);
    return structuredClone(v);
  }
  override async addToQuoteSet(id: string, codingId: string, position: number | null) {
    this.note("addToQuoteSet", [id, codingId, position]);
    const s = this.find(id);
    s.quotes.push(this.quote({ coding: { ...this.coding, id: codingId } }));
    return structuredClone(s);
  }
  override async renameQuoteSet(id: string, name: string) {
    this.note("renameQuoteSet", [id, name]);
    this.find(id).name = name;
  }
  override async deleteQuoteSet(id: string) {
    this.note("deleteQuoteSet", [id]);
    this.sets = this.sets.filter((s) => s.id !== id);
  }
  override async moveQuoteSet(id: string, position: number) {
    this.note("moveQuoteSet", [id, position]);
    const s = this.find(id);
    this.sets = this.sets.filter((x) => x !== s);
    this.sets.splice(position, 0, s);
  }
  override async removeCoding(codingId: string, alsoFromQuoteSets = false) {
    this.note("removeCoding", [codingId, alsoFromQuoteSets]);
    if (!alsoFromQuoteSets) throw { code: "coding_in_quote_set", message: "quoted", details: { sets: ["Kapitel 6"] } };
  }
  override async moveInQuoteSet(id: string, codingId: string, position: number) {
    this.note("moveInQuoteSet", [id, codingId, position]);
    return structuredClone(this.find(id));
  }
  override async trimQuote(id: string, codingId: string, parts: [number, number][] | null) {
    this.note("trimQuote", [id, codingId, parts]);
    const s = this.find(id);
    s.quotes = s.quotes.map((q) => (q.coding.id === codingId ? { ...q, parts, text: "Vi ringer […] stämmer av listan." } : q));
    return structuredClone(s);
  }
  override async setQuoteAttribution(id: string, codingId: string, template: string | null) {
    this.note("setQuoteAttribution", [id, codingId, template]);
    const s = this.find(id);
    s.quotes = s.quotes.map((q) => (q.coding.id === codingId ? { ...q, own_template: true, template: template ?? q.template, attribution: "– sjuksköterska", warning: null, coarser: null, missing: [] } : q));
    s.warnings = s.quotes.filter((q) => q.warning).length;
    return structuredClone(s);
  }
  override async exportChapter(source: T.ChapterSource, format: T.ExportFormat, path: string, options: T.ExportOptions) {
    this.note("exportChapter", [source, format, path, options]);
    return { path, bytes: 900, rows: 1, warnings: 1, elapsed_ms: 20 };
  }
  override async exportCodebook(format: T.ExportFormat, path: string, options: T.ExportOptions) {
    this.note("exportCodebook", [format, path, options]);
    return { path, bytes: 900, rows: 12, warnings: 0, elapsed_ms: 20 };
  }
  override async quoteFinder(request: T.FinderRequest): Promise<T.FinderView> {
    this.note("quoteFinder", [request]);
    const quote: T.QuoteView = { coding: { ...this.coding, id: "cand-1" }, document_name: "fokusgrupp-2022-team1", speaker: "Deltagare 1", context: "x", quote_start: 0, quote_end: 1, attribution: "– arbetsterapeut" };
    return {
      total: 7,
      elapsed_ms: 3,
      candidates: [
        { quote, words: 34, reasons: [{ kind: "readable_length" }, { kind: "new_participant" }], in_sets: [] },
        { quote: { ...quote, coding: { ...quote.coding, id: "cand-2" } }, words: 120, reasons: [{ kind: "long" }], in_sets: [{ id: "s1", name: "Kapitel 6" }] },
      ],
    };
  }
  override async projectSettings(): Promise<T.ProjectSettingsView> {
    return { transcript_attribution: "– {Yrke|speaker:lower}", survey_attribution: "– {Yrke}", reidentification_k: 3 };
  }
  override async previewAttribution(template: string) {
    this.note("previewAttribution", [template]);
    if (template.split("{").length !== template.split("}").length) throw { code: "bad_attribution", message: "bad", details: { template, reason: "a placeholder is not closed with }" } };
    return [`exempel av ${template}`];
  }
  override async setSettings(settings: T.Settings) {
    this.note("setSettings", [settings]);
  }
  override async setProjectSettings(settings: T.ProjectSettingsView) {
    this.note("setProjectSettings", [settings]);
    return settings;
  }
  override async quotes(request: T.QuoteRequest): Promise<T.QuotesView> {
    return super.quotes(request).catch(() => ({
      total: 1,
      elapsed_ms: 1,
      quotes: [{ coding: this.coding, document_name: "fokusgrupp-demo-team1", speaker: "Deltagare 1", context: this.coding.text, quote_start: 0, quote_end: this.coding.text.length, attribution: "– arbetsterapeut" }],
    }));
  }
}

async function open(withSet = true): Promise<Issue16> {
  locale.current = "sv";
  localStorage.clear();
  const backend = new Issue16(demoRecording());
  await app.init(backend);
  await settle();
  backend.coding = app.documents.doc!.codings[0];
  if (withSet) backend.sets = [{ id: "s1", name: "Kapitel 6", description: "", quotes: [backend.quote()], warnings: 1 }];
  mountWindow();
  await settle();
  return backend;
}

const q = <E extends Element = HTMLElement>(id: string) => document.querySelector<E>(`[data-testid="${id}"]`);
const all = (id: string) => [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

function setInput(el: HTMLInputElement, value: string) {
  el.value = value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
}

describe("the Kapitel view", () => {
  it("shows a set's quotes: text as text, attribution with missing values, the warning and the coarser attribution", async () => {
    const b = await open();
    q("tab-chapters")!.click();
    await settle();
    expect(all("quote-set-item").map((e) => e.dataset.name)).toEqual(["Kapitel 6"]);
    const card = q("set-quote")!;
    expect(q("set-quote-text")!.textContent).toBe(XSS);
    expect(card.querySelector("img"), "markup in a quote is text").toBeNull();
    expect(q("set-quote-source")!.textContent).toBe("fokusgrupp-2023-team2 · Deltagare 3 · replik 12 · 00:12:31");
    expect(q("set-quote-attribution")!.querySelector("mark.missing")!.textContent).toBe("…");
    expect(q("set-quote-missing")!.textContent).toContain("Omgång");
    expect(q("set-quote-warning")!.textContent).toContain("bara 1 deltagare i projektet har Yrke sjuksköterska och Team 3 (färre än 3)");
    const coarser = q("set-quote-coarser")!;
    expect(coarser.textContent!.trim()).toBe("Använd grövre: «– sjuksköterska»");
    coarser.click();
    await settle();
    expect(b.calls.find(([c]) => c === "setQuoteAttribution")).toEqual(["setQuoteAttribution", ["s1", b.coding.id, "– {Yrke:lower}"]]);
    expect(q("set-quote-warning")).toBeNull();
    expect(q("set-quote-project-template")).not.toBeNull();
  });

  it("trims a quote through the trim mode's inputs, and moves a card with Alt+↓", async () => {
    const b = await open();
    b.sets[0].quotes.push(b.quote({ coding: { ...b.coding, id: "other" } }));
    q("tab-chapters")!.click();
    await settle();
    const first = all("set-quote")[0];
    first.focus();
    first.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", altKey: true, bubbles: true }));
    await settle();
    expect(b.calls.find(([c]) => c === "moveInQuoteSet")).toEqual(["moveInQuoteSet", ["s1", b.coding.id, 1]]);

    first.querySelector<HTMLElement>('[data-testid="set-quote-trim"]')!.click();
    await settle();
    expect(q("trim-text")!.textContent).toBe(XSS);
    setInput(q<HTMLInputElement>("trim-start")!, "0");
    setInput(q<HTMLInputElement>("trim-end")!, "9");
    await settle();
    q("trim-keep")!.click();
    await settle();
    setInput(q<HTMLInputElement>("trim-start")!, String(XSS.indexOf("stämmer")));
    setInput(q<HTMLInputElement>("trim-end")!, String(XSS.length));
    await settle();
    q("trim-keep")!.click();
    await settle();
    expect(q("trim-preview")!.textContent).toBe("Vi ringer […] stämmer av listan.");
    q("trim-save")!.click();
    await settle();
    expect(b.calls.find(([c]) => c === "trimQuote")).toEqual([
      "trimQuote",
      [
        "s1",
        b.coding.id,
        [
          [0, 9],
          [XSS.indexOf("stämmer"), XSS.length],
        ],
      ],
    ]);
    expect(q("trim-editor")).toBeNull();
    expect(all("set-quote-text")[0].textContent).toBe("Vi ringer […] stämmer av listan.");
  });

  it("lists the finder's candidates with reason chips; Enter adds the focused one, one already in the set is marked", async () => {
    const b = await open();
    q("tab-chapters")!.click();
    await settle();
    q("chapters-tab-finder")!.click();
    await settle();
    const cands = all("finder-candidate");
    expect(cands.map((c) => c.dataset.inSet)).toEqual(["0", "1"]);
    expect(cands[0].querySelectorAll('[data-testid="finder-reason"]').length).toBe(2);
    expect(cands[0].textContent).toContain("ny deltagare");
    expect(cands[0].textContent).toContain("34 ord");
    expect(cands[1].querySelector('[data-testid="finder-in-set"]')).not.toBeNull();
    cands[0].focus();
    cands[0].dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    await settle();
    expect(b.calls.find(([c]) => c === "addToQuoteSet")).toEqual(["addToQuoteSet", ["s1", "cand-1", null]]);
    expect(app.notices.toasts.map((t) => t.title)).toContain("Lagt till i «Kapitel 6»");
  });

  it("offers a first set when a quote is added from the quotes view with none yet", async () => {
    const b = await open(false);
    q("tab-quotes")!.click();
    await settle();
    const codingId = q("quote-item")!.dataset.codingId!;
    q("add-to-chapter")!.click();
    await settle();
    expect(q("first-set-dialog")).not.toBeNull();
    setInput(q<HTMLInputElement>("first-set-name")!, "Kapitel 6");
    await settle();
    q("first-set-create")!.click();
    await settle();
    expect(b.calls.filter(([c]) => c === "createQuoteSet" || c === "addToQuoteSet")).toEqual([
      ["createQuoteSet", ["Kapitel 6"]],
      ["addToQuoteSet", ["s1", codingId, null]],
    ]);
    expect(app.notices.toasts.map((t) => t.title)).toContain("Lagt till i «Kapitel 6»");
    // K on a focused quote does the same.
    const item = q("quote-item")!;
    item.dispatchEvent(new KeyboardEvent("keydown", { key: "k", bubbles: true }));
    await settle();
    expect(b.calls.filter(([c]) => c === "addToQuoteSet").length).toBe(2);
  });

  it("edits the project's attribution templates with a live preview, refusing a broken one, and k", async () => {
    const b = await open();
    q("settings-button")!.click();
    await settle();
    await new Promise((r) => setTimeout(r, 300));
    await settle();
    expect(q("settings-transcript-preview")!.textContent).toContain("exempel av – {Yrke|speaker:lower}");
    setInput(q<HTMLInputElement>("settings-transcript-template")!, "– {Yrke");
    await new Promise((r) => setTimeout(r, 300));
    await settle();
    expect(q("settings-transcript-error")!.textContent).toContain("a placeholder is not closed");
    expect(q<HTMLButtonElement>("settings-save")!.disabled).toBe(true);
    setInput(q<HTMLInputElement>("settings-transcript-template")!, "– {Yrke:lower}[, team {Team}][, {Omgång}]");
    setInput(q<HTMLInputElement>("settings-k")!, "5");
    await new Promise((r) => setTimeout(r, 300));
    await settle();
    expect(q("settings-k-meaning")!.textContent).toContain("färre än 5 deltagare");
    expect(q<HTMLButtonElement>("settings-save")!.disabled).toBe(false);
    q("settings-save")!.click();
    await settle();
    await settle();
    expect(b.calls.find(([c]) => c === "setProjectSettings")).toEqual([
      "setProjectSettings",
      [{ transcript_attribution: "– {Yrke:lower}[, team {Team}][, {Omgång}]", survey_attribution: "– {Yrke}", reidentification_k: 5 }],
    ]);
  });

  it("reorders quotes by dragging, and sets with Alt+↑; renames and deletes a set after asking", async () => {
    const b = await open();
    b.sets[0].quotes.push(b.quote({ coding: { ...b.coding, id: "other" } }));
    b.sets.push({ id: "s2", name: "Kapitel 5", description: "", quotes: [], warnings: 0 });
    q("tab-chapters")!.click();
    await settle();
    const [first, second] = all("set-quote");
    second.dispatchEvent(new Event("dragstart", { bubbles: true }));
    first.dispatchEvent(new Event("dragover", { bubbles: true, cancelable: true }));
    first.dispatchEvent(new Event("drop", { bubbles: true, cancelable: true }));
    await settle();
    expect(b.calls.find(([c]) => c === "moveInQuoteSet")).toEqual(["moveInQuoteSet", ["s1", "other", 0]]);

    const set2 = all("quote-set-item")[1];
    set2.focus();
    set2.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowUp", altKey: true, bubbles: true }));
    await settle();
    expect(b.calls.find(([c]) => c === "moveQuoteSet")).toEqual(["moveQuoteSet", ["s2", 0]]);
    expect(all("quote-set-item").map((e) => e.dataset.name)).toEqual(["Kapitel 5", "Kapitel 6"]);

    q("quote-set-rename")!.click();
    await settle();
    setInput(q<HTMLInputElement>("quote-set-rename-input")!, "Kapitel 6: Samverkan");
    await settle();
    q("quote-set-rename-save")!.click();
    await settle();
    expect(q("quote-set-title")!.textContent).toBe("Kapitel 6: Samverkan");

    q("quote-set-delete")!.click();
    await settle();
    expect(b.calls.some(([c]) => c === "deleteQuoteSet"), "nothing is deleted before the answer").toBe(false);
    expect(q("quote-set-delete-confirm-box")!.textContent).toContain("Kapitel 6: Samverkan");
    q("quote-set-delete-confirm")!.click();
    await settle();
    expect(b.calls.find(([c]) => c === "deleteQuoteSet")).toEqual(["deleteQuoteSet", ["s1"]]);
    expect(all("quote-set-item").map((e) => e.dataset.name)).toEqual(["Kapitel 5"]);
    expect(q("quote-set-title")!.textContent).toBe("Kapitel 5");
  });

  it("asks before removing a coding quoted in a chapter, and removes it from there too when told", async () => {
    const b = await open();
    const c = app.documents.doc!.codings[0];
    app.views.openPanel({ kind: "codings", documentId: app.documents.doc!.id, ids: [c.id] });
    await settle();
    q("coding-remove")!.click();
    await settle();
    expect(q("remove-quoted-dialog")!.textContent).toContain("Kapitel 6");
    q("remove-quoted-confirm")!.click();
    await settle();
    expect(b.calls.filter(([n]) => n === "removeCoding")).toEqual([
      ["removeCoding", [c.id, false]],
      ["removeCoding", [c.id, true]],
    ]);
    expect(q("remove-quoted-dialog")).toBeNull();
  });

  it("exports the current set with its choices and a Word template, and the codebook from Granska", async () => {
    const b = await open();
    q("tab-chapters")!.click();
    await settle();
    q("chapter-export-open")!.click();
    await settle();
    expect(q<HTMLSelectElement>("export-format")!.value).toBe("docx");
    b.queuePick(["/hem/anna/mallar/Rapportmall.dotx"]);
    q("export-template-pick")!.click();
    await settle();
    expect(q("export-template-name")!.textContent).toBe("Rapportmall.dotx");
    q<HTMLInputElement>("export-sources")!.click();
    await settle();
    b.queuePick(["/hem/anna/Kapitel 6.docx"]);
    q("chapter-export")!.click();
    await settle();
    expect(b.calls.find(([c]) => c === "exportChapter")).toEqual([
      "exportChapter",
      [{ kind: "quote_sets", ids: ["s1"] }, "docx", "/hem/anna/Kapitel 6.docx", { separator: ";", bom: true, include_discarded: false, template: "/hem/anna/mallar/Rapportmall.dotx", notes: "comment", include_sources: false }],
    ]);
    const toast = app.notices.toasts.at(-1)!;
    expect([toast.title, toast.message]).toEqual(["Exporterade Kapitel 6.docx", "1 citat har varning för igenkänning"]);
    q("modal-close")!.click();
    await settle();
    expect(q("export-dialog")).toBeNull();

    q("tab-review")!.click();
    await settle();
    q("review-export-codebook")!.click();
    await settle();
    expect(q("codebook-format"), "the dialog opens on the codebook").not.toBeNull();
    b.queuePick(["/hem/anna/kodbok.docx"]);
    q("codebook-export")!.click();
    await settle();
    expect(b.calls.find(([c]) => c === "exportCodebook")).toEqual([
      "exportCodebook",
      ["docx", "/hem/anna/kodbok.docx", { separator: ";", bom: true, include_discarded: false, template: null, notes: "comment", include_sources: true }],
    ]);
  });
});
