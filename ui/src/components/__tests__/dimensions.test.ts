// One order of dimensions everywhere (the codebook's, as the dimensions
// list gives it), each dimension its own look; one count of documents.
import { afterEach, describe, expect, it } from "vitest";
import { mountWindow, settle, unmountWindow } from "./window";
import { RecordedBackend } from "../../lib/backend/recorded";
import { demoRecording } from "../../lib/backend/demo-recording";
import { locale } from "../../lib/i18n/index.svelte";
import { app } from "../../lib/state/root.svelte";

afterEach(unmountWindow);

async function demo(): Promise<void> {
  locale.current = "sv";
  await app.init(new RecordedBackend(demoRecording()));
  mountWindow();
  await settle();
}

describe("dimensions and counts", () => {
  it("quotes show tags in the codebook's dimension order, a level unlike a focus area", async () => {
    await demo();
    document.querySelector<HTMLElement>('[data-testid="tab-quotes"]')!.click();
    await settle();
    const order = app.codes.dims.map((d) => d.key);
    const tags = [...document.querySelectorAll<HTMLElement>('[data-testid="quote-tag"]')];
    expect(tags.length, "the demo's quotes carry tags").toBeGreaterThan(0);
    for (const item of document.querySelectorAll('[data-testid="quote-item"]')) {
      const dims = [...item.querySelectorAll<HTMLElement>('[data-testid="quote-tag"]')].map((t) => order.indexOf(t.dataset.dimension!));
      expect(dims).toEqual([...dims].sort((a, b) => a - b));
    }
    for (const tag of tags) {
      const multi = app.codes.dims.find((d) => d.key === tag.dataset.dimension)!.multi;
      expect(tag.classList.contains(multi ? "focus" : "level"), tag.textContent!).toBe(true);
    }
    const filters = [...document.querySelectorAll<HTMLElement>('[data-testid="quotes-level"], [data-testid="quotes-focus"]')].map((e) => e.dataset.testid);
    expect(filters).toEqual(order.map((k) => (app.codes.dims.find((d) => d.key === k)!.multi ? "quotes-focus" : "quotes-level")));
  });

  it("count the survey as one document, as the list shows it", async () => {
    await demo();
    const entries = document.querySelectorAll('[data-testid="doc-item"], [data-testid="doc-survey"]').length;
    expect(document.querySelector('[data-testid="doc-count"]')!.textContent).toBe(String(entries));
    expect(app.documents.count).toBe(entries);
  });
});
