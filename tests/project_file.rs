//! Creating, opening, refusing and migrating project files.

use crate::util::{TempDir, add_transcript, clock};
use std::sync::Arc;
use tematik::storage::{APPLICATION_ID, SCHEMA_VERSION};
use tematik::{Error, MemoTarget, Project, Template};

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
    let conn = p.connection();
    let app: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    let fk: bool = conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    let journal: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
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

/// Project files written by each schema version, kept in the repository
/// (tantivy's compat-test habit): each must still open, migrate to the
/// current version and show the same content.
mod fixtures {
    use super::*;

    fn fixture_path(version: i64) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/fixtures/schema-v{version}.tematik"))
    }

    /// Writes the fixture for the current schema version. Run with
    /// `TEMATIK_WRITE_FIXTURE=1 cargo test write_fixture` when adding a
    /// migration, and commit the file.
    #[test]
    fn write_fixture_for_the_current_schema_when_asked() {
        if std::env::var_os("TEMATIK_WRITE_FIXTURE").is_none() {
            return;
        }
        let path = fixture_path(SCHEMA_VERSION);
        let _ = std::fs::remove_file(&path);
        let mut p = Project::create(&path, "Fixtur", clock()).unwrap();
        let by = p.ensure_coder("Fixtur").unwrap();
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
        p.connection()
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
            let ok: String = p
                .connection()
                .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                .unwrap();
            assert_eq!(ok, "ok");
            // Every turn knows where its line lies in the text's UTF-8
            // bytes (filled by migration 3 for turns imported before it).
            let (text, turns): (String, Vec<(i64, i64, i64, i64)>) = {
                let conn = p.connection();
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
            .connection()
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
