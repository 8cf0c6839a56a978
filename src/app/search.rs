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

/// How many values of a long facet group (codes, documents, questions,
/// speakers, one attribute) the sidebar gets unless it asks for the group
/// whole: the most frequent, plus any selected. (It shows 8 until "visa
/// alla"; every value of a large project's 204 codes, each with its path of
/// ids, was three quarters of an answer's bytes on each keystroke.)
pub(crate) const FACET_VALUES_SHOWN: usize = 25;

/// The group a facet value belongs to, if that group can be long. Tags,
/// kinds, coders and statuses are short and always sent whole.
fn long_group(k: &FacetKey) -> Option<FacetGroupName> {
    Some(match k {
        FacetKey::Code { .. } => FacetGroupName::Code,
        FacetKey::Doc { .. } => FacetGroupName::Doc,
        FacetKey::Question { .. } => FacetGroupName::Question,
        FacetKey::Speaker { .. } => FacetGroupName::Speaker,
        FacetKey::Attr { name, .. } => FacetGroupName::Attr { name: name.clone() },
        _ => return None,
    })
}

/// Whether the request filters on facet value `k` (the sidebar must keep it
/// to show it as chosen).
fn selected(f: &search::Filters, k: &FacetKey) -> bool {
    match k {
        FacetKey::Code { path } => path.last().is_some_and(|c| f.codes.contains(c)),
        FacetKey::Doc { id } => f.documents.contains(id),
        FacetKey::Question { value } => f.questions.contains(value),
        FacetKey::Speaker { value } => f.speakers.contains(value),
        FacetKey::Attr { name, value } => f.attributes.iter().any(|(n, v)| n == name && v == value),
        _ => false,
    }
}

/// Caps each long group to its most frequent values (and the selected),
/// except the groups in `full`; gives each long group's number of values.
pub(crate) fn top_facets(
    facets: Vec<FacetCount>,
    filters: &search::Filters,
    full: &[FacetGroupName],
) -> (Vec<FacetCount>, Vec<FacetGroupSize>) {
    let mut by_group: HashMap<FacetGroupName, Vec<&FacetCount>> = HashMap::new();
    let mut order: Vec<FacetGroupName> = Vec::new();
    for f in &facets {
        if let Some(g) = long_group(&f.key) {
            by_group
                .entry(g)
                .or_insert_with_key(|g| {
                    order.push(g.clone());
                    Vec::new()
                })
                .push(f);
        }
    }
    let sizes = order
        .iter()
        .map(|g| FacetGroupSize {
            name: g.clone(),
            values: by_group[g].len() as u32,
        })
        .collect();
    let mut shown: HashSet<&FacetKey> = HashSet::new();
    for (g, values) in by_group.iter_mut() {
        if full.contains(g) {
            shown.extend(values.iter().map(|f| &f.key));
            continue;
        }
        values.sort_by(|a, b| b.count.cmp(&a.count).then(a.facet.cmp(&b.facet)));
        shown.extend(values.iter().take(FACET_VALUES_SHOWN).map(|f| &f.key));
    }
    let shown: HashSet<FacetKey> = shown.into_iter().cloned().collect();
    let kept = facets
        .into_iter()
        .filter(|f| {
            long_group(&f.key).is_none() || shown.contains(&f.key) || selected(filters, &f.key)
        })
        .collect();
    (kept, sizes)
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
            let results = s.index.search(&s.project, &req)?;
            let lookup = Lookup::new(&s.project)?;
            let (facets, facet_groups) =
                top_facets(results.facets, &req.filters, &request.full_groups);
            let mut facets = facets
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
                facet_groups,
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
        // 30 codes under one theme, the theme most frequent; the code the
        // filter chose is the least frequent.
        let theme = crate::CodeId::new();
        let codes: Vec<crate::CodeId> = (0..30).map(|_| crate::CodeId::new()).collect();
        facets.push(count(FacetKey::Code { path: vec![theme] }, 1000));
        for (i, c) in codes.iter().enumerate() {
            facets.push(count(
                FacetKey::Code {
                    path: vec![theme, *c],
                },
                100 - i as u64,
            ));
        }
        let filters = search::Filters {
            documents: vec![docs[39]],
            codes: vec![codes[29]],
            ..Default::default()
        };
        let (kept, sizes) = top_facets(facets.clone(), &filters, &[]);
        let n = |kept: &[FacetCount], f: &dyn Fn(&FacetKey) -> bool| {
            kept.iter().filter(|c| f(&c.key)).count()
        };
        assert_eq!(
            n(&kept, &|k| matches!(k, FacetKey::Doc { .. })),
            FACET_VALUES_SHOWN + 1,
            "top 25 and the selected one"
        );
        assert!(kept.iter().any(|f| f.key == FacetKey::Doc { id: docs[0] }));
        assert!(kept.iter().any(|f| f.key == FacetKey::Doc { id: docs[39] }));
        assert_eq!(
            n(&kept, &|k| matches!(k, FacetKey::Attr { .. })),
            FACET_VALUES_SHOWN,
            "a '/' in the attribute's name and value does not split its group"
        );
        assert!(kept.iter().any(|f| f.key == attr("k/39".into())));
        assert!(!kept.iter().any(|f| f.key == attr("k/00".into())));
        assert_eq!(n(&kept, &|k| matches!(k, FacetKey::Tag { .. })), 1);
        assert_eq!(n(&kept, &|k| matches!(k, FacetKey::Kind { .. })), 1);
        assert_eq!(
            n(&kept, &|k| matches!(k, FacetKey::Code { .. })),
            FACET_VALUES_SHOWN + 1,
            "the theme, its 24 most frequent codes and the chosen one"
        );
        assert!(
            kept.iter()
                .any(|f| f.key == FacetKey::Code { path: vec![theme] })
        );
        assert!(kept.iter().any(|f| f.key
            == FacetKey::Code {
                path: vec![theme, codes[29]]
            }));
        assert!(!kept.iter().any(|f| f.key
            == FacetKey::Code {
                path: vec![theme, codes[28]]
            }));
        let size = |sizes: &[FacetGroupSize], g: FacetGroupName| {
            sizes.iter().find(|s| s.name == g).map(|s| s.values)
        };
        assert_eq!(size(&sizes, FacetGroupName::Doc), Some(40));
        assert_eq!(size(&sizes, FacetGroupName::Code), Some(31));
        assert_eq!(
            size(
                &sizes,
                FacetGroupName::Attr {
                    name: "Kommun/ort".into()
                }
            ),
            Some(40)
        );
        assert_eq!(
            sizes.len(),
            3,
            "short groups (tags, kinds) have no size: they come whole"
        );
        // Asked for whole, a group comes whole; the others stay capped.
        let (whole, _) = top_facets(facets, &filters, &[FacetGroupName::Code]);
        assert_eq!(n(&whole, &|k| matches!(k, FacetKey::Code { .. })), 31);
        assert_eq!(
            n(&whole, &|k| matches!(k, FacetKey::Doc { .. })),
            FACET_VALUES_SHOWN + 1
        );
    }
}
