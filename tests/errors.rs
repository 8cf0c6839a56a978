//! Typed errors: every `ErrorCode` has a Swedish and an English text whose
//! placeholders the error's details can fill, and each split variant comes
//! out of the operation that should produce it.

use crate::util::{TempDir, add_transcript, clock, memory_project};
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::path::PathBuf;
use tematik::search::{IndexLocation, SearchIndex, SearchRequest};
use tematik::storage::{AttributeValue, CodeSpan, NewCase, NewCode, NewDimension, NewTagValue};
use tematik::{AttributeType, CaseKind, CodeRole, Error, ErrorCode, Project, Template, text};

/// One error of each code, with every field filled, so the texts'
/// placeholders can be checked against what `details()` gives. The match is
/// exhaustive: a new code does not compile until it has a sample here.
fn sample(code: ErrorCode) -> Error {
    use ErrorCode as C;
    let path = || PathBuf::from("/hem/anna/studie.tematik");
    let s = |x: &str| x.to_owned();
    match code {
        C::NotAProject => Error::NotAProject {
            path: path(),
            reason: s("it is not an SQLite database"),
        },
        C::NewerSchema => Error::NewerSchema {
            path: path(),
            found: 9,
            supported: 3,
        },
        C::AlreadyExists => Error::AlreadyExists(path()),
        C::NotFound => Error::NotFound(path()),
        C::UnknownId => Error::UnknownId {
            kind: "code",
            id: s("0190…"),
        },
        C::UnknownName => Error::UnknownName {
            kind: "code",
            name: s("Närhet"),
        },
        C::AmbiguousName => Error::AmbiguousName {
            kind: "code",
            name: s("Tid"),
            count: 2,
        },
        C::NameRequired => Error::NameRequired { what: "code" },
        C::NameTaken => Error::NameTaken {
            kind: "code",
            name: s("Tid"),
            within: Some(s("A")),
        },
        C::NameHasSlash => Error::NameHasSlash { name: s("a/b") },
        C::WouldCreateCycle => Error::WouldCreateCycle {
            kind: "code",
            name: s("A"),
            target: s("A1"),
        },
        C::SelfMerge => Error::SelfMerge { name: s("A") },
        C::NoParent => Error::NoParent { name: s("Tema") },
        C::OutOfRange => Error::OutOfRange {
            what: "span end",
            value: 12,
            limit: 10,
        },
        C::EmptySpan => Error::EmptySpan { start: 5, end: 5 },
        C::InsideCharacter => Error::InsideCharacter {
            what: "byte offset",
            value: 1,
        },
        C::NotNormalized => Error::NotNormalized { document: s("fg1") },
        C::BadTurn => Error::BadTurn {
            document: s("fg1"),
            turn: 2,
            start: 10,
            end: 5,
            length: 40,
        },
        C::WrongDimension => Error::WrongDimension {
            dimension: s("Nivå"),
            value_dimension: s("Fokusområde"),
        },
        C::SingleValued => Error::SingleValued {
            dimension: s("Nivå"),
        },
        C::NotInQuoteSet => Error::NotInQuoteSet {
            set: s("Kapitel 1"),
        },
        C::EmptyMemo => Error::EmptyMemo,
        C::BadAttributeValue => Error::BadAttributeValue {
            attribute: s("Ålder"),
            value: s("gammal"),
            expected: "number",
        },
        C::BadValue => Error::BadValue {
            what: "CodeRole",
            value: s("tema"),
            expected: s("theme, subtheme, code"),
        },
        C::BadColor => Error::BadColor { value: s("röd") },
        C::BadPattern => Error::BadPattern {
            pattern: s("{Team"),
            reason: s("a { is not closed"),
        },
        C::QuerySyntax => Error::QuerySyntax {
            reason: s("a parenthesis is not closed"),
        },
        C::BadAttribution => Error::BadAttribution {
            template: s("– {Yrke"),
            reason: s("a placeholder is not closed with }"),
        },
        C::SurveyNeedsMapping => Error::SurveyNeedsMapping { path: path() },
        C::BadTemplate => Error::BadTemplate {
            reason: s("unknown codebook schema"),
        },
        C::Corrupt => Error::Corrupt {
            what: s("time"),
            reason: s("not RFC 3339"),
        },
        C::CodeInUse => Error::CodeInUse {
            name: s("Kod"),
            codings: 3,
            memos: 1,
        },
        C::NothingToUndo => Error::NothingTo("undo"),
        C::NothingToRedo => Error::NothingTo("redo"),
        C::UndoConflict => Error::UndoConflict {
            action: "undo",
            reason: s("the coding changed since"),
        },
        C::UndoBarrier => Error::UndoBarrier {
            summary: s("Coded 1–5"),
            coder: s("Berit"),
        },
        C::Io => Error::Io {
            path: path(),
            source: std::io::Error::other("disk full"),
        },
        C::Import => Error::Import {
            path: path(),
            message: s("line 6: no cue timing"),
        },
        C::AlreadyImported => Error::AlreadyImported {
            path: path(),
            as_name: s("fg1.txt"),
            imported_at: s("2024-03-01 09:00"),
        },
        C::Index => Error::Index(s("the index cannot be written")),
        C::Database => Error::Sqlite(rusqlite::Error::InvalidQuery),
        C::NoProject => Error::NoProject,
        C::BadId => Error::BadId {
            kind: "code",
            value: s("inte-ett-id"),
        },
        C::Internal => Error::Internal { reason: s("a bug") },
    }
}

fn texts(lang: &str) -> Map<String, Value> {
    let path = format!("{}/ui/src/lib/i18n/{lang}.json", env!("CARGO_MANIFEST_DIR"));
    let json = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    match serde_json::from_str(&json).unwrap() {
        Value::Object(m) => m,
        other => panic!("{path} is not an object: {other}"),
    }
}

/// The `{name}`s of a text.
fn placeholders(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                out.insert(after[..close].to_owned());
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    out
}

#[test]
fn every_code_has_a_swedish_and_an_english_text_its_details_can_fill() {
    let (sv, en) = (texts("sv"), texts("en"));
    let mut problems = Vec::new();
    for &code in ErrorCode::ALL {
        let error = sample(code);
        assert_eq!(error.code(), code, "the sample of {code} has that code");
        let details = error.details();
        let key = format!("error.{code}");
        let mut seen = Vec::new();
        for (lang, table) in [("sv", &sv), ("en", &en)] {
            let Some(text) = table
                .get(&key)
                .and_then(Value::as_str)
                .filter(|t| !t.trim().is_empty())
            else {
                problems.push(format!("{lang}.json has no text for {key}"));
                continue;
            };
            let names = placeholders(text);
            for name in &names {
                if !details.contains_key(name) {
                    problems.push(format!(
                        "{lang}.json {key} uses {{{name}}}, which {code}'s details lack (they have {:?})",
                        details.keys().collect::<Vec<_>>()
                    ));
                }
            }
            seen.push(names);
        }
        if seen.len() == 2 && seen[0] != seen[1] {
            problems.push(format!(
                "{key}: Swedish and English use different placeholders"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_error_text_is_left_without_a_code() {
    let codes: BTreeSet<String> = ErrorCode::ALL
        .iter()
        .map(|c| format!("error.{c}"))
        .collect();
    for (lang, table) in [("sv", texts("sv")), ("en", texts("en"))] {
        let stale: Vec<&String> = table
            .keys()
            .filter(|k| k.starts_with("error.") && !codes.contains(*k))
            .collect();
        assert!(
            stale.is_empty(),
            "{lang}.json has texts no code uses: {stale:?}"
        );
    }
}

#[test]
fn codes_are_sent_as_their_snake_case_names_and_are_distinct() {
    let mut seen = BTreeSet::new();
    for &code in ErrorCode::ALL {
        assert_eq!(
            serde_json::to_value(code).unwrap(),
            Value::from(code.as_str())
        );
        let back: ErrorCode = serde_json::from_value(Value::from(code.as_str())).unwrap();
        assert_eq!(back, code);
        assert!(seen.insert(code.as_str()), "{code} is listed twice");
    }
}

#[test]
fn details_name_the_file_give_numbers_as_numbers_and_the_full_path() {
    let d = sample(ErrorCode::NewerSchema).details();
    assert_eq!(d["file"], "studie.tematik");
    assert_eq!(d["path"], "/hem/anna/studie.tematik");
    assert_eq!(d["found"], 9);
    assert_eq!(d["supported"], 3);
    let d = sample(ErrorCode::Import).details();
    assert_eq!(d["file"], "studie.tematik");
    assert_eq!(d["message"], "line 6: no cue timing");
    let d = sample(ErrorCode::NameTaken).details();
    assert_eq!(d["within"], "A");
    let top = Error::NameTaken {
        kind: "code",
        name: "Tid".into(),
        within: None,
    };
    assert_eq!(top.details()["within"], Value::Null);
    assert_eq!(
        top.to_string(),
        "a code named \"Tid\" already exists at the top level"
    );
}

fn new_code(name: &str) -> NewCode {
    NewCode {
        name: name.into(),
        ..Default::default()
    }
}

#[test]
fn names_are_required_and_may_not_hold_a_slash_or_be_taken() {
    let (mut p, by) = memory_project();
    assert!(matches!(
        p.create_quote_set(by, "  "),
        Err(Error::NameRequired { what: "quote set" })
    ));
    assert!(matches!(
        p.create_case(
            by,
            NewCase {
                name: " ".into(),
                kind: CaseKind::Participant,
                attributes: vec![],
            }
        ),
        Err(Error::NameRequired { what: "case" })
    ));
    assert!(matches!(
        p.ensure_coder(tematik::CoderId::new(), ""),
        Err(Error::NameRequired { what: "coder" })
    ));
    let doc = add_transcript(&mut p, by, "fg1");
    assert!(matches!(
        p.rename_document(by, doc, " "),
        Err(Error::NameRequired { what: "document" })
    ));
    assert!(matches!(
        p.create_code(by, new_code("Vård/Omsorg")),
        Err(Error::NameHasSlash { name }) if name == "Vård/Omsorg"
    ));
    p.create_code(by, new_code("Vård")).unwrap();
    let other = p.create_code(by, new_code("Omsorg")).unwrap();
    assert!(matches!(
        p.create_code(by, new_code("vård")),
        Err(Error::NameTaken {
            kind: "code",
            within: None,
            ..
        })
    ));
    assert!(matches!(
        p.rename_code(by, other, "vård"),
        Err(Error::NameTaken { kind: "code", .. })
    ));
    let dimension = NewDimension {
        key: "niva".into(),
        name: "Nivå".into(),
        multi: false,
        definition: String::new(),
        values: vec![NewTagValue {
            key: "mikro".into(),
            label: "Mikro".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    p.create_dimension(by, dimension.clone()).unwrap();
    assert!(matches!(
        p.create_dimension(by, dimension),
        Err(Error::NameTaken { kind: "tag dimension", name, .. }) if name == "niva"
    ));
}

#[test]
fn a_case_placed_within_itself_would_create_a_cycle() {
    let (mut p, by) = memory_project();
    let case = |name: &str| NewCase {
        name: name.into(),
        kind: CaseKind::Participant,
        attributes: vec![],
    };
    let team = p.create_case(by, case("Team 1")).unwrap();
    let anna = p.create_case(by, case("Anna")).unwrap();
    p.set_case_parent(by, anna, Some(team)).unwrap();
    let err = p.set_case_parent(by, team, Some(anna)).unwrap_err();
    assert!(
        matches!(&err, Error::WouldCreateCycle { kind: "case", name, target } if name == "Team 1" && target == "Anna"),
        "{err:?}"
    );
}

#[test]
fn tags_memos_quote_sets_attributes_and_colours_refuse_what_does_not_fit() {
    let (mut p, by) = memory_project();
    tematik::template::apply(&mut p, by, Template::Nvos).unwrap();
    let doc = add_transcript(&mut p, by, "fg1");
    let code = p.create_code(by, new_code("Provkod")).unwrap();
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
    let niva = p.find_tag_value(Some("niva"), "mikro").unwrap();
    let fokus = p.find_tag_value(Some("fokusomrade"), "samverkan").unwrap();
    let err = p
        .set_coding_tags(by, coding, niva.dimension_id, vec![fokus.id])
        .unwrap_err();
    assert!(
        matches!(&err, Error::WrongDimension { dimension, value_dimension } if dimension == "Nivå" && value_dimension == "Fokusområde"),
        "{err:?}"
    );
    assert!(matches!(
        p.write_memo(by, tematik::MemoTarget::Journal, " ", ""),
        Err(Error::EmptyMemo)
    ));
    let set = p.create_quote_set(by, "Kapitel 1").unwrap();
    assert!(matches!(
        p.remove_from_quote_set(by, set, coding),
        Err(Error::NotInQuoteSet { set }) if set == "Kapitel 1"
    ));
    let err = p
        .set_document_attribute(
            by,
            doc,
            AttributeValue {
                name: "Ålder".into(),
                value: "gammal".into(),
                value_type: AttributeType::Number,
            },
        )
        .unwrap_err();
    assert!(
        matches!(&err, Error::BadAttributeValue { attribute, value, expected: "number" } if attribute == "Ålder" && value == "gammal"),
        "{err:?}"
    );
    assert!(matches!(
        p.recolor_code(by, code, "röd"),
        Err(Error::BadColor { value }) if value == "röd"
    ));
    assert!(matches!(
        "tema".parse::<CodeRole>(),
        Err(Error::BadValue {
            what: "CodeRole",
            ..
        })
    ));
    assert!(matches!(
        "okänd".parse::<Template>(),
        Err(Error::BadValue {
            what: "template",
            ..
        })
    ));
}

#[test]
fn positions_outside_the_text_or_inside_a_character_say_so() {
    let t = "a😀b";
    assert!(matches!(
        text::cp_to_utf8(t, 9),
        Err(Error::OutOfRange {
            what: "position",
            value: 9,
            limit: 3
        })
    ));
    assert!(matches!(
        text::utf8_to_cp(t, 2),
        Err(Error::InsideCharacter {
            what: "byte offset",
            value: 2
        })
    ));
    assert!(matches!(
        text::Utf16Map::new(t).to_cp(2),
        Err(Error::InsideCharacter {
            what: "UTF-16 offset",
            value: 2
        })
    ));
    assert!(matches!(
        text::Utf16Map::new(t).to_cp(7),
        Err(Error::OutOfRange {
            what: "UTF-16 offset",
            value: 7,
            limit: 4
        })
    ));
    assert!(matches!(
        text::slice(t, 2, 1),
        Err(Error::EmptySpan { start: 2, end: 1 })
    ));
}

#[test]
fn a_query_that_cannot_be_parsed_is_a_syntax_error() {
    let (mut p, by) = memory_project();
    add_transcript(&mut p, by, "fg1");
    let index = SearchIndex::open(&mut p, IndexLocation::InMemory, &mut |_, _| {}).unwrap();
    for bad in ["\"nära vård", "(brukare", "brukare)", "brukare AND"] {
        let err = index
            .search(
                &p,
                &SearchRequest {
                    query: bad.into(),
                    limit: 10,
                    ..Default::default()
                },
            )
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::QuerySyntax, "{bad}: {err}");
    }
}

#[test]
fn stored_data_that_cannot_be_read_is_corrupt() {
    let dir = TempDir::new();
    let path = dir.path("skadad.tematik");
    drop(Project::create(&path, "Skadad", clock()).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE meta SET value = 'inte-ett-id' WHERE key = 'project_id'",
        [],
    )
    .unwrap();
    drop(conn);
    let err = Project::open(&path, clock())
        .and_then(|p| p.id())
        .unwrap_err();
    assert!(
        matches!(&err, Error::Corrupt { what, .. } if what == "project id"),
        "{err:?}"
    );
    assert_eq!(err.code(), ErrorCode::Corrupt);
}

#[test]
fn documents_codebooks_and_file_name_patterns_that_cannot_be_used_say_why() {
    let (mut p, by) = memory_project();
    let source = |n: &str| tematik::storage::NewSource {
        file_name: format!("{n}.txt"),
        sha256: format!("sha-{n}"),
        format: "txt".into(),
    };
    let mut doc = crate::util::transcript("fg1", &[("Anna", "Hej"), ("Berit", "Hallå")]);
    doc.text = doc.text.replace('å', "a\u{30a}");
    assert!(matches!(
        p.import(by, source("a"), vec![doc]),
        Err(Error::NotNormalized { document }) if document == "fg1"
    ));
    let mut doc = crate::util::transcript("fg2", &[("Anna", "Hej"), ("Berit", "Hallå")]);
    doc.turns[1].end += 10;
    assert!(matches!(
        p.import(by, source("b"), vec![doc]),
        Err(Error::BadTurn { turn: 2, .. })
    ));
    assert_eq!(
        p.info().unwrap().counts.documents,
        0,
        "nothing was imported"
    );
    assert!(matches!(
        tematik::template::apply_codebook(&mut p, by, "{ inte json"),
        Err(Error::BadTemplate { .. })
    ));
    assert!(matches!(
        "fokusgrupp-{Team".parse::<tematik::import::FilenamePattern>(),
        Err(Error::BadPattern { pattern, .. }) if pattern == "fokusgrupp-{Team"
    ));
}

#[test]
fn the_typescript_type_of_a_code_is_the_union_of_the_names_sent() {
    use ts_rs::TS;
    let decl = ErrorCode::decl();
    for code in ErrorCode::ALL {
        assert!(
            decl.contains(&format!("\"{code}\"")),
            "{code} missing from {decl}"
        );
    }
    let update = tematik::storage::CodeUpdate::decl();
    assert!(update.contains("role: CodeRole | null"), "{update}");
}
