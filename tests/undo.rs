//! Undo, redo and the change history.

use crate::util::{TempDir, add_transcript, clock, memory_project, snapshot};
use tematik::storage::{
    AttributeValue, CodeSpan, CodeUpdate, DeleteCodings, NewCase, NewCode, NewDimension,
    NewTagValue, Table, UNTRACKED_TABLES,
};
use tematik::{CaseKind, CodeRole, Error, MemoTarget, Project, ReviewStatus, Template};

/// Runs `op`, then checks that undo restores exactly the state before it and
/// redo exactly the state after it.
fn check_undo_redo(p: &mut Project, what: &str, op: impl FnOnce(&mut Project)) {
    let by = p.ensure_throwaway_coder("Anna").unwrap();
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
    let p = round_trip_of_every_operation();
    crate::util::assert_sound(&p);
}

/// Runs every undoable operation, each checked by [`check_undo_redo`], and
/// returns the project.
fn round_trip_of_every_operation() -> Project {
    let (mut p, by) = memory_project();
    check_undo_redo(&mut p, "template", |p| {
        tematik::template::apply(p, by, Template::Nvos).unwrap()
    });
    check_undo_redo(&mut p, "create dimension", |p| {
        p.create_dimension(
            by,
            NewDimension {
                key: "kalla".into(),
                name: "Källa".into(),
                multi: false,
                values: vec![NewTagValue {
                    key: "egen".into(),
                    label: "Egen".into(),
                    ..Default::default()
                }],
                ..Default::default()
            },
        )
        .unwrap();
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
    check_undo_redo(&mut p, "code spans", |p| {
        p.code_spans(
            by,
            vec![
                CodeSpan {
                    document_id: doc,
                    start: 10,
                    end: 20,
                    code_id: code,
                    tags: vec![],
                },
                CodeSpan {
                    document_id: doc,
                    start: 30,
                    end: 40,
                    code_id: code,
                    tags: vec![mikro],
                },
            ],
        )
        .unwrap();
    });
    let niva = p
        .dimensions()
        .unwrap()
        .into_iter()
        .find(|d| d.key == "niva")
        .unwrap();
    let meso = niva.values.iter().find(|v| v.key == "meso").unwrap().id;
    check_undo_redo(&mut p, "set coding tags", |p| {
        p.set_coding_tags(by, coding, niva.id, vec![meso]).unwrap()
    });
    check_undo_redo(&mut p, "update code", |p| {
        p.update_code(
            by,
            code,
            CodeUpdate {
                name: Some("Korta vägar".into()),
                color: Some("#00aa00".into()),
                definition: Some("Nära i tid".into()),
                scope_includes: Some("möten".into()),
                scope_excludes: Some("avtal".into()),
                role: Some(CodeRole::Theme),
                status: Some(ReviewStatus::Reviewed),
            },
        )
        .unwrap()
    });
    check_undo_redo(&mut p, "role", |p| {
        p.set_code_role(by, code, CodeRole::Code).unwrap()
    });
    check_undo_redo(&mut p, "recolour coder", |p| {
        p.recolor_coder(by, by, "#123456").unwrap()
    });
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
    let journal = p
        .write_memo(by, MemoTarget::Journal, "Dag 1", "Anteckning")
        .unwrap();
    check_undo_redo(&mut p, "delete memo", |p| {
        p.delete_memo(by, journal).unwrap()
    });
    let mut set = None;
    check_undo_redo(&mut p, "create quote set", |p| {
        set = Some(p.create_quote_set(by, "Kapitel").unwrap())
    });
    check_undo_redo(&mut p, "add to quote set", |p| {
        p.add_to_quote_set(by, set.unwrap(), coding, "bra", None)
            .unwrap()
    });
    check_undo_redo(&mut p, "rename quote set", |p| {
        p.rename_quote_set(by, set.unwrap(), "Kapitel 6").unwrap()
    });
    check_undo_redo(&mut p, "remove from quote set", |p| {
        p.remove_from_quote_set(by, set.unwrap(), coding).unwrap()
    });
    // Back in the set, for the uncode below.
    p.add_to_quote_set(by, set.unwrap(), coding, "bra", None)
        .unwrap();
    // Chapters: a set's description and place, a quote's place, note, trim
    // and own attribution, the project's settings.
    let second_set = p.create_quote_set(by, "Kapitel 7").unwrap();
    let other = p.find_coding(doc, 10, 20, code, by).unwrap().unwrap();
    p.add_to_quote_set(by, set.unwrap(), other, "", None)
        .unwrap();
    check_undo_redo(&mut p, "describe quote set", |p| {
        p.describe_quote_set(by, set.unwrap(), "Om samverkan")
            .unwrap()
    });
    check_undo_redo(&mut p, "move quote set", |p| {
        p.move_quote_set(by, second_set, 0).unwrap()
    });
    check_undo_redo(&mut p, "move in quote set", |p| {
        p.move_in_quote_set(by, set.unwrap(), other, 0).unwrap()
    });
    check_undo_redo(&mut p, "quote note", |p| {
        p.set_quote_note(by, set.unwrap(), other, "Stark").unwrap()
    });
    check_undo_redo(&mut p, "trim quote", |p| {
        p.trim_quote(by, set.unwrap(), other, Some(&[(10, 12), (17, 20)]))
            .unwrap()
    });
    check_undo_redo(&mut p, "quote attribution", |p| {
        p.set_quote_attribution(by, set.unwrap(), other, Some("– {Yrke}"))
            .unwrap()
    });
    check_undo_redo(&mut p, "project settings", |p| {
        p.set_project_settings(
            by,
            &tematik::storage::ProjectSettings {
                reidentification_k: 4,
                ..Default::default()
            },
        )
        .unwrap()
    });
    check_undo_redo(&mut p, "delete quote set", |p| {
        p.delete_quote_set(by, second_set).unwrap()
    });
    // Theme review: pinned examples, split, promote, demote, the discard pile.
    let second = p.find_coding(doc, 10, 20, code, by).unwrap().unwrap();
    check_undo_redo(&mut p, "pin example", |p| {
        p.pin_example(by, code, coding, None).unwrap()
    });
    p.pin_example(by, code, second, None).unwrap();
    check_undo_redo(&mut p, "move example", |p| {
        p.move_example(by, code, second, 0).unwrap()
    });
    check_undo_redo(&mut p, "unpin example", |p| {
        p.unpin_example(by, code, second).unwrap()
    });
    p.pin_example(by, code, second, None).unwrap();
    let mut split = None;
    check_undo_redo(&mut p, "split", |p| {
        split = Some(p.split_code(by, code, &[second], "Avknoppad").unwrap())
    });
    let split = split.unwrap();
    check_undo_redo(&mut p, "demote", |p| p.demote_code(by, split).unwrap());
    check_undo_redo(&mut p, "promote", |p| p.promote_code(by, split).unwrap());
    check_undo_redo(&mut p, "discard", |p| p.discard_code(by, code).unwrap());
    check_undo_redo(&mut p, "restore", |p| p.restore_code(by, code).unwrap());
    // Editable tag dimensions.
    let kalla = p
        .dimensions()
        .unwrap()
        .into_iter()
        .find(|d| d.key == "kalla")
        .unwrap()
        .id;
    check_undo_redo(&mut p, "rename dimension", |p| {
        p.rename_dimension(by, kalla, "Ursprung").unwrap()
    });
    check_undo_redo(&mut p, "move dimension", |p| {
        p.move_dimension(by, kalla, 0).unwrap()
    });
    let mut annan = None;
    check_undo_redo(&mut p, "add tag value", |p| {
        annan = Some(p.add_tag_value(by, kalla, "Annan", None).unwrap())
    });
    check_undo_redo(&mut p, "rename tag value", |p| {
        p.rename_tag_value(by, annan.unwrap(), "Någon annans")
            .unwrap()
    });
    check_undo_redo(&mut p, "move tag value", |p| {
        p.move_tag_value(by, annan.unwrap(), 0).unwrap()
    });
    check_undo_redo(&mut p, "dimension multi", |p| {
        p.set_dimension_multi(by, kalla, true).unwrap()
    });
    let mut case = None;
    check_undo_redo(&mut p, "case", |p| {
        case = Some(
            p.create_case(
                by,
                NewCase {
                    name: "R1".into(),
                    kind: CaseKind::Respondent,
                    attributes: vec![AttributeValue::category("Kommunstorlek", "Liten")],
                },
            )
            .unwrap(),
        );
    });
    let case = case.unwrap();
    let team = p
        .create_case(
            by,
            NewCase {
                name: "Team 1".into(),
                kind: CaseKind::Team,
                attributes: vec![],
            },
        )
        .unwrap();
    check_undo_redo(&mut p, "case parent", |p| {
        p.set_case_parent(by, case, Some(team)).unwrap()
    });
    check_undo_redo(&mut p, "case attribute", |p| {
        p.set_case_attribute(by, case, AttributeValue::category("Kommun", "Ydre"))
            .unwrap()
    });
    check_undo_redo(&mut p, "document attribute", |p| {
        p.set_document_attribute(by, doc, AttributeValue::category("Omgång", "2022"))
            .unwrap()
    });
    // Uncoding cascades to the coding's tags, memo and quote-set places; undo brings them all back.
    check_undo_redo(&mut p, "uncode", |p| p.uncode(by, coding, true).unwrap());
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
    p
}

/// The write kinds in the core's source, with their undo mode: every
/// `write(by, "<kind>", UndoMode::<mode>, …)` call, and the kinds passed to
/// the one helper that calls `write` with a kind it is given.
fn write_kinds_in_the_source() -> Vec<(String, String)> {
    let sources = [
        include_str!("../src/storage/attributes.rs"),
        include_str!("../src/storage/cases.rs"),
        include_str!("../src/storage/coders.rs"),
        include_str!("../src/storage/codes.rs"),
        include_str!("../src/storage/codings.rs"),
        include_str!("../src/storage/documents.rs"),
        include_str!("../src/storage/examples.rs"),
        include_str!("../src/storage/memos.rs"),
        include_str!("../src/storage/mod.rs"),
        include_str!("../src/storage/quote_sets.rs"),
        include_str!("../src/storage/settings.rs"),
        include_str!("../src/storage/tags.rs"),
        include_str!("../src/storage/undo.rs"),
        include_str!("../src/template.rs"),
    ];
    // Which files hold write calls is checked too: a module missing from
    // the list above would hide its kinds.
    let mut dirs = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(
                    !text.contains("UndoMode::") || sources.contains(&text.as_str()),
                    "{} writes changes: add it to write_kinds_in_the_source",
                    path.display()
                );
            }
        }
    }
    let literal = |s: &str| -> Option<String> {
        let rest = s.strip_prefix('"')?;
        Some(rest[..rest.find('"')?].to_owned())
    };
    let mut kinds = Vec::new();
    for source in sources {
        // Without the unit tests (their writes are no operations), and without
        // white space: a call reads the same however it is wrapped.
        let operations = source.split("#[cfg(test)]").next().unwrap();
        let code: String = operations.chars().filter(|c| !c.is_whitespace()).collect();
        for (at, _) in code.match_indices(".write(") {
            let args = &code[at + ".write(".len()..];
            let Some(comma) = args.find(',') else {
                continue;
            };
            let rest = &args[comma + 1..];
            if rest.starts_with("kind,") {
                // update_code_field's: its callers' kinds are read below.
                continue;
            }
            let kind = literal(rest).unwrap_or_else(|| {
                panic!("a write() whose kind the test cannot read: {}", &rest[..40])
            });
            let mode = rest[kind.len() + 3..]
                .strip_prefix("UndoMode::")
                .map(|m| m.chars().take_while(|c| c.is_alphanumeric()).collect())
                .unwrap_or_else(|| panic!("write(…, \"{kind}\", …) without an UndoMode"));
            kinds.push((kind, mode));
        }
        for (at, _) in code.match_indices("self.update_code_field(by,id,") {
            let rest = &code[at + "self.update_code_field(by,id,".len()..];
            kinds.push((literal(rest).unwrap(), "Undoable".to_owned()));
        }
    }
    kinds.sort();
    kinds.dedup();
    kinds
}

#[test]
fn every_undoable_write_kind_is_in_the_undo_round_trip() {
    let kinds = write_kinds_in_the_source();
    assert!(kinds.len() >= 36, "the source scan found only {kinds:?}");
    let p = round_trip_of_every_operation();
    let done: std::collections::BTreeSet<String> = p
        .history(10_000)
        .unwrap()
        .into_iter()
        .map(|h| h.kind)
        .collect();
    let missing: Vec<&String> = kinds
        .iter()
        .filter(|(kind, mode)| mode == "Undoable" && !done.contains(kind))
        .map(|(kind, _)| kind)
        .collect();
    assert!(
        missing.is_empty(),
        "add these to round_trip_of_every_operation: {missing:?}"
    );
    let unknown: Vec<&String> = done
        .iter()
        .filter(|k| !["undo", "redo"].contains(&k.as_str()) && !kinds.iter().any(|(s, _)| s == *k))
        .collect();
    assert!(
        unknown.is_empty(),
        "kinds the source scan missed: {unknown:?}"
    );
    // The others are not undoable, and leave the undo stack as it was.
    let others: Vec<&str> = kinds
        .iter()
        .filter(|(_, mode)| mode != "Undoable")
        .map(|(kind, _)| kind.as_str())
        .collect();
    assert_eq!(
        others,
        ["add_coder", "rename_coder"],
        "see a_coder_is_matched_by_id…"
    );
}

#[test]
fn every_table_is_tracked_for_undo_and_the_index_or_excluded_with_a_reason() {
    let (p, _) = memory_project();
    let tables: Vec<String> = p
        .read_only_connection()
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for t in &tables {
        let tracked = Table::from_name(t).is_some();
        let excluded = UNTRACKED_TABLES.iter().find(|(name, _)| name == t);
        assert!(
            tracked != excluded.is_some(),
            "table {t} must be either a storage::Table (tracked for undo and index sync) or in UNTRACKED_TABLES with a reason"
        );
        if let Some((_, reason)) = excluded {
            assert!(reason.len() > 20, "{t}: say why it is not tracked");
        }
    }
    for t in Table::ALL {
        assert!(
            tables.iter().any(|name| name == t.name()),
            "{t:?} is not in the schema"
        );
        assert_eq!(Table::from_name(t.name()), Some(*t));
    }
}

#[test]
fn the_read_only_connection_refuses_writes() {
    let (p, _) = memory_project();
    let conn = p.read_only_connection();
    assert!(conn.prepare("UPDATE codes SET name = 'Z'").is_err());
    assert!(
        conn.query_row("DELETE FROM coders RETURNING id", [], |r| r
            .get::<_, String>(0))
            .is_err()
    );
    assert!(
        conn.pragma_query_value("journal_mode = delete", |r| r.get::<_, String>(0))
            .is_err()
    );
    assert!(
        conn.pragma_query_value("wal_checkpoint", |r| r.get::<_, i64>(0))
            .is_err()
    );
    let coders: i64 = conn
        .query_row("SELECT count(*) FROM coders", [], |r| r.get(0))
        .unwrap();
    assert_eq!(coders, 1);
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
    let bertil = p.ensure_throwaway_coder("Bertil").unwrap();
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
    let dir = TempDir::new();
    let path = dir.path("bakom.tematik");
    let mut p = Project::create(&path, "Bakom", clock()).unwrap();
    let by = p.ensure_throwaway_coder("Anna").unwrap();
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
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("UPDATE codes SET name = 'Z'", [])
        .unwrap();
    let before = snapshot(&p);
    let err = p.undo(by).unwrap_err();
    assert!(matches!(err, Error::UndoConflict { .. }), "{err}");
    assert_eq!(snapshot(&p), before);
}

#[test]
fn an_undone_update_restores_only_the_columns_it_changed() {
    let dir = TempDir::new();
    let path = dir.path("bredvid.tematik");
    let mut p = Project::create(&path, "Bredvid", clock()).unwrap();
    let by = p.ensure_throwaway_coder("Anna").unwrap();
    let a = p
        .create_code(
            by,
            NewCode {
                name: "A".into(),
                color: Some("#112233".into()),
                ..Default::default()
            },
        )
        .unwrap();
    p.rename_code(by, a, "B").unwrap();
    // Another column of the renamed row changes behind the log's back: the
    // rename's undo touches only the name, so the other change stays.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("UPDATE codes SET color = '#445566'", [])
        .unwrap();
    p.undo(by).unwrap();
    let code = p.code(a).unwrap();
    assert_eq!((code.name.as_str(), code.color.as_str()), ("A", "#445566"));
    // The update's statements name the changed column only.
    let inverse: String = p
        .read_only_connection()
        .query_row(
            "SELECT inverse FROM undo_stack u JOIN history h ON h.seq = u.history_seq WHERE h.kind = 'rename_code'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let inverse: Vec<String> = serde_json::from_str(&inverse).unwrap();
    let update = inverse.iter().find(|s| s.starts_with("UPDATE")).unwrap();
    assert!(
        update.contains("\"name\"") && !update.contains("\"color\""),
        "{update}"
    );
}

/// A project file copied to another computer: the copy is opened with
/// another origin (the receiver's computer id).
fn received_copy(dir: &TempDir) -> (Project, tematik::CoderId, tematik::CodeId) {
    let sent = dir.path("skickad.tematik");
    let colleague_computer = uuid::Uuid::from_u128(0xC011_EA6E);
    let mut p = Project::create(&sent, "Delad", clock()).unwrap();
    p.set_origin(colleague_computer);
    let kim = p.ensure_coder(tematik::CoderId::new(), "Kim").unwrap();
    let code = p
        .create_code(
            kim,
            NewCode {
                name: "Kims kod".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        p.can_undo_redo().unwrap(),
        (true, false),
        "Kim can undo it at home"
    );
    drop(p);
    let received = dir.path("mottagen.tematik");
    std::fs::copy(&sent, &received).unwrap();
    let mut p = Project::open(&received, clock()).unwrap();
    p.set_origin(uuid::Uuid::from_u128(0xA11A));
    let anna = p.ensure_coder(tematik::CoderId::new(), "Anna").unwrap();
    (p, anna, code)
}

#[test]
fn undo_on_a_received_copy_refuses_the_colleagues_change() {
    let dir = TempDir::new();
    let (mut p, anna, _) = received_copy(&dir);
    assert_eq!(
        p.can_undo_redo().unwrap(),
        (false, false),
        "a barrier is nothing to undo"
    );
    assert_eq!(p.undo_redo_summaries().unwrap(), (None, None));
    let before = snapshot(&p);
    let revision = p.revision().unwrap();
    let err = p.undo(anna).unwrap_err();
    match &err {
        Error::UndoBarrier { summary, coder } => {
            assert!(summary.contains("Kims kod"), "{summary}");
            assert_eq!(coder, "Kim");
        }
        other => panic!("expected UndoBarrier, got {other}"),
    }
    assert_eq!(err.code(), tematik::ErrorCode::UndoBarrier);
    assert_eq!(snapshot(&p), before, "a refused undo changes nothing");
    assert_eq!(p.revision().unwrap(), revision);
}

#[test]
fn the_receivers_own_change_undoes_and_redoes_then_the_barrier_holds() {
    let dir = TempDir::new();
    let (mut p, anna, kims) = received_copy(&dir);
    let received = snapshot(&p);
    p.rename_code(anna, kims, "Annas namn").unwrap();
    let renamed = snapshot(&p);
    assert_eq!(p.can_undo_redo().unwrap(), (true, false));
    p.undo(anna).unwrap();
    assert_eq!(snapshot(&p), received, "Anna's own change is undone");
    assert_eq!(
        p.can_undo_redo().unwrap(),
        (false, true),
        "Kim's change is next: a barrier"
    );
    p.redo(anna).unwrap();
    assert_eq!(snapshot(&p), renamed, "and redone");
    p.undo(anna).unwrap();
    assert!(
        matches!(p.undo(anna), Err(Error::UndoBarrier { .. })),
        "the next undo would undo Kim's change"
    );
    assert_eq!(snapshot(&p), received);
    // The colleague's entry stays on the stack: back home, Kim can still undo it.
    drop(p);
    let mut home = Project::open(dir.path("mottagen.tematik"), clock()).unwrap();
    home.set_origin(uuid::Uuid::from_u128(0xC011_EA6E));
    let kim = home.coder_by_name("Kim").unwrap().unwrap().id;
    // Anna's undone rename is on top of the redo stack: not Kim's to redo.
    assert!(matches!(home.redo(kim), Err(Error::UndoBarrier { .. })));
    home.undo(kim).unwrap();
    assert!(home.code_tree().unwrap().is_empty(), "Kim undid Kim's code");
}

#[test]
fn undo_entries_from_before_undo_knew_computers_are_a_barrier() {
    let dir = TempDir::new();
    let path = dir.path("gammal.tematik");
    let mut p = Project::create(&path, "Gammal", clock()).unwrap();
    let by = p.ensure_throwaway_coder("Anna").unwrap();
    p.create_code(
        by,
        NewCode {
            name: "A".into(),
            ..Default::default()
        },
    )
    .unwrap();
    drop(p);
    // As migration 4 leaves the entries of an older file: no origin.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("UPDATE undo_stack SET origin = NULL", [])
        .unwrap();
    let mut p = Project::open(&path, clock()).unwrap();
    assert_eq!(p.can_undo_redo().unwrap(), (false, false));
    assert!(matches!(p.undo(by), Err(Error::UndoBarrier { .. })));
}

#[test]
fn a_coder_is_matched_by_id_and_a_rename_is_recorded_but_not_undone() {
    let (mut p, anna) = memory_project();
    p.create_code(
        anna,
        NewCode {
            name: "A".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let me = tematik::CoderId::new();
    assert_eq!(p.ensure_coder(me, "Anna").unwrap(), me);
    assert_eq!(p.ensure_coder(me, "Anna").unwrap(), me, "found again by id");
    let names: Vec<(tematik::CoderId, String)> = p
        .coders()
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    assert_eq!(
        names.len(),
        2,
        "two Annas with two ids stay two coders: {names:?}"
    );
    let seq = p.history(1).unwrap()[0].seq;
    p.ensure_coder(me, "Anna Berg").unwrap();
    let h = p.history(1).unwrap();
    assert_eq!((h[0].kind.as_str(), h[0].coder_id), ("rename_coder", me));
    assert!(h[0].seq > seq);
    assert_eq!(p.coder(me).unwrap().unwrap().name, "Anna Berg");
    // The rename is not what Ctrl+Z undoes: the code still is.
    let (undo, _) = p.undo_redo_summaries().unwrap();
    assert_eq!(undo.unwrap().0, "create_code");
}
