// The survey grid at scale: the core sends pages of rows (survey_page), the
// grid draws only the rows in view and asks for the next page as it
// scrolls; filters by question and attribute go to the core; the right panel
// lies over the grid instead of squeezing it. A scenario of its own (not
// the demo's recording): 1,000 answers.
import { afterEach, describe, expect, it } from "vitest";
import { mountWindow, settle, unmountWindow } from "./window";
import type * as T from "../../lib/api/types";
import { RecordedBackend, type RecordedCall } from "../../lib/backend/recorded";
import { demoRecording } from "../../lib/backend/demo-recording";
import { locale, t } from "../../lib/i18n/index.svelte";
import { app } from "../../lib/state/root.svelte";

afterEach(unmountWindow);

const TOTAL = 1000;
const QUESTIONS = ["Samverkan – fungerar väl", "Digitalisering – bör utvecklas"];
const ATTRIBUTES: T.SurveyAttribute[] = [
  { name: "Omgång", values: ["2022", "2023"] },
  { name: "Kommun", values: ["Liten", "Stor"] },
];

function row(i: number): T.SurveyRow {
  return {
    document_id: `a${i}`,
    respondent: `R${i}`,
    question: QUESTIONS[i % 2],
    text: `Svar nummer ${i}`,
    attributes: [
      ["Omgång", i % 2 ? "2023" : "2022"],
      ["Kommun", "Liten"],
    ],
    codings: [],
  };
}

function page(query: T.SurveyQuery, total: number): T.SurveyPage {
  const rows: T.SurveyRow[] = [];
  for (let i = query.offset; i < Math.min(total, query.offset + query.limit); i++) rows.push(row(i));
  return { total, offset: query.offset, rows, questions: QUESTIONS, attributes: ATTRIBUTES };
}

async function grid(): Promise<RecordedBackend> {
  locale.current = "sv";
  const rec = demoRecording();
  const add = (query: T.SurveyQuery, total: number) => {
    rec.answers.push(page(query, total));
    const call: RecordedCall = { command: "survey_page", args: { query }, ok: rec.answers.length - 1 };
    rec.states[0].reads.push(call);
  };
  for (let p = 0; p < TOTAL / 200; p++) add({ question: null, filters: [], offset: p * 200, limit: 200 }, TOTAL);
  add({ question: null, filters: [{ name: "Omgång", value: "2022" }], offset: 0, limit: 200 }, 500);
  const backend = new RecordedBackend(rec);
  await app.init(backend);
  mountWindow();
  await settle();
  document.querySelector<HTMLElement>('[data-testid="doc-survey"]')!.click();
  await settle();
  return backend;
}

const rowsInDom = () => [...document.querySelectorAll<HTMLElement>('[data-testid="survey-row"]')].map((r) => Number(r.dataset.row));
const pagesAsked = (b: RecordedBackend) =>
  b.log.filter((c) => c.command === "survey_page").map((c) => (c.args.query as T.SurveyQuery).offset);

describe("the survey grid", () => {
  it("draws only the rows in view, and asks for pages as it scrolls", async () => {
    const backend = await grid();
    expect(document.querySelector('[data-testid="survey-total"]')?.textContent).toBe(t("survey.count", { n: TOTAL }));
    const shown = rowsInDom();
    expect(shown.length).toBeGreaterThan(5);
    expect(shown.length, "not all 1,000 rows in the DOM").toBeLessThan(60);
    expect(pagesAsked(backend)).toEqual([0]);
    const g = document.querySelector<HTMLElement>('[data-testid="survey-grid"]')!;
    g.scrollTop = 450 * 66;
    g.dispatchEvent(new Event("scroll"));
    await settle();
    expect(pagesAsked(backend)).toEqual([0, 400]);
    expect(rowsInDom()).toContain(455);
    expect(rowsInDom()).not.toContain(0);
    expect(backend.log.filter((c) => !c.ok)).toEqual([]);
  });

  it("filters by an attribute through the core, from the top", async () => {
    const backend = await grid();
    const omgang = document.querySelector<HTMLSelectElement>('[data-testid="survey-filter"][data-attribute="Omgång"]')!;
    expect([...omgang.options].map((o) => o.value)).toEqual(["", "2022", "2023"]);
    omgang.value = "2022";
    omgang.dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    const last = backend.log.filter((c) => c.command === "survey_page").at(-1)!;
    expect(last.args).toEqual({ query: { question: null, filters: [{ name: "Omgång", value: "2022" }], offset: 0, limit: 200 } });
    expect(document.querySelector('[data-testid="survey-total"]')?.textContent).toBe(t("survey.count", { n: 500 }));
    expect(backend.log.filter((c) => !c.ok)).toEqual([]);
  });

  it("keeps its width when the right panel opens: the panel lies over it", async () => {
    await grid();
    app.views.openPanel({ kind: "memo", target: { kind: "journal" }, label: "Journal" });
    await settle();
    expect(document.querySelector(".body")!.classList.contains("with-right")).toBe(false);
    expect(document.querySelector('[data-testid="right-panel"]')!.classList.contains("overlay")).toBe(true);
    app.views.show("reader");
    await settle();
    expect(document.querySelector(".body")!.classList.contains("with-right"), "beside the reader").toBe(true);
  });
});
