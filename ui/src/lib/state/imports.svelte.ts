// Importing: the file kinds the core accepts (asked once per session), the
// file dialog and dropped files, transcripts with progress, survey files
// through the column-mapping dialog, and the report.

import type * as T from "../api/types";
import { t } from "../i18n/index.svelte";
import type { Session } from "./session";

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
        const file = p.replace(/^.*[\\/]/, "");
        return { file, code: "import", message: t("import.unsupportedKinds", { kinds: kindList(kinds) }), details: { file } };
      }),
    };
    this.state = { running: transcripts.length > 0, progress: null, report: null, surveys };
    if (transcripts.length) {
      const r = await this.s.notices.run(() => this.s.api.importFiles(transcripts));
      if (r) {
        report.imported.push(...r.imported);
        report.failed.push(...r.failed);
      }
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

  importSurvey(path: string, mapping: T.SurveyMapping): Promise<T.ImportReport | undefined> {
    return this.s.notices.run(() => this.s.api.importSurvey(path, mapping));
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
