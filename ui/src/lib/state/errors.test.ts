// Errors reach the user in their language, written from the code and its
// details: opening a file from a newer Tematik names the versions.
import { describe, expect, it, vi } from "vitest";
import sv from "../i18n/sv.json";
import en from "../i18n/en.json";
import { locale, t } from "../i18n/index.svelte";
import { describeError, detailPaths, detailTexts, errorLine, problemText } from "./errors";
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

// An import error as the core sends it (src/import/problem.rs): the problem's
// key and parameters, the place's kind and fields, the English message for logs.
const NO_ID = {
  code: "import",
  message: '/home/anna/Dokument/utan-id.csv: line 3, column 1 ("ID"): the respondent id is empty',
  details: {
    problem: "empty_respondent_id",
    at: "field",
    line: 3,
    column: 1,
    column_name: "ID",
    message: 'line 3, column 1 ("ID"): the respondent id is empty',
    file: "utan-id.csv",
    path: "/home/anna/Dokument/utan-id.csv",
  },
};

const BOMB = {
  code: "import",
  message: "/home/anna/bomb.docx: word/document.xml: the archive entry inflates to more than 64 MiB (70 MiB or more); it is refused as a possible ZIP bomb",
  details: {
    problem: "zip_bomb",
    limit_mib: 64,
    size_mib: 70,
    at: "part",
    part: "word/document.xml",
    message: "word/document.xml: the archive entry inflates to more than 64 MiB (70 MiB or more); it is refused as a possible ZIP bomb",
    file: "bomb.docx",
    path: "/home/anna/bomb.docx",
  },
};

describe("import problems", () => {
  it("say why in Swedish, with the place, and never in the core's English", () => {
    locale.current = "sv";
    const d = describeError(NO_ID);
    expect(d.title).toBe(t("error.import", { file: "utan-id.csv" }));
    expect(d.reason).toBe('Rad 3, kolumn 1 ("ID"): Respondentens id saknas.');
    expect(d.message).toBe("");
    for (const shown of [d.title, d.reason, errorLine(NO_ID)]) {
      expect(shown).not.toContain("respondent id is empty");
      expect(shown).not.toContain("/home/anna");
    }
    expect(errorLine(NO_ID)).toBe(`${d.title} ${d.reason}`);
  });

  it("say the same in English after switching", () => {
    locale.current = "en";
    expect(describeError(NO_ID).reason).toBe('Line 3, column 1 ("ID"): The respondent id is missing.');
    const bomb = describeError(BOMB);
    expect(bomb.reason).toBe(
      "The file's inner part word/document.xml: The file unpacks to more than 64 MiB and may be damaged or malicious; it was not read.",
    );
    expect(bomb.reason).not.toContain("ZIP bomb");
    locale.current = "sv";
    expect(describeError(BOMB).reason).toBe(
      "Filens inre del word/document.xml: Filen packas upp till mer än 64 MiB och kan vara skadad eller skadlig; den lästes inte.",
    );
  });

  it("without a place are the problem's text alone, filled from its parameters", () => {
    locale.current = "sv";
    const details = { problem: "too_large", mib: 300, max_mib: 256, file: "stor.txt", path: "/a/stor.txt", message: "the file is 300 MiB; at most 256 MiB is read" };
    expect(problemText(details)).toBe(fillFrom((sv as Record<string, string>)["importProblem.too_large"], details));
    expect(problemText(details)).toContain("300");
    expect(problemText({ problem: "empty_sheet", at: "sheet", sheet: "Svar" })).toBe('Bladet "Svar": Bladet är tomt.');
    expect(problemText({ problem: "cell_error", value: "#DIV/0!", at: "cell", sheet: "Svar", cell: "F14" })).toBe(
      'Bladet "Svar", cell F14: Cellen innehåller ett formelfel (#DIV/0!). Rätta eller töm cellen först.',
    );
  });

  it("are left out for other errors and for details without a known problem", () => {
    locale.current = "sv";
    expect(describeError(NEWER).reason).toBe("");
    expect(problemText({})).toBe("");
    expect(problemText({ problem: "no_such_problem_ever", message: "x" })).toBe("");
    // An import error from an older core (only the English) keeps the generic title and no reason.
    const old = describeError({ code: "import", message: "x: bad", details: { message: "bad", file: "x" } });
    expect([old.title, old.reason, old.message]).toEqual([t("error.import", { file: "x" }), "", ""]);
  });

  it("have a Swedish and an English text for every problem and place, with the same placeholders", () => {
    const keys = Object.keys(sv).filter((k) => k.startsWith("importProblem.") || k.startsWith("importAt."));
    expect(keys.length).toBeGreaterThan(60);
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of keys) {
      const english = (en as Record<string, string>)[k];
      expect(english, `en.json has ${k}`).toBeDefined();
      expect(names(english), k).toEqual(names((sv as Record<string, string>)[k]));
    }
  });
});

function fillFrom(text: string, details: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => detailTexts(details)[k] ?? m);
}
