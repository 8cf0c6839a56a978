// The team lead's review: the theme tree with its counts, spread, coders and
// flags; the selected node; and every operation that reshapes or defines the
// tree (promote, demote, move, merge, split, discard and restore, status,
// definition and scope notes, pinned examples). Each operation goes through
// the backend, then everything reloads (the view reloads the tree on the
// version bump); a failure is a toast. The thematic map is read here too.

import type * as T from "../api/types";
import { t } from "../i18n/index.svelte";
import { fileName } from "../analysis/matrix-request";
import type { Session } from "./session";
import type { Views } from "./views.svelte";

export type ReviewTab = "tree" | "map" | "dimensions";

/** A question the review asks before an operation. */
export type ReviewDialog =
  | { kind: "merge"; id: string }
  | { kind: "mergeDrop"; from: string; into: string }
  | { kind: "split"; id: string }
  | null;

/** The review statuses in their order (the discard pile is a flag, not a status). */
export const REVIEW_STATUSES = ["candidate", "reviewed", "final"] as const satisfies readonly T.ReviewStatus[];

/** A definition and its scope notes, as the review edits them. */
export interface Definition {
  definition: string;
  scope_includes: string;
  scope_excludes: string;
}

/** An update that sets only what is given (the rest null). */
export function onlyUpdate(fields: Partial<T.CodeUpdateWithScope>): T.CodeUpdateWithScope {
  return {
    name: null,
    color: null,
    definition: null,
    role: null,
    status: null,
    scope_includes: null,
    scope_excludes: null,
    ...fields,
  } as T.CodeUpdateWithScope;
}

/** The update that saves an edited definition: null for what did not change. */
export function definitionUpdate(node: Definition, edited: Definition): T.CodeUpdateWithScope {
  return onlyUpdate({
    definition: edited.definition !== node.definition ? edited.definition : null,
    scope_includes: edited.scope_includes !== node.scope_includes ? edited.scope_includes : null,
    scope_excludes: edited.scope_excludes !== node.scope_excludes ? edited.scope_excludes : null,
  });
}

/** Quotes in the order of `ids` (the pinned order), whatever order they came in. */
export function inOrder(quotes: readonly T.QuoteView[], ids: readonly string[]): T.QuoteView[] {
  const at = new Map(ids.map((id, i) => [id, i]));
  return [...quotes].filter((q) => at.has(q.coding.id)).sort((a, b) => at.get(a.coding.id)! - at.get(b.coding.id)!);
}

export class Review {
  tab = $state<ReviewTab>("tree");
  tree = $state.raw<T.ReviewView | null>(null);
  selectedId = $state<string | null>(null);
  loading = $state(false);
  map = $state.raw<T.MapView | null>(null);
  mapLoading = $state(false);
  /** Codings of the selected node checked for splitting (in the details' quotes). */
  checked = $state<string[]>([]);
  dialog = $state<ReviewDialog>(null);
  private seq = 0;
  private mapSeq = 0;

  constructor(
    private readonly s: Session,
    private readonly views: Views,
  ) {}

  get nodes(): T.ReviewNode[] {
    return this.tree?.nodes ?? [];
  }

  byId(id: string | null | undefined): T.ReviewNode | undefined {
    return id ? this.nodes.find((n) => n.id === id) : undefined;
  }

  get selected(): T.ReviewNode | undefined {
    return this.byId(this.selectedId);
  }

  /** Reads the tree with its counts; drops a selection that is gone. */
  async load(): Promise<void> {
    const mine = ++this.seq;
    this.loading = true;
    const tree = await this.s.notices.run(() => this.s.api.reviewTree());
    if (mine !== this.seq) return;
    this.loading = false;
    if (!tree) return;
    this.tree = tree;
    if (this.selectedId && !tree.nodes.some((n) => n.id === this.selectedId)) this.select(null);
  }

  async loadMap(): Promise<void> {
    const mine = ++this.mapSeq;
    this.mapLoading = true;
    const map = await this.s.notices.run(() => this.s.api.thematicMap());
    if (mine !== this.mapSeq) return;
    this.mapLoading = false;
    if (map) this.map = map;
  }

  select(id: string | null): void {
    if (id !== this.selectedId) this.checked = [];
    this.selectedId = id;
  }

  toggleChecked(coding: string): void {
    this.checked = this.checked.includes(coding) ? this.checked.filter((c) => c !== coding) : [...this.checked, coding];
  }

  /** Shows a node selected in the review's tree (a click on the map). */
  reveal(id: string): void {
    if (id === "root") return;
    this.select(id);
    this.tab = "tree";
    this.views.show("review");
  }

  promote(id: string): Promise<boolean> {
    return this.change(() => this.s.api.promoteCode(id));
  }

  demote(id: string): Promise<boolean> {
    return this.change(() => this.s.api.demoteCode(id));
  }

  move(id: string, parentId: string | null, position: number): Promise<boolean> {
    return this.change(() => this.s.api.moveCode(id, parentId, position));
  }

  async merge(from: string, into: string): Promise<boolean> {
    // The merged node goes away: nothing may ask for it meanwhile.
    const before = this.selectedId;
    if (before === from) this.select(into);
    const ok = await this.change(() => this.s.api.mergeCodes(from, into));
    if (ok) this.selectedId = into;
    else this.select(before);
    return ok;
  }

  /** The chosen codings into a new sibling code; selects it. */
  async split(id: string, codings: string[], name: string): Promise<T.CodeNode | undefined> {
    const node = await this.s.notices.run(() => this.s.api.splitCode(id, codings, name));
    await this.s.refresh();
    if (node) {
      this.checked = [];
      this.selectedId = node.id;
    }
    return node;
  }

  discard(id: string): Promise<boolean> {
    return this.change(() => this.s.api.discardCode(id));
  }

  restore(id: string): Promise<boolean> {
    return this.change(() => this.s.api.restoreCode(id));
  }

  setStatus(id: string, status: T.ReviewStatus): Promise<boolean> {
    return this.change(() => this.s.api.updateCode(id, onlyUpdate({ status })));
  }

  /** Saves a definition and its scope notes as one update (one undo step). */
  async define(id: string, edited: Definition): Promise<boolean> {
    const node = this.byId(id);
    if (!node) return false;
    const update = definitionUpdate(node, edited);
    if (update.definition === null && update.scope_includes === null && update.scope_excludes === null) return true;
    return this.change(() => this.s.api.updateCode(id, update));
  }

  pin(code: string, coding: string, position: number | null = null): Promise<boolean> {
    return this.change(() => this.s.api.pinExample(code, coding, position));
  }

  unpin(code: string, coding: string): Promise<boolean> {
    return this.change(() => this.s.api.unpinExample(code, coding));
  }

  moveExample(code: string, coding: string, position: number): Promise<boolean> {
    return this.change(() => this.s.api.moveExample(code, coding, position));
  }

  /** A code's pinned examples as quotes (with their turns), in the pinned order. */
  async examples(code: string): Promise<T.QuoteView[] | undefined> {
    const pinned = await this.s.notices.run(() => this.s.api.codeExamples(code));
    if (!pinned) return undefined;
    if (pinned.length === 0) return [];
    const ids = pinned.map((c) => c.id);
    const request: T.QuoteRequestWithCodings = {
      code: null,
      filters: { codes: [], tags: [], documents: [], questions: [], kinds: [], attributes: [], speakers: [], coders: [], statuses: [] },
      query: "",
      order: "document",
      context: { kind: "turn" },
      offset: 0,
      limit: ids.length,
      codings: ids,
    };
    const page = await this.s.notices.run(() => this.s.api.quotes(request));
    return page ? inOrder(page.quotes, ids) : undefined;
  }

  /** Exports the map (SVG or PNG) to a file the user picks. */
  async exportMap(format: "svg" | "png"): Promise<boolean> {
    const path = await this.s.notices.run(() => this.s.api.pickSavePath(t("map.fileName"), [format]));
    if (!path) return false;
    const ok = await this.s.notices.done(() => this.s.api.exportMap(path, format));
    if (ok) this.s.notices.toast("info", t("export.done", { file: fileName(path) }));
    return ok;
  }

  private async change(f: () => Promise<unknown>): Promise<boolean> {
    const ok = await this.s.notices.done(f);
    await this.s.refresh();
    return ok;
  }

  clear(): void {
    this.tree = null;
    this.map = null;
    this.selectedId = null;
    this.checked = [];
    this.dialog = null;
    this.tab = "tree";
  }
}
