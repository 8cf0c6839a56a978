// Components reach the backend only through the state controllers
// (src/lib/state/): none may import from lib/backend or touch a backend.
import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const COMPONENTS = join(__dirname, "..");

function svelteFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return svelteFiles(path);
    return name.endsWith(".svelte") ? [path] : [];
  });
}

/** What in a component's source reaches the backend, if anything. */
export function backendUses(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/\bbackend\s*\.|\bgetBackend\b|\bcreateBackend\b|from\s+["'][^"']*lib\/backend[^"']*["']|import\(\s*["'][^"']*lib\/backend/gi)) {
    found.push(m[0]);
  }
  return found;
}

describe("components", () => {
  it("never reference the backend", () => {
    const files = svelteFiles(COMPONENTS);
    expect(files.length).toBeGreaterThan(15);
    const offenders = files
      .map((f) => [relative(COMPONENTS, f), backendUses(readFileSync(f, "utf8"))] as const)
      .filter(([, uses]) => uses.length > 0);
    expect(offenders).toEqual([]);
  });

  it("catch each way of reaching it", () => {
    expect(backendUses(`void app.backend.quotes(req)`)).toHaveLength(1);
    expect(backendUses(`import { RecordedBackend } from "../../lib/backend/recorded";`)).toHaveLength(1);
    expect(backendUses(`const b = getBackend();`)).toHaveLength(1);
    expect(backendUses(`await app.quotes.segments(id, 50)`)).toEqual([]);
  });
});
