// The quick-code popover with the fake backend: type, Enter applies the
// best match with the chosen level and focus area; an unknown name is
// created and applied; Ctrl+Z undoes.
import { afterEach, describe, expect, it } from "vitest";
import { flushSync, mount, tick, unmount } from "svelte";
import App from "../../App.svelte";
import { MemoryBackend } from "../../lib/backend/memory";
import { app } from "../../lib/state/app.svelte";

let component: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (component) unmount(component);
  component = null;
  document.body.innerHTML = "";
});

async function settle() {
  for (let i = 0; i < 6; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await tick();
  }
  flushSync();
}

function key(target: Element, k: string, init: KeyboardEventInit = {}) {
  target.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true, ...init }));
}

async function openPopover(start: number, end: number) {
  const doc = app.doc!;
  app.popover = { documentId: doc.id, start, end, text: doc.text.slice(start, end), x: 10, y: 10, top: 0, preselect: null, source: "reader" };
  await settle();
  return document.querySelector<HTMLInputElement>('[data-testid="popover-input"]')!;
}

async function type(input: HTMLInputElement, text: string) {
  input.value = text;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  await settle();
}

describe("quick-code popover", () => {
  it("applies the matched code with tags, creates unknown codes, and undoes", async () => {
    await app.init(new MemoryBackend());
    await app.openDemo();
    component = mount(App, { target: document.body });
    await settle();
    const doc = app.doc!;
    const before = doc.codings.length;
    const at = doc.text.indexOf("samarbetar");

    let input = await openPopover(at, at + "samarbetar".length);
    expect(document.querySelector('[data-testid="code-popover"]')).not.toBeNull();
    key(input, "3", { code: "Digit3" }); // empty box: level key
    key(input, "k", { code: "KeyK", altKey: true }); // Alt+K: Kompetens och kunskap
    await settle();
    expect(document.querySelector('[data-testid="level-mikro"]')!.getAttribute("aria-pressed")).toBe("true");
    expect(document.querySelector('[data-testid="focus-kompetens"]')!.getAttribute("aria-pressed")).toBe("true");
    await type(input, "bemot");
    const first = document.querySelector<HTMLElement>('[data-testid="popover-option"]')!;
    expect(first.dataset.name).toBe("Bemötande");
    key(input, "Enter");
    await settle();
    expect(document.querySelector('[data-testid="code-popover"]')).toBeNull();
    expect(app.doc!.codings.length).toBe(before + 1);
    const coding = app.doc!.codings.find((c) => c.start === at)!;
    expect(coding.code_name).toBe("Bemötande");
    expect(coding.tags.map((t) => t.value).sort()).toEqual(["kompetens", "mikro"]);
    const hl = document.querySelector<HTMLElement>(`[data-testid="highlight"][data-coding-ids~="${coding.id}"]`);
    expect(hl?.textContent).toBe("samarbetar");

    input = await openPopover(at, at + "samarbetar".length);
    await type(input, "Fysisk miljö");
    const options = Array.from(document.querySelectorAll<HTMLElement>('[data-testid="popover-option"]'));
    const create = options.findIndex((o) => o.dataset.kind === "create");
    expect(create).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < create; i++) key(input, "ArrowDown");
    key(input, "Enter");
    await settle();
    expect(app.codes.some((c) => c.name === "Fysisk miljö")).toBe(true);
    expect(app.doc!.codings.length).toBe(before + 2);

    // Ctrl+Z outside a text field undoes the last coding (and its new code).
    key(document.body, "z", { ctrlKey: true });
    await settle();
    expect(app.doc!.codings.length).toBe(before + 1);
    expect(app.codes.some((c) => c.name === "Fysisk miljö")).toBe(false);
    expect(document.querySelector('[data-testid="undo-button"]')!.getAttribute("title")).toContain("Bemötande");
  });
});
