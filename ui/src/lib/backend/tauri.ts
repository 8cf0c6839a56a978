// The Backend over Tauri IPC. This is the only module that imports
// @tauri-apps/*: every command is `invoke("snake_case_name", {camelCaseArgs})`,
// the native dialogs come from the dialog plugin, and import progress and
// dropped files arrive as events.

import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { open, save } from "@tauri-apps/plugin-dialog";
import type { Backend } from "../api/backend";
import type * as T from "../api/types";
import { t } from "../i18n/index.svelte";

/** Errors cross IPC as {code, message}; anything else becomes "internal". */
function asApiError(e: unknown): T.ApiError {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const o = e as { code: unknown; message: unknown };
    return { code: String(o.code), message: String(o.message) };
  }
  return { code: "internal", message: typeof e === "string" ? e : String(e) };
}

async function call<R>(command: string, args?: Record<string, unknown>): Promise<R> {
  try {
    return await invoke<R>(command, args);
  } catch (e) {
    throw asApiError(e);
  }
}

const TRANSCRIPTS = ["txt", "docx", "vtt", "srt"];
const SURVEYS = ["csv", "xlsx"];

/**
 * End-to-end tests cannot drive the native file dialogs, so they queue the
 * answers in `window.__tematikPicks` (an array of path lists, null meaning
 * "cancelled"); each dialog takes the next answer when one is queued.
 */
function queuedPick(): string[] | null | undefined {
  const queue = (window as unknown as { __tematikPicks?: (string[] | null)[] }).__tematikPicks;
  return queue && queue.length > 0 ? queue.shift() : undefined;
}

export class TauriBackend implements Backend {
  getSettings() {
    return call<T.Settings>("get_settings");
  }
  setSettings(settings: T.Settings) {
    return call<void>("set_settings", { settings });
  }
  recentProjects() {
    return call<T.RecentProject[]>("recent_projects");
  }
  newProject(path: string, name: string, template: T.Template) {
    return call<T.ProjectInfo>("new_project", { path, name, template });
  }
  openProject(path: string) {
    return call<T.ProjectInfo>("open_project", { path });
  }
  openDemoProject() {
    return call<T.ProjectInfo>("open_demo_project");
  }
  closeProject() {
    return call<void>("close_project");
  }
  projectInfo() {
    return call<T.ProjectInfo>("project_info");
  }

  async pickProjectToOpen(): Promise<string | null> {
    const queued = queuedPick();
    if (queued !== undefined) return queued?.[0] ?? null;
    const picked = await open({ multiple: false, directory: false, filters: [{ name: t("dialog.filterProject"), extensions: ["tematik"] }] });
    return typeof picked === "string" ? picked : null;
  }
  async pickNewProjectPath(suggestedName: string): Promise<string | null> {
    const queued = queuedPick();
    const path = queued !== undefined ? (queued?.[0] ?? null) : await save({
      defaultPath: `${suggestedName}.tematik`,
      filters: [{ name: t("dialog.filterProject"), extensions: ["tematik"] }],
    });
    if (!path) return null;
    return path.endsWith(".tematik") ? path : `${path}.tematik`;
  }
  async pickImportFiles(): Promise<string[] | null> {
    const queued = queuedPick();
    if (queued !== undefined) return queued;
    const picked = await open({
      multiple: true,
      directory: false,
      filters: [
        { name: t("dialog.filterAll"), extensions: [...TRANSCRIPTS, ...SURVEYS] },
        { name: t("dialog.filterTranscripts"), extensions: TRANSCRIPTS },
        { name: t("dialog.filterSurveys"), extensions: SURVEYS },
      ],
    });
    if (picked === null) return null;
    return Array.isArray(picked) ? picked : [picked];
  }

  importFiles(paths: string[]) {
    return call<T.ImportReport>("import_files", { paths });
  }
  async onImportProgress(handler: (p: T.ImportProgress) => void): Promise<() => void> {
    return listen<T.ImportProgress>("import-progress", (e) => handler(e.payload));
  }
  async onFileDrop(handler: (paths: string[]) => void): Promise<() => void> {
    return getCurrentWebview().onDragDropEvent((e) => {
      if (e.payload.type === "drop" && e.payload.paths.length) handler(e.payload.paths);
    });
  }
  surveyColumns(path: string, sheet: string | null) {
    return call<T.SurveyColumns>("survey_columns", { path, sheet });
  }
  previewSurvey(path: string, mapping: T.SurveyMapping) {
    return call<T.SurveyPreview>("preview_survey", { path, mapping });
  }
  importSurvey(path: string, mapping: T.SurveyMapping) {
    return call<T.ImportReport>("import_survey", { path, mapping });
  }

  listDocuments() {
    return call<T.DocumentList>("list_documents");
  }
  getDocument(id: T.Uuid) {
    return call<T.DocumentView>("get_document", { id });
  }
  surveyRows(question: string | null) {
    return call<T.SurveyRow[]>("survey_rows", { question });
  }

  codeTree() {
    return call<T.CodeNode[]>("code_tree");
  }
  dimensions() {
    return call<T.DimensionView[]>("dimensions");
  }
  createCode(request: T.NewCodeRequest) {
    return call<T.CodeNode>("create_code", { request });
  }
  renameCode(id: T.Uuid, name: string) {
    return call<void>("rename_code", { id, name });
  }
  recolorCode(id: T.Uuid, color: string) {
    return call<void>("recolor_code", { id, color });
  }
  defineCode(id: T.Uuid, definition: string) {
    return call<void>("define_code", { id, definition });
  }
  moveCode(id: T.Uuid, parentId: T.Uuid | null, position: number) {
    return call<void>("move_code", { id, parentId, position });
  }
  setCodeRole(id: T.Uuid, role: T.CodeRole) {
    return call<void>("set_code_role", { id, role });
  }
  setCodeStatus(id: T.Uuid, status: T.ReviewStatus) {
    return call<void>("set_code_status", { id, status });
  }
  mergeCodes(from: T.Uuid, into: T.Uuid) {
    return call<void>("merge_codes", { from, into });
  }
  deleteCode(id: T.Uuid, codings: "move_to_parent" | "delete") {
    return call<void>("delete_code", { id, codings });
  }

  applyCode(request: T.ApplyCodeRequest) {
    return call<T.CodingView>("apply_code", { request });
  }
  toggleCodingTag(codingId: T.Uuid, dimension: string, value: string) {
    return call<T.CodingView>("toggle_coding_tag", { codingId, dimension, value });
  }
  removeCoding(codingId: T.Uuid) {
    return call<void>("remove_coding", { codingId });
  }
  snapSelection(documentId: T.Uuid, start: number, end: number) {
    return call<[number, number]>("snap_selection", { documentId, start, end });
  }
  undo() {
    return call<T.UndoOutcome | null>("undo");
  }
  redo() {
    return call<T.UndoOutcome | null>("redo");
  }

  search(request: T.SearchRequest) {
    return call<T.SearchResultsView>("search", { request });
  }
  quotes(request: T.QuoteRequest) {
    return call<T.QuotesView>("quotes", { request });
  }
  similar(to: T.SimilarTo, limit: number) {
    return call<T.SearchHitView[]>("similar", { to, limit });
  }

  memos(target: T.MemoTarget) {
    return call<T.MemoView[]>("memos", { target });
  }
  saveMemo(id: T.Uuid | null, target: T.MemoTarget, title: string, body: string) {
    return call<T.MemoView>("save_memo", { id, target, title, body });
  }
  deleteMemo(id: T.Uuid) {
    return call<void>("delete_memo", { id });
  }
}
