import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import sv from "./sv.json";
import en from "./en.json";
import { format, formatDate, locale, placeholders, pluralBranches, resolveLanguage, t } from "./index.svelte";

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
    for (const key of Object.keys(sv) as (keyof typeof sv)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(sv[key]));
    }
  });

  it("give every plural form an `other` branch, and write no count with a bare plural noun", () => {
    for (const table of [sv, en] as Record<string, string>[]) {
      for (const [key, value] of Object.entries(table)) {
        for (const branches of pluralBranches(value)) expect(branches, key).toContain("other");
        // The core's test (tests/errors.rs) reads an error text's {names} plainly: no plural forms there.
        if (key.startsWith("error.")) expect(pluralBranches(value), key).toEqual([]);
        // "{n} dokument" is fine in Swedish; "in {n} documents" is what plural forms are for.
        if (table === en) expect(/\{\w+\} (documents|codings|answers|files|quotes|hits|turns|speakers|rows|words)\b/.test(value), key).toBe(false);
      }
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

describe("plural forms and numbers", () => {
  const msg = "i {n, plural, one {# dokument} other {# dokument}} · {n, plural, =0 {inga filer} one {en fil} other {# filer}}";
  it("choose the branch by the language's plural rules, and write numbers per language", () => {
    expect(format(msg, { n: 1 }, "sv")).toBe("i 1 dokument · en fil");
    expect(format(msg, { n: 0 }, "sv")).toBe("i 0 dokument · inga filer");
    expect(format(msg, { n: 1200 }, "sv")).toBe("i 1\u00a0200 dokument · 1\u00a0200 filer");
    expect(format("in {n, plural, one {# document} other {# documents}}", { n: 1 }, "en")).toBe("in 1 document");
    expect(format("in {n, plural, one {# document} other {# documents}}", { n: 1200 }, "en")).toBe("in 1,200 documents");
    expect(format("{n} ord, {name}", { n: 1200, name: "Nivå" }, "sv")).toBe("1\u00a0200 ord, Nivå");
    expect(placeholders(msg)).toEqual(["n"]);
    expect(placeholders("{a} och {b, plural, one {# {c}} other {# {c}}}")).toEqual(["a", "b", "c"]);
  });

  it("leave a missing parameter as it is", () => {
    expect(format("{n, plural, one {# fil} other {# filer}} och {x}", {}, "sv")).toBe("{n} och {x}");
  });

  it("format dates in the UI's language", () => {
    locale.current = "sv";
    const sv = formatDate("2024-03-01T09:00:23.000Z", { dateStyle: "long", timeZone: "UTC" });
    locale.current = "en";
    const en = formatDate("2024-03-01T09:00:23.000Z", { dateStyle: "long", timeZone: "UTC" });
    locale.current = "sv";
    expect(sv).toBe("1 mars 2024");
    expect(en).toBe("1 March 2024");
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
