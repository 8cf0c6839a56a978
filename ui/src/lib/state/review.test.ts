// The review's, matrices' and dimensions' controllers: what each operation
// sends, that every write is followed by a reload, and the small helpers.
import { describe, expect, it } from "vitest";
import type * as T from "../api/types";
import { CommandBackend, type Invoke } from "../backend/commands";
import { Notices } from "./notices.svelte";
import { Views } from "./views.svelte";
import { Quotes } from "./quotes.svelte";
import { Review, definitionUpdate, inOrder, onlyUpdate } from "./review.svelte";
import { Matrices, sideRequest } from "./matrices.svelte";
import { Dimensions, defaultPairs, parseValues, withDimension } from "./dimensions.svelte";
import type { Session } from "./session";

class Fake extends CommandBackend {
  sent: [string, Record<string, unknown>][] = [];
  answers: Record<string, unknown> = {};
  picks: (string | null)[] = [];
  protected readonly invoke: Invoke = async (command, args) => {
    this.sent.push([command, args]);
    if (command in this.answers) return this.answers[command];
    return null;
  };
  async pickProjectToOpen() {
    return null;
  }
  async pickNewProjectPath() {
    return null;
  }
  async pickImportFiles() {
    return null;
  }
  async pickSavePath(name: string, ext: string[]) {
    this.sent.push(["<pick>", { name, ext }]);
    return this.picks.shift() ?? null;
  }
  async pickOpenFile() {
    return null;
  }
  async onImportProgress() {
    return () => {};
  }
}

function session(api: Fake): Session & { refreshes: number } {
  const s = {
    api,
    notices: new Notices(),
    refreshes: 0,
    async refresh() {
      s.refreshes++;
    },
    async refreshCounts() {},
  };
  return s;
}

const node = (id: string, over: Partial<T.ReviewNode> = {}): T.ReviewNode => ({
  id,
  parent_id: null,
  depth: 0,
  name: id,
  color: "#336699",
  role: "theme",
  status: "candidate",
  discarded: false,
  definition: "",
  scope_includes: "",
  scope_excludes: "",
  status_at: null,
  status_by: null,
  examples: 0,
  codings: 3,
  documents: 2,
  participants: 2,
  spread: [],
  coders: [],
  flags: [],
  ...over,
});

describe("the review controller", () => {
  it("sends each operation, then reloads", async () => {
    const api = new Fake();
    const s = session(api);
    const r = new Review(s, new Views(async () => true));
    await r.promote("a");
    await r.demote("a");
    await r.move("a", "t", 2);
    await r.discard("a");
    await r.restore("a");
    await r.setStatus("a", "final");
    await r.pin("a", "k1");
    await r.unpin("a", "k1");
    await r.moveExample("a", "k2", 0);
    expect(api.sent.map(([c]) => c)).toEqual([
      "promote_code",
      "demote_code",
      "move_code",
      "discard_code",
      "restore_code",
      "update_code",
      "pin_example",
      "unpin_example",
      "move_example",
    ]);
    expect(api.sent[5][1]).toEqual({ id: "a", update: onlyUpdate({ status: "final" }) });
    expect(api.sent[6][1]).toEqual({ id: "a", coding: "k1", position: null });
    expect(s.refreshes).toBe(9);
  });

  it("splits the checked codings into a new code and selects it", async () => {
    const api = new Fake();
    api.answers.split_code = { id: "new" };
    const r = new Review(session(api), new Views(async () => true));
    r.select("a");
    r.toggleChecked("k1");
    r.toggleChecked("k2");
    r.toggleChecked("k1");
    expect(r.checked).toEqual(["k2"]);
    await r.split("a", r.checked, "Ny kod");
    expect(api.sent).toEqual([["split_code", { id: "a", codings: ["k2"], name: "Ny kod" }]]);
    expect(r.selectedId).toBe("new");
    expect(r.checked).toEqual([]);
  });

  it("saves only the definition fields that changed, and nothing when none did", async () => {
    const api = new Fake();
    api.answers.review_tree = { nodes: [node("a", { definition: "D", scope_includes: "I" })], elapsed_ms: 1 };
    const r = new Review(session(api), new Views(async () => true));
    await r.load();
    expect(await r.define("a", { definition: "D", scope_includes: "I", scope_excludes: "" })).toBe(true);
    expect(api.sent.filter(([c]) => c === "update_code")).toEqual([]);
    await r.define("a", { definition: "D", scope_includes: "I2", scope_excludes: "E" });
    expect(api.sent.at(-1)).toEqual(["update_code", { id: "a", update: onlyUpdate({ scope_includes: "I2", scope_excludes: "E" }) }]);
    expect(definitionUpdate({ definition: "a", scope_includes: "", scope_excludes: "" }, { definition: "b", scope_includes: "", scope_excludes: "" }).definition).toBe("b");
  });

  it("drops a selection whose node is gone, and shows a map node in the tree", async () => {
    const api = new Fake();
    api.answers.review_tree = { nodes: [node("a")], elapsed_ms: 1 };
    const views = new Views(async () => true);
    const r = new Review(session(api), views);
    r.select("gone");
    await r.load();
    expect(r.selectedId).toBeNull();
    r.tab = "map";
    r.reveal("root");
    expect(r.tab).toBe("map");
    r.reveal("a");
    expect([r.selectedId, r.tab, views.view]).toEqual(["a", "tree", "review"]);
  });

  it("reads pinned examples as quotes of exactly those codings, in the pinned order", async () => {
    const api = new Fake();
    api.answers.code_examples = [{ id: "k2" }, { id: "k1" }];
    const q = (id: string) => ({ coding: { id } }) as T.QuoteView;
    api.answers.quotes = { total: 2, quotes: [q("k1"), q("k2")], elapsed_ms: 1 };
    const r = new Review(session(api), new Views(async () => true));
    const out = await r.examples("a");
    expect(out!.map((x) => x.coding.id)).toEqual(["k2", "k1"]);
    const request = api.sent.find(([c]) => c === "quotes")![1].request as T.QuoteRequestWithCodings;
    expect(request.codings).toEqual(["k2", "k1"]);
    expect(request.limit).toBe(2);
    expect(inOrder([q("x"), q("b"), q("a")], ["a", "b"]).map((x) => x.coding.id)).toEqual(["a", "b"]);
  });

  it("exports the map where the user picks, telling the file's name", async () => {
    const api = new Fake();
    const s = session(api);
    const r = new Review(s, new Views(async () => true));
    api.picks.push(null);
    expect(await r.exportMap("svg")).toBe(false);
    api.picks.push("/home/a/karta.png");
    expect(await r.exportMap("png")).toBe(true);
    expect(api.sent.filter(([c]) => c === "export_map")).toEqual([["export_map", { path: "/home/a/karta.png", format: "png" }]]);
    expect(s.notices.toasts.at(-1)!.title).toContain("karta.png");
  });
});

describe("the matrices controller", () => {
  it("defaults the columns to the first dimension and opens a cell's codings in the quotes view", async () => {
    const api = new Fake();
    const views = new Views(async () => true);
    const s = session(api);
    const quotes = new Quotes(s, views);
    const m = new Matrices(s, quotes);
    api.answers.matrix_options = { dimensions: [{ key: "niva", name: "Nivå", multi: false, definition: "", values: [] }], attributes: [], coders: [] };
    await m.loadOptions();
    expect(m.pickers.columns).toBe("dimension:niva");
    api.answers.matrix_cell = ["k1", "k2"];
    await m.openCell("matrix", 1, 0, "Samverkan", "Mikro");
    expect(api.sent.at(-1)).toEqual(["matrix_cell", { request: m.request, row: 1, column: 0 }]);
    expect(views.view).toBe("quotes");
    expect(quotes.shown!.ids).toEqual(["k1", "k2"]);
    expect(quotes.shown!.heading).toMatch(/^Samverkan × Mikro, 2 /);
    quotes.back();
    expect([views.view, quotes.shown]).toEqual(["matrices", null]);
  });

  it("compares two values side by side, a side's cells restricted to its value", async () => {
    const api = new Fake();
    const s = session(api);
    const m = new Matrices(s, new Quotes(s, new Views(async () => true)));
    m.pickers.columns = "documents";
    m.comparison = { on: true, attribute: "Omgång", a: "2022", b: "2023" };
    api.answers.compare_matrix = [{}, {}];
    await m.run();
    expect(api.sent.at(-1)).toEqual(["compare_matrix", { request: m.request, attribute: "Omgång", a: "2022", b: "2023" }]);
    api.answers.matrix_cell = [];
    await m.openCell("b", 0, null, "Tema", null);
    expect(api.sent.at(-1)).toEqual(["matrix_cell", { request: sideRequest(m.request!, "Omgång", "2023"), row: 0, column: null }]);
    const side = sideRequest({ ...m.request!, restrict: [{ kind: "attribute", name: "Omgång", value: "x" }] }, "Omgång", "2022");
    expect(side.restrict).toEqual([{ kind: "attribute", name: "Omgång", value: "2022" }]);
  });

  it("exports CSV with the separator and BOM chosen, XLSX without", async () => {
    const api = new Fake();
    const s = session(api);
    const m = new Matrices(s, new Quotes(s, new Views(async () => true)));
    m.pickers.columns = "documents";
    api.picks.push("/t/m.csv", "/t/m.xlsx");
    await m.export("matrix", "Teman × Nivå");
    m.exportChoice.format = "xlsx";
    await m.export("matrix", "Teman × Nivå");
    expect(api.sent.filter(([c]) => c === "<pick>")[0][1]).toEqual({ name: "teman-niva", ext: ["csv"] });
    const exports = api.sent.filter(([c]) => c === "export_matrix").map(([, a]) => a.options);
    expect(exports).toEqual([
      { format: "csv", separator: ";", bom: true },
      { format: "xlsx", separator: ",", bom: false },
    ]);
  });
});

describe("a coding's tags from the popover", () => {
  it("take every dimension's values, a third one such as Problemtyp too, in the codebook's order", async () => {
    const { Codes } = await import("./codes.svelte");
    const codes = new Codes(session(new Fake()), new Views(async () => true));
    const dim = (key: string, multi: boolean): T.DimensionView => ({ key, name: key, multi, definition: "", values: [] });
    codes.dims = [dim("fokus", true), dim("niva", false), dim("problemtyp", false)];
    expect(codes.tagsFor("mikro", ["a", "b"], { problemtyp: ["komplex"], okand: ["x"] })).toEqual([
      ["niva", "mikro"],
      ["fokus", "a"],
      ["fokus", "b"],
      ["problemtyp", "komplex"],
    ]);
    expect(codes.tagsFor(null, [])).toEqual([]);
  });
});

describe("the dimensions controller", () => {
  it("sends each change and reloads", async () => {
    const api = new Fake();
    const s = session(api);
    const d = new Dimensions(s);
    await d.create({ name: "Problemtyp", multi: false, values: parseValues("enkel\nkomplicerad, komplex\n\nEnkel") });
    await d.setDefaults("c1", withDimension(defaultPairs(["niva/mikro", "fokus/a", "fokus/b"]), "fokus", ["c"]));
    expect(api.sent).toEqual([
      ["create_dimension", { request: { name: "Problemtyp", multi: false, values: ["enkel", "komplicerad", "komplex"] } }],
      ["set_code_default_tags", { id: "c1", values: [["niva", "mikro"], ["fokus", "c"]] }],
    ]);
    expect(s.refreshes).toBe(2);
    expect(defaultPairs(["bad", "a/b/c"])).toEqual([["a", "b/c"]]);
  });
});
