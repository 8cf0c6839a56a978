//! Chapter writing: quote sets (order, notes, trims, own attributions, undo),
//! removing a quoted coding, the re-identification warning on the shared
//! corpus against counts taken from MANIFEST.json, and the quote finder.

use crate::util::{add_transcript, clock, code, corpus, manifest_files, memory_project};
use std::collections::HashMap;
use tematik::attribution::Population;
use tematik::chapter::{self, Reason};
use tematik::import::{self, TranscriptOptions};
use tematik::storage::{AttributeValue, CodeSpan, ProjectSettings};
use tematik::{CodingId, Error, Project, Template};

fn span(p: &mut Project, by: tematik::CoderId, doc: tematik::DocumentId, turn: usize) -> CodingId {
    let t = p.document(doc).unwrap().turns[turn].clone();
    let code = p
        .find_code("Flexibilitet")
        .map(|c| c.id)
        .unwrap_or_else(|_| crate::util::code(p, by, "Flexibilitet", None));
    p.code_span(
        by,
        CodeSpan {
            document_id: doc,
            start: t.text_start,
            end: t.end,
            code_id: code,
            tags: vec![],
        },
    )
    .unwrap()
}

#[test]
fn a_quote_set_keeps_order_notes_trims_and_attributions_and_undo_takes_each_back() {
    let (mut p, by) = memory_project();
    let doc = add_transcript(&mut p, by, "fokusgrupp-1");
    let (a, b, c) = (
        span(&mut p, by, doc, 0),
        span(&mut p, by, doc, 1),
        span(&mut p, by, doc, 2),
    );
    let k6 = p.create_quote_set(by, "Kapitel 6").unwrap();
    let k7 = p.create_quote_set(by, "Kapitel 7").unwrap();
    for x in [a, b, c] {
        p.add_to_quote_set(by, k6, x, "", None).unwrap();
    }
    p.add_to_quote_set(by, k7, b, "", None).unwrap();
    let order = |p: &Project| -> Vec<CodingId> {
        p.quote_set(k6)
            .unwrap()
            .items
            .iter()
            .map(|i| i.coding_id)
            .collect()
    };
    p.move_in_quote_set(by, k6, c, 0).unwrap();
    assert_eq!(order(&p), [c, a, b]);
    p.set_quote_note(by, k6, a, "Inleder avsnittet").unwrap();
    // Adding again moves it and keeps its note.
    p.add_to_quote_set(by, k6, a, "", Some(2)).unwrap();
    assert_eq!(order(&p), [c, b, a]);
    assert_eq!(p.quote_set(k6).unwrap().items[2].note, "Inleder avsnittet");

    // Trim b to two parts: the chapter prints them joined by […], the
    // coding stays whole.
    let coding = p.coding(b).unwrap();
    let words: Vec<(usize, &str)> = coding
        .text
        .split(' ')
        .scan(coding.start, |at, w| {
            let start = *at;
            *at += w.chars().count() + 1;
            Some((start, w))
        })
        .collect();
    let first = (words[0].0, words[2].0 + words[2].1.chars().count());
    let last = (words[words.len() - 2].0, coding.end);
    // A selection inside words is snapped out to them, as a coder's is.
    p.trim_quote(
        by,
        k6,
        b,
        Some(&[(first.0 + 1, first.1 - 1), (last.0 + 1, last.1)]),
    )
    .unwrap();
    let item = p.quote_set(k6).unwrap().items[1].clone();
    assert_eq!(item.parts, Some(vec![first, last]));
    let printed = chapter::excerpt(&coding.text, coding.start, item.parts.as_deref());
    assert!(printed.contains(" […] "), "{printed}");
    assert!(printed.starts_with(&coding.text[..10]), "{printed}");
    assert_eq!(
        p.coding(b).unwrap().text,
        coding.text,
        "the coding is not changed"
    );
    // A part outside the coding is refused and nothing changes.
    let err = p
        .trim_quote(by, k6, b, Some(&[(0, coding.end + 5)]))
        .unwrap_err();
    assert!(matches!(err, Error::BadExcerpt { .. }), "{err:?}");
    assert_eq!(
        p.quote_set(k6).unwrap().items[1].parts,
        Some(vec![first, last])
    );
    // Its own attribution; a broken template is refused.
    p.set_quote_attribution(by, k6, b, Some("– {Yrke:lower}"))
        .unwrap();
    assert!(matches!(
        p.set_quote_attribution(by, k6, b, Some("– {Yrke")),
        Err(Error::BadAttribution { .. })
    ));
    assert_eq!(p.quote_sets_with(b).unwrap().len(), 2, "b is in both sets");

    // Every step is undone, newest first, back to the sets as they were.
    let before_trim = |p: &Project| p.quote_set(k6).unwrap().items[1].clone();
    p.undo(by).unwrap();
    assert_eq!(before_trim(&p).attribution, None);
    p.undo(by).unwrap();
    assert_eq!(before_trim(&p).parts, None);
    p.undo(by).unwrap();
    assert_eq!(order(&p), [c, a, b]);
    // Sets reorder and delete; undo brings a deleted set back whole.
    p.move_quote_set(by, k7, 0).unwrap();
    assert_eq!(p.quote_sets().unwrap()[0].id, k7);
    p.delete_quote_set(by, k6).unwrap();
    assert_eq!(p.quote_sets().unwrap().len(), 1);
    p.undo(by).unwrap();
    let sets = p.quote_sets().unwrap();
    assert_eq!(sets.iter().map(|s| s.id).collect::<Vec<_>>(), [k7, k6]);
    assert_eq!(sets[1].items.len(), 3);
    crate::util::assert_sound(&p);
}

#[test]
fn removing_a_quoted_coding_asks_first_and_undo_brings_back_the_coding_and_its_quote() {
    let (mut p, by) = memory_project();
    let doc = add_transcript(&mut p, by, "fokusgrupp-1");
    let c = span(&mut p, by, doc, 1);
    let set = p.create_quote_set(by, "Kapitel 6").unwrap();
    p.add_to_quote_set(by, set, c, "Bra", None).unwrap();
    p.trim_quote(
        by,
        set,
        c,
        Some(&[(p.coding(c).unwrap().start, p.coding(c).unwrap().start + 5)]),
    )
    .unwrap();
    let before = crate::util::snapshot(&p);
    match p.uncode(by, c, false) {
        Err(Error::CodingInQuoteSet { sets }) => assert_eq!(sets, ["Kapitel 6"]),
        other => panic!("{other:?}"),
    }
    assert_eq!(crate::util::snapshot(&p), before, "nothing changed");
    p.uncode(by, c, true).unwrap();
    assert!(p.quote_set(set).unwrap().items.is_empty());
    p.undo(by).unwrap();
    assert_eq!(
        crate::util::snapshot(&p),
        before,
        "both back, trim and note too"
    );
    // Deleting the code says how many of its codings are quoted.
    let code = p.coding(c).unwrap().code_id;
    match p.delete_code(by, code, None) {
        Err(Error::CodeInUse {
            quoted, codings, ..
        }) => assert_eq!((quoted, codings), (1, 1)),
        other => panic!("{other:?}"),
    }
}

/// The corpus's focus groups, each with Omgång and Team from MANIFEST.json,
/// and the survey (its respondents are participants too).
fn corpus_focus_groups() -> (Project, tematik::CoderId) {
    let mut p = Project::create_in_memory("Korpus", clock()).unwrap();
    let by = p.ensure_throwaway_coder("Anna").unwrap();
    tematik::template::apply(&mut p, by, Template::Nvos).unwrap();
    for f in manifest_files(&["focusgroup"]) {
        let meta = &f["metadata"];
        let options = TranscriptOptions {
            attributes: vec![
                AttributeValue::category("Omgång", &meta["round"].to_string()),
                AttributeValue::category("Team", &meta["team"].to_string()),
            ],
            ..Default::default()
        };
        let path = corpus().join(f["path"].as_str().unwrap());
        for o in import::import_transcripts(&mut p, by, &[path], &options) {
            o.outcome.unwrap();
        }
    }
    let survey = corpus().join(manifest_files(&["survey"])[0]["path"].as_str().unwrap());
    import::import_survey(&mut p, by, &survey, &crate::util::corpus_mapping()).unwrap();
    (p, by)
}

/// A speaker label's profession as MANIFEST.json's labels give it:
/// "Undersköterska 2" → "undersköterska"; the interviewer has none.
fn profession(label: &str) -> Option<String> {
    let base = label
        .rsplit_once(' ')
        .filter(|(_, n)| n.chars().all(|c| c.is_ascii_digit()))
        .map_or(label, |(w, _)| w);
    (base != "Intervjuare").then(|| base.to_lowercase())
}

#[test]
fn the_reidentification_warning_on_the_corpus_matches_the_participants_manifest_counts() {
    let (mut p, by) = corpus_focus_groups();
    let full = "– {Yrke:lower}[, team {Team}][, {Omgång}]";
    let broad = "– {Yrke:lower}[, {Omgång}]";
    p.set_project_settings(
        by,
        &ProjectSettings {
            transcript_attribution: full.into(),
            ..ProjectSettings::default()
        },
    )
    .unwrap();
    // Who holds each combination, from the manifest alone: one participant
    // per label per focus group.
    let mut holders: HashMap<(String, String, String), u32> = HashMap::new();
    let mut broad_holders: HashMap<(String, String), u32> = HashMap::new();
    let mut people = Vec::new();
    for f in manifest_files(&["focusgroup"]) {
        let (round, team) = (
            f["metadata"]["round"].to_string(),
            f["metadata"]["team"].to_string(),
        );
        for label in f["speakers"].as_array().unwrap() {
            let label = label.as_str().unwrap();
            if let Some(yrke) = profession(label) {
                *holders
                    .entry((yrke.clone(), team.clone(), round.clone()))
                    .or_default() += 1;
                *broad_holders
                    .entry((yrke.clone(), round.clone()))
                    .or_default() += 1;
                people.push((
                    f["path"].as_str().unwrap(),
                    label,
                    yrke,
                    team.clone(),
                    round.clone(),
                ));
            }
        }
    }
    // One quote of each participant: their first turn.
    let set = p.create_quote_set(by, "Kapitel 4").unwrap();
    let docs = p.documents().unwrap();
    let code = p.find_code("Flexibilitet").unwrap().id;
    let mut expected = HashMap::new();
    for (path, label, yrke, team, round) in &people {
        let stem = std::path::Path::new(path)
            .file_stem()
            .unwrap()
            .to_str()
            .unwrap();
        let doc = docs
            .iter()
            .find(|d| d.name == stem)
            .unwrap_or_else(|| panic!("{stem}"));
        let turn = p
            .document(doc.id)
            .unwrap()
            .turns
            .into_iter()
            .find(|t| t.speaker == *label)
            .unwrap();
        let c = p
            .code_span(
                by,
                CodeSpan {
                    document_id: doc.id,
                    start: turn.text_start,
                    end: turn.end,
                    code_id: code,
                    tags: vec![],
                },
            )
            .unwrap();
        p.add_to_quote_set(by, set, c, "", None).unwrap();
        expected.insert(
            c,
            (
                holders[&(yrke.clone(), team.clone(), round.clone())],
                broad_holders[&(yrke.clone(), round.clone())],
                format!("– {yrke}, team {team}, {round}"),
            ),
        );
    }
    let population = Population::read(&p).unwrap();
    let settings = p.project_settings().unwrap();
    let quotes =
        chapter::quotes_of_set(&p, &p.quote_set(set).unwrap(), &population, &settings).unwrap();
    assert_eq!(quotes.len(), people.len());
    let mut warned = 0;
    for q in &quotes {
        let (n, _, text) = &expected[&q.coding.id];
        assert_eq!(&q.attribution.text, text);
        match &q.risk {
            Some(r) => {
                assert!(*n < 3, "{text}: warned though {n} hold it");
                assert_eq!(r.participants, *n, "{text}");
                // The coarser attribution no longer warns.
                let coarser = q.coarser.as_ref().expect("a coarser attribution");
                assert_eq!(
                    population
                        .risk(
                            &coarser.template,
                            &tematik::attribution::sources_of(&p, &q.coding).unwrap().0,
                            3
                        )
                        .unwrap(),
                    None,
                    "{}",
                    coarser.template
                );
                warned += 1;
            }
            None => {
                assert!(*n >= 3, "{text}: held by {n} but no warning");
            }
        }
    }
    assert!(warned > 0, "some combination is held by one participant");
    // A sjukgymnast in team 1, 2022: the only one.
    let sjukgymnast = quotes
        .iter()
        .find(|q| q.attribution.text == "– sjukgymnast, team 1, 2022")
        .unwrap();
    assert_eq!(sjukgymnast.risk.as_ref().unwrap().participants, 1);
    let reason = tematik::app::risk_reason(
        sjukgymnast.risk.as_ref().unwrap(),
        tematik::app::views::Language::Sv,
    );
    assert_eq!(
        reason,
        "bara 1 deltagare i projektet har Yrke sjukgymnast, Team 1 och Omgång 2022 (färre än 3)"
    );

    // Without the team, a sjuksköterska in 2022 is one of many: no warning.
    p.set_project_settings(
        by,
        &ProjectSettings {
            transcript_attribution: broad.into(),
            ..ProjectSettings::default()
        },
    )
    .unwrap();
    let population = Population::read(&p).unwrap();
    let settings = p.project_settings().unwrap();
    let quotes =
        chapter::quotes_of_set(&p, &p.quote_set(set).unwrap(), &population, &settings).unwrap();
    let nurse = quotes
        .iter()
        .find(|q| q.attribution.text == "– sjuksköterska, 2022")
        .unwrap();
    assert!(expected[&nurse.coding.id].1 >= 3);
    assert_eq!(nurse.risk, None);
    for q in &quotes {
        let (_, n, _) = &expected[&q.coding.id];
        assert_eq!(q.risk.is_some(), *n < 3, "{}", q.attribution.text);
    }
}

#[test]
fn the_finder_puts_readable_quotes_of_new_participants_first_and_leaves_discarded_codes_out() {
    let (mut p, by) = memory_project();
    let theme = code(&mut p, by, "Tema", None);
    let kept = code(&mut p, by, "Kod", Some(theme));
    let gone = code(&mut p, by, "Kasserad", Some(theme));
    let long = "ord ".repeat(30);
    let doc = p
        .import(
            by,
            tematik::storage::NewSource {
                file_name: "f.txt".into(),
                sha256: "f".into(),
                format: "txt".into(),
            },
            vec![crate::util::transcript(
                "fokusgrupp-f",
                &[
                    ("A", &long),
                    ("A", &long),
                    ("B", "kort svar"),
                    ("B", &long),
                    ("C", &long),
                ],
            )],
        )
        .unwrap()
        .documents[0];
    let turns = p.document(doc).unwrap().turns;
    let mut ids = Vec::new();
    for (i, t) in turns.iter().enumerate() {
        let code = if i == 4 { gone } else { kept };
        ids.push(
            p.code_span(
                by,
                CodeSpan {
                    document_id: doc,
                    start: t.text_start,
                    end: t.end,
                    code_id: code,
                    tags: vec![],
                },
            )
            .unwrap(),
        );
    }
    p.discard_code(by, gone).unwrap();
    let facts = tematik::analysis::Facts::read(&p).unwrap();
    let codings = p.codings_by_ids(&ids).unwrap();
    let ranked = chapter::rank_candidates(&facts, &ids, 10);
    // Each candidate's words are its coding's text's.
    for r in &ranked {
        let c = codings.iter().find(|c| c.id == r.coding).unwrap();
        assert_eq!(r.words, tematik::text::word_count(&c.text));
    }
    let order: Vec<CodingId> = ranked.iter().map(|c| c.coding).collect();
    // A's first, then B's readable one (a new participant) before A's
    // second; B's two words last; the discarded code's not at all.
    assert_eq!(order, [ids[0], ids[3], ids[1], ids[2]]);
    assert_eq!(
        ranked[1].reasons[..2],
        [Reason::ReadableLength, Reason::NewParticipant]
    );
    assert_eq!(ranked[3].reasons[0], Reason::Short);
}
