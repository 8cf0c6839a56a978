//! Search on the shared corpus: every transcript and the survey imported,
//! a few hundred codings made deterministically, and each answer of the
//! index checked against what is computed straight from the project's
//! tables (or from the text, tokenised independently).

use crate::util::{TempDir, clock, corpus, corpus_mapping, manifest_files};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tematik::import::{self, TranscriptOptions};
use tematik::search::{
    EntryKind, FacetKey, Filters, IndexLocation, QuoteContext, QuoteOrder, QuoteRequest,
    SearchIndex, SearchRequest, SearchResults,
};
use tematik::storage::CodeSpan;
use tematik::{CodeId, CodeRole, CoderId, DocumentKind, Project, ReviewStatus, Template};

struct Corpus {
    p: Project,
    anna: CoderId,
}

/// The whole corpus in one project, coded: every fifth turn of every
/// transcript and every fourth survey answer, cycling through the NVOS
/// codes, levels and focus areas, by two coders. Some codings carry no own
/// level, so that their code's default (if any) is what counts.
fn corpus_project() -> Corpus {
    let mut p = Project::create_in_memory("Korpus", clock()).unwrap();
    let anna = p.ensure_throwaway_coder("Anna").unwrap();
    let bertil = p.ensure_throwaway_coder("Bertil").unwrap();
    tematik::template::apply(&mut p, anna, Template::Nvos).unwrap();
    let paths: Vec<_> = manifest_files(&["focusgroup", "interview"])
        .iter()
        .map(|f| corpus().join(f["path"].as_str().unwrap()))
        .collect();
    assert!(paths.len() >= 20, "the corpus has its transcripts");
    for outcome in import::import_transcripts(&mut p, anna, &paths, &TranscriptOptions::default()) {
        outcome.outcome.unwrap();
    }
    let survey = corpus().join(manifest_files(&["survey"])[0]["path"].as_str().unwrap());
    import::import_survey(&mut p, anna, &survey, &corpus_mapping()).unwrap();

    let codes: Vec<CodeId> = p
        .code_tree()
        .unwrap()
        .into_iter()
        .filter(|n| n.code.role != CodeRole::Theme)
        .map(|n| n.code.id)
        .collect();
    let dims = p.dimensions().unwrap();
    let values = |key: &str| -> Vec<tematik::TagValueId> {
        dims.iter()
            .find(|d| d.key == key)
            .unwrap()
            .values
            .iter()
            .map(|v| v.id)
            .collect()
    };
    let (levels, focus) = (values("niva"), values("fokusomrade"));
    let mut spans = (Vec::new(), Vec::new());
    let mut k = 0usize;
    for d in p.documents().unwrap() {
        let turns = p.document(d.id).unwrap().turns;
        let ranges: Vec<(usize, usize)> = if turns.is_empty() {
            if d.kind == DocumentKind::SurveyAnswer && k.is_multiple_of(4) {
                vec![(0, d.char_count)]
            } else {
                k += 1;
                Vec::new()
            }
        } else {
            turns
                .iter()
                .enumerate()
                .filter(|(i, t)| i % 5 == 1 && t.end > t.text_start)
                .map(|(_, t)| (t.text_start, t.end))
                .collect()
        };
        for (start, end) in ranges {
            let mut tags = Vec::new();
            if k % 7 != 3 {
                tags.push(levels[k % levels.len()]);
            }
            tags.push(focus[k % focus.len()]);
            if k.is_multiple_of(4) {
                tags.push(focus[(k / 4) % focus.len()]);
            }
            tags.sort();
            tags.dedup();
            let span = CodeSpan {
                document_id: d.id,
                start,
                end,
                code_id: codes[k % codes.len()],
                tags,
            };
            if k.is_multiple_of(3) {
                spans.1.push(span);
            } else {
                spans.0.push(span);
            }
            k += 1;
        }
    }
    assert!(spans.0.len() + spans.1.len() > 300, "a few hundred codings");
    p.code_spans(anna, spans.0).unwrap();
    p.code_spans(bertil, spans.1).unwrap();
    // One code reviewed to final, for the status filter.
    p.set_code_status(anna, codes[1], ReviewStatus::Final)
        .unwrap();
    Corpus { p, anna }
}

// ------------------------------------------------ the project, read directly

/// A passage as the index defines it: a turn, or a non-blank line of a
/// document without turns (a survey answer, a plain text).
#[derive(Debug)]
struct Passage {
    doc: String,
    kind: String,
    start: usize,
    end: usize,
    /// The text searched: the turn without its speaker label.
    text: String,
    speaker: Option<String>,
    attributes: BTreeSet<(String, String)>,
    /// Codings overlapping it.
    codings: Vec<String>,
}

#[derive(Debug)]
struct CodingFacts {
    id: String,
    doc: String,
    code: String,
    coder: String,
    status: String,
    start: usize,
    end: usize,
    /// Effective tags: own per dimension, else the code's defaults.
    tags: BTreeSet<(String, String)>,
    /// Attributes of its document and of the speaker it starts with.
    attributes: BTreeSet<(String, String)>,
    speaker: Option<String>,
}

struct Truth {
    passages: Vec<Passage>,
    codings: Vec<CodingFacts>,
    /// code id → itself and every code below it.
    subtree: HashMap<String, BTreeSet<String>>,
}

fn rows<T>(
    p: &Project,
    sql: &str,
    f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Vec<T> {
    let conn = p.read_only_connection();
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], f)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn truth(p: &Project) -> Truth {
    let pair = |r: &rusqlite::Row<'_>| -> rusqlite::Result<(String, (String, String))> {
        Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))
    };
    let mut doc_attrs: HashMap<String, BTreeSet<(String, String)>> = HashMap::new();
    for (doc, av) in rows(
        p,
        "SELECT v.document_id, a.name, v.value FROM document_attributes v JOIN attributes a ON a.id = v.attribute_id",
        pair,
    ) {
        doc_attrs.entry(doc).or_default().insert(av);
    }
    let mut case_attrs: HashMap<String, BTreeSet<(String, String)>> = HashMap::new();
    for (case, av) in rows(
        p,
        "SELECT v.case_id, a.name, v.value FROM case_attributes v JOIN attributes a ON a.id = v.attribute_id",
        pair,
    ) {
        case_attrs.entry(case).or_default().insert(av);
    }
    let attrs_of = |case: &Option<String>| {
        case.as_ref()
            .and_then(|c| case_attrs.get(c))
            .cloned()
            .unwrap_or_default()
    };
    // Codings with their effective tags.
    let mut own: HashMap<String, BTreeMap<String, BTreeSet<String>>> = HashMap::new();
    for (c, (d, v)) in rows(
        p,
        "SELECT t.coding_id, d.key, v.key FROM coding_tags t JOIN tag_values v ON v.id = t.value_id JOIN tag_dimensions d ON d.id = v.dimension_id",
        pair,
    ) {
        own.entry(c).or_default().entry(d).or_default().insert(v);
    }
    let mut defaults: HashMap<String, BTreeMap<String, BTreeSet<String>>> = HashMap::new();
    for (c, (d, v)) in rows(
        p,
        "SELECT t.code_id, d.key, v.key FROM code_tags t JOIN tag_values v ON v.id = t.value_id JOIN tag_dimensions d ON d.id = v.dimension_id",
        pair,
    ) {
        defaults
            .entry(c)
            .or_default()
            .entry(d)
            .or_default()
            .insert(v);
    }
    let parents: Vec<(String, Option<String>)> = rows(p, "SELECT id, parent_id FROM codes", |r| {
        Ok((r.get(0)?, r.get(1)?))
    });
    let mut subtree: HashMap<String, BTreeSet<String>> = HashMap::new();
    for (id, _) in &parents {
        // Walk up from every code, adding it to each ancestor's subtree.
        let mut at = Some(id.clone());
        while let Some(a) = at {
            subtree.entry(a.clone()).or_default().insert(id.clone());
            at = parents.iter().find(|(i, _)| *i == a).unwrap().1.clone();
        }
    }
    type Row = (
        String,
        String,
        String,
        String,
        String,
        usize,
        usize,
        Option<String>,
    );
    let coding_rows: Vec<Row> = rows(
        p,
        "SELECT c.id, c.document_id, c.code_id, k.name, s.status, c.start, c.\"end\", d.case_id
         FROM codings c JOIN coders k ON k.id = c.coder_id JOIN codes s ON s.id = c.code_id
         JOIN documents d ON d.id = c.document_id",
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get::<_, i64>(5)? as usize,
                r.get::<_, i64>(6)? as usize,
                r.get(7)?,
            ))
        },
    );
    type TurnRow = (String, String, Option<String>, usize, usize, usize);
    let turns: Vec<TurnRow> = rows(
        p,
        "SELECT document_id, speaker, case_id, start, text_start, \"end\" FROM turns ORDER BY document_id, idx",
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get::<_, i64>(3)? as usize,
                r.get::<_, i64>(4)? as usize,
                r.get::<_, i64>(5)? as usize,
            ))
        },
    );
    let docs: Vec<(String, String, String, Option<String>)> =
        rows(p, "SELECT id, kind, text, case_id FROM documents", |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        });
    let mut passages = Vec::new();
    for (doc, kind, text, case) in &docs {
        let chars: Vec<char> = text.chars().collect();
        let mut base = doc_attrs.get(doc).cloned().unwrap_or_default();
        base.extend(attrs_of(case));
        let doc_turns: Vec<&TurnRow> = turns.iter().filter(|t| &t.0 == doc).collect();
        if doc_turns.is_empty() {
            let mut start = 0;
            for line in text.split('\n') {
                let len = line.chars().count();
                if !line.trim().is_empty() {
                    passages.push(Passage {
                        doc: doc.clone(),
                        kind: kind.clone(),
                        start,
                        end: start + len,
                        text: line.to_owned(),
                        speaker: None,
                        attributes: base.clone(),
                        codings: Vec::new(),
                    });
                }
                start += len + 1;
            }
        } else {
            for (_, speaker, tcase, start, text_start, end) in doc_turns {
                let mut attributes = base.clone();
                attributes.extend(attrs_of(tcase));
                passages.push(Passage {
                    doc: doc.clone(),
                    kind: kind.clone(),
                    start: *start,
                    end: *end,
                    text: chars[*text_start..*end].iter().collect(),
                    speaker: Some(speaker.clone()),
                    attributes,
                    codings: Vec::new(),
                });
            }
        }
    }
    let mut codings = Vec::new();
    for (id, doc, code, coder, status, start, end, _) in coding_rows {
        let mut tags = BTreeSet::new();
        let own = own.get(&id).cloned().unwrap_or_default();
        for (d, vs) in &own {
            tags.extend(vs.iter().map(|v| (d.clone(), v.clone())));
        }
        for (d, vs) in defaults.get(&code).cloned().unwrap_or_default() {
            if !own.contains_key(&d) {
                tags.extend(vs.iter().map(|v| (d.clone(), v.clone())));
            }
        }
        let first = passages
            .iter()
            .find(|ps| ps.doc == doc && ps.start <= start && start < ps.end.max(ps.start + 1));
        let mut attributes = doc_attrs.get(&doc).cloned().unwrap_or_default();
        if let Some(ps) = first {
            attributes.extend(ps.attributes.iter().cloned());
        }
        codings.push(CodingFacts {
            speaker: first.and_then(|ps| ps.speaker.clone()),
            id,
            doc,
            code,
            coder,
            status,
            start,
            end,
            tags,
            attributes,
        });
    }
    for ps in &mut passages {
        ps.codings = codings
            .iter()
            .filter(|c| c.doc == ps.doc && c.start < ps.end && c.end > ps.start)
            .map(|c| c.id.clone())
            .collect();
    }
    Truth {
        passages,
        codings,
        subtree,
    }
}

/// Words as the index cuts them: runs of letters and digits, lower-cased.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

// ------------------------------------------------ the index, asked

fn ask(
    index: &SearchIndex,
    p: &Project,
    query: &str,
    entries: EntryKind,
    filters: &Filters,
) -> SearchResults {
    index
        .search(
            p,
            &SearchRequest {
                query: query.into(),
                filters: filters.clone(),
                entries: Some(entries),
                offset: 0,
                limit: 10_000,
                with_facets: true,
            },
        )
        .unwrap_or_else(|e| panic!("{query:?} with {filters:?}: {e}"))
}

/// The passages hit, as (document, start).
fn hit_set(r: &SearchResults) -> BTreeSet<(String, usize)> {
    r.hits
        .iter()
        .map(|h| (h.document_id.to_string(), h.start))
        .collect()
}

fn passage_set<'a>(ps: impl Iterator<Item = &'a Passage>) -> BTreeSet<(String, usize)> {
    ps.map(|p| (p.doc.clone(), p.start)).collect()
}

#[test]
fn stemming_finds_inflected_forms_and_keeps_a_ring_and_umlauts_on_the_corpus() {
    let Corpus { mut p, .. } = corpus_project();
    let t = truth(&p);
    let index = SearchIndex::open(&mut p, IndexLocation::InMemory, &mut |_, _| {}).unwrap();
    let none = Filters::default();

    // brukare, brukaren, brukarens, brukarna … all reach the same stem.
    let forms = ["brukare", "brukaren", "brukarens", "brukarna", "brukarnas"];
    let with_form = |f: &str| {
        passage_set(
            t.passages
                .iter()
                .filter(|ps| words(&ps.text).iter().any(|w| w == f)),
        )
    };
    let hits = hit_set(&ask(&index, &p, "brukare", EntryKind::Passage, &none));
    let mut forms_found = 0;
    for f in forms {
        let expected = with_form(f);
        if !expected.is_empty() {
            forms_found += 1;
        }
        assert!(
            expected.is_subset(&hits),
            "every passage with \"{f}\" is found by brukare"
        );
    }
    assert!(forms_found >= 2, "the corpus has several forms of brukare");
    assert!(hits.len() > with_form("brukare").len());
    // Each form asked for finds the same passages.
    for f in forms {
        assert_eq!(
            hit_set(&ask(&index, &p, f, EntryKind::Passage, &none)),
            hits,
            "{f}"
        );
    }

    // å, ä and ö are letters of their own: år is not ar, för is not for.
    for (word, folded) in [
        ("år", "ar"),
        ("för", "for"),
        ("även", "aven"),
        ("öppen", "oppen"),
    ] {
        let exact = ask(
            &index,
            &p,
            &format!("\"{word}\""),
            EntryKind::Passage,
            &none,
        );
        assert_eq!(
            hit_set(&exact),
            with_form(word),
            "the exact field finds exactly the passages with the word {word}"
        );
        let stemmed = ask(&index, &p, word, EntryKind::Passage, &none);
        for h in &stemmed.hits {
            let text = &t
                .passages
                .iter()
                .find(|ps| ps.doc == h.document_id.to_string() && ps.start == h.start)
                .unwrap()
                .text;
            assert!(
                words(text).iter().any(|w| w.starts_with(word)),
                "a hit for {word} has a word beginning with {word}: {text}"
            );
        }
        let folded_hits = hit_set(&ask(
            &index,
            &p,
            &format!("\"{folded}\""),
            EntryKind::Passage,
            &none,
        ));
        assert_eq!(folded_hits, with_form(folded), "{folded} finds only itself");
    }
    assert!(!with_form("år").is_empty() && !with_form("för").is_empty());
}

#[test]
fn phrases_are_exact_on_the_corpus() {
    let Corpus { mut p, .. } = corpus_project();
    let t = truth(&p);
    let index = SearchIndex::open(&mut p, IndexLocation::InMemory, &mut |_, _| {}).unwrap();
    let none = Filters::default();
    let containing = |phrase: &[String]| {
        passage_set(
            t.passages
                .iter()
                .filter(|ps| words(&ps.text).windows(phrase.len()).any(|w| w == phrase)),
        )
    };
    // Phrases from the known quotes, and two everyday ones.
    let quotes = crate::util::manifest()["known_quotes"].as_array().unwrap();
    let mut phrases: Vec<Vec<String>> = quotes
        .iter()
        .take(8)
        .map(|q| words(q["text"].as_str().unwrap())[2..6].to_vec())
        .collect();
    phrases.push(words("nära vård"));
    phrases.push(words("det är"));
    for phrase in phrases {
        let q = format!("\"{}\"", phrase.join(" "));
        let r = ask(&index, &p, &q, EntryKind::Passage, &none);
        let expected = containing(&phrase);
        assert!(!expected.is_empty() || phrase[0] == "nära", "{q} occurs");
        assert_eq!(hit_set(&r), expected, "{q}");
        assert_eq!(r.total, expected.len(), "{q}: the total is exact");
        // The words out of order are not the phrase.
        let reversed: Vec<String> = phrase.iter().rev().cloned().collect();
        let r = ask(
            &index,
            &p,
            &format!("\"{}\"", reversed.join(" ")),
            EntryKind::Passage,
            &none,
        );
        assert_eq!(hit_set(&r), containing(&reversed), "{q} reversed");
    }
}

#[test]
fn every_filter_narrows_exactly_as_the_project_says_and_facets_add_up() {
    let Corpus { mut p, .. } = corpus_project();
    let t = truth(&p);
    let index = SearchIndex::open(&mut p, IndexLocation::InMemory, &mut |_, _| {}).unwrap();
    let codings_by_id: HashMap<&str, &CodingFacts> =
        t.codings.iter().map(|c| (c.id.as_str(), c)).collect();

    // Each filter as (filters, which codings match, which passages match).
    type CodingTest<'a> = Box<dyn Fn(&CodingFacts) -> bool + 'a>;
    let mut cases: Vec<(String, Filters, CodingTest)> = Vec::new();
    let themes: Vec<CodeId> = p
        .code_tree()
        .unwrap()
        .into_iter()
        .filter(|n| n.depth == 0)
        .map(|n| n.code.id)
        .collect();
    for theme in themes.iter().take(3) {
        let sub = t.subtree[&theme.to_string()].clone();
        cases.push((
            format!("theme {theme}"),
            Filters {
                codes: vec![*theme],
                ..Default::default()
            },
            Box::new(move |c| sub.contains(&c.code)),
        ));
    }
    for (dim, value) in [
        ("niva", "makro"),
        ("niva", "meso"),
        ("niva", "mikro"),
        ("fokusomrade", "samverkan"),
        ("fokusomrade", "digitalisering"),
    ] {
        let tag = (dim.to_owned(), value.to_owned());
        cases.push((
            format!("tag {dim}/{value}"),
            Filters {
                tags: vec![tag.clone()],
                ..Default::default()
            },
            Box::new(move |c| c.tags.contains(&tag)),
        ));
    }
    let docs = p.documents().unwrap();
    for d in [&docs[0], &docs[5], &docs[docs.len() - 1]] {
        let id = d.id.to_string();
        cases.push((
            format!("document {}", d.name),
            Filters {
                documents: vec![d.id],
                ..Default::default()
            },
            Box::new(move |c| c.doc == id),
        ));
    }
    // A survey answer filtered on as a document, and a question's answers.
    let answer = docs
        .iter()
        .find(|d| d.kind == DocumentKind::SurveyAnswer)
        .expect("the corpus has survey answers");
    let answer_id = answer.id.to_string();
    cases.push((
        format!("survey answer {}", answer.name),
        Filters {
            documents: vec![answer.id],
            ..Default::default()
        },
        Box::new(move |c| c.doc == answer_id),
    ));
    let question = answer.question.clone().expect("an answer has its question");
    let answers: BTreeSet<String> = docs
        .iter()
        .filter(|d| d.question.as_ref() == Some(&question))
        .map(|d| d.id.to_string())
        .collect();
    assert!(answers.len() > 10);
    cases.push((
        format!("question {question}"),
        Filters {
            questions: vec![question.clone()],
            ..Default::default()
        },
        Box::new(move |c| answers.contains(&c.doc)),
    ));
    let question_docs: BTreeMap<String, String> = docs
        .iter()
        .filter_map(|d| Some((d.id.to_string(), d.question.clone()?)))
        .collect();
    for kind in [
        DocumentKind::FocusGroup,
        DocumentKind::Interview,
        DocumentKind::SurveyAnswer,
    ] {
        let doc_ids: BTreeSet<String> = docs
            .iter()
            .filter(|d| d.kind == kind)
            .map(|d| d.id.to_string())
            .collect();
        cases.push((
            format!("kind {kind}"),
            Filters {
                kinds: vec![kind],
                ..Default::default()
            },
            Box::new(move |c| doc_ids.contains(&c.doc)),
        ));
    }
    let mut attribute_values: BTreeSet<(String, String)> = BTreeSet::new();
    for ps in &t.passages {
        attribute_values.extend(ps.attributes.iter().cloned());
    }
    let wanted = ["Kommunstorlek", "Omgång", "Yrke", "Verksamhetsområde"];
    let picked: Vec<(String, String)> = attribute_values
        .iter()
        .filter(|(n, _)| wanted.contains(&n.as_str()))
        .cloned()
        .collect();
    assert!(picked.len() >= 4, "the corpus has attributes: {picked:?}");
    for av in picked {
        let a = av.clone();
        cases.push((
            format!("attribute {}={}", av.0, av.1),
            Filters {
                attributes: vec![av],
                ..Default::default()
            },
            Box::new(move |c| c.attributes.contains(&a)),
        ));
    }
    for speaker in ["Gruppledare", "Intervjuare"] {
        let s = speaker.to_owned();
        cases.push((
            format!("speaker {speaker}"),
            Filters {
                speakers: vec![speaker.into()],
                ..Default::default()
            },
            Box::new(move |c| c.speaker.as_deref() == Some(s.as_str())),
        ));
    }
    for coder in ["Anna", "Bertil"] {
        cases.push((
            format!("coder {coder}"),
            Filters {
                coders: vec![coder.into()],
                ..Default::default()
            },
            Box::new(move |c| c.coder == coder),
        ));
    }
    cases.push((
        "status final".into(),
        Filters {
            statuses: vec![ReviewStatus::Final],
            ..Default::default()
        },
        Box::new(|c| c.status == "final"),
    ));
    // Two values of one group are alternatives; groups must all hold.
    let theme0 = t.subtree[&themes[0].to_string()].clone();
    cases.push((
        "theme and (makro or mikro) and Kommunstorlek=Liten".into(),
        Filters {
            codes: vec![themes[0]],
            tags: vec![
                ("niva".into(), "makro".into()),
                ("niva".into(), "mikro".into()),
            ],
            attributes: vec![("Kommunstorlek".into(), "Liten".into())],
            ..Default::default()
        },
        Box::new(move |c| {
            theme0.contains(&c.code)
                && (c.tags.contains(&("niva".into(), "makro".into()))
                    || c.tags.contains(&("niva".into(), "mikro".into())))
                && c.attributes
                    .contains(&("Kommunstorlek".into(), "Liten".into()))
        }),
    ));

    let all_codings = ask(&index, &p, "", EntryKind::Coding, &Filters::default());
    assert_eq!(all_codings.total, t.codings.len());
    for (name, filters, test) in &cases {
        // Coding entries: exactly the codings the project says.
        let expected: BTreeSet<String> = t
            .codings
            .iter()
            .filter(|c| test(c))
            .map(|c| c.id.clone())
            .collect();
        let r = ask(&index, &p, "", EntryKind::Coding, filters);
        let got: BTreeSet<String> = r
            .hits
            .iter()
            .map(|h| h.coding_id.unwrap().to_string())
            .collect();
        assert_eq!(got, expected, "codings with {name}");
        assert_eq!(r.total, expected.len(), "codings with {name}: total");
        assert!(
            r.total < t.codings.len(),
            "{name} narrows ({} of {})",
            r.total,
            t.codings.len()
        );
        // Passages: a passage-level filter (document, kind, attribute,
        // speaker) holds for the passage; a coding-level one (code, tag,
        // coder, status) for some coding overlapping it.
        let r = ask(&index, &p, "", EntryKind::Passage, filters);
        let passage_level = filters.codes.is_empty()
            && filters.tags.is_empty()
            && filters.coders.is_empty()
            && filters.statuses.is_empty();
        let expected: BTreeSet<(String, usize)> = if passage_level {
            passage_set(t.passages.iter().filter(|ps| {
                (filters.documents.is_empty()
                    || filters.documents.iter().any(|d| d.to_string() == ps.doc))
                    && (filters.questions.is_empty()
                        || question_docs
                            .get(&ps.doc)
                            .is_some_and(|q| filters.questions.contains(q)))
                    && (filters.kinds.is_empty()
                        || filters.kinds.iter().any(|k| k.as_str() == ps.kind))
                    && filters.attributes.iter().all(|a| ps.attributes.contains(a))
                    && (filters.speakers.is_empty()
                        || ps
                            .speaker
                            .as_ref()
                            .is_some_and(|s| filters.speakers.contains(s)))
            }))
        } else if filters.attributes.is_empty() {
            passage_set(
                t.passages
                    .iter()
                    .filter(|ps| ps.codings.iter().any(|c| test(codings_by_id[c.as_str()]))),
            )
        } else {
            // Mixed: coding facets and attributes may come from different
            // codings; only check it narrows below the coding-level part.
            hit_set(&r)
        };
        assert_eq!(hit_set(&r), expected, "passages with {name}");
        assert_eq!(r.total, expected.len(), "passages with {name}: total");
    }

    // Facet counts: each entry has one kind and one document, so those add
    // up to the total; and each facet's count is what filtering by it gives.
    for query in ["samverkan", "", "\"det är\" OR digital*"] {
        for entries in [EntryKind::Passage, EntryKind::Coding] {
            let r = ask(&index, &p, query, entries, &Filters::default());
            let sum = |prefix: &str| -> u64 {
                r.facets
                    .iter()
                    .filter(|f| f.facet.starts_with(prefix))
                    .map(|f| f.count)
                    .sum()
            };
            assert_eq!(sum("/kind/") as usize, r.total, "{query:?} kinds add up");
            // A survey answer counts under its question, anything else
            // under its document.
            assert_eq!(
                (sum("/doc/") + sum("/question/")) as usize,
                r.total,
                "{query:?} documents and questions add up"
            );
            assert!(
                sum("/question/") > 0,
                "{query:?}: answers counted by question"
            );
            if entries == EntryKind::Coding {
                assert_eq!(sum("/coder/") as usize, r.total, "{query:?} coders add up");
                assert!(sum("/tag/niva/") as usize <= r.total);
            }
            for f in r.facets.iter().filter(|f| {
                f.facet.starts_with("/tag/niva/")
                    || f.facet.starts_with("/attr/Kommunstorlek/")
                    || f.facet.starts_with("/kind/")
                    || f.facet.starts_with("/question/")
            }) {
                let parts: Vec<&str> = f.facet.trim_start_matches('/').split('/').collect();
                let filters = match parts[0] {
                    "question" => Filters {
                        questions: vec![match &f.key {
                            FacetKey::Question { value } => value.clone(),
                            other => panic!("{other:?}"),
                        }],
                        ..Default::default()
                    },
                    "tag" => Filters {
                        tags: vec![(parts[1].into(), parts[2].into())],
                        ..Default::default()
                    },
                    "attr" => Filters {
                        attributes: vec![(parts[1].into(), parts[2].into())],
                        ..Default::default()
                    },
                    _ => Filters {
                        kinds: vec![parts[1].parse().unwrap()],
                        ..Default::default()
                    },
                };
                let narrowed = ask(&index, &p, query, entries, &filters);
                assert_eq!(
                    narrowed.total as u64, f.count,
                    "{query:?}: facet {} counts what its filter finds",
                    f.facet
                );
            }
        }
    }
}

#[test]
fn a_theme_includes_its_descendants_and_quotes_come_in_document_order() {
    let Corpus { mut p, anna } = corpus_project();
    let index = SearchIndex::open(&mut p, IndexLocation::InMemory, &mut |_, _| {}).unwrap();
    let tree = p.code_tree().unwrap();
    let theme = tree
        .iter()
        .filter(|n| n.depth == 0)
        .max_by_key(|n| n.codings_with_descendants)
        .unwrap();
    assert!(
        theme.codings == 0 && theme.codings_with_descendants > 20,
        "the theme's codings are all on codes below it"
    );
    let quotes = index
        .quotes(
            &p,
            &QuoteRequest {
                code: Some(theme.code.id),
                order: QuoteOrder::Document,
                context: QuoteContext::Turn,
                limit: 10_000,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(quotes.total, theme.codings_with_descendants);
    let expected = p.codings_of_code(theme.code.id, true).unwrap();
    let got: BTreeSet<_> = quotes.quotes.iter().map(|q| q.coding.id).collect();
    assert_eq!(got, expected.iter().map(|c| c.id).collect());
    let order: Vec<(usize, usize)> = {
        let docs: HashMap<_, usize> = p
            .documents()
            .unwrap()
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id, i))
            .collect();
        quotes
            .quotes
            .iter()
            .map(|q| (docs[&q.coding.document_id], q.coding.start))
            .collect()
    };
    assert!(order.windows(2).all(|w| w[0] <= w[1]), "document order");
    for q in &quotes.quotes {
        assert!(
            q.context.contains(q.coding.text.trim()),
            "context holds the quote"
        );
    }

    // Moving a code out of the theme moves its quotes out with it.
    let child = tree
        .iter()
        .find(|n| n.code.parent_id == Some(theme.code.id) && n.codings > 0)
        .unwrap();
    p.move_code(anna, child.code.id, None, None).unwrap();
    let mut index = index;
    index.sync(&mut p, &mut |_, _| {}).unwrap();
    let after = index
        .quotes(
            &p,
            &QuoteRequest {
                code: Some(theme.code.id),
                limit: 1,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(after.total, theme.codings_with_descendants - child.codings);
}

#[test]
fn undo_removes_a_coding_from_results_and_a_deleted_index_is_rebuilt() {
    let Corpus { mut p, anna } = corpus_project();
    let dir = TempDir::new();
    let location = IndexLocation::Dir(dir.path("index"));
    let mut index = SearchIndex::open(&mut p, location.clone(), &mut |_, _| {}).unwrap();
    let doc = p.documents().unwrap()[2].clone();
    let turn = p.document(doc.id).unwrap().turns[3].clone();
    let (coding, code) = {
        let (code, coding) = p
            .code_span_with_new_code(
                anna,
                tematik::storage::NewCode {
                    name: "Nyckelcitat".into(),
                    ..Default::default()
                },
                doc.id,
                turn.text_start,
                turn.end,
                Vec::new(),
            )
            .unwrap();
        (coding, code)
    };
    index.sync(&mut p, &mut |_, _| {}).unwrap();
    let by_code = Filters {
        codes: vec![code],
        ..Default::default()
    };
    let words_of_turn = words(&p.coding(coding).unwrap().text);
    let query = words_of_turn
        .iter()
        .max_by_key(|w| w.len())
        .unwrap()
        .clone();
    let r = ask(&index, &p, &query, EntryKind::Coding, &by_code);
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].coding_id, Some(coding));
    let passages = ask(&index, &p, "", EntryKind::Passage, &by_code);
    assert_eq!(passages.total, 1, "its passage is found by the code");

    p.undo(anna).unwrap();
    index.sync(&mut p, &mut |_, _| {}).unwrap();
    assert_eq!(
        ask(&index, &p, &query, EntryKind::Coding, &Filters::default())
            .hits
            .iter()
            .filter(|h| h.coding_id == Some(coding))
            .count(),
        0,
        "undone: the coding is gone from results"
    );
    assert!(p.code(code).is_err(), "and so is its new code");
    let revision = p.revision().unwrap();
    let total = ask(
        &index,
        &p,
        "samverkan",
        EntryKind::Passage,
        &Filters::default(),
    )
    .total;
    assert_eq!(index.revision(), revision);
    drop(index);

    // Deleted: rebuilt on open, with progress, to the same answers.
    std::fs::remove_dir_all(dir.path("index")).unwrap();
    let mut calls = 0;
    let index = SearchIndex::open(&mut p, location.clone(), &mut |done, all| {
        calls += 1;
        assert!(done <= all);
    })
    .unwrap();
    assert!(calls > 0, "a rebuild reports progress");
    assert_eq!(index.revision(), revision);
    assert_eq!(
        ask(
            &index,
            &p,
            "samverkan",
            EntryKind::Passage,
            &Filters::default()
        )
        .total,
        total
    );
    drop(index);

    // Reopened as it is: no rebuild.
    let mut calls = 0;
    let index = SearchIndex::open(&mut p, location, &mut |_, _| calls += 1).unwrap();
    assert_eq!(calls, 0, "an up-to-date index is used as it is");
    assert_eq!(
        ask(
            &index,
            &p,
            "samverkan",
            EntryKind::Passage,
            &Filters::default()
        )
        .total,
        total
    );
}
