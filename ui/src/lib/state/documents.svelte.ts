// The document list, the reader's document (with its codings), and the
// survey grid's pages of rows.

import { tick } from "svelte";
import type * as T from "../api/types";
import { recordFirstPaint } from "./metrics";
import type { Session } from "./session";

export class Documents {
  /** Transcripts and texts (survey answers are listed by question). */
  docs = $state<T.DocumentSummary[]>([]);
  /** Survey questions with their answer counts. */
  surveys = $state<T.SurveyQuestionSummary[]>([]);
  /** Codings in all survey answers. */
  surveyCodings = $state(0);
  /** The document in the reader. Raw: its text can be large. */
  doc = $state.raw<T.DocumentView | null>(null);
  loading = $state(false);
  private seq = 0;

  constructor(private readonly s: Session) {}

  /** How many documents the project has, the one definition every count
   *  uses: the entries of the document list, each transcript or text, and
   *  the survey answers as one entry (the survey), however many answers. */
  get count(): number {
    return this.docs.length + (this.surveys.length ? 1 : 0);
  }

  setList(list: T.DocumentList): void {
    this.docs = list.documents;
    this.surveys = list.surveys;
    this.surveyCodings = list.survey_codings;
  }

  /** Reloads the reader's document, or drops it when it is gone from the list. */
  async reloadDoc(list: T.DocumentList): Promise<void> {
    const doc = this.doc;
    if (!doc) return;
    if (list.documents.some((d) => d.id === doc.id)) this.doc = await this.s.api.getDocument(doc.id);
    else this.doc = null;
  }

  /** Shows a document in the reader; false when it could not be (or a newer choice won). */
  async open(id: string, startedAt = performance.now()): Promise<boolean> {
    if (this.doc?.id === id) return true;
    const seq = ++this.seq;
    this.loading = true;
    const doc = await this.s.notices.run(() => this.s.api.getDocument(id));
    if (seq !== this.seq) return false;
    this.loading = false;
    if (!doc) return false;
    this.doc = doc;
    await tick();
    recordFirstPaint(doc.name, doc.words, startedAt);
    return true;
  }

  /** A document's codings (a survey answer the reader does not show). */
  async codingsOf(documentId: string): Promise<T.CodingView[] | undefined> {
    if (this.doc?.id === documentId) return this.doc.codings;
    return (await this.s.notices.run(() => this.s.api.getDocument(documentId)))?.codings;
  }

  /** A page of survey answers as grid rows (the grid asks page by page as it scrolls). */
  surveyPage(query: T.SurveyQuery): Promise<T.SurveyPage | undefined> {
    return this.s.notices.run(() => this.s.api.surveyPage(query));
  }

  // The reader's document after a coding change the backend answered.

  addCoding(c: T.CodingView): void {
    if (this.doc && this.doc.id === c.document_id) {
      this.doc = { ...this.doc, codings: [...this.doc.codings, c].sort((a, b) => a.start - b.start) };
    }
  }

  replaceCoding(c: T.CodingView): void {
    if (this.doc && this.doc.id === c.document_id) {
      this.doc = { ...this.doc, codings: this.doc.codings.map((x) => (x.id === c.id ? c : x)) };
    }
  }

  dropCoding(id: string): void {
    if (this.doc) this.doc = { ...this.doc, codings: this.doc.codings.filter((x) => x.id !== id) };
  }

  clear(): void {
    this.doc = null;
    this.docs = [];
    this.surveys = [];
    this.surveyCodings = 0;
  }
}
