// Trimming a quote: the parts of its coding's text the chapter keeps, as
// [start, end) UTF-16 offsets into the coding's text (what the core's
// trim_quote takes). null stands for the whole coding. The core prints the
// parts with "[…]" between them; the window only keeps them sorted and
// apart.

export type Part = [number, number];

/** Parts clamped to the text, empty ones dropped, sorted, and overlapping
 *  or touching ones joined (the core refuses overlaps and disorder). */
export function normalizeParts(parts: readonly Part[], length: number): Part[] {
  const clamped = parts
    .map(([a, b]): Part => {
      const lo = Math.max(0, Math.min(a, b, length));
      const hi = Math.min(length, Math.max(a, b, 0));
      return [lo, hi];
    })
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: Part[] = [];
  for (const [a, b] of clamped) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** The parts to send: null when nothing is left out (the whole coding) or
 *  nothing is kept at all. */
export function partsToSend(parts: readonly Part[], length: number): Part[] | null {
  const n = normalizeParts(parts, length);
  if (n.length === 0) return null;
  if (n.length === 1 && n[0][0] === 0 && n[0][1] === length) return null;
  return n;
}

/** Adds a selected range to the parts kept so far (none yet: only it). */
export function keepSelection(parts: readonly Part[] | null, selection: Part, length: number): Part[] {
  return normalizeParts([...(parts ?? []), selection], length);
}

/** Takes a range out of the parts kept (the whole text when none were chosen). */
export function dropSelection(parts: readonly Part[] | null, selection: Part, length: number): Part[] {
  const [s, e] = normalizeParts([selection], length)[0] ?? [0, 0];
  const base = parts && parts.length ? normalizeParts(parts, length) : [[0, length] as Part];
  if (e <= s) return base;
  const out: Part[] = [];
  for (const [a, b] of base) {
    if (b <= s || a >= e) out.push([a, b]);
    else {
      if (a < s) out.push([a, s]);
      if (b > e) out.push([e, b]);
    }
  }
  return out;
}

/** The coding's text cut into runs kept or left out, for the trim mode. */
export function trimRuns(text: string, parts: readonly Part[] | null): { start: number; text: string; kept: boolean }[] {
  const kept = parts && parts.length ? normalizeParts(parts, text.length) : [[0, text.length] as Part];
  const out: { start: number; text: string; kept: boolean }[] = [];
  let pos = 0;
  for (const [a, b] of kept) {
    if (a > pos) out.push({ start: pos, text: text.slice(pos, a), kept: false });
    out.push({ start: a, text: text.slice(a, b), kept: true });
    pos = b;
  }
  if (pos < text.length) out.push({ start: pos, text: text.slice(pos), kept: false });
  return out.filter((r) => r.text.length > 0);
}

/** The text the parts keep, with "[…]" where something is left out (a
 *  preview while trimming; the core's printed text is what the card shows). */
export function trimmedPreview(text: string, parts: readonly Part[] | null): string {
  const kept = parts && parts.length ? normalizeParts(parts, text.length) : [[0, text.length] as Part];
  const pieces: string[] = [];
  if (kept.length && kept[0][0] > 0) pieces.push("[…]");
  kept.forEach(([a, b], i) => {
    if (i > 0) pieces.push("[…]");
    pieces.push(text.slice(a, b).trim());
  });
  const last = kept[kept.length - 1];
  if (last && last[1] < text.length) pieces.push("[…]");
  return pieces.join(" ");
}
