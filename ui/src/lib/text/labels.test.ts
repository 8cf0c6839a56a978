import { describe, expect, it } from "vitest";
import { WHO_MAX, WHO_MIN, estimateWidth, labelWords, speakerColumnWidth } from "./labels";

describe("the speaker column", () => {
  it("is as wide as the longest word of any label, so no word breaks", () => {
    const w = speakerColumnWidth(["Specialistundersköterska", "Anna"]);
    expect(w).toBeGreaterThanOrEqual(estimateWidth("Specialistundersköterska"));
    expect(w).toBeGreaterThan(WHO_MIN);
    expect(w).toBeLessThanOrEqual(WHO_MAX);
  });

  it("wraps at spaces: a long label of short words keeps the narrow column", () => {
    expect(speakerColumnWidth(["Anna Berg från hemtjänsten i Norra distriktet"])).toBe(WHO_MIN);
    expect(labelWords("Bistånds-handläggare  Eva")).toEqual(["Bistånds-handläggare", "Eva"]);
  });

  it("is capped (a longer word ends in an ellipsis, the label is its title)", () => {
    expect(speakerColumnWidth(["x".repeat(200)])).toBe(WHO_MAX);
    expect(speakerColumnWidth([], () => 0)).toBe(WHO_MIN);
  });

  it("uses the window's measure when given", () => {
    expect(speakerColumnWidth(["abc"], () => 190)).toBe(204);
  });
});
