// Chapter writing: the quote sets (one per chapter or section), the current
// set (chosen in the Kapitel view, remembered per project, where "Lägg till
// i kapitel" puts a quote from the quotes view, search and the reader), its
// quotes (order, note, trim, attribution), the quote finder, and the
// exports (a chapter, a report skeleton, the codebook, the coded segments)
// with their busy state.

import type * as T from "../api/types";
import { t } from "../i18n/index.svelte";
import { addedText } from "../chapters/texts";
import { fileName } from "./errors";
import type { Session } from "./session";
import type { Views } from "./views.svelte";

/** What is running that may take a while (an export): one at a time. */
export type Busy = "chapter" | "clipboard" | "codebook" | "segments" | null;

/** Where the current set is remembered (the browser's local storage; none in tests without it). */
export interface Memory {
  get(key: string): string | null;
  set(key: string, value: string | null): void;
}

const localMemory: Memory = {
  get(key) {
    try {
      return typeof localStorage === "undefined" ? null : localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      if (typeof localStorage === "undefined") return;
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, value);
    } catch {
      // Storage refused (private mode): the choice lasts the session.
    }
  },
};

/** The export dialog's choices. */
export interface ChapterExportChoice {
  source: "current" | "sets" | "report";
  /** Chosen sets (source "sets"). */
  sets: string[];
  /** Chosen themes (source "report") and quotes per theme. */
  themes: string[];
  perTheme: number;
  format: ChapterFormat;
  template: string | null;
  notes: T.NoteMode;
  sources: boolean;
}

export type ExportKind = "chapter" | "codebook" | "segments";

/** Options of an export as the core's defaults have them (CSV for Swedish
 *  Excel: ";" and a byte-order mark; notes as comments; sources shown). */
export const EXPORT_DEFAULTS: T.ExportOptions = {
  separator: ";",
  bom: true,
  include_discarded: false,
  template: null,
  notes: "comment",
  include_sources: true,
};

/** What a chapter is written as: the export formats a report has. */
export type ChapterFormat = Extract<T.ExportFormat, "docx" | "md" | "txt">;

export const EXTENSIONS: Record<ChapterFormat, string> = { docx: "docx", md: "md", txt: "txt" };

/** The chapter source the choices stand for (null: nothing chosen yet). */
export function chapterSource(choice: ChapterExportChoice, currentId: string | null): T.ChapterSource | null {
  if (choice.source === "current") return currentId ? { kind: "quote_sets", ids: [currentId] } : null;
  if (choice.source === "sets") return choice.sets.length ? { kind: "quote_sets", ids: [...choice.sets] } : null;
  return choice.themes.length ? { kind: "report", themes: [...choice.themes], quotes_per_theme: Math.max(1, Math.round(choice.perTheme)) } : null;
}

/** A file name from a set's or the report's name: no characters file systems refuse. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, " ").replace(/\s+/g, " ").trim().slice(0, 80) || "kapitel";
}

export class Chapters {
  sets = $state.raw<T.QuoteSetSummary[]>([]);
  currentId = $state<string | null>(null);
  current = $state.raw<T.QuoteSetView | null>(null);
  loading = $state(false);
  /** The middle column: the set's quotes or the quote finder. */
  tab = $state<"set" | "finder">("set");
  busy = $state<Busy>(null);
  exportOpen = $state(false);
  /** What the export dialog opens on. */
  exportKind = $state<ExportKind>("chapter");
  /** "Lägg till i kapitel" with no set yet: the coding waiting for a new set's name. */
  offerCreate = $state<{ codingId: string } | null>(null);
  choice = $state<ChapterExportChoice>({
    source: "current",
    sets: [],
    themes: [],
    perTheme: 20,
    format: "docx",
    template: null,
    notes: "comment",
    sources: true,
  });
  private projectKey = "";
  private seq = 0;

  constructor(
    private readonly s: Session,
    private readonly views: Views,
    private readonly memory: Memory = localMemory,
  ) {}

  /** The project opened: the set chosen last time in it comes back. */
  opened(path: string): void {
    this.projectKey = `tematik.quoteSet.${path}`;
    this.currentId = this.memory.get(this.projectKey);
    this.sets = [];
    this.current = null;
  }

  get currentName(): string {
    return this.sets.find((x) => x.id === this.currentId)?.name ?? this.current?.name ?? "";
  }

  /** The sets, and the current one (forgotten when it is gone). */
  async reload(): Promise<void> {
    const mine = ++this.seq;
    this.loading = true;
    const sets = await this.s.notices.run(() => this.s.api.quoteSets());
    if (mine !== this.seq) return;
    if (!sets) {
      this.loading = false;
      return;
    }
    this.sets = sets;
    if (this.currentId && !sets.some((x) => x.id === this.currentId)) this.choose(sets[0]?.id ?? null);
    else if (!this.currentId && sets[0]) this.choose(sets[0].id);
    const id = this.currentId;
    const view = id ? await this.s.notices.run(() => this.s.api.quoteSet(id)) : null;
    if (mine !== this.seq) return;
    this.loading = false;
    this.current = view ?? null;
  }

  private choose(id: string | null): void {
    this.currentId = id;
    if (this.projectKey) this.memory.set(this.projectKey, id);
  }

  /** Makes a set the current one and shows it. */
  async select(id: string): Promise<void> {
    this.choose(id);
    const view = await this.s.notices.run(() => this.s.api.quoteSet(id));
    if (view && this.currentId === id) this.current = view;
  }

  /** A write that answers with the set as it is now. */
  private async write(f: () => Promise<T.QuoteSetView>): Promise<T.QuoteSetView | undefined> {
    const view = await this.s.notices.run(f);
    if (view && view.id === this.currentId) this.current = view;
    await this.afterWrite();
    return view;
  }

  private async afterWrite(): Promise<void> {
    const sets = await this.s.notices.run(() => this.s.api.quoteSets());
    if (sets) this.sets = sets;
    // The undo button's state (and counts elsewhere).
    await this.s.refreshCounts();
  }

  async create(name: string): Promise<T.QuoteSetView | undefined> {
    const trimmed = name.trim();
    if (!trimmed) return undefined;
    const view = await this.s.notices.run(() => this.s.api.createQuoteSet(trimmed));
    if (!view) return undefined;
    this.choose(view.id);
    this.current = view;
    await this.afterWrite();
    return view;
  }

  async rename(id: string, name: string): Promise<boolean> {
    const ok = await this.s.notices.done(() => this.s.api.renameQuoteSet(id, name.trim()));
    await this.afterWrite();
    if (ok && id === this.currentId) await this.select(id);
    return ok;
  }

  async describe(id: string, description: string): Promise<boolean> {
    const ok = await this.s.notices.done(() => this.s.api.describeQuoteSet(id, description));
    await this.afterWrite();
    if (ok && id === this.currentId) await this.select(id);
    return ok;
  }

  async remove(id: string): Promise<boolean> {
    const ok = await this.s.notices.done(() => this.s.api.deleteQuoteSet(id));
    if (ok && id === this.currentId) {
      this.choose(null);
      this.current = null;
    }
    await this.afterWrite();
    if (!this.currentId && this.sets[0]) await this.select(this.sets[0].id);
    return ok;
  }

  async moveSet(id: string, position: number): Promise<boolean> {
    const ok = await this.s.notices.done(() => this.s.api.moveQuoteSet(id, position));
    await this.afterWrite();
    return ok;
  }

  /** "Lägg till i kapitel": into the current set (with no set yet, the
   *  window offers to create one first). */
  async add(codingId: string): Promise<boolean> {
    const id = this.currentId && this.sets.some((x) => x.id === this.currentId) ? this.currentId : null;
    if (!id) {
      const sets = await this.s.notices.run(() => this.s.api.quoteSets());
      if (sets) this.sets = sets;
      const first = this.currentId && sets?.some((x) => x.id === this.currentId) ? this.currentId : (sets?.[0]?.id ?? null);
      if (!first) {
        this.offerCreate = { codingId };
        return false;
      }
      this.choose(first);
    }
    const target = this.currentId!;
    const view = await this.write(() => this.s.api.addToQuoteSet(target, codingId, null));
    if (!view) return false;
    this.current = view;
    this.s.notices.toast("info", addedText(view.name));
    return true;
  }

  /** The offer's answer: a new set of that name, with the waiting quote in it. */
  async createAndAdd(name: string): Promise<boolean> {
    const pending = this.offerCreate;
    this.offerCreate = null;
    const view = await this.create(name);
    if (!view || !pending) return !!view;
    return this.add(pending.codingId);
  }

  removeQuote(codingId: string) {
    const id = this.currentId;
    if (!id) return Promise.resolve(undefined);
    return this.write(() => this.s.api.removeFromQuoteSet(id, codingId));
  }

  moveQuote(codingId: string, position: number) {
    const id = this.currentId;
    if (!id) return Promise.resolve(undefined);
    return this.write(() => this.s.api.moveInQuoteSet(id, codingId, position));
  }

  setNote(codingId: string, note: string) {
    const id = this.currentId;
    if (!id) return Promise.resolve(undefined);
    return this.write(() => this.s.api.setQuoteNote(id, codingId, note));
  }

  trim(codingId: string, parts: [number, number][] | null) {
    const id = this.currentId;
    if (!id) return Promise.resolve(undefined);
    return this.write(() => this.s.api.trimQuote(id, codingId, parts));
  }

  /** template null: back to the project's. */
  setAttribution(codingId: string, template: string | null) {
    const id = this.currentId;
    if (!id) return Promise.resolve(undefined);
    return this.write(() => this.s.api.setQuoteAttribution(id, codingId, template));
  }

  /** Shows a quote's place in the transcript. */
  show(q: { coding: T.CodingView }): Promise<void> {
    return this.views.jumpTo(q.coding.document_id, q.coding.start, q.coding.end);
  }

  /** Opens another set (from "Används även i"). */
  async open(id: string): Promise<void> {
    this.tab = "set";
    this.views.show("chapters");
    await this.select(id);
  }

  finder(request: T.FinderRequest): Promise<T.FinderView | undefined> {
    return this.s.notices.run(() => this.s.api.quoteFinder(request));
  }

  // ---- Exports

  /** Runs one export at a time; the busy state shows it. */
  private async exclusive<R>(what: Exclude<Busy, null>, f: () => Promise<R | undefined>): Promise<R | undefined> {
    if (this.busy) return undefined;
    this.busy = what;
    try {
      return await f();
    } finally {
      this.busy = null;
    }
  }

  /** Says what an export wrote: the file, and how many quotes warn. */
  private exported(v: T.ExportWritten): void {
    const warn = v.warnings > 0 ? t("chapters.exportWarnings", { n: v.warnings }) : "";
    this.s.notices.toast("info", t("export.done", { file: fileName(v.path) }), warn);
  }

  /** Opens the export dialog on a chapter, the codebook or the coded segments. */
  openExport(kind: ExportKind = "chapter"): void {
    this.exportKind = kind;
    this.exportOpen = true;
  }

  /** The name the file is suggested under. */
  suggestedName(): string {
    const c = this.choice;
    if (c.source === "report") return safeFileName(t("chapters.reportFileName"));
    if (c.source === "sets" && c.sets.length !== 1) return safeFileName(t("chapters.setsFileName"));
    const id = c.source === "sets" ? c.sets[0] : this.currentId;
    return safeFileName(this.sets.find((x) => x.id === id)?.name ?? this.currentName);
  }

  /** Picks the organisation's Word template (.docx or .dotx). */
  async pickTemplate(): Promise<void> {
    const path = await this.s.notices.run(() => this.s.api.pickOpenFile(["docx", "dotx"]));
    if (path) this.choice.template = path;
  }

  async exportChapter(): Promise<T.ExportWritten | undefined> {
    const c = $state.snapshot(this.choice);
    const source = chapterSource(c, this.currentId);
    if (!source) return undefined;
    return this.exclusive("chapter", async () => {
      const path = await this.s.notices.run(() => this.s.api.pickSavePath(this.suggestedName(), [EXTENSIONS[c.format]]));
      if (!path) return undefined;
      const options: T.ExportOptions = { ...EXPORT_DEFAULTS, template: c.format === "docx" ? c.template : null, notes: c.notes, include_sources: c.sources };
      const v = await this.s.notices.run(() => this.s.api.exportChapter(source, c.format, path, options));
      if (v) this.exported(v);
      return v;
    });
  }

  /** The chapter as rich text on the clipboard (plain text where rich text is refused). */
  async copy(): Promise<"rich" | "plain" | undefined> {
    const source = chapterSource($state.snapshot(this.choice), this.currentId);
    if (!source) return undefined;
    return this.exclusive("clipboard", async () => {
      const v = await this.s.notices.run(() => this.s.api.chapterClipboard(source));
      if (!v) return undefined;
      const how = await writeClipboard(v);
      if (how) this.s.notices.toast("info", how === "rich" ? t("chapters.copiedRich") : t("chapters.copiedPlain"));
      else this.s.notices.toast("error", t("chapters.copyFailed"));
      return how ?? undefined;
    });
  }

  async exportCodebook(format: "docx" | "md" | "csv"): Promise<T.ExportWritten | undefined> {
    return this.exclusive("codebook", async () => {
      const path = await this.s.notices.run(() => this.s.api.pickSavePath(safeFileName(t("chapters.codebookFileName")), [format]));
      if (!path) return undefined;
      const v = await this.s.notices.run(() => this.s.api.exportCodebook(format, path, EXPORT_DEFAULTS));
      if (v) this.exported(v);
      return v;
    });
  }

  async exportSegments(format: "csv" | "xlsx", separator: ";" | ",", includeDiscarded: boolean): Promise<T.ExportWritten | undefined> {
    return this.exclusive("segments", async () => {
      const path = await this.s.notices.run(() => this.s.api.pickSavePath(safeFileName(t("chapters.segmentsFileName")), [format]));
      if (!path) return undefined;
      const v = await this.s.notices.run(() => this.s.api.exportSegments(format, path, { ...EXPORT_DEFAULTS, separator, include_discarded: includeDiscarded }));
      if (v) this.exported(v);
      return v;
    });
  }

  clear(): void {
    this.sets = [];
    this.current = null;
    this.currentId = null;
    this.offerCreate = null;
    this.exportOpen = false;
    this.tab = "set";
    this.projectKey = "";
  }
}

/** Writes rich text (HTML with a plain-text fallback) to the clipboard, or
 *  the plain text alone where the webview has no ClipboardItem: which it did, or null. */
export async function writeClipboard(v: T.ClipboardView): Promise<"rich" | "plain" | null> {
  const clip = typeof navigator !== "undefined" ? navigator.clipboard : undefined;
  if (!clip) return null;
  try {
    if (typeof ClipboardItem !== "undefined" && clip.write) {
      await clip.write([
        new ClipboardItem({
          "text/html": new Blob([v.html], { type: "text/html" }),
          "text/plain": new Blob([v.text], { type: "text/plain" }),
        }),
      ]);
      return "rich";
    }
  } catch {
    // Refused: the plain text below.
  }
  try {
    await clip.writeText(v.text);
    return "plain";
  } catch {
    return null;
  }
}
