// Memos on a target: the project journal, a document, a code, a coding.

import type * as T from "../api/types";
import { t } from "../i18n/index.svelte";
import type { Session } from "./session";

export class Memos {
  constructor(private readonly s: Session) {}

  /** The target's memos, the latest changed first. */
  async list(target: T.MemoTarget): Promise<T.MemoView[] | undefined> {
    const list = await this.s.notices.run(() => this.s.api.memos(target));
    return list?.sort((a, b) => b.updated_at.localeCompare(a.updated_at));
  }

  async save(id: string | null, target: T.MemoTarget, title: string, body: string): Promise<T.MemoView | undefined> {
    const saved = await this.s.notices.run(() => this.s.api.saveMemo(id, target, title, body));
    if (saved) {
      this.s.notices.toast("info", t("memo.saved"));
      await this.s.refresh();
    }
    return saved;
  }

  async remove(id: string): Promise<boolean> {
    const ok = await this.s.notices.done(() => this.s.api.deleteMemo(id));
    if (ok) await this.s.refresh();
    return ok;
  }
}
