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

  // Coding
  applyCode(request: T.ApplyCodeRequest): Promise<T.CodingView>;
  /** Toggle one tag on a coding; returns the coding as it is now. */
  toggleCodingTag(codingId: T.Uuid, dimension: string, value: string): Promise<T.CodingView>;
  removeCoding(codingId: T.Uuid): Promise<void>;
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
}
