//! Theme review: split, promote, demote, the discard pile, review status
//! with who and when, scope notes, pinned examples, editable tag
//! dimensions, and what a merge keeps.

use crate::util::{add_transcript, code, memory_project, snapshot};
use std::collections::BTreeSet;
use tematik::storage::{CodeSpan, CodeUpdate};
use tematik::{
    CodeId, CodeRole, CoderId, CodingId, DocumentId, Error, MemoTarget, Project, ReviewStatus,
    TagValueId, Template,
};

fn span(
    p: &mut Project,
    by: CoderId,
    doc: DocumentId,
    code: CodeId,
    start: usize,
    tags: Vec<TagValueId>,
) -> CodingId {
    p.code_span(
        by,
        CodeSpan {
            document_id: doc,
            start,
            end: start + 8,
            code_id: code,
            tags,
        },
    )
    .unwrap()
}

/// (name, role, depth) of the tree in display order.
fn shape(p: &Project) -> Vec<(String, CodeRole, usize)> {
    p.code_tree()
        .unwrap()
        .into_iter()
        .map(|n| (n.code.name, n.code.role, n.depth))
        .collect()
}

fn sorted(mut v: Vec<TagValueId>) -> Vec<TagValueId> {
    v.sort();
    v
}

#[test]
fn split_moves_the_chosen_codings_to_a_sibling_right_after_keeping_tags_memos_places_and_pins() {
    let (mut p, by) = memory_project();
    tematik::template::apply(&mut p, by, Template::Nvos).unwrap();
    let doc = add_transcript(&mut p, by, "fg1");
    let meso = p.find_tag_value(Some("niva"), "meso").unwrap().id;
    let mikro = p.find_tag_value(Some("niva"), "mikro").unwrap().id;
    let theme = code(&mut p, by, "Tema", None);
    let kod = code(&mut p, by, "Kod", Some(theme));
    let after = code(&mut p, by, "Efter", Some(theme));
    p.set_code_default_tags(by, kod, vec![meso]).unwrap();
    let stays = span(&mut p, by, doc, kod, 60, vec![]);
    let goes = span(&mut p, by, doc, kod, 70, vec![mikro]);
    let goes_too = span(&mut p, by, doc, kod, 80, vec![]);
    p.write_memo(by, MemoTarget::Coding(goes), "", "om citatet")
        .unwrap();
    let set = p.create_quote_set(by, "Kapitel").unwrap();
    p.add_to_quote_set(by, set, goes_too, "not", None).unwrap();
    p.pin_example(by, kod, stays, None).unwrap();
    p.pin_example(by, kod, goes_too, None).unwrap();
    p.pin_example(by, theme, goes, None).unwrap();
    let tags_before: Vec<Vec<TagValueId>> = [stays, goes, goes_too]
        .iter()
        .map(|c| sorted(p.coding(*c).unwrap().tags))
        .collect();

    let new = p.split_code(by, kod, &[goes, goes_too], "Ny kod").unwrap();

    let tree = p.code_tree().unwrap();
    let under: Vec<CodeId> = tree
        .iter()
        .filter(|n| n.code.parent_id == Some(theme))
        .map(|n| n.code.id)
        .collect();
    assert_eq!(under, vec![kod, new, after], "right after the code split");
    let n = p.code(new).unwrap();
    assert_eq!(n.role, CodeRole::Subtheme, "the split code's role");
    assert_ne!(n.color, p.code(kod).unwrap().color, "a colour of its own");
    assert_eq!(p.code_with_descendants(new).unwrap(), vec![new]);
    for (c, want) in [stays, goes, goes_too].iter().zip(&tags_before) {
        assert_eq!(
            &sorted(p.coding(*c).unwrap().tags),
            want,
            "effective tags kept"
        );
    }
    assert_eq!(p.coding(stays).unwrap().code_id, kod);
    assert_eq!(p.coding(goes).unwrap().code_id, new);
    assert_eq!(p.coding(goes_too).unwrap().code_id, new);
    assert_eq!(p.memos(MemoTarget::Coding(goes)).unwrap().len(), 1);
    assert_eq!(p.quote_sets().unwrap()[0].items[0].coding_id, goes_too);
    assert_eq!(p.code_examples(kod).unwrap(), vec![stays]);
    assert_eq!(p.code_examples(new).unwrap(), vec![goes_too], "re-pinned");
    assert_eq!(
        p.code_examples(theme).unwrap(),
        vec![goes],
        "still below it"
    );

    p.undo(by).unwrap();
    assert!(p.code(new).is_err(), "one undo step takes the split back");
    assert_eq!(p.code_examples(kod).unwrap(), vec![stays, goes_too]);
}

#[test]
fn split_refuses_codings_of_another_code_and_a_taken_name_changing_nothing() {
    let (mut p, by) = memory_project();
    let doc = add_transcript(&mut p, by, "fg1");
    let a = code(&mut p, by, "A", None);
    let b = code(&mut p, by, "B", None);
    let a1 = code(&mut p, by, "A1", Some(a));
    let of_a = span(&mut p, by, doc, a, 60, vec![]);
    let of_a1 = span(&mut p, by, doc, a1, 70, vec![]);
    let before = snapshot(&p);
    let err = p.split_code(by, a, &[of_a, of_a1], "Ny").unwrap_err();
    assert!(
        matches!(&err, Error::CodingNotOfCode { code, below: false, .. } if code == "A"),
        "{err:?}"
    );
    let err = p.split_code(by, a, &[of_a], "b").unwrap_err();
    assert!(matches!(err, Error::NameTaken { .. }), "{err:?}");
    assert_eq!(snapshot(&p), before, "nothing changed");
    let _ = b;
}

#[test]
fn promote_and_demote_move_a_node_a_level_with_its_children_in_order_and_roles_by_depth() {
    let (mut p, by) = memory_project();
    let t1 = code(&mut p, by, "T1", None);
    let s1 = code(&mut p, by, "S1", Some(t1));
    let s2 = code(&mut p, by, "S2", Some(t1));
    let k1 = code(&mut p, by, "K1", Some(s2));
    let k2 = code(&mut p, by, "K2", Some(s2));
    let t2 = code(&mut p, by, "T2", None);

    p.promote_code(by, s2).unwrap();
    use CodeRole::*;
    let s = |n: &str, r, d| (n.to_owned(), r, d);
    assert_eq!(
        shape(&p),
        vec![
            s("T1", Theme, 0),
            s("S1", Subtheme, 1),
            s("S2", Theme, 0),
            s("K1", Subtheme, 1),
            s("K2", Subtheme, 1),
            s("T2", Theme, 0),
        ],
        "S2 right after its old parent, its children along, in order"
    );
    p.demote_code(by, s2).unwrap();
    assert_eq!(
        shape(&p),
        vec![
            s("T1", Theme, 0),
            s("S1", Subtheme, 1),
            s("S2", Subtheme, 1),
            s("K1", Code, 2),
            s("K2", Code, 2),
            s("T2", Theme, 0),
        ],
        "the last child of its previous sibling"
    );
    p.demote_code(by, k2).unwrap();
    assert_eq!(p.code(k2).unwrap().parent_id, Some(k1));
    let before = snapshot(&p);
    assert!(matches!(
        p.promote_code(by, t2).unwrap_err(),
        Error::AtTopLevel { .. }
    ));
    assert!(matches!(
        p.demote_code(by, t1).unwrap_err(),
        Error::NoPreviousSibling { .. }
    ));
    assert!(matches!(
        p.demote_code(by, s1).unwrap_err(),
        Error::NoPreviousSibling { .. }
    ));
    // A name taken at the new place: nothing changes.
    code(&mut p, by, "K1", Some(t1));
    let before_clash = snapshot(&p);
    assert!(matches!(
        p.promote_code(by, k1).unwrap_err(),
        Error::NameTaken { .. }
    ));
    assert_eq!(snapshot(&p), before_clash);
    p.undo(by).unwrap();
    assert_eq!(snapshot(&p), before);
}

#[test]
fn a_discarded_node_keeps_its_place_is_out_of_the_analysis_with_its_subtree_and_comes_back() {
    let (mut p, by) = memory_project();
    let t = code(&mut p, by, "T", None);
    let a = code(&mut p, by, "A", Some(t));
    let a1 = code(&mut p, by, "A1", Some(a));
    let b = code(&mut p, by, "B", Some(t));
    let before = snapshot(&p);
    p.discard_code(by, a).unwrap();
    let tree = p.code_tree().unwrap();
    let discarded: Vec<(CodeId, bool)> = tree.iter().map(|n| (n.code.id, n.discarded)).collect();
    assert_eq!(
        discarded,
        vec![(t, false), (a, true), (a1, true), (b, false)],
        "the node and everything below it, in place"
    );
    let c = p.code(a).unwrap();
    assert_eq!(
        (c.discarded_by, c.parent_id, c.position),
        (Some(by), Some(t), 0)
    );
    assert!(p.is_discarded(a1).unwrap());
    assert_eq!(
        p.codes_out_of_analysis().unwrap(),
        [a, a1].into_iter().collect(),
        "the node and its subtree"
    );
    let history = p.history(100).unwrap().len();
    p.discard_code(by, a).unwrap();
    assert_eq!(p.history(100).unwrap().len(), history, "again: no change");
    p.restore_code(by, a).unwrap();
    assert_eq!(snapshot(&p), before, "back exactly where it was");
    assert!(!p.is_discarded(a1).unwrap());
}

#[test]
fn status_records_who_and_when_and_no_node_is_discarded_by_status() {
    let (mut p, by) = memory_project();
    let t = code(&mut p, by, "T", None);
    assert_eq!(p.code(t).unwrap().status_at, None);
    p.set_code_status(by, t, ReviewStatus::Final).unwrap();
    let c = p.code(t).unwrap();
    assert_eq!(c.status, ReviewStatus::Final);
    assert_eq!(c.status_by, Some(by));
    assert!(c.status_at.is_some());
    assert_eq!(
        ReviewStatus::ALL,
        &[
            ReviewStatus::Candidate,
            ReviewStatus::Reviewed,
            ReviewStatus::Final
        ],
        "the discard pile is not a status"
    );
    assert!("discarded".parse::<ReviewStatus>().is_err());
}

#[test]
fn pinned_examples_are_ordered_movable_removable_and_only_from_the_node_or_below() {
    let (mut p, by) = memory_project();
    let doc = add_transcript(&mut p, by, "fg1");
    let t = code(&mut p, by, "T", None);
    let k = code(&mut p, by, "K", Some(t));
    let other = code(&mut p, by, "Annan", None);
    let c1 = span(&mut p, by, doc, t, 60, vec![]);
    let c2 = span(&mut p, by, doc, k, 70, vec![]);
    let c3 = span(&mut p, by, doc, k, 80, vec![]);
    let elsewhere = span(&mut p, by, doc, other, 90, vec![]);
    p.pin_example(by, t, c1, None).unwrap();
    p.pin_example(by, t, c2, None).unwrap();
    p.pin_example(by, t, c3, Some(0)).unwrap();
    assert_eq!(p.code_examples(t).unwrap(), vec![c3, c1, c2]);
    let history = p.history(100).unwrap().len();
    p.pin_example(by, t, c1, Some(2)).unwrap();
    assert_eq!(
        (p.code_examples(t).unwrap(), p.history(100).unwrap().len()),
        (vec![c3, c1, c2], history),
        "pinning twice changes nothing"
    );
    p.move_example(by, t, c3, 9).unwrap();
    assert_eq!(p.code_examples(t).unwrap(), vec![c1, c2, c3]);
    p.unpin_example(by, t, c2).unwrap();
    assert_eq!(p.code_examples(t).unwrap(), vec![c1, c3]);
    let tree = p.code_tree().unwrap();
    assert_eq!(tree.iter().find(|n| n.code.id == t).unwrap().examples, 2);
    let before = snapshot(&p);
    let err = p.pin_example(by, t, elsewhere, None).unwrap_err();
    assert!(
        matches!(&err, Error::CodingNotOfCode { below: true, .. }),
        "{err:?}"
    );
    assert!(matches!(
        p.pin_example(by, k, c1, None).unwrap_err(),
        Error::CodingNotOfCode { .. }
    ));
    assert!(matches!(
        p.unpin_example(by, t, c2).unwrap_err(),
        Error::NotPinned { .. }
    ));
    assert!(matches!(
        p.move_example(by, k, c1, 0).unwrap_err(),
        Error::NotPinned { .. }
    ));
    assert_eq!(snapshot(&p), before, "refusals change nothing");
    p.uncode(by, c1, false).unwrap();
    assert_eq!(
        p.code_examples(t).unwrap(),
        vec![c3],
        "a removed coding drops out"
    );
}

#[test]
fn merge_keeps_every_coding_memo_tag_quote_set_item_pinned_example_and_history_reference() {
    let (mut p, anna) = memory_project();
    let berit = p.ensure_throwaway_coder("Berit").unwrap();
    tematik::template::apply(&mut p, anna, Template::Nvos).unwrap();
    let doc = add_transcript(&mut p, anna, "fg1");
    let tag = |p: &Project, d: &str, v: &str| p.find_tag_value(Some(d), v).unwrap().id;
    let (makro, meso, mikro) = (
        tag(&p, "niva", "makro"),
        tag(&p, "niva", "meso"),
        tag(&p, "niva", "mikro"),
    );
    let samverkan = tag(&p, "fokusomrade", "samverkan");
    let kompetens = tag(&p, "fokusomrade", "kompetens");
    let source = code(&mut p, anna, "Källa", None);
    let target = code(&mut p, anna, "Mål", None);
    let kid = code(&mut p, anna, "Barn", Some(source));
    let same_name_kid = code(&mut p, anna, "Lika", Some(source));
    let targets_kid = code(&mut p, anna, "Lika", Some(target));
    p.set_code_default_tags(anna, source, vec![meso, samverkan])
        .unwrap();
    p.set_code_default_tags(anna, target, vec![mikro]).unwrap();
    p.update_code(
        anna,
        source,
        CodeUpdate {
            definition: Some("Källans definition".into()),
            scope_includes: Some("möten".into()),
            scope_excludes: Some("avtal".into()),
            ..Default::default()
        },
    )
    .unwrap();
    p.update_code(
        anna,
        target,
        CodeUpdate {
            scope_includes: Some("samtal".into()),
            ..Default::default()
        },
    )
    .unwrap();
    // Codings: inherited tags, own tags, a second coder, a twin on the target.
    let inherits = span(&mut p, anna, doc, source, 60, vec![]);
    let own = span(&mut p, anna, doc, source, 70, vec![makro]);
    let twin_source = span(&mut p, anna, doc, source, 80, vec![kompetens]);
    let twin_target = span(&mut p, anna, doc, target, 80, vec![]);
    let by_berit = span(&mut p, berit, doc, source, 80, vec![]);
    let on_kid = span(&mut p, anna, doc, kid, 90, vec![]);
    let on_same = span(&mut p, anna, doc, same_name_kid, 100, vec![]);
    for (target_of_memo, text) in [
        (MemoTarget::Code(source), "om källan"),
        (MemoTarget::Coding(twin_source), "om tvillingen"),
        (MemoTarget::Coding(inherits), "om ärvda"),
        (MemoTarget::Code(same_name_kid), "om lika"),
    ] {
        p.write_memo(anna, target_of_memo, "", text).unwrap();
    }
    let set = p.create_quote_set(anna, "Kapitel").unwrap();
    for (c, note) in [(own, "egen"), (twin_source, "källans"), (twin_target, "")] {
        p.add_to_quote_set(anna, set, c, note, None).unwrap();
    }
    p.pin_example(anna, target, twin_target, None).unwrap();
    p.pin_example(anna, source, own, None).unwrap();
    p.pin_example(anna, source, twin_source, None).unwrap();
    p.pin_example(anna, source, on_kid, None).unwrap();
    let effective = |p: &Project, c: CodingId| sorted(p.coding(c).unwrap().tags);
    let before_tags: Vec<(CodingId, Vec<TagValueId>)> = [inherits, own, by_berit, on_kid, on_same]
        .iter()
        .map(|c| (*c, effective(&p, *c)))
        .collect();
    let twin_union: BTreeSet<TagValueId> = effective(&p, twin_source)
        .into_iter()
        .chain(effective(&p, twin_target))
        .filter(|v| *v != meso) // single-valued level: the target's (mikro) stays
        .collect();
    let memos_before = p.info().unwrap().counts.memos;
    let codings_before = p.info().unwrap().counts.codings;
    let history_before = p.history(1000).unwrap();

    p.merge_codes(anna, source, target).unwrap();

    // Every coding: moved, or (the one twin) joined to its twin.
    assert!(p.code(source).is_err());
    assert_eq!(p.info().unwrap().counts.codings, codings_before - 1);
    assert!(p.coding(twin_source).is_err(), "joined its twin");
    for (c, tags) in &before_tags {
        assert_eq!(&effective(&p, *c), tags, "effective tags kept");
    }
    for c in [inherits, own, by_berit] {
        assert_eq!(p.coding(c).unwrap().code_id, target);
    }
    assert_eq!(p.coding(on_kid).unwrap().code_id, kid);
    assert_eq!(p.code(kid).unwrap().parent_id, Some(target));
    assert_eq!(
        p.coding(on_same).unwrap().code_id,
        targets_kid,
        "same-named child merged"
    );
    assert_eq!(
        effective(&p, twin_target)
            .into_iter()
            .collect::<BTreeSet<_>>(),
        twin_union,
        "the twin holds both codings' tags"
    );
    // Memos: none lost, each on what took its target's place.
    assert_eq!(p.info().unwrap().counts.memos, memos_before);
    let on = |t| {
        p.memos(t)
            .unwrap()
            .into_iter()
            .map(|m| m.body)
            .collect::<BTreeSet<_>>()
    };
    assert!(on(MemoTarget::Code(target)).contains("om källan"));
    assert!(on(MemoTarget::Code(targets_kid)).contains("om lika"));
    assert!(on(MemoTarget::Coding(twin_target)).contains("om tvillingen"));
    assert!(on(MemoTarget::Coding(inherits)).contains("om ärvda"));
    // Quote sets: every item, the twin's with the source's note.
    let items: Vec<(CodingId, String)> = p.quote_sets().unwrap()[0]
        .items
        .iter()
        .map(|i| (i.coding_id, i.note.clone()))
        .collect();
    assert_eq!(
        items,
        vec![(own, "egen".into()), (twin_target, "källans".into())],
        "the twin's place kept, with the note"
    );
    // Pinned examples: the source's after the target's, the twin's once.
    assert_eq!(
        p.code_examples(target).unwrap(),
        vec![twin_target, own, on_kid]
    );
    // Definitions and scope notes joined.
    let t = p.code(target).unwrap();
    assert_eq!(t.definition, "Källans definition");
    assert_eq!(
        (t.scope_includes.as_str(), t.scope_excludes.as_str()),
        ("samtal\n\nmöten", "avtal")
    );
    // History: every earlier entry as it was, the source's id in them.
    let history_after = p.history(1000).unwrap();
    assert_eq!(history_after.len(), history_before.len() + 1);
    assert_eq!(&history_after[1..], &history_before[..]);
    let source_id = source.to_string();
    assert!(
        history_after
            .iter()
            .any(|h| h.details.to_string().contains(&source_id) && h.kind == "create_code"),
        "the history still names the merged code"
    );
    assert_eq!(history_after[0].kind, "merge_codes");
    crate::util::assert_sound(&p);
}

#[test]
fn a_dimension_can_be_added_renamed_reordered_and_given_values_and_codes_defaults() {
    let (mut p, by) = memory_project();
    tematik::template::apply(&mut p, by, Template::Nvos).unwrap();
    let doc = add_transcript(&mut p, by, "fg1");
    let dim = p
        .create_dimension(
            by,
            tematik::storage::NewDimension {
                name: "Problemtyp".into(),
                multi: false,
                values: ["enkel", "komplicerad"]
                    .iter()
                    .map(|l| tematik::storage::NewTagValue {
                        label: (*l).into(),
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            },
        )
        .unwrap();
    let komplex = p.add_tag_value(by, dim, "Komplex", None).unwrap();
    let dims = p.dimensions().unwrap();
    let keys: Vec<&str> = dims.iter().map(|d| d.key.as_str()).collect();
    assert_eq!(
        keys,
        vec!["fokusomrade", "niva", "problemtyp"],
        "the template's kept"
    );
    let problem = &dims[2];
    assert!(!problem.multi);
    let values: Vec<(&str, &str)> = problem
        .values
        .iter()
        .map(|v| (v.key.as_str(), v.label.as_str()))
        .collect();
    assert_eq!(
        values,
        vec![
            ("enkel", "enkel"),
            ("komplicerad", "komplicerad"),
            ("komplex", "Komplex")
        ]
    );
    let komplicerad = p
        .find_tag_value(Some("problemtyp"), "komplicerad")
        .unwrap()
        .id;
    let code = p.find_code("Flexibilitet").unwrap().id;
    let mikro = p.find_tag_value(Some("niva"), "mikro").unwrap().id;
    p.set_code_default_tags(by, code, vec![komplicerad])
        .unwrap();
    let coding = span(&mut p, by, doc, code, 60, vec![komplex, mikro]);
    let c = p.coding(coding).unwrap();
    assert_eq!(
        sorted(c.tags),
        sorted(vec![komplex, mikro]),
        "own wins per dimension"
    );
    let inherits = span(&mut p, by, doc, code, 70, vec![]);
    assert_eq!(p.coding(inherits).unwrap().tags, vec![komplicerad]);

    p.rename_dimension(by, dim, "Typ av problem").unwrap();
    p.move_dimension(by, dim, 0).unwrap();
    p.rename_tag_value(by, komplex, "Komplext").unwrap();
    p.move_tag_value(by, komplex, 0).unwrap();
    let dims = p.dimensions().unwrap();
    assert_eq!(
        (dims[0].name.as_str(), dims[0].key.as_str()),
        ("Typ av problem", "problemtyp"),
        "the key stays"
    );
    assert_eq!(dims[0].values[0].label, "Komplext");
    assert!(matches!(
        p.add_tag_value(by, dim, "komplext", None).unwrap_err(),
        Error::NameTaken { .. }
    ));
    // Several values on one coding: cannot become single-valued.
    p.set_dimension_multi(by, dim, true).unwrap();
    p.set_coding_tags(by, coding, dim, vec![komplex, komplicerad])
        .unwrap();
    let before = snapshot(&p);
    let err = p.set_dimension_multi(by, dim, false).unwrap_err();
    assert!(
        matches!(
            &err,
            Error::SeveralValuesInUse {
                codings: 1,
                codes: 0,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(snapshot(&p), before);
    p.set_coding_tags(by, coding, dim, vec![komplex]).unwrap();
    p.set_dimension_multi(by, dim, false).unwrap();
}

#[test]
fn a_status_discarded_of_an_older_file_becomes_the_discard_pile() {
    let dir = crate::util::TempDir::new();
    let path = dir.path("v4.tematik");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/schema-v4.tematik"
        ),
        &path,
    )
    .unwrap();
    let revision: i64 = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute(
            "UPDATE codes SET status = 'discarded' WHERE name = 'Flexibilitet'",
            [],
        )
        .unwrap();
        conn.query_row(
            "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'revision'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let p = Project::open(&path, crate::util::clock()).unwrap();
    assert_eq!(
        p.revision().unwrap(),
        revision + 1,
        "a search index of the file is built again"
    );
    let c = p.find_code("Flexibilitet").unwrap();
    assert_eq!(c.status, ReviewStatus::Candidate);
    assert!(c.discarded_at.is_some() && c.discarded_by.is_some());
    assert!(
        p.code_tree()
            .unwrap()
            .iter()
            .any(|n| n.code.id == c.id && n.discarded)
    );
    let others = p
        .code_tree()
        .unwrap()
        .iter()
        .filter(|n| n.discarded)
        .count();
    assert_eq!(others, 1, "only that one");
}
