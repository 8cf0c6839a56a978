//! Search, quotes and similar passages as the window shows them.

use super::session::{Lookup, Session, id};
use super::views::*;
use super::{ApiResult, App};
use crate::error::Result;
use crate::search::{self, FacetCount};
use std::collections::{HashMap, HashSet};
use std::time::Instant;

pub(super) fn filters_to_core(f: Filters) -> Result<search::Filters> {
    Ok(search::Filters {
        codes: f
            .codes
            .iter()
            .map(|c| id(c, "code"))
            .collect::<Result<_>>()?,
        tags: f.tags,
        documents: f
            .documents
            .iter()
            .map(|d| id(d, "document"))
            .collect::<Result<_>>()?,
        questions: f.questions,
        kinds: f.kinds,
        attributes: f.attributes,
        speakers: f.speakers,
        coders: f.coders,
        statuses: f.statuses,
    })
}

fn entry_kind(e: search::EntryKind) -> EntryKind {
    match e {
        search::EntryKind::Passage => EntryKind::Passage,
        search::EntryKind::Coding => EntryKind::Coding,
    }
}

/// How many values of a long facet group (documents, speakers, one
/// attribute) the sidebar gets: the most frequent, plus any selected.
pub(crate) const FACET_VALUES_SHOWN: usize = 25;

/// The long groups a sidebar caps: documents, questions, speakers, each
/// attribute.
/// Codes, tags, kinds, coders and statuses are short and kept whole (the
/// code tree needs every level).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum LongGroup<'a> {
    Documents,
    Questions,
    Speakers,
    Attribute(&'a str),
}

fn long_group(k: &FacetKey) -> Option<LongGroup<'_>> {
    match k {
        FacetKey::Doc { .. } => Some(LongGroup::Documents),
        FacetKey::Question { .. } => Some(LongGroup::Questions),
        FacetKey::Speaker { .. } => Some(LongGroup::Speakers),
        FacetKey::Attr { name, .. } => Some(LongGroup::Attribute(name)),
        _ => None,
    }
}

/// The facet values the request filters on, which the sidebar must keep.
fn selected_facets(f: &search::Filters) -> HashSet<FacetKey> {
    let mut keep = HashSet::new();
    keep.extend(f.documents.iter().map(|d| FacetKey::Doc { id: *d }));
    keep.extend(
        f.questions
            .iter()
            .map(|q| FacetKey::Question { value: q.clone() }),
    );
    keep.extend(
        f.speakers
            .iter()
            .map(|s| FacetKey::Speaker { value: s.clone() }),
    );
    keep.extend(f.attributes.iter().map(|(n, v)| FacetKey::Attr {
        name: n.clone(),
        value: v.clone(),
    }));
    keep
}

/// Caps each long group to its most frequent values (and the selected).
pub(crate) fn top_facets(facets: Vec<FacetCount>, keep: &HashSet<FacetKey>) -> Vec<FacetCount> {
    let mut by_group: HashMap<LongGroup<'_>, Vec<&FacetCount>> = HashMap::new();
    for f in &facets {
        if let Some(g) = long_group(&f.key) {
            by_group.entry(g).or_default().push(f);
        }
    }
    let mut shown: HashSet<&FacetKey> = HashSet::new();
    for values in by_group.values_mut() {
        values.sort_by(|a, b| b.count.cmp(&a.count).then(a.facet.cmp(&b.facet)));
        shown.extend(values.iter().take(FACET_VALUES_SHOWN).map(|f| &f.key));
    }
    let shown: HashSet<FacetKey> = shown.into_iter().cloned().collect();
    facets
        .into_iter()
        .filter(|f| long_group(&f.key).is_none() || shown.contains(&f.key) || keep.contains(&f.key))
        .collect()
}

impl Session {
    /// A quote as the window shows it: positions in UTF-16, the attribution
    /// with the project's templates.
    pub(super) fn quote_view(&mut self, q: search::Quote, lookup: &Lookup) -> Result<QuoteView> {
        let map = self.map(q.coding.document_id)?;
        let context_map = crate::text::Utf16Map::new(&q.context);
        let rel_start = q.coding.start.saturating_sub(q.context_start);
        let rel_end = q.coding.end.saturating_sub(q.context_start);
        Ok(QuoteView {
            attribution: crate::attribution::of_coding(&self.project, &q.coding)?.text,
            coding: lookup.coding(&q.coding, &map),
            document_name: q.document_name,
            speaker: q.speaker,
            quote_start: context_map.to_utf16(rel_start) as u32,
            quote_end: context_map.to_utf16(rel_end) as u32,
            context: q.context,
        })
    }

    fn hit_view(&mut self, h: search::SearchHit) -> Result<SearchHitView> {
        let map = self.map(h.document_id)?;
        let speaker = self
            .project
            .turn_at(h.document_id, h.start)?
            .map(|t| t.speaker);
        let snippet_map = crate::text::Utf16Map::new(&h.snippet.text);
        Ok(SearchHitView {
            entry: entry_kind(h.entry),
            document_id: h.document_id.to_string(),
            document_name: h.document_name,
            coding_id: h.coding_id.map(|c| c.to_string()),
            code_id: h.code_id.map(|c| c.to_string()),
            speaker,
            start: map.to_utf16(h.start) as u32,
            end: map.to_utf16(h.end) as u32,
            jump_to: map.to_utf16(h.jump_to) as u32,
            snippet: SnippetView {
                highlights: snippet_map
                    .ranges_to_utf16(&h.snippet.highlights)
                    .into_iter()
                    .map(|(a, b)| (a as u32, b as u32))
                    .collect(),
                text: h.snippet.text,
            },
            score: h.score,
        })
    }

    /// A readable label for a facet value.
    fn facet_label(&self, key: &FacetKey, lookup: &Lookup) -> Result<String> {
        Ok(match key {
            FacetKey::Doc { id } => self.project.document_summary(*id)?.name,
            FacetKey::Code { path } => path
                .last()
                .and_then(|c| lookup.code_name(*c))
                .unwrap_or_default()
                .to_owned(),
            FacetKey::Tag { dimension, value } => lookup
                .tag_label(dimension, value)
                .unwrap_or(value)
                .to_owned(),
            FacetKey::Kind { value } => value.as_str().to_owned(),
            FacetKey::Status { value } => value.as_str().to_owned(),
            FacetKey::Speaker { value }
            | FacetKey::Coder { value }
            | FacetKey::Question { value } => value.clone(),
            FacetKey::Attr { value, .. } => value.clone(),
        })
    }
}

impl App {
    /// Searches passages and codings, with facet counts.
    pub fn search(&self, request: SearchRequest) -> ApiResult<SearchResultsView> {
        self.with(|s| {
            let started = Instant::now();
            let req = search::SearchRequest {
                query: request.query,
                filters: filters_to_core(request.filters)?,
                entries: request.entries.map(|e| match e {
                    EntryKind::Passage => search::EntryKind::Passage,
                    EntryKind::Coding => search::EntryKind::Coding,
                }),
                offset: request.offset as usize,
                limit: request.limit.min(500) as usize,
                with_facets: request.with_facets,
            };
            let keep = selected_facets(&req.filters);
            let results = s.index.search(&s.project, &req)?;
            let lookup = Lookup::new(&s.project)?;
            let mut facets = top_facets(results.facets, &keep)
                .into_iter()
                .map(|f| {
                    Ok(FacetCountView {
                        label: s.facet_label(&f.key, &lookup)?,
                        facet: f.key,
                        count: f.count,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            // Within a group, by label (the index orders documents and
            // codes by their ids, which mean nothing to a reader).
            let mut groups: Vec<std::mem::Discriminant<FacetKey>> = Vec::new();
            for f in &facets {
                let g = std::mem::discriminant(&f.facet);
                if !groups.contains(&g) {
                    groups.push(g);
                }
            }
            let rank = |k: &FacetKey| groups.iter().position(|g| *g == std::mem::discriminant(k));
            facets.sort_by(|a, b| {
                rank(&a.facet)
                    .cmp(&rank(&b.facet))
                    .then_with(|| match (&a.facet, &b.facet) {
                        (FacetKey::Attr { name: x, .. }, FacetKey::Attr { name: y, .. })
                        | (
                            FacetKey::Tag { dimension: x, .. },
                            FacetKey::Tag { dimension: y, .. },
                        ) => x.cmp(y),
                        _ => std::cmp::Ordering::Equal,
                    })
                    .then_with(|| a.label.cmp(&b.label))
            });
            let hits = results
                .hits
                .into_iter()
                .map(|h| s.hit_view(h))
                .collect::<Result<_>>()?;
            Ok(SearchResultsView {
                total: results.total as u32,
                hits,
                facets,
                elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
            })
        })
    }

    /// A page of a code's (or any filter's) coded segments with context
    /// and attribution.
    pub fn quotes(&self, request: QuoteRequest) -> ApiResult<QuotesView> {
        self.with(|s| {
            let started = Instant::now();
            let req = search::QuoteRequest {
                code: request.code.as_deref().map(|c| id(c, "code")).transpose()?,
                filters: filters_to_core(request.filters)?,
                query: request.query,
                order: match request.order {
                    QuoteOrder::Document => search::QuoteOrder::Document,
                    QuoteOrder::Relevance => search::QuoteOrder::Relevance,
                },
                context: match request.context {
                    QuoteContext::Turn => search::QuoteContext::Turn,
                    QuoteContext::Sentences { n } => search::QuoteContext::Sentences(n as usize),
                },
                offset: request.offset as usize,
                limit: request.limit.min(500) as usize,
            };
            let found = match &request.codings {
                Some(ids) => {
                    let ids = ids
                        .iter()
                        .map(|c| id(c, "coding"))
                        .collect::<Result<Vec<crate::CodingId>>>()?;
                    search::SearchIndex::quotes_of(
                        &s.project,
                        &ids,
                        req.context,
                        req.offset,
                        req.limit,
                    )?
                }
                None => s.index.quotes(&s.project, &req)?,
            };
            let lookup = Lookup::new(&s.project)?;
            let mut quotes = Vec::with_capacity(found.quotes.len());
            for q in found.quotes {
                quotes.push(s.quote_view(q, &lookup)?);
            }
            Ok(QuotesView {
                total: found.total as u32,
                quotes,
                elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
            })
        })
    }

    /// Passages like a coding or like a code's codings.
    pub fn similar(&self, to: SimilarTo, limit: u32) -> ApiResult<Vec<SearchHitView>> {
        self.with(|s| {
            let target = match to {
                SimilarTo::Coding(c) => search::SimilarTo::Coding(id(&c, "coding")?),
                SimilarTo::Code(c) => search::SimilarTo::Code(id(&c, "code")?),
            };
            let hits = s
                .index
                .similar(&s.project, target, limit.min(100) as usize)?;
            hits.into_iter().map(|h| s.hit_view(h)).collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DocumentId;

    fn count(key: FacetKey, count: u64) -> FacetCount {
        FacetCount {
            facet: key.to_string(),
            key,
            count,
        }
    }

    #[test]
    fn long_facet_groups_keep_their_most_frequent_and_selected_values() {
        let tag = |v: &str| FacetKey::Tag {
            dimension: "niva".into(),
            value: v.into(),
        };
        let attr = |v: String| FacetKey::Attr {
            name: "Kommun/ort".into(),
            value: v,
        };
        let docs: Vec<DocumentId> = (0..40).map(|_| DocumentId::new()).collect();
        let mut facets = vec![
            count(tag("mikro"), 3),
            count(
                FacetKey::Kind {
                    value: crate::DocumentKind::Interview,
                },
                9,
            ),
        ];
        for (i, d) in docs.iter().enumerate() {
            facets.push(count(FacetKey::Doc { id: *d }, 100 - i as u64));
            facets.push(count(attr(format!("k/{i:02}")), 1 + i as u64));
        }
        facets.push(count(
            FacetKey::Code {
                path: vec![crate::CodeId::new()],
            },
            1,
        ));
        let keep: HashSet<FacetKey> = [FacetKey::Doc { id: docs[39] }].into();
        let kept = top_facets(facets, &keep);
        let n = |f: &dyn Fn(&FacetKey) -> bool| kept.iter().filter(|c| f(&c.key)).count();
        assert_eq!(
            n(&|k| matches!(k, FacetKey::Doc { .. })),
            FACET_VALUES_SHOWN + 1,
            "top 25 and the selected one"
        );
        assert!(kept.iter().any(|f| f.key == FacetKey::Doc { id: docs[0] }));
        assert!(kept.iter().any(|f| f.key == FacetKey::Doc { id: docs[39] }));
        assert_eq!(
            n(&|k| matches!(k, FacetKey::Attr { .. })),
            FACET_VALUES_SHOWN,
            "a '/' in the attribute's name and value does not split its group"
        );
        assert!(kept.iter().any(|f| f.key == attr("k/39".into())));
        assert!(!kept.iter().any(|f| f.key == attr("k/00".into())));
        assert_eq!(n(&|k| matches!(k, FacetKey::Tag { .. })), 1);
        assert_eq!(n(&|k| matches!(k, FacetKey::Kind { .. })), 1);
        assert_eq!(n(&|k| matches!(k, FacetKey::Code { .. })), 1);
    }
}
