// Toasts never pile up: a repeat replaces the toast it repeats, only the
// newest few stay, and each goes away by itself.
import { afterEach, describe, expect, it, vi } from "vitest";
import { locale } from "../i18n/index.svelte";
import { MAX_TOASTS, Notices, TOAST_MS } from "./notices.svelte";
import { outcomeText } from "./project.svelte";

afterEach(() => {
  vi.useRealTimers();
  locale.current = "sv";
});

describe("toasts", () => {
  it("merge identical ones (the newest last, its time restarted)", () => {
    vi.useFakeTimers();
    const n = new Notices();
    n.toast("error", "Filen kunde inte läsas");
    n.toast("info", "Ångrade: kodning");
    vi.advanceTimersByTime(TOAST_MS.info - 100);
    n.toast("error", "Filen kunde inte läsas");
    expect(n.toasts.map((x) => x.title)).toEqual(["Ångrade: kodning", "Filen kunde inte läsas"]);
    vi.advanceTimersByTime(200);
    expect(n.toasts.map((x) => x.title), "the info went; the repeated error's time restarted").toEqual(["Filen kunde inte läsas"]);
    vi.advanceTimersByTime(TOAST_MS.error);
    expect(n.toasts).toEqual([]);
  });

  it(`show at most ${MAX_TOASTS}, the newest`, () => {
    vi.useFakeTimers();
    const n = new Notices();
    for (let i = 0; i < 6; i++) n.toast("info", `t${i}`);
    expect(n.toasts.map((x) => x.title)).toEqual(["t3", "t4", "t5"]);
    n.clear();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("undo and redo messages", () => {
  const place = {
    document_id: "d1",
    document_name: "fokusgrupp-2022-team1",
    code_name: "Systemets dilemman",
    turn: 19,
    start: 10,
    end: 20,
  };
  it("name the change, the code and the place, in the UI's language", () => {
    locale.current = "sv";
    expect(outcomeText({ kind: "code_span", label: "Coded", place })).toBe("kodning Systemets dilemman, fokusgrupp-2022-team1, replik 19");
    locale.current = "en";
    expect(outcomeText({ kind: "code_span", label: "Coded", place })).toBe("coding Systemets dilemman, fokusgrupp-2022-team1, turn 19");
    expect(outcomeText({ kind: "code_span", label: "Coded", place: { ...place, turn: null, code_name: null } })).toBe(
      "coding fokusgrupp-2022-team1",
    );
    expect(outcomeText({ kind: "create_code", label: "Create code 'X'", place: null })).toBe("new code");
  });
});
