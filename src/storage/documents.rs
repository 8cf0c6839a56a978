//! Documents, their speaker turns, and the sources they were imported from.

use super::attributes::{self, AttributeValue};
use super::cases::{self, NewCase};
use super::{Change, Project, UndoMode, time_col};
use crate::error::{Error, Result};
use crate::ids::{CaseId, CoderId, DocumentId, SourceId};
use crate::model::{
    Document, DocumentKind, DocumentList, DocumentSummary, SourceInfo, SurveyQuestionSummary, Turn,
};
use crate::text;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;
use std::collections::HashMap;

/// A speaker turn of a document to add. Positions are code points into the
/// document's NFC text.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NewTurn {
    /// Speaker label as written.
    pub speaker: String,
    /// Start of the turn's line (label included).
    pub start: usize,
    /// Start of the turn's text, after the label.
    pub text_start: usize,
    /// End of the turn (exclusive).
    pub end: usize,
    /// Start time in the recording, in milliseconds.
    pub start_ms: Option<u64>,
    /// The participant speaking: a case created or found by kind and name.
    pub case: Option<NewCase>,
}

/// A document to add.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NewDocument {
    /// Name shown in lists.
    pub name: String,
    /// Kind of material.
    pub kind: DocumentKind,
    /// The plain text; must already be NFC-normalised.
    pub text: String,
    /// Speaker turns, in order.
    pub turns: Vec<NewTurn>,
    /// The respondent (survey answers), created or found by kind and name.
    pub case: Option<NewCase>,
    /// The question answered (survey answers).
    pub question: Option<String>,
    /// Document attribute values.
    pub attributes: Vec<AttributeValue>,
}

/// The file a batch of documents comes from.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NewSource {
    /// The file name, without folders.
    pub file_name: String,
    /// Hex sha256 of the file's bytes.
    pub sha256: String,
    /// Format ("txt", "docx", "csv" …).
    pub format: String,
}

/// What an import added.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ImportResult {
    /// The documents added, in order.
    pub documents: Vec<DocumentId>,
    /// How many cases were created (others already existed).
    pub cases_created: usize,
    /// Words added.
    pub words: usize,
}

pub(super) fn get_name(conn: &Connection, id: DocumentId) -> Result<String> {
    conn.prepare_cached("SELECT name FROM documents INDEXED BY documents_summary WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::unknown("document", id))
}

/// Checks a document before anything is written: NFC text, turns in order
/// and inside the text.
fn check(doc: &NewDocument) -> Result<usize> {
    let name = doc.name.trim();
    if name.is_empty() {
        return Err(Error::NameRequired { what: "document" });
    }
    if text::nfc(&doc.text) != doc.text {
        return Err(Error::NotNormalized {
            document: name.to_owned(),
        });
    }
    let len = text::char_len(&doc.text);
    let mut previous_end = 0;
    for (i, t) in doc.turns.iter().enumerate() {
        if !(previous_end <= t.start
            && t.start <= t.text_start
            && t.text_start <= t.end
            && t.end <= len)
        {
            return Err(Error::BadTurn {
                document: name.to_owned(),
                turn: i + 1,
                start: t.start,
                end: t.end,
                length: len,
            });
        }
        previous_end = t.end;
    }
    Ok(len)
}

/// Word count as the corpus convention defines it: the turns' texts without
/// speaker labels; the whole text when there are no turns.
fn words(doc: &NewDocument) -> usize {
    if doc.turns.is_empty() {
        return text::word_count(&doc.text);
    }
    let chars: Vec<char> = doc.text.chars().collect();
    doc.turns
        .iter()
        .map(|t| text::word_count(&chars[t.text_start..t.end].iter().collect::<String>()))
        .sum()
}

/// UTF-8 byte offsets in `text` of each turn's (start, end), in one pass.
fn turn_byte_offsets(text: &str, turns: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let bytes = text::ByteOffsets::new(text, turns.iter().flat_map(|&(s, e)| [s, e]));
    turns
        .iter()
        .map(|&(s, e)| (bytes.of(s), bytes.of(e)))
        .collect()
}

/// Fills the byte offsets of every turn in the file (schema migration 3,
/// for turns imported before it).
pub(super) fn fill_turn_bytes(conn: &Connection) -> Result<()> {
    let docs: Vec<DocumentId> = conn
        .prepare("SELECT DISTINCT document_id FROM turns WHERE byte_start IS NULL")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut turns_of =
        conn.prepare("SELECT idx, start, \"end\" FROM turns WHERE document_id = ?1 ORDER BY idx")?;
    let mut update = conn.prepare(
        "UPDATE turns SET byte_start = ?3, byte_end = ?4 WHERE document_id = ?1 AND idx = ?2",
    )?;
    for doc in docs {
        let text = read_text(conn, doc)?;
        let turns: Vec<(i64, usize, usize)> = turns_of
            .query_map([&doc], |r| {
                Ok((
                    r.get(0)?,
                    r.get::<_, i64>(1)? as usize,
                    r.get::<_, i64>(2)? as usize,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let spans: Vec<(usize, usize)> = turns.iter().map(|t| (t.1, t.2)).collect();
        let bytes = turn_byte_offsets(&text, &spans);
        for (t, (b0, b1)) in turns.iter().zip(bytes) {
            update.execute(params![doc, t.0, b0 as i64, b1 as i64])?;
        }
    }
    Ok(())
}

/// A document's text (NFC, as positions count it).
pub(crate) fn read_text(conn: &Connection, id: DocumentId) -> Result<String> {
    conn.prepare_cached("SELECT text FROM documents WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::unknown("document", id))
}

/// A document's name and length in code points, read from the summary
/// index (the text row's overflow pages are not walked).
pub(crate) fn name_and_length(conn: &Connection, id: DocumentId) -> Result<(String, usize)> {
    conn.prepare_cached(
        "SELECT name, char_count FROM documents INDEXED BY documents_summary WHERE id = ?1",
    )?
    .query_row([id], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))
    .optional()?
    .ok_or_else(|| Error::unknown("document", id))
}

/// Where a turn lies in its document: code points and, where the file
/// knows them, the UTF-8 bytes of its line.
#[derive(Clone, Debug)]
pub(crate) struct TurnSpan {
    pub speaker: String,
    pub start: usize,
    pub text_start: usize,
    pub end: usize,
    pub bytes: Option<(usize, usize)>,
}

/// The last turn of `doc` that starts at or before code point `pos`.
pub(crate) fn turn_at_or_before(
    conn: &Connection,
    doc: DocumentId,
    pos: usize,
) -> Result<Option<TurnSpan>> {
    Ok(conn
        .prepare_cached(
            "SELECT speaker, start, text_start, \"end\", byte_start, byte_end FROM turns INDEXED BY turns_span
             WHERE document_id = ?1 AND start <= ?2 ORDER BY start DESC LIMIT 1",
        )?
        .query_row(params![doc, pos as i64], |r| {
            let b0: Option<i64> = r.get(4)?;
            let b1: Option<i64> = r.get(5)?;
            Ok(TurnSpan {
                speaker: r.get(0)?,
                start: r.get::<_, i64>(1)? as usize,
                text_start: r.get::<_, i64>(2)? as usize,
                end: r.get::<_, i64>(3)? as usize,
                bytes: b0.zip(b1).map(|(a, b)| (a as usize, b as usize)),
            })
        })
        .optional()?)
}

/// A document's text, open for reading ranges of its bytes without reading
/// the rest (SQLite's incremental blob I/O). The file's text encoding is
/// UTF-8, SQLite's default, which Tematik never changes.
pub(crate) struct TextBytes<'c> {
    blob: rusqlite::blob::Blob<'c>,
}

impl<'c> TextBytes<'c> {
    pub fn open(conn: &'c Connection, doc: DocumentId) -> Result<TextBytes<'c>> {
        let rowid: i64 = conn
            .prepare_cached(
                "SELECT rowid FROM documents INDEXED BY documents_summary WHERE id = ?1",
            )?
            .query_row([doc], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::unknown("document", doc))?;
        Ok(TextBytes {
            blob: conn.blob_open(rusqlite::MAIN_DB, "documents", "text", rowid, true)?,
        })
    }

    /// Bytes `[from, to)`, or `None` if they are not whole UTF-8 characters
    /// inside the text.
    pub fn read(&self, from: usize, to: usize) -> Result<Option<String>> {
        if from > to || to > self.blob.len() {
            return Ok(None);
        }
        let mut buf = vec![0u8; to - from];
        self.blob.read_at_exact(&mut buf, from)?;
        Ok(String::from_utf8(buf).ok())
    }
}

/// Characters `[start, end)` of a document's text. In a transcript, only
/// the lines of the turns they lie in are read; otherwise the whole text.
pub(crate) fn text_range(
    conn: &Connection,
    doc: DocumentId,
    start: usize,
    end: usize,
) -> Result<String> {
    let first = turn_at_or_before(conn, doc, start)?;
    let last = match end.checked_sub(1).filter(|&e| e > start) {
        Some(e) => turn_at_or_before(conn, doc, e)?,
        None => first.clone(),
    };
    if let (Some(f), Some(l)) = (&first, &last)
        && let (Some((b0, _)), Some((_, b1))) = (f.bytes, l.bytes)
        && f.start <= start
        && end <= l.end
        && let Some(lines) = TextBytes::open(conn, doc)?.read(b0, b1)?
    {
        let out: String = lines
            .chars()
            .skip(start - f.start)
            .take(end - start)
            .collect();
        if out.chars().count() == end - start {
            return Ok(out);
        }
    }
    conn.prepare_cached("SELECT substr(text, ?2 + 1, ?3 - ?2) FROM documents WHERE id = ?1")?
        .query_row(params![doc, start as i64, end as i64], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::unknown("document", doc))
}

/// A survey answer as the survey grid lists it, without its text.
#[derive(Clone, Debug, PartialEq)]
pub struct SurveyAnswer {
    /// The answer's document.
    pub document: DocumentId,
    /// The question (column) it answers.
    pub question: String,
    /// The respondent's name (their id in the export); empty if none.
    pub respondent: String,
    /// The respondent's attributes, then the answer's own, each in the
    /// project's attribute order.
    pub attributes: Vec<(String, String)>,
}

impl Project {
    /// Every survey answer in document order, with its respondent and
    /// attributes: three queries whatever the number of answers (the grid
    /// filters and pages these; the texts are read for a page only).
    pub fn survey_answers(&self) -> Result<Vec<SurveyAnswer>> {
        let mut answers: Vec<SurveyAnswer> = Vec::new();
        let mut at: HashMap<DocumentId, usize> = HashMap::new();
        let mut case_of: Vec<Option<String>> = Vec::new();
        {
            // The respondents' names, once each (not joined per answer).
            let mut names: HashMap<String, String> = HashMap::new();
            let mut stmt = self.conn.prepare("SELECT id, name FROM cases")?;
            for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))? {
                let (id, name) = row?;
                names.insert(id, name);
            }
            let mut stmt = self.conn.prepare(
                "SELECT d.id, coalesce(d.question, ''), d.case_id
                 FROM documents d INDEXED BY documents_summary
                 WHERE d.kind = 'survey_answer' ORDER BY d.sort_key",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    r.get::<_, DocumentId>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            })?;
            for row in rows {
                let (document, question, case) = row?;
                let respondent = case
                    .as_ref()
                    .and_then(|c| names.get(c))
                    .cloned()
                    .unwrap_or_default();
                at.insert(document, answers.len());
                case_of.push(case);
                answers.push(SurveyAnswer {
                    document,
                    question,
                    respondent,
                    attributes: Vec::new(),
                });
            }
        }
        // The respondents' attributes, read once per respondent.
        let respondents: std::collections::HashSet<&str> =
            case_of.iter().flatten().map(String::as_str).collect();
        let mut by_case: HashMap<String, Vec<(String, String)>> = HashMap::new();
        {
            let mut stmt = self.conn.prepare(
                "SELECT v.case_id, a.name, v.value FROM case_attributes v
                 JOIN attributes a ON a.id = v.attribute_id
                 ORDER BY a.sort_key, a.name",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?))
            })?;
            for row in rows {
                let (case, name, value): (String, String, String) = row?;
                if respondents.contains(case.as_str()) {
                    by_case.entry(case).or_default().push((name, value));
                }
            }
        }
        for (answer, case) in answers.iter_mut().zip(&case_of) {
            if let Some(attrs) = case.as_ref().and_then(|c| by_case.get(c)) {
                answer.attributes.extend(attrs.iter().cloned());
            }
        }
        // Every document's attributes (the texts' too: a few), in the
        // attributes' order; the answers' are kept. Joining the documents
        // here would read their rows, texts and all.
        let mut stmt = self.conn.prepare(
            "SELECT v.document_id, a.name, v.value FROM document_attributes v
             JOIN attributes a ON a.id = v.attribute_id
             ORDER BY a.sort_key, a.name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, DocumentId>(0)?,
                r.get::<_, String>(1)?,
                r.get(2)?,
            ))
        })?;
        for row in rows {
            let (doc, name, value): (DocumentId, String, String) = row?;
            if let Some(&i) = at.get(&doc) {
                answers[i].attributes.push((name, value));
            }
        }
        Ok(answers)
    }

    /// The source imported from a file with this sha256, if any.
    pub fn source_by_sha256(&self, sha256: &str) -> Result<Option<(SourceInfo, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, file_name, sha256, imported_at FROM sources WHERE sha256 = ?1",
                [sha256],
                |r| {
                    Ok((
                        SourceInfo {
                            id: r.get(0)?,
                            file_name: r.get(1)?,
                            sha256: r.get(2)?,
                        },
                        r.get::<_, String>(3)?,
                    ))
                },
            )
            .optional()?)
    }

    /// Adds the documents read from one file, with their cases and
    /// attributes, as one operation: all of it or nothing. A file whose
    /// sha256 was imported before is refused.
    pub fn import(
        &mut self,
        by: CoderId,
        source: NewSource,
        documents: Vec<NewDocument>,
    ) -> Result<ImportResult> {
        self.import_with_cases(by, source, documents, Vec::new())
    }

    /// Imports documents as [`Project::import`] does, and in the same
    /// change the cases `cases` that no document names (a survey's
    /// respondents who left every answer empty), each with its attributes.
    pub fn import_with_cases(
        &mut self,
        by: CoderId,
        source: NewSource,
        documents: Vec<NewDocument>,
        cases: Vec<NewCase>,
    ) -> Result<ImportResult> {
        if let Some((existing, at)) = self.source_by_sha256(&source.sha256)? {
            return Err(Error::AlreadyImported {
                path: source.file_name.clone().into(),
                as_name: existing.file_name,
                imported_at: at,
            });
        }
        let mut lengths = Vec::with_capacity(documents.len());
        for d in &documents {
            lengths.push(check(d)?);
        }
        self.write(by, "import", UndoMode::Undoable, |tx| {
            let source_id = SourceId::new();
            tx.execute(
                "INSERT INTO sources(id, file_name, sha256, format, imported_at, imported_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![source_id, source.file_name, source.sha256, source.format, tx.now, tx.by],
            )?;
            let first_key: i64 = tx.query_row("SELECT coalesce(max(sort_key), -1) + 1 FROM documents", [], |r| r.get(0))?;
            let mut result = ImportResult::default();
            let mut insert_doc = tx.prepare_cached(
                "INSERT INTO documents(id, name, kind, text, char_count, word_count, source_id, case_id, question, sort_key, imported_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?;
            let mut insert_turn = tx.prepare_cached(
                "INSERT INTO turns(document_id, idx, speaker, case_id, start, text_start, \"end\", start_ms, byte_start, byte_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            for (sort_key, (doc, len)) in (first_key..).zip(documents.iter().zip(lengths)) {
                let id = DocumentId::new();
                let case_id: Option<CaseId> = match &doc.case {
                    Some(c) => {
                        let (id, created) = cases::ensure(tx, c)?;
                        result.cases_created += created as usize;
                        Some(id)
                    }
                    None => None,
                };
                let word_count = words(doc);
                insert_doc.execute(params![
                    id,
                    doc.name.trim(),
                    doc.kind,
                    doc.text,
                    len as i64,
                    word_count as i64,
                    source_id,
                    case_id,
                    doc.question,
                    sort_key,
                    tx.now
                ])?;
                let spans: Vec<(usize, usize)> = doc.turns.iter().map(|t| (t.start, t.end)).collect();
                let bytes = turn_byte_offsets(&doc.text, &spans);
                for (i, (t, (byte_start, byte_end))) in doc.turns.iter().zip(bytes).enumerate() {
                    let speaker_case = match &t.case {
                        Some(c) => {
                            let (id, created) = cases::ensure(tx, c)?;
                            result.cases_created += created as usize;
                            Some(id)
                        }
                        None => None,
                    };
                    insert_turn.execute(params![
                        id,
                        i as i64,
                        t.speaker,
                        speaker_case,
                        t.start as i64,
                        t.text_start as i64,
                        t.end as i64,
                        t.start_ms.map(|ms| ms as i64),
                        byte_start as i64,
                        byte_end as i64
                    ])?;
                }
                for a in &doc.attributes {
                    attributes::set_on_document(tx, id, a)?;
                }
                result.words += word_count;
                result.documents.push(id);
            }
            for c in &cases {
                let (_, created) = cases::ensure(tx, c)?;
                result.cases_created += created as usize;
            }
            Ok(Change::new(
                result.clone(),
                format!("Imported {} ({} document(s), {} words)", source.file_name, result.documents.len(), result.words),
                json!({ "file": source.file_name, "sha256": source.sha256, "documents": result.documents.len(), "words": result.words }),
            ))
        })
    }

    /// All documents in import order, without their text (survey answers
    /// included, one by one; [`Project::document_list`] is what a list
    /// shows).
    pub fn documents(&self) -> Result<Vec<DocumentSummary>> {
        // The coding counts of all documents in one pass over the codings'
        // document index (a look-up per document: 53 against 35 ms at
        // 25,000 documents); the summaries from the `documents_list` index.
        let mut counts: HashMap<DocumentId, usize> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT document_id, count(*) FROM codings GROUP BY document_id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            counts.insert(r.get(0)?, r.get::<_, i64>(1)? as usize);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, kind, char_count, word_count, question, case_id
             FROM documents INDEXED BY documents_list ORDER BY sort_key",
        )?;
        let rows = stmt.query_map([], |r| {
            let mut d = summary(r)?;
            d.codings = counts.get(&d.id).copied().unwrap_or(0);
            Ok(d)
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The document list: transcripts and texts one by one, survey answers
    /// grouped by question. What the app shows on opening a project; it
    /// reads a few rows per question rather than every answer.
    pub fn document_list(&self) -> Result<DocumentList> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, kind, char_count, word_count, question, case_id,
                    (SELECT count(*) FROM codings c WHERE c.document_id = d.id)
             FROM documents d INDEXED BY documents_list
             WHERE kind IN ('focus_group', 'interview', 'text') ORDER BY sort_key",
        )?;
        let documents = stmt
            .query_map([], |r| {
                let mut d = summary(r)?;
                d.codings = r.get::<_, i64>(7)? as usize;
                Ok(d)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT coalesce(question, ''), count(*), sum(word_count) FROM documents INDEXED BY documents_list
             WHERE kind = 'survey_answer' GROUP BY question ORDER BY min(sort_key)",
        )?;
        let surveys = stmt
            .query_map([], |r| {
                Ok(SurveyQuestionSummary {
                    question: r.get(0)?,
                    answers: r.get::<_, i64>(1)? as usize,
                    words: r.get::<_, i64>(2)? as usize,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // Codings are in transcripts and texts, or in survey answers.
        let all: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM codings")?
            .query_row([], |r| r.get(0))?;
        let in_texts: usize = documents.iter().map(|d| d.codings).sum();
        Ok(DocumentList {
            documents,
            surveys,
            survey_codings: (all as usize).saturating_sub(in_texts),
        })
    }

    /// One document's summary.
    pub fn document_summary(&self, id: DocumentId) -> Result<DocumentSummary> {
        self.conn
            .prepare_cached(
                "SELECT id, name, kind, char_count, word_count, question, case_id,
                        (SELECT count(*) FROM codings c WHERE c.document_id = d.id)
                 FROM documents d INDEXED BY documents_summary WHERE id = ?1",
            )?
            .query_row([id], |r| {
                let mut d = summary(r)?;
                d.codings = r.get::<_, i64>(7)? as usize;
                Ok(d)
            })
            .optional()?
            .ok_or_else(|| Error::unknown("document", id))
    }

    /// A document's text alone (NFC, as positions count it).
    pub fn document_text(&self, id: DocumentId) -> Result<String> {
        read_text(&self.conn, id)
    }

    /// A whole document with its text and turns.
    pub fn document(&self, id: DocumentId) -> Result<Document> {
        let mut doc = self
            .conn
            .prepare_cached(
                "SELECT d.id, d.name, d.kind, d.text, d.word_count, d.case_id, d.question, d.imported_at,
                        s.id, s.file_name, s.sha256
                 FROM documents d LEFT JOIN sources s ON s.id = d.source_id WHERE d.id = ?1",
            )?
            .query_row([id], |r| {
                let source = match r.get::<_, Option<SourceId>>(8)? {
                    Some(sid) => Some(SourceInfo { id: sid, file_name: r.get(9)?, sha256: r.get(10)? }),
                    None => None,
                };
                Ok(Document {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    kind: r.get(2)?,
                    text: r.get(3)?,
                    word_count: r.get::<_, i64>(4)? as usize,
                    case_id: r.get(5)?,
                    question: r.get(6)?,
                    imported_at: time_col(r, 7)?,
                    source,
                    turns: Vec::new(),
                })
            })
            .optional()?
            .ok_or_else(|| Error::unknown("document", id))?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT speaker, case_id, start, text_start, \"end\", start_ms FROM turns WHERE document_id = ?1 ORDER BY idx",
        )?;
        doc.turns = stmt
            .query_map([id], |r| {
                Ok(Turn {
                    speaker: r.get(0)?,
                    case_id: r.get(1)?,
                    start: r.get::<_, i64>(2)? as usize,
                    text_start: r.get::<_, i64>(3)? as usize,
                    end: r.get::<_, i64>(4)? as usize,
                    start_ms: r.get::<_, Option<i64>>(5)?.map(|v| v as u64),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(doc)
    }

    /// The turn a position falls in (its line, label included), if any.
    pub fn turn_at(&self, doc: DocumentId, at: usize) -> Result<Option<Turn>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT speaker, case_id, start, text_start, \"end\", start_ms FROM turns
                 WHERE document_id = ?1 AND start <= ?2 AND \"end\" >= ?2 ORDER BY idx LIMIT 1",
            )?
            .query_row(rusqlite::params![doc, at as i64], |r| {
                Ok(Turn {
                    speaker: r.get(0)?,
                    case_id: r.get(1)?,
                    start: r.get::<_, i64>(2)? as usize,
                    text_start: r.get::<_, i64>(3)? as usize,
                    end: r.get::<_, i64>(4)? as usize,
                    start_ms: r.get::<_, Option<i64>>(5)?.map(|v| v as u64),
                })
            })
            .optional()?)
    }

    /// The number (from 1, as the reader shows it) of the turn a position
    /// falls in, if any.
    pub fn turn_number_at(&self, doc: DocumentId, at: usize) -> Result<Option<usize>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT idx FROM turns
                 WHERE document_id = ?1 AND start <= ?2 AND \"end\" >= ?2 ORDER BY idx LIMIT 1",
            )?
            .query_row(rusqlite::params![doc, at as i64], |r| r.get::<_, i64>(0))
            .optional()?
            .map(|idx| idx as usize + 1))
    }

    /// Finds a document by id or by its exact name (case-insensitive).
    pub fn find_document(&self, reference: &str) -> Result<DocumentSummary> {
        let reference = reference.trim();
        if let Ok(id) = reference.parse::<DocumentId>() {
            return self.document_summary(id);
        }
        let docs = self.documents()?;
        let mut matches: Vec<DocumentSummary> = docs
            .into_iter()
            .filter(|d| d.name.to_lowercase() == reference.to_lowercase())
            .collect();
        match matches.len() {
            0 => Err(Error::UnknownName {
                kind: "document",
                name: reference.to_owned(),
            }),
            1 => Ok(matches.remove(0)),
            count => Err(Error::AmbiguousName {
                kind: "document",
                name: reference.to_owned(),
                count,
            }),
        }
    }

    /// Renames a document.
    pub fn rename_document(&mut self, by: CoderId, id: DocumentId, name: &str) -> Result<()> {
        let name = name.trim().to_owned();
        if name.is_empty() {
            return Err(Error::NameRequired { what: "document" });
        }
        self.write(by, "rename_document", UndoMode::Undoable, |tx| {
            let old = get_name(tx, id)?;
            tx.execute(
                "UPDATE documents SET name = ?1 WHERE id = ?2",
                params![name, id],
            )?;
            Ok(Change::new(
                (),
                format!("Renamed document \"{old}\" to \"{name}\""),
                json!({ "document": id, "from": old, "to": name }),
            ))
        })
    }

    /// Deletes a document with its turns, codings and memos. Undoable.
    pub fn delete_document(&mut self, by: CoderId, id: DocumentId) -> Result<()> {
        self.write(by, "delete_document", UndoMode::Undoable, |tx| {
            let name = get_name(tx, id)?;
            let codings: i64 = tx.query_row("SELECT count(*) FROM codings WHERE document_id = ?1", [id], |r| r.get(0))?;
            let source: Option<SourceId> = tx.query_row("SELECT source_id FROM documents WHERE id = ?1", [id], |r| r.get(0))?;
            tx.execute("DELETE FROM documents WHERE id = ?1", [id])?;
            // A source with no documents left may be imported again.
            if let Some(s) = source {
                tx.execute(
                    "DELETE FROM sources WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM documents WHERE source_id = ?1)",
                    [s],
                )?;
            }
            Ok(Change::new((), format!("Deleted document \"{name}\" ({codings} codings)"), json!({ "document": id, "name": name, "codings": codings })))
        })
    }
}

/// A document's summary from the columns id, name, kind, char_count,
/// word_count, question and case_id; codings not counted.
fn summary(r: &rusqlite::Row<'_>) -> rusqlite::Result<DocumentSummary> {
    Ok(DocumentSummary {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: r.get(2)?,
        char_count: r.get::<_, i64>(3)? as usize,
        word_count: r.get::<_, i64>(4)? as usize,
        question: r.get(5)?,
        case_id: r.get(6)?,
        codings: 0,
    })
}
