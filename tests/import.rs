//! Importers: every file of the shared corpus against MANIFEST.json, the
//! encodings, re-import refusal, each kind of bad input (file named,
//! line or cell where it applies, project unchanged), and fuzzing of the
//! parsers with random bytes and mutated corpus files.

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use serde_json::Value;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use tematik::import::{
    self, FilenamePattern, QuestionColumn, SurveyMapping, TranscriptOptions, prepare_survey,
    prepare_transcript,
};
use tematik::storage::{AttributeValue, ProjectCounts};
use tematik::{CaseKind, CoderId, DocumentKind, Error, Project, SteppingClock};

use crate::util::{corpus, corpus_mapping, manifest, manifest_files};

// ---------------------------------------------------------------- helpers

fn new_project() -> (Project, CoderId) {
    let clock = Arc::new(SteppingClock::starting_at(
        Utc.with_ymd_and_hms(2024, 3, 1, 9, 0, 0).unwrap(),
    ));
    let mut project = Project::create_in_memory("x", clock).unwrap();
    let by = project.ensure_throwaway_coder("Test").unwrap();
    (project, by)
}

/// What must not change when an import is refused.
fn snapshot(project: &Project) -> (ProjectCounts, i64, usize) {
    let attributes = project.attributes().unwrap().len();
    (
        project.info().unwrap().counts,
        project.revision().unwrap(),
        attributes,
    )
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temp dir can be made")
}

fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Asserts an import error: `Error::Import` naming the file and, where
/// given, the location; returns the message.
fn assert_import_error(
    result: Result<impl std::fmt::Debug, Error>,
    file: &str,
    at: Option<&str>,
) -> String {
    let err = result.expect_err("the input should be refused");
    let shown = err.to_string();
    assert!(
        matches!(err, Error::Import { .. }),
        "expected an import error, got {err:?}"
    );
    assert!(
        shown.contains(file),
        "the error should name {file}: {shown}"
    );
    if let Some(at) = at {
        assert!(
            shown.contains(at),
            "the error should say where ({at}): {shown}"
        );
    }
    shown
}

/// Imports `bytes` as a file named `name` and asserts it is refused, naming
/// the file and `at`, with nothing written.
fn refused_transcript(name: &str, bytes: &[u8], at: Option<&str>) -> String {
    let dir = tempdir();
    let path = write_file(dir.path(), name, bytes);
    let (mut project, by) = new_project();
    let before = snapshot(&project);
    let message = assert_import_error(
        import::import_transcript(&mut project, by, &path, &TranscriptOptions::default()),
        name,
        at,
    );
    assert_eq!(
        snapshot(&project),
        before,
        "nothing may be written for a refused file"
    );
    message
}

fn refused_survey(name: &str, bytes: &[u8], mapping: &SurveyMapping, at: Option<&str>) -> String {
    let dir = tempdir();
    let path = write_file(dir.path(), name, bytes);
    let (mut project, by) = new_project();
    let before = snapshot(&project);
    let message = assert_import_error(
        import::import_survey(&mut project, by, &path, mapping),
        name,
        at,
    );
    assert_eq!(
        snapshot(&project),
        before,
        "nothing may be written for a refused file"
    );
    message
}

/// Builds a ZIP archive of (name, bytes) entries.
pub(crate) fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        w.start_file(*name, options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn docx_of(document_xml: &str) -> Vec<u8> {
    zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", document_xml.as_bytes()),
    ])
}

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A minimal workbook with one sheet "Svar"; numbers become number cells,
/// other values inline strings, empty strings no cell.
pub(crate) fn xlsx_of(rows: &[&[&str]]) -> Vec<u8> {
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, row) in rows.iter().enumerate() {
        sheet.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, value) in row.iter().enumerate() {
            if value.is_empty() {
                continue;
            }
            let cell = format!("{}{}", (b'A' + c as u8) as char, r + 1);
            if value.parse::<f64>().is_ok() {
                sheet.push_str(&format!(r#"<c r="{cell}"><v>{value}</v></c>"#));
            } else {
                sheet.push_str(&format!(
                    r#"<c r="{cell}" t="inlineStr"><is><t>{value}</t></is></c>"#
                ));
            }
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
    zip_of(&[
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#).as_bytes(),
        ),
        (
            "xl/workbook.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{rel}"><sheets><sheet name="Svar" sheetId="1" r:id="rId1"/></sheets></workbook>"#).as_bytes(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#).as_bytes(),
        ),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ])
}

/// A raw-deflate stream (fixed Huffman codes) inflating to about `bytes`
/// zero bytes: a literal 0, then <length 258, distance 1> repeated.
pub(crate) fn deflate_zeros(bytes: usize) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u32,
        n: u32,
    }
    impl Bits {
        fn put(&mut self, value: u32, count: u32) {
            for i in 0..count {
                self.acc |= ((value >> i) & 1) << self.n;
                self.n += 1;
                if self.n == 8 {
                    self.out.push(self.acc as u8);
                    self.acc = 0;
                    self.n = 0;
                }
            }
        }
        // Huffman codes go most significant bit first.
        fn code(&mut self, code: u32, len: u32) {
            for i in (0..len).rev() {
                self.put((code >> i) & 1, 1);
            }
        }
    }
    let mut b = Bits {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    b.put(1, 1); // final block
    b.put(1, 2); // fixed Huffman
    b.code(0x30, 8); // literal 0
    for _ in 0..bytes / 258 {
        b.code(0b1100_0101, 8); // length 258 (code 285)
        b.code(0, 5); // distance 1
    }
    b.code(0, 7); // end of block
    if b.n > 0 {
        b.out.push(b.acc as u8);
    }
    b.out
}

/// A ZIP archive with one deflated entry whose headers claim `claimed`
/// bytes (CRC left at 0: the caps must trigger before it is checked).
pub(crate) fn zip_with_claimed_size(name: &str, deflated: &[u8], claimed: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let n = name.len() as u16;
    let size = deflated.len() as u32;
    out.extend(0x0403_4b50u32.to_le_bytes());
    out.extend([20u16, 0, 8, 0, 0].iter().flat_map(|v| v.to_le_bytes()));
    out.extend([0u32, size, claimed].iter().flat_map(|v| v.to_le_bytes()));
    out.extend([n, 0].iter().flat_map(|v| v.to_le_bytes()));
    out.extend(name.as_bytes());
    out.extend(deflated);
    let cd_offset = out.len() as u32;
    out.extend(0x0201_4b50u32.to_le_bytes());
    out.extend([20u16, 20, 0, 8, 0, 0].iter().flat_map(|v| v.to_le_bytes()));
    out.extend([0u32, size, claimed].iter().flat_map(|v| v.to_le_bytes()));
    out.extend([n, 0, 0, 0, 0].iter().flat_map(|v| v.to_le_bytes()));
    out.extend([0u32, 0].iter().flat_map(|v| v.to_le_bytes()));
    out.extend(name.as_bytes());
    let cd_size = out.len() as u32 - cd_offset;
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u16, 0, 1, 1].iter().flat_map(|v| v.to_le_bytes()));
    out.extend([cd_size, cd_offset].iter().flat_map(|v| v.to_le_bytes()));
    out.extend(0u16.to_le_bytes());
    out
}

// ---------------------------------------------------------------- corpus

#[test]
fn every_corpus_transcript_matches_the_manifest() {
    let (mut project, by) = new_project();
    let files = manifest_files(&["focusgroup", "interview"]);
    assert_eq!(files.len(), 22, "14 focus groups and 8 interviews");
    let quotes = manifest()["known_quotes"].as_array().unwrap();
    let mut quotes_checked = 0;
    for f in files {
        let rel = f["path"].as_str().unwrap();
        let imported = import::import_transcript(
            &mut project,
            by,
            &corpus().join(rel),
            &TranscriptOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_eq!(imported.result.documents.len(), 1, "{rel}");
        let doc = project.document(imported.result.documents[0]).unwrap();
        let want_kind = if f["kind"] == "focusgroup" {
            DocumentKind::FocusGroup
        } else {
            DocumentKind::Interview
        };
        assert_eq!(doc.kind, want_kind, "{rel}");
        assert_eq!(
            doc.source.as_ref().unwrap().sha256,
            f["sha256"].as_str().unwrap(),
            "{rel}"
        );
        assert_eq!(
            doc.turns.len() as u64,
            f["turns"].as_u64().unwrap(),
            "{rel}: turns"
        );

        let mut speakers: Vec<&str> = Vec::new();
        let mut per_speaker: HashMap<&str, u64> = HashMap::new();
        for t in &doc.turns {
            if !speakers.contains(&t.speaker.as_str()) {
                speakers.push(&t.speaker);
            }
            *per_speaker.entry(&t.speaker).or_default() += 1;
        }
        let want: Vec<&str> = f["speakers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert_eq!(
            speakers, want,
            "{rel}: speakers in order of first appearance"
        );
        for (speaker, count) in f["speaker_turn_counts"].as_object().unwrap() {
            assert_eq!(
                per_speaker.get(speaker.as_str()).copied(),
                count.as_u64(),
                "{rel}: turns of {speaker}"
            );
        }

        assert_eq!(
            doc.word_count as u64,
            f["word_count"].as_u64().unwrap(),
            "{rel}: words"
        );
        assert_eq!(
            doc.text.chars().count() as u64,
            f["plain_text_chars"].as_u64().unwrap(),
            "{rel}: characters"
        );
        assert_eq!(
            import::sha256_hex(doc.text.as_bytes()),
            f["plain_text_sha256"].as_str().unwrap(),
            "{rel}: text"
        );

        let chars: Vec<char> = doc.text.chars().collect();
        let turn_text = |t: &tematik::Turn| chars[t.text_start..t.end].iter().collect::<String>();
        for (which, turn) in [
            ("first_turn", doc.turns.first().unwrap()),
            ("last_turn", doc.turns.last().unwrap()),
        ] {
            assert_eq!(
                turn.speaker,
                f[which]["speaker"].as_str().unwrap(),
                "{rel}: {which}"
            );
            let prefix: String = turn_text(turn).chars().take(40).collect();
            assert_eq!(
                prefix,
                f[which]["text_prefix"].as_str().unwrap(),
                "{rel}: {which}"
            );
        }
        for t in &doc.turns {
            let line: String = chars[t.start..t.text_start].iter().collect();
            assert_eq!(
                line,
                format!("{}: ", t.speaker),
                "{rel}: a turn's line starts with its label"
            );
        }

        let timed = doc.turns.iter().filter(|t| t.start_ms.is_some()).count();
        if f["timestamps"].as_bool().unwrap() {
            assert!(timed > 0, "{rel}: the manifest says it has time stamps");
            if matches!(f["format"].as_str(), Some("vtt" | "srt")) {
                assert_eq!(timed, doc.turns.len(), "{rel}: every cue has a time");
            }
        } else {
            assert_eq!(timed, 0, "{rel}: no time stamps");
        }

        // Speakers are participant cases qualified by the document.
        for t in &doc.turns {
            let case = project
                .case(t.case_id.expect("every speaker is a case"))
                .unwrap();
            assert_eq!(case.kind, CaseKind::Participant);
            assert_eq!(case.name, format!("{} / {}", doc.name, t.speaker), "{rel}");
        }

        for q in quotes.iter().filter(|q| q["path"] == f["path"]) {
            let (start, end) = (
                q["start"].as_u64().unwrap() as usize,
                q["end"].as_u64().unwrap() as usize,
            );
            let text = q["text"].as_str().unwrap();
            assert_eq!(
                tematik::text::slice(&doc.text, start, end).unwrap(),
                text,
                "{rel}: quote {}",
                q["id"]
            );
            let turn = &doc.turns[q["turn_index"].as_u64().unwrap() as usize];
            assert_eq!(
                turn.speaker,
                q["speaker"].as_str().unwrap(),
                "{rel}: quote {}",
                q["id"]
            );
            assert!(
                turn.text_start <= start && end <= turn.end,
                "{rel}: quote {} lies in its turn",
                q["id"]
            );
            quotes_checked += 1;
        }
    }
    assert_eq!(
        quotes_checked,
        quotes.len(),
        "every known quote was checked"
    );
    let info = project.info().unwrap();
    assert_eq!(info.counts.documents, 22);
    let words: u64 = manifest_files(&["focusgroup", "interview"])
        .iter()
        .map(|f| f["word_count"].as_u64().unwrap())
        .sum();
    assert_eq!(info.counts.words, words);
}

#[test]
fn speakers_get_roll_and_yrke_where_the_label_is_clear() {
    let (mut project, by) = new_project();
    let path = corpus().join("focusgroups/fokusgrupp-2022-team1.txt");
    import::import_transcript(&mut project, by, &path, &TranscriptOptions::default()).unwrap();
    let cases = project.cases().unwrap();
    let attrs = |name: &str| {
        cases
            .iter()
            .find(|c| c.name == format!("fokusgrupp-2022-team1 / {name}"))
            .unwrap()
            .attributes
            .clone()
    };
    assert!(attrs("Undersköterska 2").contains(&("Yrke".into(), "Undersköterska".into())));
    assert!(attrs("Undersköterska 2").contains(&("Roll".into(), "Deltagare".into())));
    assert!(attrs("Sjuksköterska").contains(&("Yrke".into(), "Sjuksköterska".into())));
    assert_eq!(
        attrs("Intervjuare"),
        vec![("Roll".to_owned(), "Intervjuare".to_owned())]
    );

    let interview = corpus().join("interviews/intervju-organisation2.docx");
    import::import_transcript(&mut project, by, &interview, &TranscriptOptions::default()).unwrap();
    let cases = project.cases().unwrap();
    let a = cases
        .iter()
        .find(|c| c.name == "intervju-organisation2 / Respondent A")
        .unwrap();
    assert!(
        !a.attributes.iter().any(|(k, _)| k == "Yrke"),
        "Respondent A names no profession"
    );
}

#[test]
fn the_same_label_in_two_focus_groups_is_two_participants() {
    let (mut project, by) = new_project();
    for f in [
        "focusgroups/fokusgrupp-2022-team1.txt",
        "focusgroups/fokusgrupp-2022-team5.txt",
    ] {
        import::import_transcript(
            &mut project,
            by,
            &corpus().join(f),
            &TranscriptOptions::default(),
        )
        .unwrap();
    }
    let interviewers: Vec<_> = project
        .cases()
        .unwrap()
        .into_iter()
        .filter(|c| c.name.ends_with("/ Intervjuare"))
        .collect();
    assert_eq!(interviewers.len(), 2);
}

#[test]
fn document_attributes_come_from_the_pattern_and_flags() {
    let (mut project, by) = new_project();
    let options = TranscriptOptions {
        kind: None,
        attributes: vec![
            AttributeValue::category("Kommunstorlek", "Mellanstor"),
            AttributeValue::category("team", "A"),
        ],
        pattern: Some(
            "fokusgrupp-{Omgång}-team{Team}"
                .parse::<FilenamePattern>()
                .unwrap(),
        ),
    };
    let path = corpus().join("focusgroups/fokusgrupp-2022-team1.txt");
    let imported = import::import_transcript(&mut project, by, &path, &options).unwrap();
    let attrs = project
        .document_attributes(imported.result.documents[0])
        .unwrap();
    assert!(
        attrs.contains(&("Omgång".into(), "2022".into())),
        "{attrs:?}"
    );
    assert!(attrs.contains(&("Kommunstorlek".into(), "Mellanstor".into())));
    // A given value wins over the file name's.
    assert!(attrs.contains(&("team".into(), "A".into())), "{attrs:?}");
    assert_eq!(attrs.len(), 3);

    // A file whose name does not fit the pattern is refused, naming the pattern.
    let before = snapshot(&project);
    let other = corpus().join("interviews/intervju-organisation1.txt");
    let msg = assert_import_error(
        import::import_transcript(&mut project, by, &other, &options),
        "intervju-organisation1",
        None,
    );
    assert!(msg.contains("fokusgrupp-{Omgång}-team{Team}"), "{msg}");
    assert_eq!(snapshot(&project), before);
}

#[test]
fn the_kind_can_be_given() {
    let (mut project, by) = new_project();
    let options = TranscriptOptions {
        kind: Some(DocumentKind::Text),
        ..Default::default()
    };
    let path = corpus().join("interviews/intervju-organisation1.txt");
    let imported = import::import_transcript(&mut project, by, &path, &options).unwrap();
    assert_eq!(imported.kind, DocumentKind::Text);
}

fn survey_path(ext: &str) -> PathBuf {
    corpus().join(format!("survey/nvos-enkat-2022-2023.{ext}"))
}

fn check_preview_against_manifest(preview: &import::SurveyPreview, entry: &Value) {
    assert_eq!(preview.rows as u64, entry["rows"].as_u64().unwrap());
    let want_respondents: u64 = entry["respondents_per_round"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(preview.respondents as u64, want_respondents);
    assert_eq!(preview.rounds.len(), 2);
    for round in &preview.rounds {
        let r = round.round.as_str();
        assert_eq!(
            round.respondents as u64,
            entry["respondents_per_round"][r].as_u64().unwrap(),
            "round {r}"
        );
        for q in &round.questions {
            let want = entry["nonempty_per_round_and_column"][r][&q.question]
                .as_u64()
                .unwrap();
            assert_eq!(q.answers as u64, want, "round {r}, {}", q.question);
        }
    }
    let total: u64 = entry["nonempty_per_round_and_column"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|r| r.as_object().unwrap().values().map(|v| v.as_u64().unwrap()))
        .sum();
    assert_eq!(preview.answers as u64, total);
    assert!(preview.unmapped_columns.is_empty());
}

#[test]
fn survey_csv_matches_the_manifest() {
    let entry = manifest_files(&["survey"])
        .into_iter()
        .find(|f| f["format"] == "csv")
        .unwrap();
    let mapping = corpus_mapping();
    let preview = import::preview_survey(&survey_path("csv"), &mapping).unwrap();
    check_preview_against_manifest(&preview, entry);
    // Per focus area and round, as the report counts them.
    for round in &preview.rounds {
        for (area, want) in entry["nonempty_per_round_and_area"][&round.round]
            .as_object()
            .unwrap()
        {
            let got: usize = round
                .questions
                .iter()
                .filter(|q| q.focus.as_deref() == Some(&area.to_lowercase()))
                .map(|q| q.answers)
                .sum();
            assert_eq!(got as u64, want.as_u64().unwrap(), "{} {area}", round.round);
        }
        assert_eq!(
            round.answers as u64,
            entry["nonempty_total_per_round"][&round.round]
                .as_u64()
                .unwrap()
        );
    }

    let (mut project, by) = new_project();
    let imported = import::import_survey(&mut project, by, &survey_path("csv"), &mapping).unwrap();
    assert_eq!(imported.result.documents.len(), preview.answers);
    assert!(preview.respondents_with_answers < preview.respondents);
    assert_eq!(
        imported.result.cases_created, preview.respondents,
        "every respondent is a case, those who left every answer empty too"
    );
    // Each with its attributes: respondents per municipality as the
    // manifest counts them (both rounds; ids are not reused across them).
    let mut per_kommun: HashMap<String, u64> = HashMap::new();
    for case in project.cases().unwrap() {
        assert_eq!(case.kind, CaseKind::Respondent);
        let kommun = case
            .attributes
            .iter()
            .find(|(n, _)| n == "Kommun")
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("respondent {} has no Kommun", case.name));
        *per_kommun.entry(kommun).or_default() += 1;
    }
    let mut want: HashMap<String, u64> = HashMap::new();
    for round in entry["respondents_per_round_and_kommun"]
        .as_object()
        .unwrap()
        .values()
    {
        for (kommun, n) in round.as_object().unwrap() {
            *want.entry(kommun.clone()).or_default() += n.as_u64().unwrap();
        }
    }
    assert_eq!(per_kommun, want, "respondents per municipality");
    let docs = project.documents().unwrap();
    assert!(docs.iter().all(|d| d.kind == DocumentKind::SurveyAnswer
        && d.case_id.is_some()
        && d.question.is_some()));

    // Special cells: emoji, ';', quotes, URLs and line breaks arrive intact.
    let cases: HashMap<_, _> = project
        .cases()
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    for cell in entry["special_cells"].as_array().unwrap() {
        let found = docs.iter().find(|d| {
            d.question.as_deref() == cell["column"].as_str()
                && d.case_id.map(|c| cases[&c].name.as_str()) == cell["respondent_id"].as_str()
        });
        let doc = project
            .document(found.expect("the special cell was imported").id)
            .unwrap();
        assert_eq!(doc.text, cell["text"].as_str().unwrap(), "{}", cell["kind"]);
    }
    let breaks = docs
        .iter()
        .filter(|d| project.document(d.id).unwrap().text.contains('\n'))
        .count();
    assert_eq!(
        breaks as u64,
        entry["answers_with_line_break"].as_u64().unwrap()
    );

    // Respondent attributes, and focus area and round on the answer.
    let first = project.document(docs[0].id).unwrap();
    let respondent = &cases[&first.case_id.unwrap()];
    assert_eq!(respondent.kind, CaseKind::Respondent);
    let keys: Vec<&str> = respondent
        .attributes
        .iter()
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(keys, ["Kommun", "Kommunstorlek", "Verksamhetsområde"]);
    let doc_attrs = project.document_attributes(first.id).unwrap();
    assert_eq!(doc_attrs[0].0, import::FOCUS_ATTRIBUTE);
    assert_eq!(doc_attrs[1].0, "Omgång");
}

#[test]
fn survey_xlsx_matches_the_manifest_and_the_csv() {
    let entry = manifest_files(&["survey"])
        .into_iter()
        .find(|f| f["format"] == "xlsx")
        .unwrap();
    let mut mapping = corpus_mapping();
    mapping.sheet = Some(entry["sheet"].as_str().unwrap().to_owned());
    let preview = import::preview_survey(&survey_path("xlsx"), &mapping).unwrap();
    check_preview_against_manifest(&preview, entry);

    let read = |ext: &str| {
        let bytes = std::fs::read(survey_path(ext)).unwrap();
        let mut docs: Vec<(String, String, Option<String>)> =
            prepare_survey(&survey_path(ext), &bytes, &mapping)
                .unwrap()
                .prepared
                .documents
                .into_iter()
                .map(|d| (d.name, d.text, d.question))
                .collect();
        docs.sort();
        docs
    };
    assert_eq!(
        read("xlsx"),
        read("csv"),
        "the workbook holds the same answers as the CSV"
    );
}

#[test]
fn survey_mapping_from_a_file() {
    let dir = tempdir();
    let path = write_file(
        dir.path(),
        "mapping.json",
        r#"{"id": "Respondent-ID", "round": "Omgång", "questions": [{"column": "Samverkan – fungerar väl", "focus": "samverkan"}, "Digitalisering – bör utvecklas"]}"#.as_bytes(),
    );
    let mapping = SurveyMapping::read(&path).unwrap();
    let preview = import::preview_survey(&survey_path("csv"), &mapping).unwrap();
    assert_eq!(preview.answers, 96 + 88 + 57 + 53);
    assert_eq!(preview.unmapped_columns.len(), 11 - 4);

    let bad = write_file(
        dir.path(),
        "bad.json",
        b"{\"id\": \"x\",\n \"questions\": [1]}",
    );
    let msg = assert_import_error(SurveyMapping::read(&bad), "bad.json", Some("line 2"));
    assert!(msg.contains("mapping"), "{msg}");
}

// ---------------------------------------------------------------- encodings

#[test]
fn encodings_and_line_ends_are_detected() {
    let rel = "focusgroups/fokusgrupp-2022-team1.txt";
    let entry = manifest_files(&["focusgroup"])
        .into_iter()
        .find(|f| f["path"] == rel)
        .unwrap();
    let original = std::fs::read_to_string(corpus().join(rel)).unwrap();
    let crlf = original.replace('\n', "\r\n");
    let decomposed: String = {
        use unicode_normalization::UnicodeNormalization;
        original.nfd().collect()
    };
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&crlf);
    assert!(
        !unmappable,
        "the transcript is representable in Windows-1252"
    );
    let variants: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "utf8-bom",
            [b"\xEF\xBB\xBF".as_slice(), original.as_bytes()].concat(),
            "UTF-8",
        ),
        (
            "utf16le",
            [
                vec![0xFF, 0xFE],
                crlf.encode_utf16().flat_map(u16::to_le_bytes).collect(),
            ]
            .concat(),
            "UTF-16LE",
        ),
        (
            "utf16be",
            [
                vec![0xFE, 0xFF],
                original.encode_utf16().flat_map(u16::to_be_bytes).collect(),
            ]
            .concat(),
            "UTF-16BE",
        ),
        ("cp1252", cp1252.into_owned(), "windows-1252"),
        ("crlf", crlf.clone().into_bytes(), "UTF-8"),
        ("nfd", decomposed.into_bytes(), "UTF-8"),
    ];
    for (what, bytes, encoding) in variants {
        let dir = tempdir();
        let path = write_file(dir.path(), &format!("fokusgrupp-{what}.txt"), &bytes);
        let (mut project, by) = new_project();
        let imported =
            import::import_transcript(&mut project, by, &path, &TranscriptOptions::default())
                .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(imported.encoding, encoding, "{what}");
        let doc = project.document(imported.result.documents[0]).unwrap();
        assert_eq!(
            import::sha256_hex(doc.text.as_bytes()),
            entry["plain_text_sha256"].as_str().unwrap(),
            "{what}"
        );
        assert_eq!(
            doc.turns.len() as u64,
            entry["turns"].as_u64().unwrap(),
            "{what}"
        );
    }
}

#[test]
fn a_respondent_who_left_every_answer_empty_is_kept_with_their_attributes() {
    let text = "Id;Omgång;Kommun;Kommunstorlek;Fungerar;Utvecklas\n\
                1;2022;Ydre;Liten;Täta möten;\n\
                2;2022;Kinda;Liten;;\n\
                3;2023;Motala;Mellanstor; ;\n\
                4;2023;Ydre;Liten;;Mer tid\n";
    let dir = crate::util::TempDir::new();
    let path = dir.path("tyst.csv");
    std::fs::write(&path, text).unwrap();
    let mapping = SurveyMapping {
        id: "Id".into(),
        round: Some("Omgång".into()),
        attributes: vec!["Kommun".into(), "Kommunstorlek".into()],
        questions: vec![
            QuestionColumn::parse("Fungerar"),
            QuestionColumn::parse("Utvecklas"),
        ],
        ..Default::default()
    };
    let (mut project, by) = new_project();
    let imported = import::import_survey(&mut project, by, &path, &mapping).unwrap();
    assert_eq!(
        (
            imported.preview.respondents,
            imported.preview.respondents_with_answers
        ),
        (4, 2)
    );
    assert_eq!(imported.result.documents.len(), 2);
    assert_eq!(imported.result.cases_created, 4, "all four respondents");
    let mut cases: Vec<(String, Vec<(String, String)>)> = project
        .cases()
        .unwrap()
        .into_iter()
        .map(|c| {
            let mut a = c.attributes;
            a.sort();
            (c.name, a)
        })
        .collect();
    cases.sort();
    let attrs = |k: &str, s: &str| {
        vec![
            ("Kommun".to_owned(), k.to_owned()),
            ("Kommunstorlek".to_owned(), s.to_owned()),
        ]
    };
    assert_eq!(
        cases,
        vec![
            ("1".to_owned(), attrs("Ydre", "Liten")),
            ("2".to_owned(), attrs("Kinda", "Liten")),
            ("3".to_owned(), attrs("Motala", "Mellanstor")),
            ("4".to_owned(), attrs("Ydre", "Liten")),
        ]
    );
    // One change: undone, no respondent is left.
    project.undo(by).unwrap();
    assert!(project.cases().unwrap().is_empty());
}

#[test]
fn survey_csv_in_windows_1252_with_commas() {
    let text = "Id,Kommun,Fritext\r\n1,Åtvidaberg,\"Vi har möten, ofta.\"\r\n2,Ödeshög,\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let mapping = SurveyMapping {
        id: "Id".into(),
        attributes: vec!["Kommun".into()],
        questions: vec![QuestionColumn::parse("Fritext=samverkan")],
        ..Default::default()
    };
    let s = prepare_survey(Path::new("enkat.csv"), &bytes, &mapping).unwrap();
    assert_eq!(s.prepared.encoding, "windows-1252");
    assert_eq!(s.preview.respondents, 2);
    assert_eq!(s.prepared.documents.len(), 1);
    assert_eq!(s.prepared.documents[0].text, "Vi har möten, ofta.");
    assert_eq!(
        s.prepared.documents[0].case.as_ref().unwrap().attributes[0].value,
        "Åtvidaberg"
    );
}

// ---------------------------------------------------------------- re-import

#[test]
fn reimporting_the_same_file_is_refused() {
    let (mut project, by) = new_project();
    let path = corpus().join("interviews/intervju-organisation3.txt");
    import::import_transcript(&mut project, by, &path, &TranscriptOptions::default()).unwrap();
    let before = snapshot(&project);
    let err = import::import_transcript(&mut project, by, &path, &TranscriptOptions::default())
        .unwrap_err();
    assert!(matches!(err, Error::AlreadyImported { .. }), "{err:?}");
    assert!(
        err.to_string().contains("intervju-organisation3.txt"),
        "{err}"
    );
    assert_eq!(snapshot(&project), before);

    // The same bytes under another name are the same file.
    let dir = tempdir();
    let copy = write_file(dir.path(), "kopia.txt", &std::fs::read(&path).unwrap());
    let err = import::import_transcript(&mut project, by, &copy, &TranscriptOptions::default())
        .unwrap_err();
    assert!(
        err.to_string().contains("kopia.txt")
            && err.to_string().contains("intervju-organisation3.txt"),
        "{err}"
    );
    assert_eq!(snapshot(&project), before);

    import::import_survey(&mut project, by, &survey_path("csv"), &corpus_mapping()).unwrap();
    let before = snapshot(&project);
    let err = import::import_survey(&mut project, by, &survey_path("csv"), &corpus_mapping())
        .unwrap_err();
    assert!(matches!(err, Error::AlreadyImported { .. }), "{err:?}");
    assert_eq!(snapshot(&project), before);
}

#[test]
fn a_batch_reports_per_file_and_each_file_is_all_or_nothing() {
    let dir = tempdir();
    let bad = write_file(
        dir.path(),
        "trasig.vtt",
        b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>ok</v>\n\n00:00:xx --> 1\n<v A>x</v>\n",
    );
    let paths = vec![
        corpus().join("focusgroups/fokusgrupp-2022-team3.vtt"),
        bad,
        corpus().join("focusgroups/fokusgrupp-2022-team4.srt"),
        corpus().join("focusgroups/fokusgrupp-2022-team3.vtt"),
    ];
    let (mut project, by) = new_project();
    let outcomes =
        import::import_transcripts(&mut project, by, &paths, &TranscriptOptions::default());
    assert_eq!(outcomes.len(), 4);
    assert!(outcomes[0].outcome.is_ok());
    let err = outcomes[1].outcome.as_ref().unwrap_err().to_string();
    assert!(
        err.contains("trasig.vtt") && err.contains("line 6"),
        "{err}"
    );
    assert!(outcomes[2].outcome.is_ok());
    assert!(matches!(
        outcomes[3].outcome,
        Err(Error::AlreadyImported { .. })
    ));
    assert_eq!(project.info().unwrap().counts.documents, 2);
}

// ---------------------------------------------------------------- bad input

#[test]
fn empty_files_are_refused() {
    for name in ["tom.txt", "tom.docx", "tom.vtt", "tom.srt", "tom.md"] {
        let msg = refused_transcript(name, b"", None);
        assert!(msg.contains("empty"), "{msg}");
    }
    let msg = refused_transcript("blank.txt", b"\r\n  \r\n", None);
    assert!(msg.contains("no text"), "{msg}");
    let mapping = corpus_mapping();
    assert!(refused_survey("tom.csv", b"", &mapping, None).contains("empty"));
    assert!(refused_survey("tom.xlsx", b"", &mapping, None).contains("empty"));
}

#[test]
fn random_bytes_named_docx_or_xlsx_are_refused() {
    let noise: Vec<u8> = (0u32..4096)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let msg = refused_transcript("slump.docx", &noise, None);
    assert!(msg.contains("not a Word document"), "{msg}");
    let msg = refused_survey("slump.xlsx", &noise, &corpus_mapping(), None);
    assert!(msg.contains("not an Excel workbook"), "{msg}");
    // Binary data named .txt is not text.
    let msg = refused_transcript("slump.txt", &noise, None);
    assert!(
        msg.contains("binary") || msg.contains("not look like text"),
        "{msg}"
    );
    // A ZIP that is not a Word document.
    let msg = refused_transcript("annat.docx", &zip_of(&[("a.txt", b"hej")]), None);
    assert!(msg.contains("word/document.xml"), "{msg}");
    // An old binary Word file.
    let mut doc = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    doc.extend_from_slice(&noise);
    let msg = refused_transcript("gammal.docx", &doc, None);
    assert!(msg.contains(".doc"), "{msg}");
}

#[test]
fn zip_bombs_are_refused() {
    // Headers that admit a huge entry: refused before inflating.
    let deflated = deflate_zeros(70 * 1024 * 1024);
    assert!(deflated.len() < 1024 * 1024, "the bomb is small");
    let honest = zip_with_claimed_size("word/document.xml", &deflated, 70 * 1024 * 1024);
    let msg = refused_transcript("bomb.docx", &honest, Some("word/document.xml"));
    assert!(msg.contains("ZIP bomb"), "{msg}");
    // Headers that lie: the inflated size is capped whatever they say.
    let lying = zip_with_claimed_size("word/document.xml", &deflated, 1000);
    let msg = refused_transcript("lognare.docx", &lying, Some("word/document.xml"));
    assert!(msg.contains("ZIP bomb"), "{msg}");
    let msg = refused_survey("bomb.xlsx", &lying.clone(), &corpus_mapping(), None);
    assert!(msg.contains("ZIP bomb"), "{msg}");

    // Too many entries.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..=import::MAX_ENTRIES {
        w.start_file(format!("{i}"), stored).unwrap();
    }
    let many = w.finish().unwrap().into_inner();
    let msg = refused_transcript("manga.docx", &many, None);
    assert!(msg.contains("entries"), "{msg}");
}

#[test]
fn xml_with_entities_is_refused_and_never_resolved() {
    let secret = tempdir();
    let secret_file = write_file(secret.path(), "hemligt.txt", b"HEMLIGT-INNEHALL");
    let xxe = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{}">]><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Anna:</w:t></w:r><w:r><w:t> &xxe;</w:t></w:r></w:p></w:body></w:document>"#,
        secret_file.display()
    );
    let msg = refused_transcript("xxe.docx", &docx_of(&xxe), Some("word/document.xml"));
    assert!(msg.contains("DOCTYPE") && !msg.contains("HEMLIGT"), "{msg}");

    // A billion laughs declares entities in a DOCTYPE too.
    let laughs = format!(
        r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"#
    );
    assert!(refused_transcript("lol.docx", &docx_of(&laughs), None).contains("DOCTYPE"));

    // An entity without a DOCTYPE is undeclared.
    let undeclared = format!(
        r#"<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"#
    );
    assert!(
        refused_transcript("odeklarerad.docx", &docx_of(&undeclared), None)
            .contains("undeclared entity")
    );

    // Malformed XML names the part and where.
    let broken =
        format!(r#"<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r></w:p></w:body></w:document>"#);
    assert!(
        refused_transcript("trasig.docx", &docx_of(&broken), Some("word/document.xml"))
            .contains("malformed")
    );

    // In a workbook every XML part is checked before the spreadsheet reader sees it.
    let xxe_workbook = rezip_with(
        &xlsx_of(&[&["ID", "Svar"], &["1", "Ja"]]),
        "xl/workbook.xml",
        |xml| {
            let doctype = "?><!DOCTYPE workbook [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>";
            String::from_utf8_lossy(xml)
                .replacen("?>", doctype, 1)
                .into_bytes()
        },
    );
    let mapping = SurveyMapping {
        id: "ID".into(),
        questions: vec![QuestionColumn::parse("Svar")],
        ..Default::default()
    };
    let msg = refused_survey("xxe.xlsx", &xxe_workbook, &mapping, Some("xl/workbook.xml"));
    assert!(msg.contains("DOCTYPE"), "{msg}");
}

#[test]
fn malformed_vtt_and_srt_name_the_line() {
    let msg = refused_transcript(
        "ingen-header.vtt",
        b"1\n00:00:01.000 --> 00:00:02.000\n<v A>x</v>\n",
        Some("line 1"),
    );
    assert!(msg.contains("WEBVTT"), "{msg}");
    let bad_timing = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Anna>Hej</v>\n\n00:00:02.000 -> 00:00:03.000\n<v Anna>igen</v>\n";
    refused_transcript("timing.vtt", bad_timing, Some("line 7"));
    let bad_stamp = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Anna>Hej</v>\n\n00:00:02,000 --> 00:00:03,000\n<v Anna>igen</v>\n";
    let msg = refused_transcript("komma.vtt", bad_stamp, Some("line 6"));
    assert!(msg.contains("00:00:02,000"), "{msg}");
    let srt = b"1\n00:00:01,000 --> 00:00:02,000\nAnna: Hej\n\nx\n00:00:02,000 --> 00:00:03,000\nAnna: igen\n";
    refused_transcript("trasig.srt", srt, Some("line 5"));
}

#[test]
fn csv_with_duplicate_columns_or_ragged_rows_names_the_line() {
    let mapping = SurveyMapping {
        id: "ID".into(),
        questions: vec![QuestionColumn::parse("Svar")],
        ..Default::default()
    };
    let msg = refused_survey(
        "dubbel.csv",
        b"ID;Svar;Svar\r\n1;a;b\r\n",
        &mapping,
        Some("line 1"),
    );
    assert!(
        msg.contains("\"Svar\"") && msg.contains("column 2") && msg.contains("column 3"),
        "{msg}"
    );
    let msg = refused_survey(
        "ojamn.csv",
        b"ID;Svar;Kommun\r\n1;a;b\r\n2;\"rad\nbrytning\"\r\n3;c\r\n",
        &mapping,
        Some("line 3"),
    );
    assert!(msg.contains("2 fields but the header has 3"), "{msg}");
    // A missing respondent id names the cell.
    refused_survey(
        "utan-id.csv",
        b"ID;Svar\r\n1;a\r\n;b\r\n",
        &mapping,
        Some("line 3, column 1 (\"ID\")"),
    );
    // The same respondent twice.
    let msg = refused_survey(
        "tva-ganger.csv",
        b"ID;Svar\r\n1;a\r\n1;b\r\n",
        &mapping,
        Some("line 3"),
    );
    assert!(msg.contains("appears twice"), "{msg}");
    // A mapping naming a column the file lacks.
    let wrong = SurveyMapping {
        id: "id".into(),
        questions: vec![QuestionColumn::parse("Svar")],
        ..Default::default()
    };
    let msg = refused_survey("fel-kolumn.csv", b"ID;Svar\r\n1;a\r\n", &wrong, None);
    assert!(msg.contains("did you mean \"ID\""), "{msg}");
    // Nothing to import.
    let msg = refused_survey(
        "inga-svar.csv",
        b"ID;Svar\r\n1;\r\n2;  \r\n",
        &mapping,
        None,
    );
    assert!(msg.contains("no answers"), "{msg}");
}

#[test]
fn xlsx_problems_name_the_cell() {
    let mapping = SurveyMapping {
        id: "ID".into(),
        questions: vec![QuestionColumn::parse("Svar")],
        ..Default::default()
    };
    let ok = xlsx_of(&[&["ID", "Svar"], &["101", "Bra"], &["102", ""]]);
    let s = prepare_survey(Path::new("ok.xlsx"), &ok, &mapping).unwrap();
    assert_eq!((s.preview.respondents, s.preview.answers), (2, 1));
    assert_eq!(s.prepared.documents[0].case.as_ref().unwrap().name, "101");

    let msg = refused_survey(
        "dubbel.xlsx",
        &xlsx_of(&[&["ID", "Svar", "Svar"], &["1", "a", "b"]]),
        &mapping,
        Some("row 1"),
    );
    assert!(
        msg.contains("column B") && msg.contains("column C"),
        "{msg}"
    );
    let msg = refused_survey(
        "utanfor.xlsx",
        &xlsx_of(&[&["ID", "Svar"], &["1", "a", "extra"]]),
        &mapping,
        Some("cell C2"),
    );
    assert!(msg.contains("no header"), "{msg}");
    refused_survey(
        "utan-id.xlsx",
        &xlsx_of(&[&["ID", "Svar"], &["1", "a"], &["", "b"]]),
        &mapping,
        Some("cell A3"),
    );
    let other_sheet = SurveyMapping {
        sheet: Some("Blad1".into()),
        ..mapping.clone()
    };
    let msg = refused_survey("blad.xlsx", &ok, &other_sheet, None);
    assert!(msg.contains("Svar"), "the message lists the sheets: {msg}");
}

#[test]
fn unsupported_extensions_are_refused() {
    let msg = refused_transcript("utskrift.odt", b"PK\x03\x04", None);
    assert!(msg.contains(".docx"), "{msg}");
    let msg = refused_survey("enkat.ods", b"x", &corpus_mapping(), None);
    assert!(msg.contains(".csv or .xlsx"), "{msg}");
}

// ---------------------------------------------------------------- fuzzing

/// Structural invariants of anything a parser accepts: what the core
/// checks on import, and the turn layout.
fn check_prepared(p: &import::Prepared) -> Result<(), TestCaseError> {
    for doc in &p.documents {
        prop_assert_eq!(tematik::text::nfc(&doc.text), doc.text.clone());
        prop_assert!(!doc.name.trim().is_empty());
        let chars: Vec<char> = doc.text.chars().collect();
        let mut previous_end = 0;
        for t in &doc.turns {
            prop_assert!(
                previous_end <= t.start
                    && t.start <= t.text_start
                    && t.text_start <= t.end
                    && t.end <= chars.len()
            );
            let label: String = chars[t.start..t.text_start].iter().collect();
            prop_assert_eq!(label, format!("{}: ", t.speaker));
            previous_end = t.end;
        }
    }
    Ok(())
}

const TRANSCRIPT_EXTENSIONS: &[&str] = &["txt", "md", "docx", "vtt", "srt"];

fn corpus_bytes(rel: &str) -> &'static [u8] {
    static CACHE: OnceLock<std::sync::Mutex<HashMap<String, &'static [u8]>>> = OnceLock::new();
    let mut cache = CACHE.get_or_init(Default::default).lock().unwrap();
    cache.entry(rel.to_owned()).or_insert_with(|| {
        Box::leak(
            std::fs::read(corpus().join(rel))
                .unwrap()
                .into_boxed_slice(),
        )
    })
}

/// Tokens that matter to the text formats, for structure-aware mutation.
fn token() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::sample::select(vec![
            "-->",
            "<v ",
            "</v>",
            "<v.x Anna>",
            "\n",
            "\n\n",
            "\r\n",
            ":",
            ": ",
            "[00:00:01]",
            "[99:99:99]",
            "WEBVTT",
            "NOTE",
            "&amp;",
            "&",
            "<",
            ">",
            "\u{feff}",
            "**",
            "1\n",
            "00:00:01,000 --> 00:00:00,000",
            "a\u{30a}",
            "😀",
            "\u{0}",
            "{\\an8}",
            "<i>",
            "Intervjuare: ",
            "\t",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        prop::collection::vec(any::<u8>(), 1..8),
    ]
}

#[derive(Clone, Debug)]
enum Mutation {
    Insert(f64, Vec<u8>),
    Delete(f64, usize),
    Flip(f64, u8),
    Truncate(f64),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0.0..1.0f64, token()).prop_map(|(at, t)| Mutation::Insert(at, t)),
        (0.0..1.0f64, 1..64usize).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (0.0..1.0f64, any::<u8>()).prop_map(|(at, b)| Mutation::Flip(at, b)),
        (0.0..1.0f64).prop_map(Mutation::Truncate),
    ]
}

fn mutate(bytes: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for m in mutations {
        let at = |f: f64, len: usize| ((len as f64) * f) as usize;
        match m {
            Mutation::Insert(f, t) => {
                let i = at(*f, out.len());
                out.splice(i..i, t.iter().copied());
            }
            Mutation::Delete(f, n) => {
                let i = at(*f, out.len());
                let end = (i + n).min(out.len());
                out.drain(i..end);
            }
            Mutation::Flip(f, b) => {
                if !out.is_empty() {
                    let i = at(*f, out.len()).min(out.len() - 1);
                    out[i] ^= b;
                }
            }
            Mutation::Truncate(f) => {
                // Truncate rarely cuts much: keep at least half.
                let keep = at(0.5 + f / 2.0, out.len());
                out.truncate(keep);
            }
        }
    }
    out
}

/// The archive with entry `part` replaced by `change(part)`.
fn rezip_with(original: &[u8], part: &str, change: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(original)).unwrap();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
        if name == part {
            data = change(&data);
        }
        parts.push((name, data));
    }
    let entries: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    zip_of(&entries)
}

const TEXT_CORPUS_FILES: &[&str] = &[
    "focusgroups/fokusgrupp-2022-team1.txt",
    "focusgroups/fokusgrupp-2022-team5.txt",
    "focusgroups/fokusgrupp-2022-team3.vtt",
    "focusgroups/fokusgrupp-2022-team7.vtt",
    "focusgroups/fokusgrupp-2022-team4.srt",
    "interviews/intervju-organisation5.txt",
];

proptest! {
    // PROPTEST_CASES=5000 for a longer fuzzing run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(128),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048), ext in prop::sample::select(TRANSCRIPT_EXTENSIONS)) {
        let path = PathBuf::from(format!("slump.{ext}"));
        if let Ok(p) = prepare_transcript(&path, &bytes, &TranscriptOptions::default()) {
            check_prepared(&p)?;
        }
        let mapping = SurveyMapping { id: "a".into(), questions: vec![QuestionColumn::parse("b")], ..Default::default() };
        for survey in ["slump.csv", "slump.xlsx"] {
            if let Ok(s) = prepare_survey(Path::new(survey), &bytes, &mapping) {
                check_prepared(&s.prepared)?;
            }
        }
    }

    #[test]
    fn mutated_text_transcripts_never_panic(
        file in prop::sample::select(TEXT_CORPUS_FILES),
        ext in prop::sample::select(TRANSCRIPT_EXTENSIONS),
        mutations in prop::collection::vec(mutation(), 1..12),
    ) {
        let bytes = mutate(corpus_bytes(file), &mutations);
        // Also under the other text extensions: every parser meets every format.
        let own = Path::new(file).extension().unwrap().to_str().unwrap();
        for e in [own, ext] {
            if e == "docx" { continue; }
            if let Ok(p) = prepare_transcript(&PathBuf::from(format!("f.{e}")), &bytes, &TranscriptOptions::default()) {
                check_prepared(&p)?;
            }
        }
    }

    #[test]
    fn mutated_docx_never_panics(
        file in prop::sample::select(vec!["focusgroups/fokusgrupp-2022-team2.docx", "interviews/intervju-organisation2.docx"]),
        mutations in prop::collection::vec(mutation(), 1..8),
        raw in any::<bool>(),
    ) {
        let original = corpus_bytes(file);
        let bytes = if raw {
            // Mutating the archive itself.
            mutate(original, &mutations)
        } else {
            // Mutating the XML inside an intact archive.
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(original)).unwrap();
            let mut xml = Vec::new();
            std::io::Read::read_to_end(&mut archive.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
            docx_of(&String::from_utf8_lossy(&mutate(&xml, &mutations)))
        };
        if let Ok(p) = prepare_transcript(Path::new("f.docx"), &bytes, &TranscriptOptions::default()) {
            check_prepared(&p)?;
        }
    }

    #[test]
    fn mutated_surveys_never_panic(
        mutations in prop::collection::vec(mutation(), 1..8),
        which in 0..4usize,
        part in prop::sample::select(vec!["xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"]),
    ) {
        let xlsx = corpus_bytes("survey/nvos-enkat-2022-2023.xlsx");
        let (name, bytes) = match which {
            0 => ("f.csv", mutate(corpus_bytes("survey/nvos-enkat-2022-2023.csv"), &mutations)),
            1 => ("f.xlsx", mutate(xlsx, &mutations)),
            // Mutating one XML part inside an intact workbook reaches the spreadsheet reader.
            _ => ("f.xlsx", rezip_with(xlsx, part, |xml| mutate(xml, &mutations))),
        };
        if let Ok(s) = prepare_survey(Path::new(name), &bytes, &corpus_mapping()) {
            check_prepared(&s.prepared)?;
            prop_assert_eq!(s.preview.answers, s.prepared.documents.len());
        }
    }
}

#[test]
fn survey_columns_are_described_with_a_guess_of_their_role() {
    use tematik::import::{ColumnGuess, survey_columns};
    for ext in ["csv", "xlsx"] {
        let cols = survey_columns(&survey_path(ext), None).unwrap();
        assert_eq!(cols.rows, 340, "{ext}");
        let guess = |name: &str| {
            cols.columns
                .iter()
                .find(|c| c.name == name)
                .unwrap_or_else(|| panic!("{ext}: no column {name}"))
                .guess
        };
        assert_eq!(guess("Respondent-ID"), ColumnGuess::Id, "{ext}");
        assert_eq!(guess("Omgång"), ColumnGuess::Round, "{ext}");
        for a in ["Kommun", "Kommunstorlek", "Verksamhetsområde"] {
            assert_eq!(guess(a), ColumnGuess::Attribute, "{ext}: {a}");
        }
        let size = cols
            .columns
            .iter()
            .find(|c| c.name == "Kommunstorlek")
            .unwrap();
        assert!(size.distinct <= 4 && !size.samples.is_empty(), "{size:?}");
        let free = cols
            .columns
            .iter()
            .find(|c| c.name == "Samverkan – fungerar väl")
            .unwrap();
        assert_eq!(free.guess, ColumnGuess::Question, "{ext}");
        assert_eq!(
            free.non_blank,
            96 + 88,
            "{ext}: the manifest's non-empty count"
        );
    }
    let err = survey_columns(&corpus().join("README.md"), None).unwrap_err();
    assert!(err.to_string().contains("README.md"), "{err}");
}

#[test]
fn the_document_list_shows_transcripts_and_survey_answers_by_question() {
    let (mut project, by) = new_project();
    for rel in [
        "focusgroups/fokusgrupp-2023-team2.txt",
        "interviews/intervju-organisation3.txt",
    ] {
        import::import_transcript(
            &mut project,
            by,
            &corpus().join(rel),
            &TranscriptOptions::default(),
        )
        .unwrap();
    }
    let survey =
        import::import_survey(&mut project, by, &survey_path("csv"), &corpus_mapping()).unwrap();
    let all = project.documents().unwrap();
    let code = project
        .create_code(
            by,
            tematik::storage::NewCode {
                name: "Samverkan".into(),
                ..Default::default()
            },
        )
        .unwrap();
    // Two codings in the first transcript, one in each of three answers.
    let transcript = all[0].id;
    let answers: Vec<_> = all
        .iter()
        .filter(|d| d.kind == DocumentKind::SurveyAnswer)
        .take(3)
        .collect();
    for (doc, end) in [(transcript, 20), (transcript, 40)]
        .into_iter()
        .chain(answers.iter().map(|d| (d.id, 3)))
    {
        project
            .code_span(
                by,
                tematik::storage::CodeSpan {
                    document_id: doc,
                    start: 0,
                    end,
                    code_id: code,
                    tags: vec![],
                },
            )
            .unwrap();
    }

    let list = project.document_list().unwrap();
    let all = project.documents().unwrap();
    // Transcripts one by one, as documents() lists them, with their counts.
    let texts: Vec<_> = all
        .iter()
        .filter(|d| d.kind != DocumentKind::SurveyAnswer)
        .cloned()
        .collect();
    assert_eq!(list.documents, texts);
    assert_eq!(list.documents[0].codings, 2);
    // Survey answers by question, in import order, counted independently.
    let mut by_question: Vec<(String, usize, usize)> = Vec::new();
    for d in all.iter().filter(|d| d.kind == DocumentKind::SurveyAnswer) {
        let q = d.question.clone().unwrap();
        match by_question.iter_mut().find(|e| e.0 == q) {
            Some(e) => {
                e.1 += 1;
                e.2 += d.word_count;
            }
            None => by_question.push((q, 1, d.word_count)),
        }
    }
    assert!(!by_question.is_empty());
    let got: Vec<_> = list
        .surveys
        .iter()
        .map(|s| (s.question.clone(), s.answers, s.words))
        .collect();
    assert_eq!(got, by_question);
    let answers_total: usize = list.surveys.iter().map(|s| s.answers).sum();
    assert_eq!(answers_total, survey.result.documents.len());
    assert_eq!(list.survey_codings, 3);
}
