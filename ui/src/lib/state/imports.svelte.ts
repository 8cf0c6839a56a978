// Importing: the file kinds the core accepts (asked once per session), the
// file dialog and dropped files, transcripts with progress, survey files
// through the column-mapping dialog, and the report.

import type * as T from "../api/types";
import { asApiError } from "../backend/commands";
import { t } from "../i18n/index.svelte";
import { describeError, detailPaths, fileName } from "./errors";
import type { Session } from "./session";

/** What the import report dialog is titled: by the outcome. */
export function reportTitle(report: T.ImportReport): string {
  const failed = report.failed.length;
  if (!report.imported.length && failed) return t("import.reportFailed");
  if (failed) return t("import.reportPartial", { n: failed });
  return t("import.reportTitle");
}

/** An imported file's summary in the user's words: "247 repliker, 6 talare, tidsstämplar". */
export function summaryText(s: T.ImportSummary | string | null | undefined): string {
  if (!s || typeof s === "string") return ""; // an answer from before the typed summary: not the core's English
  if (s.kind === "transcript") {
    const parts = [t("import.summaryTurns", { n: s.turns }), t("import.summarySpeakers", { n: s.speakers })];
    if (s.timestamps) parts.push(t("import.summaryTimestamps"));
    return parts.join(", ");
  }
  return t("import.summarySurvey", { answers: s.answers, respondents: s.respondents });
}

/** A failed file as the report shows it: its name, why (translated from
 *  the code), and the full paths only on request. */
export interface FailureText {
  file: string;
  reason: string;
  paths: string[];
}

export function failureText(f: T.FailedFile): FailureText {
  const paths = detailPaths(f.details);
  if (/[\\/]/.test(f.file) && !paths.includes(f.file)) paths.unshift(f.file);
  const described = describeError(f);
  // The outcome, then why (the typed problem with its place), never the core's English.
  const reason =
    f.details?.reason === UNSUPPORTED
      ? t("import.unsupportedKinds", { kinds: String(f.details.kinds ?? "") })
      : [described.title, described.reason].filter(Boolean).join(" ");
  return { file: fileName(f.file), reason, paths };
}

/** A file the window itself did not send (its kind is not imported). */
const UNSUPPORTED = "unsupported_kind";

/** A command that failed as a whole, as the report's failed file(s). */
function failedAs(e: unknown, paths: string[]): T.FailedFile {
  const err = asApiError(e);
  const named = err.details?.path ?? err.details?.file;
  const file = typeof named === "string" && named ? named : paths.map(fileName).join(", ");
  return { file, code: err.code, message: err.message, details: err.details };
}

export interface ImportState {
  running: boolean;
  progress: T.ImportProgress | null;
  report: T.ImportReport | null;
  /** Survey files waiting for the column-mapping dialog. */
  surveys: string[];
}

function extension(path: string): string {
  const name = path.replace(/^.*[\\/]/, "");
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

/** Paths sorted by what the importer does with them. */
export function classify(paths: string[], kinds: T.ImportKinds): { transcripts: string[]; surveys: string[]; other: string[] } {
  const out = { transcripts: [] as string[], surveys: [] as string[], other: [] as string[] };
  for (const p of paths) {
    const ext = extension(p);
    if (kinds.transcripts.includes(ext)) out.transcripts.push(p);
    else if (kinds.surveys.includes(ext)) out.surveys.push(p);
    else out.other.push(p);
  }
  return out;
}

/** ".txt, .docx …" for texts that name the accepted kinds. */
export function kindList(kinds: T.ImportKinds): string {
  return [...kinds.transcripts, ...kinds.surveys].map((k) => `.${k}`).join(", ");
}

export class Imports {
  state = $state<ImportState>({ running: false, progress: null, report: null, surveys: [] });
  /** The accepted kinds once asked (shown in texts). */
  known = $state<T.ImportKinds | null>(null);
  private asking: Promise<T.ImportKinds | undefined> | null = null;

  constructor(private readonly s: Session) {}

  /** The file kinds the importer accepts, asked once per session. */
  async kinds(): Promise<T.ImportKinds | undefined> {
    if (this.known) return this.known;
    this.asking ??= this.s.notices.run(() => this.s.api.importKinds()).then((k) => {
      if (k) this.known = k;
      else this.asking = null;
      return k;
    });
    return this.asking;
  }

  /** A new session (another backend): ask again. */
  reset(): void {
    this.known = null;
    this.asking = null;
    this.state = { running: false, progress: null, report: null, surveys: [] };
  }

  progress(p: T.ImportProgress): void {
    this.state.progress = p;
  }

  async dialog(): Promise<void> {
    const kinds = await this.kinds();
    if (!kinds) return;
    const paths = await this.s.notices.run(() => this.s.api.pickImportFiles(kinds));
    if (paths && paths.length) await this.importPaths(paths);
  }

  async importPaths(paths: string[]): Promise<void> {
    const kinds = await this.kinds();
    if (!kinds) return;
    const { transcripts, surveys, other } = classify(paths, kinds);
    const report: T.ImportReport = {
      imported: [],
      failed: other.map((p) => {
        const file = fileName(p);
        return { file, code: "import", message: "", details: { file, path: p, reason: UNSUPPORTED, kinds: kindList(kinds) } };
      }),
    };
    this.state = { running: transcripts.length > 0, progress: null, report: null, surveys };
    if (transcripts.length) {
      try {
        const r = await this.s.api.importFiles(transcripts);
        report.imported.push(...r.imported);
        report.failed.push(...r.failed);
      } catch (e) {
        // The command failed as a whole: the report says so (and the
        // refresh below shows what the project holds, whatever was saved).
        report.failed.push(failedAs(e, transcripts));
      }
      // The dialog closes on the report, whatever failed.
    }
    this.state.running = false;
    if (report.imported.length || report.failed.length) this.state.report = report;
    await this.s.refresh();
  }

  columns(path: string, sheet: string | null): Promise<T.SurveyColumns | undefined> {
    return this.s.notices.run(() => this.s.api.surveyColumns(path, sheet));
  }

  /** A mapping's preview; its errors are the dialog's to show. */
  preview(path: string, mapping: T.SurveyMapping): Promise<T.SurveyPreview> {
    return this.s.api.previewSurvey(path, mapping);
  }

  /** Imports a survey; a failure is the report's (the dialog closes on it). */
  async importSurvey(path: string, mapping: T.SurveyMapping): Promise<T.ImportReport> {
    try {
      return await this.s.api.importSurvey(path, mapping);
    } catch (e) {
      return { imported: [], failed: [failedAs(e, [path])] };
    }
  }

  /** The survey dialog is done with its file. */
  async surveyDone(report: T.ImportReport | null): Promise<void> {
    this.state.surveys = this.state.surveys.slice(1);
    if (report) {
      const prev = this.state.report;
      this.state.report = {
        imported: [...(prev?.imported ?? []), ...report.imported],
        failed: [...(prev?.failed ?? []), ...report.failed],
      };
      await this.s.refresh();
    }
  }

  dismissReport(): void {
    this.state.report = null;
  }
}

/** How a survey file was read, in the user's words: "CSV-fil · Teckenkodning:
 *  UTF-8 · Avgränsare: komma". The core's `format` is "csv" or "xlsx" and
 *  its `read_as` `UTF-8, ","-separated`, `windows-1252, tab-separated` or
 *  `sheet "Blad1"` (src/import/survey.rs); anything else is shown as it is. */
export function readAsText(p: Pick<T.SurveyPreview, "format" | "read_as">): string {
  const parts: string[] = [];
  const format = p.format.toLowerCase();
  if (format === "csv") parts.push(t("survey.map.csv"));
  else if (format === "xlsx" || format === "xlsm") parts.push(t("survey.map.xlsx"));
  const csv = /^(.+), (?:tab|"(.+)")-separated$/.exec(p.read_as);
  const sheet = /^sheet "(.*)"$/.exec(p.read_as);
  if (csv) {
    parts.push(t("survey.map.encoding", { encoding: csv[1] }));
    parts.push(t("survey.map.delimiter", { delimiter: delimiterName(csv[2] ?? "\t") }));
  } else if (sheet) {
    parts.push(t("survey.map.sheetRead", { sheet: sheet[1] }));
  } else if (p.read_as) {
    parts.push(p.read_as);
  }
  return parts.join(" · ");
}

function delimiterName(c: string): string {
  switch (c) {
    case ",":
      return t("survey.map.delim.comma");
    case ";":
      return t("survey.map.delim.semicolon");
    case "\t":
      return t("survey.map.delim.tab");
    case "|":
      return t("survey.map.delim.pipe");
    default:
      return t("survey.map.delim.other", { char: `«${c}»` });
  }
}
