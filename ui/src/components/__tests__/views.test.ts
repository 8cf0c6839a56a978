// The browser's demo (`npm run dev`) shows every view from the recording:
// opening each tab, the code panel and the survey grid asks only for reads
// the core recorded in the demo's first state.
import { afterEach, describe, expect, it } from "vitest";
import { mountWindow, settle, unmountWindow, withSurveyPage } from "./window";
import { RecordedBackend } from "../../lib/backend/recorded";
import { demoRecording } from "../../lib/backend/demo-recording";
import { canonical } from "../../lib/backend/recorded";
import { app } from "../../lib/state/root.svelte";

afterEach(unmountWindow);

async function click(selector: string) {
  const el = document.querySelector<HTMLElement>(selector);
  expect(el, selector).not.toBeNull();
  el!.click();
  await settle();
}

describe("the demo in the browser", () => {
  it("answers every view without a write", async () => {
    const backend = new RecordedBackend(withSurveyPage(demoRecording()));
    await app.init(backend);
    mountWindow();
    await settle();
    expect(document.querySelectorAll('[data-testid="highlight"]').length).toBeGreaterThan(0);
    await click('[data-testid="tab-quotes"]');
    expect(document.querySelectorAll('[data-testid="quote-item"]').length).toBeGreaterThan(0);
    await click('[data-testid="tab-search"]');
    expect(document.querySelectorAll('[data-testid="search-hit"]').length).toBeGreaterThan(0);
    expect(document.querySelectorAll('[data-testid="facet-value"]').length).toBeGreaterThan(0);
    if (document.querySelector('[data-testid="doc-survey"]')) {
      await click('[data-testid="doc-survey"]');
      expect(document.querySelectorAll('[data-testid="survey-row"]').length).toBeGreaterThan(0);
    }
    await click('[data-testid="tab-journal"]');
    expect(document.querySelector('[data-testid="memo-panel"]')).not.toBeNull();
    await click('[data-testid="tab-reader"]');
    await click('[data-testid="code-node"]');
    expect(document.querySelector('[data-testid="code-panel"]')).not.toBeNull();
    const missing = backend.log.filter((c) => !c.ok).map((c) => `${c.command} ${canonical(c.args)}`);
    expect(missing).toEqual([]);
    expect(backend.state).toBe(0);
    expect(app.notices.lastError).toBeNull();
  });
});
