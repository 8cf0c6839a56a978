// Toasts: information after a change, and every error a user action ran
// into (written by describeError, so always from its code).

import { describeError, type ErrorText } from "./errors";

export interface Toast {
  id: number;
  kind: "error" | "info";
  title: string;
  message: string;
}

export class Notices {
  toasts = $state<Toast[]>([]);
  /** The last error shown (tests compare it with what the core answered). */
  lastError = $state.raw<ErrorText | null>(null);
  private seq = 0;

  toast(kind: Toast["kind"], title: string, message = ""): void {
    const id = ++this.seq;
    this.toasts = [...this.toasts, { id, kind, title, message }].slice(-4);
    setTimeout(() => this.dismiss(id), kind === "error" ? 12000 : 4000);
  }

  dismiss(id: number): void {
    this.toasts = this.toasts.filter((x) => x.id !== id);
  }

  /** Shows an error as a toast. */
  fail(e: unknown): void {
    const d = describeError(e);
    this.lastError = d;
    this.toast("error", d.title, d.message);
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
    this.toasts = [];
    this.lastError = null;
  }
}
