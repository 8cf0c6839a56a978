// The state controllers, one per domain, wired together. Components read
// their fields and call their methods; only the controllers reach the
// backend (a test keeps components from importing it). This root holds no
// domain state of its own: the backend, the refreshes every change
// triggers, and what opening and closing a project resets.

import type { Backend } from "../api/backend";
import type * as T from "../api/types";
import { Attribution } from "./attribution.svelte";
import { Chapters } from "./chapters.svelte";
import { Codes } from "./codes.svelte";
import { Coding } from "./coding.svelte";
import { Dimensions } from "./dimensions.svelte";
import { Documents } from "./documents.svelte";
import { Imports } from "./imports.svelte";
import { Matrices } from "./matrices.svelte";
import { Memos } from "./memos.svelte";
import { Notices } from "./notices.svelte";
import { Project } from "./project.svelte";
import { Quotes } from "./quotes.svelte";
import { Review } from "./review.svelte";
import { Search } from "./search.svelte";
import type { Session } from "./session";
import { Views } from "./views.svelte";

export class AppState implements Session {
  private backend: Backend | null = null;
  ready = $state(false);
  /** Bumped after every change, so views reload what they show. */
  version = $state(0);

  readonly notices = new Notices();
  readonly views: Views;
  readonly project: Project;
  readonly documents: Documents;
  readonly codes: Codes;
  readonly coding: Coding;
  readonly search: Search;
  readonly quotes: Quotes;
  readonly memos: Memos;
  readonly imports: Imports;
  readonly review: Review;
  readonly matrices: Matrices;
  readonly dimensions: Dimensions;
  readonly chapters: Chapters;
  readonly attribution: Attribution;

  constructor() {
    this.documents = new Documents(this);
    this.views = new Views((id) => this.openDocument(id));
    this.codes = new Codes(this, this.views);
    this.coding = new Coding(this, this.documents, this.views);
    this.project = new Project(this, {
      opened: (info) => this.opened(info),
      closed: () => this.closed(),
      showPlace: (place) => this.showPlace(place),
    });
    this.search = new Search(this);
    this.quotes = new Quotes(this, this.views);
    this.memos = new Memos(this);
    this.imports = new Imports(this);
    this.review = new Review(this, this.views);
    this.matrices = new Matrices(this, this.quotes);
    this.dimensions = new Dimensions(this);
    this.chapters = new Chapters(this, this.views);
    this.attribution = new Attribution(this);
    this.notices.onFailedWrite = () => void this.reload();
  }

  private reloading: Promise<void> | null = null;
  private reloadAgain = false;

  /** After a failed write: reload what the project holds (info, documents,
   *  codes, the open document's codings), so the window never shows a state
   *  the project is not in. Reloads asked for while one runs become one more. */
  async reload(): Promise<void> {
    if (!this.project.info) return;
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = (async () => {
      do {
        this.reloadAgain = false;
        await this.refresh();
      } while (this.reloadAgain);
    })();
    try {
      await this.reloading;
    } finally {
      this.reloading = null;
    }
  }

  get api(): Backend {
    if (!this.backend) throw new Error("the app state has no backend yet (init first)");
    return this.backend;
  }

  /** Starts on a backend: settings, the project it was started with, events. */
  async init(backend: Backend): Promise<void> {
    this.backend = backend;
    this.ready = false;
    this.notices.clear();
    this.project.info = null;
    this.closed();
    this.imports.reset();
    await this.project.load();
    await this.project.resume();
    await backend.onImportProgress((p) => this.imports.progress(p));
    if (backend.onFileDrop) {
      await backend.onFileDrop((paths) => {
        if (this.project.info) void this.imports.importPaths(paths);
      });
    }
    this.ready = true;
  }

  /** Shows a document in the reader (closing the codings panel of the last one). */
  async openDocument(id: string, startedAt = performance.now()): Promise<boolean> {
    const same = this.documents.doc?.id === id;
    const ok = await this.documents.open(id, startedAt);
    if (ok && !same) {
      this.coding.closePopover();
      if (this.views.right?.kind === "codings") this.views.closePanel();
    }
    return ok;
  }

  private async opened(info: T.ProjectInfo): Promise<void> {
    this.documents.doc = null;
    this.chapters.opened(info.id);
    this.attribution.clear();
    this.views.reset();
    this.coding.closePopover();
    this.codes.selectedId = null;
    this.quotes.shown = null;
    this.review.clear();
    this.matrices.clear();
    await this.refresh();
    const first = this.documents.docs[0];
    if (first) await this.openDocument(first.id);
  }

  /** Where an undo or redo changed something: the reader opens the document
   *  and scrolls to the place, flashing it. A survey answer (not in the
   *  document list) changed in the survey grid stays in the grid, which
   *  reloads its rows; a change to a document as a whole (an import undone,
   *  no code) whose document is not listed has nothing left to show. In the
   *  Kapitel view the window stays where the author is writing. */
  private async showPlace(place: T.UndoPlace): Promise<void> {
    const listed = this.documents.docs.some((d) => d.id === place.document_id);
    if (!listed && (this.views.view === "survey" || place.code_name === null)) return;
    // A chapter's change undone stays in the Kapitel view, which reloads its set.
    if (this.views.view === "chapters") return;
    await this.views.jumpTo(place.document_id, place.start, Math.max(place.start, place.end));
  }

  private closed(): void {
    this.documents.clear();
    this.codes.clear();
    this.quotes.shown = null;
    this.review.clear();
    this.matrices.clear();
    this.chapters.clear();
    this.attribution.clear();
    this.views.reset();
    this.coding.closePopover();
  }

  async refresh(): Promise<void> {
    await this.notices.run(async () => {
      const [info, list, tree, dims] = await Promise.all([
        this.api.projectInfo(),
        this.api.listDocuments(),
        this.api.codeTree(),
        this.api.dimensions(),
      ]);
      this.project.info = info;
      this.documents.setList(list);
      this.codes.dims = dims;
      this.codes.setTree(tree);
      await this.documents.reloadDoc(list);
    });
    this.version++;
  }

  /** Opens the settings dialog once the open project's chapter settings are
   * read, so the dialog does not grow (and move its buttons) under the pointer. */
  async openSettings(): Promise<void> {
    // A project closed while its settings were read: the app's settings
    // still open.
    if (this.project.info && !(await this.attribution.load()) && this.project.info) return;
    this.views.settingsOpen = true;
  }

  async refreshCounts(): Promise<void> {
    await this.notices.run(async () => {
      const [info, list, tree] = await Promise.all([this.api.projectInfo(), this.api.listDocuments(), this.api.codeTree()]);
      this.project.info = info;
      this.documents.setList(list);
      this.codes.setTree(tree);
    });
    this.version++;
  }
}

export const app = new AppState();
