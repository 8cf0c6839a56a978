// A Backend that answers from a recording of the real core, with no domain
// logic of its own: for unit tests and for the UI in a plain browser.
//
// A Rust test drives the app layer over the demo project and writes
// `recorded/demo.json`: the answers (deduplicated), per state the reads it
// answered, and the writes that lead from one state to the next. The replay
// is at a state (0: the demo project just opened). A call equal (command and
// args) to the NEXT write is that write: it is answered and the replay moves
// to the next state. Any other call is a read of the current state; one that
// was not recorded is refused with an error naming it, so a test shows
// exactly what to record.

import type * as T from "../api/types";
import { CommandBackend, type Invoke } from "./commands";

export interface RecordedCall {
  command: string;
  args: Record<string, unknown>;
  /** Index into answers of the result … */
  ok?: number;
  /** … or of the ApiError it failed with. */
  err?: number;
}

export interface RecordedWrite extends RecordedCall {
  /** The user-level action this write is ("apply_code", "undo" …) with its fields. */
  step: { do: string; [k: string]: unknown };
}

export interface Recording {
  version: 1;
  answers: unknown[];
  /** states[0]: the project just opened; states[i + 1]: after writes[i]. */
  states: { reads: RecordedCall[] }[];
  writes: RecordedWrite[];
}

export interface RecordedOptions {
  /** The state to start in (default 0), e.g. just before a write a test drives. */
  state?: number;
  /** Milliseconds each answer waits, to feel like IPC in the browser. */
  latency?: number;
}

/** JSON with object keys sorted, so equal values have equal text whatever
 *  their key order (array order counts). */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
    }
    return v;
  });
}

function keyOf(command: string, args: Record<string, unknown>): string {
  return `${command} ${canonical(args)}`;
}

export class RecordedBackend extends CommandBackend {
  protected readonly invoke: Invoke = (command, args) => this.replay(command, args);
  private readonly latency: number;
  private at: number;
  private readonly reads: Map<string, RecordedCall>[];
  private readonly picks: (string[] | null)[] = [];
  private readonly progress = new Set<(p: T.ImportProgress) => void>();
  private readonly drops = new Set<(paths: string[]) => void>();
  /** Every call answered or refused, in order: [command, args, state it was made in]. */
  readonly log: { command: string; args: Record<string, unknown>; state: number; write: boolean; ok: boolean }[] = [];

  constructor(
    private readonly recording: Recording,
    opts: RecordedOptions = {},
  ) {
    super();
    if (recording.version !== 1) throw new Error(`recording version ${String(recording.version)}, expected 1`);
    this.reads = recording.states.map((s) => new Map(s.reads.map((r) => [keyOf(r.command, r.args), r])));
    this.at = opts.state ?? 0;
    if (this.at < 0 || this.at >= recording.states.length) throw new Error(`no state ${this.at} in the recording`);
    this.latency = opts.latency ?? 0;
  }

  /** The state the replay is in. */
  get state(): number {
    return this.at;
  }

  /** The write the replay expects next, if any. */
  get nextWrite(): RecordedWrite | undefined {
    return this.recording.writes[this.at];
  }

  private async replay(command: string, rawArgs: Record<string, unknown>): Promise<unknown> {
    // Through JSON, as IPC would send them: proxies unwrapped, undefined dropped.
    const args = JSON.parse(JSON.stringify(rawArgs ?? {})) as Record<string, unknown>;
    if (this.latency) await new Promise((r) => setTimeout(r, this.latency));
    const state = this.at;
    const key = keyOf(command, args);
    const next = this.recording.writes[state];
    let call: RecordedCall | undefined;
    let write = false;
    if (next && keyOf(next.command, next.args) === key) {
      call = next;
      write = true;
      this.at = state + 1;
    } else {
      call = this.reads[state]?.get(key);
    }
    this.log.push({ command, args, state, write, ok: !!call && call.err === undefined });
    if (!call) {
      const expected = next ? ` (the next write is ${next.command} ${canonical(next.args)})` : "";
      // Not an ErrorCode of the core: the replay's own, shown with the generic text.
      const error = {
        code: "not_recorded",
        message: `not recorded in state ${state}: ${command} ${canonical(args)}${expected}`,
        details: { command, args: canonical(args), state },
      };
      throw error;
    }
    if (call.err !== undefined) throw structuredClone(this.answer(call.err));
    return call.ok === undefined ? null : structuredClone(this.answer(call.ok));
  }

  private answer(i: number): unknown {
    if (i < 0 || i >= this.recording.answers.length) throw new Error(`the recording has no answer ${i}`);
    return this.recording.answers[i];
  }

  // ---- The native parts: test hooks instead of dialogs and OS events.

  /** Queues the answer of the next native file dialog (null: cancelled). */
  queuePick(paths: string[] | null): void {
    this.picks.push(paths);
  }

  private nextPick(): string[] | null {
    const w = typeof window !== "undefined" ? (window as unknown as { __tematikPicks?: (string[] | null)[] }) : {};
    if (this.picks.length) return this.picks.shift() ?? null;
    if (w.__tematikPicks?.length) return w.__tematikPicks.shift() ?? null;
    return null;
  }

  /** Sends an import progress event, as the shell does while importing. */
  emitImportProgress(p: T.ImportProgress): void {
    for (const h of this.progress) h(p);
  }

  /** Drops files on the window. */
  dropFiles(paths: string[]): void {
    for (const h of this.drops) h(paths);
  }

  async pickProjectToOpen(): Promise<string | null> {
    return this.nextPick()?.[0] ?? null;
  }
  async pickNewProjectPath(_suggestedName: string): Promise<string | null> {
    return this.nextPick()?.[0] ?? null;
  }
  async pickSavePath(_suggestedName: string, _extensions: string[]): Promise<string | null> {
    return this.nextPick()?.[0] ?? null;
  }
  async pickOpenFile(_extensions: string[]): Promise<string | null> {
    return this.nextPick()?.[0] ?? null;
  }
  async pickImportFiles(_kinds: T.ImportKinds): Promise<string[] | null> {
    return this.nextPick();
  }
  async onImportProgress(handler: (p: T.ImportProgress) => void): Promise<() => void> {
    this.progress.add(handler);
    return () => this.progress.delete(handler);
  }
  async onFileDrop(handler: (paths: string[]) => void): Promise<() => void> {
    this.drops.add(handler);
    return () => this.drops.delete(handler);
  }
}
