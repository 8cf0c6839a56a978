//! Two processes on one project: the app open on it, the command line run
//! beside it on the same file (the same user, so the same index folder).

use super::{TestApp, apply, survey_mapping};
use crate::util::{TempDir, clock, corpus};
use std::path::Path;
use std::process::Command;
use tematik::app::views::*;
use tematik::app::{App, AppConfig};

/// Runs `tematik` with the cache folder the app keeps its indexes under.
fn tematik(cache: &Path, config: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_tematik"))
        .args(args)
        .env("TEMATIK_CODER", "Cli-kodare")
        .env("TEMATIK_CONFIG_DIR", config)
        .env("XDG_CACHE_HOME", cache)
        .output()
        .expect("the tematik binary runs");
    assert!(
        out.status.success(),
        "tematik {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn search_total(app: &App, query: &str) -> u32 {
    app.search(SearchRequest {
        query: query.into(),
        filters: Filters::default(),
        entries: Some(EntryKind::Passage),
        offset: 0,
        limit: 5,
        with_facets: false,
        full_groups: vec![],
    })
    .unwrap()
    .total
}

#[test]
fn the_command_line_beside_the_open_app_never_breaks_its_index_or_its_imports() {
    let dir = TempDir::new();
    let cache = dir.path("cache");
    // Where the command line keeps the project's index: the app's too.
    let index_dir = cache.join("tematik").join("index");
    let t = TestApp {
        app: App::new(
            AppConfig {
                config_dir: Some(dir.path("config")),
                data_dir: Some(dir.path("data")),
                index_dir: Some(index_dir.clone()),
                default_coder: "Anna".into(),
                system_language: Language::Sv,
            },
            clock(),
        ),
        dir,
    };
    let project = t.dir.path("delad.tematik");
    let p = project.to_str().unwrap();
    let info = t
        .app
        .new_project(&project, "Delad", Template::Nvos)
        .unwrap();
    let folder = index_dir.join(&info.id);
    // A coding after the import: the folder holds changes only this
    // process has (the state in which the command line removed it).
    let doc = t.transcript();
    apply(&t, &doc, "täta möten", "Samverkan", &[]);
    let files = |d: &Path| -> std::collections::BTreeSet<String> {
        std::fs::read_dir(d)
            .map(|r| {
                r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let before = files(&folder);
    assert!(!before.is_empty());

    // The command line searches the same project: it leaves the app's
    // folder alone and searches with an index of its own.
    let found = tematik(&cache, &t.dir.path("config"), &["search", p, "möten"]);
    assert!(found.contains("täta «möten»"), "{found}");
    let after = files(&folder);
    assert!(
        before.is_subset(&after),
        "the app's index files are still there: {before:?} / {after:?}"
    );

    // …and imports a transcript into it, beside the app.
    let other = t.dir.path("intervju-cli.txt");
    std::fs::write(
        &other,
        "Intervjuare: Hur ser det ut med digitaliseringen?\n\
         Enhetschef: Välfärdsteknikens införande går långsamt hos oss.\n",
    )
    .unwrap();
    tematik(
        &cache,
        &t.dir.path("config"),
        &["import", p, other.to_str().unwrap()],
    );

    // The app's next import succeeds and is reported as it is, and the
    // window's list holds everything the project holds.
    let survey = corpus().join("survey/nvos-enkat-2022-2023.csv");
    let report = t.app.import_survey(&survey, survey_mapping()).unwrap();
    assert!(report.failed.is_empty(), "{report:?}");
    assert_eq!(report.imported.len(), 1);
    let answers = report.imported[0].documents;
    assert!(answers > 0);
    let list = t.app.list_documents().unwrap();
    assert_eq!(
        list.documents.len(),
        2,
        "the app's transcript and the CLI's"
    );
    assert_eq!(list.surveys.iter().map(|q| q.answers).sum::<u32>(), answers);
    assert_eq!(t.app.project_info().unwrap().documents, 2 + answers);
    // The app's index knows the command line's document (its revision
    // told it the project changed elsewhere) and its own coding.
    assert!(search_total(&t.app, "välfärdsteknikens") > 0);
    assert!(search_total(&t.app, "möten") > 0);
    // A transcript import after that works too.
    let third = t.dir.path("fg-tre.txt");
    std::fs::write(
        &third,
        "Samtalsledare: Och kompetensen?\nDeltagare 1: Den räcker.\n",
    )
    .unwrap();
    let report = t.app.import_files(&[third], &mut |_| {}).unwrap();
    assert!(report.failed.is_empty(), "{report:?}");
    assert_eq!(t.app.list_documents().unwrap().documents.len(), 3);
}

#[test]
fn a_write_whose_index_folder_vanished_is_reported_as_done_and_stays_searchable() {
    let t = TestApp::with_nvos_project();
    let doc = t.transcript();
    let info = t.app.project_info().unwrap();
    // Something outside removes the index folder under the open app.
    let folder = t.dir.path("index").join(&info.id);
    std::fs::remove_dir_all(&folder).unwrap();
    // The coding is committed: it is reported as done, not as a failure.
    let coding = apply(&t, &doc, "täta möten", "Samverkan", &[]);
    let again = t.app.get_document(&doc.id).unwrap();
    assert!(again.codings.iter().any(|c| c.id == coding.id));
    assert!(search_total(&t.app, "möten") > 0);
    // And an import after it.
    let file = t.dir.path("fg-efter.txt");
    std::fs::write(
        &file,
        "Samtalsledare: Något mer?\nDeltagare 2: Personcentrering.\n",
    )
    .unwrap();
    let report = t.app.import_files(&[file], &mut |_| {}).unwrap();
    assert!(report.failed.is_empty(), "{report:?}");
    assert!(search_total(&t.app, "personcentrering") > 0);
}
