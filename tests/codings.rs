//! Coding spans, tags, memos and quote sets.

use crate::util::{add_transcript, memory_project};
use tematik::storage::{CodeSpan, NewCode};
use tematik::{Error, MemoTarget, Template};

#[test]
fn a_coding_stores_its_text_and_the_same_span_is_never_duplicated() {
    let (mut p, by) = memory_project();
    let doc = add_transcript(&mut p, by, "fg1");
    let code = p
        .create_code(
            by,
            NewCode {
                name: "Tid".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let text = p.document(doc).unwrap().text;
    let (start, end) = (
        text.find("Ibland")
            .map(|b| text[..b].chars().count())
            .unwrap(),
        text.chars().count(),
    );
    let span = CodeSpan {
        document_id: doc,
        start,
        end,
        code_id: code,
        tags: vec![],
    };
    let id = p.code_span(by, span.clone()).unwrap();
    let c = p.coding(id).unwrap();
    assert_eq!(
        c.text,
        "Ibland saknas tid för samverkan, och då blir brukaren lidande 😕."
    );
    assert_eq!(c.text, tematik::text::slice(&text, start, end).unwrap());
    let revision = p.revision().unwrap();
    assert_eq!(p.code_span(by, span.clone()).unwrap(), id);
    assert_eq!(
        p.revision().unwrap(),
        revision,
        "coding the same span again changes nothing"
    );
    // Another coder coding the same span makes a coding of their own.
    let other = p.ensure_throwaway_coder("Bertil").unwrap();
    assert_ne!(p.code_span(other, span).unwrap(), id);
    assert_eq!(p.codings_in_document(doc).unwrap().len(), 2);
}

#[test]
fn spans_outside_the_document_or_empty_are_refused() {
    let (mut p, by) = memory_project();
    let doc = add_transcript(&mut p, by, "fg1");
    let code = p
        .create_code(
            by,
            NewCode {
                name: "Tid".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let len = p.document(doc).unwrap().text.chars().count();
    let err = p
        .code_span(
            by,
            CodeSpan {
                document_id: doc,
                start: 5,
                end: len + 1,
                code_id: code,
                tags: vec![],
            },
        )
        .unwrap_err();
    assert!(
        matches!(err, Error::OutOfRange { what: "span end", value, limit } if value == len + 1 && limit == len),
        "{err:?}"
    );
    assert!(matches!(
        p.code_span(
            by,
            CodeSpan {
                document_id: doc,
                start: 5,
                end: 5,
                code_id: code,
                tags: vec![]
            }
        ),
        Err(Error::EmptySpan { start: 5, end: 5 })
    ));
    assert_eq!(p.info().unwrap().counts.codings, 0);
}

#[test]
fn own_tags_win_over_the_codes_defaults_per_dimension() {
    let (mut p, by) = memory_project();
    tematik::template::apply(&mut p, by, Template::Nvos).unwrap();
    let doc = add_transcript(&mut p, by, "fg1");
    let (makro, mikro) = (
        p.find_tag_value(Some("niva"), "makro").unwrap().id,
        p.find_tag_value(Some("Nivå"), "Individnivå").unwrap().id,
    );
    let samverkan = p
        .find_tag_value(Some("fokusomrade"), "Samverkan")
        .unwrap()
        .id;
    let kompetens = p.find_tag_value(None, "kompetens").unwrap().id;
    let code = p.find_code("Närhet").unwrap().id;
    p.set_code_default_tags(by, code, vec![makro, samverkan])
        .unwrap();
    let inherits = p
        .code_span(
            by,
            CodeSpan {
                document_id: doc,
                start: 0,
                end: 5,
                code_id: code,
                tags: vec![],
            },
        )
        .unwrap();
    let own = p
        .code_span(
            by,
            CodeSpan {
                document_id: doc,
                start: 10,
                end: 20,
                code_id: code,
                tags: vec![mikro],
            },
        )
        .unwrap();
    assert_eq!(p.coding(inherits).unwrap().tags, vec![samverkan, makro]);
    assert_eq!(
        p.coding(own).unwrap().tags,
        vec![mikro, samverkan],
        "own level wins, focus inherited"
    );
    // Two levels on one coding: refused, nothing written.
    let err = p
        .code_span(
            by,
            CodeSpan {
                document_id: doc,
                start: 30,
                end: 40,
                code_id: code,
                tags: vec![makro, mikro],
            },
        )
        .unwrap_err();
    assert!(
        matches!(&err, Error::SingleValued { dimension } if dimension == "Nivå"),
        "{err:?}"
    );
    assert!(err.to_string().contains("Nivå takes one value"), "{err}");
    // Keys as the coding view uses them: a level replaces, a focus area toggles.
    let tags = p.toggle_coding_tag(by, inherits, mikro).unwrap();
    assert_eq!(tags, vec![mikro, samverkan]);
    let tags = p.toggle_coding_tag(by, inherits, kompetens).unwrap();
    assert!(
        tags.contains(&kompetens) && tags.contains(&samverkan),
        "{tags:?}"
    );
    let tags = p.toggle_coding_tag(by, inherits, samverkan).unwrap();
    assert!(!tags.contains(&samverkan));
    let dim = p
        .dimensions()
        .unwrap()
        .into_iter()
        .find(|d| d.key == "niva")
        .unwrap();
    p.set_coding_tags(by, own, dim.id, vec![]).unwrap();
    assert_eq!(
        p.coding(own).unwrap().tags,
        vec![samverkan, makro],
        "cleared own level falls back to the default"
    );
}

#[test]
fn the_nvos_template_defines_focus_areas_and_levels_with_definitions() {
    let (mut p, by) = memory_project();
    tematik::template::apply(&mut p, by, Template::Nvos).unwrap();
    let dims = p.dimensions().unwrap();
    let focus = &dims[0];
    assert_eq!((focus.name.as_str(), focus.multi), ("Fokusområde", true));
    let keys: Vec<&str> = focus.values.iter().map(|v| v.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "samverkan",
            "personcentrering",
            "delaktighet",
            "kompetens",
            "digitalisering"
        ]
    );
    assert!(
        focus
            .values
            .iter()
            .all(|v| !v.definition.is_empty() && v.color.is_some())
    );
    let level = &dims[1];
    assert_eq!((level.name.as_str(), level.multi), ("Nivå", false));
    let keys: Vec<&str> = level.values.iter().map(|v| v.key.as_str()).collect();
    assert_eq!(keys, ["makro", "meso", "mikro"]);
    let tree = p.code_tree().unwrap();
    assert_eq!(tree.len(), 15);
    assert_eq!(tree.iter().filter(|n| n.depth == 0).count(), 6);
    assert!(tree.iter().all(|n| !n.code.definition.is_empty()));
}

#[test]
fn memos_attach_to_the_journal_and_to_each_kind_of_thing() {
    let (mut p, by) = memory_project();
    let doc = add_transcript(&mut p, by, "fg1");
    let code = p
        .create_code(
            by,
            NewCode {
                name: "Tid".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let coding = p
        .code_span(
            by,
            CodeSpan {
                document_id: doc,
                start: 0,
                end: 5,
                code_id: code,
                tags: vec![],
            },
        )
        .unwrap();
    let case = p.cases().unwrap()[0].id;
    for target in [
        MemoTarget::Journal,
        MemoTarget::Document(doc),
        MemoTarget::Code(code),
        MemoTarget::Coding(coding),
        MemoTarget::Case(case),
    ] {
        let id = p.write_memo(by, target, "Titel", "Text").unwrap();
        assert_eq!(
            p.memos(target)
                .unwrap()
                .iter()
                .map(|m| m.id)
                .collect::<Vec<_>>(),
            vec![id]
        );
        assert_eq!(p.memo(id).unwrap().target, target);
    }
    let journal = p.memos(MemoTarget::Journal).unwrap()[0].id;
    p.edit_memo(by, journal, "Ny titel", "Ny text").unwrap();
    assert_eq!(p.memo(journal).unwrap().body, "Ny text");
    p.delete_memo(by, journal).unwrap();
    assert!(p.memos(MemoTarget::Journal).unwrap().is_empty());
    // Uncoding removes the coding's memo with it.
    p.uncode(by, coding, false).unwrap();
    assert!(p.memos(MemoTarget::Coding(coding)).unwrap().is_empty());
    let err = p
        .write_memo(
            by,
            MemoTarget::Coding(coding),
            "",
            "på en borttagen kodning",
        )
        .unwrap_err();
    assert!(
        matches!(err, Error::UnknownId { kind: "coding", .. }),
        "{err}"
    );
}

#[test]
fn quote_sets_keep_order_and_notes() {
    let (mut p, by) = memory_project();
    let doc = add_transcript(&mut p, by, "fg1");
    let code = p
        .create_code(
            by,
            NewCode {
                name: "Tid".into(),
                ..Default::default()
            },
        )
        .unwrap();
    let ids: Vec<_> = (0..3)
        .map(|i| {
            p.code_span(
                by,
                CodeSpan {
                    document_id: doc,
                    start: i * 10,
                    end: i * 10 + 5,
                    code_id: code,
                    tags: vec![],
                },
            )
            .unwrap()
        })
        .collect();
    let set = p.create_quote_set(by, "Kapitel 6 – samverkan").unwrap();
    p.add_to_quote_set(by, set, ids[0], "först", None).unwrap();
    p.add_to_quote_set(by, set, ids[1], "andra", None).unwrap();
    p.add_to_quote_set(by, set, ids[2], "inledning", Some(0))
        .unwrap();
    let order: Vec<_> = p.quote_sets().unwrap()[0]
        .items
        .iter()
        .map(|i| i.note.clone())
        .collect();
    assert_eq!(order, ["inledning", "först", "andra"]);
    p.remove_from_quote_set(by, set, ids[0]).unwrap();
    p.rename_quote_set(by, set, "Kapitel 6").unwrap();
    let s = &p.quote_sets().unwrap()[0];
    assert_eq!((s.name.as_str(), s.items.len()), ("Kapitel 6", 2));
}

#[test]
fn the_effective_tag_rule_own_values_replace_a_dimension_the_rest_inherit() {
    use tematik::storage::effective_tags;
    let defaults = [
        ("fokus", "samverkan"),
        ("fokus", "kompetens"),
        ("niva", "meso"),
    ];
    assert_eq!(
        effective_tags(&[("fokus", "delaktighet")], &defaults),
        [("fokus", "delaktighet"), ("niva", "meso")],
        "one own value of a multi-valued dimension replaces all its defaults"
    );
    assert_eq!(
        effective_tags(&[("niva", "mikro")], &defaults),
        [
            ("niva", "mikro"),
            ("fokus", "samverkan"),
            ("fokus", "kompetens")
        ],
        "an own level wins; the focus areas are inherited"
    );
    assert_eq!(
        effective_tags(&[], &defaults),
        defaults,
        "nothing own: all inherited"
    );
    assert_eq!(
        effective_tags(&[("fokus", "delaktighet"), ("fokus", "kompetens")], &[]),
        [("fokus", "delaktighet"), ("fokus", "kompetens")]
    );
}

#[test]
fn every_reader_of_codings_gives_the_same_effective_tags() {
    use tematik::search::{
        EntryKind, Filters, IndexLocation, QuoteRequest, SearchIndex, SearchRequest,
    };
    let (mut p, by) = memory_project();
    tematik::template::apply(&mut p, by, Template::Nvos).unwrap();
    let doc = add_transcript(&mut p, by, "fg1");
    let value =
        |p: &tematik::Project, dim: &str, key: &str| p.find_tag_value(Some(dim), key).unwrap().id;
    let (samverkan, kompetens, delaktighet) = (
        value(&p, "fokusomrade", "samverkan"),
        value(&p, "fokusomrade", "kompetens"),
        value(&p, "fokusomrade", "delaktighet"),
    );
    let (meso, mikro) = (value(&p, "niva", "meso"), value(&p, "niva", "mikro"));
    let code = p.find_code("Närhet").unwrap().id;
    p.set_code_default_tags(by, code, vec![samverkan, kompetens, meso])
        .unwrap();
    let mut coding = |start: usize, tags: Vec<tematik::TagValueId>| {
        p.code_span(
            by,
            CodeSpan {
                document_id: doc,
                start,
                end: start + 4,
                code_id: code,
                tags,
            },
        )
        .unwrap()
    };
    let expected = [
        (coding(0, vec![]), vec![samverkan, kompetens, meso]),
        (coding(10, vec![delaktighet]), vec![delaktighet, meso]),
        (coding(20, vec![mikro]), vec![mikro, samverkan, kompetens]),
    ];
    let ids: Vec<_> = expected.iter().map(|(id, _)| *id).collect();
    let by_ids = p.codings_by_ids(&ids).unwrap();
    let index = SearchIndex::open(&mut p, IndexLocation::InMemory, &mut |_, _| {}).unwrap();
    let quotes = index
        .quotes(
            &p,
            &QuoteRequest {
                code: Some(code),
                limit: 10,
                ..Default::default()
            },
        )
        .unwrap()
        .quotes;
    for (id, tags) in &expected {
        assert_eq!(&p.coding(*id).unwrap().tags, tags, "Project::coding");
        let listed = by_ids.iter().find(|c| c.id == *id).unwrap();
        assert_eq!(&listed.tags, tags, "Project::codings_by_ids");
        let quote = quotes.iter().find(|q| q.coding.id == *id).unwrap();
        assert_eq!(&quote.coding.tags, tags, "quotes");
    }
    // The index files each coding under its effective tags only.
    let coded_with = |dim: &str, key: &str| {
        let mut found: Vec<_> = index
            .search(
                &p,
                &SearchRequest {
                    filters: Filters {
                        tags: vec![(dim.into(), key.into())],
                        ..Default::default()
                    },
                    entries: Some(EntryKind::Coding),
                    limit: 10,
                    ..Default::default()
                },
            )
            .unwrap()
            .hits
            .into_iter()
            .filter_map(|h| h.coding_id)
            .collect();
        found.sort();
        found
    };
    let with = |want: tematik::TagValueId| {
        let mut v: Vec<_> = expected
            .iter()
            .filter(|(_, tags)| tags.contains(&want))
            .map(|(id, _)| *id)
            .collect();
        v.sort();
        v
    };
    assert_eq!(coded_with("fokusomrade", "samverkan"), with(samverkan));
    assert_eq!(coded_with("fokusomrade", "delaktighet"), with(delaktighet));
    assert_eq!(coded_with("niva", "meso"), with(meso));
    assert_eq!(coded_with("niva", "mikro"), with(mikro));
}
