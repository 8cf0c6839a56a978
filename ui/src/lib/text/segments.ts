// Splitting a block of document text into runs for the reader: each run has
// one set of codings over it (and possibly the flash of a jump target).

export interface Span {
  id: string;
  start: number;
  end: number;
}

export interface Segment {
  start: number;
  end: number;
  /** Codings covering this run, in the order given. */
  ids: string[];
  flash: boolean;
}

/** Cuts [from, to) at every coding boundary inside it. `spans` may be any
 *  list; those not overlapping the block are ignored. */
export function segmentBlock(from: number, to: number, spans: Span[], flash: [number, number] | null = null): Segment[] {
  const cuts = new Set<number>([from, to]);
  const inside = spans.filter((s) => s.start < to && s.end > from && s.end > s.start);
  for (const s of inside) {
    if (s.start > from) cuts.add(s.start);
    if (s.end < to) cuts.add(s.end);
  }
  if (flash && flash[0] < to && flash[1] > from) {
    if (flash[0] > from) cuts.add(flash[0]);
    if (flash[1] < to) cuts.add(flash[1]);
  }
  const points = Array.from(cuts).sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    if (b <= a) continue;
    out.push({
      start: a,
      end: b,
      ids: inside.filter((s) => s.start <= a && s.end >= b).map((s) => s.id),
      flash: !!flash && flash[0] <= a && flash[1] >= b,
    });
  }
  return out;
}

/** Assigns each span a lane (margin column) so that overlapping spans never
 *  share one; a span keeps its lane across all the blocks it covers. */
export function assignLanes(spans: Span[]): Map<string, number> {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const laneEnds: number[] = [];
  const lanes = new Map<string, number>();
  for (const s of sorted) {
    let lane = laneEnds.findIndex((end) => end <= s.start);
    if (lane < 0) {
      lane = laneEnds.length;
      laneEnds.push(s.end);
    } else {
      laneEnds[lane] = s.end;
    }
    lanes.set(s.id, lane);
  }
  return lanes;
}

/** "#1f77b4" → "rgba(31, 119, 180, a)"; other strings pass through. */
export function tint(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color.trim());
  if (!m) return color;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h, 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** Milliseconds as "mm:ss", or "h:mm:ss" from an hour on. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}

/** Cuts `text` into runs marked or not by [start, end) ranges (UTF-16), for
 *  rendering snippet highlights as text. Overlaps and disorder are tolerated. */
export function markRuns(text: string, marks: [number, number][]): { text: string; mark: boolean }[] {
  const sorted = marks
    .map(([a, b]) => [Math.max(0, Math.min(a, text.length)), Math.max(0, Math.min(b, text.length))] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const out: { text: string; mark: boolean }[] = [];
  let pos = 0;
  for (const [a, b] of sorted) {
    if (b <= pos) continue;
    const from = Math.max(a, pos);
    if (from > pos) out.push({ text: text.slice(pos, from), mark: false });
    out.push({ text: text.slice(from, b), mark: true });
    pos = b;
  }
  if (pos < text.length) out.push({ text: text.slice(pos), mark: false });
  return out;
}
