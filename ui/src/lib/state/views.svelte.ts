// What the window shows: the main view, the right panel, the settings
// dialog, and jumps to a place in a document.

import type * as T from "../api/types";

export type View = "reader" | "survey" | "quotes" | "search" | "journal" | "review" | "matrices" | "chapters";

export type RightPanel =
  | { kind: "codings"; documentId: string; ids: string[] }
  | { kind: "code"; id: string }
  | { kind: "memo"; target: T.MemoTarget; label: string }
  | { kind: "similar"; to: T.SimilarTo; label: string }
  | null;

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

export class Views {
  view = $state<View>("reader");
  right = $state<RightPanel>(null);
  jump = $state<JumpRequest | null>(null);
  settingsOpen = $state(false);
  private jumpSeq = 0;

  constructor(private readonly openDocument: (id: string) => Promise<boolean>) {}

  show(view: View): void {
    this.view = view;
  }

  openPanel(panel: RightPanel): void {
    this.right = panel;
  }

  closePanel(): void {
    this.right = null;
  }

  /** Shows a place in a document in the reader and flashes it. */
  async jumpTo(documentId: string, start: number, end: number, code?: { preselect: string | null }): Promise<void> {
    this.view = "reader";
    if (!(await this.openDocument(documentId))) return;
    this.jump = { documentId, start, end, seq: ++this.jumpSeq, popover: !!code, preselect: code?.preselect ?? null };
  }

  /** The reader took the jump. */
  takeJump(): void {
    this.jump = null;
  }

  reset(): void {
    this.view = "reader";
    this.right = null;
    this.jump = null;
  }
}
