// The shared scenario: the same steps a Rust test ran against the app layer
// over the demo project (apply, merge, delete, undo, errors …), performed
// here through the state controllers as the user's actions would, in the
// recorded order. The recorded backend accepts a write only when its IPC
// call is exactly the recorded one, so each step checks what the UI sends;
// after each step, what the controllers hold (code tree, document list, the
// reader's codings, undo labels, the error shown) must equal what the core
// answered in the new state.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as T from "../api/types";
import { RecordedBackend, canonical, type RecordedCall, type RecordedWrite, type Recording } from "../backend/recorded";
import { demoRecording } from "../backend/demo-recording";
import { locale } from "../i18n/index.svelte";
import { describeError } from "./errors";
import { changeLabel } from "./project.svelte";
import { app } from "./root.svelte";

type Args = Record<string, unknown>;

/** Each step as the user does it, through the controllers. The values come
 *  from the write's args (what the UI must send). */
const STEPS: Record<string, (args: Args) => Promise<unknown>> = {
  create_code: (a) => app.codes.create(a.request as T.NewCodeRequest),
  apply_code: async (a) => {
    // The popover's choices: a level and focus areas, or a new code's name.
    const r = a.request as T.ApplyCodeRequest;
    const single = app.codes.single?.key;
    const level = r.tags.find(([d]) => d === single)?.[1] ?? null;
    const focus = r.tags.filter(([d]) => d !== single).map(([, v]) => v);
    if (app.documents.docs.some((d) => d.id === r.document_id)) await app.openDocument(r.document_id);
    return app.coding.apply({ ...r, tags: app.codes.tagsFor(level, focus) });
  },
  toggle_coding_tag: (a) => app.coding.toggleTag(a.codingId as string, a.dimension as string, a.value as string),
  update_code: (a) => {
    // The code panel: the code's fields as shown, edited where the update says.
    const id = a.id as string;
    const code = app.codes.byId(id);
    expect(code, `update_code: code ${id} is in the tree`).toBeDefined();
    const u = a.update as T.CodeUpdate;
    const edited = {
      name: u.name ?? code!.name,
      color: u.color ?? code!.color,
      definition: u.definition ?? code!.definition,
      role: u.role ?? code!.role,
      status: u.status ?? code!.status,
    };
    return app.codes.save(id, edited);
  },
  merge_codes: (a) => app.codes.merge(a.from as string, a.into as string),
  delete_code: (a) => app.codes.remove(a.id as string, a.codings as "move_to_parent" | "delete"),
  move_code: (a) => app.codes.move(a.id as string, (a.parentId as string | null) ?? null, a.position as number),
  remove_coding: (a) => app.coding.remove(a.codingId as string),
  undo: () => app.project.undo(),
  redo: () => app.project.redo(),
  save_memo: (a) => app.memos.save((a.id as string | null) ?? null, a.target as T.MemoTarget, a.title as string, a.body as string),
};

const EXPECTED_STEPS = [
  "create_code",
  "apply_code",
  "toggle_coding_tag",
  "update_code",
  "merge_codes",
  "delete_code",
  "undo",
  "redo",
  "move_code",
  "remove_coding",
  "save_memo",
];

let recording: Recording;
let backend: RecordedBackend;

function answer(i: number | undefined): unknown {
  return i === undefined ? undefined : recording.answers[i];
}

/** The answer the core gave in a state to a read. */
function recorded(state: number, command: string, args: Args = {}): unknown {
  const read = recording.states[state].reads.find((r: RecordedCall) => r.command === command && canonical(r.args) === canonical(args));
  expect(read, `state ${state} has ${command} ${canonical(args)}`).toBeDefined();
  return read!.err !== undefined ? { err: answer(read!.err) } : answer(read!.ok);
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function plain<V>(v: V): V {
  return JSON.parse(JSON.stringify(v)) as V;
}

/** What the controllers hold equals what the core answered in the state. */
function expectHolds(state: number, what: string) {
  const info = recorded(state, "project_info") as T.ProjectInfo;
  expect(plain(app.project.info), `${what}: project info`).toEqual(info);
  const list = recorded(state, "list_documents") as T.DocumentList;
  expect(plain(app.documents.docs), `${what}: documents`).toEqual(list.documents);
  expect(plain(app.documents.surveys), `${what}: survey questions`).toEqual(list.surveys);
  expect(app.documents.surveyCodings, `${what}: survey codings`).toBe(list.survey_codings);
  expect(plain(app.codes.tree), `${what}: code tree`).toEqual(recorded(state, "code_tree"));
  const doc = app.documents.doc;
  expect(doc, `${what}: the reader shows a document`).not.toBeNull();
  const shown = recorded(state, "get_document", { id: doc!.id }) as T.DocumentView;
  expect(plain({ ...doc!, codings: [] }), `${what}: the reader's document`).toEqual({ ...shown, codings: [] });
  expect(plain(doc!.codings).sort(byId), `${what}: the reader's codings`).toEqual([...shown.codings].sort(byId));
  // The undo button's tooltip names what Ctrl+Z would undo.
  if (info.undo_label) expect(app.project.undoTitle, `${what}: undo tooltip`).toContain(changeLabel(info.undo_kind, info.undo_label));
  if (info.redo_label) expect(app.project.redoTitle, `${what}: redo tooltip`).toContain(changeLabel(info.redo_kind, info.redo_label));
}

beforeAll(async () => {
  locale.current = "sv";
  recording = demoRecording();
  backend = new RecordedBackend(recording);
  await app.init(backend);
});

afterAll(() => {
  locale.current = "sv";
});

describe("the shared scenario", () => {
  it("has every step the scenario is made of, and a runner for each", () => {
    const kinds = new Set(recording.writes.map((w) => w.step.do));
    for (const k of EXPECTED_STEPS) expect(kinds, `the recording has a ${k} step`).toContain(k);
    for (const k of kinds) expect(STEPS[k], `a runner for ${k}`).toBeDefined();
    expect(recording.writes.some((w) => w.err !== undefined), "the scenario has refused steps").toBe(true);
  });

  it("opens the demo project as recorded", () => {
    expect(backend.state).toBe(0);
    expect(app.project.info).not.toBeNull();
    expectHolds(0, "opened");
  });

  it("runs every step through the controllers as the core did", async () => {
    for (let i = 0; i < recording.writes.length; i++) {
      const w: RecordedWrite = recording.writes[i];
      const what = `step ${i + 1} ${w.step.do}`;
      app.notices.clear();
      await STEPS[w.step.do](w.args);
      const refused = backend.log.filter((c) => !c.ok && c.state === i && !c.write);
      expect(refused.map((c) => `${c.command} ${canonical(c.args)}`), `${what}: every call was recorded`).toEqual([]);
      expect(backend.state, `${what}: the UI sent the recorded write ${w.command} ${canonical(w.args)}`).toBe(i + 1);
      if (w.err !== undefined) {
        const err = answer(w.err) as T.ApiError;
        expect(app.notices.lastError, `${what}: the error shown`).toEqual(describeError(err));
        if (typeof w.step.error === "string") expect(app.notices.lastError?.code, `${what}: the step's error`).toBe(w.step.error);
        expect(app.notices.toasts.some((x) => x.kind === "error" && x.title === describeError(err).title)).toBe(true);
      } else {
        expect(app.notices.lastError, `${what}: no error`).toBeNull();
      }
      expectHolds(i + 1, what);
    }
    expect(backend.state).toBe(recording.writes.length);
  });
});
