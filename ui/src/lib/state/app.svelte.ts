// The app's state and the actions on it. Components read these fields and
// call these methods; every backend call goes through here so errors always
// reach the error banner and every change refreshes what it affects.

import { tick } from "svelte";
import type { Backend } from "../api/backend";
import type * as T from "../api/types";
import { hasKey, resolveLanguage, setLanguage, t } from "../i18n/index.svelte";
import { recordApply, recordFirstPaint } from "./metrics";

export type View = "reader" | "survey" | "quotes" | "search" | "journal";

export type RightPanel =
  | { kind: "codings"; documentId: string; ids: string[] }
  | { kind: "code"; id: string }
  | { kind: "memo"; target: T.MemoTarget; label: string }
  | { kind: "similar"; to: T.SimilarTo; label: string }
  | null;

export interface Toast {
  id: number;
  kind: "error" | "info";
  title: string;
  message: string;
}

/** Where the popover appears and what it codes. */
export interface PopoverRequest {
  documentId: string;
  start: number;
  end: number;
  /** The selected text (for in-vivo codes). */
  text: string;
  /** Viewport coordinates: the popover goes below y (the selection's
   *  bottom), or above top (its top) when there is no room below. */
  x: number;
  y: number;
  top: number;
  /** A code to offer first (from "similar passages"). */
  preselect: string | null;
  source: "reader" | "survey";
}

export interface JumpRequest {
  documentId: string;
  start: number;
  end: number;
  seq: number;
  /** Open the quick-code popover over the place once shown … */
  popover?: boolean;
  /** … offering this code first. */
  preselect?: string | null;
}

export interface ImportState {
  running: boolean;
  progress: T.ImportProgress | null;
  report: T.ImportReport | null;
  /** Survey files waiting for the column-mapping dialog. */
  surveys: string[];
}

const TRANSCRIPT_EXT = /\.(txt|docx|vtt|srt)$/i;
const SURVEY_EXT = /\.(csv|xlsx)$/i;

export function isApiError(e: unknown): e is T.ApiError {
  return !!e && typeof e === "object" && "code" in e && "message" in e;
}

/** The code's path from its theme down, as names. */
export function codePath(codes: T.CodeNode[], id: string): string[] {
  const byId = new Map(codes.map((c) => [c.id, c]));
  const out: string[] = [];
  let c = byId.get(id);
  while (c) {
    out.unshift(c.name);
    c = c.parent_id ? byId.get(c.parent_id) : undefined;
  }
  return out;
}

export class App {
  backend!: Backend;
  ready = $state(false);
  settings = $state<T.Settings>({ language: null, coder: "", system_language: "sv" });
  info = $state<T.ProjectInfo | null>(null);
  recent = $state<T.RecentProject[]>([]);
  /** Transcripts and texts (survey answers are listed by question). */
  docs = $state<T.DocumentSummary[]>([]);
  /** Survey questions with their answer counts. */
  surveys = $state<T.SurveyQuestionSummary[]>([]);
  /** Codings in all survey answers. */
  surveyCodings = $state(0);
  codes = $state<T.CodeNode[]>([]);
  dims = $state<T.DimensionView[]>([]);
  view = $state<View>("reader");
  /** The document in the reader. Raw: its text can be large. */
  doc = $state.raw<T.DocumentView | null>(null);
  docLoading = $state(false);
  right = $state<RightPanel>(null);
  selectedCodeId = $state<string | null>(null);
  toasts = $state<Toast[]>([]);
  /** Bumped after every change, so views reload what they show. */
  version = $state(0);
  lastCodeId = $state<string | null>(null);
  jump = $state<JumpRequest | null>(null);
  popover = $state<PopoverRequest | null>(null);
  settingsOpen = $state(false);
  imports = $state<ImportState>({ running: false, progress: null, report: null, surveys: [] });
  /** The code the quotes view shows. */
  quotesCode = $state<string | null>(null);

  private toastSeq = 0;
  private jumpSeq = 0;
  private docSeq = 0;

  async init(backend: Backend): Promise<void> {
    this.backend = backend;
    setLanguage(resolveLanguage(null, null, typeof navigator !== "undefined" ? navigator.language : undefined));
    await this.run(async () => {
      this.settings = await backend.getSettings();
      this.applyLanguage();
      this.recent = await backend.recentProjects();
    });
    // Started with a project (`tematik-app --demo`, `--project FILE`): go
    // straight into it.
    try {
      await this.opened(await backend.projectInfo());
    } catch {
      // No project open: the start screen.
    }
    await backend.onImportProgress((p) => {
      this.imports.progress = p;
    });
    if (backend.onFileDrop) {
      await backend.onFileDrop((paths) => {
        if (this.info) void this.importPaths(paths);
      });
    }
    this.ready = true;
  }

  applyLanguage(): void {
    setLanguage(
      resolveLanguage(
        this.settings.language,
        this.info?.system_language ?? this.settings.system_language ?? null,
        typeof navigator !== "undefined" ? navigator.language : undefined,
      ),
    );
  }

  // ---- Errors and notices

  /** Runs a backend action; a failure becomes an error banner, not a throw. */
  async run<R>(f: () => Promise<R>): Promise<R | undefined> {
    try {
      return await f();
    } catch (e) {
      this.fail(e);
      return undefined;
    }
  }

  fail(e: unknown): void {
    const code = isApiError(e) ? e.code : "internal";
    const message = isApiError(e) ? e.message : e instanceof Error ? e.message : String(e);
    const key = `error.${code}`;
    const title = hasKey(key) ? t(key) : t("error.internal");
    this.toast("error", title, message);
  }

  toast(kind: Toast["kind"], title: string, message = ""): void {
    const id = ++this.toastSeq;
    this.toasts = [...this.toasts, { id, kind, title, message }].slice(-4);
    setTimeout(() => this.dismiss(id), kind === "error" ? 12000 : 4000);
  }

  dismiss(id: number): void {
    this.toasts = this.toasts.filter((x) => x.id !== id);
  }

  // ---- Projects

  private async opened(info: T.ProjectInfo | undefined): Promise<void> {
    if (!info) return;
    this.info = info;
    this.applyLanguage();
    this.doc = null;
    this.right = null;
    this.popover = null;
    this.selectedCodeId = null;
    this.view = "reader";
    await this.refresh();
    const first = this.docs[0];
    if (first) await this.openDocument(first.id);
  }

  async openDemo(): Promise<void> {
    await this.opened(await this.run(() => this.backend.openDemoProject()));
  }

  async openProjectDialog(): Promise<void> {
    const path = await this.run(() => this.backend.pickProjectToOpen());
    if (path) await this.openPath(path);
  }

  async openPath(path: string): Promise<void> {
    await this.opened(await this.run(() => this.backend.openProject(path)));
  }

  async newProject(name: string, template: T.Template): Promise<void> {
    const path = await this.run(() => this.backend.pickNewProjectPath(name));
    if (!path) return;
    await this.opened(await this.run(() => this.backend.newProject(path, name, template)));
  }

  async closeProject(): Promise<void> {
    await this.run(() => this.backend.closeProject());
    this.info = null;
    this.doc = null;
    this.docs = [];
    this.surveys = [];
    this.surveyCodings = 0;
    this.codes = [];
    this.right = null;
    this.popover = null;
    this.recent = (await this.run(() => this.backend.recentProjects())) ?? this.recent;
  }

  async saveSettings(next: T.Settings): Promise<boolean> {
    const ok = await this.run(async () => {
      await this.backend.setSettings(next);
      return true;
    });
    if (ok) {
      this.settings = { ...next };
      this.applyLanguage();
    }
    return !!ok;
  }

  private setDocs(list: T.DocumentList): void {
    this.docs = list.documents;
    this.surveys = list.surveys;
    this.surveyCodings = list.survey_codings;
  }

  /** Reloads everything a change may have touched. */
  async refresh(): Promise<void> {
    await this.run(async () => {
      const [info, docs, codes, dims] = await Promise.all([
        this.backend.projectInfo(),
        this.backend.listDocuments(),
        this.backend.codeTree(),
        this.backend.dimensions(),
      ]);
      this.info = info;
      this.setDocs(docs);
      this.codes = codes;
      this.dims = dims;
      if (this.doc) {
        if (docs.documents.some((d) => d.id === this.doc!.id)) this.doc = await this.backend.getDocument(this.doc.id);
        else this.doc = null;
      }
      if (this.selectedCodeId && !codes.some((c) => c.id === this.selectedCodeId)) this.selectedCodeId = null;
      if (this.right?.kind === "code" && !codes.some((c) => c.id === (this.right as { id: string }).id)) this.right = null;
    });
    this.version++;
  }

  /** Light refresh after coding: counts and undo state, not the document. */
  private async refreshCounts(): Promise<void> {
    await this.run(async () => {
      const [info, docs, codes] = await Promise.all([
        this.backend.projectInfo(),
        this.backend.listDocuments(),
        this.backend.codeTree(),
      ]);
      this.info = info;
      this.setDocs(docs);
      this.codes = codes;
    });
    this.version++;
  }

  // ---- Documents

  async openDocument(id: string, startedAt = performance.now()): Promise<boolean> {
    if (this.doc?.id === id) return true;
    const seq = ++this.docSeq;
    this.docLoading = true;
    const doc = await this.run(() => this.backend.getDocument(id));
    if (seq !== this.docSeq) return false;
    this.docLoading = false;
    if (!doc) return false;
    this.doc = doc;
    this.popover = null;
    if (this.right?.kind === "codings") this.right = null;
    await tick();
    recordFirstPaint(doc.name, doc.words, startedAt);
    return true;
  }

  /** Shows a place in a document in the reader and flashes it. */
  async jumpTo(documentId: string, start: number, end: number, code?: { preselect: string | null }): Promise<void> {
    this.view = "reader";
    if (!(await this.openDocument(documentId))) return;
    this.jump = { documentId, start, end, seq: ++this.jumpSeq, popover: !!code, preselect: code?.preselect ?? null };
  }

  // ---- Coding

  tagsFor(level: string | null, focus: string[]): [string, string][] {
    const tags: [string, string][] = [];
    const single = this.dims.find((d) => !d.multi);
    const multi = this.dims.find((d) => d.multi);
    if (single && level) tags.push([single.key, level]);
    if (multi) for (const f of focus) tags.push([multi.key, f]);
    return tags;
  }

  async applyCode(req: T.ApplyCodeRequest, startedAt: number): Promise<T.CodingView | undefined> {
    const coding = await this.run(() => this.backend.applyCode(req));
    if (!coding) return undefined;
    this.lastCodeId = coding.code_id;
    if (this.doc && this.doc.id === coding.document_id) {
      this.doc = { ...this.doc, codings: [...this.doc.codings, coding].sort((a, b) => a.start - b.start) };
    }
    await tick();
    recordApply(startedAt);
    void this.refreshCounts();
    return coding;
  }

  async toggleTag(codingId: string, dimension: string, value: string): Promise<void> {
    const c = await this.run(() => this.backend.toggleCodingTag(codingId, dimension, value));
    if (!c) return;
    if (this.doc && this.doc.id === c.document_id) {
      this.doc = { ...this.doc, codings: this.doc.codings.map((x) => (x.id === c.id ? c : x)) };
    }
    await this.refreshCounts();
  }

  async removeCoding(codingId: string): Promise<void> {
    const ok = await this.run(async () => {
      await this.backend.removeCoding(codingId);
      return true;
    });
    if (!ok) return;
    if (this.doc) this.doc = { ...this.doc, codings: this.doc.codings.filter((x) => x.id !== codingId) };
    if (this.right?.kind === "codings") {
      const ids = this.right.ids.filter((x) => x !== codingId);
      this.right = ids.length ? { ...this.right, ids } : null;
    }
    await this.refreshCounts();
  }

  async undo(): Promise<void> {
    if (!this.info?.can_undo) return;
    const out = await this.run(() => this.backend.undo());
    if (out) this.toast("info", t("undo.done", { label: changeLabel(out.kind, out.label) }));
    await this.refresh();
  }

  async redo(): Promise<void> {
    if (!this.info?.can_redo) return;
    const out = await this.run(() => this.backend.redo());
    if (out) this.toast("info", t("redo.done", { label: changeLabel(out.kind, out.label) }));
    await this.refresh();
  }

  // ---- Codes

  async createCode(req: T.NewCodeRequest): Promise<T.CodeNode | undefined> {
    const node = await this.run(() => this.backend.createCode(req));
    if (node) await this.refresh();
    return node;
  }

  async codeAction(f: () => Promise<void>): Promise<boolean> {
    const ok = await this.run(async () => {
      await f();
      return true;
    });
    await this.refresh();
    return !!ok;
  }

  selectCode(id: string): void {
    this.selectedCodeId = id;
    this.right = { kind: "code", id };
  }

  // ---- Import

  async importDialog(): Promise<void> {
    const paths = await this.run(() => this.backend.pickImportFiles());
    if (paths && paths.length) await this.importPaths(paths);
  }

  async importPaths(paths: string[]): Promise<void> {
    const transcripts = paths.filter((p) => TRANSCRIPT_EXT.test(p));
    const surveys = paths.filter((p) => SURVEY_EXT.test(p));
    const other = paths.filter((p) => !TRANSCRIPT_EXT.test(p) && !SURVEY_EXT.test(p));
    const report: T.ImportReport = {
      imported: [],
      failed: other.map((p) => ({ file: p.replace(/^.*[\\/]/, ""), code: "import", message: t("import.unsupported") })),
    };
    this.imports = { running: transcripts.length > 0, progress: null, report: null, surveys };
    if (transcripts.length) {
      const r = await this.run(() => this.backend.importFiles(transcripts));
      if (r) {
        report.imported.push(...r.imported);
        report.failed.push(...r.failed);
      }
    }
    this.imports.running = false;
    if (report.imported.length || report.failed.length) this.imports.report = report;
    await this.refresh();
  }

  /** Called by the survey dialog when it is done with its file. */
  async surveyDone(report: T.ImportReport | null): Promise<void> {
    this.imports.surveys = this.imports.surveys.slice(1);
    if (report) {
      const prev = this.imports.report;
      this.imports.report = {
        imported: [...(prev?.imported ?? []), ...report.imported],
        failed: [...(prev?.failed ?? []), ...report.failed],
      };
      await this.refresh();
    }
  }
}

export const app = new App();

/** A change in the user's language when its kind is known ("kodning"),
 *  else the core's own summary. */
export function changeLabel(kind: string | null | undefined, summary: string | null | undefined): string {
  const key = `change.${kind ?? ""}`;
  return hasKey(key) ? t(key) : (summary ?? "");
}
