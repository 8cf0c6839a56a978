import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import sv from "./sv.json";
import en from "./en.json";
import { locale, resolveLanguage, t } from "./index.svelte";

describe("translations", () => {
  it("have exactly the same keys in Swedish and English", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(sv).sort());
  });

  it("have no empty values", () => {
    for (const table of [sv, en] as Record<string, string>[]) {
      for (const [key, value] of Object.entries(table)) {
        expect(value.trim(), key).not.toBe("");
      }
    }
  });

  it("use the same {placeholders} in both languages", () => {
    const names = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(sv) as (keyof typeof sv)[]) {
      expect(names(en[key]), key).toEqual(names(sv[key]));
    }
  });

  it("cover every literal key the source uses", () => {
    const used = new Set<string>();
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(svelte|ts)$/.test(name) && !name.endsWith(".test.ts")) {
          for (const m of readFileSync(path, "utf8").matchAll(/\bt\(\s*"([a-z]\w*\.[\w.]+)"/g)) used.add(m[1]);
        }
      }
    };
    walk(join(__dirname, "..", ".."));
    const missing = [...used].filter((k) => !(k in sv));
    expect(missing).toEqual([]);
  });
});

describe("t()", () => {
  it("fills parameters and follows the current language", () => {
    locale.current = "sv";
    expect(t("docs.words", { n: 12 })).toBe("12 ord");
    locale.current = "en";
    expect(t("docs.words", { n: 12 })).toBe("12 words");
    locale.current = "sv";
  });
});

describe("resolveLanguage", () => {
  it("prefers the setting, then the system, then the browser", () => {
    expect(resolveLanguage("en", "sv", "sv-SE")).toBe("en");
    expect(resolveLanguage(null, "en", "sv-SE")).toBe("en");
    expect(resolveLanguage(null, null, "sv-SE")).toBe("sv");
    expect(resolveLanguage(null, null, "en-GB")).toBe("en");
    expect(resolveLanguage(null, null, undefined)).toBe("sv");
  });
});
