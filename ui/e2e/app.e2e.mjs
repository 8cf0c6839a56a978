// End-to-end test of the real app window (Tauri + WebKitGTK), driven through
// tauri-driver and WebKitWebDriver. Run by scripts/e2e, which starts Xvfb and
// tauri-driver and sets:
//   E2E_APP (the app binary), E2E_CLI (the tematik command line), E2E_PORT
//   (tauri-driver), E2E_CORPUS (the shared corpus), E2E_OUT (screenshots and
//   timings), E2E_WORK (a scratch folder).
//
// What a researcher does: create a project, import a corpus transcript and
// the survey, select text, apply a code with a level and a focus area, see it
// in the quotes view, find it by search, undo it, switch language; as a team
// lead on the demo project, reshape and define themes in the review view,
// open a matrix cell's segments, export the matrix and the map; as an
// author, quote a search hit and a finder candidate in a new chapter, trim
// a quote, set the attribution template, export the chapter to DOCX. A
// screenshot of each main view is saved, and the timings the UI records
// (keystroke → results drawn, Enter → highlight drawn, first paint of a
// 60,000-word transcript) are printed, not asserted.

import { remote } from "webdriverio";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set (run scripts/e2e)`);
  return v;
};
const APP = env("E2E_APP");
const CLI = env("E2E_CLI");
const PORT = Number(env("E2E_PORT"));
const CORPUS = env("E2E_CORPUS");
const OUT = env("E2E_OUT");
const WORK = env("E2E_WORK");

const manifest = JSON.parse(fs.readFileSync(path.join(CORPUS, "MANIFEST.json"), "utf8"));
const QUOTE = manifest.known_quotes.find((q) => q.id === "Q04"); // in fokusgrupp-2023-team2.txt
const TRANSCRIPT = path.join(CORPUS, QUOTE.path);
const DOC_NAME = path.basename(QUOTE.path).replace(/\.[^.]+$/, "");
const SURVEY = path.join(CORPUS, manifest.files.find((f) => f.kind === "survey" && f.format === "csv").path);
const CODE = "Samverkan vid flera aktörer";

let step = 0;
const log = (msg) => console.log(`  ${String(++step).padStart(2)}. ${msg}`);
const fail = (msg) => {
  throw new Error(msg);
};
const check = (ok, msg) => {
  if (!ok) fail(`check failed: ${msg}`);
};

/** A 60,000-word transcript: 1,500 turns of 40 words from the corpus's own text. */
function longTranscript() {
  const source = fs
    .readFileSync(TRANSCRIPT, "utf8")
    .split("\n")
    .map((l) => l.replace(/^\[[0-9:]+\]\s*/, "").replace(/^[^:]{1,40}:\s*/, ""))
    .join(" ")
    .split(/\s+/)
    .filter(Boolean);
  const speakers = ["Samtalsledare", "Deltagare 1", "Deltagare 2", "Deltagare 3", "Deltagare 4", "Deltagare 5"];
  const lines = [];
  let w = 0;
  for (let i = 0; i < 1500; i++) {
    const words = [];
    for (let k = 0; k < 40; k++) words.push(source[w++ % source.length]);
    lines.push(`${speakers[i % speakers.length]}: ${words.join(" ")}`);
  }
  const file = path.join(WORK, "fokusgrupp-lang-60000.txt");
  fs.writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

const browser = await remote({
  hostname: "127.0.0.1",
  port: PORT,
  logLevel: "warn",
  connectionRetryCount: 2,
  capabilities: {
    browserName: "wry",
    "tauri:options": { application: APP },
    "wdio:enforceWebDriverClassic": true,
  },
});

const byId = (id) => browser.$(`[data-testid="${id}"]`);
const all = (id) => browser.$$(`[data-testid="${id}"]`);
/** How many elements carry a test id, counted in the page: no element
 * references cross the driver (WebKitWebDriver sometimes fails to parse
 * them while the page is busy: "Could not parse element info"). */
const count = (id) => browser.execute((t) => document.querySelectorAll(`[data-testid="${t}"]`).length, id);
async function shown(id, timeout = 15000) {
  const el = await byId(id);
  await el.waitForDisplayed({ timeout, timeoutMsg: `${id} was not shown within ${timeout} ms` });
  return el;
}
async function click(id) {
  await (await shown(id)).click();
}
async function shot(name) {
  // Two frames, so what the DOM holds is painted (the first screen was
  // captured blank without this).
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  await browser.pause(150);
  const file = path.join(OUT, `${name}.png`);
  await browser.saveScreenshot(file);
  console.log(`      screenshot ${file}`);
}
/** Answers the next native file dialog (the UI's test queue). */
async function pick(paths) {
  await browser.execute((p) => {
    const w = window;
    (w.__tematikPicks ??= []).push(p);
  }, paths);
}
async function until(what, f, timeout = 15000) {
  await browser.waitUntil(f, { timeout, interval: 100, timeoutMsg: `timed out waiting for ${what}` });
}
/** Opens the settings and waits until the dialog has stopped growing: with
 * a project open, until both template previews are shown (a click aimed at
 * Save while they arrive lands on whatever moved under it). */
async function openSettingsDialog() {
  await click("settings-button");
  await shown("settings-language");
  if ((await count("settings-project")) > 0) {
    await until("the settings' template previews", async () =>
      browser.execute(() =>
        ["settings-transcript", "settings-survey"].every((id) =>
          document.querySelector(`[data-testid="${id}-preview"], [data-testid="${id}-error"]`),
        ),
      ),
    );
  }
}
/** Chooses the language in the settings and saves them; the dialog closes. */
async function chooseLanguage(lang) {
  await openSettingsDialog();
  await browser.execute((l) => {
    const select = document.querySelector('[data-testid="settings-language"]');
    select.value = l;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }, lang);
  check((await browser.execute(() => document.querySelector('[data-testid="settings-language"]').value)) === lang, `the language ${lang} chosen`);
  await click("settings-save");
  await until("the settings closed", async () => (await count("settings-language")) === 0);
}
async function dismissReport() {
  const report = await shown("import-report", 60000);
  // What is rendered (innerText): a closed "show path" disclosure's
  // content is not.
  const text = await browser.execute(() => document.querySelector('[data-testid="import-report"]').innerText);
  await (await report.$("button.primary")).click();
  return text;
}

const started = Date.now();
try {
  // 1. The start screen, in Swedish (LANG=sv_SE.UTF-8).
  const demo = await shown("start-demo", 30000);
  check(/demoprojektet/i.test(await demo.getText()), "the start screen speaks Swedish");
  log("the start screen is shown, in Swedish");
  await shot("01-start");

  // 1b. The demo project: a living project at once; the quick-code popover.
  await click("start-demo");
  await until("the demo's highlights", async () => (await count("highlight")) >= 5, 30000);
  check((await count("stripe")) >= 5, "coding stripes in the margin");
  const demoText = fs
    .readFileSync(new URL("../../assets/demo/fokusgrupp-demo-team1.txt", import.meta.url), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => l.replace(/^\[[0-9:]+\]\s*/, ""))
    .join("\n");
  const phrase = "surfplattorna i hemtjänsten används mest till schemat";
  const at = demoText.indexOf(phrase);
  check(at > 0, "the demo transcript has the phrase");
  await browser.execute((s, e) => window.__tematik.selectRange(s, e), at, at + phrase.length);
  await shown("code-popover");
  await (await shown("popover-input")).setValue("digi");
  await browser.pause(300);
  await shot("01b-demo-coding");
  await browser.keys(["Escape"]);
  log("opened the demo project: coded transcripts with margin stripes, the quick-code popover");
  await click("close-project");
  await shown("start-new");

  // 2. A new project with the NVOS template.
  await click("start-new");
  await (await shown("new-name")).setValue("E2E-studie");
  const projectFile = path.join(WORK, "e2e-studie.tematik");
  await pick([projectFile]);
  await click("new-create");
  await shown("tab-reader", 30000);
  await until("the project file", async () => fs.existsSync(projectFile));
  await until("the NVOS code tree", async () => (await count("code-node")) >= 15);
  log(`created ${projectFile} with the NVOS codebook`);

  // 3. Import a corpus transcript.
  await pick([TRANSCRIPT]);
  await click("import-button");
  const report = await dismissReport();
  check(report.includes(path.basename(TRANSCRIPT)), `the report names the file: ${report}`);
  log(`imported ${path.basename(TRANSCRIPT)}`);

  // 3b. User text is text: markup in a transcript shows literally and never runs.
  const xss = path.join(WORK, "fokusgrupp-xss.txt");
  fs.writeFileSync(
    xss,
    [
      'Samtalsledare: Vad står det här? <script>window.__pwned = "script"</script>',
      'Deltagare 1: En bild <img src=x onerror="window.__pwned = \'img\'"> och <b>fet</b> text.',
      "Deltagare 2: Inget konstigt här.",
    ].join("\n") + "\n",
  );
  await pick([xss]);
  await click("import-button");
  await dismissReport();
  const xssDoc = await browser.$(`[data-testid="doc-item"][data-name="fokusgrupp-xss"]`);
  await xssDoc.waitForDisplayed({ timeout: 15000 });
  await xssDoc.click();
  await until("the markup transcript", async () => /<script>/.test(await (await shown("reader")).getText()));
  const readerText = await (await byId("reader")).getText();
  check(readerText.includes('<img src=x onerror="window.__pwned = \'img\'">'), "the img tag shows as text");
  check(readerText.includes("<b>fet</b>"), "the b tag shows as text");
  const pwned = await browser.execute(() => ({
    flag: window.__pwned ?? null,
    imgs: document.querySelectorAll('[data-testid="reader"] img').length,
    scripts: document.querySelectorAll('[data-testid="reader"] script').length,
  }));
  check(pwned.flag === null && pwned.imgs === 0 && pwned.scripts === 0, `nothing ran: ${JSON.stringify(pwned)}`);
  const evalBlocked = await browser.execute(() => {
    try {
      return new Function("return 1")() !== 1;
    } catch {
      return true;
    }
  });
  check(evalBlocked, "the Content-Security-Policy blocks eval");
  log("markup in a transcript shows as text and never runs; the CSP blocks eval");

  // 3c. Broken files beside a good one: the report says what happened in
  // Swedish, names each file, never shows a path or the core's English.
  const empty = path.join(WORK, "tom-intervju.txt");
  fs.writeFileSync(empty, "");
  const fakeDocx = path.join(WORK, "trasig-intervju.docx");
  fs.writeFileSync(fakeDocx, "det här är ingen Word-fil");
  const longSpeakers = path.join(WORK, "fokusgrupp-langa-titlar.txt");
  fs.writeFileSync(
    longSpeakers,
    [
      "Samtalsledare: Berätta om hur ni samverkar kring utskrivningar från sjukhuset.",
      "Specialistundersköterska: Vi ringer alltid dagen innan och stämmer av läkemedelslistan med hemtjänsten. 🙈",
      "Biståndshandläggare: Beslutet behöver vara klart innan brukaren kommer hem, annars blir det fel från början. 👍",
      "Enhetschef inom hemtjänsten: Vi har börjat med gemensamma möten varje vecka.",
    ].join("\n") + "\n",
  );
  await pick([empty, fakeDocx, longSpeakers]);
  await click("import-button");
  const mixed = await dismissReport();
  for (const f of [empty, fakeDocx, longSpeakers]) {
    check(mixed.includes(path.basename(f)), `the report names ${path.basename(f)}: ${mixed}`);
  }
  check(!mixed.includes(WORK), `no full path in the report: ${mixed}`);
  const coreEnglish = /\b(the|file is|empty|bytes|could not|not a|archive|line \d|entry|inflates|turns|speakers)\b/i;
  check(!coreEnglish.test(mixed), `no English from the core in the Swedish report: ${mixed}`);
  check(/2 filer kunde inte läsas|kunde inte/i.test(mixed), `the report says two files failed: ${mixed}`);
  log(`a broken and a good import, reported in Swedish: ${mixed.replace(/\s+/g, " ").slice(0, 160)}`);

  // 3d. Long speaker labels wrap at spaces, never inside a word.
  const longDocItem = await browser.$(`[data-testid="doc-item"][data-name="fokusgrupp-langa-titlar"]`);
  await longDocItem.waitForDisplayed({ timeout: 15000 });
  await longDocItem.click();
  await until("the long labels", () =>
    browser.execute(() =>
      [...document.querySelectorAll('[data-testid="reader"] .speaker')].some((e) => e.textContent === "Specialistundersköterska"),
    ),
  );
  const broken = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="reader"] .speaker')]
      .filter((el) => {
        // A word broken across lines shows as two rects for one word's range.
        const text = el.firstChild;
        if (!text || text.nodeType !== 3) return false;
        let at = 0;
        for (const word of el.textContent.split(" ")) {
          const r = document.createRange();
          r.setStart(text, at);
          r.setEnd(text, at + word.length);
          at += word.length + 1;
          const lines = new Set([...r.getClientRects()].map((q) => Math.round(q.top)));
          if (lines.size > 1) return true;
        }
        return false;
      })
      .map((el) => el.textContent),
  );
  check(broken.length === 0, `no speaker label breaks inside a word: ${JSON.stringify(broken)}`);
  log("long speaker labels wrap at spaces (and emoji render)");
  await shot("03a-long-speaker-labels");

  // 4. Import the survey through the column-mapping dialog.
  await pick([SURVEY]);
  await click("import-button");
  await shown("survey-mapping", 30000);
  const preview = await shown("survey-preview", 30000);
  await until("the survey preview counts", async () => /340/.test(await preview.getText()));
  await shot("02-survey-mapping");
  await click("survey-import");
  const surveyReport = await dismissReport();
  check(surveyReport.includes(path.basename(SURVEY)), `the survey report names the file: ${surveyReport}`);
  log("imported the survey (column mapping with preview)");

  // 4b. The command line beside the open app, on the same project and so
  // the same index folder: it searches and imports; the app's next import
  // works, and its list holds both documents.
  // The same person at the same computer: the same identity and name.
  const cli = (...args) => execFileSync(CLI, args, { encoding: "utf8", env: process.env });
  const cliFound = cli("search", projectFile, "samverkan", "--limit", "2");
  check(/\d+ hits/.test(cliFound), `the command line searches: ${cliFound.slice(0, 200)}`);
  const cliDoc = path.join(WORK, "intervju-fran-terminalen.txt");
  fs.writeFileSync(cliDoc, "Intervjuare: Hur går det?\nEnhetschef: Välfärdstekniken kommer långsamt.\n");
  cli("import", projectFile, cliDoc);
  const appDoc = path.join(WORK, "fokusgrupp-efter-terminalen.txt");
  fs.writeFileSync(appDoc, "Samtalsledare: Och samverkan?\nDeltagare 1: Den fungerar bättre nu.\n");
  await pick([appDoc]);
  await click("import-button");
  const afterCli = await dismissReport();
  check(
    afterCli.includes(path.basename(appDoc)) && !/misslyckades|kunde inte/i.test(afterCli),
    `the import after the command line succeeds: ${afterCli}`,
  );
  for (const name of ["intervju-fran-terminalen", "fokusgrupp-efter-terminalen"]) {
    await until(`${name} in the list`, () =>
      browser.execute((n) => !!document.querySelector(`[data-testid="doc-item"][data-name="${n}"]`), name),
    );
  }
  log("the command line searched and imported beside the open app; the app's next import and its list are right");

  // 5. Open the transcript and code a known quote, with a level and a focus area.
  const doc = await browser.$(`[data-testid="doc-item"][data-name="${DOC_NAME}"]`);
  await doc.waitForDisplayed({ timeout: 15000 });
  await doc.click();
  await until("the transcript's turns", async () => (await count("turn")) > 5);
  const before = await count("highlight");
  await browser.execute((s, e) => window.__tematik.selectRange(s, e), QUOTE.start, QUOTE.end);
  await shown("code-popover");
  await click("level-meso");
  await click("focus-samverkan");
  const input = await shown("popover-input");
  await input.click();
  await input.setValue(CODE);
  await until("the code among the options", async () => {
    const first = (await all("popover-option"))[0];
    return !!first && (await first.getText()).includes(CODE);
  });
  await browser.keys(["Enter"]);
  await until("the new highlight", async () => (await count("highlight")) > before);
  const marked = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="highlight"]')].map((e) => e.textContent).join(""),
  );
  check(marked.includes(QUOTE.text.slice(0, 30)), "the quote is highlighted");
  log(`coded the quote "${QUOTE.text.slice(0, 40)}…" with ${CODE}, meso, samverkan`);
  await shot("03-reader-coded");

  // 6. The quotes view shows it, with its level and focus area.
  await click("tab-quotes");
  await browser.execute((name) => {
    const select = document.querySelector('[data-testid="quotes-code"]');
    const option = [...select.options].find((o) => o.textContent.includes(name));
    select.value = option.value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }, CODE);
  await until("a quote", async () => (await count("quote-item")) === 1);
  const quote = await (await all("quote-item"))[0].getText();
  check(quote.includes(QUOTE.text.slice(0, 30)), `the quote is listed: ${quote}`);
  check(/meso/i.test(quote) && /samverkan/i.test(quote), `it shows its tags: ${quote}`);
  log("the quotes view lists the coding with its tags");
  await shot("04-quotes");

  // 7. Search finds it, as you type.
  await click("tab-search");
  const word = QUOTE.text
    .split(/[^\p{L}]+/u)
    .sort((a, b) => b.length - a.length)[0]
    .toLowerCase();
  const box = await shown("search-input");
  await box.click();
  for (const ch of word) await browser.keys([ch]);
  await until("search hits", async () => (await count("search-hit")) > 0);
  const hits = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="search-hit"]')].map((e) => e.textContent),
  );
  check(
    hits.some((h) => h.toLowerCase().includes(word) && h.includes(CODE)),
    `a coding hit for "${word}" names ${CODE}`,
  );
  check((await count("facet-value")) > 0, "the facet sidebar has values");
  log(`search for "${word}" finds the coding (${hits.length} hits on the page)`);
  await shot("05-search");

  // 7a. A search that finds survey answers: they are counted under their
  // question ("Fråga"), not one "document" each; a question filters.
  await (await shown("search-input")).click();
  await browser.execute(() => {
    const el = document.querySelector('[data-testid="search-input"]');
    el.value = "";
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await browser.keys([..."samverkan"]);
  const questionFacets = () =>
    browser.execute(() => [...document.querySelectorAll('[data-testid="facet-value"]')].filter((e) => e.dataset.facet.includes('"question"')).length);
  await until("question facets", async () => (await questionFacets()) >= 2, 20000);
  const docFacets = await browser.execute(
    () => [...document.querySelectorAll('[data-testid="facet-value"]')].filter((e) => e.dataset.facet.startsWith('["doc"')).length,
  );
  check(docFacets < 10, `survey answers are not listed as documents (${docFacets} document values)`);
  await shot("05a-search-survey-facets");
  // The number of hits, without the time it took.
  const hitCount = async () => (await (await byId("search-total")).getText()).replace(/\(.*?\)/g, "").trim();
  const totalBefore = await hitCount();
  await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="facet-value"]')].find((e) => e.dataset.facet.includes('"question"')).click(),
  );
  await until("the question filter", async () => (await hitCount()) !== totalBefore, 20000);
  log(`survey answers are counted by question; a question filters (${totalBefore} → ${await hitCount()})`);
  await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="facet-value"]')].find((e) => e.dataset.facet.includes('"question"')).click(),
  );
  await until("the question filter off", async () => (await hitCount()) === totalBefore, 20000);
  // Back to the coding's search, for what follows.
  await browser.execute((w) => {
    const el = document.querySelector('[data-testid="search-input"]');
    el.value = w;
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, word);
  await until("the coding's hit again", () =>
    browser.execute(
      (code) => [...document.querySelectorAll('[data-testid="search-hit"]')].some((e) => e.textContent.includes(code)),
      CODE,
    ),
  );

  // 7b. Similar passages from the coding: suggestions only, nothing coded.
  const codingsBefore = await browser.execute(() => document.querySelectorAll('[data-testid="search-hit"]').length);
  await click("hit-similar");
  await shown("similar-panel");
  await until("similar passages", async () => (await count("similar-item")) > 0, 20000);
  const similar = await count("similar-item");
  log(`similar passages suggested (${similar}); nothing is coded until the coder accepts`);
  await shot("05b-similar");
  check(
    (await browser.execute(() => document.querySelectorAll('[data-testid="search-hit"]').length)) === codingsBefore,
    "suggesting codes nothing",
  );

  // 7c. A journal memo.
  await click("tab-journal");
  await click("memo-new");
  await (await shown("memo-title")).setValue("Fas 3 – söka teman");
  await (await shown("memo-body")).setValue("Samverkan kring utskrivning verkar vara ett tema: <b>inte</b> fetstil.");
  await click("memo-save");
  await until("the memo in the list", async () =>
    browser.execute(() =>
      [...document.querySelectorAll('[data-testid="memo-item"]')].some((e) => e.textContent.includes("Fas 3")),
    ),
  );
  log("wrote a journal memo");
  await shot("05c-journal");
  await click("tab-search");

  // 8. Undo (twice: the memo, then the coding) removes it everywhere.
  await click("undo-button");
  await until("the memo undone", async () =>
    browser.execute(() =>
      [...document.querySelectorAll('[data-testid="toast-info"]')].some((e) => /Ångrade: nytt memo/.test(e.textContent)),
    ),
  );
  await click("undo-button");
  // The toast names the code and the place, and the reader shows it.
  await until("the coding undone, with its place", async () =>
    browser.execute(
      (code, doc) =>
        [...document.querySelectorAll('[data-testid="toast-info"]')].some(
          (e) => e.textContent.includes(`Ångrade: kodning ${code}, ${doc}, replik`),
        ),
      CODE,
      DOC_NAME,
    ),
  );
  await shot("05d-undo-toast");
  await click("tab-quotes");
  await until("no quotes", async () => (await count("quote-item")) === 0);
  await click("tab-reader");
  await until("the highlight gone", async () => (await count("highlight")) === before);
  log("undo removed the coding from the reader and the quotes");

  // 9. The survey grid (paged from the core); the code panel lies over it
  // instead of narrowing it.
  await click("tab-survey");
  await browser.pause(500);
  await shot("06-survey");
  await click("code-node");
  await shown("panel-close");
  await shot("06b-survey-code-panel");
  await click("panel-close");

  // 10. The 60,000-word transcript: first paint, scrolling.
  const long = longTranscript();
  await click("tab-reader");
  await pick([long]);
  await click("import-button");
  await dismissReport();
  const longDoc = await browser.$(`[data-testid="doc-item"][data-name="fokusgrupp-lang-60000"]`);
  await longDoc.waitForDisplayed({ timeout: 15000 });
  await longDoc.click();
  await until("the long transcript painted", async () =>
    browser.execute(() => (window.__tematikMetrics?.firstPaintDocument ?? []).some((m) => m.words >= 50000)),
  );
  const turnsInDom = await count("turn");
  check(turnsInDom < 200, `only visible turns are rendered (${turnsInDom} in the DOM)`);
  await browser.execute(() => {
    const r = document.querySelector('[data-testid="reader"]');
    const scroller = r?.querySelector(".scroller") ?? r;
    scroller.scrollTop = scroller.scrollHeight / 2;
  });
  await browser.pause(300);
  log(`opened a 60,000-word transcript (${turnsInDom} turns in the DOM)`);
  await shot("07-long-transcript");

  // 11. Switch to English.
  await chooseLanguage("en");
  await until("English tabs", async () => (await (await byId("tab-reader")).getText()) === "Read/code");
  log("switched the language to English");
  await shot("08-english");

  // 11a. The same broken import in English: the user's words, no path.
  const fakeXlsx = path.join(WORK, "broken-export.docx");
  fs.writeFileSync(fakeXlsx, "PK this is not really a Word file");
  const goodEn = path.join(WORK, "intervju-engelska-rapporten.txt");
  fs.writeFileSync(goodEn, "Intervjuare: Hur är läget?\nSjuksköterska: Bra.\n");
  await pick([fakeXlsx, goodEn]);
  await click("import-button");
  const mixedEn = await dismissReport();
  check(!mixedEn.includes(WORK), `no full path in the English report: ${mixedEn}`);
  check(/could not|couldn't/i.test(mixedEn) && mixedEn.includes("broken-export.docx"), `the English report: ${mixedEn}`);
  check(!/kunde inte|filer|repliker/i.test(mixedEn), `no Swedish in the English report: ${mixedEn}`);
  log(`a broken and a good import, reported in English: ${mixedEn.replace(/\s+/g, " ").slice(0, 160)}`);

  // 11b. A project file from a newer Tematik is refused with the specific
  // message, written from the error's code and details (the versions), in
  // English and then in Swedish; not "Something went wrong".
  await click("close-project");
  await shown("start-open");
  // The closed project is checkpointed into its file: copy it and raise the
  // schema version in the SQLite header (user_version: bytes 60–63, big-endian).
  const newer = path.join(WORK, "nyare-version.tematik");
  const header = fs.readFileSync(projectFile);
  header.writeUInt32BE(99, 60);
  fs.writeFileSync(newer, header);
  const openNewer = async (lang) => {
    // Earlier error toasts are closed first: the one read is this attempt's.
    await browser.execute(() =>
      document.querySelectorAll('[data-testid="toast-error"] button.close').forEach((b) => b.click()),
    );
    await until("no error toast", async () => (await count("toast-error")) === 0);
    await pick([newer]);
    await click("start-open");
    let text = "";
    await until(`the newer-schema message (${lang})`, async () => {
      const texts = await browser.execute(() =>
        [...document.querySelectorAll('[data-testid="toast-error"]')].map((e) => e.textContent),
      );
      text = texts.at(-1) ?? "";
      return text.includes("99");
    });
    check(!/Something went wrong|Något gick fel/.test(text), `a specific message, not the generic one: ${text}`);
    return text;
  };
  const english = await openNewer("en");
  await shot("08b-newer-schema-en");
  await chooseLanguage("sv");
  await until("the Swedish start screen", async () => /demoprojektet/i.test(await (await byId("start-demo")).getText()));
  const swedish = await openNewer("sv");
  check(swedish !== english, `the message follows the language: ${swedish}`);
  await shot("08c-newer-schema-sv");
  log(`a newer project file is refused: "${swedish.trim()}" / "${english.trim()}"`);
  // Back in English, in the E2E project, for what follows.
  await chooseLanguage("en");
  await until("the English start screen", async () => /demo project/i.test(await (await byId("start-demo")).getText()));
  await pick([projectFile]);
  await click("start-open");
  await shown("tab-reader", 30000);

  // Timings recorded by the UI in the real window.
  const m = await browser.execute(() => window.__tematikMetrics);
  const fmt = (xs) =>
    xs.length
      ? `median ${median(xs).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (n=${xs.length})`
      : "not measured";

  // 12. Search at size M of the benchmark (about 1M words, 10,000 codings),
  // when scripts/e2e has generated it.
  let atM = null;
  let backendAtM = null;
  let answerAtM = null;
  let domAtM = null;
  const mProject = process.env.E2E_M_PROJECT;
  if (mProject && fs.existsSync(mProject)) {
    await click("close-project");
    await pick([mProject]);
    await click("start-open");
    await shown("tab-search", 180000);
    await until("the M project's documents", async () => (await count("doc-item")) > 10, 180000);
    await click("tab-search");
    await browser.execute(() => {
      window.__tematikMetrics.searchKeyToDraw = [];
      window.__tematikMetrics.searchBackend = [];
      window.__tematikMetrics.searchAnswer = [];
      window.__tematikMetrics.searchDom = [];
    });
    const search = await shown("search-input");
    for (const q of ["samverkan", "brukarens", "nära vård", "kommun*"]) {
      await search.click();
      await browser.execute(() => {
        const el = document.querySelector('[data-testid="search-input"]');
        el.value = "";
        el.dispatchEvent(new Event("input", { bubbles: true }));
      });
      for (const ch of q) {
        await browser.keys([ch]);
        await browser.pause(150); // a brisk typist: about 7 keys a second
      }
      await until(`hits for ${q}`, async () => (await count("search-hit")) > 0, 30000);
    }
    atM = await browser.execute(() => window.__tematikMetrics.searchKeyToDraw);
    backendAtM = await browser.execute(() => window.__tematikMetrics.searchBackend);
    answerAtM = await browser.execute(() => window.__tematikMetrics.searchAnswer);
    domAtM = await browser.execute(() => window.__tematikMetrics.searchDom);
    const total = await (await byId("search-total")).getText();
    log(`searched the M project (${path.basename(mProject)}): ${total}`);
    await shot("09-search-size-m");
    // "Show all" of the code group: a long group comes with its top 25
    // values; every value (of 204 codes) comes when asked for, and the
    // button says how many there are.
    const codeFacets = () =>
      browser.execute(
        () => [...document.querySelectorAll('[data-testid="facet-value"]')].filter((e) => e.dataset.facet.startsWith('["code"')).length,
      );
    const codeShowAll = await browser.$('section.group:first-of-type [data-testid="facet-show-all"]');
    const said = await codeShowAll.getText();
    const n = Number((said.match(/\d[\d\s,.]*/) ?? ["0"])[0].replace(/\D/g, ""));
    check(n > 25, `the code group's "show all" counts every value the core found: «${said}»`);
    const capped = await codeFacets();
    await codeShowAll.click();
    await until(`all ${n} code values`, async () => (await codeFacets()) === n, 30000);
    log(`the code group showed ${capped} values, then all ${n} after «${said}»`);
    await codeShowAll.click();
    await until("the code group capped again", async () => (await codeFacets()) === capped, 30000);
  }

  // 13. The team lead's review (issue 15), on the demo project (coded with
  // levels and focus areas): merge two codes, split one, move a code to
  // another theme, discard one and bring it back, mark a theme final,
  // define it and pin an example quote; a matrix whose cell opens exactly
  // its segments; exports of the matrix (CSV) and the map (SVG, PNG).
  await click("close-project");
  // The start screen first: a click on Settings while the project closes
  // lands on the top bar's button as it goes away.
  await shown("start-demo");
  await until("the project's top bar gone", async () => (await count("close-project")) === 0);
  await chooseLanguage("sv");
  await until("the Swedish start screen", async () => /demoprojektet/i.test(await (await byId("start-demo")).getText()));
  await click("start-demo");
  await until("the demo's highlights", async () => (await count("highlight")) >= 5, 30000);
  await browser.execute(() =>
    document.querySelectorAll('[data-testid="toast-error"] button.close').forEach((b) => b.click()),
  );
  await click("tab-review");
  await until("the review tree", async () => (await count("review-node")) >= 5, 30000);
  /** The review tree's rows as data (read in the page). */
  const reviewRows = () =>
    browser.execute(() =>
      [...document.querySelectorAll('[data-testid="review-node"]')].map((e) => ({
        id: e.dataset.id,
        name: e.dataset.name,
        depth: Number(e.dataset.depth),
        role: e.dataset.role,
        parent: e.dataset.parent,
        codings: Number(e.dataset.codings),
        status: e.dataset.status,
        flags: e.dataset.flags,
      })),
    );
  const rowOf = async (id) => (await reviewRows()).find((r) => r.id === id);
  const clickRow = (id) => browser.execute((i) => document.querySelector(`[data-testid="review-node"][data-id="${i}"]`).click(), id);
  const pressOnRow = async (id, keys) => {
    await clickRow(id);
    await browser.execute((i) => document.querySelector(`[data-testid="review-node"][data-id="${i}"]`).focus(), id);
    await browser.keys(keys);
  };
  let rows = await reviewRows();
  const parentsOf = new Set(rows.map((r) => r.parent).filter(Boolean));
  const leaves = rows.filter((r) => !parentsOf.has(r.id) && r.depth > 0 && r.codings > 0).sort((a, b) => b.codings - a.codings);
  check(leaves.length >= 3, `the demo has coded leaf codes: ${JSON.stringify(leaves.map((l) => l.name))}`);

  // 13a. Merge: M on a code, the picker, the target.
  const [into, from] = leaves.filter((l) => l.codings >= 2);
  check(!!into && !!from, "two codes with at least two codings each");
  await pressOnRow(from.id, ["m"]);
  await (await shown("merge-picker-input")).setValue(into.name);
  await until("the merge target", () =>
    browser.execute((n) => !!document.querySelector(`[data-testid="merge-target"][data-name="${CSS.escape(n)}"]`), into.name),
  );
  await browser.execute((n) => document.querySelector(`[data-testid="merge-target"][data-name="${CSS.escape(n)}"]`).click(), into.name);
  await until("the merged code gone, its codings in the target", async () => {
    const r = await reviewRows();
    const target = r.find((x) => x.id === into.id);
    return !r.some((x) => x.id === from.id) && !!target && target.codings >= into.codings + 1;
  });
  const merged = await rowOf(into.id);
  log(`merged «${from.name}» (${from.codings}) into «${into.name}» (${into.codings} → ${merged.codings})`);

  // 13b. Split: check one of its quotes, S, a name.
  await clickRow(into.id);
  await until("the target's quotes", async () => (await count("review-quote")) >= 2);
  await browser.execute(() => document.querySelector('[data-testid="review-quote-check"]').click());
  await click("review-split");
  await (await shown("split-name")).setValue("E2E-delkod");
  await click("split-confirm");
  await until("the new code from the split", async () => (await reviewRows()).some((r) => r.name === "E2E-delkod" && r.codings === 1));
  const part = (await reviewRows()).find((r) => r.name === "E2E-delkod");
  check((await rowOf(into.id)).codings === merged.codings - 1, "the split coding left the code");
  log(`split one coding of «${into.name}» into «E2E-delkod»`);

  // 13c. Move the new code to another theme (dropped on it).
  const themeOf = (all, id) => {
    let cur = all.find((r) => r.id === id);
    while (cur && cur.parent) cur = all.find((r) => r.id === cur.parent);
    return cur;
  };
  rows = await reviewRows();
  const otherTheme = rows.find((r) => r.depth === 0 && r.id !== themeOf(rows, part.id)?.id);
  check(!!otherTheme, "another theme to move to");
  await browser.execute(
    (src, dst) => {
      const dt = new DataTransfer();
      const a = document.querySelector(`[data-testid="review-node"][data-id="${src}"]`);
      const b = document.querySelector(`[data-testid="review-node"][data-id="${dst}"]`);
      a.dispatchEvent(new DragEvent("dragstart", { bubbles: true, cancelable: true, dataTransfer: dt }));
      b.dispatchEvent(new DragEvent("dragover", { bubbles: true, cancelable: true, dataTransfer: dt }));
      b.dispatchEvent(new DragEvent("drop", { bubbles: true, cancelable: true, dataTransfer: dt }));
      a.dispatchEvent(new DragEvent("dragend", { bubbles: true, dataTransfer: dt }));
    },
    part.id,
    otherTheme.id,
  );
  await until("the code under the other theme", async () => (await rowOf(part.id))?.parent === otherTheme.id);
  log(`moved «E2E-delkod» to the theme «${otherTheme.name}»`);

  // 13d. Discard it (Delete) and bring it back from "Övrigt / kasserade".
  await pressOnRow(part.id, ["Delete"]);
  await until("the code in the discard pile", () =>
    browser.execute((i) => !!document.querySelector(`[data-testid="discarded-node"][data-id="${i}"]`), part.id),
  );
  check(!(await rowOf(part.id)), "a discarded code leaves the tree");
  await browser.execute((i) => document.querySelector(`[data-testid="discarded-node"][data-id="${i}"] [data-testid="restore-node"]`).click(), part.id);
  await until("the code back in the tree", async () => (await rowOf(part.id))?.parent === otherTheme.id);
  log("discarded «E2E-delkod» and restored it");

  // 13e. A theme: final, defined with its scope notes, an example pinned.
  await clickRow(otherTheme.id);
  await shown("review-details");
  await click("status-final");
  await until("the theme final", async () => (await rowOf(otherTheme.id))?.status === "final");
  const by = await (await shown("review-status-by")).getText();
  check(by.includes("E2E-kodare"), `the status says who: ${by}`);
  await (await shown("review-definition")).setValue("Hur aktörer samarbetar kring den enskilde.");
  await (await shown("review-includes")).setValue("Samarbete mellan kommun, region och civilsamhälle.");
  await (await shown("review-excludes")).setValue("Samarbete inom ett och samma team.");
  await click("review-define-save");
  await until("the definition saved", async () => !(await rowOf(otherTheme.id)).flags.includes("no_definition"));
  await until("the theme's quotes", async () => (await count("review-pin")) > 0);
  await browser.execute(() => document.querySelector('[data-testid="review-pin"]:not([disabled])').click());
  await until("the pinned example", async () => (await count("example-item")) === 1);
  log(`marked «${otherTheme.name}» final (${by}), defined it, pinned an example`);
  await shot("15a-review");

  // 13f. A matrix (themes × the first dimension); a cell opens exactly its segments.
  await click("tab-matrices");
  await until("the matrix's cells", async () => (await count("matrix-cell")) > 0, 20000);
  await browser.pause(300);
  await shot("15b-matrix");
  const cell = await browser.execute(() => {
    const cells = [...document.querySelectorAll('[data-testid="matrix-cell"]')];
    const best = cells.filter((c) => Number(c.dataset.count) > 0 && Number(c.dataset.count) <= 100).sort((a, b) => Number(b.dataset.count) - Number(a.dataset.count))[0];
    if (!best) return null;
    const column = document.querySelectorAll('[data-testid="matrix-column"]')[Number(best.dataset.column)];
    return { row: best.dataset.row, column: best.dataset.column, count: Number(best.dataset.count), label: column.textContent.trim() };
  });
  check(!!cell, "a non-empty cell");
  await browser.execute((r, c) => document.querySelector(`[data-testid="matrix-cell"][data-row="${r}"][data-column="${c}"]`).click(), cell.row, cell.column);
  await until("the cell's segments", async () => (await count("quote-item")) === cell.count, 20000);
  const heading = await (await shown("quotes-cell-heading")).getText();
  check(heading.includes(`${cell.count} kodning`), `the heading says which cell: ${heading}`);
  const tagged = await browser.execute(
    (label) =>
      [...document.querySelectorAll('[data-testid="quote-item"]')].every((q) =>
        [...q.querySelectorAll('[data-testid="quote-tag"]')].some((t) => t.textContent.trim() === label),
      ),
    cell.label,
  );
  check(cell.label.startsWith("(") || tagged, `every segment carries the column's value «${cell.label}»`);
  log(`a matrix cell (${heading}) opened exactly its ${cell.count} segments`);
  await click("quotes-back");
  await shown("matrices-view");

  // 13g. Export the matrix to CSV (";" and a BOM, the defaults).
  const csv = path.join(WORK, "matris.csv");
  await pick([csv]);
  await click("matrix-export");
  await until("the CSV file", async () => fs.existsSync(csv) && fs.statSync(csv).size > 0);
  const csvText = fs.readFileSync(csv, "utf8");
  check(csvText.charCodeAt(0) === 0xfeff, "the CSV starts with a BOM");
  check(csvText.split(/\r?\n/)[0].includes(";"), `the CSV is separated by semicolons: ${csvText.slice(0, 120)}`);
  check(csvText.includes(otherTheme.name), "the CSV names the themes");
  log(`exported the matrix to ${path.basename(csv)} (${csvText.split(/\r?\n/).filter(Boolean).length} lines)`);

  // 13h. The thematic map: fitted, labels inside the view; a node selects in
  // the review; exports SVG and PNG.
  await click("tab-review");
  await click("review-tab-map");
  await until("the map's nodes", async () => (await count("map-node")) > 5, 20000);
  await browser.pause(300);
  await shot("15c-map");
  const clipped = await browser.execute(() => {
    const svg = document.querySelector('[data-testid="map-svg"]').getBoundingClientRect();
    return [...document.querySelectorAll('[data-testid="map-svg"] text')]
      .filter((t) => {
        const r = t.getBoundingClientRect();
        return r.left < svg.left - 1 || r.right > svg.right + 1 || r.top < svg.top - 1 || r.bottom > svg.bottom + 1;
      })
      .map((t) => t.textContent);
  });
  check(clipped.length === 0, `no label cut by the fitted map: ${JSON.stringify(clipped.slice(0, 5))}`);
  const svgFile = path.join(WORK, "karta.svg");
  await pick([svgFile]);
  await click("map-export-svg");
  await until("the SVG file", async () => fs.existsSync(svgFile) && fs.statSync(svgFile).size > 0);
  const svgText = fs.readFileSync(svgFile, "utf8");
  check(/<svg[\s>]/.test(svgText) && svgText.includes(otherTheme.name), "the SVG is an SVG with the themes' names");
  const pngFile = path.join(WORK, "karta.png");
  await pick([pngFile]);
  await click("map-export-png");
  await until("the PNG file", async () => fs.existsSync(pngFile) && fs.statSync(pngFile).size > 8);
  const png = fs.readFileSync(pngFile);
  check(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), "the PNG is a PNG");
  await browser.execute((i) => document.querySelector(`[data-testid="map-node"][data-id="${i}"]`).dispatchEvent(new MouseEvent("click", { bubbles: true })), into.id);
  await until("the node selected in the review", () =>
    browser.execute((i) => document.querySelector('[data-testid="review-details"]')?.dataset.id === i, into.id),
  );
  log(`the map: fitted with no cut label, exported ${path.basename(svgFile)} (${svgText.length} bytes) and ${path.basename(pngFile)} (${png.length} bytes); a click selects in the review`);
  const reviewErrors = await browser.execute(() =>
    [...document.querySelectorAll('[data-testid="toast-error"]')].map((e) => e.textContent.trim()),
  );
  check(reviewErrors.length === 0, `no error while reviewing: ${reviewErrors.join(" | ")}`);

  // 14. Chapter writing (issue 16), on the demo project: a coding hit from
  // search into a new quote set "Kapitel 6", a second quote from the quote
  // finder, a trim, the transcript attribution template (and k, so the
  // re-identification warning shows), the set with its warnings, and the
  // set exported to DOCX: a ZIP whose word/document.xml has the quote.
  /** Sets a field's value as typing would (input event; change for selects). */
  const setField = (id, value) =>
    browser.execute(
      (t, v) => {
        const el = document.querySelector(`[data-testid="${t}"]`);
        el.value = v;
        el.dispatchEvent(new Event(el.tagName === "SELECT" ? "change" : "input", { bubbles: true }));
      },
      id,
      value,
    );
  const toastsOf = (kind) =>
    browser.execute((k) => [...document.querySelectorAll(`[data-testid="toast-${k}"]`)].map((e) => e.textContent.trim()), kind);
  await click("tab-search");
  await shown("search-input");
  await setField("search-entries", "coding");
  let searched = null;
  for (const w of ["brukaren", "samverkan", "hemtjänsten", "personen", "vi"]) {
    await setField("search-input", w);
    try {
      await until(`a coding hit for ${w}`, async () => (await count("add-to-chapter")) > 0, 8000);
      searched = w;
      break;
    } catch {}
  }
  check(!!searched, "search finds a coding hit to quote");
  const hitCoding = await browser.execute(() => {
    const hit = document.querySelector('[data-testid="search-hit"][data-entry="coding"]');
    const id = hit.querySelector("[data-coding-id]").dataset.codingId;
    hit.querySelector('[data-testid="add-to-chapter"]').click();
    return id;
  });
  // No set yet in the demo: the window offers to create one.
  await (await shown("first-set-name")).setValue("Kapitel 6");
  await click("first-set-create");
  await until("the added toast", async () => (await toastsOf("info")).some((x) => x.includes("Lagt till i «Kapitel 6»")));
  log(`searched «${searched}» and added a coding hit to the new set «Kapitel 6» from the search view`);

  await click("tab-chapters");
  await until("the quote in the set", async () => (await count("set-quote")) === 1, 15000);
  const chapterTitle = await (await shown("quote-set-title")).getText();
  check(chapterTitle === "Kapitel 6", `the current set is «Kapitel 6»: ${chapterTitle}`);
  check(
    await browser.execute((id) => document.querySelector('[data-testid="set-quote"]').dataset.codingId === id, hitCoding),
    "the set holds the coding added from search",
  );

  // 14a. The quote finder: Enter on the first candidate not yet in the set adds it.
  await click("chapters-tab-finder");
  await shown("finder-code");
  // The node with the most codings (a theme, counted with everything below it).
  const finderCode = await browser.execute(() => {
    const options = [...document.querySelector('[data-testid="finder-code"]').options];
    const n = (o) => Number((/\(([\d\s\u00a0]+)\)\s*$/.exec(o.textContent)?.[1] ?? "0").replace(/\D/g, ""));
    return options.sort((a, b) => n(b) - n(a))[0].value;
  });
  await setField("finder-code", finderCode);
  await until("the finder's candidates", async () => (await count("finder-candidate")) > 1, 20000);
  const finderPick = await browser.execute(() => {
    const c = document.querySelector('[data-testid="finder-candidate"][data-in-set="0"]');
    if (!c) return null;
    c.focus();
    return { id: c.dataset.codingId, reasons: [...c.querySelectorAll('[data-testid="finder-reason"]')].map((r) => r.textContent.trim()) };
  });
  check(!!finderPick, "a candidate not yet in the set");
  await browser.keys(["Enter"]);
  await until("the candidate marked as in the set", () =>
    browser.execute((id) => [...document.querySelectorAll('[data-testid="finder-candidate"]')].some((c) => c.dataset.codingId === id && c.dataset.inSet === "1"), finderPick.id),
  );
  await click("chapters-tab-set");
  await until("two quotes in the set", async () => (await count("set-quote")) === 2);
  log(`the quote finder's candidate (${finderPick.reasons.join(", ") || "no reasons"}) added with Enter`);

  // 14b. Trim the first quote to its first part: offsets typed into the trim mode.
  await browser.execute(() => document.querySelector('[data-testid="set-quote"] [data-testid="set-quote-trim"]').click());
  const wholeText = await browser.execute(() => document.querySelector('[data-testid="trim-text"]').textContent);
  let trimCut = wholeText.lastIndexOf(" ", Math.floor(wholeText.length * 0.6));
  if (trimCut <= 0) trimCut = Math.max(1, Math.floor(wholeText.length / 2));
  await setField("trim-start", "0");
  await setField("trim-end", String(trimCut));
  await click("trim-keep");
  await click("trim-save");
  // Only the first part is kept: the quote ends there (an omission inside a
  // quote is written "[…]", a shortened end is not).
  await until("the trimmed quote", () =>
    browser.execute(
      (whole) => !document.querySelector('[data-testid="trim-editor"]') && document.querySelector('[data-testid="set-quote-text"]').textContent.trim().length < whole.trim().length,
      wholeText,
    ),
  );
  const trimmedText = await browser.execute(() => document.querySelector('[data-testid="set-quote-text"]').textContent);
  check(trimmedText.includes(wholeText.slice(0, trimCut).trim().split(/\s+/)[0]), `the trimmed quote keeps its first part: ${trimmedText}`);
  log(`trimmed the quote to [0, ${trimCut}) of ${wholeText.length}: «${trimmedText.slice(0, 90)}»`);

  // 14c. The transcript attribution template (and k = 10) in the settings.
  const attributionsBefore = await browser.execute(() => [...document.querySelectorAll('[data-testid="set-quote-attribution"]')].map((e) => e.textContent));
  await openSettingsDialog();
  // Without the team: the demo's default template already writes the
  // profession, team and round, so this one must change every attribution.
  const chapterTemplate = "– {Yrke:lower}[, {Omgång}]";
  await setField("settings-transcript-template", chapterTemplate);
  await setField("settings-k", "10");
  await until("the template's preview", async () => (await count("settings-transcript-preview")) === 1 && (await count("settings-transcript-error")) === 0);
  const templatePreview = await (await byId("settings-transcript-preview")).getText();
  await click("settings-save");
  await until("the settings closed", async () => (await count("settings-project")) === 0);
  await until("the attributions written with the new template", () =>
    browser.execute(
      (before) => {
        const now = [...document.querySelectorAll('[data-testid="set-quote-attribution"]')].map((e) => e.textContent);
        // A value the demo lacks (Yrke) is written "…" and marked.
        const marked = document.querySelectorAll('[data-testid="set-quote-attribution"] mark.missing').length > 0;
        return now.length === before.length && (now.some((a, i) => a !== before[i]) || marked);
      },
      attributionsBefore,
    ),
  );
  const chapterState = await browser.execute(() => ({
    attributions: [...document.querySelectorAll('[data-testid="set-quote-attribution"]')].map((e) => e.textContent),
    warnings: [...document.querySelectorAll('[data-testid="set-quote-warning"]')].map((e) => e.textContent.trim()),
    coarser: document.querySelectorAll('[data-testid="set-quote-coarser"]').length,
    missing: document.querySelectorAll('[data-testid="set-quote-attribution"] mark.missing').length,
  }));
  log(
    `template ${chapterTemplate} (preview: ${templatePreview.replace(/\s+/g, " ").slice(0, 80)}): ${JSON.stringify(chapterState.attributions)}; ` +
      `${chapterState.warnings.length} warning(s)${chapterState.warnings[0] ? ` «${chapterState.warnings[0].slice(0, 100)}»` : ""}, ${chapterState.coarser} coarser button(s), ${chapterState.missing} missing value(s) marked`,
  );
  await shot("16a-chapter");

  // 14d. Export the set to DOCX: a ZIP whose document has the quote.
  await click("chapter-export-open");
  await shown("export-dialog");
  check((await (await byId("export-format")).getValue()) === "docx", "DOCX is the default format");
  const docxFile = path.join(WORK, "kapitel-6.docx");
  await pick([docxFile]);
  await click("chapter-export");
  await until("the DOCX file", async () => fs.existsSync(docxFile) && fs.statSync(docxFile).size > 0, 30000);
  await until("the export finished", async () => (await count("export-busy")) === 0, 30000);
  const docxBytes = fs.readFileSync(docxFile);
  check(docxBytes.subarray(0, 2).toString("latin1") === "PK", "the DOCX is a ZIP (PK header)");
  const documentXml = zipEntry(docxBytes, "word/document.xml");
  check(!!documentXml, "the DOCX has word/document.xml");
  const keptPart = trimmedText.split("[…]")[0];
  const longest = keptPart.split(/[^\p{L}]+/u).sort((a, b) => b.length - a.length)[0] ?? "";
  check(longest.length >= 3 && documentXml.includes(longest), `word/document.xml has the quote's word «${longest}»`);
  await until("the export's toast", async () => (await toastsOf("info")).some((x) => x.includes("kapitel-6.docx")));
  const exportToast = (await toastsOf("info")).find((x) => x.includes("kapitel-6.docx"));
  await click("modal-close");
  const chapterErrors = await toastsOf("error");
  check(chapterErrors.length === 0, `no error while writing the chapter: ${chapterErrors.join(" | ")}`);
  log(`exported «Kapitel 6» to ${path.basename(docxFile)} (${docxBytes.length} bytes, document.xml ${documentXml.length} chars, has «${longest}»): «${exportToast}»`);

  console.log("\n  Timings in the real window (printed, not asserted):");
  console.log(`    keystroke in search → results drawn (test project): ${fmt(m.searchKeyToDraw)}`);
  console.log(`    keystroke in search → results drawn at size M: ${atM ? fmt(atM) : "not measured (no E2E_M_PROJECT)"}  (target ≤ 16 ms)`);
  if (backendAtM) console.log(`      of which the search command at size M: ${fmt(backendAtM)}`);
  if (answerAtM) console.log(`      keystroke → answer in the page (IPC included): ${fmt(answerAtM)}`);
  if (domAtM) console.log(`      keystroke → results in the DOM (before the frame): ${fmt(domAtM)}`);
  console.log(`    Enter in the popover → highlight drawn: ${fmt(m.applyToHighlight)}  (target ≤ 50 ms)`);
  for (const p of m.surveyOpen ?? []) {
    console.log(`    survey grid opened (${p.total} answers) → first rows drawn: ${p.ms.toFixed(1)} ms  (target ≤ 200 ms at L)`);
  }
  for (const p of m.firstPaintDocument) {
    console.log(`    first paint of "${p.name}" (${p.words} words): ${p.ms.toFixed(1)} ms${p.words >= 50000 ? "  (target ≤ 300 ms)" : ""}`);
  }
  m.searchKeyToDrawAtM = atM;
  m.searchBackendAtM = backendAtM;
  m.searchAnswerAtM = answerAtM;
  m.searchDomAtM = domAtM;
  fs.writeFileSync(path.join(OUT, "timings.json"), JSON.stringify(m, null, 2));
  console.log(`\nE2E passed: ${step} steps in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (e) {
  try {
    await shot("failure");
  } catch {}
  // What the window showed, for a log read without the screenshot.
  try {
    const text = await browser.execute(() => {
      // The body's start (the window), then any open dialog in full: it is
      // last in the body and was cut off by the slice.
      const dialog = document.querySelector('[role="dialog"]');
      return document.body.innerText.slice(0, 1500) + (dialog ? `\n--- open dialog ---\n${dialog.innerText.slice(0, 1500)}` : "");
    });
    console.error(`\n  The window showed:\n${text.replace(/^/gm, "    | ")}`);
  } catch {}
  console.error(`\nE2E FAILED at step ${step + 1}: ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.deleteSession().catch(() => {});
}

/** One file of a ZIP archive (a DOCX), found through the central directory
 * and inflated with node's zlib: no dependency for reading the export. */
function zipEntry(buf, name) {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) return null;
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const entryName = buf.subarray(at + 46, at + 46 + nameLen).toString("utf8");
    if (entryName === name) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      return (method === 0 ? data : zlib.inflateRawSync(data)).toString("utf8");
    }
    at += 46 + nameLen + extraLen + commentLen;
  }
  return null;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
