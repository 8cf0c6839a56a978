//! Regression tests: one per bug fixed in the core, named after the bug it
//! pins, each able to fail should the bug come back (the commit that fixed
//! it is named in each test's comment).

use crate::util::{TempDir, add_transcript, clock, snapshot};
use rusqlite::StatementStatus;
use tematik::Project;
use tematik::storage::{CodeSpan, NewCode};

/// A file project with a coded transcript: (project, coder, document, code).
fn coded_project(
    dir: &TempDir,
) -> (
    Project,
    tematik::CoderId,
    tematik::DocumentId,
    tematik::CodeId,
) {
    let mut p = Project::create(dir.path("regression.tematik"), "Regression", clock()).unwrap();
    let by = p.ensure_throwaway_coder("Anna").unwrap();
    let doc = add_transcript(&mut p, by, "fg1");
    let code = p
        .create_code(
            by,
            NewCode {
                name: "Samverkan".into(),
                ..Default::default()
            },
        )
        .unwrap();
    for (start, end) in [(60, 90), (100, 130)] {
        p.code_span(
            by,
            CodeSpan {
                document_id: doc,
                start,
                end,
                code_id: code,
                tags: vec![],
            },
        )
        .unwrap();
    }
    (p, by, doc, code)
}

/// 12335db: the bundled SQLite has STAT4, which re-prepares a cached
/// statement whenever a value bound where the planner could use the
/// statistics changes (every `start < ?` of a span query): a third of an
/// index rebuild was parsing the same SQL again. Connections keep their
/// plans (the query planner stability guarantee), also in a file someone
/// ran ANALYZE on.
#[test]
fn stat4_re_prepared_span_queries_at_every_new_bound_value() {
    let dir = TempDir::new();
    let path = {
        let (p, _, _, _) = coded_project(&dir);
        p.path().unwrap().to_owned()
    };
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("ANALYZE")
        .unwrap();
    let p = Project::open(&path, clock()).unwrap();
    let doc = p.documents().unwrap()[0].id;
    let conn = p.read_only_connection();
    let mut stmt = conn
        .prepare_cached(
            "SELECT idx FROM turns WHERE document_id = ?1 AND start < ?3 AND \"end\" >= ?2 ORDER BY idx",
        )
        .unwrap();
    for at in 0..50i64 {
        let _: Vec<i64> = stmt
            .query_map(rusqlite::params![doc, at * 3, at * 3 + 10], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
    }
    assert_eq!(
        stmt.get_status(StatementStatus::RePrepare),
        0,
        "the span query was prepared again for new values"
    );
}

/// 8a5f23c: undo set `defer_foreign_keys` for every replay, which expires
/// every prepared statement of the connection: the next change parsed all
/// its SQL again. An undo that needs no deferral (a coding's) leaves the
/// prepared statements as they are.
#[test]
fn an_undo_that_needed_no_deferred_foreign_keys_expired_every_prepared_statement() {
    let dir = TempDir::new();
    let (mut p, by, _, _) = coded_project(&dir);
    let sql = "SELECT count(*) FROM codings";
    let count = |p: &Project| -> (i64, i32) {
        let conn = p.read_only_connection();
        let mut stmt = conn.prepare_cached(sql).unwrap();
        let n = stmt.query_row([], |r| r.get(0)).unwrap();
        (n, stmt.get_status(StatementStatus::RePrepare))
    };
    assert_eq!(count(&p), (2, 0));
    p.undo(by).unwrap();
    assert_eq!(
        count(&p),
        (1, 0),
        "the undo of a coding expired the connection's prepared statements"
    );
}

/// 8a5f23c: undo replays its statements with foreign keys checked as it
/// goes, and must defer them when a row comes back before the row it
/// refers to: undoing a deleted document restores its codings and turns
/// (deleted by the cascade after the document's own row) first.
#[test]
fn undo_of_a_deleted_document_failed_when_its_codings_came_back_before_it() {
    let dir = TempDir::new();
    let (mut p, by, doc, _) = coded_project(&dir);
    let before = snapshot(&p);
    p.delete_document(by, doc).unwrap();
    p.undo(by).unwrap();
    assert_eq!(
        snapshot(&p),
        before,
        "the document, its turns and codings are back"
    );
    let fk: i64 = p
        .read_only_connection()
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
}

/// 58499c3: the WAL hook checkpoints the log once it is long (registering
/// the hook turns SQLite's own checkpoints off) and returned the
/// checkpoint's error, so a write whose commit had happened reported a
/// failure when another connection was checkpointing at the same moment
/// (SQLITE_BUSY). Another connection checkpoints all the time here, while
/// every write makes the log long enough for the hook to checkpoint.
#[test]
fn a_checkpoint_error_in_the_wal_hook_made_a_committed_write_report_failure() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let dir = TempDir::new();
    let path = dir.path("checkpoint.tematik");
    let mut p = Project::create(&path, "Checkpoint", clock()).unwrap();
    let by = p.ensure_throwaway_coder("Anna").unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let other = {
        let (path, stop) = (path.clone(), stop.clone());
        std::thread::spawn(move || {
            let conn = rusqlite::Connection::open(&path).unwrap();
            while !stop.load(Ordering::Relaxed) {
                conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
                    .unwrap();
            }
        })
    };
    // About 6 MB a document: over the hook's 1,000 pages of log each time.
    let paragraph = "Vi har täta möten med arbetsterapeuten och det fungerar väl. ".repeat(100_000);
    for i in 0..6 {
        let doc = tematik::storage::NewDocument {
            name: format!("lång {i}"),
            kind: tematik::DocumentKind::Text,
            text: paragraph.clone(),
            turns: vec![],
            case: None,
            question: None,
            attributes: vec![],
        };
        let source = tematik::storage::NewSource {
            file_name: format!("lång-{i}.txt"),
            sha256: format!("sha-{i}"),
            format: "txt".into(),
        };
        p.import(by, source, vec![doc])
            .unwrap_or_else(|e| panic!("write {i} reported a failure: {e}"));
    }
    stop.store(true, Ordering::Relaxed);
    other.join().unwrap();
    assert_eq!(p.info().unwrap().counts.documents, 6);
}

/// Merging a node into its own parent, when a child of the node had the
/// node's name, merged that child into the node being merged away: the
/// child's codings were left on a code about to be deleted and the merge
/// failed on a foreign key (found by `review_props`; fixed in the commit
/// that added that property test).
#[test]
fn merging_a_node_into_its_parent_failed_when_a_child_had_its_name() {
    let (mut p, by) = crate::util::memory_project();
    let doc = add_transcript(&mut p, by, "fg1");
    let theme = crate::util::code(&mut p, by, "Tema", None);
    let node = crate::util::code(&mut p, by, "Tid", Some(theme));
    let child = crate::util::code(&mut p, by, "Tid", Some(node));
    for (c, start) in [(node, 60), (child, 70)] {
        p.code_span(
            by,
            CodeSpan {
                document_id: doc,
                start,
                end: start + 5,
                code_id: c,
                tags: vec![],
            },
        )
        .unwrap();
    }
    p.merge_codes(by, node, theme).unwrap();
    assert_eq!(p.code(child).unwrap().parent_id, Some(theme));
    assert_eq!(p.codings_of_code(child, false).unwrap().len(), 1);
    assert_eq!(p.codings_of_code(theme, false).unwrap().len(), 1);
}
