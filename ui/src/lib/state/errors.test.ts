// Errors reach the user in their language, written from the code and its
// details: opening a file from a newer Tematik names the versions.
import { describe, expect, it, vi } from "vitest";
import sv from "../i18n/sv.json";
import en from "../i18n/en.json";
import { locale, t } from "../i18n/index.svelte";
import { describeError, detailPaths, detailTexts } from "./errors";
import { Notices } from "./notices.svelte";

const NEWER = {
  code: "newer_schema",
  message: "studie.tematik was written by a newer Tematik (schema 9; this version reads up to 4)",
  details: { found: 9, supported: 4, file: "studie.tematik", path: "/home/anna/Dokument/studie.tematik" },
};

function filled(text: string): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => detailTexts(NEWER.details)[k] ?? m);
}

describe("describeError", () => {
  it("shows a newer_schema error in Swedish with the versions, and in English after switching", () => {
    const texts = { sv: sv as Record<string, string>, en: en as Record<string, string> };
    expect(texts.sv["error.newer_schema"], "a Swedish text for newer_schema").toBeDefined();
    locale.current = "sv";
    const notices = new Notices();
    notices.fail(NEWER);
    const shown = notices.toasts[0];
    expect(shown.title).toBe(filled(texts.sv["error.newer_schema"]));
    expect(shown.title).toContain("9");
    expect(shown.title).toContain("4");
    expect(shown.title).not.toBe(t("error.internal"));
    expect(shown.title).not.toContain("/home/anna");
    locale.current = "en";
    const english = describeError(NEWER);
    expect(english.title).toBe(filled(texts.en["error.newer_schema"]));
    expect(english.title).toContain("9");
    expect(english.title).not.toBe(shown.title);
    locale.current = "sv";
  });

  it("falls back to the generic text with the code, never the core's English, for an unknown code", () => {
    locale.current = "sv";
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const d = describeError({ code: "no_such_code_ever", message: "Something odd", details: {} });
    expect(d.title).toBe(t("error.internal"));
    expect(d.message).toBe(t("errors.codeLine", { code: "no_such_code_ever" }));
    expect(d.message).not.toContain("Something odd");
    expect(warn).toHaveBeenCalledWith("error no_such_code_ever: Something odd");
    warn.mockRestore();
    expect(describeError("a bare string").title).toBe(t("error.internal"));
    expect(describeError({ code: "internal", message: "x", details: {} }).message).toBe("");
  });

  it("writes details as text, a path by its file name only", () => {
    expect(detailTexts({ file: "/a/b/c.docx", path: "C:\\x\\y.tematik", found: 9, names: ["a", "b"], none: null })).toEqual({
      file: "c.docx",
      path: "y.tematik",
      found: "9",
      names: "a, b",
      none: "",
    });
    expect(detailTexts({ archive: "/home/anna/Hämtat/enkät.zip", reason: "a/b is fine", url: "C:\\Users\\anna\\x.docx" })).toEqual({
      archive: "enkät.zip",
      reason: "a/b is fine",
      url: "x.docx",
    });
    expect(detailPaths({ file: "c.docx", path: "/a/b/c.docx", other: "/a/b/d.txt", n: 3 })).toEqual(["/a/b/c.docx", "/a/b/d.txt"]);
  });
});
