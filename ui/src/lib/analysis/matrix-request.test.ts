import { describe, expect, it } from "vitest";
import { axisFromChoice, choiceOfAxis, cooccurrenceRequest, exportName, fileName, headerLabel, matrixRequest, restrictions } from "./matrix-request";
import { moveCell } from "./grid";

describe("matrix requests from the pickers", () => {
  it("read every kind of axis from a picker's value, and back", () => {
    const choices = ["themes", "all", "children:c1", "depth:2", "dimension:niva", "attribute:Kommunstorlek", "documents", "coders"];
    for (const c of choices) expect(choiceOfAxis(axisFromChoice(c)!)).toBe(c);
    expect(axisFromChoice("children:c1")).toEqual({ kind: "codes", select: { kind: "children", of: "c1" } });
    expect(axisFromChoice("attribute:Omgång: vår")).toEqual({ kind: "attribute", name: "Omgång: vår" });
    for (const bad of ["", "children:", "depth:x", "depth:-1", "dimension:", "nonsense"]) expect(axisFromChoice(bad), bad).toBeNull();
  });

  it("build the request with measure, percentages, by coder and complete restrictions only", () => {
    const r = matrixRequest({
      rows: "themes",
      columns: "dimension:niva",
      measure: "participants",
      percent: "row",
      byCoder: true,
      restrict: [
        { name: "Omgång", value: "2023" },
        { name: "Kommunstorlek", value: "" },
        { name: "Omgång", value: "2023" },
      ],
    });
    expect(r).toEqual({
      rows: { kind: "codes", select: { kind: "themes" } },
      columns: { kind: "dimension", key: "niva" },
      measure: "participants",
      percent: "row",
      by_coder: true,
      restrict: [{ kind: "attribute", name: "Omgång", value: "2023" }],
    });
    expect(matrixRequest({ rows: "", columns: "themes", measure: "codings", percent: "none", byCoder: false, restrict: [] })).toBeNull();
    expect(restrictions([{ name: "", value: "x" }])).toEqual([]);
  });

  it("build a co-occurrence request from a code selection only", () => {
    expect(cooccurrenceRequest({ codes: "children:t1", mode: "same_turn", measure: "documents", restrict: [] })).toEqual({
      codes: { kind: "children", of: "t1" },
      mode: "same_turn",
      measure: "documents",
      restrict: [],
    });
    expect(cooccurrenceRequest({ codes: "dimension:niva", mode: "overlap", measure: "codings", restrict: [] })).toBeNull();
  });

  it("label the no-value header in the UI's words, and name exports", () => {
    expect(headerLabel({ key: "", label: "", depth: 0, color: null }, "(ingen nivå)")).toBe("(ingen nivå)");
    expect(headerLabel({ key: "mikro", label: "Mikro", depth: 0, color: null }, "-")).toBe("Mikro");
    expect(exportName("Teman", "Nivå")).toBe("teman-x-niva");
    expect(exportName("", "")).toBe("x");
    expect(exportName("???")).toBe("matris");
    expect(fileName("/home/a/b/matris.csv")).toBe("matris.csv");
    expect(fileName("C:\\a\\karta.png")).toBe("karta.png");
  });
});

describe("keyboard movement over cells", () => {
  it("moves by arrows, Home/End, Ctrl+Home/End and pages, never out of the table", () => {
    const at = { row: 2, column: 1 };
    expect(moveCell(at, "ArrowUp", 5, 4)).toEqual({ row: 1, column: 1 });
    expect(moveCell(at, "ArrowDown", 5, 4)).toEqual({ row: 3, column: 1 });
    expect(moveCell(at, "ArrowLeft", 5, 4)).toEqual({ row: 2, column: 0 });
    expect(moveCell(at, "ArrowRight", 5, 4)).toEqual({ row: 2, column: 2 });
    expect(moveCell(at, "Home", 5, 4)).toEqual({ row: 2, column: 0 });
    expect(moveCell(at, "End", 5, 4)).toEqual({ row: 2, column: 3 });
    expect(moveCell(at, "Home", 5, 4, true)).toEqual({ row: 0, column: 0 });
    expect(moveCell(at, "End", 5, 4, true)).toEqual({ row: 4, column: 3 });
    expect(moveCell(at, "PageDown", 30, 4)).toEqual({ row: 12, column: 1 });
    expect(moveCell(at, "PageUp", 30, 4)).toEqual({ row: 0, column: 1 });
    expect(moveCell({ row: 0, column: 0 }, "ArrowUp", 5, 4)).toEqual({ row: 0, column: 0 });
    expect(moveCell({ row: 4, column: 3 }, "ArrowRight", 5, 4)).toEqual({ row: 4, column: 3 });
    expect(moveCell({ row: 9, column: 9 }, "ArrowLeft", 5, 4)).toEqual({ row: 4, column: 2 });
    expect(moveCell(at, "Enter", 5, 4)).toBeNull();
    expect(moveCell(at, "ArrowUp", 0, 4)).toBeNull();
  });
});
