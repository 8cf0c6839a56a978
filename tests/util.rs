//! Shared test helpers.

use chrono::{TimeZone, Utc};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use tematik::import::{QuestionColumn, SurveyMapping};
use tematik::storage::{NewCase, NewDocument, NewSource, NewTurn};
use tematik::{CaseKind, Clock, CodeId, CoderId, DocumentId, DocumentKind, Project, SteppingClock};

/// A clock starting at 2024-03-01 09:00 UTC, one second per reading.
pub fn clock() -> Arc<dyn Clock> {
    Arc::new(SteppingClock::starting_at(
        Utc.with_ymd_and_hms(2024, 3, 1, 9, 0, 0).unwrap(),
    ))
}

/// A temporary directory removed on drop.
pub struct TempDir(pub tempfile::TempDir);

impl TempDir {
    pub fn new() -> Self {
        TempDir(tempfile::tempdir().expect("a temp dir can be made"))
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }
}

/// An in-memory project with one coder.
pub fn memory_project() -> (Project, CoderId) {
    let mut p = Project::create_in_memory("Test", clock()).unwrap();
    let by = p.ensure_throwaway_coder("Anna").unwrap();
    (p, by)
}

/// Creates a code named `name` under `parent` (the top level for `None`).
pub fn code(p: &mut Project, by: CoderId, name: &str, parent: Option<CodeId>) -> CodeId {
    p.create_code(
        by,
        tematik::storage::NewCode {
            name: name.into(),
            parent_id: parent,
            ..Default::default()
        },
    )
    .unwrap()
}

/// Builds a transcript document from (speaker, text) turns, the way the
/// importers do: "Speaker: text" lines joined by "\n".
pub fn transcript(name: &str, turns: &[(&str, &str)]) -> NewDocument {
    let mut text = String::new();
    let mut new_turns = Vec::new();
    for (i, (speaker, said)) in turns.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        let start = text.chars().count();
        text.push_str(speaker);
        text.push_str(": ");
        let text_start = text.chars().count();
        text.push_str(said);
        new_turns.push(NewTurn {
            speaker: speaker.to_string(),
            start,
            text_start,
            end: text.chars().count(),
            start_ms: Some(i as u64 * 15_000),
            case: Some(NewCase {
                name: format!("{name} / {speaker}"),
                kind: CaseKind::Participant,
                attributes: vec![],
            }),
        });
    }
    NewDocument {
        name: name.to_owned(),
        kind: DocumentKind::FocusGroup,
        text,
        turns: new_turns,
        case: None,
        question: None,
        attributes: vec![],
    }
}

/// Adds a small focus-group transcript and returns its id.
pub fn add_transcript(p: &mut Project, by: CoderId, name: &str) -> DocumentId {
    let doc = transcript(
        name,
        &[
            (
                "Intervjuare",
                "Hur fungerar samverkan mellan yrkesgrupperna?",
            ),
            (
                "Sjuksköterska",
                "Vi har täta möten med arbetsterapeuten och det fungerar väl.",
            ),
            (
                "Undersköterska 1",
                "Ibland saknas tid för samverkan, och då blir brukaren lidande 😕.",
            ),
        ],
    );
    p.import(
        by,
        NewSource {
            file_name: format!("{name}.txt"),
            sha256: format!("sha-{name}"),
            format: "txt".into(),
        },
        vec![doc],
    )
    .unwrap()
    .documents[0]
}

/// Every row of every domain table, as text, in a stable order: two
/// snapshots are equal exactly when the project holds the same data.
pub fn snapshot(p: &Project) -> Vec<String> {
    let conn = p.read_only_connection();
    let mut out = Vec::new();
    for t in tematik::storage::Table::ALL.iter().map(|t| t.name()) {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let mut row = format!("{t}:");
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    row.push_str(&format!(" {v:?}"));
                }
                Ok(row)
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        out.extend(rows);
    }
    out
}

// ---------------------------------------------------------------- the shared corpus

/// The shared test corpus (../shared/corpus).
pub fn corpus() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"))
}

/// Its MANIFEST.json, read once.
pub fn manifest() -> &'static Value {
    static MANIFEST: OnceLock<Value> = OnceLock::new();
    MANIFEST.get_or_init(|| {
        let text = std::fs::read_to_string(corpus().join("MANIFEST.json"))
            .expect("the corpus has a MANIFEST.json");
        serde_json::from_str(&text).expect("MANIFEST.json is JSON")
    })
}

/// The manifest's entries of these kinds ("focus_group", "survey" …).
pub fn manifest_files(kinds: &[&str]) -> Vec<&'static Value> {
    manifest()["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| kinds.contains(&f["kind"].as_str().unwrap()))
        .collect()
}

/// The mapping of the corpus survey: every free-text column with its focus area.
pub fn corpus_mapping() -> SurveyMapping {
    let questions = manifest_files(&["survey"])[0]["columns"]
        .as_array()
        .unwrap()[5..]
        .iter()
        .map(|c| {
            let column = c.as_str().unwrap().to_owned();
            let area = column.split(" – ").next().unwrap().to_lowercase();
            QuestionColumn {
                column,
                focus: Some(area),
            }
        })
        .collect();
    SurveyMapping {
        id: "Respondent-ID".into(),
        round: Some("Omgång".into()),
        attributes: vec![
            "Kommun".into(),
            "Kommunstorlek".into(),
            "Verksamhetsområde".into(),
        ],
        questions,
        sheet: None,
    }
}

/// The project file is sound: SQLite's integrity check passes and every
/// foreign key holds.
pub fn assert_sound(p: &Project) {
    let ok: String = p
        .read_only_connection()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok", "integrity check");
    let fk: i64 = p
        .read_only_connection()
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0, "foreign keys hold");
}
