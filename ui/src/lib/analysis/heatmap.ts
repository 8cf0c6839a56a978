// The matrices' heatmap: one calm colour ramp from a cell's value over the
// matrix's largest, and the text colour that reads best on it.

/** The ramp's ends: a pale blue-grey for the smallest non-zero value, the
 *  app's accent darkened for the largest. Zero cells stay almost white. */
export const RAMP_LOW = "#eef3f8";
export const RAMP_HIGH = "#1d4569";
export const ZERO = "#fbfbfa";
export const TEXT_DARK = "#1d1f21";
export const TEXT_LIGHT = "#ffffff";

type Rgb = [number, number, number];

export function parseHex(hex: string): Rgb {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const n = parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function toHex([r, g, b]: Rgb): string {
  const h = (x: number) => Math.round(Math.min(255, Math.max(0, x))).toString(16).padStart(2, "0");
  return `#${h(r)}${h(g)}${h(b)}`;
}

/** How far along the ramp a value lies, 0–1 (0 for zero, and for a matrix of zeros). */
export function rampPosition(value: number, max: number): number {
  if (!(max > 0) || !(value > 0)) return 0;
  return Math.min(1, value / max);
}

/** A cell's background: ZERO for 0, else between RAMP_LOW and RAMP_HIGH by value / max. */
export function rampColor(value: number, max: number): string {
  if (!(value > 0) || !(max > 0)) return ZERO;
  const t = rampPosition(value, max);
  const lo = parseHex(RAMP_LOW);
  const hi = parseHex(RAMP_HIGH);
  return toHex([0, 1, 2].map((i) => lo[i] + (hi[i] - lo[i]) * t) as Rgb);
}

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours (1–21). */
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** The text colour (dark or white) with the better contrast on a background. */
export function textOn(background: string): string {
  return contrast(background, TEXT_DARK) >= contrast(background, TEXT_LIGHT) ? TEXT_DARK : TEXT_LIGHT;
}

/** A cell's colours. */
export function cellColors(value: number, max: number): { background: string; color: string } {
  const background = rampColor(value, max);
  return { background, color: textOn(background) };
}
