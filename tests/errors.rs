//! Typed errors: every `ErrorCode` has a Swedish and an English text whose
//! placeholders the error's details can fill, and each split variant comes
//! out of the operation that should produce it.

use crate::util::{TempDir, add_transcript, clock, memory_project};
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::path::PathBuf;
use tematik::import::{Location, OfficeFormat, Problem, ProblemKind};
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
        C::AtTopLevel => Error::AtTopLevel { name: s("Tema") },
        C::NoPreviousSibling => Error::NoPreviousSibling { name: s("Kod") },
        C::CodingNotOfCode => Error::CodingNotOfCode {
            coding: s("0190…"),
            code: s("Kod"),
            below: true,
        },
        C::NotPinned => Error::NotPinned {
            coding: s("0190…"),
            code: s("Kod"),
        },
        C::SeveralValuesInUse => Error::SeveralValuesInUse {
            dimension: s("Problemtyp"),
            codings: 2,
            codes: 1,
        },
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
        C::CodingInQuoteSet => Error::CodingInQuoteSet {
            sets: vec![s("Kapitel 1"), s("Kapitel 2")],
        },
        C::BadExcerpt => Error::BadExcerpt {
            reason: s("part 2 (20–30) does not come after the part before it, with a gap"),
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
            quoted: 2,
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
            problem: Box::new(Problem::at(
                Location::line(6),
                ProblemKind::ExpectedVttTiming,
            )),
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
        C::NotAWordDocument => Error::NotAWordDocument {
            path: PathBuf::from("/hem/anna/mall.pdf"),
            reason: s("it is not a ZIP archive"),
        },
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
    assert_eq!(
        (&d["problem"], &d["at"], &d["line"]),
        (&"expected_vtt_timing".into(), &"line".into(), &6.into())
    );
    assert_eq!(
        d["message"],
        "line 6: expected a cue timing line such as \"00:00:04.000 --> 00:00:10.073\""
    );
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

// ---------------------------------------------------------------- import problems

/// One problem of each key, with every field filled, so the texts'
/// placeholders can be checked against what the details give. A key
/// without a sample here fails the tests below.
fn problem_sample(key: &str) -> ProblemKind {
    use ProblemKind as K;
    let s = |x: &str| x.to_owned();
    let columns = || vec![s("ID"), s("Svar")];
    match key {
        "is_folder" => K::IsFolder,
        "too_large" => K::TooLarge {
            mib: 300,
            max_mib: 256,
        },
        "empty_file" => K::EmptyFile,
        "not_transcript_format" => K::NotTranscriptFormat {
            extension: s("odt"),
            supported: vec![s(".txt"), s(".docx")],
        },
        "not_survey_format" => K::NotSurveyFormat {
            extension: s("ods"),
        },
        "name_does_not_match_pattern" => K::NameDoesNotMatchPattern {
            name: s("intervju-anna"),
            pattern: s("fokusgrupp-{Omgång}"),
        },
        "unknown_encoding" => K::UnknownEncoding {
            guess: s("windows-1252"),
        },
        "bad_utf8_after_bom" => K::BadUtf8AfterBom,
        "utf16_odd_length" => K::Utf16OddLength {
            encoding: s("UTF-16LE"),
        },
        "bad_utf16" => K::BadUtf16 {
            encoding: s("UTF-16LE"),
        },
        "binary_data" => K::BinaryData,
        "not_text" => K::NotText {
            controls: 40,
            total: 400,
        },
        "no_text" => K::NoText,
        "not_zip" => K::NotZip {
            format: OfficeFormat::Docx,
        },
        "damaged_archive" => K::DamagedArchive {
            format: OfficeFormat::Xlsx,
            reason: s("invalid Zip archive"),
        },
        "too_many_entries" => K::TooManyEntries {
            count: 10_001,
            max: 10_000,
        },
        "zip_bomb" => K::ZipBomb {
            limit_mib: 64,
            size_mib: 70,
        },
        "larger_than_declared" => K::LargerThanDeclared,
        "unreadable_entry" => K::UnreadableEntry {
            reason: s("invalid checksum"),
        },
        "password_protected" => K::PasswordProtected,
        "xml_doctype" => K::XmlDoctype,
        "malformed_xml" => K::MalformedXml {
            byte: 120,
            reason: s("ill-formed document"),
        },
        "xml_not_utf8" => K::XmlNotUtf8 { byte: 17 },
        "bad_character_reference" => K::BadCharacterReference {
            reference: s("#xD800"),
            reason: s("invalid character"),
        },
        "undeclared_entity" => K::UndeclaredEntity { entity: s("xxe") },
        "old_word_format" => K::OldWordFormat,
        "not_word_document" => K::NotWordDocument {
            missing: s("word/document.xml"),
        },
        "no_webvtt_header" => K::NoWebvttHeader,
        "expected_vtt_timing" => K::ExpectedVttTiming,
        "bad_vtt_time" => K::BadVttTime {
            value: s("00:00:02,000"),
        },
        "cue_number_without_timing" => K::CueNumberWithoutTiming,
        "expected_srt_cue" => K::ExpectedSrtCue,
        "bad_srt_time" => K::BadSrtTime {
            value: s("00:0x:07,121"),
        },
        "arrow_in_cue_text" => K::ArrowInCueText,
        "cue_ends_before_start" => K::CueEndsBeforeStart,
        "no_cues" => K::NoCues,
        "no_cue_text" => K::NoCueText,
        "old_excel_format" => K::OldExcelFormat,
        "malformed_workbook" => K::MalformedWorkbook,
        "unreadable_workbook" => K::UnreadableWorkbook {
            reason: s("cannot find workbook.xml"),
        },
        "no_such_sheet" => K::NoSuchSheet {
            name: s("Blad1"),
            sheets: vec![s("Svar"), s("Koder")],
        },
        "no_sheets" => K::NoSheets,
        "unreadable_sheet" => K::UnreadableSheet {
            reason: s("unexpected end of file"),
        },
        "too_many_cells" => K::TooManyCells { max: 2_000_000 },
        "empty_sheet" => K::EmptySheet,
        "cell_error" => K::CellError {
            value: s("#DIV/0!"),
        },
        "cell_without_header" => K::CellWithoutHeader,
        "unreadable_csv" => K::UnreadableCsv {
            reason: s("invalid UTF-8"),
        },
        "wrong_field_count" => K::WrongFieldCount {
            fields: 2,
            expected: 3,
        },
        "unclosed_quote" => K::UnclosedQuote {
            fields: 2,
            expected: 3,
        },
        "no_header_row" => K::NoHeaderRow,
        "duplicate_column" => K::DuplicateColumn {
            name: s("Svar"),
            first: s("2"),
            second: s("3"),
        },
        "bad_mapping_file" => K::BadMappingFile {
            reason: s("expected `:`"),
        },
        "no_id_column" => K::NoIdColumn { columns: columns() },
        "no_question_columns" => K::NoQuestionColumns { columns: columns() },
        "column_not_found" => K::ColumnNotFound {
            name: s("Kommun"),
            columns: columns(),
        },
        "column_case_differs" => K::ColumnCaseDiffers {
            name: s("id"),
            suggestion: s("ID"),
        },
        "column_used_twice" => K::ColumnUsedTwice { name: s("Svar") },
        "empty_respondent_id" => K::EmptyRespondentId,
        "empty_round" => K::EmptyRound,
        "duplicate_respondent" => K::DuplicateRespondent {
            id: s("101"),
            first_row: 2,
        },
        "duplicate_respondent_in_round" => K::DuplicateRespondentInRound {
            id: s("101"),
            round: s("2022"),
            first_row: 2,
        },
        "no_answers" => K::NoAnswers,
        "no_document_name" => K::NoDocumentName,
        "no_attribute_name" => K::NoAttributeName,
        "name_required" => K::NameRequired { what: s("case") },
        "not_a_number" => K::NotANumber {
            attribute: s("Ålder"),
            value: s("gammal"),
        },
        "not_a_date" => K::NotADate {
            attribute: s("Datum"),
            value: s("i går"),
        },
        "not_normalized" => K::NotNormalized { document: s("fg1") },
        "bad_turn" => K::BadTurn {
            document: s("fg1"),
            turn: 2,
            start: 10,
            end: 5,
            length: 40,
        },
        "out_of_range" => K::OutOfRange {
            what: s("span end"),
            value: 12,
            limit: 10,
        },
        other => panic!("no sample of the import problem {other}: add one to problem_sample"),
    }
}

/// One location of each kind, with every field filled.
fn location_sample(key: &str) -> Location {
    let s = |x: &str| x.to_owned();
    match key {
        "line" => Location::line(3),
        "line_column" => Location::LineColumn {
            line: 3,
            column: 14,
        },
        "field" => Location::Field {
            line: 3,
            column: 2,
            column_name: Some(s("Svar")),
        },
        "sheet" => Location::Sheet { sheet: s("Svar") },
        "row" => Location::Row {
            sheet: s("Svar"),
            row: 1,
        },
        "cell" => Location::Cell {
            sheet: s("Svar"),
            cell: s("F14"),
            column_name: Some(s("Samverkan")),
        },
        "part" => Location::part("word/document.xml"),
        other => panic!("no sample of the location {other}: add one to location_sample"),
    }
}

/// Checks that `key` has a text in both languages whose placeholders
/// `details` fill, the same ones in both.
fn check_text(key: &str, details: &Map<String, Value>, problems: &mut Vec<String>) {
    let mut seen = Vec::new();
    for (lang, table) in [("sv", texts("sv")), ("en", texts("en"))] {
        let Some(text) = table
            .get(key)
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
                    "{lang}.json {key} uses {{{name}}}, which the details lack (they have {:?})",
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

#[test]
fn every_import_problem_and_place_has_a_swedish_and_an_english_text_its_details_can_fill() {
    let mut problems = Vec::new();
    for &key in ProblemKind::KEYS {
        let kind = problem_sample(key);
        assert_eq!(kind.key(), key, "the sample of {key} has that key");
        let error = Error::Import {
            path: PathBuf::from("/hem/anna/enkat.csv"),
            problem: Box::new(Problem::new(kind)),
        };
        let details = error.details();
        assert_eq!(details["problem"], key, "{key} is sent as its key");
        check_text(&format!("importProblem.{key}"), &details, &mut problems);
    }
    for &key in Location::KEYS {
        let at = location_sample(key);
        assert_eq!(at.key(), key, "the sample of {key} has that key");
        let details = Problem::at(at, ProblemKind::EmptyRound).details();
        assert_eq!(details["at"], key, "{key} is sent as its key");
        check_text(&format!("importAt.{key}"), &details, &mut problems);
        if details.contains_key("column_name") {
            check_text("importAt.column_name", &details, &mut problems);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_import_problem_text_is_left_without_a_key_and_no_parameter_hides_a_place() {
    let keys: BTreeSet<String> = ProblemKind::KEYS
        .iter()
        .map(|k| format!("importProblem.{k}"))
        .chain(Location::KEYS.iter().map(|k| format!("importAt.{k}")))
        .chain(["importAt.column_name".to_owned()])
        .collect();
    for (lang, table) in [("sv", texts("sv")), ("en", texts("en"))] {
        let stale: Vec<&String> = table
            .keys()
            .filter(|k| k.starts_with("importProblem.") || k.starts_with("importAt."))
            .filter(|k| !keys.contains(*k))
            .collect();
        assert!(
            stale.is_empty(),
            "{lang}.json has texts no key uses: {stale:?}"
        );
    }
    // A parameter named like a location's field, or like the error's own
    // fields, would be overwritten in the details.
    let mut reserved: BTreeSet<String> = ["problem", "at", "message", "file", "path"]
        .map(str::to_owned)
        .into();
    for &key in Location::KEYS {
        let details = Problem::at(location_sample(key), ProblemKind::EmptyRound).details();
        reserved.extend(details.keys().filter(|k| *k != "problem").cloned());
    }
    let mut seen = BTreeSet::new();
    for &key in ProblemKind::KEYS {
        assert!(seen.insert(key), "{key} is listed twice");
        let Value::Object(fields) = serde_json::to_value(problem_sample(key)).unwrap() else {
            panic!("{key} is not sent as an object");
        };
        for name in fields.keys().filter(|k| *k != "problem") {
            assert!(
                !reserved.contains(name),
                "{key}'s parameter {name} is also a field of a location or of the error"
            );
        }
    }
}

#[test]
fn bad_files_are_refused_with_a_typed_problem_and_place() {
    let dir = TempDir::new();
    let (mut p, by) = memory_project();
    let file = |name: &str, bytes: &[u8]| {
        let path = dir.path(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let transcript = |p: &mut Project, path: &PathBuf| {
        tematik::import::import_transcript(p, by, path, &Default::default()).unwrap_err()
    };
    let mapping = tematik::import::SurveyMapping {
        id: "ID".into(),
        questions: vec![tematik::import::QuestionColumn::parse("Svar")],
        ..Default::default()
    };
    let survey = |p: &mut Project, path: &PathBuf| {
        tematik::import::import_survey(p, by, path, &mapping).unwrap_err()
    };
    let expect = |err: Error, want: &[(&str, Value)]| {
        assert_eq!(err.code(), ErrorCode::Import, "{err}");
        let d = err.details();
        for (k, v) in want {
            assert_eq!(d.get(*k), Some(v), "{k} of {err}: {d:?}");
        }
        d
    };

    let d = expect(
        transcript(&mut p, &file("tom.txt", b"")),
        &[("problem", "empty_file".into())],
    );
    assert!(!d.contains_key("at"), "an empty file has no place: {d:?}");
    assert_eq!(d["file"], "tom.txt");
    expect(
        transcript(
            &mut p,
            &file("inte-word.docx", b"Hej, det h\xc3\xa4r \xc3\xa4r text."),
        ),
        &[("problem", "not_zip".into()), ("format", "docx".into())],
    );
    expect(
        survey(&mut p, &file("dubbel.csv", b"ID;Svar;Svar\r\n1;a;b\r\n")),
        &[
            ("problem", "duplicate_column".into()),
            ("name", "Svar".into()),
            ("first", "2".into()),
            ("second", "3".into()),
            ("at", "line".into()),
            ("line", 1.into()),
        ],
    );
    expect(
        survey(&mut p, &file("utan-id.csv", b"ID;Svar\r\n1;a\r\n;b\r\n")),
        &[
            ("problem", "empty_respondent_id".into()),
            ("at", "field".into()),
            ("line", 3.into()),
            ("column", 1.into()),
            ("column_name", "ID".into()),
        ],
    );
    let deflated = crate::import::deflate_zeros(70 * 1024 * 1024);
    let bomb =
        crate::import::zip_with_claimed_size("word/document.xml", &deflated, 70 * 1024 * 1024);
    expect(
        transcript(&mut p, &file("bomb.docx", &bomb)),
        &[
            ("problem", "zip_bomb".into()),
            ("limit_mib", 64.into()),
            ("size_mib", 70.into()),
            ("at", "part".into()),
            ("part", "word/document.xml".into()),
        ],
    );
    let lying = crate::import::zip_with_claimed_size("word/document.xml", &deflated, 1000);
    expect(
        transcript(&mut p, &file("lognare.docx", &lying)),
        &[
            ("problem", "larger_than_declared".into()),
            ("part", "word/document.xml".into()),
        ],
    );
    let workbook = crate::import::xlsx_of(&[&["ID", "Svar"], &["1", "a"], &["", "b"]]);
    expect(
        survey(&mut p, &file("utan-id.xlsx", &workbook)),
        &[
            ("problem", "empty_respondent_id".into()),
            ("at", "cell".into()),
            ("cell", "A3".into()),
            ("column_name", "ID".into()),
        ],
    );
    assert_eq!(
        p.info().unwrap().counts.documents,
        0,
        "nothing was imported"
    );
}
