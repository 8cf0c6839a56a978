import { describe, expect, it } from "vitest";
import { RAMP_HIGH, RAMP_LOW, TEXT_DARK, TEXT_LIGHT, ZERO, cellColors, contrast, luminance, rampColor, rampPosition, textOn } from "./heatmap";

describe("the heatmap's ramp", () => {
  it("runs from the low end to the high end by value / max, zero apart", () => {
    expect(rampColor(0, 10)).toBe(ZERO);
    expect(rampColor(10, 10)).toBe(RAMP_HIGH);
    expect(rampColor(1e-9, 10)).toBe(RAMP_LOW);
    expect(rampColor(5, 0)).toBe(ZERO);
    expect(rampPosition(5, 10)).toBe(0.5);
    expect(rampPosition(20, 10)).toBe(1);
    expect(rampPosition(-1, 10)).toBe(0);
  });

  it("darkens as the value grows", () => {
    const lum = [1, 3, 5, 7, 9, 10].map((v) => luminance(rampColor(v, 10)));
    for (let i = 1; i < lum.length; i++) expect(lum[i]).toBeLessThan(lum[i - 1]);
  });

  it("writes dark text on light cells and white on dark ones, always legible", () => {
    expect(textOn(ZERO)).toBe(TEXT_DARK);
    expect(textOn(RAMP_LOW)).toBe(TEXT_DARK);
    expect(textOn(RAMP_HIGH)).toBe(TEXT_LIGHT);
    for (let v = 0; v <= 100; v++) {
      const { background, color } = cellColors(v, 100);
      // WCAG AA for large text at least, everywhere along the ramp.
      expect(contrast(background, color), `value ${v} on ${background}`).toBeGreaterThanOrEqual(3.9);
    }
  });

  it("measures contrast as WCAG does", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#777777", "#777777")).toBeCloseTo(1, 5);
  });
});
