// Coding: the quick-code popover's request, applying a code (an existing or
// a new one), a coding's tags, removing a coding, snapping a selection.

import { tick } from "svelte";
import type * as T from "../api/types";
import { asApiError } from "../backend/commands";
import type { Documents } from "./documents.svelte";
import { recordApply } from "./metrics";
import type { Session } from "./session";
import type { Views } from "./views.svelte";

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

export class Coding {
  popover = $state<PopoverRequest | null>(null);
  /** A removal the core refused because the coding is quoted in these
   *  quote sets: the window asks whether it goes from them too. */
  pendingRemoval = $state<{ codingId: string; sets: string[] } | null>(null);
  /** The code applied last, offered first next time. */
  lastCodeId = $state<string | null>(null);

  constructor(
    private readonly s: Session,
    private readonly documents: Documents,
    private readonly views: Views,
  ) {}

  openPopover(request: PopoverRequest): void {
    this.popover = request;
  }

  closePopover(): void {
    this.popover = null;
  }

  async apply(request: T.ApplyCodeRequest, startedAt = performance.now()): Promise<T.CodingView | undefined> {
    const coding = await this.s.notices.run(() => this.s.api.applyCode(request));
    if (!coding) return undefined;
    this.lastCodeId = coding.code_id;
    this.documents.addCoding(coding);
    await tick();
    recordApply(startedAt);
    await this.s.refreshCounts();
    return coding;
  }

  async toggleTag(codingId: string, dimension: string, value: string): Promise<T.CodingView | undefined> {
    const c = await this.s.notices.run(() => this.s.api.toggleCodingTag(codingId, dimension, value));
    if (!c) return undefined;
    this.documents.replaceCoding(c);
    await this.s.refreshCounts();
    return c;
  }

  /** Removes a coding. One quoted in a chapter is refused first; the window
   *  then asks, and removes it with alsoFromQuoteSets when the user agrees. */
  async remove(codingId: string, alsoFromQuoteSets = false): Promise<boolean> {
    this.pendingRemoval = null;
    try {
      await this.s.api.removeCoding(codingId, alsoFromQuoteSets);
    } catch (e) {
      const err = asApiError(e);
      if (err.code === "coding_in_quote_set" && !alsoFromQuoteSets) {
        const sets = err.details?.sets;
        this.pendingRemoval = { codingId, sets: Array.isArray(sets) ? sets.map(String) : [] };
      } else this.s.notices.fail(e);
      return false;
    }
    this.documents.dropCoding(codingId);
    const r = this.views.right;
    if (r?.kind === "codings") {
      const ids = r.ids.filter((x) => x !== codingId);
      this.views.openPanel(ids.length ? { ...r, ids } : null);
    }
    await this.s.refreshCounts();
    return true;
  }

  /** A selection snapped to word and grapheme boundaries. */
  snap(documentId: string, start: number, end: number): Promise<[number, number] | undefined> {
    return this.s.notices.run(() => this.s.api.snapSelection(documentId, start, end));
  }
}
