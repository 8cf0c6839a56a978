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

