// A small typed translation helper. Every user-visible string lives in
// sv.json / en.json under the same keys; `t("key", {name})` fills {name}.
// The current language is reactive, so templates re-render on a switch.

import type { Language } from "../api/types";
import sv from "./sv.json";
import en from "./en.json";

export type Key = keyof typeof sv;

const tables: Record<Language, Record<Key, string>> = { sv, en };

export const locale = $state<{ current: Language }>({ current: "sv" });

export function t(key: Key, params?: Record<string, string | number>): string {
  const s = tables[locale.current][key] ?? tables.sv[key] ?? key;
  if (!params) return s;
  return s.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
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
