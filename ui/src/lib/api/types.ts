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

/** A quote request that may name the exact codings to show (a matrix cell, pinned examples). */
export type QuoteRequestWithCodings = QuoteRequest;
/** A code update that may set the scope notes ("omfattar …", "omfattar inte …"). */
export type CodeUpdateWithScope = CodeUpdate;

export type * from "./bindings";
