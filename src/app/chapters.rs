//! Chapter writing for the window: quote sets with their quotes as the
//! chapter prints them, the project's attribution settings, the
//! re-identification warning in the user's language, and the quote finder.

use super::exports::{ExportFormat, ExportOptions, ExportWritten};
use super::session::{Lookup, Session, id};
use super::views::{
    ChapterSource, ClipboardView, CoarserView, FinderCandidate, FinderReason, FinderRequest,
    FinderView, Language, ProjectSettingsView, QuoteSetRef, QuoteSetSummary, QuoteSetView,
    SetQuoteView, WarningView,
};
use super::{ApiResult, App};
use crate::attribution::{self, Population};
use crate::chapter::{self, ChapterQuote, Reason, ReportSource, risk_reason};
use crate::error::Result;
use crate::export::{self, Report, ReportTexts};
use crate::ids::{CodingId, QuoteSetId};
use crate::search;
use crate::storage::ProjectSettings;
use crate::text::Utf16Map;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// The most codings the finder ranks (a theme has at most some thousands).
const FINDER_CAP: usize = 50_000;

fn set_ref((id, name): (QuoteSetId, String)) -> QuoteSetRef {
    QuoteSetRef {
        id: id.to_string(),
        name,
    }
}

fn settings_view(s: ProjectSettings) -> ProjectSettingsView {
    ProjectSettingsView {
        transcript_attribution: s.transcript_attribution,
        survey_attribution: s.survey_attribution,
        reidentification_k: s.reidentification_k,
    }
}

impl Session {
    /// The project's participants for the re-identification warning, read
    /// once per revision.
    pub(crate) fn population(&mut self) -> Result<Arc<Population>> {
        let revision = self.project.revision()?;
        if let Some((r, p)) = &self.population
            && *r == revision
        {
            return Ok(p.clone());
        }
        let p = Arc::new(Population::read(&self.project)?);
        self.population = Some((revision, p.clone()));
        Ok(p)
    }

    /// A quote set's quotes as its chapter prints them.
    pub(crate) fn chapter_quotes(&mut self, set: QuoteSetId) -> Result<Vec<ChapterQuote>> {
        let population = self.population()?;
        let settings = self.project.project_settings()?;
        let set = self.project.quote_set(set)?;
        chapter::quotes_of_set(&self.project, &set, &population, &settings)
    }

    fn quote_set_view(&mut self, set: QuoteSetId, lang: Language) -> Result<QuoteSetView> {
        let quotes = self.chapter_quotes(set)?;
        let info = self.project.quote_set(set)?;
        let lookup = Lookup::new(&self.project)?;
        let mut views = Vec::with_capacity(quotes.len());
        for q in quotes {
            let map = self.map(q.coding.document_id)?;
            let in_text = Utf16Map::new(&q.coding.text);
            let parts = q.item.parts.as_ref().map(|parts| {
                parts
                    .iter()
                    .map(|&(a, b)| {
                        (
                            in_text.to_utf16(a.saturating_sub(q.coding.start)) as u32,
                            in_text.to_utf16(b.saturating_sub(q.coding.start)) as u32,
                        )
                    })
                    .collect()
            });
            let source = chapter::source_line(&q, lang);
            views.push(SetQuoteView {
                coding: lookup.coding(&q.coding, &map),
                source,
                code_path: q.code_path,
                document_name: q.document_name,
                speaker: q.speaker,
                turn: q.turn.map(|t| t as u32),
                start_ms: q.start_ms.map(|ms| ms.min(u32::MAX as u64) as u32),
                text: q.text,
                parts,
                note: q.item.note.clone(),
                own_template: q.item.attribution.is_some(),
                template: q.template,
                attribution: q.attribution.text,
                missing: q.attribution.missing,
                warning: q.risk.as_ref().map(|r| WarningView {
                    participants: r.participants,
                    k: r.k,
                    shown: r.shown.clone(),
                    reason: risk_reason(r, lang),
                }),
                coarser: q.coarser.map(|c| CoarserView {
                    template: c.template,
                    attribution: c.text,
                }),
                other_sets: q.other_sets.into_iter().map(set_ref).collect(),
            });
        }
        Ok(QuoteSetView {
            id: set.to_string(),
            name: info.name,
            description: info.description,
            warnings: views.iter().filter(|v| v.warning.is_some()).count() as u32,
            quotes: views,
        })
    }
}

fn set_id(s: &str) -> Result<QuoteSetId> {
    id(s, "quote set")
}

fn coding_id(s: &str) -> Result<CodingId> {
    id(s, "coding")
}

impl App {
    /// The project's attribution settings.
    pub fn project_settings(&self) -> ApiResult<ProjectSettingsView> {
        self.with(|s| Ok(settings_view(s.project.project_settings()?)))
    }

    /// Changes the project's attribution settings (templates are checked).
    pub fn set_project_settings(
        &self,
        settings: ProjectSettingsView,
    ) -> ApiResult<ProjectSettingsView> {
        self.write(|s| {
            s.project.set_project_settings(
                s.coder,
                &ProjectSettings {
                    transcript_attribution: settings.transcript_attribution,
                    survey_attribution: settings.survey_attribution,
                    reidentification_k: settings.reidentification_k,
                },
            )?;
            Ok(settings_view(s.project.project_settings()?))
        })
    }

    /// Every quote set with how many quotes and warnings it has.
    pub fn quote_sets(&self) -> ApiResult<Vec<QuoteSetSummary>> {
        self.with(|s| {
            let sets = s.project.quote_sets()?;
            let mut out = Vec::with_capacity(sets.len());
            for set in sets {
                let quotes = s.chapter_quotes(set.id)?;
                out.push(QuoteSetSummary {
                    id: set.id.to_string(),
                    name: set.name,
                    description: set.description,
                    quotes: quotes.len() as u32,
                    warnings: quotes.iter().filter(|q| q.risk.is_some()).count() as u32,
                });
            }
            Ok(out)
        })
    }

    /// A quote set with its quotes.
    pub fn quote_set(&self, set: &str) -> ApiResult<QuoteSetView> {
        let lang = self.language()?;
        let set = set_id(set)?;
        self.with(|s| s.quote_set_view(set, lang))
    }

    /// Creates a quote set after the others; answers with it.
    pub fn create_quote_set(&self, name: &str) -> ApiResult<QuoteSetView> {
        let lang = self.language()?;
        self.write(|s| {
            let set = s.project.create_quote_set(s.coder, name)?;
            s.quote_set_view(set, lang)
        })
    }

    /// Renames a quote set.
    pub fn rename_quote_set(&self, set: &str, name: &str) -> ApiResult<()> {
        let set = set_id(set)?;
        self.write(|s| s.project.rename_quote_set(s.coder, set, name))
    }

    /// Sets a quote set's description.
    pub fn describe_quote_set(&self, set: &str, description: &str) -> ApiResult<()> {
        let set = set_id(set)?;
        self.write(|s| s.project.describe_quote_set(s.coder, set, description))
    }

    /// Deletes a quote set (its codings stay).
    pub fn delete_quote_set(&self, set: &str) -> ApiResult<()> {
        let set = set_id(set)?;
        self.write(|s| s.project.delete_quote_set(s.coder, set))
    }

    /// Moves a quote set to `position` among the sets.
    pub fn move_quote_set(&self, set: &str, position: u32) -> ApiResult<()> {
        let set = set_id(set)?;
        self.write(|s| s.project.move_quote_set(s.coder, set, position as usize))
    }

    /// Adds a coding to a set (at `position`, or the end); answers with the set.
    pub fn add_to_quote_set(
        &self,
        set: &str,
        coding: &str,
        position: Option<u32>,
    ) -> ApiResult<QuoteSetView> {
        let lang = self.language()?;
        let (set, coding) = (set_id(set)?, coding_id(coding)?);
        self.write(|s| {
            s.project
                .add_to_quote_set(s.coder, set, coding, "", position.map(|p| p as usize))?;
            s.quote_set_view(set, lang)
        })
    }

    /// Removes a quote from a set; answers with the set.
    pub fn remove_from_quote_set(&self, set: &str, coding: &str) -> ApiResult<QuoteSetView> {
        let lang = self.language()?;
        let (set, coding) = (set_id(set)?, coding_id(coding)?);
        self.write(|s| {
            s.project.remove_from_quote_set(s.coder, set, coding)?;
            s.quote_set_view(set, lang)
        })
    }

    /// Moves a quote within its set; answers with the set.
    pub fn move_in_quote_set(
        &self,
        set: &str,
        coding: &str,
        position: u32,
    ) -> ApiResult<QuoteSetView> {
        let lang = self.language()?;
        let (set, coding) = (set_id(set)?, coding_id(coding)?);
        self.write(|s| {
            s.project
                .move_in_quote_set(s.coder, set, coding, position as usize)?;
            s.quote_set_view(set, lang)
        })
    }

    /// Writes the note on a quote; answers with the set.
    pub fn set_quote_note(&self, set: &str, coding: &str, note: &str) -> ApiResult<QuoteSetView> {
        let lang = self.language()?;
        let (set, coding) = (set_id(set)?, coding_id(coding)?);
        self.write(|s| {
            s.project.set_quote_note(s.coder, set, coding, note)?;
            s.quote_set_view(set, lang)
        })
    }

    /// Trims a quote to `parts` ([start, end] UTF-16 offsets into the
    /// coding's text; the gaps are omissions), or back to the whole coding
    /// with `None`; answers with the set.
    pub fn trim_quote(
        &self,
        set: &str,
        coding: &str,
        parts: Option<Vec<(u32, u32)>>,
    ) -> ApiResult<QuoteSetView> {
        let lang = self.language()?;
        let (set, coding) = (set_id(set)?, coding_id(coding)?);
        self.write(|s| {
            let c = s.project.coding(coding)?;
            let map = Utf16Map::new(&c.text);
            let parts = parts
                .map(|parts| {
                    parts
                        .into_iter()
                        .map(|(a, b)| {
                            Ok((
                                c.start + map.to_cp(a as usize)?,
                                c.start + map.to_cp(b as usize)?,
                            ))
                        })
                        .collect::<Result<Vec<_>>>()
                })
                .transpose()?;
            s.project
                .trim_quote(s.coder, set, coding, parts.as_deref())?;
            s.quote_set_view(set, lang)
        })
    }

    /// Gives a quote an attribution template of its own (a coarser one),
    /// or the project's again with `None`; answers with the set.
    pub fn set_quote_attribution(
        &self,
        set: &str,
        coding: &str,
        template: Option<String>,
    ) -> ApiResult<QuoteSetView> {
        let lang = self.language()?;
        let (set, coding) = (set_id(set)?, coding_id(coding)?);
        self.write(|s| {
            s.project
                .set_quote_attribution(s.coder, set, coding, template.as_deref())?;
            s.quote_set_view(set, lang)
        })
    }

    /// The quote sets that hold a coding.
    pub fn quote_sets_with(&self, coding: &str) -> ApiResult<Vec<QuoteSetRef>> {
        let coding = coding_id(coding)?;
        self.with(|s| {
            Ok(s.project
                .quote_sets_with(coding)?
                .into_iter()
                .map(set_ref)
                .collect())
        })
    }

    /// What a template writes for the first quotes of the project (a
    /// settings dialog's preview); an invalid template is refused with its
    /// reason.
    pub fn preview_attribution(&self, template: &str) -> ApiResult<Vec<String>> {
        attribution::check(template)?;
        self.with(|s| {
            let ids: Vec<CodingId> = s
                .project
                .connection()
                .prepare("SELECT id FROM codings ORDER BY created_at LIMIT 3")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let mut out = Vec::new();
            for c in s.project.codings_by_ids(&ids)? {
                let (src, _) = attribution::sources_of(&s.project, &c)?;
                out.push(attribution::fill(template, &src)?.text);
            }
            Ok(out)
        })
    }

    /// Candidate quotes for a theme, best first ([`chapter::rank_candidates`]).
    pub fn quote_finder(&self, request: FinderRequest) -> ApiResult<FinderView> {
        self.with(|s| {
            let started = Instant::now();
            let req = search::QuoteRequest {
                code: Some(id(&request.code, "code")?),
                filters: super::search::filters_to_core(request.filters)?,
                query: request.query,
                order: search::QuoteOrder::Document,
                context: search::QuoteContext::Turn,
                offset: 0,
                limit: FINDER_CAP,
            };
            let (ids, total) = s.index.quote_ids(&s.project, &req)?;
            // In document order: of equal candidates the earlier wins.
            let limit = request.limit.clamp(1, 200) as usize;
            let ranked = chapter::rank_candidates(s.facts()?, &ids, limit);
            let order: Vec<CodingId> = ranked.iter().map(|c| c.coding).collect();
            let found = search::SearchIndex::quotes_of(
                &s.project,
                &order,
                search::QuoteContext::Turn,
                0,
                order.len(),
            )?;
            let lookup = Lookup::new(&s.project)?;
            let mut candidates = Vec::with_capacity(ranked.len());
            for (q, c) in found.quotes.into_iter().zip(&ranked) {
                let in_sets = s
                    .project
                    .quote_sets_with(c.coding)?
                    .into_iter()
                    .map(set_ref)
                    .collect();
                candidates.push(FinderCandidate {
                    quote: s.quote_view(q, &lookup)?,
                    words: c.words as u32,
                    reasons: c.reasons.iter().map(reason_view).collect(),
                    in_sets,
                });
            }
            Ok(FinderView {
                total: total as u32,
                candidates,
                elapsed_ms: started.elapsed().as_secs_f64() * 1000.0,
            })
        })
    }
}

fn reason_view(r: &Reason) -> FinderReason {
    match r {
        Reason::ReadableLength => FinderReason::ReadableLength,
        Reason::Short => FinderReason::Short,
        Reason::Long => FinderReason::Long,
        Reason::NewParticipant => FinderReason::NewParticipant,
        Reason::NewDocument => FinderReason::NewDocument,
        Reason::NewTag { dimension, value } => FinderReason::NewTag {
            dimension: dimension.clone(),
            value: value.clone(),
        },
    }
}

impl Session {
    /// A chapter as a report ([`chapter::report`]).
    pub(crate) fn chapter_report(
        &mut self,
        source: &ChapterSource,
        lang: Language,
    ) -> Result<Report> {
        let source = match source {
            ChapterSource::QuoteSets { ids } => {
                ReportSource::QuoteSets(ids.iter().map(|i| set_id(i)).collect::<Result<_>>()?)
            }
            ChapterSource::Report {
                themes,
                quotes_per_theme,
            } => ReportSource::Themes {
                themes: themes
                    .iter()
                    .map(|t| id(t, "code"))
                    .collect::<Result<_>>()?,
                quotes_per_theme: (*quotes_per_theme).clamp(1, 200) as usize,
            },
        };
        let population = self.population()?;
        let (project, facts) = self.project_and_facts()?;
        let settings = project.project_settings()?;
        chapter::report(project, facts, &population, &settings, &source, lang)
    }
}

impl App {
    /// Writes a chapter (quote sets, or a report skeleton of themes) to
    /// DOCX in real Word styles (with an organisation's template, by
    /// choice), Markdown or plain text; every quote whose attribution may
    /// identify someone is flagged in the file.
    pub fn export_chapter(
        &self,
        source: ChapterSource,
        format: ExportFormat,
        path: &Path,
        options: ExportOptions,
    ) -> ApiResult<ExportWritten> {
        let lang = self.language()?;
        let started = Instant::now();
        let report = self.with(|s| s.chapter_report(&source, lang))?;
        let file = export::report_file(&report, format, &ReportTexts::of(lang), &options)?;
        super::exports::written(path, file, started)
    }

    /// A chapter for the clipboard: HTML for pasting into Word (styles
    /// become formatting), and plain text.
    pub fn chapter_clipboard(&self, source: ChapterSource) -> ApiResult<ClipboardView> {
        let lang = self.language()?;
        let report = self.with(|s| s.chapter_report(&source, lang))?;
        let texts = ReportTexts::of(lang);
        Ok(ClipboardView {
            html: export::html(&report, &texts),
            text: export::plain_text(&report, &texts),
        })
    }
}
