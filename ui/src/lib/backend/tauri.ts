// The Backend over Tauri IPC. This is the only module that imports
// @tauri-apps/*: it supplies Tauri's invoke to the command mapping
// (commands.ts), the native dialogs from the dialog plugin, and import
// progress and dropped files as events.

import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { open, save } from "@tauri-apps/plugin-dialog";
import type * as T from "../api/types";
import { t } from "../i18n/index.svelte";
import { CommandBackend, type Invoke } from "./commands";

/**
 * End-to-end tests cannot drive the native file dialogs, so they queue the
 * answers in `window.__tematikPicks` (an array of path lists, null meaning
 * "cancelled"); each dialog takes the next answer when one is queued.
 */
function queuedPick(): string[] | null | undefined {
  const queue = (window as unknown as { __tematikPicks?: (string[] | null)[] }).__tematikPicks;
  return queue && queue.length > 0 ? queue.shift() : undefined;
}

export class TauriBackend extends CommandBackend {
  protected readonly invoke: Invoke = (command, args) => invoke(command, args);

  async pickProjectToOpen(): Promise<string | null> {
    const queued = queuedPick();
    if (queued !== undefined) return queued?.[0] ?? null;
    const picked = await open({ multiple: false, directory: false, filters: [{ name: t("dialog.filterProject"), extensions: ["tematik"] }] });
    return typeof picked === "string" ? picked : null;
  }
  async pickNewProjectPath(suggestedName: string): Promise<string | null> {
    const queued = queuedPick();
    const path = queued !== undefined ? (queued?.[0] ?? null) : await save({
      defaultPath: `${suggestedName}.tematik`,
      filters: [{ name: t("dialog.filterProject"), extensions: ["tematik"] }],
    });
    if (!path) return null;
    return path.endsWith(".tematik") ? path : `${path}.tematik`;
  }
  async pickSavePath(suggestedName: string, extensions: string[]): Promise<string | null> {
    const queued = queuedPick();
    const path = queued !== undefined ? (queued?.[0] ?? null) : await save({
      defaultPath: extensions[0] ? `${suggestedName}.${extensions[0]}` : suggestedName,
      filters: extensions.length ? [{ name: extensions.map((e) => e.toUpperCase()).join(", "), extensions }] : [],
    });
    if (!path) return null;
    // Some platforms' dialogs return the name as typed, without the extension.
    const lower = path.toLowerCase();
    return extensions.length && !extensions.some((e) => lower.endsWith(`.${e.toLowerCase()}`)) ? `${path}.${extensions[0]}` : path;
  }
  async pickOpenFile(extensions: string[]): Promise<string | null> {
    const queued = queuedPick();
    if (queued !== undefined) return queued?.[0] ?? null;
    const picked = await open({
      multiple: false,
      directory: false,
      filters: extensions.length ? [{ name: extensions.map((e) => e.toUpperCase()).join(", "), extensions }] : [],
    });
    return typeof picked === "string" ? picked : null;
  }
  async pickImportFiles(kinds: T.ImportKinds): Promise<string[] | null> {
    const queued = queuedPick();
    if (queued !== undefined) return queued;
    const picked = await open({
      multiple: true,
      directory: false,
      filters: [
        { name: t("dialog.filterAll"), extensions: [...kinds.transcripts, ...kinds.surveys] },
        { name: t("dialog.filterTranscripts"), extensions: kinds.transcripts },
        { name: t("dialog.filterSurveys"), extensions: kinds.surveys },
      ],
    });
    if (picked === null) return null;
    return Array.isArray(picked) ? picked : [picked];
  }

  async onImportProgress(handler: (p: T.ImportProgress) => void): Promise<() => void> {
    return listen<T.ImportProgress>("import-progress", (e) => handler(e.payload));
  }
  async onFileDrop(handler: (paths: string[]) => void): Promise<() => void> {
    return getCurrentWebview().onDragDropEvent((e) => {
      if (e.payload.type === "drop" && e.payload.paths.length) handler(e.payload.paths);
    });
  }
}
