// An in-memory Backend: a small living demo project (two focus groups, a few
// survey answers, the NVOS codebook, some codings) for tests and for
// `vite dev` in a plain browser. It follows the contract's semantics closely
// enough to drive every view (UTF-16 positions, errors as {code, message},
// undo/redo with labels), but its search is a simple word matcher, not the
// core's index.

import type { Backend } from "../api/backend";
import type * as T from "../api/types";
import { DEMO, type DemoTheme } from "./demo-data";

interface Doc {
  id: string;
  name: string;
  kind: T.DocumentKind;
  text: string;
  turns: T.TurnView[];
  attributes: [string, string][];
  question: string | null;
  respondent: string | null;
  words: number;
}

interface Code {
  id: string;
  parent_id: string | null;
  name: string;
  color: string;
  definition: string;
  role: T.CodeRole;
  status: T.ReviewStatus;
  default_tags: string[];
}

interface Coding {
  id: string;
  document_id: string;
  code_id: string;
  start: number;
  end: number;
  coder: string;
  created_at: string;
  /** Own tags as [dimension, value]. */
  tags: [string, string][];
}

interface Snapshot {
  docs: Doc[];
  codes: Code[];
  codings: Coding[];
  memos: T.MemoView[];
}

interface Project extends Snapshot {
  id: string;
  name: string;
  path: string;
  revision: number;
  dims: T.DimensionView[];
  undo: { label: string; before: Snapshot }[];
  redo: { label: string; after: Snapshot }[];
}

export interface MemoryOptions {
  /** Add a synthetic 60,000-word interview (for scrolling and timing). */
  large?: boolean;
  /** Milliseconds each call waits, to mimic IPC. */
  latency?: number;
  /** Extra documents for tests: [name, text] as plain text. */
  extraDocuments?: [string, string][];
}

const PALETTE = [
  "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
  "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#3b6ea5", "#b5651d",
];

let counter = 0;
function uuid(): string {
  counter++;
  const hex = (n: number, w: number) => n.toString(16).padStart(w, "0").slice(-w);
  const r = Math.floor(Math.random() * 0xffffffff);
  return `${hex(r, 8)}-${hex(counter, 4)}-4${hex(r >>> 4, 3)}-8${hex(counter * 7, 3)}-${hex(Date.now(), 12)}`;
}

function fail(code: string, message: string): never {
  const err: T.ApiError = { code, message };
  throw err;
}

function now(): string {
  return new Date().toISOString();
}

function wordCount(text: string): number {
  const m = text.match(/[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu);
  return m ? m.length : 0;
}

const WORD = /[\p{L}\p{N}]/u;

function fold(s: string): string {
  return s.toLowerCase();
}

/** Builds a transcript's text and turns as the core lays them out. */
function transcript(turns: [string, number | null, string][]): { text: string; turns: T.TurnView[] } {
  let text = "";
  const out: T.TurnView[] = [];
  turns.forEach(([speaker, ms, said], i) => {
    if (i > 0) text += "\n";
    const start = text.length;
    text += `${speaker}: `;
    const text_start = text.length;
    text += said;
    out.push({ speaker, start, text_start, end: text.length, start_ms: ms });
  });
  return { text, turns: out };
}

function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i];
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ";") {
      row.push(cell);
      cell = "";
    } else if (ch === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else if (ch !== "\r") cell += ch;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim()));
}

/** A deterministic long interview: ~60,000 words in ~1,500 turns. */
function largeInterview(): { text: string; turns: T.TurnView[] } {
  const sentences = [
    "Vi försöker alltid utgå från det som personen själv tycker är viktigt",
    "Samverkan med regionen fungerar bättre när vi känner varandra",
    "Det tar tid att bygga förtroende mellan verksamheterna",
    "Ibland faller ärenden mellan stolarna eftersom ingen har helhetsansvaret",
    "Digitala verktyg hjälper oss men alla har inte fått utbildning",
    "Kompetensförsörjningen är en ständig utmaning i hemtjänsten",
    "Brukarna vill vara delaktiga men vet inte alltid hur de ska påverka",
    "Vi har börjat med gemensamma möten en gång i veckan",
    "Riktlinjerna från förvaltningen ändras ofta och det skapar osäkerhet",
    "När vi sitter nära varandra blir kontaktvägarna kortare",
    "Anhöriga är en viktig resurs som vi borde ta tillvara bättre",
    "Det viktigaste är att personen känner sig trygg i sitt hem",
  ];
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const turns: [string, number, string][] = [];
  let ms = 4000;
  for (let i = 0; i < 1500; i++) {
    const speaker = i % 2 === 0 ? "Intervjuare" : "Informant";
    const n = speaker === "Intervjuare" ? 1 + Math.floor(rand() * 2) : 4 + Math.floor(rand() * 6);
    const parts: string[] = [];
    for (let k = 0; k < n; k++) parts.push(sentences[Math.floor(rand() * sentences.length)] + ".");
    turns.push([speaker, ms, `(${i + 1}) ${parts.join(" ")}`]);
    ms += 5000 + Math.floor(rand() * 40000);
  }
  return transcript(turns);
}

function cloneSnapshot(p: Snapshot): Snapshot {
  return {
    docs: p.docs.slice(),
    codes: p.codes.map((c) => ({ ...c, default_tags: c.default_tags.slice() })),
    codings: p.codings.map((c) => ({ ...c, tags: c.tags.map((t) => [t[0], t[1]] as [string, string]) })),
    memos: p.memos.map((m) => ({ ...m })),
  };
}

function nvosDims(): T.DimensionView[] {
  return [
    {
      key: "fokusomrade",
      name: "Fokusområde",
      multi: true,
      definition: "NVOS fokusområden",
      values: DEMO.focusAreas.map((f) => ({ key: f.key, label: f.label, color: f.color, definition: f.definition })),
    },
    {
      key: "niva",
      name: "Nivå",
      multi: false,
      definition: "Analysnivå",
      values: DEMO.levels.map((l) => ({ key: l.key, label: l.label.replace("nivå", ""), color: null, definition: l.definition })),
    },
  ];
}

function nvosCodes(): Code[] {
  const out: Code[] = [];
  let color = 0;
  const add = (t: DemoTheme, parent: string | null, depth: number) => {
    const id = uuid();
    out.push({
      id,
      parent_id: parent,
      name: t.name,
      color: PALETTE[color++ % PALETTE.length],
      definition: t.definition,
      role: depth === 0 ? "theme" : "subtheme",
      status: "candidate",
      default_tags: [],
    });
    for (const c of t.children) add(c, id, depth + 1);
  };
  for (const t of DEMO.themes) add(t, null, 0);
  return out;
}

function demoProject(opts: MemoryOptions): Project {
  const docs: Doc[] = [];
  for (const tr of DEMO.transcripts) {
    const { text, turns } = transcript(tr.turns.map(([s, ms, said]) => [s, ms, said]));
    docs.push({
      id: uuid(), name: tr.name, kind: "focus_group", text, turns, words: wordCount(text),
      attributes: [["Team", tr.name.replace(/.*-/, "")], ["År", "2023"]], question: null, respondent: null,
    });
  }
  // Survey answers: one document per non-blank answer.
  const rows = parseCsv(DEMO.surveyCsv);
  const head = rows[0];
  for (const r of rows.slice(1)) {
    for (let q = 4; q < head.length; q++) {
      const answer = (r[q] ?? "").trim();
      if (!answer) continue;
      docs.push({
        id: uuid(), name: `${r[0]} – ${head[q]}`, kind: "survey_answer", text: answer, turns: [],
        words: wordCount(answer), question: head[q], respondent: r[0],
        attributes: [["Omgång", r[1]], ["Kommun", r[2]], ["Kommunstorlek", r[3]]],
      });
    }
  }
  if (opts.large) {
    const { text, turns } = largeInterview();
    docs.push({
      id: uuid(), name: "intervju-lang-syntetisk", kind: "interview", text, turns, words: wordCount(text),
      attributes: [["Organisation", "Hemtjänst"]], question: null, respondent: null,
    });
  }
  for (const [name, text] of opts.extraDocuments ?? []) {
    docs.push({ id: uuid(), name, kind: "text", text, turns: [], words: wordCount(text), attributes: [], question: null, respondent: null });
  }

  const codes = nvosCodes();
  const byName = (n: string) => codes.find((c) => c.name === n)!;
  // A few codes of the coder's own under the themes.
  const extra: [string, string, string][] = [
    ["Korta kontaktvägar", "Närhet", "#17becf"],
    ["Utskrivning från sjukhus", "Samverkan vid flera aktörer", "#d62728"],
    ["Digital kompetens", "Flexibilitet", "#8c564b"],
  ];
  for (const [name, parent, color] of extra) {
    codes.push({
      id: uuid(), parent_id: byName(parent).id, name, color, definition: "", role: "code", status: "candidate",
      default_tags: name === "Digital kompetens" ? ["fokusomrade/digitalisering"] : [],
    });
  }

  const codings: Coding[] = [];
  const code = (docIndex: number, phrase: string, codeName: string, tags: [string, string][], coder = "Anna") => {
    const d = docs[docIndex];
    const at = d.text.indexOf(phrase);
    if (at < 0) return;
    codings.push({
      id: uuid(), document_id: d.id, code_id: byName(codeName).id, start: at, end: at + phrase.length,
      coder, created_at: "2024-03-04T09:15:00Z", tags,
    });
  };
  code(0, "Vi har ett kort möte samma dag som personen skrivs ut.", "Utskrivning från sjukhus", [["niva", "meso"], ["fokusomrade", "samverkan"]]);
  code(0, "ett kort möte samma dag som personen skrivs ut. Då går vi igenom läkemedel", "Samverkan vid flera aktörer", [["niva", "meso"]], "Erik");
  code(0, "Att vi sitter nära varandra.", "Korta kontaktvägar", [["niva", "mikro"], ["fokusomrade", "samverkan"]]);
  code(0, "nu kan jag knacka på dörren och fråga direkt", "Närhet", [["niva", "mikro"]]);
  code(0, "När hen själv får säga vad som är viktigt blir planen bättre", "Bemötande", [["niva", "mikro"], ["fokusomrade", "personcentrering"], ["fokusomrade", "delaktighet"]]);
  code(0, "Regelverket ändras och kommunen har sina riktlinjer", "Systemets dilemman", [["niva", "makro"]]);
  code(0, "alla har inte fått utbildning i systemen än", "Digital kompetens", [["niva", "meso"], ["fokusomrade", "kompetens"]]);
  code(1, "Det svåra är när någon faller mellan stolarna", "Kontaktvägar och ”ingemanslandet”", [["niva", "meso"]], "Erik");
  code(1, "Många vet inte vart de ska vända sig.", "Kunskap om systemet", [["niva", "mikro"]]);
  code(1, "Kompetensförsörjningen är vår största utmaning.", "Systemets dilemman", [["niva", "makro"], ["fokusomrade", "kompetens"]]);
  code(1, "brukaren och anhöriga får vara med och påverka", "Önskade insatser", [["niva", "mikro"], ["fokusomrade", "delaktighet"]]);
  const survey = docs.findIndex((d) => d.kind === "survey_answer");
  if (survey >= 0) code(survey, docs[survey].text, "Närhet", [["niva", "meso"], ["fokusomrade", "samverkan"]]);

  const memos: T.MemoView[] = [
    {
      id: uuid(), target: { kind: "journal" }, title: "Första genomläsningen",
      body: "Samverkan och närhet återkommer i båda fokusgrupperna. Pröva om 'Närhet' och 'Korta kontaktvägar' bör slås ihop.",
      coder: "Anna", created_at: "2024-03-04T08:00:00Z", updated_at: "2024-03-04T08:30:00Z",
    },
  ];

  return {
    id: uuid(), name: "Demoprojekt NVOS", path: "/home/demo/.local/share/tematik/demo.tematik", revision: 1,
    dims: nvosDims(), docs, codes, codings, memos, undo: [], redo: [],
  };
}

function blankProject(path: string, name: string, template: T.Template): Project {
  return {
    id: uuid(), name, path, revision: 1, docs: [], codings: [], memos: [], undo: [], redo: [],
    dims: template === "nvos" ? nvosDims() : [],
    codes: template === "nvos" ? nvosCodes() : [],
  };
}

/** An entry the fake search looks through: a passage (turn, answer or
 *  paragraph) or a coding. */
interface Entry {
  entry: "passage" | "coding";
  doc: Doc;
  start: number;
  end: number;
  speaker: string | null;
  coding: Coding | null;
  facets: string[];
}

export class MemoryBackend implements Backend {
  private p: Project | null = null;
  private settings: T.Settings = {
    language: null,
    coder: "Anna",
    system_language: typeof navigator !== "undefined" && navigator.language?.startsWith("en") ? "en" : "sv",
  };
  private recent: T.RecentProject[] = [
    { path: "/home/demo/Dokument/nvos-2023.tematik", name: "nvos-2023", opened_at: "2024-05-02T10:00:00Z" },
  ];
  private progress = new Set<(p: T.ImportProgress) => void>();
  private drops = new Set<(paths: string[]) => void>();
  private opts: MemoryOptions;

  constructor(opts: MemoryOptions = {}) {
    this.opts = opts;
  }

  private async wait(): Promise<void> {
    const ms = this.opts.latency ?? 0;
    await new Promise((r) => setTimeout(r, ms));
  }

  private get project(): Project {
    if (!this.p) fail("no_project", "No project is open.");
    return this.p;
  }

  private info(): T.ProjectInfo {
    const p = this.project;
    return {
      id: p.id, name: p.name, path: p.path, revision: p.revision, documents: p.docs.length, codes: p.codes.length,
      codings: p.codings.length, can_undo: p.undo.length > 0, can_redo: p.redo.length > 0,
      undo_label: p.undo.at(-1)?.label ?? null, redo_label: p.redo.at(-1)?.label ?? null,
      undo_kind: null, redo_kind: null,
      system_language: typeof navigator !== "undefined" && navigator.language?.startsWith("en") ? "en" : "sv",
    };
  }

  /** Runs a change as one undoable step. */
  private change<R>(label: string, f: (p: Project) => R): R {
    const p = this.project;
    const before = cloneSnapshot(p);
    const out = f(p);
    p.undo.push({ label, before });
    p.redo = [];
    p.revision++;
    return out;
  }

  private doc(id: string): Doc {
    return this.project.docs.find((d) => d.id === id) ?? fail("not_found", `No document ${id}.`);
  }

  private code(id: string): Code {
    return this.project.codes.find((c) => c.id === id) ?? fail("not_found", `No code ${id}.`);
  }

  private children(parent: string | null): Code[] {
    return this.project.codes.filter((c) => c.parent_id === parent);
  }

  private descendants(id: string): Set<string> {
    const out = new Set([id]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const c of this.project.codes) {
        if (c.parent_id && out.has(c.parent_id) && !out.has(c.id)) {
          out.add(c.id);
          grew = true;
        }
      }
    }
    return out;
  }

  private codePath(id: string): string[] {
    const out: string[] = [];
    let c: Code | undefined = this.code(id);
    while (c) {
      out.unshift(c.id);
      c = c.parent_id ? this.project.codes.find((x) => x.id === c!.parent_id) : undefined;
    }
    return out;
  }

  private effectiveTags(c: Coding): T.TagView[] {
    const p = this.project;
    const code = this.code(c.code_id);
    const out: T.TagView[] = [];
    for (const dim of p.dims) {
      const own = c.tags.filter(([d]) => d === dim.key).map(([, v]) => v);
      const inherited = code.default_tags.filter((k) => k.startsWith(dim.key + "/")).map((k) => k.slice(dim.key.length + 1));
      const values = own.length ? own : inherited;
      for (const v of values) {
        const val = dim.values.find((x) => x.key === v);
        out.push({ dimension: dim.key, value: v, label: val?.label ?? v, own: own.length > 0 });
      }
    }
    return out;
  }

  private view(c: Coding): T.CodingView {
    const code = this.code(c.code_id);
    const d = this.doc(c.document_id);
    return {
      id: c.id, document_id: c.document_id, code_id: c.code_id, code_name: code.name, code_color: code.color,
      start: c.start, end: c.end, text: d.text.slice(c.start, c.end), coder: c.coder, created_at: c.created_at,
      tags: this.effectiveTags(c),
    };
  }

  private node(c: Code, depth: number): T.CodeNode {
    const p = this.project;
    const below = this.descendants(c.id);
    const all = p.codings.filter((x) => below.has(x.code_id));
    return {
      id: c.id, parent_id: c.parent_id, name: c.name, color: c.color, definition: c.definition, role: c.role,
      status: c.status, depth, codings: p.codings.filter((x) => x.code_id === c.id).length, codings_total: all.length,
      documents: new Set(all.map((x) => x.document_id)).size, default_tags: c.default_tags.slice(),
    };
  }

  private summary(d: Doc): T.DocumentSummary {
    return {
      id: d.id, name: d.name, kind: d.kind, words: d.words,
      codings: this.project.codings.filter((c) => c.document_id === d.id).length,
      question: d.question, respondent: d.respondent,
    };
  }

  private newCode(req: T.NewCodeRequest): Code {
    const p = this.project;
    const name = req.name.trim();
    if (!name) fail("invalid", "A code needs a name.");
    if (req.parent_id) this.code(req.parent_id);
    if (p.codes.some((c) => c.parent_id === req.parent_id && c.name.toLowerCase() === name.toLowerCase())) {
      fail("invalid", `A code named "${name}" already exists there.`);
    }
    const c: Code = {
      id: uuid(), parent_id: req.parent_id, name, color: req.color ?? PALETTE[p.codes.length % PALETTE.length],
      definition: "", role: req.role ?? "code", status: "candidate", default_tags: [],
    };
    p.codes.push(c);
    return c;
  }

  // ---- Settings and projects

  async getSettings(): Promise<T.Settings> {
    await this.wait();
    return { ...this.settings };
  }

  async setSettings(settings: T.Settings): Promise<void> {
    await this.wait();
    if (!settings.coder.trim()) fail("invalid", "The coder name cannot be empty.");
    this.settings = { ...settings, coder: settings.coder.trim() };
  }

  async recentProjects(): Promise<T.RecentProject[]> {
    await this.wait();
    return this.recent.slice();
  }

  private remember(p: Project) {
    this.recent = [{ path: p.path, name: p.name, opened_at: now() }, ...this.recent.filter((r) => r.path !== p.path)].slice(0, 8);
  }

  async newProject(path: string, name: string, template: T.Template): Promise<T.ProjectInfo> {
    await this.wait();
    if (!name.trim()) fail("invalid", "A project needs a name.");
    this.p = blankProject(path, name.trim(), template);
    this.remember(this.p);
    return this.info();
  }

  async openProject(path: string): Promise<T.ProjectInfo> {
    await this.wait();
    if (!path.endsWith(".tematik")) fail("project_file", `${path} is not a Tematik project.`);
    this.p = demoProject(this.opts);
    this.p.path = path;
    this.p.name = path.replace(/^.*[\\/]/, "").replace(/\.tematik$/, "");
    this.remember(this.p);
    return this.info();
  }

  async openDemoProject(): Promise<T.ProjectInfo> {
    await this.wait();
    this.p = demoProject(this.opts);
    this.remember(this.p);
    return this.info();
  }

  async closeProject(): Promise<void> {
    await this.wait();
    this.p = null;
  }

  async projectInfo(): Promise<T.ProjectInfo> {
    await this.wait();
    return this.info();
  }

  async pickProjectToOpen(): Promise<string | null> {
    return "/home/demo/Dokument/studie.tematik";
  }

  async pickNewProjectPath(suggestedName: string): Promise<string | null> {
    return `/home/demo/Dokument/${suggestedName}.tematik`;
  }

  async pickImportFiles(): Promise<string[] | null> {
    return ["/home/demo/Dokument/fokusgrupp-team3.txt", "/home/demo/Dokument/trasig.docx", "/home/demo/Dokument/enkat-demo.csv"];
  }

  // ---- Import

  async importFiles(paths: string[]): Promise<T.ImportReport> {
    const report: T.ImportReport = { imported: [], failed: [] };
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i];
      const file = path.replace(/^.*[\\/]/, "");
      for (const h of this.progress) h({ done: i, total: paths.length, file });
      await new Promise((r) => setTimeout(r, this.opts.latency ?? 120));
      const name = file.replace(/\.[^.]+$/, "");
      if (!/\.(txt|docx|vtt|srt)$/i.test(file)) {
        report.failed.push({ file, code: "import", message: "Unsupported file type." });
      } else if (/trasig/i.test(file)) {
        report.failed.push({ file, code: "import", message: "The file is not a valid Word document (the zip archive is damaged)." });
      } else if (this.project.docs.some((d) => d.name === name)) {
        report.failed.push({ file, code: "already_imported", message: `A document named ${name} is already in the project.` });
      } else {
        const { text, turns } = transcript([
          ["Samtalsledare", 2000, "Vad betyder delaktighet för er?"],
          ["Deltagare 1", 9000, "Att brukaren får vara med när planen görs, inte bara informeras efteråt."],
          ["Deltagare 2", 21000, "Och att vi har tid att lyssna. Det är svårt när schemat är fullt."],
        ]);
        this.change(`Importera ${file}`, (p) => {
          p.docs.push({ id: uuid(), name, kind: "focus_group", text, turns, words: wordCount(text), attributes: [], question: null, respondent: null });
        });
        report.imported.push({ file, documents: 1, summary: "3 turns, 3 speakers" });
      }
    }
    for (const h of this.progress) h({ done: paths.length, total: paths.length, file: "" });
    return report;
  }

  async onImportProgress(handler: (p: T.ImportProgress) => void): Promise<() => void> {
    this.progress.add(handler);
    return () => this.progress.delete(handler);
  }

  /** Files dropped on the window: the browser gives names, not paths. */
  async onFileDrop(handler: (paths: string[]) => void): Promise<() => void> {
    this.drops.add(handler);
    if (typeof window === "undefined") return () => this.drops.delete(handler);
    const over = (e: DragEvent) => e.preventDefault();
    const drop = (e: DragEvent) => {
      e.preventDefault();
      const names = Array.from(e.dataTransfer?.files ?? []).map((f) => f.name);
      if (names.length) handler(names);
    };
    window.addEventListener("dragover", over);
    window.addEventListener("drop", drop);
    return () => {
      this.drops.delete(handler);
      window.removeEventListener("dragover", over);
      window.removeEventListener("drop", drop);
    };
  }

  private surveyTable(path: string): string[][] {
    if (!/\.(csv|xlsx)$/i.test(path)) fail("import", "Not a CSV or Excel file.");
    return parseCsv(DEMO.surveyCsv);
  }

  async surveyColumns(path: string, sheet: string | null): Promise<T.SurveyColumns> {
    await this.wait();
    void sheet;
    const rows = this.surveyTable(path);
    const head = rows[0];
    const body = rows.slice(1);
    return {
      file: path.replace(/^.*[\\/]/, ""),
      rows: body.length,
      sheets: /\.xlsx$/i.test(path) ? ["Svar", "Info"] : [],
      columns: head.map((name, i) => {
        const values = body.map((r) => (r[i] ?? "").trim()).filter(Boolean);
        const guess: T.SurveyColumn["guess"] =
          i === 0 ? "id" : /omgång|år|round/i.test(name) ? "round" : values.every((v) => v.length < 20) ? "attribute" : "question";
        return { name, samples: values.slice(0, 3), non_blank: values.length, distinct: new Set(values).size, guess };
      }),
    };
  }

  private readSurvey(path: string, m: T.SurveyMapping) {
    const rows = this.surveyTable(path);
    const head = rows[0];
    const col = (name: string) => {
      const i = head.indexOf(name);
      if (i < 0) fail("invalid", `No column named ${name}.`);
      return i;
    };
    if (!m.id) fail("invalid", "Choose the respondent id column.");
    const id = col(m.id);
    const round = m.round ? col(m.round) : -1;
    return { rows: rows.slice(1), head, id, round, col };
  }

  async previewSurvey(path: string, mapping: T.SurveyMapping): Promise<T.SurveyPreview> {
    await this.wait();
    const { rows, head, id, round, col } = this.readSurvey(path, mapping);
    const questions: T.QuestionCount[] = mapping.questions.map((q) => ({
      question: q.column, focus: q.focus, answers: rows.filter((r) => (r[col(q.column)] ?? "").trim()).length,
    }));
    const rounds = new Map<string, string[][]>();
    for (const r of rows) {
      const key = round >= 0 ? r[round] : "";
      rounds.set(key, [...(rounds.get(key) ?? []), r]);
    }
    const answered = (r: string[]) => mapping.questions.some((q) => (r[col(q.column)] ?? "").trim());
    const mapped = new Set([mapping.id, mapping.round, ...mapping.attributes, ...mapping.questions.map((q) => q.column)]);
    return {
      file_name: path.replace(/^.*[\\/]/, ""), format: /\.xlsx$/i.test(path) ? "xlsx" : "csv",
      read_as: /\.xlsx$/i.test(path) ? "Excel" : "UTF-8, semicolon", rows: rows.length,
      respondents: new Set(rows.map((r) => r[id])).size,
      respondents_with_answers: new Set(rows.filter(answered).map((r) => r[id])).size,
      answers: questions.reduce((n, q) => n + q.answers, 0), questions,
      rounds: round < 0 ? [] : Array.from(rounds, ([key, rs]) => ({
        round: key, respondents: new Set(rs.map((r) => r[id])).size,
        answers: mapping.questions.reduce((n, q) => n + rs.filter((r) => (r[col(q.column)] ?? "").trim()).length, 0),
        questions: mapping.questions.map((q) => ({ question: q.column, focus: q.focus, answers: rs.filter((r) => (r[col(q.column)] ?? "").trim()).length })),
      })),
      unmapped_columns: head.filter((h) => !mapped.has(h)),
    };
  }

  async importSurvey(path: string, mapping: T.SurveyMapping): Promise<T.ImportReport> {
    await this.wait();
    const { rows, id, round, col } = this.readSurvey(path, mapping);
    const file = path.replace(/^.*[\\/]/, "");
    let n = 0;
    this.change(`Importera ${file}`, (p) => {
      for (const r of rows) {
        for (const q of mapping.questions) {
          const answer = (r[col(q.column)] ?? "").trim();
          if (!answer) continue;
          const attrs: [string, string][] = mapping.attributes.map((a) => [a, r[col(a)] ?? ""]);
          if (round >= 0) attrs.unshift([mapping.round!, r[round]]);
          p.docs.push({
            id: uuid(), name: `${r[id]} – ${q.column} (${file})`, kind: "survey_answer", text: answer, turns: [],
            words: wordCount(answer), question: q.column, respondent: r[id], attributes: attrs,
          });
          n++;
        }
      }
    });
    return { imported: [{ file, documents: n, summary: `${n} answers` }], failed: [] };
  }

  // ---- Documents

  async listDocuments(): Promise<T.DocumentList> {
    await this.wait();
    const p = this.project;
    const answers = p.docs.filter((d) => d.kind === "survey_answer");
    const surveys: T.SurveyQuestionSummary[] = [];
    for (const d of answers) {
      const question = d.question ?? "";
      let q = surveys.find((s) => s.question === question);
      if (!q) surveys.push((q = { question, answers: 0, words: 0 }));
      q.answers++;
      q.words += d.words;
    }
    const ids = new Set(answers.map((d) => d.id));
    return {
      documents: p.docs.filter((d) => d.kind !== "survey_answer").map((d) => this.summary(d)),
      surveys,
      survey_codings: p.codings.filter((c) => ids.has(c.document_id)).length,
    };
  }

  async getDocument(id: string): Promise<T.DocumentView> {
    await this.wait();
    const d = this.doc(id);
    return {
      id: d.id, name: d.name, kind: d.kind, text: d.text, words: d.words, turns: d.turns.map((t) => ({ ...t })),
      codings: this.project.codings.filter((c) => c.document_id === id).sort((a, b) => a.start - b.start).map((c) => this.view(c)),
      attributes: d.attributes.map(([a, b]) => [a, b]),
    };
  }

  async surveyRows(question: string | null): Promise<T.SurveyRow[]> {
    await this.wait();
    const p = this.project;
    return p.docs
      .filter((d) => d.kind === "survey_answer" && (question === null || d.question === question))
      .map((d) => ({
        document_id: d.id, respondent: d.respondent ?? "", question: d.question ?? "", text: d.text,
        attributes: d.attributes.map(([a, b]) => [a, b] as [string, string]),
        codings: p.codings.filter((c) => c.document_id === d.id).map((c) => this.view(c)),
      }));
  }

  // ---- Codes

  async codeTree(): Promise<T.CodeNode[]> {
    await this.wait();
    const out: T.CodeNode[] = [];
    const walk = (parent: string | null, depth: number) => {
      for (const c of this.children(parent)) {
        out.push(this.node(c, depth));
        walk(c.id, depth + 1);
      }
    };
    walk(null, 0);
    return out;
  }

  async dimensions(): Promise<T.DimensionView[]> {
    await this.wait();
    return structuredClone(this.project.dims);
  }

  async createCode(request: T.NewCodeRequest): Promise<T.CodeNode> {
    await this.wait();
    const c = this.change(`Skapa kod '${request.name.trim()}'`, () => this.newCode(request));
    return this.node(c, this.codePath(c.id).length - 1);
  }

  async renameCode(id: string, name: string): Promise<void> {
    await this.wait();
    const c = this.code(id);
    if (!name.trim()) fail("invalid", "A code needs a name.");
    this.change(`Byt namn på '${c.name}'`, () => {
      this.code(id).name = name.trim();
    });
  }

  async recolorCode(id: string, color: string): Promise<void> {
    await this.wait();
    const c = this.code(id);
    this.change(`Byt färg på '${c.name}'`, () => {
      this.code(id).color = color;
    });
  }

  async defineCode(id: string, definition: string): Promise<void> {
    await this.wait();
    const c = this.code(id);
    this.change(`Definiera '${c.name}'`, () => {
      this.code(id).definition = definition;
    });
  }

  async setCodeRole(id: string, role: T.CodeRole): Promise<void> {
    await this.wait();
    const c = this.code(id);
    this.change(`Ändra roll för '${c.name}'`, () => {
      this.code(id).role = role;
    });
  }

  async setCodeStatus(id: string, status: T.ReviewStatus): Promise<void> {
    await this.wait();
    const c = this.code(id);
    this.change(`Ändra status för '${c.name}'`, () => {
      this.code(id).status = status;
    });
  }

  async moveCode(id: string, parentId: string | null, position: number): Promise<void> {
    await this.wait();
    const c = this.code(id);
    if (parentId && this.descendants(id).has(parentId)) fail("invalid", "A code cannot be moved below itself.");
    this.change(`Flytta '${c.name}'`, (p) => {
      const moving = p.codes.find((x) => x.id === id)!;
      p.codes = p.codes.filter((x) => x.id !== id);
      moving.parent_id = parentId;
      const siblings = p.codes.filter((x) => x.parent_id === parentId);
      const pos = Math.max(0, Math.min(position, siblings.length));
      if (pos < siblings.length) {
        p.codes.splice(p.codes.indexOf(siblings[pos]), 0, moving);
      } else {
        p.codes.push(moving);
      }
    });
  }

  async mergeCodes(from: string, into: string): Promise<void> {
    await this.wait();
    if (from === into) fail("invalid", "A code cannot be merged into itself.");
    const a = this.code(from);
    const b = this.code(into);
    if (this.descendants(from).has(into)) fail("invalid", "A code cannot be merged into a code below it.");
    this.change(`Slå ihop '${a.name}' med '${b.name}'`, (p) => {
      for (const c of p.codings) if (c.code_id === from) c.code_id = into;
      for (const c of p.codes) if (c.parent_id === from) c.parent_id = into;
      p.codes = p.codes.filter((c) => c.id !== from);
    });
  }

  async deleteCode(id: string, codings: "move_to_parent" | "delete"): Promise<void> {
    await this.wait();
    const c = this.code(id);
    if (codings === "move_to_parent" && !c.parent_id && this.project.codings.some((x) => x.code_id === id)) {
      fail("code_in_use", `'${c.name}' has no parent to move its codings to.`);
    }
    this.change(`Ta bort '${c.name}'`, (p) => {
      if (codings === "delete") p.codings = p.codings.filter((x) => x.code_id !== id);
      else for (const x of p.codings) if (x.code_id === id) x.code_id = c.parent_id!;
      for (const x of p.codes) if (x.parent_id === id) x.parent_id = c.parent_id;
      p.codes = p.codes.filter((x) => x.id !== id);
    });
  }

  // ---- Coding

  async applyCode(req: T.ApplyCodeRequest): Promise<T.CodingView> {
    await this.wait();
    const d = this.doc(req.document_id);
    if (!(req.start >= 0 && req.end <= d.text.length && req.end > req.start)) {
      fail("invalid", `The range ${req.start}..${req.end} is not inside the document.`);
    }
    if (!req.code_id === !req.new_code) fail("invalid", "Give either a code or a new code.");
    const name = req.code_id ? this.code(req.code_id).name : req.new_code!.name.trim();
    const coding = this.change(`Koda '${name}'`, (p) => {
      const codeId = req.code_id ?? this.newCode(req.new_code!).id;
      for (const [dim, v] of req.tags) {
        const dv = p.dims.find((x) => x.key === dim);
        if (!dv || !dv.values.some((x) => x.key === v)) fail("invalid", `Unknown tag ${dim}/${v}.`);
      }
      const c: Coding = {
        id: uuid(), document_id: d.id, code_id: codeId, start: req.start, end: req.end,
        coder: this.settings.coder, created_at: now(), tags: req.tags.map(([a, b]) => [a, b]),
      };
      p.codings.push(c);
      return c;
    });
    return this.view(coding);
  }

  async toggleCodingTag(codingId: string, dimension: string, value: string): Promise<T.CodingView> {
    await this.wait();
    const p = this.project;
    const c = p.codings.find((x) => x.id === codingId) ?? fail("not_found", "No such coding.");
    const dim = p.dims.find((d) => d.key === dimension) ?? fail("invalid", `Unknown dimension ${dimension}.`);
    if (!dim.values.some((v) => v.key === value)) fail("invalid", `Unknown value ${value}.`);
    const current = this.effectiveTags(c).filter((t) => t.dimension === dimension).map((t) => t.value);
    let next: string[];
    if (current.includes(value)) next = current.filter((v) => v !== value);
    else next = dim.multi ? [...current, value] : [value];
    this.change(`Ändra tagg på '${this.code(c.code_id).name}'`, (pp) => {
      const cc = pp.codings.find((x) => x.id === codingId)!;
      cc.tags = [...cc.tags.filter(([d]) => d !== dimension), ...next.map((v) => [dimension, v] as [string, string])];
    });
    return this.view(p.codings.find((x) => x.id === codingId)!);
  }

  async removeCoding(codingId: string): Promise<void> {
    await this.wait();
    const c = this.project.codings.find((x) => x.id === codingId) ?? fail("not_found", "No such coding.");
    this.change(`Ta bort kodning '${this.code(c.code_id).name}'`, (p) => {
      p.codings = p.codings.filter((x) => x.id !== codingId);
    });
  }

  async snapSelection(documentId: string, start: number, end: number): Promise<[number, number]> {
    await this.wait();
    const text = this.doc(documentId).text;
    let s = Math.max(0, Math.min(start, text.length));
    let e = Math.max(s, Math.min(end, text.length));
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    while (s > 0 && WORD.test(text[s - 1]) && WORD.test(text[s])) s--;
    while (e < text.length && WORD.test(text[e]) && WORD.test(text[e - 1])) e++;
    // Never split a surrogate pair.
    if (s > 0 && /[\uDC00-\uDFFF]/.test(text[s])) s--;
    if (e < text.length && /[\uDC00-\uDFFF]/.test(text[e])) e++;
    return [s, e];
  }

  async undo(): Promise<T.UndoOutcome | null> {
    await this.wait();
    const p = this.project;
    const step = p.undo.pop();
    if (!step) return null;
    const after = cloneSnapshot(p);
    Object.assign(p, step.before);
    p.redo.push({ label: step.label, after });
    p.revision++;
    return { label: step.label, kind: "", info: this.info() };
  }

  async redo(): Promise<T.UndoOutcome | null> {
    await this.wait();
    const p = this.project;
    const step = p.redo.pop();
    if (!step) return null;
    const before = cloneSnapshot(p);
    Object.assign(p, step.after);
    p.undo.push({ label: step.label, before });
    p.revision++;
    return { label: step.label, kind: "", info: this.info() };
  }

  // ---- Search and quotes

  private entries(): Entry[] {
    const p = this.project;
    const out: Entry[] = [];
    const docFacets = (d: Doc) => [`/doc/${d.id}`, `/kind/${d.kind}`, ...d.attributes.map(([n, v]) => `/attr/${n}/${v}`)];
    const speakerAt = (d: Doc, pos: number) => d.turns.find((t) => t.start <= pos && t.end >= pos)?.speaker ?? null;
    const codeFacets = (codeId: string) => {
      const path = this.codePath(codeId);
      return path.map((_, i) => "/code/" + path.slice(0, i + 1).join("/"));
    };
    for (const d of p.docs) {
      const spans: [number, number, string | null][] = d.turns.length
        ? d.turns.map((t) => [t.text_start, t.end, t.speaker])
        : [[0, d.text.length, null]];
      for (const [start, end, speaker] of spans) {
        const over = p.codings.filter((c) => c.document_id === d.id && c.start < end && c.end > start);
        const facets = [...docFacets(d)];
        if (speaker) facets.push(`/speaker/${speaker}`);
        for (const c of over) {
          facets.push(...codeFacets(c.code_id));
          for (const t of this.effectiveTags(c)) facets.push(`/tag/${t.dimension}/${t.value}`);
        }
        out.push({ entry: "passage", doc: d, start, end, speaker, coding: null, facets: Array.from(new Set(facets)) });
      }
    }
    for (const c of p.codings) {
      const d = this.doc(c.document_id);
      const speaker = speakerAt(d, c.start);
      const facets = [...docFacets(d), ...codeFacets(c.code_id), `/coder/${c.coder}`, `/status/${this.code(c.code_id).status}`];
      if (speaker) facets.push(`/speaker/${speaker}`);
      for (const t of this.effectiveTags(c)) facets.push(`/tag/${t.dimension}/${t.value}`);
      out.push({ entry: "coding", doc: d, start: c.start, end: c.end, speaker, coding: c, facets: Array.from(new Set(facets)) });
    }
    return out;
  }

  private passesFilters(e: Entry, f: T.Filters): boolean {
    const has = (prefix: string) => e.facets.some((x) => x === prefix || x.endsWith(prefix));
    const group = <X>(list: X[], test: (x: X) => boolean) => list.length === 0 || list.some(test);
    const tagGroups = new Map<string, string[]>();
    for (const [d, v] of f.tags) tagGroups.set(d, [...(tagGroups.get(d) ?? []), v]);
    const attrGroups = new Map<string, string[]>();
    for (const [n, v] of f.attributes) attrGroups.set(n, [...(attrGroups.get(n) ?? []), v]);
    return (
      group(f.codes, (c) => e.facets.some((x) => x.startsWith("/code/") && x.split("/").includes(c))) &&
      Array.from(tagGroups).every(([d, vs]) => vs.some((v) => e.facets.includes(`/tag/${d}/${v}`))) &&
      Array.from(attrGroups).every(([n, vs]) => vs.some((v) => e.facets.includes(`/attr/${n}/${v}`))) &&
      group(f.documents, (d) => has(`/doc/${d}`)) &&
      group(f.kinds, (k) => e.facets.includes(`/kind/${k}`)) &&
      group(f.speakers, (s) => e.facets.includes(`/speaker/${s}`)) &&
      group(f.coders, (s) => e.facets.includes(`/coder/${s}`)) &&
      group(f.statuses, (s) => e.facets.includes(`/status/${s}`))
    );
  }

  /** Matches of the query in [start, end) of the text as absolute ranges;
   *  null when some term is missing. An empty query matches with no ranges. */
  private matchQuery(query: string, text: string, start: number, end: number): [number, number][] | null {
    const terms: { phrase: boolean; text: string; not: boolean }[] = [];
    const re = /(-?)"([^"]+)"|(-?)(\S+)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(query))) {
      if (m[2]) terms.push({ phrase: true, text: fold(m[2]), not: m[1] === "-" });
      else if (m[4] && !/^(AND|OR)$/.test(m[4])) terms.push({ phrase: false, text: fold(m[4].replace(/\*$/, "")), not: m[3] === "-" || m[4] === "NOT" });
    }
    const slice = fold(text.slice(start, end));
    const hits: [number, number][] = [];
    for (const t of terms) {
      if (!t.text || t.text === "not") continue;
      const found: [number, number][] = [];
      if (t.phrase) {
        let at = slice.indexOf(t.text);
        while (at >= 0) {
          found.push([start + at, start + at + t.text.length]);
          at = slice.indexOf(t.text, at + 1);
        }
      } else {
        const stem = t.text.length > 5 ? t.text.slice(0, t.text.length - 2) : t.text;
        const words = /[\p{L}\p{N}]+/gu;
        let w: RegExpExecArray | null;
        while ((w = words.exec(slice))) {
          if (w[0].startsWith(stem)) found.push([start + w.index, start + w.index + w[0].length]);
        }
      }
      if (t.not ? found.length > 0 : found.length === 0) return null;
      if (!t.not) hits.push(...found);
    }
    return hits.sort((a, b) => a[0] - b[0]);
  }

  private snippet(d: Doc, start: number, end: number, matches: [number, number][]): T.SnippetView {
    let from = start;
    let to = end;
    if (to - from > 260) {
      const first = matches[0]?.[0] ?? start;
      from = Math.max(start, first - 100);
      to = Math.min(end, from + 260);
    }
    const text = d.text.slice(from, to);
    return {
      text,
      highlights: matches.filter(([a, b]) => a >= from && b <= to).map(([a, b]) => [a - from, b - from]),
    };
  }

  private hit(e: Entry, matches: [number, number][], score: number): T.SearchHitView {
    return {
      entry: e.entry, document_id: e.doc.id, document_name: e.doc.name, coding_id: e.coding?.id ?? null,
      code_id: e.coding?.code_id ?? null, speaker: e.speaker, start: e.start, end: e.end,
      jump_to: matches[0]?.[0] ?? e.start, snippet: this.snippet(e.doc, e.start, e.end, matches), score,
    };
  }

  async search(req: T.SearchRequest): Promise<T.SearchResultsView> {
    await this.wait();
    const t0 = performance.now();
    const p = this.project;
    const found: { e: Entry; matches: [number, number][] }[] = [];
    for (const e of this.entries()) {
      if (req.entries && e.entry !== req.entries) continue;
      if (!this.passesFilters(e, req.filters)) continue;
      const matches = this.matchQuery(req.query, e.doc.text, e.start, e.end);
      if (!matches) continue;
      found.push({ e, matches });
    }
    if (req.query.trim()) found.sort((a, b) => b.matches.length - a.matches.length);
    const facets: T.FacetCountView[] = [];
    if (req.with_facets) {
      const counts = new Map<string, number>();
      for (const { e } of found) for (const f of e.facets) counts.set(f, (counts.get(f) ?? 0) + 1);
      for (const [facet, count] of counts) {
        const parts = facet.split("/");
        let label = parts[parts.length - 1];
        if (parts[1] === "code") label = p.codes.find((c) => c.id === label)?.name ?? label;
        if (parts[1] === "doc") label = p.docs.find((d) => d.id === label)?.name ?? label;
        if (parts[1] === "tag") label = p.dims.find((d) => d.key === parts[2])?.values.find((v) => v.key === parts[3])?.label ?? label;
        facets.push({ facet, label, count });
      }
    }
    return {
      total: found.length,
      hits: found.slice(req.offset, req.offset + req.limit).map(({ e, matches }) => this.hit(e, matches, matches.length || 1)),
      facets,
      elapsed_ms: performance.now() - t0,
    };
  }

  private context(d: Doc, start: number, end: number, ctx: T.QuoteContext): [number, number] {
    let from = 0;
    let to = d.text.length;
    const first = d.turns.find((t) => t.start <= start && t.end >= start);
    const last = d.turns.find((t) => t.start <= end && t.end >= end);
    if (first) from = first.text_start;
    if (last) to = last.end;
    if (ctx.kind === "sentences") {
      const slice = d.text.slice(from, to);
      const bounds = [0];
      const re = /[.!?…]\s+/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(slice))) bounds.push(m.index + m[0].length);
      bounds.push(slice.length);
      const before = bounds.filter((b) => from + b <= start);
      const after = bounds.filter((b) => from + b >= end);
      const a = before[Math.max(0, before.length - ctx.n)] ?? 0;
      const b = after[Math.min(after.length - 1, ctx.n - 1)] ?? slice.length;
      return [from + a, from + b];
    }
    return [from, to];
  }

  async quotes(req: T.QuoteRequest): Promise<T.QuotesView> {
    await this.wait();
    const t0 = performance.now();
    const p = this.project;
    const codes = req.code ? this.descendants(req.code) : null;
    const list = this.entries()
      .filter((e) => e.entry === "coding" && (!codes || codes.has(e.coding!.code_id)))
      .filter((e) => this.passesFilters(e, req.filters))
      .map((e) => ({ e, m: this.matchQuery(req.query, e.doc.text, e.start, e.end) }))
      .filter((x) => x.m !== null);
    const docIndex = (d: Doc) => p.docs.indexOf(d);
    if (req.order === "relevance") list.sort((a, b) => b.m!.length - a.m!.length || b.e.end - b.e.start - (a.e.end - a.e.start));
    else list.sort((a, b) => docIndex(a.e.doc) - docIndex(b.e.doc) || a.e.start - b.e.start);
    const quotes = list.slice(req.offset, req.offset + req.limit).map(({ e }) => {
      const [from, to] = this.context(e.doc, e.start, e.end, req.context);
      const attribution = e.doc.kind === "survey_answer"
        ? `– ${e.doc.respondent}, ${e.doc.attributes.map(([, v]) => v).join(", ")}`
        : `– ${(e.speaker ?? "okänd").toLowerCase()}, ${e.doc.name}`;
      return {
        coding: this.view(e.coding!), document_name: e.doc.name, speaker: e.speaker,
        context: e.doc.text.slice(from, to), quote_start: e.start - from, quote_end: e.end - from, attribution,
      };
    });
    return { total: list.length, quotes, elapsed_ms: performance.now() - t0 };
  }

  async similar(to: T.SimilarTo, limit: number): Promise<T.SearchHitView[]> {
    await this.wait();
    const p = this.project;
    const codeId = "code" in to ? to.code : (p.codings.find((c) => c.id === to.coding) ?? fail("not_found", "No such coding.")).code_id;
    const examples = "code" in to ? p.codings.filter((c) => c.code_id === codeId) : p.codings.filter((c) => c.id === to.coding);
    const stop = new Set(["och", "att", "det", "som", "en", "är", "vi", "på", "i", "för", "med", "har", "inte", "de", "jag", "den", "till", "av", "när", "om", "så", "kan", "man"]);
    const words = new Set<string>();
    for (const c of examples) {
      for (const w of fold(this.doc(c.document_id).text.slice(c.start, c.end)).match(/[\p{L}]+/gu) ?? []) {
        if (w.length > 3 && !stop.has(w)) words.add(w.slice(0, 5));
      }
    }
    const scored: T.SearchHitView[] = [];
    for (const e of this.entries()) {
      if (e.entry !== "passage") continue;
      const coded = p.codings.some((c) => c.code_id === codeId && c.document_id === e.doc.id && c.start < e.end && c.end > e.start);
      if (coded) continue;
      const matches: [number, number][] = [];
      const re = /[\p{L}]+/gu;
      const slice = fold(e.doc.text.slice(e.start, e.end));
      let m: RegExpExecArray | null;
      while ((m = re.exec(slice))) if (words.has(m[0].slice(0, 5))) matches.push([e.start + m.index, e.start + m.index + m[0].length]);
      if (matches.length < 2) continue;
      const h = this.hit(e, matches, matches.length / Math.sqrt(e.end - e.start));
      h.code_id = codeId;
      scored.push(h);
    }
    return scored.sort((a, b) => b.score - a.score).slice(0, limit);
  }

  // ---- Memos

  private sameTarget(a: T.MemoTarget, b: T.MemoTarget): boolean {
    return a.kind === b.kind && ("id" in a ? a.id : null) === ("id" in b ? b.id : null);
  }

  async memos(target: T.MemoTarget): Promise<T.MemoView[]> {
    await this.wait();
    return this.project.memos.filter((m) => this.sameTarget(m.target, target)).map((m) => ({ ...m }));
  }

  async saveMemo(id: string | null, target: T.MemoTarget, title: string, body: string): Promise<T.MemoView> {
    await this.wait();
    const p = this.project;
    if (!title.trim() && !body.trim()) fail("invalid", "An empty memo cannot be saved.");
    return this.change(id ? `Ändra memo '${title}'` : `Skriv memo '${title}'`, (pp) => {
      if (id) {
        const m = pp.memos.find((x) => x.id === id) ?? fail("not_found", "No such memo.");
        m.title = title;
        m.body = body;
        m.updated_at = now();
        return { ...m };
      }
      const m: T.MemoView = { id: uuid(), target, title, body, coder: this.settings.coder, created_at: now(), updated_at: now() };
      p.memos.push(m);
      return { ...m };
    });
  }

  async deleteMemo(id: string): Promise<void> {
    await this.wait();
    const m = this.project.memos.find((x) => x.id === id) ?? fail("not_found", "No such memo.");
    this.change(`Ta bort memo '${m.title}'`, (p) => {
      p.memos = p.memos.filter((x) => x.id !== id);
    });
  }
}
