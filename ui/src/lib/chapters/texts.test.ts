import { beforeEach, describe, expect, it } from "vitest";
import type * as T from "../api/types";
import { locale } from "../i18n/index.svelte";
import { addedText, attributionRuns, coarserLabel, reasonIsGood, reasonText, warningText } from "./texts";

const dims: T.DimensionView[] = [
  {
    key: "fokus",
    name: "Fokusområde",
    multi: true,
    values: [{ key: "samverkan", label: "Samverkan", color: null }],
  } as unknown as T.DimensionView,
];

describe("chapter texts", () => {
  beforeEach(() => {
    locale.current = "sv";
  });

  it("name each finder reason as a chip, a tag by its labels", () => {
    expect(reasonText({ kind: "readable_length" }, dims)).toBe("lagom längd");
    expect(reasonText({ kind: "readable_length" }, dims, 42)).toBe("lagom längd (42 ord)");
    expect(reasonText({ kind: "new_participant" }, dims)).toBe("ny deltagare");
    expect(reasonText({ kind: "new_document" }, dims)).toBe("nytt dokument");
    expect(reasonText({ kind: "new_tag", dimension: "fokus", value: "samverkan" }, dims)).toBe("ny Fokusområde: Samverkan");
    expect(reasonText({ kind: "new_tag", dimension: "borta", value: "x" }, dims)).toBe("ny borta: x");
    expect(reasonText({ kind: "short" }, dims)).toBe("kort");
    expect(reasonIsGood({ kind: "long" })).toBe(false);
    expect(reasonIsGood({ kind: "new_document" })).toBe(true);
    locale.current = "en";
    expect(reasonText({ kind: "new_participant" }, dims)).toBe("new participant");
  });

  it("say the coarser attribution on its button, and the added toast", () => {
    expect(coarserLabel({ template: "– {Yrke:lower}, {Omgång}", attribution: "– sjuksköterska, 2023" })).toBe("Använd grövre: «– sjuksköterska, 2023»");
    expect(addedText("Kapitel 6")).toBe("Lagt till i «Kapitel 6»");
    locale.current = "en";
    expect(coarserLabel({ template: "x", attribution: "– nurse" })).toBe("Use coarser: «– nurse»");
  });

  it("mark the missing values of an attribution", () => {
    expect(attributionRuns("– …, team 3, …")).toEqual([
      { text: "– ", missing: false },
      { text: "…", missing: true },
      { text: ", team 3, ", missing: false },
      { text: "…", missing: true },
    ]);
    expect(attributionRuns("– arbetsterapeut")).toEqual([{ text: "– arbetsterapeut", missing: false }]);
  });

  it("say why a quote warns: the core's reason under the window's heading", () => {
    const w: T.WarningView = { participants: 1, k: 3, shown: [["Yrke", "sjuksköterska"]], reason: "bara 1 deltagare i projektet har Yrke sjuksköterska (färre än 3)" };
    expect(warningText(w)).toBe("Risk för igenkänning: bara 1 deltagare i projektet har Yrke sjuksköterska (färre än 3).");
    locale.current = "en";
    expect(warningText({ ...w, reason: "only 1 participant in the project has Yrke sjuksköterska (fewer than 3)" })).toBe(
      "Risk of re-identification: only 1 participant in the project has Yrke sjuksköterska (fewer than 3).",
    );
  });

});
