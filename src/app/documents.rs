//! Documents: the list, one document in the reader, survey answers as rows.

use super::session::{Lookup, id};
use super::views::*;
use super::{ApiResult, App};
use crate::{CaseId, DocumentId, Project};
use std::collections::HashMap;

fn cases_by_id(p: &Project) -> crate::Result<HashMap<CaseId, crate::Case>> {
    Ok(p.cases()?.into_iter().map(|c| (c.id, c)).collect())
}

impl App {
    /// Transcripts and texts one by one, survey answers by question.
    pub fn list_documents(&self) -> ApiResult<DocumentList> {
        self.with(|s| {
            let list = s.project.document_list()?;
            // Transcripts rarely belong to a case; read the cases only if one does.
            let cases = if list.documents.iter().any(|d| d.case_id.is_some()) {
                cases_by_id(&s.project)?
            } else {
                HashMap::new()
            };
            Ok(DocumentList {
                documents: list
                    .documents
                    .into_iter()
                    .map(|d| DocumentSummary {
                        id: d.id.to_string(),
                        name: d.name,
                        kind: d.kind,
                        words: d.word_count as u32,
                        codings: d.codings as u32,
                        question: d.question,
                        respondent: d
                            .case_id
                            .and_then(|c| cases.get(&c))
                            .map(|c| c.name.clone()),
                    })
                    .collect(),
                surveys: list
                    .surveys
                    .into_iter()
                    .map(|q| SurveyQuestionSummary {
                        question: q.question,
                        answers: q.answers as u32,
                        words: q.words as u32,
                    })
                    .collect(),
                survey_codings: list.survey_codings as u32,
            })
        })
    }

    /// One document with its turns, codings and attributes.
    pub fn get_document(&self, document_id: &str) -> ApiResult<DocumentView> {
        self.with(|s| {
            let doc_id: DocumentId = id(document_id, "document")?;
            let d = s.project.document(doc_id)?;
            let map = s.map(doc_id)?;
            let lookup = Lookup::new(&s.project)?;
            let mut attributes = s.project.document_attributes(doc_id)?;
            if let Some(case) = d.case_id {
                attributes.extend(s.project.case(case)?.attributes);
            }
            let codings = s
                .project
                .codings_in_document(doc_id)?
                .iter()
                .map(|c| lookup.coding(c, &map))
                .collect();
            Ok(DocumentView {
                id: d.id.to_string(),
                name: d.name,
                kind: d.kind,
                words: d.word_count as u32,
                turns: d
                    .turns
                    .iter()
                    .map(|t| TurnView {
                        speaker: t.speaker.clone(),
                        start: map.to_utf16(t.start) as u32,
                        text_start: map.to_utf16(t.text_start) as u32,
                        end: map.to_utf16(t.end) as u32,
                        start_ms: t.start_ms,
                    })
                    .collect(),
                text: d.text,
                codings,
                attributes,
            })
        })
    }

    /// Survey answers as grid rows, optionally of one question: the
    /// respondent's attributes, then the answer's own.
    pub fn survey_rows(&self, question: Option<&str>) -> ApiResult<Vec<SurveyRow>> {
        self.with(|s| {
            let cases = cases_by_id(&s.project)?;
            let lookup = Lookup::new(&s.project)?;
            let mut rows = Vec::new();
            for d in s.project.documents()? {
                if d.kind != crate::DocumentKind::SurveyAnswer {
                    continue;
                }
                if question.is_some() && d.question.as_deref() != question {
                    continue;
                }
                let text = s.project.document_text(d.id)?;
                let map = s.map(d.id)?;
                let case = d.case_id.and_then(|c| cases.get(&c));
                let mut attributes = case.map(|c| c.attributes.clone()).unwrap_or_default();
                attributes.extend(s.project.document_attributes(d.id)?);
                rows.push(SurveyRow {
                    document_id: d.id.to_string(),
                    respondent: case.map(|c| c.name.clone()).unwrap_or_default(),
                    question: d.question.clone().unwrap_or_default(),
                    text,
                    attributes,
                    codings: s
                        .project
                        .codings_in_document(d.id)?
                        .iter()
                        .map(|c| lookup.coding(c, &map))
                        .collect(),
                });
            }
            Ok(rows)
        })
    }
}
