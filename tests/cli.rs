//! The `tematik` command line.

use crate::util::{TempDir, add_transcript, clock};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The cache directory the binary keeps search indexes in during tests,
/// instead of the user's own.
fn cache_home() -> &'static std::path::Path {
    static CACHE: OnceLock<TempDir> = OnceLock::new();
    CACHE.get_or_init(TempDir::new).0.path()
}

/// The config directory the binary keeps this computer's identity in
/// during tests, instead of the user's own.
fn config_home() -> &'static std::path::Path {
    static CONFIG: OnceLock<TempDir> = OnceLock::new();
    CONFIG.get_or_init(TempDir::new).0.path()
}

fn tematik(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tematik"))
        .args(args)
        .env("TEMATIK_CODER", "Cli-kodare")
        .env("TEMATIK_CONFIG_DIR", config_home())
        .env("XDG_CACHE_HOME", cache_home())
        .output()
        .expect("the tematik binary runs")
}

fn ok(args: &[&str]) -> String {
    let out = tematik(args);
    assert!(
        out.status.success(),
        "tematik {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn new_code_codes_uncode_history_and_undo_work_from_the_command_line() {
    let dir = TempDir::new();
    let path = dir.path("cli.tematik");
    let p = path.to_str().unwrap();
    assert!(ok(&["new", p, "--template", "nvos"]).contains("15 codes"));
    {
        let mut project = tematik::Project::open(&path, clock()).unwrap();
        let by = project.ensure_throwaway_coder("Setup").unwrap();
        add_transcript(&mut project, by, "fg1");
    }
    let coded: serde_json::Value = serde_json::from_str(&ok(&[
        "--json",
        "code",
        p,
        "--doc",
        "fg1",
        "--start",
        "78",
        "--end",
        "83",
        "--code",
        "Närhet",
        "--level",
        "mikro",
        "--focus",
        "samverkan",
        "--snap",
    ]))
    .unwrap();
    assert_eq!(
        coded["text"], "har täta",
        "the span was snapped to whole words"
    );
    assert_eq!(coded["tags"].as_array().unwrap().len(), 2);
    let tree: serde_json::Value = serde_json::from_str(&ok(&["--json", "codes", p])).unwrap();
    let narhet = tree
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["name"] == "Närhet")
        .unwrap();
    assert_eq!(narhet["codings"], 1);
    assert!(ok(&["codes", p]).contains("Närhet (theme, candidate)  1 codings"));
    ok(&[
        "code", p, "--doc", "fg1", "--start", "0", "--end", "11", "--code", "Egen kod", "--create",
        "--parent", "Närhet",
    ]);
    assert!(ok(&["codes", p]).contains("  Egen kod (subtheme"));
    ok(&[
        "uncode", p, "--doc", "fg1", "--start", "77", "--end", "85", "--code", "Närhet",
    ]);
    let history = ok(&["history", p]);
    assert!(
        history.contains("Cli-kodare") && history.contains("Removed coding"),
        "{history}"
    );
    ok(&["undo", p]);
    let info: serde_json::Value = serde_json::from_str(&ok(&["--json", "info", p])).unwrap();
    assert_eq!(info["counts"]["codings"], 2);
}

#[test]
fn errors_go_to_stderr_with_a_non_zero_exit() {
    let dir = TempDir::new();
    let path = dir.path("inte-ett-projekt.tematik");
    std::fs::write(&path, "hej").unwrap();
    let out = tematik(&["info", path.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("inte-ett-projekt.tematik is not a Tematik project"),
        "{err}"
    );
    let out = tematik(&["--json", "info", path.to_str().unwrap()]);
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "not_a_project");
    assert_eq!(
        err["error"]["details"]["file"], "inte-ett-projekt.tematik",
        "the error's fields, for a message in the user's language"
    );
    let good = dir.path("bra.tematik");
    ok(&["new", good.to_str().unwrap()]);
    let out = tematik(&[
        "code",
        good.to_str().unwrap(),
        "--doc",
        "saknas",
        "--start",
        "0",
        "--end",
        "1",
        "--code",
        "x",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no document named \"saknas\""));
}

#[test]
fn demo_creates_the_nvos_project_once_and_shows_it() {
    let dir = TempDir::new();
    let path = dir.path("demo.tematik");
    let p = path.to_str().unwrap();
    let first = ok(&["demo", p]);
    assert!(
        first.contains("Nivå: Makronivå, Mesonivå, Mikronivå")
            && first.contains("Individen i centrum"),
        "{first}"
    );
    let second = ok(&["demo", p]);
    assert_eq!(first, second, "running demo again reopens the same project");
    let info: serde_json::Value = serde_json::from_str(&ok(&["--json", "info", p])).unwrap();
    assert_eq!(info["counts"]["codes"], 15);
    assert_eq!(
        info["counts"]["documents"],
        2 + 8,
        "two focus groups, eight survey answers"
    );
    assert!(info["counts"]["codings"].as_u64().unwrap() >= 12);
    assert_eq!(info["counts"]["memos"], 1);
    let quotes: serde_json::Value = serde_json::from_str(&ok(&[
        "--json",
        "quotes",
        p,
        "--code",
        "Samverkan",
        "--level",
        "meso",
    ]))
    .unwrap();
    assert_eq!(
        quotes["total"], 2,
        "the demo's Samverkan quotes at meso level"
    );
    // Each quote's tags by dimension and value name, not only ids.
    for q in quotes["quotes"].as_array().unwrap() {
        let names = q["tag_names"].as_array().unwrap();
        assert!(
            names.iter().any(|t| t["dimension"] == "Nivå"
                && t["value"] == "Mesonivå"
                && t["value_key"] == "meso"),
            "{q}"
        );
        assert_eq!(names.len(), q["coding"]["tags"].as_array().unwrap().len());
        assert!(
            q["code_path"].as_str().unwrap().contains("Samverkan"),
            "{q}"
        );
    }
    let text = ok(&["quotes", p, "--code", "Samverkan", "--level", "meso"]);
    assert!(text.contains("Nivå: Mesonivå"), "{text}");
}

#[test]
fn search_and_quotes_work_from_the_command_line() {
    let dir = TempDir::new();
    let path = dir.path("sok.tematik");
    let p = path.to_str().unwrap();
    ok(&["new", p, "--template", "nvos"]);
    let corpus = crate::util::corpus();
    let fg = corpus.join("focusgroups/fokusgrupp-2022-team1.txt");
    ok(&["import", p, fg.to_str().unwrap()]);
    let json = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        serde_json::from_str(&ok(&all)).unwrap()
    };
    let found = json(&["search", p, "samverkan", "--limit", "3"]);
    let total = found["total"].as_u64().unwrap();
    assert!(total > 3, "samverkan occurs in the focus group: {total}");
    assert_eq!(found["hits"].as_array().unwrap().len(), 3);
    let hit = &found["hits"][0];
    let (start, end) = (hit["start"].as_u64().unwrap(), hit["end"].as_u64().unwrap());
    assert!(!hit["snippet"]["highlights"].as_array().unwrap().is_empty());

    // Code the first hit's passage; it is then found by its code, level and focus.
    ok(&[
        "code",
        p,
        "--doc",
        hit["document_name"].as_str().unwrap(),
        "--start",
        &start.to_string(),
        "--end",
        &end.to_string(),
        "--code",
        "Samverkan i vardagen",
        "--create",
        "--level",
        "mikro",
        "--focus",
        "samverkan",
    ]);
    let filtered = json(&[
        "search",
        p,
        "samverkan",
        "--only",
        "codings",
        "--level",
        "mikro",
        "--focus",
        "samverkan",
        "--code",
        "Samverkan i vardagen",
        "--facets",
    ]);
    assert_eq!(filtered["total"], 1);
    let facets = filtered["facets"].as_array().unwrap();
    assert!(
        facets
            .iter()
            .any(|f| f["facet"] == "/tag/niva/mikro" && f["count"] == 1)
    );
    assert_eq!(
        json(&[
            "search",
            p,
            "samverkan",
            "--only",
            "codings",
            "--level",
            "makro"
        ])["total"],
        0
    );
    let quotes = json(&[
        "quotes",
        p,
        "--code",
        "Samverkan i vardagen",
        "--context",
        "1",
    ]);
    assert_eq!(quotes["total"], 1);
    assert_eq!(quotes["quotes"][0]["coding"]["start"].as_u64(), Some(start));
    let text = ok(&["quotes", p, "--code", "Samverkan i vardagen"]);
    assert!(
        text.starts_with("1 quotes of Samverkan i vardagen"),
        "{text}"
    );

    // Undone: gone from the quotes.
    ok(&["undo", p]);
    assert!(
        tematik(&["quotes", p, "--code", "Samverkan i vardagen"])
            .status
            .code()
            == Some(1),
        "the code made with the coding is gone too"
    );

    // Bad filters are named.
    let out = tematik(&["search", p, "x", "--attr", "Kommunstorlek"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("NAME=VALUE"));
    let out = tematik(&["search", p, "x", "--level", "jätte"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("jätte"));
    let out = tematik(&["quotes", p]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--code"));
}

#[test]
fn the_command_line_acts_as_this_computers_coder_and_undoes_only_its_own_changes() {
    let dir = TempDir::new();
    let path = dir.path("identitet.tematik");
    let p = path.to_str().unwrap();
    ok(&["new", p, "--template", "nvos"]);
    let me = tematik::LocalIdentity::load_or_create(config_home()).unwrap();
    let coders = tematik::Project::open(&path, clock())
        .unwrap()
        .coders()
        .unwrap();
    assert_eq!(
        coders
            .iter()
            .map(|c| (c.id, c.name.as_str()))
            .collect::<Vec<_>>(),
        [(me.coder, "Cli-kodare")]
    );
    {
        // A colleague's change, made on another computer.
        let mut project = tematik::Project::open(&path, clock()).unwrap();
        project.set_origin(uuid::Uuid::from_u128(0xC011_EA6E));
        let kim = project
            .ensure_coder(tematik::CoderId::new(), "Kim")
            .unwrap();
        project
            .create_code(
                kim,
                tematik::storage::NewCode {
                    name: "Kims kod".into(),
                    ..Default::default()
                },
            )
            .unwrap();
    }
    // --coder names this computer's coder: the same coder, renamed.
    let out = tematik(&["--json", "--coder", "Anna", "undo", p]);
    assert!(!out.status.success(), "the colleague's change was undone");
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(err["error"]["code"], "undo_barrier", "{err}");
    let project = tematik::Project::open(&path, clock()).unwrap();
    assert!(project.find_code("Kims kod").is_ok());
    assert_eq!(project.coder(me.coder).unwrap().unwrap().name, "Anna");
    assert_eq!(project.coders().unwrap().len(), 2);
}

#[test]
fn matrix_and_cooccurrence_from_the_command_line_equal_the_core() {
    use tematik::analysis::{self, Axis, CodeSelection, Facts, MatrixRequest, Measure, Percent};
    let dir = TempDir::new();
    let path = dir.path("demo.tematik");
    let p = path.to_str().unwrap();
    ok(&["demo", p]);
    let project = tematik::Project::open(&path, clock()).unwrap();
    let want = analysis::matrix(
        &Facts::read(&project).unwrap(),
        &MatrixRequest {
            rows: Axis::Codes {
                select: CodeSelection::Themes,
            },
            columns: Axis::Dimension { key: "niva".into() },
            measure: Measure::Participants,
            percent: Percent::None,
            by_coder: false,
            restrict: vec![],
        },
    )
    .unwrap();
    drop(project);
    let json: serde_json::Value = serde_json::from_str(&ok(&[
        "--json",
        "matrix",
        p,
        "--rows",
        "themes",
        "--columns",
        "Nivå",
        "--measure",
        "participants",
    ]))
    .unwrap();
    assert_eq!(json["counts"], serde_json::to_value(&want.counts).unwrap());
    assert!(want.total > 0, "the demo is coded");
    // CSV: a header, a row per theme, the totals; `;` between.
    let csv = ok(&["matrix", p, "--columns", "fokusomrade"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), want.rows.len() + 2, "{csv}");
    assert!(lines[0].contains(';') && lines.last().unwrap().starts_with("Totalt;"));
    // A file, then co-occurrence.
    let xlsx = dir.path("m.xlsx");
    ok(&["matrix", p, "--out", xlsx.to_str().unwrap()]);
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 1000);
    let co: serde_json::Value = serde_json::from_str(&ok(&[
        "--json",
        "cooccurrence",
        p,
        "--codes",
        "all",
        "--mode",
        "same-document",
    ]))
    .unwrap();
    assert_eq!(
        co["rows"].as_array().unwrap().len(),
        co["columns"].as_array().unwrap().len()
    );
    // Mistakes are named.
    let bad = tematik(&["matrix", p, "--columns", "Skostorlek"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("Skostorlek"));
    let bad = tematik(&["matrix", p, "--out", dir.path("m.pdf").to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains(".csv or .xlsx"));
}

/// A failing command: a non-zero exit, the JSON error's code, and the
/// project file exactly as it was.
fn refused(path: &std::path::Path, args: &[&str]) -> String {
    let before = crate::util::snapshot(&tematik::Project::open(path, clock()).unwrap());
    let out = tematik(args);
    assert!(!out.status.success(), "tematik {args:?} succeeded");
    let after = crate::util::snapshot(&tematik::Project::open(path, clock()).unwrap());
    assert_eq!(before, after, "tematik {args:?} changed the project");
    let err: serde_json::Value = serde_json::from_slice(&out.stderr)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    err["error"]["code"].as_str().unwrap().to_owned()
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok(&all)).unwrap()
}

#[test]
fn the_themes_are_reshaped_reviewed_and_defined_from_the_command_line() {
    let dir = TempDir::new();
    let path = dir.path("review.tematik");
    let p = path.to_str().unwrap();
    ok(&["new", p, "--template", "nvos"]);
    let codings: Vec<String> = {
        let mut project = tematik::Project::open(&path, clock()).unwrap();
        let by = project.ensure_throwaway_coder("Setup").unwrap();
        let doc = add_transcript(&mut project, by, "fg1");
        let code = project.find_code("Närhet").unwrap().id;
        (0..4)
            .map(|i| {
                project
                    .code_span(
                        by,
                        tematik::storage::CodeSpan {
                            document_id: doc,
                            start: 60 + i * 10,
                            end: 65 + i * 10,
                            code_id: code,
                            tags: vec![],
                        },
                    )
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    // move: under another theme, at a position from 1.
    let moved = json(&["move", p, "Närhet", "--to", "Samverkan", "--position", "1"]);
    assert_eq!(moved["path"], "Samverkan/Närhet");
    assert_eq!(moved["position"], 0);
    let top = json(&["move", p, "Samverkan/Närhet", "--to", "top"]);
    assert_eq!(top["depth"], 0);
    // split: by ids, and the first N in document order.
    let split = json(&[
        "split",
        p,
        "Närhet",
        "--codings",
        &codings[3],
        "--name",
        "Närhet 2",
    ]);
    assert_eq!(
        (split["name"].clone(), split["codings"].clone()),
        ("Närhet 2".into(), 1.into())
    );
    let first = json(&[
        "split",
        p,
        "Närhet",
        "--first",
        "2",
        "--name",
        "Närhet tidigt",
    ]);
    assert_eq!(first["codings"], 2);
    let project = tematik::Project::open(&path, clock()).unwrap();
    let early = project.find_code("Närhet tidigt").unwrap().id;
    let starts: Vec<usize> = project
        .codings_of_code(early, false)
        .unwrap()
        .iter()
        .map(|c| c.start)
        .collect();
    assert_eq!(starts, vec![60, 70], "the first two in the text");
    drop(project);
    // merge back, demote, promote.
    let merged = json(&["merge", p, "Närhet tidigt", "Närhet"]);
    assert_eq!(merged["codings"], 3);
    let demoted = json(&["demote", p, "Närhet 2"]);
    assert_eq!(
        (demoted["path"].clone(), demoted["role"].clone()),
        ("Närhet/Närhet 2".into(), "subtheme".into())
    );
    let promoted = json(&["promote", p, "Närhet/Närhet 2"]);
    assert_eq!(
        (promoted["depth"].clone(), promoted["role"].clone()),
        (0.into(), "theme".into())
    );
    // discard and restore, status, define.
    assert_eq!(json(&["discard", p, "Närhet 2"])["discarded"], true);
    assert!(ok(&["codes", p]).contains("Närhet 2 (theme, candidate, discarded)"));
    assert_eq!(json(&["restore", p, "Närhet 2"])["discarded"], false);
    let status = json(&["status", p, "Närhet", "final"]);
    assert_eq!(status["status"], "final");
    assert!(status["status_by"].is_string() && status["status_at"].is_string());
    let defined = json(&[
        "define",
        p,
        "Närhet",
        "--definition",
        "Korta avstånd",
        "--includes",
        "möten",
        "--excludes",
        "avtal",
    ]);
    assert_eq!(
        (
            defined["definition"].clone(),
            defined["scope_includes"].clone(),
            defined["scope_excludes"].clone()
        ),
        ("Korta avstånd".into(), "möten".into(), "avtal".into())
    );
    // pin and unpin.
    let pinned = json(&["pin", p, "Närhet", &codings[0]]);
    assert_eq!(pinned["examples_pinned"], serde_json::json!([codings[0]]));
    assert_eq!(json(&["unpin", p, "Närhet", &codings[0]])["examples"], 0);
    assert!(ok(&["pin", p, "Närhet", &codings[1]]).starts_with("Pinned an example to Närhet"));

    // Refusals: a non-zero exit, a typed code, the project unchanged.
    assert_eq!(
        refused(&path, &["--json", "move", p, "Ingen sådan", "--to", "top"]),
        "unknown_name"
    );
    assert_eq!(
        refused(&path, &["--json", "move", p, "Närhet", "--to", "Närhet"]),
        "would_create_cycle"
    );
    assert_eq!(
        refused(&path, &["--json", "merge", p, "Närhet", "Ingen sådan"]),
        "unknown_name"
    );
    assert_eq!(
        refused(
            &path,
            &[
                "--json",
                "split",
                p,
                "Närhet",
                "--first",
                "1",
                "--name",
                "samverkan"
            ]
        ),
        "name_taken"
    );
    assert_eq!(
        refused(
            &path,
            &[
                "--json",
                "split",
                p,
                "Närhet 2",
                "--codings",
                &codings[0],
                "--name",
                "X"
            ]
        ),
        "coding_not_of_code"
    );
    assert_eq!(
        refused(&path, &["--json", "promote", p, "Närhet"]),
        "at_top_level"
    );
    assert_eq!(
        refused(&path, &["--json", "demote", p, "Individen i centrum"]),
        "no_previous_sibling"
    );
    assert_eq!(
        refused(&path, &["--json", "status", p, "Närhet", "discarded"]),
        "bad_value"
    );
    assert_eq!(
        refused(&path, &["--json", "unpin", p, "Närhet", &codings[0]]),
        "not_pinned"
    );
    assert_eq!(
        refused(&path, &["--json", "pin", p, "Samverkan", &codings[0]]),
        "coding_not_of_code"
    );
    assert_eq!(
        refused(&path, &["--json", "discard", p, "Ingen sådan"]),
        "unknown_name"
    );
    assert_eq!(
        refused(&path, &["--json", "restore", p, "Ingen sådan"]),
        "unknown_name"
    );
    assert_eq!(
        refused(
            &path,
            &["--json", "define", p, "Ingen sådan", "--definition", "x"]
        ),
        "unknown_name"
    );
}

#[test]
fn tag_dimensions_are_edited_and_codes_given_defaults_from_the_command_line() {
    let dir = TempDir::new();
    let path = dir.path("dims.tematik");
    let p = path.to_str().unwrap();
    ok(&["new", p, "--template", "nvos"]);
    let added = json(&[
        "dimension",
        "add",
        p,
        "Problemtyp",
        "--values",
        "enkel,komplicerad,komplex",
    ]);
    assert_eq!(
        (added["key"].clone(), added["multi"].clone()),
        ("problemtyp".into(), false.into())
    );
    assert_eq!(added["values"].as_array().unwrap().len(), 3);
    assert_eq!(
        json(&["dimension", "rename", p, "problemtyp", "Typ av problem"])["name"],
        "Typ av problem"
    );
    json(&["dimension", "move", p, "Typ av problem", "1"]);
    let value = json(&["dimension", "add-value", p, "problemtyp", "Kaotisk"]);
    assert_eq!(value["values"][3]["key"], "kaotisk");
    let renamed = json(&[
        "dimension",
        "rename-value",
        p,
        "problemtyp",
        "kaotisk",
        "Kaos",
    ]);
    assert_eq!(renamed["values"][3]["label"], "Kaos");
    let moved = json(&["dimension", "move-value", p, "problemtyp", "Kaos", "1"]);
    assert_eq!(moved["values"][0]["key"], "kaotisk");
    assert_eq!(
        json(&["dimension", "multi", p, "problemtyp", "yes"])["multi"],
        true
    );
    let project = tematik::Project::open(&path, clock()).unwrap();
    let keys: Vec<String> = project
        .dimensions()
        .unwrap()
        .into_iter()
        .map(|d| d.key)
        .collect();
    assert_eq!(
        keys,
        vec!["problemtyp", "fokusomrade", "niva"],
        "the template's kept"
    );
    drop(project);
    let code = json(&[
        "default-tags",
        p,
        "Flexibilitet",
        "problemtyp=komplex",
        "niva=mikro",
    ]);
    assert_eq!(code["default_tags"].as_array().unwrap().len(), 2);
    assert!(
        ok(&["default-tags", p, "Flexibilitet", "niva=meso"]).starts_with("Set 1 default tag(s)")
    );

    assert_eq!(
        refused(
            &path,
            &["--json", "dimension", "add", p, "Nivå", "--values", "a"]
        ),
        "name_taken"
    );
    assert_eq!(
        refused(&path, &["--json", "dimension", "rename", p, "ingen", "X"]),
        "unknown_name"
    );
    assert_eq!(
        refused(
            &path,
            &["--json", "dimension", "add-value", p, "problemtyp", "enkel"]
        ),
        "name_taken"
    );
    assert_eq!(
        refused(
            &path,
            &[
                "--json",
                "dimension",
                "rename-value",
                p,
                "niva",
                "makro",
                "Mesonivå"
            ]
        ),
        "name_taken"
    );
    assert_eq!(
        refused(
            &path,
            &["--json", "default-tags", p, "Flexibilitet", "niva=ingen"]
        ),
        "unknown_name"
    );
    assert_eq!(
        refused(
            &path,
            &[
                "--json",
                "default-tags",
                p,
                "Flexibilitet",
                "niva=makro",
                "niva=mikro"
            ]
        ),
        "single_valued"
    );
}
