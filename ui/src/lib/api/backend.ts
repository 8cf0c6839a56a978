// Every command the shell offers, as the UI calls them. The Tauri command
// name is the method name; arguments are passed as one object whose keys
// are the parameter names below (Tauri maps camelCase keys to the Rust
// snake_case parameters, so `documentId` reaches `document_id`).
//
// Every command method is implemented once, over an `invoke(command, args)`
// function, in src/lib/backend/commands.ts. The desktop implementation
// (src/lib/backend/tauri.ts, the only module importing @tauri-apps/*)
// supplies Tauri's invoke, the native dialogs and the events; the recorded
// backend (src/lib/backend/recorded.ts) answers from answers recorded from
// the real core, for tests and for the browser.

import type * as T from "./types";

export interface Backend {
  // Settings and projects
  getSettings(): Promise<T.Settings>;
  setSettings(settings: T.Settings): Promise<void>;
  recentProjects(): Promise<T.RecentProject[]>;
  newProject(path: string, name: string, template: T.Template): Promise<T.ProjectInfo>;
  openProject(path: string): Promise<T.ProjectInfo>;
  /** Opens (creating it the first time) the demo project in the app's data folder. */
  openDemoProject(): Promise<T.ProjectInfo>;
  closeProject(): Promise<void>;
  projectInfo(): Promise<T.ProjectInfo>;
  /** Native dialogs (return null when cancelled). */
  pickProjectToOpen(): Promise<string | null>;
  pickNewProjectPath(suggestedName: string): Promise<string | null>;
  /** kinds: the extensions the importer accepts (from importKinds), for the dialog's filters. */
  pickImportFiles(kinds: T.ImportKinds): Promise<string[] | null>;
  /** Where to save an export: suggestedName without extension; extensions without the dot (the first is the default). */
  pickSavePath(suggestedName: string, extensions: string[]): Promise<string | null>;
  /** One existing file to read (a Word template): extensions without the dot; null when cancelled. */
  pickOpenFile(extensions: string[]): Promise<string | null>;

  // Import
  /** The file kinds the importer accepts, as lowercase extensions without the dot. */
  importKinds(): Promise<T.ImportKinds>;
  importFiles(paths: string[]): Promise<T.ImportReport>;
  /** Called with progress while importFiles runs; returns an unsubscribe function. */
  onImportProgress(handler: (p: T.ImportProgress) => void): Promise<() => void>;
  // CONTRACT CHANGE: files dropped on the window, as paths (Tauri's webview
  // drag-drop event, read in src/lib/backend/tauri.ts). UI-side only: no shell
  // command is involved, so it is optional and needs nothing from src-tauri
  // beyond drag-drop being enabled on the window (Tauri's default).
  /** Called with the paths of files dropped on the window; returns an unsubscribe function. */
  onFileDrop?(handler: (paths: string[]) => void): Promise<() => void>;
  surveyColumns(path: string, sheet: string | null): Promise<T.SurveyColumns>;
  previewSurvey(path: string, mapping: T.SurveyMapping): Promise<T.SurveyPreview>;
  importSurvey(path: string, mapping: T.SurveyMapping): Promise<T.ImportReport>;

  // Documents
  /** Transcripts and texts one by one; survey answers by question. */
  listDocuments(): Promise<T.DocumentList>;
  getDocument(id: T.Uuid): Promise<T.DocumentView>;
  /** One page of survey answers as grid rows, filtered by question and
   *  attributes, with the total and what the filters can choose from. */
  surveyPage(query: T.SurveyQuery): Promise<T.SurveyPage>;

  // Codes and tags
  codeTree(): Promise<T.CodeNode[]>;
  dimensions(): Promise<T.DimensionView[]>;
  createCode(request: T.NewCodeRequest): Promise<T.CodeNode>;
  /** One change to a code (one undo step): each non-null field is set. */
  updateCode(id: T.Uuid, update: T.CodeUpdate): Promise<void>;
  /** position: index among the new parent's children. */
  moveCode(id: T.Uuid, parentId: T.Uuid | null, position: number): Promise<void>;
  mergeCodes(from: T.Uuid, into: T.Uuid): Promise<void>;
  /** codings: what happens to its codings: "move_to_parent" or "delete". */
  deleteCode(id: T.Uuid, codings: "move_to_parent" | "delete"): Promise<void>;

  // Reshaping the theme tree (issue 15)
  /** The chosen codings move to a new sibling code named `name` (their effective tags unchanged). */
  splitCode(id: T.Uuid, codings: T.Uuid[], name: string): Promise<T.CodeNode>;
  /** Code → subtheme → theme (one level up the tree, children kept in order). */
  promoteCode(id: T.Uuid): Promise<void>;
  /** Theme → subtheme → code (under the sibling above). */
  demoteCode(id: T.Uuid): Promise<void>;
  /** Into the discard pile ("Övrigt / kasserade"): kept, but out of the analysis. */
  discardCode(id: T.Uuid): Promise<void>;
  restoreCode(id: T.Uuid): Promise<void>;
  /** Pins a coding of the code as an example; position null: last. */
  pinExample(code: T.Uuid, coding: T.Uuid, position: number | null): Promise<void>;
  unpinExample(code: T.Uuid, coding: T.Uuid): Promise<void>;
  moveExample(code: T.Uuid, coding: T.Uuid, position: number): Promise<void>;
  /** The code's pinned examples, in order. */
  codeExamples(code: T.Uuid): Promise<T.CodingView[]>;

  // Tag dimensions (issue 15)
  createDimension(request: T.NewDimensionRequest): Promise<T.DimensionView>;
  renameDimension(key: string, name: string): Promise<void>;
  moveDimension(key: string, position: number): Promise<void>;
  addTagValue(dimension: string, label: string): Promise<T.DimensionView>;
  renameTagValue(dimension: string, value: string, label: string): Promise<void>;
  moveTagValue(dimension: string, value: string, position: number): Promise<void>;
  /** A code's default tags, all at once, as [dimension key, value key]. */
  setCodeDefaultTags(code: T.Uuid, tags: [string, string][]): Promise<void>;

  // Analysis (issue 15)
  /** The theme tree with coverage, spread, coders and flags per node. */
  reviewTree(): Promise<T.ReviewView>;
  /** What matrix axes and restrictions can choose from. */
  matrixOptions(): Promise<T.MatrixOptions>;
  matrix(request: T.MatrixRequest): Promise<T.MatrixView>;
  /** The same matrix restricted to attribute = a and to attribute = b. */
  compareMatrix(request: T.MatrixRequest, attribute: string, a: string, b: string): Promise<[T.MatrixView, T.MatrixView]>;
  /** The coding ids of one cell, or of a whole row when column is null. */
  matrixCell(request: T.MatrixRequest, row: number, column: number | null): Promise<T.Uuid[]>;
  cooccurrence(request: T.CooccurrenceRequest): Promise<T.MatrixView>;
  cooccurrenceCell(request: T.CooccurrenceRequest, row: number, column: number): Promise<T.Uuid[]>;
  exportMatrix(request: T.MatrixRequest, path: string, options: T.TableExport): Promise<void>;
  exportCooccurrence(request: T.CooccurrenceRequest, path: string, options: T.TableExport): Promise<void>;
  thematicMap(): Promise<T.MapView>;
  exportMap(path: string, format: "svg" | "png"): Promise<void>;

  // Coding
  applyCode(request: T.ApplyCodeRequest): Promise<T.CodingView>;
  /** Toggle one tag on a coding; returns the coding as it is now. */
  toggleCodingTag(codingId: T.Uuid, dimension: string, value: string): Promise<T.CodingView>;
  /** A coding quoted in quote sets is refused (`coding_in_quote_set`, details.sets)
   *  unless alsoFromQuoteSets: then it leaves the sets too (one undo step). */
  removeCoding(codingId: T.Uuid, alsoFromQuoteSets?: boolean): Promise<void>;
  /** Snap a selection to word and grapheme boundaries: [start, end]. */
  snapSelection(documentId: T.Uuid, start: number, end: number): Promise<[number, number]>;
  undo(): Promise<T.UndoOutcome | null>;
  redo(): Promise<T.UndoOutcome | null>;

  // Search and quotes
  search(request: T.SearchRequest): Promise<T.SearchResultsView>;
  quotes(request: T.QuoteRequest): Promise<T.QuotesView>;
  similar(to: T.SimilarTo, limit: number): Promise<T.SearchHitView[]>;

  // Memos
  memos(target: T.MemoTarget): Promise<T.MemoView[]>;
  saveMemo(id: T.Uuid | null, target: T.MemoTarget, title: string, body: string): Promise<T.MemoView>;
  deleteMemo(id: T.Uuid): Promise<void>;

  // Chapter writing (issue 16): project settings, quote sets, the quote finder, exports
  projectSettings(): Promise<T.ProjectSettingsView>;
  setProjectSettings(settings: T.ProjectSettingsView): Promise<T.ProjectSettingsView>;
  /** Example attributions the template writes (error bad_attribution with details.reason). */
  previewAttribution(template: string): Promise<string[]>;
  quoteSets(): Promise<T.QuoteSetSummary[]>;
  quoteSet(id: T.Uuid): Promise<T.QuoteSetView>;
  createQuoteSet(name: string): Promise<T.QuoteSetView>;
  renameQuoteSet(id: T.Uuid, name: string): Promise<void>;
  describeQuoteSet(id: T.Uuid, description: string): Promise<void>;
  deleteQuoteSet(id: T.Uuid): Promise<void>;
  /** position: index among the sets. */
  moveQuoteSet(id: T.Uuid, position: number): Promise<void>;
  /** position null: last. */
  addToQuoteSet(id: T.Uuid, codingId: T.Uuid, position: number | null): Promise<T.QuoteSetView>;
  removeFromQuoteSet(id: T.Uuid, codingId: T.Uuid): Promise<T.QuoteSetView>;
  moveInQuoteSet(id: T.Uuid, codingId: T.Uuid, position: number): Promise<T.QuoteSetView>;
  setQuoteNote(id: T.Uuid, codingId: T.Uuid, note: string): Promise<T.QuoteSetView>;
  /** parts: [start, end] UTF-16 offsets into the coding's text; null: the whole coding. */
  trimQuote(id: T.Uuid, codingId: T.Uuid, parts: [number, number][] | null): Promise<T.QuoteSetView>;
  /** template null: back to the project's template. */
  setQuoteAttribution(id: T.Uuid, codingId: T.Uuid, template: string | null): Promise<T.QuoteSetView>;
  /** The sets that quote a coding. */
  quoteSetsWith(codingId: T.Uuid): Promise<T.QuoteSetRef[]>;
  quoteFinder(request: T.FinderRequest): Promise<T.FinderView>;
  exportChapter(source: T.ChapterSource, format: T.ExportFormat, path: string, options: T.ExportOptions): Promise<T.ExportWritten>;
  /** The chapter as rich text (HTML) and plain text, for the clipboard. */
  chapterClipboard(source: T.ChapterSource): Promise<T.ClipboardView>;
  exportCodebook(format: T.ExportFormat, path: string, options: T.ExportOptions): Promise<T.ExportWritten>;
  exportSegments(format: T.ExportFormat, path: string, options: T.ExportOptions): Promise<T.ExportWritten>;
}
