// Picks the backend: Tauri IPC inside the desktop shell, the in-memory demo
// backend in a plain browser (`npm run dev`). The Tauri module is loaded
// only when needed, so the browser build never touches @tauri-apps/*.

import type { Backend } from "../api/backend";

export function inTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

export async function createBackend(): Promise<Backend> {
  if (inTauri()) {
    const { TauriBackend } = await import("./tauri");
    return new TauriBackend();
  }
  const { MemoryBackend } = await import("./memory");
  return new MemoryBackend({ large: true, latency: 2 });
}
