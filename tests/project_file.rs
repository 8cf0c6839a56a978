//! Creating, opening, refusing and migrating project files.

use crate::util::{TempDir, add_transcript, clock, snapshot};
use std::sync::Arc;
use tematik::storage::{APPLICATION_ID, SCHEMA_VERSION};
use tematik::{CodeId, Error, MemoTarget, Project, Template};

fn assert_unchanged(path: &std::path::Path, before: &[u8]) {
    assert_eq!(
        std::fs::read(path).unwrap(),
        before,
        "{} was modified",
        path.display()
    );
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        assert!(
            !std::path::Path::new(&p).exists(),
            "{suffix} file was created beside {}",
            path.display()
        );
    }
}

#[test]
fn a_created_project_reopens_with_its_identity_and_settings() {
    let dir = TempDir::new();
    let path = dir.path("studie.tematik");
    let id = {
        let p = Project::create(&path, "Studie", clock()).unwrap();
        p.id().unwrap()
    };
    let p = Project::open(&path, clock()).unwrap();
    let info = p.info().unwrap();
    assert_eq!(
        (info.id, info.name.as_str(), info.schema_version),
        (id, "Studie", SCHEMA_VERSION)
    );
    let conn = p.read_only_connection();
    let app: i32 = conn
        .pragma_query_value("application_id", |r| r.get(0))
        .unwrap();
    let fk: bool = conn
        .pragma_query_value("foreign_keys", |r| r.get(0))
        .unwrap();
    let journal: String = conn
        .pragma_query_value("journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!((app, fk, journal.as_str()), (APPLICATION_ID, true, "wal"));
}

#[test]
fn creating_over_an_existing_file_is_refused() {
    let dir = TempDir::new();
    let path = dir.path("finns.tematik");
    std::fs::write(&path, b"viktigt").unwrap();
    assert!(matches!(
        Project::create(&path, "x", clock()),
        Err(Error::AlreadyExists(_))
    ));
    assert_eq!(std::fs::read(&path).unwrap(), b"viktigt");
}

#[test]
fn a_file_of_random_bytes_is_not_a_project_and_is_left_alone() {
    let dir = TempDir::new();
    let path = dir.path("slump.tematik");
    let bytes: Vec<u8> = (0..10_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &bytes).unwrap();
    let err = Project::open(&path, clock()).unwrap_err();
    assert!(matches!(err, Error::NotAProject { .. }), "{err}");
    assert!(
        err.to_string().contains("slump.tematik")
            && err.to_string().contains("not an SQLite database"),
        "{err}"
    );
    assert_unchanged(&path, &bytes);
}

#[test]
fn an_empty_file_is_not_a_project_and_is_left_alone() {
    let dir = TempDir::new();
    let path = dir.path("tom.tematik");
    std::fs::write(&path, b"").unwrap();
    let err = Project::open(&path, clock()).unwrap_err();
    assert!(err.to_string().contains("empty"), "{err}");
    assert_unchanged(&path, b"");
}

#[test]
fn another_programs_sqlite_database_is_refused_and_left_alone() {
    let dir = TempDir::new();
    let path = dir.path("annan.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Project::open(&path, clock()).unwrap_err();
    assert!(err.to_string().contains("another program"), "{err}");
    assert_unchanged(&path, &before);
}

#[test]
fn a_project_from_a_newer_version_is_refused_and_left_alone() {
    let dir = TempDir::new();
    let path = dir.path("framtid.tematik");
    drop(Project::create(&path, "Framtid", clock()).unwrap());
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        c.pragma_update(None, "journal_mode", "delete").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Project::open(&path, clock()).unwrap_err();
    match &err {
        Error::NewerSchema {
            found, supported, ..
        } => assert_eq!((*found, *supported), (SCHEMA_VERSION + 1, SCHEMA_VERSION)),
        other => panic!("expected NewerSchema, got {other}"),
    }
    assert!(err.to_string().contains("newer version of Tematik"));
    assert_unchanged(&path, &before);
}

#[test]
fn a_missing_file_is_reported_not_created() {
    let dir = TempDir::new();
    let path = dir.path("saknas.tematik");
    assert!(matches!(
        Project::open(&path, clock()),
        Err(Error::NotFound(_))
    ));
    assert!(!path.exists());
}

/// (name, id, parent) of a code.
type CodeIds = (String, CodeId, Option<CodeId>);

/// Everything a template created, by id: (name, id, parent) of every code,
/// (key, id) of every dimension and value.
fn template_ids(p: &Project) -> (Vec<CodeIds>, Vec<(String, String)>) {
    let codes = p
        .code_tree()
        .unwrap()
        .into_iter()
        .map(|n| (n.code.name, n.code.id, n.code.parent_id))
        .collect();
    let mut tags = Vec::new();
    for d in p.dimensions().unwrap() {
        tags.push((d.key.clone(), d.id.to_string()));
        for v in d.values {
            tags.push((format!("{}/{}", d.key, v.key), v.id.to_string()));
        }
    }
    (codes, tags)
}

#[test]
fn two_projects_made_from_the_nvos_template_share_their_ids() {
    let made = |dir: &TempDir| {
        let mut p = Project::create(dir.path("studie.tematik"), "Studie", clock()).unwrap();
        let by = p.ensure_throwaway_coder("Anna").unwrap();
        tematik::template::apply(&mut p, by, Template::Nvos).unwrap();
        p
    };
    // Two computers: two directories, two coders, two project ids.
    let (here, there) = (TempDir::new(), TempDir::new());
    let (a, b) = (made(&here), made(&there));
    assert_ne!(a.id().unwrap(), b.id().unwrap());
    let (codes, tags) = template_ids(&a);
    assert_eq!((codes.len(), tags.len()), (15, 2 + 5 + 3));
    assert_eq!(template_ids(&b), (codes.clone(), tags));
    // Name-based: the id comes from the template's name and the code's path.
    let code = a
        .find_code("Individen i systemet/Systemets dilemman")
        .unwrap();
    assert_eq!(code.id.0.get_version_num(), 5);
    let book: serde_json::Value = serde_json::from_str(tematik::template::NVOS_JSON).unwrap();
    assert_eq!(
        code.id,
        tematik::template::code_id(
            book["name"].as_str().unwrap(),
            "Individen i systemet/Systemets dilemman"
        )
    );
    let mut ids: Vec<CodeId> = codes.iter().map(|c| c.1).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), codes.len(), "every code has its own id");
}

#[test]
fn a_copied_project_keeps_every_id() {
    let dir = TempDir::new();
    let path = dir.path("original.tematik");
    let (project_id, before) = {
        let mut p = Project::create(&path, "Original", clock()).unwrap();
        let by = p.ensure_throwaway_coder("Anna").unwrap();
        tematik::template::apply(&mut p, by, Template::Nvos).unwrap();
        let doc = add_transcript(&mut p, by, "fg1");
        let code = p.find_code("Flexibilitet").unwrap().id;
        let coding = p
            .code_span(
                by,
                tematik::storage::CodeSpan {
                    document_id: doc,
                    start: 60,
                    end: 120,
                    code_id: code,
                    tags: vec![],
                },
            )
            .unwrap();
        p.write_memo(by, MemoTarget::Coding(coding), "", "Kopieras")
            .unwrap();
        (p.id().unwrap(), snapshot(&p))
    };
    assert!(
        before.iter().any(|row| row.starts_with("cases:"))
            && before.iter().any(|row| row.starts_with("codings:")),
        "the project has cases and codings to compare"
    );
    let copy = dir.path("kopia.tematik");
    std::fs::copy(&path, &copy).unwrap();
    for round in 0..2 {
        // Opened (twice): nothing is given a new id on open.
        let p = Project::open(&copy, clock()).unwrap();
        assert_eq!(p.id().unwrap(), project_id, "round {round}");
        assert_eq!(
            snapshot(&p),
            before,
            "round {round}: every row, ids included"
        );
    }
}

/// Project files written by each schema version, kept in the repository
/// (tantivy's compat-test habit): each must still open, migrate to the
/// current version and show the same content.
mod fixtures {
    use super::*;

    fn fixture_path(version: i64) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/fixtures/schema-v{version}.tematik"))
    }

    /// Writes the fixture for the current schema version: not a test but a
    /// helper, run by hand when adding a migration, and the file committed:
    /// `cargo test --test tests -- --ignored --exact
    /// project_file::fixtures::write_fixture_for_the_current_schema_when_asked`.
    #[test]
    #[ignore = "a helper that writes tests/fixtures/, run by hand with --ignored --exact"]
    fn write_fixture_for_the_current_schema_when_asked() {
        let path = fixture_path(SCHEMA_VERSION);
        let _ = std::fs::remove_file(&path);
        let mut p = Project::create(&path, "Fixtur", clock()).unwrap();
        let by = p.ensure_throwaway_coder("Fixtur").unwrap();
        tematik::template::apply(&mut p, by, Template::Nvos).unwrap();
        let doc = add_transcript(&mut p, by, "fokusgrupp-fixtur");
        let code = p.find_code("Flexibilitet").unwrap().id;
        let mikro = p.find_tag_value(Some("niva"), "mikro").unwrap().id;
        let coding = p
            .code_span(
                by,
                tematik::storage::CodeSpan {
                    document_id: doc,
                    start: 60,
                    end: 120,
                    code_id: code,
                    tags: vec![mikro],
                },
            )
            .unwrap();
        p.write_memo(
            by,
            MemoTarget::Coding(coding),
            "Citat",
            "Bra exempel på samverkan.",
        )
        .unwrap();
        p.write_memo(by, MemoTarget::Journal, "Dag 1", "Började koda.")
            .unwrap();
        let set = p.create_quote_set(by, "Kapitel 6").unwrap();
        p.add_to_quote_set(by, set, coding, "Inledande citat", None)
            .unwrap();
        // Schema 5: a scope note, a status set, a pinned example, a
        // discarded code.
        p.set_code_scope(by, code, "vardagens anpassningar", "avtal")
            .unwrap();
        p.set_code_status(by, code, tematik::ReviewStatus::Reviewed)
            .unwrap();
        p.pin_example(by, code, coding, None).unwrap();
        let discarded = p.find_code("Helhetssyn").unwrap().id;
        p.discard_code(by, discarded).unwrap();
        // Schema 6: a described set, a trimmed quote with its own
        // attribution, project settings.
        p.describe_quote_set(by, set, "Samverkan i vardagen")
            .unwrap();
        p.trim_quote(by, set, coding, Some(&[(60, 80), (90, 120)]))
            .unwrap();
        p.set_quote_attribution(by, set, coding, Some("– {Yrke:lower}"))
            .unwrap();
        p.set_project_settings(
            by,
            &tematik::storage::ProjectSettings {
                reidentification_k: 5,
                ..Default::default()
            },
        )
        .unwrap();
        drop(p);
        // One file, no write-ahead log beside it.
        rusqlite::Connection::open(&path)
            .unwrap()
            .pragma_update(None, "journal_mode", "delete")
            .unwrap();
    }

    #[test]
    fn every_schema_fixture_opens_migrates_and_keeps_its_content() {
        for version in 1..=SCHEMA_VERSION {
            let dir = TempDir::new();
            let copy = dir.path("kopia.tematik");
            std::fs::copy(fixture_path(version), &copy)
                .unwrap_or_else(|e| panic!("fixture for schema {version} is missing: {e}"));
            let p = Project::open(&copy, Arc::new(tematik::SystemClock)).unwrap();
            let info = p.info().unwrap();
            assert_eq!(
                info.schema_version, SCHEMA_VERSION,
                "fixture v{version} was not migrated"
            );
            assert_eq!(
                (
                    info.counts.documents,
                    info.counts.codes,
                    info.counts.codings,
                    info.counts.memos
                ),
                (1, 15, 1, 2),
                "fixture v{version}"
            );
            let code = p.find_code("Flexibilitet").unwrap();
            let codings = p.codings_of_code(code.id, false).unwrap();
            assert_eq!(codings.len(), 1);
            let mikro = p.find_tag_value(Some("niva"), "mikro").unwrap().id;
            assert_eq!(codings[0].tags, vec![mikro]);
            assert_eq!(p.quote_sets().unwrap()[0].items[0].note, "Inledande citat");
            crate::util::assert_sound(&p);
            // Review (schema 5): scope notes, who set a status, pinned
            // examples and the discard pile; older files have none.
            let examples = p.code_examples(code.id).unwrap();
            let discarded: Vec<String> = p
                .code_tree()
                .unwrap()
                .into_iter()
                .filter(|n| n.discarded)
                .map(|n| n.code.name)
                .collect();
            if version >= 5 {
                assert_eq!(code.scope_includes, "vardagens anpassningar");
                assert_eq!(code.status, tematik::ReviewStatus::Reviewed);
                assert!(code.status_at.is_some() && code.status_by.is_some());
                assert_eq!(examples, vec![codings[0].id], "fixture v{version}");
                assert_eq!(discarded, vec!["Helhetssyn".to_owned()]);
            } else {
                assert_eq!(code.scope_includes, "");
                assert_eq!(code.status_at, None);
                assert!(examples.is_empty() && discarded.is_empty());
            }
            // Chapters (schema 6): descriptions, trims, own attributions and
            // project settings; older files have the defaults.
            let set = &p.quote_sets().unwrap()[0];
            let settings = p.project_settings().unwrap();
            if version >= 6 {
                assert_eq!(set.description, "Samverkan i vardagen");
                assert_eq!(set.items[0].parts, Some(vec![(60, 80), (90, 120)]));
                assert_eq!(set.items[0].attribution.as_deref(), Some("– {Yrke:lower}"));
                assert_eq!(settings.reidentification_k, 5);
            } else {
                assert_eq!((set.description.as_str(), &set.items[0].parts), ("", &None));
                assert_eq!(settings, tematik::storage::ProjectSettings::default());
            }
            // Every turn knows where its line lies in the text's UTF-8
            // bytes (filled by migration 3 for turns imported before it).
            let (text, turns): (String, Vec<(i64, i64, i64, i64)>) = {
                let conn = p.read_only_connection();
                let text = conn
                    .query_row("SELECT text FROM documents", [], |r| r.get(0))
                    .unwrap();
                let mut stmt = conn
                    .prepare("SELECT start, \"end\", byte_start, byte_end FROM turns ORDER BY idx")
                    .unwrap();
                let turns = stmt
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                    .unwrap()
                    .collect::<rusqlite::Result<_>>()
                    .unwrap();
                (text, turns)
            };
            let byte_of = |cp: i64| {
                text.char_indices()
                    .map(|(b, _)| b)
                    .chain(std::iter::once(text.len()))
                    .nth(cp as usize)
                    .unwrap() as i64
            };
            assert_eq!(turns.len(), 3, "fixture v{version} has its turns");
            assert!(
                turns.iter().any(|t| byte_of(t.0) != t.0),
                "fixture v{version}: some turn lies after a non-ASCII letter"
            );
            for t in &turns {
                assert_eq!(
                    (t.2, t.3),
                    (byte_of(t.0), byte_of(t.1)),
                    "fixture v{version}"
                );
            }
            // Undo entries know the computer they were made on from
            // schema 4; older ones (none recorded) are a barrier to undo.
            let origins: Vec<Option<String>> = p
                .read_only_connection()
                .prepare("SELECT origin FROM undo_stack")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert!(!origins.is_empty(), "fixture v{version} has undo entries");
            assert!(
                origins.iter().all(|o| o.is_some() == (version >= 4)),
                "fixture v{version}: {origins:?}"
            );
            // Migrated, it has the schema a new project has (tables,
            // indexes and triggers alike), and so does the fixture of the
            // current version (written before a migration changed under it).
            let fresh = Project::create_in_memory("ny", clock()).unwrap();
            assert_eq!(
                schema_of(&p),
                schema_of(&fresh),
                "fixture v{version} migrated"
            );
        }
    }

    /// The file's schema: the SQL of every table, index and trigger.
    fn schema_of(p: &Project) -> Vec<String> {
        let mut stmt = p
            .read_only_connection()
            .prepare(
                "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }
}
