// User text is rendered as text: a transcript holding markup shows the
// characters and never becomes elements or runs script.
import { afterEach, describe, expect, it } from "vitest";
import { flushSync, mount, tick, unmount } from "svelte";
import App from "../../App.svelte";
import { MemoryBackend } from "../../lib/backend/memory";
import { app } from "../../lib/state/app.svelte";

const EVIL = `Hej <script>window.__xss = 1</script> och <img src=x onerror="window.__xss = 2"> samt <b>fet</b> &amp; klart`;
const EVIL_NAME = `<img src=x onerror="window.__xss=3">.txt`;

let component: ReturnType<typeof mount> | null = null;

afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = "";
});

async function settle() {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await tick();
  }
  flushSync();
}

describe("reader XSS safety", () => {
  it("shows markup in a transcript literally", async () => {
    const backend = new MemoryBackend({ extraDocuments: [[EVIL_NAME, EVIL]] });
    await app.init(backend);
    await app.openDemo();
    component = mount(App, { target: document.body });
    await settle();

    const item = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="doc-item"]')).find(
      (el) => el.dataset.name === EVIL_NAME,
    );
    expect(item).toBeDefined();
    expect(item!.textContent).toContain(EVIL_NAME);
    item!.click();
    await settle();

    const reader = document.querySelector('[data-testid="reader"]')!;
    expect(reader.textContent).toContain("<script>window.__xss = 1</script>");
    expect(reader.textContent).toContain(`<img src=x onerror="window.__xss = 2">`);
    expect(reader.textContent).toContain("&amp;");
    expect(document.querySelectorAll("script").length).toBe(0);
    expect(document.querySelector("img")).toBeNull();
    expect(reader.querySelector("b")).toBeNull();
    expect((window as unknown as { __xss?: number }).__xss).toBeUndefined();

    // The title shows the name as text too.
    expect(document.querySelector(".reader-view h2")!.textContent).toBe(EVIL_NAME);
  });

  it("keeps markup literal inside a coded highlight", async () => {
    const backend = new MemoryBackend({ extraDocuments: [[EVIL_NAME, EVIL]] });
    await app.init(backend);
    await app.openDemo();
    const doc = app.docs.find((d) => d.name === EVIL_NAME)!;
    await app.openDocument(doc.id);
    const at = EVIL.indexOf("<img");
    await app.applyCode(
      { document_id: doc.id, start: at, end: EVIL.indexOf(">", at) + 1, code_id: null, new_code: { name: "<i>kod</i>", parent_id: null, color: null, role: null }, tags: [] },
      performance.now(),
    );
    component = mount(App, { target: document.body });
    await settle();
    const hl = document.querySelector<HTMLElement>('[data-testid="highlight"]');
    expect(hl).not.toBeNull();
    expect(hl!.textContent).toBe(`<img src=x onerror="window.__xss = 2">`);
    expect(document.querySelector("img, i")).toBeNull();
    const node = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="code-node"]')).find(
      (el) => el.dataset.name === "<i>kod</i>",
    );
    expect(node!.textContent).toContain("<i>kod</i>");
  });
});
