// What every controller shares: the backend (reachable only from the
// controllers), the notices that show failures, and the refreshes a change
// triggers. The root (root.svelte.ts) implements it.

import type { Backend } from "../api/backend";
import type { Notices } from "./notices.svelte";

export interface Session {
  /** The backend; throws before init. */
  readonly api: Backend;
  readonly notices: Notices;
  /** Reloads everything a change may have touched (after a change to codes, undo, import …). */
  refresh(): Promise<void>;
  /** Light refresh after coding: counts and undo state, not the document. */
  refreshCounts(): Promise<void>;
}
