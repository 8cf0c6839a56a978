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

/** What an undo or redo changed, and where: "kodning Systemets dilemman,
 *  fokusgrupp-2022-team1, replik 19" (the place from the core, when it has one). */
export function outcomeText(out: Pick<T.UndoOutcome, "kind" | "label"> & { place?: T.UndoPlace | null }): string {
  const what = changeLabel(out.kind, out.label);
  const p = out.place;
  if (!p) return what;
  const where = [p.code_name, p.document_name, p.turn !== null ? t("undo.turn", { n: p.turn }) : null].filter(
    (x): x is string => !!x,
  );
  return where.length ? `${what} ${where.join(", ")}` : what;
}

export interface ProjectHooks {
  /** A project was opened: show it. */
  opened(info: T.ProjectInfo): Promise<void>;
  /** The project was closed: forget what it showed. */
  closed(): void;
  /** An undo or redo happened there: show the place. */
  showPlace(place: T.UndoPlace): Promise<void>;
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
    await this.undone(await this.s.notices.run(() => this.s.api.undo()), "undo.done");
  }

  async redo(): Promise<void> {
    if (!this.info?.can_redo) return;
    await this.undone(await this.s.notices.run(() => this.s.api.redo()), "redo.done");
  }

  /** After undo or redo: say what and where, reload, and show the place. */
  private async undone(out: T.UndoOutcome | null | undefined, key: "undo.done" | "redo.done"): Promise<void> {
    if (out) this.s.notices.toast("info", t(key, { label: outcomeText(out) }));
    await this.s.refresh();
    if (out?.place) await this.hooks.showPlace(out.place);
  }
}
