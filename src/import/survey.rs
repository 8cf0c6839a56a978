//! Survey exports: from a table (CSV or XLSX) and a mapping to answer
//! documents, respondent cases and a preview.
//!
//! A [`SurveyMapping`] names the respondent id column, an optional round
//! column, respondent attribute columns and free-text question columns
//! (each optionally mapped to a focus area). Every non-blank answer becomes
//! a [`DocumentKind::SurveyAnswer`] document linked to its respondent (a
//! [`CaseKind::Respondent`] case with the attribute values) and its
//! question, with document attributes `Fokusområde` (where mapped) and the
//! round. The [`SurveyPreview`] counts respondents and answers per question
//! and round before anything is written.

use super::{Location, Problem, ProblemKind};
use crate::error::{Error, Result};
use crate::model::{CaseKind, DocumentKind};
use crate::storage::{AttributeValue, NewCase, NewDocument};
use crate::text;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The document attribute that carries a question's focus area.
pub const FOCUS_ATTRIBUTE: &str = "Fokusområde";

/// A table read from a CSV file or a sheet.
#[derive(Debug)]
pub(crate) struct Table {
    /// Column names, trimmed.
    pub headers: Vec<String>,
    /// Data rows (blank rows left out).
    pub rows: Vec<Row>,
    /// Line (CSV) or row (XLSX) of the header, from 1.
    pub header_row: u64,
    pub layout: Layout,
}

/// Where a table came from, for naming cells in messages.
#[derive(Debug)]
pub(crate) enum Layout {
    Csv {
        delimiter: char,
        encoding: &'static str,
    },
    Xlsx {
        sheet: String,
        first_column: u32,
    },
}

/// One data row.
#[derive(Debug)]
pub(crate) struct Row {
    /// Line (CSV; where the record starts) or row number (XLSX), from 1.
    pub number: u64,
    /// One entry per header; `None` for an empty cell.
    pub cells: Vec<Option<String>>,
}

impl Table {
    /// Locates a cell the way the user's program shows it.
    pub fn cell(&self, row: u64, column: usize) -> Location {
        let column_name = self
            .headers
            .get(column)
            .filter(|name| !name.is_empty())
            .cloned();
        match &self.layout {
            Layout::Csv { .. } => Location::Field {
                line: row,
                column: column as u64 + 1,
                column_name,
            },
            Layout::Xlsx {
                sheet,
                first_column,
            } => Location::Cell {
                sheet: sheet.clone(),
                cell: format!("{}{row}", column_letters(first_column + column as u32)),
                column_name,
            },
        }
    }

    fn header_location(&self) -> Location {
        match &self.layout {
            Layout::Csv { .. } => Location::line(self.header_row),
            Layout::Xlsx { sheet, .. } => Location::Row {
                sheet: sheet.clone(),
                row: self.header_row,
            },
        }
    }

    /// Refuses duplicate column names (empty names are unusable, not duplicates).
    pub fn check_headers(&self) -> Result<(), Problem> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, h) in self.headers.iter().enumerate() {
            if h.is_empty() {
                continue;
            }
            if let Some(first) = seen.insert(h.as_str(), i) {
                return Err(Problem::at(
                    self.header_location(),
                    ProblemKind::DuplicateColumn {
                        name: h.clone(),
                        first: self.column_name(first),
                        second: self.column_name(i),
                    },
                ));
            }
        }
        Ok(())
    }

    /// A column as the user's program names it: "2" in a CSV file, "B" in
    /// a workbook.
    fn column_name(&self, i: usize) -> String {
        match &self.layout {
            Layout::Csv { .. } => (i + 1).to_string(),
            Layout::Xlsx { first_column, .. } => column_letters(first_column + i as u32),
        }
    }
}

/// Excel's name of a 0-based column: 0 → A, 25 → Z, 26 → AA.
pub(crate) fn column_letters(mut col: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// A free-text question column and the focus area its answers belong to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionColumn {
    /// The column name, exactly as in the header.
    pub column: String,
    /// The focus area ("samverkan"), stored on each answer as the document
    /// attribute [`FOCUS_ATTRIBUTE`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus: Option<String>,
}

impl QuestionColumn {
    /// Parses `COLUMN` or `COLUMN=FOCUS` (split at the last `=`).
    pub fn parse(spec: &str) -> Self {
        match spec.rsplit_once('=') {
            Some((column, focus)) if !focus.trim().is_empty() => QuestionColumn {
                column: column.trim().to_owned(),
                focus: Some(focus.trim().to_owned()),
            },
            _ => QuestionColumn {
                column: spec.trim().trim_end_matches('=').trim().to_owned(),
                focus: None,
            },
        }
    }
}

/// Which columns of a survey export mean what.
///
/// As a mapping file (JSON):
///
/// ```json
/// {
///   "sheet": "Svar",
///   "id": "Respondent-ID",
///   "round": "Omgång",
///   "attributes": ["Kommun", "Kommunstorlek", "Verksamhetsområde"],
///   "questions": [
///     {"column": "Samverkan – fungerar väl", "focus": "samverkan"},
///     "Övriga synpunkter"
///   ]
/// }
/// ```
///
/// `sheet` (XLSX only; default the first sheet), `round`, `attributes` and a
/// question's `focus` are optional. Unknown keys are refused, so that a
/// misspelt key is not silently ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyMapping {
    /// The respondent id column.
    #[serde(default)]
    pub id: String,
    /// The column saying which round (survey wave) a row belongs to; its
    /// value is stored on each answer as a document attribute named like
    /// the column, and the preview counts per round.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<String>,
    /// Columns whose values become attributes of the respondent case.
    #[serde(default)]
    pub attributes: Vec<String>,
    /// Free-text question columns.
    #[serde(default, deserialize_with = "questions")]
    pub questions: Vec<QuestionColumn>,
    /// The sheet to read from a workbook (default: the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
}

/// Questions are written as objects or as plain column names.
fn questions<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<QuestionColumn>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Entry {
        Name(String),
        Full {
            column: String,
            #[serde(default)]
            focus: Option<String>,
        },
    }
    let entries = Vec::<Entry>::deserialize(d)?;
    Ok(entries
        .into_iter()
        .map(|e| match e {
            Entry::Name(column) => QuestionColumn {
                column,
                focus: None,
            },
            Entry::Full { column, focus } => QuestionColumn { column, focus },
        })
        .collect())
}

impl SurveyMapping {
    /// Reads a mapping file (JSON, see [`SurveyMapping`]).
    pub fn read(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
            Problem::at(
                Location::LineColumn {
                    line: e.line() as u64,
                    column: e.column() as u64,
                },
                ProblemKind::BadMappingFile {
                    reason: e.to_string(),
                },
            )
            .into_error(path)
        })
    }
}

/// Answers to one question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionCount {
    /// The question (column name).
    pub question: String,
    /// Its focus area, if mapped.
    pub focus: Option<String>,
    /// Non-blank answers.
    pub answers: usize,
}

/// Counts for one round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundCount {
    /// The round's value ("2022").
    pub round: String,
    /// Distinct respondents with a row in this round.
    pub respondents: usize,
    /// Non-blank answers in this round.
    pub answers: usize,
    /// Per question, in mapping order.
    pub questions: Vec<QuestionCount>,
}

/// What importing a survey would add, computed before anything is written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyPreview {
    /// The file's name.
    pub file_name: String,
    /// "csv" or "xlsx".
    pub format: String,
    /// How it was read: encoding and delimiter (CSV) or sheet (XLSX).
    pub read_as: String,
    /// Data rows.
    pub rows: usize,
    /// Distinct respondents.
    pub respondents: usize,
    /// Respondents with at least one non-blank answer. Every respondent
    /// becomes a case with its attributes, these and the others alike.
    pub respondents_with_answers: usize,
    /// Non-blank answers (documents to add).
    pub answers: usize,
    /// Per question, in mapping order.
    pub questions: Vec<QuestionCount>,
    /// Per round, in order of first appearance (empty without a round column).
    pub rounds: Vec<RoundCount>,
    /// Columns the mapping does not use.
    pub unmapped_columns: Vec<String>,
}

/// Column indices of a mapping resolved against a header.
struct Columns {
    id: usize,
    round: Option<(usize, String)>,
    attributes: Vec<(usize, String)>,
    questions: Vec<(usize, QuestionColumn)>,
}

fn resolve(mapping: &SurveyMapping, table: &Table) -> Result<Columns, Problem> {
    let columns = || -> Vec<String> {
        table
            .headers
            .iter()
            .filter(|h| !h.is_empty())
            .cloned()
            .collect()
    };
    let find = |name: &str| -> Result<usize, Problem> {
        let name = name.trim();
        if let Some(i) = table.headers.iter().position(|h| h == name) {
            return Ok(i);
        }
        let name = name.to_owned();
        Err(Problem::new(
            match table
                .headers
                .iter()
                .find(|h| h.to_lowercase() == name.to_lowercase())
            {
                Some(h) => ProblemKind::ColumnCaseDiffers {
                    name,
                    suggestion: h.clone(),
                },
                None => ProblemKind::ColumnNotFound {
                    name,
                    columns: columns(),
                },
            },
        ))
    };
    if mapping.id.trim().is_empty() {
        return Err(ProblemKind::NoIdColumn { columns: columns() }.into());
    }
    if mapping.questions.is_empty() {
        return Err(ProblemKind::NoQuestionColumns { columns: columns() }.into());
    }
    let id = find(&mapping.id)?;
    let round = mapping
        .round
        .as_deref()
        .map(|r| find(r).map(|i| (i, table.headers[i].clone())))
        .transpose()?;
    let attributes = mapping
        .attributes
        .iter()
        .map(|a| find(a).map(|i| (i, table.headers[i].clone())))
        .collect::<Result<Vec<_>, _>>()?;
    let questions = mapping
        .questions
        .iter()
        .map(|q| {
            find(&q.column).map(|i| {
                (
                    i,
                    QuestionColumn {
                        column: table.headers[i].clone(),
                        focus: q.focus.clone(),
                    },
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut used = HashSet::new();
    let all = std::iter::once(id)
        .chain(round.iter().map(|r| r.0))
        .chain(attributes.iter().map(|a| a.0))
        .chain(questions.iter().map(|q| q.0));
    for i in all {
        if !used.insert(i) {
            return Err(ProblemKind::ColumnUsedTwice {
                name: table.headers[i].clone(),
            }
            .into());
        }
    }
    Ok(Columns {
        id,
        round,
        attributes,
        questions,
    })
}

/// The documents and preview of a survey.
pub(crate) struct Survey {
    pub preview: SurveyPreview,
    pub documents: Vec<NewDocument>,
    /// Respondents of rows without any answer, kept as cases with their
    /// attributes (shares of respondents count them too).
    pub cases: Vec<NewCase>,
}

/// Builds answer documents and the preview from a table and a mapping.
pub(crate) fn build(
    table: &Table,
    mapping: &SurveyMapping,
    file_name: &str,
    format: &str,
) -> Result<Survey, Problem> {
    let columns = resolve(mapping, table)?;
    let get = |row: &Row, i: usize| -> Option<String> {
        row.cells
            .get(i)
            .and_then(|c| c.as_deref())
            .map(|v| text::nfc(v.trim()))
            .filter(|v| !v.is_empty())
    };
    let mut documents = Vec::new();
    let mut silent: Vec<NewCase> = Vec::new();
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    let mut respondents: Vec<String> = Vec::new();
    let mut respondent_set = HashSet::new();
    let mut answering = HashSet::new();
    let mut totals = vec![0usize; columns.questions.len()];
    // Round value → (respondents, per-question counts), in first-seen order.
    let mut rounds: Vec<(String, HashSet<String>, Vec<usize>)> = Vec::new();
    for row in &table.rows {
        let Some(id) = get(row, columns.id) else {
            return Err(Problem::at(
                table.cell(row.number, columns.id),
                ProblemKind::EmptyRespondentId,
            ));
        };
        let round =
            match &columns.round {
                Some((i, _)) => Some(get(row, *i).ok_or_else(|| {
                    Problem::at(table.cell(row.number, *i), ProblemKind::EmptyRound)
                })?),
                None => None,
            };
        let key = (id.clone(), round.clone().unwrap_or_default());
        if let Some(first_row) = seen.insert(key, row.number) {
            let kind = match round.clone() {
                Some(round) => ProblemKind::DuplicateRespondentInRound {
                    id,
                    round,
                    first_row,
                },
                None => ProblemKind::DuplicateRespondent { id, first_row },
            };
            return Err(Problem::at(table.cell(row.number, columns.id), kind));
        }
        if respondent_set.insert(id.clone()) {
            respondents.push(id.clone());
        }
        let round_slot = round
            .as_ref()
            .map(|r| match rounds.iter().position(|(v, _, _)| v == r) {
                Some(k) => k,
                None => {
                    rounds.push((r.clone(), HashSet::new(), vec![0; columns.questions.len()]));
                    rounds.len() - 1
                }
            });
        if let Some(k) = round_slot {
            rounds[k].1.insert(id.clone());
        }
        let attributes: Vec<AttributeValue> = columns
            .attributes
            .iter()
            .filter_map(|(i, name)| get(row, *i).map(|v| AttributeValue::category(name, &v)))
            .collect();
        let answers_before = documents.len();
        for (q, (i, question)) in columns.questions.iter().enumerate() {
            let Some(answer) = row
                .cells
                .get(*i)
                .and_then(|c| c.as_deref())
                .map(|a| text::nfc(a.trim()))
            else {
                continue;
            };
            if answer.is_empty() {
                continue;
            }
            totals[q] += 1;
            if let Some(k) = round_slot {
                rounds[k].2[q] += 1;
            }
            answering.insert(id.clone());
            let mut doc_attributes = Vec::new();
            if let Some(focus) = &question.focus {
                doc_attributes.push(AttributeValue::category(FOCUS_ATTRIBUTE, focus));
            }
            if let (Some((_, name)), Some(r)) = (&columns.round, &round) {
                doc_attributes.push(AttributeValue::category(name, r));
            }
            let name = match &round {
                Some(r) => format!("{id} ({r}) – {}", question.column),
                None => format!("{id} – {}", question.column),
            };
            documents.push(NewDocument {
                name,
                kind: DocumentKind::SurveyAnswer,
                text: answer,
                turns: Vec::new(),
                case: Some(NewCase {
                    name: id.clone(),
                    kind: CaseKind::Respondent,
                    attributes: attributes.clone(),
                }),
                question: Some(question.column.clone()),
                attributes: doc_attributes,
            });
        }
        if documents.len() == answers_before {
            silent.push(NewCase {
                name: id.clone(),
                kind: CaseKind::Respondent,
                attributes,
            });
        }
    }
    let counts = |per: &[usize]| -> Vec<QuestionCount> {
        columns
            .questions
            .iter()
            .zip(per)
            .map(|((_, q), &answers)| QuestionCount {
                question: q.column.clone(),
                focus: q.focus.clone(),
                answers,
            })
            .collect()
    };
    let mapped: HashSet<usize> = std::iter::once(columns.id)
        .chain(columns.round.iter().map(|r| r.0))
        .chain(columns.attributes.iter().map(|a| a.0))
        .chain(columns.questions.iter().map(|q| q.0))
        .collect();
    let read_as = match &table.layout {
        Layout::Csv {
            delimiter,
            encoding,
        } => {
            let d = match delimiter {
                '\t' => "tab".to_owned(),
                other => format!("\"{other}\""),
            };
            format!("{encoding}, {d}-separated")
        }
        Layout::Xlsx { sheet, .. } => format!("sheet \"{sheet}\""),
    };
    let preview = SurveyPreview {
        file_name: file_name.to_owned(),
        format: format.to_owned(),
        read_as,
        rows: table.rows.len(),
        respondents: respondents.len(),
        respondents_with_answers: answering.len(),
        answers: documents.len(),
        questions: counts(&totals),
        rounds: rounds
            .iter()
            .map(|(round, ids, per)| RoundCount {
                round: round.clone(),
                respondents: ids.len(),
                answers: per.iter().sum(),
                questions: counts(per),
            })
            .collect(),
        unmapped_columns: table
            .headers
            .iter()
            .enumerate()
            .filter(|(i, h)| !mapped.contains(i) && !h.is_empty())
            .map(|(_, h)| h.clone())
            .collect(),
    };
    Ok(Survey {
        preview,
        documents,
        cases: silent,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_like_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16_383), "XFD");
    }

    #[test]
    fn question_specs_split_at_the_last_equals_sign() {
        assert_eq!(
            QuestionColumn::parse("Samverkan – fungerar väl=samverkan"),
            QuestionColumn {
                column: "Samverkan – fungerar väl".into(),
                focus: Some("samverkan".into())
            }
        );
        assert_eq!(QuestionColumn::parse("Övrigt").focus, None);
    }

    #[test]
    fn mapping_files_accept_names_or_objects_and_refuse_unknown_keys() {
        let m: SurveyMapping = serde_json::from_str(
            r#"{"id": "ID", "questions": ["A", {"column": "B", "focus": "samverkan"}], "attributes": ["K"]}"#,
        )
        .unwrap();
        assert_eq!(m.questions[1].focus.as_deref(), Some("samverkan"));
        assert!(
            serde_json::from_str::<SurveyMapping>(r#"{"id": "ID", "question": ["A"]}"#).is_err()
        );
    }
}
