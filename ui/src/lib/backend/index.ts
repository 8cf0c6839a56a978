// Picks the backend: Tauri IPC inside the desktop shell; in a plain browser
// (`npm run dev`) the recorded backend, answering from the demo project as
// the real core recorded it. Both modules are loaded only when needed, so
// the browser build never touches @tauri-apps/*.

import type { Backend } from "../api/backend";

export function inTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

export async function createBackend(): Promise<Backend> {
  if (inTauri()) {
    const { TauriBackend } = await import("./tauri");
    return new TauriBackend();
  }
  const [{ RecordedBackend }, { demoRecording }] = await Promise.all([import("./recorded"), import("./demo-recording")]);
  return new RecordedBackend(demoRecording(), { latency: 2 });
}
