// A small typed translation helper. Every user-visible string lives in
// sv.json / en.json under the same keys; `t("key", {name})` fills {name}.
// The current language is reactive, so templates re-render on a switch.
//
// Plurals, the one way: ICU-lite inside a text,
// `{n, plural, one {# fil} other {# filer}}`, the branch chosen by
// Intl.PluralRules for the current language (`=0 {…}` matches exactly;
// `#` is the number). Numbers are written per language ("1 200" in
// Swedish), both in `#` and in a plain {n} whose value is a number.

import type { Language } from "../api/types";
import sv from "./sv.json";
import en from "./en.json";

export type Key = keyof typeof sv;

const tables: Record<Language, Record<Key, string>> = { sv, en };

export const locale = $state<{ current: Language }>({ current: "sv" });

export type Params = Record<string, string | number>;

export function t(key: Key, params?: Params): string {
  const s = tables[locale.current][key] ?? tables.sv[key] ?? key;
  return format(s, params, locale.current);
}

const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

/** A number as the language writes it (sv: "1 200", en: "1,200"). */
export function formatNumber(n: number, lang: Language = locale.current): string {
  let f = numberFormats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(lang === "sv" ? "sv-SE" : "en-GB", { maximumFractionDigits: 1 });
    numberFormats.set(lang, f);
  }
  return f.format(n);
}

function pluralCategory(n: number, lang: Language): string {
  let r = pluralRules.get(lang);
  if (!r) {
    r = new Intl.PluralRules(lang === "sv" ? "sv-SE" : "en-GB");
    pluralRules.set(lang, r);
  }
  return r.select(n);
}

/** One piece of a parsed text: literal text, a {name}, or a {name, plural, …}. */
type Part = { text: string } | { param: string } | { param: string; branches: Map<string, Part[]> };

/** The index of the brace closing the one at `open`. */
function closing(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === "{") depth++;
    else if (s[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

function parse(s: string, inPlural = false): Part[] {
  const parts: Part[] = [];
  let text = "";
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === "#" && inPlural) {
      if (text) parts.push({ text });
      text = "";
      parts.push({ param: "#" });
      i++;
      continue;
    }
    if (c === "{") {
      const end = closing(s, i);
      const inner = end > 0 ? s.slice(i + 1, end) : "";
      const simple = /^(\w+)$/.exec(inner);
      const plural = /^(\w+)\s*,\s*plural\s*,/.exec(inner);
      if (simple || plural) {
        if (text) parts.push({ text });
        text = "";
        if (simple) parts.push({ param: simple[1] });
        else {
          const branches = new Map<string, Part[]>();
          const body = inner.slice(plural![0].length);
          let j = 0;
          while (j < body.length) {
            const m = /^\s*(=?\w+)\s*\{/.exec(body.slice(j));
            if (!m) break;
            const open = j + m[0].length - 1;
            const close = closing(body, open);
            if (close < 0) break;
            branches.set(m[1], parse(body.slice(open + 1, close), true));
            j = close + 1;
          }
          parts.push({ param: plural![1], branches });
        }
        i = end + 1;
        continue;
      }
    }
    text += c;
    i++;
  }
  if (text) parts.push({ text });
  return parts;
}

const parsed = new Map<string, Part[]>();

function render(parts: Part[], params: Params | undefined, lang: Language, count: number | null): string {
  let out = "";
  for (const p of parts) {
    if ("text" in p) out += p.text;
    else if (p.param === "#") out += count === null ? "#" : formatNumber(count, lang);
    else if ("branches" in p) {
      const v = params?.[p.param];
      const n = typeof v === "number" ? v : Number(v);
      if (v === undefined || Number.isNaN(n)) {
        out += `{${p.param}}`;
        continue;
      }
      const branch = p.branches.get(`=${n}`) ?? p.branches.get(pluralCategory(n, lang)) ?? p.branches.get("other") ?? [];
      out += render(branch, params, lang, n);
    } else {
      const v = params?.[p.param];
      out += v === undefined ? `{${p.param}}` : typeof v === "number" ? formatNumber(v, lang) : v;
    }
  }
  return out;
}

/** Fills a text's {placeholders} and plural forms. */
export function format(s: string, params: Params | undefined, lang: Language): string {
  if (!s.includes("{")) return s;
  let parts = parsed.get(s);
  if (!parts) {
    parts = parse(s);
    parsed.set(s, parts);
  }
  return render(parts, params, lang, null);
}

/** The parameter names a text uses (plain and plural), sorted. */
export function placeholders(s: string): string[] {
  const names = new Set<string>();
  const walk = (parts: Part[]) => {
    for (const p of parts) {
      if ("text" in p || p.param === "#") continue;
      names.add(p.param);
      if ("branches" in p) for (const b of p.branches.values()) walk(b);
    }
  };
  walk(parse(s));
  return [...names].sort();
}

/** The plural categories a text's plural forms give (to check each has "other"). */
export function pluralBranches(s: string): string[][] {
  const out: string[][] = [];
  const walk = (parts: Part[]) => {
    for (const p of parts) if ("branches" in p) {
      out.push([...p.branches.keys()]);
      for (const b of p.branches.values()) walk(b);
    }
  };
  walk(parse(s));
  return out;
}

/** A date (and time) as the current language writes it. */
export function formatDate(iso: string, opts: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" }): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale.current === "sv" ? "sv-SE" : "en-GB", opts).format(d);
}

/** True when the key exists (for keys built from backend codes). */
export function hasKey(key: string): key is Key {
  return key in tables.sv;
}

/** The language to show: the setting when made, else the system's. */
export function resolveLanguage(setting: Language | null, system: Language | null, navigatorLanguage: string | undefined): Language {
  if (setting) return setting;
  if (system) return system;
  return navigatorLanguage?.toLowerCase().startsWith("sv") ? "sv" : navigatorLanguage ? "en" : "sv";
}

export function setLanguage(lang: Language): void {
  locale.current = lang;
  if (typeof document !== "undefined") document.documentElement.lang = lang;
}

export function translationTables(): Record<Language, Record<string, string>> {
  return tables;
}
