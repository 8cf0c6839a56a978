// The project's settings for chapters: the attribution templates of
// transcript quotes and survey answers, with a preview of what they write,
// and k, the fewest participants an attribution may fit before it warns.

import type * as T from "../api/types";
import { asApiError } from "../backend/commands";
import { describeError } from "./errors";
import type { Session } from "./session";

export const K_MIN = 1;
export const K_MAX = 20;

/** What a template writes: examples, or why it cannot be used. */
export type Preview = { ok: true; examples: string[] } | { ok: false; title: string; reason: string };

export class Attribution {
  settings = $state.raw<T.ProjectSettingsView | null>(null);

  constructor(private readonly s: Session) {}

  async load(): Promise<T.ProjectSettingsView | undefined> {
    const v = await this.s.notices.run(() => this.s.api.projectSettings());
    if (v) this.settings = v;
    return v;
  }

  async save(settings: T.ProjectSettingsView): Promise<boolean> {
    const k = Math.max(K_MIN, Math.min(K_MAX, Math.round(settings.reidentification_k)));
    const v = await this.s.notices.run(() => this.s.api.setProjectSettings({ ...settings, reidentification_k: k }));
    if (!v) return false;
    this.settings = v;
    await this.s.refreshCounts();
    return true;
  }

  /** A template's examples; a broken one's error is returned, not shown as a toast. */
  async preview(template: string): Promise<Preview> {
    try {
      return { ok: true, examples: await this.s.api.previewAttribution(template) };
    } catch (e) {
      const err = asApiError(e);
      const reason = typeof err.details?.reason === "string" ? err.details.reason : "";
      return { ok: false, title: describeError(err).title, reason };
    }
  }

  clear(): void {
    this.settings = null;
  }
}
