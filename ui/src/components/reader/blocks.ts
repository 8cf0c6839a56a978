// The reader's units: a transcript's turns, or the paragraphs of a text
// without turns (survey answers, plain documents).

import type { DocumentView } from "../../lib/api/types";

export interface ReaderBlock {
  index: number;
  /** Document offset where the block starts (the speaker label for a turn). */
  start: number;
  /** Where its text starts. */
  textStart: number;
  end: number;
  speaker: string | null;
  ms: number | null;
}

export function blocksOf(doc: DocumentView): ReaderBlock[] {
  if (doc.turns.length) {
    return doc.turns.map((t, index) => ({
      index,
      start: t.start,
      textStart: t.text_start,
      end: t.end,
      speaker: t.speaker,
      ms: t.start_ms,
    }));
  }
  const out: ReaderBlock[] = [];
  let pos = 0;
  for (const line of doc.text.split("\n")) {
    if (line.trim()) {
      out.push({ index: out.length, start: pos, textStart: pos, end: pos + line.length, speaker: null, ms: null });
    }
    pos += line.length + 1;
  }
  return out;
}

/** The index of the block containing (or, between blocks, following) an offset. */
export function blockAt(blocks: ReaderBlock[], offset: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid].end < offset) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(0, lo);
}
