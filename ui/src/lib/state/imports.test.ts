// The file kinds come from the core (import_kinds), asked once per session:
// dropped or picked files are sorted by them, and the dialog filters on them.
import { describe, expect, it } from "vitest";
import type * as T from "../api/types";
import { RecordedBackend, type Recording } from "../backend/recorded";
import { locale, t } from "../i18n/index.svelte";
import { Imports, classify, kindList } from "./imports.svelte";
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
    expect(imports.state.report!.failed).toEqual([
      { file: "bild.png", code: "import", message: t("import.unsupportedKinds", { kinds: kindList(KINDS) }), details: { file: "bild.png" } },
    ]);
    await imports.importPaths(["/home/a/enkat2.csv"]);
    expect(imports.state.surveys).toEqual(["/home/a/enkat2.csv"]);
    expect(backend.log.filter((c) => c.command === "import_kinds").length).toBe(1);
    expect(s.notices.lastError).toBeNull();
    expect(s.refreshes).toBe(2);
  });
});
