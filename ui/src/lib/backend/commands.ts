// The one mapping from Backend methods to the shell's commands: each method
// is `invoke("snake_case_name", {camelCaseArgs})` (Tauri maps camelCase keys
// to the Rust parameters). Both the Tauri backend and the recorded backend
// extend this class, so the commands a test replays are exactly the commands
// the desktop app sends. The native parts (dialogs, events) are left to them.

import type { Backend } from "../api/backend";
import type * as T from "../api/types";

/** Sends one command with its arguments (an empty object when it has none). */
export type Invoke = (command: string, args: Record<string, unknown>) => Promise<unknown>;

/** Errors cross IPC as {code, message, details}; anything else becomes "internal". */
export function asApiError(e: unknown): T.ApiError {
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    const o = e as { code: unknown; message: unknown; details?: unknown };
    const details = o.details && typeof o.details === "object" && !Array.isArray(o.details) ? (o.details as T.ApiError["details"]) : {};
    // A code this window does not know yet passes as it is (and is shown
    // with the generic text).
    return { code: String(o.code) as T.ErrorCode, message: String(o.message), details };
  }
  const message = e instanceof Error ? e.message : typeof e === "string" ? e : String(e);
  return { code: "internal", message, details: {} };
}

/** The commands that may change the project. After one fails the window
 *  cannot know what was committed (a write can fail after its transaction,
 *  e.g. while updating the index), so it reloads what the project holds. */
export const WRITE_COMMANDS: ReadonlySet<string> = new Set([
  "import_files",
  "import_survey",
  "create_code",
  "update_code",
  "move_code",
  "merge_codes",
  "delete_code",
  "apply_code",
  "toggle_coding_tag",
  "remove_coding",
  "undo",
  "redo",
  "save_memo",
  "delete_memo",
  "split_code",
  "promote_code",
  "demote_code",
  "discard_code",
  "restore_code",
  "pin_example",
  "unpin_example",
  "move_example",
  "create_dimension",
  "rename_dimension",
  "move_dimension",
  "add_tag_value",
  "rename_tag_value",
  "move_tag_value",
  "set_code_default_tags",
  "set_project_settings",
  "create_quote_set",
  "rename_quote_set",
  "describe_quote_set",
  "delete_quote_set",
  "move_quote_set",
  "add_to_quote_set",
  "remove_from_quote_set",
  "move_in_quote_set",
  "set_quote_note",
  "trim_quote",
  "set_quote_attribution",
]);

const failedWrites = new WeakSet<object>();

/** True for an error a write command failed with (see WRITE_COMMANDS). */
export function isFailedWrite(e: unknown): boolean {
  return !!e && typeof e === "object" && failedWrites.has(e);
}

export abstract class CommandBackend implements Backend {
  /** How a command reaches the shell (Tauri's invoke) or its stand-in. */
  protected abstract readonly invoke: Invoke;

  protected async call<R>(command: string, args: Record<string, unknown> = {}): Promise<R> {
    try {
      return (await this.invoke(command, args)) as R;
    } catch (e) {
      const err = asApiError(e);
      if (WRITE_COMMANDS.has(command)) failedWrites.add(err);
      throw err;
    }
  }

  abstract pickProjectToOpen(): Promise<string | null>;
  abstract pickNewProjectPath(suggestedName: string): Promise<string | null>;
  abstract pickImportFiles(kinds: T.ImportKinds): Promise<string[] | null>;
  abstract pickSavePath(suggestedName: string, extensions: string[]): Promise<string | null>;
  abstract pickOpenFile(extensions: string[]): Promise<string | null>;
  abstract onImportProgress(handler: (p: T.ImportProgress) => void): Promise<() => void>;
  onFileDrop?(handler: (paths: string[]) => void): Promise<() => void>;

  getSettings() {
    return this.call<T.Settings>("get_settings");
  }
  setSettings(settings: T.Settings) {
    return this.call<void>("set_settings", { settings });
  }
  recentProjects() {
    return this.call<T.RecentProject[]>("recent_projects");
  }
  newProject(path: string, name: string, template: T.Template) {
    return this.call<T.ProjectInfo>("new_project", { path, name, template });
  }
  openProject(path: string) {
    return this.call<T.ProjectInfo>("open_project", { path });
  }
  openDemoProject() {
    return this.call<T.ProjectInfo>("open_demo_project");
  }
  closeProject() {
    return this.call<void>("close_project");
  }
  projectInfo() {
    return this.call<T.ProjectInfo>("project_info");
  }

  importKinds() {
    return this.call<T.ImportKinds>("import_kinds");
  }
  importFiles(paths: string[]) {
    return this.call<T.ImportReport>("import_files", { paths });
  }
  surveyColumns(path: string, sheet: string | null) {
    return this.call<T.SurveyColumns>("survey_columns", { path, sheet });
  }
  previewSurvey(path: string, mapping: T.SurveyMapping) {
    return this.call<T.SurveyPreview>("preview_survey", { path, mapping });
  }
  importSurvey(path: string, mapping: T.SurveyMapping) {
    return this.call<T.ImportReport>("import_survey", { path, mapping });
  }

  listDocuments() {
    return this.call<T.DocumentList>("list_documents");
  }
  getDocument(id: T.Uuid) {
    return this.call<T.DocumentView>("get_document", { id });
  }
  surveyPage(query: T.SurveyQuery) {
    return this.call<T.SurveyPage>("survey_page", { query });
  }

  codeTree() {
    return this.call<T.CodeNode[]>("code_tree");
  }
  dimensions() {
    return this.call<T.DimensionView[]>("dimensions");
  }
  createCode(request: T.NewCodeRequest) {
    return this.call<T.CodeNode>("create_code", { request });
  }
  updateCode(id: T.Uuid, update: T.CodeUpdate) {
    return this.call<void>("update_code", { id, update });
  }
  moveCode(id: T.Uuid, parentId: T.Uuid | null, position: number) {
    return this.call<void>("move_code", { id, parentId, position });
  }
  mergeCodes(from: T.Uuid, into: T.Uuid) {
    return this.call<void>("merge_codes", { from, into });
  }
  deleteCode(id: T.Uuid, codings: "move_to_parent" | "delete") {
    return this.call<void>("delete_code", { id, codings });
  }

  splitCode(id: T.Uuid, codings: T.Uuid[], name: string) {
    return this.call<T.CodeNode>("split_code", { id, codings, name });
  }
  promoteCode(id: T.Uuid) {
    return this.call<void>("promote_code", { id });
  }
  demoteCode(id: T.Uuid) {
    return this.call<void>("demote_code", { id });
  }
  discardCode(id: T.Uuid) {
    return this.call<void>("discard_code", { id });
  }
  restoreCode(id: T.Uuid) {
    return this.call<void>("restore_code", { id });
  }
  pinExample(code: T.Uuid, coding: T.Uuid, position: number | null) {
    return this.call<void>("pin_example", { id: code, coding, position });
  }
  unpinExample(code: T.Uuid, coding: T.Uuid) {
    return this.call<void>("unpin_example", { id: code, coding });
  }
  moveExample(code: T.Uuid, coding: T.Uuid, position: number) {
    return this.call<void>("move_example", { id: code, coding, position });
  }
  codeExamples(code: T.Uuid) {
    return this.call<T.CodingView[]>("code_examples", { id: code });
  }

  createDimension(request: T.NewDimensionRequest) {
    return this.call<T.DimensionView>("create_dimension", { request });
  }
  renameDimension(key: string, name: string) {
    return this.call<void>("rename_dimension", { dimension: key, name });
  }
  moveDimension(key: string, position: number) {
    return this.call<void>("move_dimension", { dimension: key, position });
  }
  addTagValue(dimension: string, label: string) {
    return this.call<T.DimensionView>("add_tag_value", { dimension, label });
  }
  renameTagValue(dimension: string, value: string, label: string) {
    return this.call<void>("rename_tag_value", { dimension, value, label });
  }
  moveTagValue(dimension: string, value: string, position: number) {
    return this.call<void>("move_tag_value", { dimension, value, position });
  }
  setCodeDefaultTags(code: T.Uuid, tags: [string, string][]) {
    return this.call<void>("set_code_default_tags", { id: code, values: tags });
  }

  reviewTree() {
    return this.call<T.ReviewView>("review_tree");
  }
  matrixOptions() {
    return this.call<T.MatrixOptions>("matrix_options");
  }
  matrix(request: T.MatrixRequest) {
    return this.call<T.MatrixView>("matrix", { request });
  }
  compareMatrix(request: T.MatrixRequest, attribute: string, a: string, b: string) {
    return this.call<[T.MatrixView, T.MatrixView]>("compare_matrix", { request, attribute, a, b });
  }
  matrixCell(request: T.MatrixRequest, row: number, column: number | null) {
    return this.call<T.Uuid[]>("matrix_cell", { request, row, column });
  }
  cooccurrence(request: T.CooccurrenceRequest) {
    return this.call<T.MatrixView>("cooccurrence", { request });
  }
  cooccurrenceCell(request: T.CooccurrenceRequest, row: number, column: number) {
    return this.call<T.Uuid[]>("cooccurrence_cell", { request, row, column });
  }
  exportMatrix(request: T.MatrixRequest, path: string, options: T.TableExport) {
    return this.call<void>("export_matrix", { request, path, options });
  }
  exportCooccurrence(request: T.CooccurrenceRequest, path: string, options: T.TableExport) {
    return this.call<void>("export_cooccurrence", { request, path, options });
  }
  thematicMap() {
    return this.call<T.MapView>("thematic_map");
  }
  exportMap(path: string, format: "svg" | "png") {
    return this.call<void>("export_map", { path, format });
  }

  applyCode(request: T.ApplyCodeRequest) {
    return this.call<T.CodingView>("apply_code", { request });
  }
  toggleCodingTag(codingId: T.Uuid, dimension: string, value: string) {
    return this.call<T.CodingView>("toggle_coding_tag", { codingId, dimension, value });
  }
  removeCoding(codingId: T.Uuid, alsoFromQuoteSets = false) {
    // The flag only when set: the plain removal is the command as it always was.
    return this.call<void>("remove_coding", alsoFromQuoteSets ? { codingId, alsoFromQuoteSets: true } : { codingId });
  }
  snapSelection(documentId: T.Uuid, start: number, end: number) {
    return this.call<[number, number]>("snap_selection", { documentId, start, end });
  }
  undo() {
    return this.call<T.UndoOutcome | null>("undo");
  }
  redo() {
    return this.call<T.UndoOutcome | null>("redo");
  }

  search(request: T.SearchRequest) {
    return this.call<T.SearchResultsView>("search", { request });
  }
  quotes(request: T.QuoteRequest) {
    return this.call<T.QuotesView>("quotes", { request });
  }
  similar(to: T.SimilarTo, limit: number) {
    return this.call<T.SearchHitView[]>("similar", { to, limit });
  }

  memos(target: T.MemoTarget) {
    return this.call<T.MemoView[]>("memos", { target });
  }
  saveMemo(id: T.Uuid | null, target: T.MemoTarget, title: string, body: string) {
    return this.call<T.MemoView>("save_memo", { id, target, title, body });
  }
  deleteMemo(id: T.Uuid) {
    return this.call<void>("delete_memo", { id });
  }

  projectSettings() {
    return this.call<T.ProjectSettingsView>("project_settings");
  }
  setProjectSettings(settings: T.ProjectSettingsView) {
    return this.call<T.ProjectSettingsView>("set_project_settings", { settings });
  }
  previewAttribution(template: string) {
    return this.call<string[]>("preview_attribution", { template });
  }
  quoteSets() {
    return this.call<T.QuoteSetSummary[]>("quote_sets");
  }
  quoteSet(id: T.Uuid) {
    return this.call<T.QuoteSetView>("quote_set", { id });
  }
  createQuoteSet(name: string) {
    return this.call<T.QuoteSetView>("create_quote_set", { name });
  }
  renameQuoteSet(id: T.Uuid, name: string) {
    return this.call<void>("rename_quote_set", { id, name });
  }
  describeQuoteSet(id: T.Uuid, description: string) {
    return this.call<void>("describe_quote_set", { id, description });
  }
  deleteQuoteSet(id: T.Uuid) {
    return this.call<void>("delete_quote_set", { id });
  }
  moveQuoteSet(id: T.Uuid, position: number) {
    return this.call<void>("move_quote_set", { id, position });
  }
  addToQuoteSet(id: T.Uuid, codingId: T.Uuid, position: number | null) {
    return this.call<T.QuoteSetView>("add_to_quote_set", { id, codingId, position });
  }
  removeFromQuoteSet(id: T.Uuid, codingId: T.Uuid) {
    return this.call<T.QuoteSetView>("remove_from_quote_set", { id, codingId });
  }
  moveInQuoteSet(id: T.Uuid, codingId: T.Uuid, position: number) {
    return this.call<T.QuoteSetView>("move_in_quote_set", { id, codingId, position });
  }
  setQuoteNote(id: T.Uuid, codingId: T.Uuid, note: string) {
    return this.call<T.QuoteSetView>("set_quote_note", { id, codingId, note });
  }
  trimQuote(id: T.Uuid, codingId: T.Uuid, parts: [number, number][] | null) {
    return this.call<T.QuoteSetView>("trim_quote", { id, codingId, parts });
  }
  setQuoteAttribution(id: T.Uuid, codingId: T.Uuid, template: string | null) {
    return this.call<T.QuoteSetView>("set_quote_attribution", { id, codingId, template });
  }
  quoteSetsWith(codingId: T.Uuid) {
    return this.call<T.QuoteSetRef[]>("quote_sets_with", { codingId });
  }
  quoteFinder(request: T.FinderRequest) {
    return this.call<T.FinderView>("quote_finder", { request });
  }
  exportChapter(source: T.ChapterSource, format: T.ExportFormat, path: string, options: T.ExportOptions) {
    return this.call<T.ExportWritten>("export_chapter", { source, format, path, options });
  }
  chapterClipboard(source: T.ChapterSource) {
    return this.call<T.ClipboardView>("chapter_clipboard", { source });
  }
  exportCodebook(format: T.ExportFormat, path: string, options: T.ExportOptions) {
    return this.call<T.ExportWritten>("export_codebook", { format, path, options });
  }
  exportSegments(format: T.ExportFormat, path: string, options: T.ExportOptions) {
    return this.call<T.ExportWritten>("export_segments", { format, path, options });
  }
}
