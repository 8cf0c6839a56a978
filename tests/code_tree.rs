//! The code tree: create, move, rename, merge, delete.

use crate::util::{add_transcript, code, memory_project, snapshot};
use tematik::storage::{CodeSpan, DeleteCodings, NewCode};
use tematik::{CodeId, CodeRole, Error, MemoTarget, Project, Template};

fn names_under(p: &Project, parent: Option<CodeId>) -> Vec<String> {
    p.code_tree()
        .unwrap()
        .into_iter()
        .filter(|n| n.code.parent_id == parent)
        .map(|n| n.code.name)
        .collect()
}

#[test]
fn nested_codes_get_roles_by_depth_and_keep_sibling_order() {
    let (mut p, by) = memory_project();
    let theme = code(&mut p, by, "Samverkan", None);
    let sub = code(&mut p, by, "Mellan yrkesgrupper", Some(theme));
    let leaf = code(&mut p, by, "Täta möten", Some(sub));
    let deeper = code(&mut p, by, "Veckomöten", Some(leaf));
    let roles: Vec<CodeRole> = [theme, sub, leaf, deeper]
        .iter()
        .map(|c| p.code(*c).unwrap().role)
        .collect();
    assert_eq!(
        roles,
        [
            CodeRole::Theme,
            CodeRole::Subtheme,
            CodeRole::Code,
            CodeRole::Code
        ]
    );
    p.create_code(
        by,
        NewCode {
            name: "Först".into(),
            parent_id: Some(theme),
            position: Some(0),
            ..Default::default()
        },
    )
    .unwrap();
    code(&mut p, by, "Sist", Some(theme));
    assert_eq!(
        names_under(&p, Some(theme)),
        ["Först", "Mellan yrkesgrupper", "Sist"]
    );
    assert_eq!(
        p.code_path(deeper).unwrap(),
        "Samverkan/Mellan yrkesgrupper/Täta möten/Veckomöten"
    );
    assert_eq!(
        p.find_code("samverkan/mellan yrkesgrupper/täta möten")
            .unwrap()
            .id,
        leaf
    );
}

#[test]
fn sibling_names_are_unique_but_cousins_may_share_a_name() {
    let (mut p, by) = memory_project();
    let a = code(&mut p, by, "A", None);
    let b = code(&mut p, by, "B", None);
    code(&mut p, by, "Tid", Some(a));
    let err = p
        .create_code(
            by,
            NewCode {
                name: "tid".into(),
                parent_id: Some(a),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(
        matches!(&err, Error::NameTaken { kind: "code", name, within: Some(w) } if name == "tid" && w == "A"),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("already exists under \"A\""),
        "{err}"
    );
    code(&mut p, by, "Tid", Some(b));
    assert!(matches!(
        p.find_code("Tid"),
        Err(Error::AmbiguousName { count: 2, .. })
    ));
    assert!(
        matches!(
            p.rename_code(by, a, "B"),
            Err(Error::NameTaken { within: None, .. })
        ),
        "renaming to a sibling's name is refused"
    );
    assert!(matches!(
        p.create_code(
            by,
            NewCode {
                name: "  ".into(),
                ..Default::default()
            }
        ),
        Err(Error::NameRequired { what: "code" })
    ));
}

#[test]
fn moving_a_code_reorders_both_sibling_lists_and_refuses_cycles() {
    let (mut p, by) = memory_project();
    let a = code(&mut p, by, "A", None);
    let b = code(&mut p, by, "B", None);
    let a1 = code(&mut p, by, "A1", Some(a));
    let a2 = code(&mut p, by, "A2", Some(a));
    let a3 = code(&mut p, by, "A3", Some(a));
    p.move_code(by, a1, Some(b), None).unwrap();
    assert_eq!(names_under(&p, Some(a)), ["A2", "A3"]);
    assert_eq!(p.code(a2).unwrap().position, 0);
    p.move_code(by, a3, Some(a), Some(0)).unwrap();
    assert_eq!(names_under(&p, Some(a)), ["A3", "A2"]);
    let err = p.move_code(by, a, Some(a3), None).unwrap_err();
    assert!(
        matches!(&err, Error::WouldCreateCycle { kind: "code", name, target } if name == "A" && target == "A3"),
        "{err:?}"
    );
    p.move_code(by, b, None, Some(0)).unwrap();
    assert_eq!(names_under(&p, None), ["B", "A"]);
}

#[test]
fn the_tree_counts_codings_of_each_code_and_of_everything_below_it() {
    let (mut p, by) = memory_project();
    let doc = add_transcript(&mut p, by, "fg1");
    let theme = code(&mut p, by, "Tema", None);
    let sub = code(&mut p, by, "Under", Some(theme));
    for (c, s) in [(theme, 0), (sub, 20), (sub, 40)] {
        p.code_span(
            by,
            CodeSpan {
                document_id: doc,
                start: s,
                end: s + 5,
                code_id: c,
                tags: vec![],
            },
        )
        .unwrap();
    }
    let tree = p.code_tree().unwrap();
    assert_eq!(
        (
            tree[0].codings,
            tree[0].codings_with_descendants,
            tree[0].depth
        ),
        (1, 3, 0)
    );
    assert_eq!(
        (
            tree[1].codings,
            tree[1].codings_with_descendants,
            tree[1].depth
        ),
        (2, 2, 1)
    );
    assert_eq!(p.codings_of_code(theme, true).unwrap().len(), 3);
}

#[test]
fn merging_keeps_every_coding_memo_tag_and_child_of_both() {
    let (mut p, by) = memory_project();
    tematik::template::apply(&mut p, by, Template::Nvos).unwrap();
    let doc = add_transcript(&mut p, by, "fg1");
    let mikro = p.find_tag_value(Some("niva"), "mikro").unwrap().id;
    let meso = p.find_tag_value(Some("niva"), "meso").unwrap().id;
    let samverkan = p.find_tag_value(None, "samverkan").unwrap().id;
    let digital = p.find_tag_value(None, "digitalisering").unwrap().id;
    let source = code(&mut p, by, "Möten", None);
    let target = code(&mut p, by, "Mötesformer", None);
    p.set_code_default_tags(by, source, vec![mikro]).unwrap();
    p.set_code_default_tags(by, target, vec![meso]).unwrap();
    code(&mut p, by, "Digitala", Some(source));
    let shared_child = code(&mut p, by, "Fysiska", Some(source));
    code(&mut p, by, "Fysiska", Some(target));
    // A coding only the source has, inheriting mikro from its code.
    let only = p
        .code_span(
            by,
            CodeSpan {
                document_id: doc,
                start: 70,
                end: 90,
                code_id: source,
                tags: vec![samverkan],
            },
        )
        .unwrap();
    // The same span coded with both: the two become one.
    let twin_s = p
        .code_span(
            by,
            CodeSpan {
                document_id: doc,
                start: 10,
                end: 30,
                code_id: source,
                tags: vec![digital],
            },
        )
        .unwrap();
    let twin_t = p
        .code_span(
            by,
            CodeSpan {
                document_id: doc,
                start: 10,
                end: 30,
                code_id: target,
                tags: vec![samverkan],
            },
        )
        .unwrap();
    p.write_memo(
        by,
        MemoTarget::Coding(twin_s),
        "",
        "Memo på källans kodning",
    )
    .unwrap();
    p.write_memo(by, MemoTarget::Code(source), "", "Memo på koden")
        .unwrap();
    p.define_code(by, source, "Alla slags möten.").unwrap();
    p.code_span(
        by,
        CodeSpan {
            document_id: doc,
            start: 100,
            end: 110,
            code_id: shared_child,
            tags: vec![],
        },
    )
    .unwrap();

    p.merge_codes(by, source, target).unwrap();

    assert!(matches!(p.code(source), Err(Error::UnknownId { .. })));
    let codings = p.codings_of_code(target, false).unwrap();
    assert_eq!(codings.len(), 2, "the twin spans became one coding");
    let moved = codings
        .iter()
        .find(|c| c.id == only)
        .expect("the source's coding moved");
    assert!(
        moved.tags.contains(&mikro) && !moved.tags.contains(&meso),
        "it keeps the level it inherited: {:?}",
        moved.tags
    );
    assert!(moved.tags.contains(&samverkan));
    let twin = codings.iter().find(|c| c.id == twin_t).unwrap();
    assert!(
        twin.tags.contains(&samverkan) && twin.tags.contains(&digital),
        "focus areas of both: {:?}",
        twin.tags
    );
    assert!(
        twin.tags.contains(&meso) && !twin.tags.contains(&mikro),
        "single-valued level: the target's wins"
    );
    assert_eq!(p.memos(MemoTarget::Coding(twin_t)).unwrap().len(), 1);
    assert_eq!(p.memos(MemoTarget::Code(target)).unwrap().len(), 1);
    assert_eq!(p.code(target).unwrap().definition, "Alla slags möten.");
    assert_eq!(names_under(&p, Some(target)), ["Fysiska", "Digitala"]);
    let fysiska = p.find_code("Mötesformer/Fysiska").unwrap();
    assert_eq!(
        p.codings_of_code(fysiska.id, false).unwrap().len(),
        1,
        "same-named children merged too"
    );
    assert!(matches!(
        p.merge_codes(by, target, target),
        Err(Error::SelfMerge { .. })
    ));
}

#[test]
fn merging_twins_in_one_quote_set_keeps_one_place_with_both_notes_and_undoes_exactly() {
    let (mut p, by) = memory_project();
    let doc = add_transcript(&mut p, by, "fg1");
    let source = code(&mut p, by, "Källa", None);
    let target = code(&mut p, by, "Mål", None);
    let span = |code_id| CodeSpan {
        document_id: doc,
        start: 10,
        end: 30,
        code_id,
        tags: vec![],
    };
    let mine = p.code_span(by, span(source)).unwrap();
    let theirs = p.code_span(by, span(target)).unwrap();
    let set = p.create_quote_set(by, "Kapitel").unwrap();
    p.add_to_quote_set(by, set, theirs, "målets not", None)
        .unwrap();
    p.add_to_quote_set(by, set, mine, "källans not", None)
        .unwrap();
    let before = snapshot(&p);

    p.merge_codes(by, source, target).unwrap();

    let sets = p.quote_sets().unwrap();
    assert_eq!(sets[0].items.len(), 1, "one coding, one place");
    assert_eq!(sets[0].items[0].coding_id, theirs);
    assert_eq!(sets[0].items[0].note, "målets not\n\nkällans not");
    assert_eq!(p.codings_of_code(target, false).unwrap().len(), 1);
    p.undo(by).unwrap();
    assert_eq!(snapshot(&p), before, "one undo restores both codings");
}

#[test]
fn merging_a_code_into_its_own_descendant_is_refused() {
    let (mut p, by) = memory_project();
    let a = code(&mut p, by, "A", None);
    let a1 = code(&mut p, by, "A1", Some(a));
    let err = p.merge_codes(by, a, a1).unwrap_err();
    assert!(
        matches!(&err, Error::WouldCreateCycle { name, target, .. } if name == "A" && target == "A1"),
        "{err:?}"
    );
}

#[test]
fn deleting_a_code_with_codings_requires_a_choice() {
    let (mut p, by) = memory_project();
    let doc = add_transcript(&mut p, by, "fg1");
    let theme = code(&mut p, by, "Tema", None);
    let leaf = code(&mut p, by, "Kod", Some(theme));
    let child = code(&mut p, by, "Barn", Some(leaf));
    p.code_span(
        by,
        CodeSpan {
            document_id: doc,
            start: 0,
            end: 10,
            code_id: leaf,
            tags: vec![],
        },
    )
    .unwrap();
    p.write_memo(by, MemoTarget::Code(leaf), "", "Tankar")
        .unwrap();
    let before = crate::util::snapshot(&p);
    match p.delete_code(by, leaf, None).unwrap_err() {
        Error::CodeInUse { codings, memos, .. } => assert_eq!((codings, memos), (1, 1)),
        other => panic!("expected CodeInUse, got {other}"),
    }
    assert_eq!(
        crate::util::snapshot(&p),
        before,
        "a refused delete changes nothing"
    );
    assert_eq!(p.code_usage(leaf).unwrap(), (1, 1));

    p.delete_code(by, leaf, Some(DeleteCodings::MoveToParent))
        .unwrap();
    assert_eq!(p.codings_of_code(theme, false).unwrap().len(), 1);
    assert_eq!(p.memos(MemoTarget::Code(theme)).unwrap().len(), 1);
    assert_eq!(
        p.code(child).unwrap().parent_id,
        Some(theme),
        "children move up"
    );

    p.code_span(
        by,
        CodeSpan {
            document_id: doc,
            start: 20,
            end: 30,
            code_id: child,
            tags: vec![],
        },
    )
    .unwrap();
    p.delete_code(by, child, Some(DeleteCodings::Delete))
        .unwrap();
    assert_eq!(p.info().unwrap().counts.codings, 1);
    let err = p
        .delete_code(by, theme, Some(DeleteCodings::MoveToParent))
        .unwrap_err();
    assert!(
        matches!(&err, Error::NoParent { name } if name == "Tema"),
        "{err:?}"
    );
    let unused = code(&mut p, by, "Oanvänd", None);
    p.delete_code(by, unused, None).unwrap();
}

#[test]
fn updating_a_code_is_one_change_that_one_undo_restores() {
    use tematik::ReviewStatus;
    use tematik::storage::CodeUpdate;
    let (mut p, by) = memory_project();
    let theme = code(&mut p, by, "Tema", None);
    let id = code(&mut p, by, "Kod", Some(theme));
    code(&mut p, by, "Syskon", Some(theme));
    let before = snapshot(&p);
    let history = p.history(100).unwrap().len();
    let everything = CodeUpdate {
        name: Some("  Ny   kod ".into()),
        color: Some("#12AB34".into()),
        definition: Some(" Det som sägs om kod. ".into()),
        scope_includes: Some(" samverkan i vardagen ".into()),
        scope_excludes: Some("formella avtal".into()),
        role: Some(CodeRole::Code),
        status: Some(ReviewStatus::Reviewed),
    };
    p.update_code(by, id, everything.clone()).unwrap();
    let c = p.code(id).unwrap();
    assert_eq!(
        (c.name.as_str(), c.color.as_str(), c.definition.as_str()),
        ("Ny kod", "#12ab34", "Det som sägs om kod.")
    );
    assert_eq!((c.role, c.status), (CodeRole::Code, ReviewStatus::Reviewed));
    assert_eq!(
        (c.scope_includes.as_str(), c.scope_excludes.as_str()),
        ("samverkan i vardagen", "formella avtal"),
        "scope notes trimmed like the definition"
    );
    assert_eq!(
        (c.status_by, c.status_at.is_some()),
        (Some(by), true),
        "who set the status, and when"
    );
    let entries = p.history(100).unwrap();
    assert_eq!(entries.len(), history + 1, "one history entry");
    assert_eq!(entries[0].kind, "update_code");
    p.undo(by).unwrap();
    assert_eq!(snapshot(&p), before, "one undo restores every field");
    p.redo(by).unwrap();
    assert_eq!(p.code(id).unwrap().name, "Ny kod");

    // Checked like the single operations; a failing field writes nothing.
    let revision = p.revision().unwrap();
    let err = p
        .update_code(
            by,
            id,
            CodeUpdate {
                name: Some("syskon".into()),
                definition: Some("annat".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(
        matches!(&err, Error::NameTaken { within: Some(w), .. } if w == "Tema"),
        "{err:?}"
    );
    for (bad, want) in [
        (
            CodeUpdate {
                name: Some(" ".into()),
                ..Default::default()
            },
            "name_required",
        ),
        (
            CodeUpdate {
                name: Some("a/b".into()),
                ..Default::default()
            },
            "name_has_slash",
        ),
        (
            CodeUpdate {
                color: Some("röd".into()),
                status: Some(ReviewStatus::Candidate),
                ..Default::default()
            },
            "bad_color",
        ),
    ] {
        let err = p.update_code(by, id, bad).unwrap_err();
        assert_eq!(err.code().as_str(), want, "{err}");
    }
    assert_eq!(p.code(id).unwrap().definition, "Det som sägs om kod.");
    // Nothing to change: nothing written.
    p.update_code(by, id, everything).unwrap();
    p.update_code(by, id, CodeUpdate::default()).unwrap();
    assert_eq!(
        p.revision().unwrap(),
        revision,
        "no-op updates write nothing"
    );
    assert_eq!(
        p.history(100).unwrap().len(),
        history + 3,
        "update, undo, redo"
    );
}
