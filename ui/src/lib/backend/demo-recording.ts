// The demo project as the real core answered (recorded/demo.json, written by
// a Rust test). Read as text, so TypeScript does not infer a type for the
// whole file; each call returns a fresh copy.

import raw from "./recorded/demo.json?raw";
import type { Recording } from "./recorded";

export function demoRecording(): Recording {
  return JSON.parse(raw) as Recording;
}
