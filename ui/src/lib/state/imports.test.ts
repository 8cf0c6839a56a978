// The file kinds come from the core (import_kinds), asked once per session:
// dropped or picked files are sorted by them, and the dialog filters on them.
import { describe, expect, it } from "vitest";
import type * as T from "../api/types";
import { RecordedBackend, type Recording } from "../backend/recorded";
import { locale, t } from "../i18n/index.svelte";
import { Imports, classify, failureText, kindList, readAsText, reportTitle, summaryText } from "./imports.svelte";
import { Notices } from "./notices.svelte";
import type { Session } from "./session";

const KINDS: T.ImportKinds = { transcripts: ["txt", "docx", "md"], surveys: ["csv", "tsv", "xlsx"] };

function session(backend: RecordedBackend): Session & { refreshes: number } {
  const s = {
    api: backend,
    notices: new Notices(),
    refreshes: 0,
    async refresh() {
      s.refreshes++;
    },
    async refreshCounts() {},
  };
  return s;
}

function recording(): Recording {
  const report: T.ImportReport = { imported: [{ file: "samtal.md", documents: 1, summary: { kind: "transcript", turns: 12, speakers: 2, timestamps: false } }], failed: [] };
  return {
    version: 1,
    answers: [KINDS, report],
    states: [{ reads: [{ command: "import_kinds", args: {}, ok: 0 }] }, { reads: [{ command: "import_kinds", args: {}, ok: 0 }] }],
    writes: [{ command: "import_files", args: { paths: ["/home/a/samtal.md"] }, ok: 1, step: { do: "import_files" } }],
  };
}

describe("file kinds", () => {
  it("sort paths by the core's lists, whatever the case of the extension", () => {
    expect(classify(["/a/x.MD", "/a/y.tsv", "C:\\b\\z.Docx", "/a/w.pdf", "/a/noext"], KINDS)).toEqual({
      transcripts: ["/a/x.MD", "C:\\b\\z.Docx"],
      surveys: ["/a/y.tsv"],
      other: ["/a/w.pdf", "/a/noext"],
    });
    expect(kindList(KINDS)).toBe(".txt, .docx, .md, .csv, .tsv, .xlsx");
  });

  it("are asked once per session; transcripts import, surveys wait for mapping, the rest is reported", async () => {
    locale.current = "sv";
    const backend = new RecordedBackend(recording());
    const s = session(backend);
    const imports = new Imports(s);
    backend.queuePick(["/home/a/samtal.md", "/home/a/enkat.tsv", "/home/a/bild.png"]);
    await imports.dialog();
    expect(backend.state, "import_files sent with the transcript only").toBe(1);
    expect(imports.state.surveys).toEqual(["/home/a/enkat.tsv"]);
    expect(imports.state.report!.imported.map((f) => f.file)).toEqual(["samtal.md"]);
    expect(imports.state.report!.failed.map(failureText)).toEqual([
      { file: "bild.png", reason: t("import.unsupportedKinds", { kinds: kindList(KINDS) }), paths: ["/home/a/bild.png"] },
    ]);
    await imports.importPaths(["/home/a/enkat2.csv"]);
    expect(imports.state.surveys).toEqual(["/home/a/enkat2.csv"]);
    expect(backend.log.filter((c) => c.command === "import_kinds").length).toBe(1);
    expect(s.notices.lastError).toBeNull();
    expect(s.refreshes).toBe(2);
  });
});

describe("the import report, in the user's words", () => {
  const ok: T.ImportedFile = { file: "fg1.txt", documents: 1, summary: { kind: "transcript", turns: 247, speakers: 6, timestamps: true } };
  const bomb: T.FailedFile = {
    file: "/home/anna/Hämtat/bomb.docx",
    code: "import",
    message: "the archive entry inflates to more than 64 MiB (possible ZIP bomb)",
    details: { file: "bomb.docx", path: "/home/anna/Hämtat/bomb.docx", message: "the archive entry inflates to more than 64 MiB" },
  };

  it("is titled by the outcome", () => {
    locale.current = "sv";
    expect(reportTitle({ imported: [], failed: [bomb] })).toBe("Importen misslyckades");
    expect(reportTitle({ imported: [ok], failed: [bomb] })).toBe("Import klar, 1 fil kunde inte läsas");
    expect(reportTitle({ imported: [ok], failed: [bomb, bomb] })).toBe("Import klar, 2 filer kunde inte läsas");
    expect(reportTitle({ imported: [ok], failed: [] })).toBe("Import klar");
    locale.current = "en";
    expect(reportTitle({ imported: [], failed: [bomb] })).toBe("Import failed");
    expect(reportTitle({ imported: [ok], failed: [bomb] })).toBe("Import done, 1 file could not be read");
    locale.current = "sv";
  });

  it("names a failed file by its name, says why from the code, and keeps the path for the disclosure", () => {
    locale.current = "sv";
    const f = failureText(bomb);
    expect(f.file).toBe("bomb.docx");
    expect(f.reason).toBe(t("error.import", { file: "bomb.docx" }));
    expect(f.reason).not.toMatch(/archive|inflates|\/home/);
    expect(f.paths).toEqual(["/home/anna/Hämtat/bomb.docx"]);
  });

  it("summarises imported files from the typed summary, numbers per language", () => {
    locale.current = "sv";
    expect(summaryText(ok.summary)).toBe("247 repliker, 6 talare, tidsstämplar");
    expect(summaryText({ kind: "survey", answers: 1200, respondents: 300 })).toBe("1\u00a0200 svar från 300 respondenter");
    expect(summaryText({ kind: "transcript", turns: 1, speakers: 1, timestamps: false })).toBe("1 replik, 1 talare");
    locale.current = "en";
    expect(summaryText(ok.summary)).toBe("247 turns, 6 speakers, time stamps");
    expect(summaryText({ kind: "survey", answers: 1, respondents: 1 })).toBe("1 answer from 1 respondent");
    expect(summaryText("179 turns, 6 speakers" as unknown as T.ImportSummary), "never the core's English").toBe("");
    locale.current = "sv";
  });

  it("says how a survey file was read in words", () => {
    locale.current = "sv";
    expect(readAsText({ format: "csv", read_as: 'UTF-8, ","-separated' })).toBe("CSV-fil · Teckenkodning: UTF-8 · Avgränsare: komma");
    expect(readAsText({ format: "csv", read_as: "windows-1252, tab-separated" })).toBe("CSV-fil · Teckenkodning: windows-1252 · Avgränsare: tabb");
    expect(readAsText({ format: "xlsx", read_as: 'sheet "Blad1"' })).toBe("Excel-arbetsbok · Blad: Blad1");
    locale.current = "en";
    expect(readAsText({ format: "csv", read_as: 'UTF-8, ";"-separated' })).toBe("CSV file · Character encoding: UTF-8 · Delimiter: semicolon");
    locale.current = "sv";
  });
});

describe("a survey import that fails", () => {
  it("ends in a report (the dialog closes on it) and the window reloads", async () => {
    locale.current = "sv";
    const mapping: T.SurveyMapping = { id: "Id", round: null, attributes: [], questions: [{ column: "Q", focus: null }], sheet: null };
    const err = { code: "io", message: "cache/tematik/index/x: No such file or directory", details: { file: "x", path: "/home/a/.cache/tematik/index/x" } };
    const backend = new RecordedBackend({
      version: 1,
      answers: [err],
      states: [{ reads: [] }, { reads: [] }],
      writes: [{ command: "import_survey", args: { path: "/home/a/enkat.csv", mapping }, err: 0, step: { do: "import_survey" } }],
    });
    const s = session(backend);
    const imports = new Imports(s);
    imports.state.surveys = ["/home/a/enkat.csv"];
    const report = await imports.importSurvey("/home/a/enkat.csv", mapping);
    await imports.surveyDone(report);
    expect(imports.state.surveys, "the dialog is done with the file").toEqual([]);
    expect(imports.state.report?.failed.map(failureText)).toEqual([
      { file: "x", reason: t("error.io", { file: "x" }), paths: ["/home/a/.cache/tematik/index/x"] },
    ]);
    expect(s.refreshes).toBe(1);
  });
});
