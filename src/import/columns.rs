//! What a survey export's columns hold, for the mapping dialog: samples,
//! counts and a guess of each column's role. Nothing is written.

use super::survey::{Layout, Table};
use super::{SurveyFormat, csv, file_name, not_survey, read_file, xlsx};
use crate::error::Result;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::Path;

/// What a column seems to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnGuess {
    /// The respondent id.
    Id,
    /// The round (survey wave, year).
    Round,
    /// A respondent attribute (few distinct short values).
    Attribute,
    /// A free-text question.
    Question,
    /// Nothing to import.
    Ignore,
}

/// One column of a survey export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyColumn {
    /// The header, as written.
    pub name: String,
    /// Up to five distinct non-blank values, in file order.
    pub samples: Vec<String>,
    /// Non-blank cells.
    pub non_blank: usize,
    /// Distinct non-blank values.
    pub distinct: usize,
    /// The guessed role.
    pub guess: ColumnGuess,
}

/// The columns of a survey export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyColumns {
    /// The file's name.
    pub file_name: String,
    /// Data rows.
    pub rows: usize,
    /// The sheet read (workbooks only).
    pub sheet: Option<String>,
    /// The columns, in file order.
    pub columns: Vec<SurveyColumn>,
}

/// Reads the header and cells of a survey export (the named sheet, or the
/// first, of a workbook) and describes each column.
pub fn survey_columns(path: &Path, sheet: Option<&str>) -> Result<SurveyColumns> {
    let bytes = read_file(path)?;
    let format = SurveyFormat::from_path(path).ok_or_else(|| not_survey(path))?;
    let table = match format {
        SurveyFormat::Csv => csv::read(&bytes),
        SurveyFormat::Xlsx => xlsx::read(&bytes, sheet),
    }
    .map_err(|p| p.into_error(path))?;
    table.check_headers().map_err(|p| p.into_error(path))?;
    Ok(describe(&table, file_name(path)))
}

fn describe(table: &Table, file_name: String) -> SurveyColumns {
    let mut id_taken = false;
    let mut round_taken = false;
    let columns = table
        .headers
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let values: Vec<&str> = table
                .rows
                .iter()
                .filter_map(|r| r.cells.get(i).and_then(|c| c.as_deref()))
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .collect();
            let mut seen = HashSet::new();
            let mut samples = Vec::new();
            for v in &values {
                if seen.insert(*v) && samples.len() < 5 {
                    samples.push((*v).to_owned());
                }
            }
            let distinct = seen.len();
            let mean_chars = if values.is_empty() {
                0
            } else {
                values.iter().map(|v| v.chars().count()).sum::<usize>() / values.len()
            };
            let lower = name.to_lowercase();
            let guess = if !id_taken
                && (lower.contains("id") || lower.contains("respondent"))
                && distinct * 10 >= values.len() * 9
            {
                id_taken = true;
                ColumnGuess::Id
            } else if !round_taken
                && ["omgång", "round", "wave", "år", "year"]
                    .iter()
                    .any(|w| lower == *w || lower.starts_with(w))
            {
                round_taken = true;
                ColumnGuess::Round
            } else if values.is_empty() {
                ColumnGuess::Ignore
            } else if mean_chars >= 25 || distinct * 2 > values.len().max(8) {
                ColumnGuess::Question
            } else {
                ColumnGuess::Attribute
            };
            SurveyColumn {
                name: name.clone(),
                samples,
                non_blank: values.len(),
                distinct,
                guess,
            }
        })
        .collect();
    SurveyColumns {
        file_name,
        rows: table.rows.len(),
        sheet: match &table.layout {
            Layout::Xlsx { sheet, .. } => Some(sheet.clone()),
            Layout::Csv { .. } => None,
        },
        columns,
    }
}

/// The value a question column's name begins with, of a dimension's values
/// given as (key, names): "Samverkan – fungerar väl" belongs to the value
/// named "Samverkan". A name counts only as whole words (case and accents
/// as written), and the longest name that fits wins ("Kompetens och
/// kunskap" before a value named "Kompetens").
pub fn value_named_first<'a>(column: &str, values: &[(&'a str, Vec<&str>)]) -> Option<&'a str> {
    let column = crate::text::nfc(column.trim()).to_lowercase();
    values
        .iter()
        .flat_map(|(key, names)| names.iter().map(move |n| (*key, n)))
        .filter_map(|(key, name)| {
            let name = crate::text::nfc(name.trim()).to_lowercase();
            let rest = column.strip_prefix(name.as_str())?;
            let whole = !name.is_empty() && !rest.starts_with(char::is_alphanumeric);
            whole.then_some((name.chars().count(), key))
        })
        .max_by_key(|(len, _)| *len)
        .map(|(_, key)| key)
}

#[cfg(test)]
mod value_named_first_tests {
    use super::value_named_first;

    #[test]
    fn a_question_named_after_a_focus_area_belongs_to_it() {
        let values = [
            ("samverkan", vec!["Samverkan"]),
            ("kompetens", vec!["Kompetens"]),
            (
                "kompetens_och_kunskap",
                vec!["Kompetens och kunskap", "KoK"],
            ),
            ("digitalisering", vec!["Digitalisering"]),
        ];
        let guess = |c| value_named_first(c, &values);
        assert_eq!(guess("Samverkan – fungerar väl"), Some("samverkan"));
        assert_eq!(guess("  samverkan: hinder"), Some("samverkan"));
        assert_eq!(
            guess("Kompetens och kunskap – behov"),
            Some("kompetens_och_kunskap")
        );
        assert_eq!(guess("Kompetensutveckling"), None, "whole words only");
        assert_eq!(guess("Om digitalisering"), None, "at the start only");
        assert_eq!(guess("KoK, fritext"), Some("kompetens_och_kunskap"));
        assert_eq!(guess(""), None);
    }
}
