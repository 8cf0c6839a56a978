// Mounting the whole window in a component test, and waiting until what it
// asked for has been answered and drawn. Shared by the window's tests.
import { flushSync, mount, tick, unmount } from "svelte";
import App from "../../App.svelte";

let component: ReturnType<typeof mount> | null = null;

/** Mounts the app window on the document's body. */
export function mountWindow(): void {
  component = mount(App, { target: document.body });
}

/** Unmounts the window and empties the body (for `afterEach`). */
export function unmountWindow(): void {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = "";
}

/** Lets pending answers arrive and Svelte draw them. */
export async function settle(rounds = 8): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await tick();
  }
  flushSync();
}

/** Until the lead re-generates recorded/demo.json with the `survey_page`
 *  command (issue 14), a recording that has only the old `survey_rows`
 *  answers gets the first page derived from them in each state (a test
 *  shim, not the recorded backend's: it holds no domain logic). Remove
 *  once the recording has survey_page. */
export function withSurveyPage<R extends import("../../lib/backend/recorded").Recording>(rec: R): R {
  type Row = import("../../lib/api/types").SurveyRow;
  for (const state of rec.states) {
    if (state.reads.some((r) => r.command === "survey_page")) continue;
    const all = state.reads.find((r) => r.command === "survey_rows" && (r.args as { question?: unknown }).question === null);
    if (!all || all.ok === undefined) continue;
    const rows = rec.answers[all.ok] as Row[];
    const attributes = new Map<string, Set<string>>();
    for (const r of rows) for (const [n, v] of r.attributes) (attributes.get(n) ?? attributes.set(n, new Set()).get(n)!).add(v);
    rec.answers.push({
      total: rows.length,
      offset: 0,
      rows: rows.slice(0, 200),
      questions: [...new Set(rows.map((r) => r.question))],
      attributes: [...attributes].map(([name, values]) => ({ name, values: [...values].sort() })),
    });
    state.reads.push({
      command: "survey_page",
      args: { query: { question: null, filters: [], offset: 0, limit: 200 } },
      ok: rec.answers.length - 1,
    });
  }
  return rec;
}
