// The IPC contract between the desktop shell (src-tauri) and the UI.
//
// The shapes are generated from the Rust types of the core's app layer
// (src/app/views.rs) into ./bindings.ts (checked in; a Rust test fails when
// it is out of date).
//
// Every text position is a UTF-16 code unit offset into the document text
// as JavaScript sees it (`text.slice(start, end)`), end exclusive; the app
// layer converts to and from the core's Unicode code points.

export type Uuid = string;

import type { CodeUpdate, QuoteRequest } from "./bindings";

// Issue 15 adds fields to two existing requests. Until the generated
// bindings have them these say so; once they do, each equals its binding
// (and can be replaced by it).
/** A quote request that may name the exact codings to show (a matrix cell, pinned examples). */
export type QuoteRequestWithCodings = Omit<QuoteRequest, "codings"> & { codings: Array<string> | null };
/** A code update that may set the scope notes ("omfattar …", "omfattar inte …"). */
export type CodeUpdateWithScope = Omit<CodeUpdate, "scope_includes" | "scope_excludes"> & { scope_includes: string | null; scope_excludes: string | null };

export type * from "./bindings";
// Issue 15's contract until its generated bindings land (then delete).
export type * from "./pending";
