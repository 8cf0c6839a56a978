// The chapters' controllers: what each operation sends, the current set
// remembered per project, "Lägg till i kapitel" with and without a set,
// one export at a time, the clipboard's fallback, a quoted coding's removal
// asking first, and the attribution preview's error.
import { afterEach, describe, expect, it, vi } from "vitest";
import type * as T from "../api/types";
import { CommandBackend, type Invoke } from "../backend/commands";
import { locale } from "../i18n/index.svelte";
import { Attribution } from "./attribution.svelte";
import { Chapters, chapterSource, safeFileName, writeClipboard, type Memory } from "./chapters.svelte";
import { Coding } from "./coding.svelte";
import { Documents } from "./documents.svelte";
import { Notices } from "./notices.svelte";
import type { Session } from "./session";
import { Views } from "./views.svelte";

class Fake extends CommandBackend {
  sent: [string, Record<string, unknown>][] = [];
  answers: Record<string, unknown> = {};
  errors: Record<string, unknown> = {};
  picks: (string | null)[] = [];
  gate: Promise<void> | null = null;
  protected readonly invoke: Invoke = async (command, args) => {
    this.sent.push([command, args]);
    if (this.gate && command === "export_chapter") await this.gate;
    if (command in this.errors) {
      const e = this.errors[command];
      delete this.errors[command];
      throw e;
    }
    if (command in this.answers) return structuredClone(this.answers[command]);
    return null;
  };
  async pickProjectToOpen() {
    return null;
  }
  async pickNewProjectPath() {
    return null;
  }
  async pickImportFiles() {
    return null;
  }
  async pickSavePath(name: string, ext: string[]) {
    this.sent.push(["<save>", { name, ext }]);
    return this.picks.shift() ?? null;
  }
  async pickOpenFile(ext: string[]) {
    this.sent.push(["<open>", { ext }]);
    return this.picks.shift() ?? null;
  }
  async onImportProgress() {
    return () => {};
  }
}

function session(api: Fake): Session & { counts: number } {
  const s = {
    api,
    notices: new Notices(),
    counts: 0,
    async refresh() {},
    async refreshCounts() {
      s.counts++;
    },
  };
  return s;
}

class MapMemory implements Memory {
  m = new Map<string, string>();
  get(k: string) {
    return this.m.get(k) ?? null;
  }
  set(k: string, v: string | null) {
    if (v === null) this.m.delete(k);
    else this.m.set(k, v);
  }
}

const summary = (id: string, name: string, quotes = 0): T.QuoteSetSummary => ({ id, name, description: "", quotes, warnings: 0 });
const setView = (id: string, name: string, quotes: T.SetQuoteView[] = []): T.QuoteSetView => ({ id, name, description: "", quotes, warnings: 0 });
const commands = (api: Fake) => api.sent.map(([c]) => c);

afterEach(() => {
  vi.unstubAllGlobals();
  locale.current = "sv";
});

describe("chapters", () => {
  it("remembers the current set per project and forgets one that is gone", async () => {
    const api = new Fake();
    const memory = new MapMemory();
    const ch = new Chapters(session(api), new Views(async () => true), memory);
    api.answers.quote_sets = [summary("s1", "Kapitel 5"), summary("s2", "Kapitel 6")];
    api.answers.quote_set = setView("s2", "Kapitel 6");
    ch.opened("p1");
    await ch.select("s2");
    expect(memory.get("tematik.quoteSet.p1")).toBe("s2");
    ch.opened("p1");
    expect(ch.currentId).toBe("s2");
    await ch.reload();
    expect(ch.current?.name).toBe("Kapitel 6");
    // s2 deleted elsewhere: the first set becomes current.
    api.answers.quote_sets = [summary("s1", "Kapitel 5")];
    api.answers.quote_set = setView("s1", "Kapitel 5");
    await ch.reload();
    expect(ch.currentId).toBe("s1");
    expect(memory.get("tematik.quoteSet.p1")).toBe("s1");
  });

  it("adds a quote to the current set with a toast; with no set it offers to create one first", async () => {
    locale.current = "sv";
    const api = new Fake();
    const s = session(api);
    const ch = new Chapters(s, new Views(async () => true), new MapMemory());
    ch.opened("p");
    api.answers.quote_sets = [];
    expect(await ch.add("k1")).toBe(false);
    expect(ch.offerCreate).toEqual({ codingId: "k1" });
    api.answers.create_quote_set = setView("s9", "Kapitel 6");
    api.answers.add_to_quote_set = setView("s9", "Kapitel 6");
    api.answers.quote_sets = [summary("s9", "Kapitel 6", 1)];
    expect(await ch.createAndAdd("  Kapitel 6 ")).toBe(true);
    expect(api.sent.filter(([c]) => c === "create_quote_set" || c === "add_to_quote_set")).toEqual([
      ["create_quote_set", { name: "Kapitel 6" }],
      ["add_to_quote_set", { id: "s9", codingId: "k1", position: null }],
    ]);
    expect(s.notices.toasts.map((t) => t.title)).toContain("Lagt till i «Kapitel 6»");
    expect(ch.offerCreate).toBeNull();
    expect(s.counts).toBeGreaterThan(0);
  });

  it("sends the quote operations on the current set, and takes the set each answers with", async () => {
    const api = new Fake();
    const ch = new Chapters(session(api), new Views(async () => true), new MapMemory());
    api.answers.quote_set = setView("s1", "K");
    await ch.select("s1");
    api.answers.trim_quote = { ...setView("s1", "K"), warnings: 2 };
    await ch.moveQuote("k1", 2);
    await ch.setNote("k1", "bra");
    await ch.trim("k1", [[0, 5]]);
    expect(ch.current?.warnings).toBe(2);
    await ch.setAttribution("k1", "– {Yrke:lower}");
    await ch.setAttribution("k1", null);
    await ch.removeQuote("k1");
    await ch.moveSet("s1", 0);
    const writes = api.sent.filter(([c]) => !["quote_set", "quote_sets"].includes(c));
    expect(writes).toEqual([
      ["move_in_quote_set", { id: "s1", codingId: "k1", position: 2 }],
      ["set_quote_note", { id: "s1", codingId: "k1", note: "bra" }],
      ["trim_quote", { id: "s1", codingId: "k1", parts: [[0, 5]] }],
      ["set_quote_attribution", { id: "s1", codingId: "k1", template: "– {Yrke:lower}" }],
      ["set_quote_attribution", { id: "s1", codingId: "k1", template: null }],
      ["remove_from_quote_set", { id: "s1", codingId: "k1" }],
      ["move_quote_set", { id: "s1", position: 0 }],
    ]);
  });

  it("exports one chapter at a time and says how many quotes warn", async () => {
    locale.current = "sv";
    const api = new Fake();
    const s = session(api);
    const ch = new Chapters(s, new Views(async () => true), new MapMemory());
    api.answers.quote_set = setView("s1", "Kapitel 6: Samverkan");
    await ch.select("s1");
    ch.sets = [summary("s1", "Kapitel 6: Samverkan")];
    let open!: () => void;
    api.gate = new Promise((r) => (open = r));
    api.picks = ["/tmp/ut/kapitel6.docx"];
    api.answers.export_chapter = { path: "/tmp/ut/kapitel6.docx", bytes: 9000, rows: 4, warnings: 3, elapsed_ms: 40 };
    const first = ch.exportChapter();
    await new Promise((r) => setTimeout(r, 0));
    expect(ch.busy).toBe("chapter");
    expect(await ch.exportChapter(), "a second export does not start").toBeUndefined();
    open();
    const v = await first;
    expect(v?.warnings).toBe(3);
    expect(ch.busy).toBeNull();
    expect(api.sent.find(([c]) => c === "<save>")).toEqual(["<save>", { name: "Kapitel 6 Samverkan", ext: ["docx"] }]);
    expect(api.sent.find(([c]) => c === "export_chapter")).toEqual([
      "export_chapter",
      { source: { kind: "quote_sets", ids: ["s1"] }, format: "docx", path: "/tmp/ut/kapitel6.docx", options: { separator: ";", bom: true, include_discarded: false, template: null, notes: "comment", include_sources: true } },
    ]);
    const toast = s.notices.toasts.at(-1)!;
    expect(toast.title).toBe("Exporterade kapitel6.docx");
    expect(toast.message).toBe("3 citat har varning för igenkänning");
  });

  it("builds the sources and file names it exports", () => {
    const base = { source: "current" as const, sets: [], themes: [], perTheme: 20, format: "docx" as const, template: null, notes: "omit" as const, sources: false };
    expect(chapterSource(base, null)).toBeNull();
    expect(chapterSource(base, "s1")).toEqual({ kind: "quote_sets", ids: ["s1"] });
    expect(chapterSource({ ...base, source: "sets", sets: ["a", "b"] }, "s1")).toEqual({ kind: "quote_sets", ids: ["a", "b"] });
    expect(chapterSource({ ...base, source: "report", themes: ["t1"], perTheme: 20 }, null)).toEqual({ kind: "report", themes: ["t1"], quotes_per_theme: 20 });
    expect(chapterSource({ ...base, source: "report", themes: [] }, null)).toBeNull();
    expect(safeFileName('Kapitel 6: "Samverkan" / del 1')).toBe("Kapitel 6 Samverkan del 1");
  });

  it("exports the codebook and the coded segments with their choices", async () => {
    const api = new Fake();
    const ch = new Chapters(session(api), new Views(async () => true), new MapMemory());
    api.picks = ["/x/kodbok.md", "/x/segment.csv"];
    api.answers.export_codebook = { path: "/x/kodbok.md", bytes: 10, rows: 3, warnings: 0, elapsed_ms: 1 };
    api.answers.export_segments = { path: "/x/segment.csv", bytes: 10, rows: 3, warnings: 0, elapsed_ms: 1 };
    await ch.exportCodebook("md");
    await ch.exportSegments("csv", ";", true);
    expect(api.sent).toEqual([
      ["<save>", { name: "kodbok", ext: ["md"] }],
      ["export_codebook", { format: "md", path: "/x/kodbok.md", options: { separator: ";", bom: true, include_discarded: false, template: null, notes: "comment", include_sources: true } }],
      ["<save>", { name: "kodade segment", ext: ["csv"] }],
      ["export_segments", { format: "csv", path: "/x/segment.csv", options: { separator: ";", bom: true, include_discarded: true, template: null, notes: "comment", include_sources: true } }],
    ]);
  });

  it("writes rich text to the clipboard, plain text where rich text is refused", async () => {
    const write = vi.fn(async () => {});
    const writeText = vi.fn(async () => {});
    vi.stubGlobal("navigator", { clipboard: { write, writeText } });
    vi.stubGlobal(
      "ClipboardItem",
      class {
        constructor(readonly items: Record<string, Blob>) {}
      },
    );
    expect(await writeClipboard({ html: "<p>Citat</p>", text: "Citat" })).toBe("rich");
    expect(write).toHaveBeenCalledOnce();
    write.mockRejectedValueOnce(new Error("not allowed"));
    expect(await writeClipboard({ html: "<p>Citat</p>", text: "Citat" })).toBe("plain");
    expect(writeText).toHaveBeenCalledWith("Citat");
  });

  it("asks before removing a quoted coding, and removes it from the sets too when told", async () => {
    const api = new Fake();
    const s = session(api);
    const views = new Views(async () => true);
    const coding = new Coding(s, new Documents(s), views);
    api.errors.remove_coding = { code: "coding_in_quote_set", message: "quoted", details: { sets: ["Kapitel 5", "Kapitel 6"] } };
    expect(await coding.remove("k1")).toBe(false);
    expect(coding.pendingRemoval).toEqual({ codingId: "k1", sets: ["Kapitel 5", "Kapitel 6"] });
    expect(s.notices.toasts).toEqual([]);
    expect(await coding.remove("k1", true)).toBe(true);
    expect(coding.pendingRemoval).toBeNull();
    expect(api.sent.filter(([c]) => c === "remove_coding")).toEqual([
      ["remove_coding", { codingId: "k1" }],
      ["remove_coding", { codingId: "k1", alsoFromQuoteSets: true }],
    ]);
  });

  it("previews a template, and says why a broken one cannot be used", async () => {
    const api = new Fake();
    const a = new Attribution(session(api));
    api.answers.preview_attribution = ["– arbetsterapeut, team 3, 2023"];
    expect(await a.preview("– {Yrke:lower}[, team {Team}][, {Omgång}]")).toEqual({ ok: true, examples: ["– arbetsterapeut, team 3, 2023"] });
    api.errors.preview_attribution = { code: "bad_attribution", message: "x", details: { template: "– {Yrke", reason: "a placeholder is not closed with }" } };
    const p = await a.preview("– {Yrke");
    expect(p.ok).toBe(false);
    if (!p.ok) {
      expect(p.title).toContain("– {Yrke");
      expect(p.reason).toBe("a placeholder is not closed with }");
    }
    api.answers.set_project_settings = { transcript_attribution: "x", survey_attribution: "y", reidentification_k: 20 };
    await a.save({ transcript_attribution: "x", survey_attribution: "y", reidentification_k: 99 });
    expect(api.sent.at(-1)).toEqual(["set_project_settings", { settings: { transcript_attribution: "x", survey_attribution: "y", reidentification_k: 20 } }]);
  });
});
