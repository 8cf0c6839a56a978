// Toasts: information after a change, and every error a user action ran
// into (written by describeError, so always from its code).

import { isFailedWrite } from "../backend/commands";
import { describeError, type ErrorText } from "./errors";

export interface Toast {
  id: number;
  kind: "error" | "info";
  title: string;
  message: string;
}

/** At most this many toasts at once (the oldest goes first). */
export const MAX_TOASTS = 3;
/** How long a toast stays, in milliseconds. */
export const TOAST_MS = { info: 4000, error: 10000 } as const;

export class Notices {
  toasts = $state<Toast[]>([]);
  /** The last error shown (tests compare it with what the core answered). */
  lastError = $state.raw<ErrorText | null>(null);
  private seq = 0;
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  /** Called after a write command failed (the root reloads the project). */
  onFailedWrite: (() => void) | null = null;

  /** Shows a toast. One saying the same as a toast already shown replaces
   *  it (newest last, its time restarted), so repeats never pile up; only
   *  the newest MAX_TOASTS stay; each goes away by itself. */
  toast(kind: Toast["kind"], title: string, message = ""): void {
    const id = ++this.seq;
    const same = this.toasts.filter((x) => x.kind === kind && x.title === title && x.message === message);
    for (const x of same) this.stopTimer(x.id);
    const kept = this.toasts.filter((x) => !same.includes(x));
    const next = [...kept, { id, kind, title, message }];
    for (const x of next.slice(0, Math.max(0, next.length - MAX_TOASTS))) this.stopTimer(x.id);
    this.toasts = next.slice(-MAX_TOASTS);
    this.timers.set(
      id,
      setTimeout(() => this.dismiss(id), TOAST_MS[kind]),
    );
  }

  dismiss(id: number): void {
    this.stopTimer(id);
    this.toasts = this.toasts.filter((x) => x.id !== id);
  }

  private stopTimer(id: number): void {
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
  }

  /** Shows an error as a toast. */
  fail(e: unknown): void {
    const d = describeError(e);
    this.lastError = d;
    this.toast("error", d.title, d.message);
    if (isFailedWrite(e)) this.onFailedWrite?.();
  }

  /** Runs a backend action; a failure becomes a toast, not a throw. */
  async run<R>(f: () => Promise<R>): Promise<R | undefined> {
    try {
      return await f();
    } catch (e) {
      this.fail(e);
      return undefined;
    }
  }

  /** Runs an action whose result is nothing: true when it succeeded. */
  async done(f: () => Promise<unknown>): Promise<boolean> {
    return (
      (await this.run(async () => {
        await f();
        return true;
      })) ?? false
    );
  }

  clear(): void {
    for (const id of this.timers.keys()) this.stopTimer(id);
    this.toasts = [];
    this.lastError = null;
  }
}
