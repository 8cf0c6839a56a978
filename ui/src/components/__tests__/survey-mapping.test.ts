// The survey mapping dialog: each question's focus area starts at the core's
// guess; a round column made a plain attribute says what that changes.
import { afterEach, describe, expect, it } from "vitest";
import { mountWindow, settle, unmountWindow } from "./window";
import type * as T from "../../lib/api/types";
import { RecordedBackend } from "../../lib/backend/recorded";
import { demoRecording } from "../../lib/backend/demo-recording";
import { locale, t } from "../../lib/i18n/index.svelte";
import { app } from "../../lib/state/root.svelte";

afterEach(unmountWindow);

const PATH = "/home/anna/enkat.csv";
const col = (name: string, guess: T.ColumnGuess, focus_guess: string | null = null): T.SurveyColumn => ({
  name,
  samples: ["a"],
  non_blank: 3,
  distinct: 2,
  guess,
  focus_guess,
});
const COLUMNS: T.SurveyColumns = {
  file: "enkat.csv",
  rows: 3,
  sheets: [],
  columns: [
    col("Respondent", "id"),
    col("Omgång", "round"),
    col("Samverkan – fungerar väl och det här är ett mycket långt frågenamn som ska radbrytas", "question", "samverkan"),
    col("Övrigt", "question"),
  ],
};

/** The demo recording's first state, plus the columns of one survey file. */
async function dialog(): Promise<void> {
  locale.current = "sv";
  const rec = demoRecording();
  rec.answers.push(COLUMNS);
  rec.states[0].reads.push({ command: "survey_columns", args: { path: PATH, sheet: null }, ok: rec.answers.length - 1 });
  await app.init(new RecordedBackend(rec));
  app.imports.state.surveys = [PATH];
  mountWindow();
  await settle();
}

function select(testid: string, column: string): HTMLSelectElement {
  const el = document.querySelector<HTMLSelectElement>(`[data-testid="${testid}"][data-column="${column}"]`);
  expect(el, `${testid} for ${column}`).not.toBeNull();
  return el!;
}

describe("the survey mapping dialog", () => {
  it("starts each question's focus area at the core's guess", async () => {
    await dialog();
    expect(select("survey-focus", COLUMNS.columns[2].name).value).toBe("samverkan");
    expect(select("survey-focus", "Övrigt").value).toBe("");
  });

  it("says what a round column as a plain attribute changes", async () => {
    await dialog();
    expect(document.querySelector('[data-testid="survey-round-note"]')).toBeNull();
    const round = select("survey-role", "Omgång");
    round.value = "attribute";
    round.dispatchEvent(new Event("change", { bubbles: true }));
    await settle();
    expect(document.querySelector('[data-testid="survey-round-note"]')?.textContent).toBe(t("survey.map.roundAsAttribute"));
  });
});
