// The code tree and the tag dimensions, and every change to codes: create,
// update (one change, one undo step), move, merge, delete.

import type * as T from "../api/types";
import type { Session } from "./session";
import type { Views } from "./views.svelte";

/** What the code panel edits. */
export type CodeFields = Pick<T.CodeNode, "name" | "color" | "definition" | "role" | "status">;

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

/** The update that turns `code` into `edited`: null for what did not change. */
export function codeUpdate(code: CodeFields, edited: CodeFields): T.CodeUpdate {
  const name = edited.name.trim();
  return {
    name: name && name !== code.name ? name : null,
    color: edited.color !== code.color ? edited.color : null,
    definition: edited.definition !== code.definition ? edited.definition : null,
    role: edited.role !== code.role ? edited.role : null,
    status: edited.status !== code.status ? edited.status : null,
    scope_includes: null,
    scope_excludes: null,
  };
}

export function isEmptyUpdate(u: T.CodeUpdate): boolean {
  return u.name === null && u.color === null && u.definition === null && u.role === null && u.status === null;
}

export class Codes {
  tree = $state<T.CodeNode[]>([]);
  dims = $state<T.DimensionView[]>([]);
  selectedId = $state<string | null>(null);

  constructor(
    private readonly s: Session,
    private readonly views: Views,
  ) {}

  byId(id: string | null | undefined): T.CodeNode | undefined {
    return id ? this.tree.find((c) => c.id === id) : undefined;
  }

  path(id: string): string[] {
    return codePath(this.tree, id);
  }

  /** The single-valued dimension (the level) and the multi-valued one (focus areas). */
  get single(): T.DimensionView | null {
    return this.dims.find((d) => !d.multi) ?? null;
  }
  get multi(): T.DimensionView | null {
    return this.dims.find((d) => d.multi) ?? null;
  }

  /** A coding's tags from the popover's level and focus areas: the level first. */
  tagsFor(level: string | null, focus: string[], others: Record<string, string[]> = {}): [string, string][] {
    const tags: [string, string][] = [];
    const single = this.single;
    const multi = this.multi;
    if (single && level) tags.push([single.key, level]);
    if (multi) for (const f of focus) tags.push([multi.key, f]);
    // Any further dimension (a third one such as Problemtyp), in the codebook's order.
    for (const d of this.dims) {
      if (d.key === single?.key || d.key === multi?.key) continue;
      for (const v of others[d.key] ?? []) tags.push([d.key, v]);
    }
    return tags;
  }

  /** Takes a new tree; drops a selection whose code is gone. */
  setTree(tree: T.CodeNode[]): void {
    this.tree = tree;
    if (this.selectedId && !tree.some((c) => c.id === this.selectedId)) this.selectedId = null;
    const r = this.views.right;
    if (r?.kind === "code" && !tree.some((c) => c.id === r.id)) this.views.closePanel();
  }

  select(id: string): void {
    this.selectedId = id;
    this.views.openPanel({ kind: "code", id });
  }

  async create(request: T.NewCodeRequest): Promise<T.CodeNode | undefined> {
    const node = await this.s.notices.run(() => this.s.api.createCode(request));
    await this.s.refresh();
    return node;
  }

  /** Saves what the code panel changed as one update (one undo step). */
  async save(id: string, edited: CodeFields): Promise<boolean> {
    const code = this.byId(id);
    if (!code) return false;
    const update = codeUpdate(code, edited);
    if (isEmptyUpdate(update)) return true;
    return this.change(() => this.s.api.updateCode(id, update));
  }

  async rename(id: string, name: string): Promise<boolean> {
    const code = this.byId(id);
    if (!code) return false;
    return this.save(id, { ...code, name });
  }

  /** position: the index among the new parent's children. */
  move(id: string, parentId: string | null, position: number): Promise<boolean> {
    return this.change(() => this.s.api.moveCode(id, parentId, position));
  }

  async merge(from: string, into: string): Promise<boolean> {
    const ok = await this.change(() => this.s.api.mergeCodes(from, into));
    if (ok) this.select(into);
    return ok;
  }

  async remove(id: string, codings: "move_to_parent" | "delete"): Promise<boolean> {
    const ok = await this.change(() => this.s.api.deleteCode(id, codings));
    if (ok) this.views.closePanel();
    return ok;
  }

  private async change(f: () => Promise<unknown>): Promise<boolean> {
    const ok = await this.s.notices.done(f);
    await this.s.refresh();
    return ok;
  }

  clear(): void {
    this.tree = [];
    this.selectedId = null;
  }
}
