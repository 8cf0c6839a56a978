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

    /// A page of survey answers as grid rows, of one question or all,
    /// narrowed by attribute values: the respondent's attributes, then the
    /// answer's own. Only the page's texts and codings are read.
    pub fn survey_page(&self, query: SurveyQuery) -> ApiResult<SurveyPage> {
        self.with(|s| {
            let all = s.survey_answers()?;
            let matches: Vec<&crate::storage::SurveyAnswer> = all
                .answers
                .iter()
                .filter(|a| query.question.as_ref().is_none_or(|q| &a.question == q))
                .filter(|a| {
                    query.filters.iter().all(|f| {
                        a.attributes
                            .iter()
                            .any(|(n, v)| *n == f.name && *v == f.value)
                    })
                })
                .collect();
            let page: Vec<&crate::storage::SurveyAnswer> = matches
                .iter()
                .skip(query.offset as usize)
                .take(query.limit as usize)
                .copied()
                .collect();
            let docs: Vec<DocumentId> = page.iter().map(|a| a.document).collect();
            let mut codings = s.project.codings_in_documents(&docs)?;
            let lookup = Lookup::new(&s.project)?;
            let mut rows = Vec::with_capacity(page.len());
            for a in page {
                let (text, map) = s.text_and_map(a.document)?;
                rows.push(SurveyRow {
                    document_id: a.document.to_string(),
                    respondent: a.respondent.clone(),
                    question: a.question.clone(),
                    text,
                    attributes: a.attributes.clone(),
                    codings: codings
                        .remove(&a.document)
                        .unwrap_or_default()
                        .iter()
                        .map(|c| lookup.coding(c, &map))
                        .collect(),
                });
            }
            let questions = all.questions.clone();
            let attributes = all
                .attributes
                .iter()
                .map(|(name, values)| SurveyAttribute {
                    name: name.clone(),
                    values: values.clone(),
                })
                .collect();
            Ok(SurveyPage {
                total: matches.len() as u32,
                offset: query.offset,
                rows,
                questions,
                attributes,
            })
        })
    }
}
