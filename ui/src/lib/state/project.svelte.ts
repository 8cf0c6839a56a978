// The project: settings and language, recent projects, open/new/close, the
// project's info (counts, undo state) and undo/redo.

import type * as T from "../api/types";
import { hasKey, resolveLanguage, setLanguage, t } from "../i18n/index.svelte";
import type { Session } from "./session";

/** A change in the user's language when its kind is known ("kodning"),
 *  else the core's own summary. */
export function changeLabel(kind: string | null | undefined, summary: string | null | undefined): string {
  const key = `change.${kind ?? ""}`;
  return hasKey(key) ? t(key) : (summary ?? "");
}

export interface ProjectHooks {
  /** A project was opened: show it. */
  opened(info: T.ProjectInfo): Promise<void>;
  /** The project was closed: forget what it showed. */
  closed(): void;
}

function navigatorLanguage(): string | undefined {
  return typeof navigator !== "undefined" ? navigator.language : undefined;
}

export class Project {
  settings = $state<T.Settings>({ language: null, coder: "", system_language: "sv" });
  info = $state<T.ProjectInfo | null>(null);
  recent = $state<T.RecentProject[]>([]);

  constructor(
    private readonly s: Session,
    private readonly hooks: ProjectHooks,
  ) {}

  /** What Ctrl+Z would undo, for the button's tooltip. */
  get undoTitle(): string {
    const i = this.info;
    return i?.undo_label ? t("undo.tooltip", { label: changeLabel(i.undo_kind, i.undo_label) }) : t("undo.nothing");
  }
  get redoTitle(): string {
    const i = this.info;
    return i?.redo_label ? t("redo.tooltip", { label: changeLabel(i.redo_kind, i.redo_label) }) : t("redo.nothing");
  }

  /** Settings and recent projects, at start. */
  async load(): Promise<void> {
    setLanguage(resolveLanguage(null, null, navigatorLanguage()));
    await this.s.notices.run(async () => {
      this.settings = await this.s.api.getSettings();
      this.applyLanguage();
      this.recent = await this.s.api.recentProjects();
    });
  }

  /** The project the app was started with, if any (`--demo`, `--project FILE`). */
  async resume(): Promise<void> {
    let info: T.ProjectInfo;
    try {
      info = await this.s.api.projectInfo();
    } catch {
      return; // no project open: the start screen
    }
    await this.opened(info);
  }

  applyLanguage(): void {
    setLanguage(
      resolveLanguage(this.settings.language, this.info?.system_language ?? this.settings.system_language ?? null, navigatorLanguage()),
    );
  }

  async saveSettings(next: T.Settings): Promise<boolean> {
    const ok = await this.s.notices.done(() => this.s.api.setSettings(next));
    if (ok) {
      this.settings = { ...next };
      this.applyLanguage();
    }
    return ok;
  }

  private async opened(info: T.ProjectInfo | undefined): Promise<void> {
    if (!info) return;
    this.info = info;
    this.applyLanguage();
    await this.hooks.opened(info);
  }

  async openDemo(): Promise<void> {
    await this.opened(await this.s.notices.run(() => this.s.api.openDemoProject()));
  }

  async openDialog(): Promise<void> {
    const path = await this.s.notices.run(() => this.s.api.pickProjectToOpen());
    if (path) await this.openPath(path);
  }

  async openPath(path: string): Promise<void> {
    await this.opened(await this.s.notices.run(() => this.s.api.openProject(path)));
  }

  async create(name: string, template: T.Template): Promise<void> {
    const path = await this.s.notices.run(() => this.s.api.pickNewProjectPath(name));
    if (!path) return;
    await this.opened(await this.s.notices.run(() => this.s.api.newProject(path, name, template)));
  }

  async close(): Promise<void> {
    await this.s.notices.run(() => this.s.api.closeProject());
    this.info = null;
    this.hooks.closed();
    this.recent = (await this.s.notices.run(() => this.s.api.recentProjects())) ?? this.recent;
  }

  async undo(): Promise<void> {
    if (!this.info?.can_undo) return;
    const out = await this.s.notices.run(() => this.s.api.undo());
    if (out) this.s.notices.toast("info", t("undo.done", { label: changeLabel(out.kind, out.label) }));
    await this.s.refresh();
  }

  async redo(): Promise<void> {
    if (!this.info?.can_redo) return;
    const out = await this.s.notices.run(() => this.s.api.redo());
    if (out) this.s.notices.toast("info", t("redo.done", { label: changeLabel(out.kind, out.label) }));
    await this.s.refresh();
  }
}
