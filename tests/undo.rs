//! Undo, redo and the change history.

use crate::util::{add_transcript, memory_project, snapshot};
use tematik::storage::{AttributeValue, CodeSpan, DeleteCodings, NewCase, NewCode};
use tematik::{CaseKind, Error, MemoTarget, Project, ReviewStatus, Template};

/// Runs `op`, then checks that undo restores exactly the state before it and
/// redo exactly the state after it.
fn check_undo_redo(p: &mut Project, what: &str, op: impl FnOnce(&mut Project)) {
    let by = p.ensure_coder("Anna").unwrap();
    let before = snapshot(p);
    op(p);
    let after = snapshot(p);
    assert_ne!(before, after, "{what}: the operation changed nothing");
    p.undo(by)
        .unwrap_or_else(|e| panic!("{what}: undo failed: {e}"));
    assert_same(
        &snapshot(p),
        &before,
        &format!("{what}: undo did not restore the state before"),
    );
    p.redo(by)
        .unwrap_or_else(|e| panic!("{what}: redo failed: {e}"));
    assert_same(
        &snapshot(p),
        &after,
        &format!("{what}: redo did not restore the state after"),
    );
}

/// Asserts two snapshots are equal, showing only the rows that differ.
fn assert_same(got: &[String], want: &[String], what: &str) {
    let extra: Vec<&String> = got.iter().filter(|r| !want.contains(r)).collect();
    let missing: Vec<&String> = want.iter().filter(|r| !got.contains(r)).collect();
    assert!(
        extra.is_empty() && missing.is_empty() && got.len() == want.len(),
        "{what}\nunexpected rows: {extra:#?}\nmissing rows: {missing:#?}"
    );
}

#[test]
fn every_operation_undoes_and_redoes_exactly() {
    let (mut p, by) = memory_project();
    check_undo_redo(&mut p, "template", |p| {
        tematik::template::apply(p, by, Template::Nvos).unwrap()
    });
    let mut doc = None;
    check_undo_redo(&mut p, "import", |p| {
        doc = Some(add_transcript(p, by, "fg1"))
    });
    let doc = doc.unwrap();
    let theme = p.find_code("Närhet").unwrap().id;
    let mikro = p.find_tag_value(Some("niva"), "mikro").unwrap().id;
    let samverkan = p.find_tag_value(None, "samverkan").unwrap().id;
    let mut code = None;
    check_undo_redo(&mut p, "create code", |p| {
        code = Some(
            p.create_code(
                by,
                NewCode {
                    name: "Korta avstånd".into(),
                    parent_id: Some(theme),
                    ..Default::default()
                },
            )
            .unwrap(),
        )
    });
    let code = code.unwrap();
    let mut coding = None;
    check_undo_redo(&mut p, "code span", |p| {
        coding = Some(
            p.code_span(
                by,
                CodeSpan {
                    document_id: doc,
                    start: 60,
                    end: 90,
                    code_id: code,
                    tags: vec![mikro, samverkan],
                },
            )
            .unwrap(),
        )
    });
    let coding = coding.unwrap();
    check_undo_redo(&mut p, "code span with a new code", |p| {
        p.code_span_with_new_code(
            by,
            NewCode {
                name: "Ny".into(),
                ..Default::default()
            },
            doc,
            5,
            9,
            vec![],
        )
        .unwrap();
    });
    check_undo_redo(&mut p, "rename", |p| {
        p.rename_code(by, code, "Nära").unwrap()
    });
    check_undo_redo(&mut p, "recolour", |p| {
        p.recolor_code(by, code, "#AA0000").unwrap()
    });
    check_undo_redo(&mut p, "define", |p| {
        p.define_code(by, code, "Fysisk närhet").unwrap()
    });
    check_undo_redo(&mut p, "status", |p| {
        p.set_code_status(by, code, ReviewStatus::Final).unwrap()
    });
    check_undo_redo(&mut p, "move", |p| {
        p.move_code(by, code, None, Some(0)).unwrap()
    });
    check_undo_redo(&mut p, "toggle tag", |p| {
        p.toggle_coding_tag(by, coding, samverkan).unwrap();
    });
    check_undo_redo(&mut p, "default tags", |p| {
        p.set_code_default_tags(by, code, vec![mikro]).unwrap()
    });
    let mut memo = None;
    check_undo_redo(&mut p, "memo on coding", |p| {
        memo = Some(
            p.write_memo(by, MemoTarget::Coding(coding), "", "Intressant")
                .unwrap(),
        )
    });
    check_undo_redo(&mut p, "edit memo", |p| {
        p.edit_memo(by, memo.unwrap(), "T", "Ändrad").unwrap()
    });
    let mut set = None;
    check_undo_redo(&mut p, "create quote set", |p| {
        set = Some(p.create_quote_set(by, "Kapitel").unwrap())
    });
    check_undo_redo(&mut p, "add to quote set", |p| {
        p.add_to_quote_set(by, set.unwrap(), coding, "bra", None)
            .unwrap()
    });
    check_undo_redo(&mut p, "case", |p| {
        p.create_case(
            by,
            NewCase {
                name: "R1".into(),
                kind: CaseKind::Respondent,
                attributes: vec![AttributeValue::category("Kommunstorlek", "Liten")],
            },
        )
        .unwrap();
    });
    check_undo_redo(&mut p, "document attribute", |p| {
        p.set_document_attribute(by, doc, AttributeValue::category("Omgång", "2022"))
            .unwrap()
    });
    // Uncoding cascades to the coding's tags, memo and quote-set places; undo brings them all back.
    check_undo_redo(&mut p, "uncode", |p| p.uncode(by, coding).unwrap());
    check_undo_redo(&mut p, "merge", |p| p.merge_codes(by, code, theme).unwrap());
    for (name, choice) in [
        ("Flytta", DeleteCodings::MoveToParent),
        ("Radera", DeleteCodings::Delete),
    ] {
        let doomed = p
            .create_code(
                by,
                NewCode {
                    name: name.into(),
                    parent_id: Some(theme),
                    ..Default::default()
                },
            )
            .unwrap();
        p.create_code(
            by,
            NewCode {
                name: format!("{name} barn"),
                parent_id: Some(doomed),
                ..Default::default()
            },
        )
        .unwrap();
        let c = p
            .code_span(
                by,
                CodeSpan {
                    document_id: doc,
                    start: 100,
                    end: 120,
                    code_id: doomed,
                    tags: vec![mikro],
                },
            )
            .unwrap();
        p.write_memo(by, MemoTarget::Coding(c), "", "memo").unwrap();
        check_undo_redo(&mut p, &format!("delete code ({choice:?})"), |p| {
            p.delete_code(by, doomed, Some(choice)).unwrap()
        });
    }
    check_undo_redo(&mut p, "rename document", |p| {
        p.rename_document(by, doc, "Fokusgrupp 1").unwrap()
    });
    check_undo_redo(&mut p, "delete document", |p| {
        p.delete_document(by, doc).unwrap()
    });
    let ok: String = p
        .connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let fk: i64 = p
        .connection()
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
}

#[test]
fn undo_walks_back_several_steps_and_a_new_change_drops_the_redo_stack() {
    let (mut p, by) = memory_project();
    let s0 = snapshot(&p);
    let a = p
        .create_code(
            by,
            NewCode {
                name: "A".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let s1 = snapshot(&p);
    p.rename_code(by, a, "B").unwrap();
    let (undo, redo) = p.undo_redo_summaries().unwrap();
    let (kind, summary) = undo.unwrap();
    assert_eq!(kind, "rename_code");
    assert!(summary.contains('B'), "undo would undo the rename");
    assert_eq!(redo, None);
    p.undo(by).unwrap();
    assert_eq!(snapshot(&p), s1);
    let (_, redo) = p.undo_redo_summaries().unwrap();
    assert!(redo.unwrap().1.contains('B'), "redo would redo the rename");
    p.undo(by).unwrap();
    assert_eq!(snapshot(&p), s0);
    assert!(matches!(p.undo(by), Err(Error::NothingTo("undo"))));
    p.redo(by).unwrap();
    assert_eq!(snapshot(&p), s1);
    p.create_code(
        by,
        NewCode {
            name: "C".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(p.can_undo_redo().unwrap(), (true, false));
    assert!(matches!(p.redo(by), Err(Error::NothingTo("redo"))));
}

#[test]
fn history_records_who_did_what_and_when_including_undo() {
    let (mut p, anna) = memory_project();
    let bertil = p.ensure_coder("Bertil").unwrap();
    let a = p
        .create_code(
            anna,
            NewCode {
                name: "A".into(),
                ..Default::default()
            },
        )
        .unwrap();
    p.rename_code(bertil, a, "Bättre namn").unwrap();
    p.undo(anna).unwrap();
    let h = p.history(10).unwrap();
    let kinds: Vec<&str> = h.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "undo",
            "rename_code",
            "create_code",
            "add_coder",
            "add_coder"
        ]
    );
    assert_eq!(h[1].coder_name, "Bertil");
    assert_eq!(h[0].target, Some(h[1].seq));
    assert!(h[0].summary.contains("Bättre namn"), "{}", h[0].summary);
    assert!(
        h.windows(2).all(|w| w[0].at > w[1].at),
        "times come from the clock, one step each"
    );
    // The clock was read for: the project, Anna, Bertil, then this code.
    assert_eq!(h[2].at.to_rfc3339(), "2024-03-01T09:00:03+00:00");
}

#[test]
fn an_undo_that_no_longer_applies_is_refused_and_changes_nothing() {
    let (mut p, by) = memory_project();
    let a = p
        .create_code(
            by,
            NewCode {
                name: "A".into(),
                ..Default::default()
            },
        )
        .unwrap();
    p.rename_code(by, a, "B").unwrap();
    // Someone edits the file behind the undo log's back.
    p.connection()
        .execute("UPDATE codes SET name = 'Z'", [])
        .unwrap();
    let before = snapshot(&p);
    let err = p.undo(by).unwrap_err();
    assert!(matches!(err, Error::UndoConflict { .. }), "{err}");
    assert_eq!(snapshot(&p), before);
}
