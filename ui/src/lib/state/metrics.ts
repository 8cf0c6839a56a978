// Timings the end-to-end run reads from window.__tematikMetrics, measured in
// the real code paths: performance.now() at the user's action, and the
// frame after the result is in the DOM ("drawn").

export interface Metrics {
  /** Search keystroke (input event) → frame after its results are rendered. */
  searchKeyToDraw: number[];
  /** Of each search: the time the backend took (the search command alone). */
  searchBackend: number[];
  /** Of each search: keystroke → its answer received in the page (IPC included). */
  searchAnswer: number[];
  /** Of each search: keystroke → its results in the DOM (before the frame). */
  searchDom: number[];
  /** Enter in the quick-code popover → frame after the new highlight is in the DOM. */
  applyToHighlight: number[];
  /** Choosing a document → frame after its first visible turns are rendered. */
  firstPaintDocument: { name: string; words: number; ms: number }[];
  /** Opening the survey grid (or a new filter) → frame after its first rows are drawn. */
  surveyOpen: { total: number; ms: number }[];
}

const KEEP = 500;

function store(): Metrics {
  const w = (typeof window !== "undefined" ? window : globalThis) as unknown as { __tematikMetrics?: Metrics };
  if (!w.__tematikMetrics) w.__tematikMetrics = { searchKeyToDraw: [], searchBackend: [], searchAnswer: [], searchDom: [], applyToHighlight: [], firstPaintDocument: [], surveyOpen: [] };
  w.__tematikMetrics.surveyOpen ??= [];
  w.__tematikMetrics.searchAnswer ??= [];
  w.__tematikMetrics.searchDom ??= [];
  return w.__tematikMetrics;
}

function push<T>(list: T[], value: T): void {
  list.push(value);
  if (list.length > KEEP) list.splice(0, list.length - KEEP);
}

/** Calls back in the next animation frame: the frame that draws the DOM
 *  as it is now (style and layout of the change happen right after). */
export function afterNextPaint(f: () => void): void {
  if (typeof requestAnimationFrame === "undefined") {
    setTimeout(f, 0);
    return;
  }
  requestAnimationFrame(() => f());
}

/** A search drawn: `answeredAt` when its answer arrived, `domAt` when the
 *  DOM held its results. */
export function recordSearch(startedAt: number, backendMs: number, answeredAt: number, domAt: number): void {
  push(store().searchBackend, backendMs);
  push(store().searchAnswer, answeredAt - startedAt);
  push(store().searchDom, domAt - startedAt);
  afterNextPaint(() => push(store().searchKeyToDraw, performance.now() - startedAt));
}

export function recordApply(startedAt: number): void {
  afterNextPaint(() => push(store().applyToHighlight, performance.now() - startedAt));
}

export function recordFirstPaint(name: string, words: number, startedAt: number): void {
  afterNextPaint(() => push(store().firstPaintDocument, { name, words, ms: performance.now() - startedAt }));
}

export function recordSurveyOpen(total: number, startedAt: number): void {
  afterNextPaint(() => push(store().surveyOpen, { total, ms: performance.now() - startedAt }));
}

export function metrics(): Metrics {
  return store();
}
