// The reader's speaker column: wide enough for the longest word of any
// speaker label in the document, so labels wrap at spaces and never break
// inside a word ("Specialistunders / köterska"); capped, beyond which a
// label's overlong word ends in an ellipsis (the full label is its title).

/** Narrowest and widest the column may be, in pixels (labels included padding). */
export const WHO_MIN = 132;
export const WHO_MAX = 240;
/** The label's right padding in the column. */
const PADDING = 14;

/** A word's width in pixels at the label's font (bold 12px). */
export type Measure = (word: string) => number;

// Average advance widths of bold 12px sans-serif, in pixels, by character
// class: a fallback when the window cannot measure (tests), erring wide.
const NARROW = /[ijlI.,:;'!|ft()[\]]/;
const WIDE = /[mwMWÅÄÖÆØ@%]/;

export function estimateWidth(word: string): number {
  let w = 0;
  for (const ch of word) w += NARROW.test(ch) ? 3.8 : WIDE.test(ch) ? 10.5 : /[A-ZÅÄÖ0-9]/.test(ch) ? 8.4 : 7.2;
  return w;
}

/** The words a label may wrap between (spaces; a hyphen stays with its word). */
export function labelWords(label: string): string[] {
  return label.split(/\s+/).filter(Boolean);
}

/** The column width for these speaker labels. */
export function speakerColumnWidth(labels: Iterable<string>, measure: Measure = estimateWidth): number {
  let widest = 0;
  const seen = new Set<string>();
  for (const label of labels) {
    for (const word of labelWords(label)) {
      if (seen.has(word)) continue;
      seen.add(word);
      widest = Math.max(widest, measure(word));
    }
  }
  return Math.round(Math.min(WHO_MAX, Math.max(WHO_MIN, widest + PADDING)));
}

/** Measures with the window's fonts when it can (a canvas), else estimates. */
export function canvasMeasure(font: string): Measure {
  const jsdom = typeof navigator !== "undefined" && /jsdom/i.test(navigator.userAgent);
  if (typeof document === "undefined" || jsdom) return estimateWidth;
  const ctx = document.createElement("canvas").getContext("2d");
  if (!ctx) return estimateWidth;
  ctx.font = font;
  // Rounded up, and a little extra: sub-pixel layout may differ from the canvas.
  return (word) => Math.ceil(ctx.measureText(word).width) + 2;
}
