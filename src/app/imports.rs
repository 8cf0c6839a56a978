//! Importing transcripts and survey exports from the window.

use super::views::*;
use super::{ApiError, ApiResult, App};
use crate::import::{self, FileKind, TranscriptOptions};
use std::path::{Path, PathBuf};

fn file_label(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn failed(file: String, e: crate::Error) -> FailedFile {
    let e = ApiError::from(e);
    FailedFile {
        file,
        code: e.code,
        message: e.message,
        details: e.details,
    }
}

fn mapping_to_core(m: SurveyMapping) -> import::SurveyMapping {
    import::SurveyMapping {
        id: m.id,
        round: m.round,
        attributes: m.attributes,
        questions: m
            .questions
            .into_iter()
            .map(|q| import::QuestionColumn {
                column: q.column,
                focus: q.focus,
            })
            .collect(),
        sheet: m.sheet,
    }
}

fn preview_from_core(p: import::SurveyPreview) -> SurveyPreview {
    let q = |q: import::QuestionCount| QuestionCount {
        question: q.question,
        focus: q.focus,
        answers: q.answers as u32,
    };
    SurveyPreview {
        file_name: p.file_name,
        format: p.format,
        read_as: p.read_as,
        rows: p.rows as u32,
        respondents: p.respondents as u32,
        respondents_with_answers: p.respondents_with_answers as u32,
        answers: p.answers as u32,
        questions: p.questions.into_iter().map(q).collect(),
        rounds: p
            .rounds
            .into_iter()
            .map(|r| RoundCount {
                round: r.round,
                respondents: r.respondents as u32,
                answers: r.answers as u32,
                questions: r.questions.into_iter().map(q).collect(),
            })
            .collect(),
        unmapped_columns: p.unmapped_columns,
    }
}

impl App {
    /// The file kinds the window offers to import.
    pub fn import_kinds(&self) -> ApiResult<ImportKinds> {
        let (transcripts, surveys) = FileKind::extensions();
        Ok(ImportKinds {
            transcripts: transcripts.into_iter().map(str::to_owned).collect(),
            surveys: surveys.into_iter().map(str::to_owned).collect(),
        })
    }

    /// Imports transcripts, each whole or not at all; `progress` hears of
    /// each file before it is read. Survey exports are refused by the
    /// importer (they need their column mapping: [`App::import_survey`]).
    pub fn import_files(
        &self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(ImportProgress),
    ) -> ApiResult<ImportReport> {
        self.with(|s| {
            let mut report = ImportReport::default();
            let total = paths.len() as u32;
            for (i, path) in paths.iter().enumerate() {
                let file = file_label(path);
                progress(ImportProgress {
                    done: i as u32,
                    total,
                    file: file.clone(),
                });
                match import::import_transcript(
                    &mut s.project,
                    s.coder,
                    path,
                    &TranscriptOptions::default(),
                ) {
                    Ok(t) => report.imported.push(ImportedFile {
                        file,
                        documents: 1,
                        summary: ImportSummary::Transcript {
                            turns: t.turns as u32,
                            speakers: t.speakers.len() as u32,
                            timestamps: t.timestamps,
                        },
                    }),
                    Err(e) => report.failed.push(failed(file, e)),
                }
            }
            progress(ImportProgress {
                done: total,
                total,
                file: String::new(),
            });
            s.imported()?;
            Ok(report)
        })
    }

    /// A survey export's columns, with guesses of their roles.
    pub fn survey_columns(&self, path: &Path, sheet: Option<&str>) -> ApiResult<SurveyColumns> {
        let c = import::survey_columns(path, sheet)?;
        // The focus areas: the values of the project's first multi-valued
        // dimension, as the mapping dialog offers them.
        let focus: Vec<(String, Vec<String>)> = match self.with(|s| s.project.dimensions()) {
            Ok(dims) => dims
                .into_iter()
                .find(|d| d.multi)
                .map(|d| {
                    d.values
                        .into_iter()
                        .map(|v| (v.key, vec![v.label, v.alias]))
                        .collect()
                })
                .unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        let focus: Vec<(&str, Vec<&str>)> = focus
            .iter()
            .map(|(k, names)| (k.as_str(), names.iter().map(String::as_str).collect()))
            .collect();
        Ok(SurveyColumns {
            file: c.file_name,
            rows: c.rows as u32,
            sheets: c.sheet.into_iter().collect(),
            columns: c
                .columns
                .into_iter()
                .map(|c| SurveyColumn {
                    focus_guess: import::value_named_first(&c.name, &focus).map(str::to_owned),
                    name: c.name,
                    samples: c.samples,
                    non_blank: c.non_blank as u32,
                    distinct: c.distinct as u32,
                    guess: match c.guess {
                        import::ColumnGuess::Id => ColumnGuess::Id,
                        import::ColumnGuess::Round => ColumnGuess::Round,
                        import::ColumnGuess::Attribute => ColumnGuess::Attribute,
                        import::ColumnGuess::Question => ColumnGuess::Question,
                        import::ColumnGuess::Ignore => ColumnGuess::Ignore,
                    },
                })
                .collect(),
        })
    }

    /// What importing a survey with a mapping would add.
    pub fn preview_survey(&self, path: &Path, mapping: SurveyMapping) -> ApiResult<SurveyPreview> {
        Ok(preview_from_core(import::preview_survey(
            path,
            &mapping_to_core(mapping),
        )?))
    }

    /// Imports a survey export with its mapping, whole or not at all.
    pub fn import_survey(&self, path: &Path, mapping: SurveyMapping) -> ApiResult<ImportReport> {
        self.with(|s| {
            let file = file_label(path);
            let mut report = ImportReport::default();
            match import::import_survey(&mut s.project, s.coder, path, &mapping_to_core(mapping)) {
                Ok(done) => report.imported.push(ImportedFile {
                    file,
                    documents: done.preview.answers as u32,
                    summary: ImportSummary::Survey {
                        answers: done.preview.answers as u32,
                        respondents: done.preview.respondents_with_answers as u32,
                    },
                }),
                Err(e) => report.failed.push(failed(file, e)),
            }
            s.imported()?;
            Ok(report)
        })
    }
}
