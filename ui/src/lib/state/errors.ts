// How an error reaches the user: the core sends a stable `code` and its
// fields as `details` (its `message` is an English sentence for logs); the
// window writes the message in the user's language from the texts
// "error.<code>" of sv.json / en.json, whose {placeholders} are details keys.
// An import error also says why: its details hold `problem` (a key, with the
// problem's parameters) and, where it is one place in the file, `at` (the
// place's kind, with its fields), written from "importProblem.<problem>" and
// "importAt.<at>" (+ "importAt.column_name" when the column's header is known).

import type * as T from "../api/types";
import { asApiError } from "../backend/commands";
import { hasKey, t } from "../i18n/index.svelte";

export interface ErrorText {
  code: string;
  /** The sentence shown: the translated text for the code. */
  title: string;
  /**
   * Why, in the user's language, where the core says it as a typed problem
   * (an import error): "Rad 3, kolumn 1 ("ID"): Respondentens id saknas.";
   * otherwise "".
   */
  reason: string;
  /** More for the reader: for a code without a text, the code itself
   *  ("Felkod: …"), never the core's English message (which goes to the
   *  console, for a bug report). */
  message: string;
}

export function isApiError(e: unknown): e is T.ApiError {
  return !!e && typeof e === "object" && "code" in e && "message" in e;
}

/** A file path as the user knows it: the file name. */
export function fileName(path: string): string {
  return path.replace(/^.*[\\/]/, "");
}

/** An absolute path (Unix, Windows or UNC), which the window shows by its file name. */
export function looksLikePath(s: string): boolean {
  return /^(\/|[A-Za-z]:[\\/]|\\\\)[^\n]*[\\/][^\\/\n]+$/.test(s) || /^\/[^/\s]+$/.test(s);
}

function asText(v: T.JsonValue | undefined): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return v.map(asText).join(", ");
  return JSON.stringify(v);
}

/** The details as texts for t()'s placeholders; paths by file name only. */
export function detailTexts(details: T.ApiError["details"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(details ?? {})) {
    const s = asText(v);
    out[k] = k === "file" || k === "path" || (typeof v === "string" && looksLikePath(s)) ? fileName(s) : s;
  }
  return out;
}

function capitalised(s: string): string {
  return s.charAt(0).toLocaleUpperCase() + s.slice(1);
}

/**
 * An import problem with its place, in the current language, from the
 * details' `problem` and `at`: "" when the details have no problem (or one
 * this window has no text for; the core's tests make sure it has).
 */
export function problemText(details: T.ApiError["details"]): string {
  const texts = detailTexts(details);
  const problem = `importProblem.${texts.problem ?? ""}`;
  if (!texts.problem || !hasKey(problem)) return "";
  const what = t(problem, texts);
  const at = `importAt.${texts.at ?? ""}`;
  if (!texts.at || !hasKey(at)) return what;
  let place = t(at, texts);
  if (texts.column_name) place += ` ${t("importAt.column_name", texts)}`;
  return `${capitalised(place)}: ${what}`;
}

/** The user's text for any error: by its code, in the current language. */
export function describeError(e: unknown): ErrorText {
  const err = asApiError(e);
  const key = `error.${err.code}`;
  const reason = problemText(err.details);
  if (hasKey(key)) return { code: err.code, title: t(key, detailTexts(err.details)), reason, message: "" };
  if (err.message && typeof console !== "undefined") console.warn(`error ${err.code}: ${err.message}`);
  return { code: err.code, title: t("error.internal"), reason, message: reason ? "" : t("errors.codeLine", { code: err.code }) };
}

/** The full paths an error's details name (shown only on request). */
export function detailPaths(details: T.ApiError["details"]): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(details ?? {})) {
    if (typeof v !== "string") continue;
    if ((k === "path" || looksLikePath(v)) && /[\\/]/.test(v) && !out.includes(v)) out.push(v);
  }
  return out;
}

/** The same on one line (inline errors in a view). */
export function errorLine(e: unknown): string {
  const d = describeError(e);
  const line = d.reason ? `${d.title} ${d.reason}` : d.title;
  return d.message ? `${line}: ${d.message}` : line;
}
