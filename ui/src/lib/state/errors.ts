// How an error reaches the user: the core sends a stable `code` and its
// fields as `details` (its `message` is an English sentence for logs); the
// window writes the message in the user's language from the texts
// "error.<code>" of sv.json / en.json, whose {placeholders} are details keys.

import type * as T from "../api/types";
import { asApiError } from "../backend/commands";
import { hasKey, t } from "../i18n/index.svelte";

export interface ErrorText {
  code: string;
  /** The sentence shown: the translated text for the code. */
  title: string;
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

/** The user's text for any error: by its code, in the current language. */
export function describeError(e: unknown): ErrorText {
  const err = asApiError(e);
  const key = `error.${err.code}`;
  if (hasKey(key)) return { code: err.code, title: t(key, detailTexts(err.details)), message: "" };
  if (err.message && typeof console !== "undefined") console.warn(`error ${err.code}: ${err.message}`);
  return { code: err.code, title: t("error.internal"), message: t("errors.codeLine", { code: err.code }) };
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
  return d.message ? `${d.title}: ${d.message}` : d.title;
}
