//! Chapters: what an author's quote sets become. A quote as the chapter
//! prints it (trimmed, with omissions marked), where it comes from, its
//! attribution and whether that attribution may identify someone; and the
//! quote finder, which ranks a theme's codings as candidate quotes.
//!
//! Every view and export of a quote set reads its quotes from here, so the
//! window, the command line and the Word file print the same text and the
//! same attribution.

use crate::analysis::Facts;
use crate::attribution::{self, Attribution, Population, Risk, Templates};
use crate::error::Result;
use crate::export::{Report, ReportQuote, Section};
use crate::ids::{CodeId, CodingId, QuoteSetId};
use crate::model::{Coding, DocumentKind, Language, QuoteSet, QuoteSetItem};
use crate::storage::{Project, ProjectSettings};
use std::collections::HashMap;

/// How an omission in a quote is written.
pub const OMISSION: &str = "[…]";

/// The text a quote prints: the whole coding, or the parts it is trimmed
/// to (document positions within the coding's span) joined by "[…]".
/// `text` is the coding's text, which starts at `start` in the document.
pub fn excerpt(text: &str, start: usize, parts: Option<&[(usize, usize)]>) -> String {
    let Some(parts) = parts else {
        return text.trim().to_owned();
    };
    let chars: Vec<char> = text.chars().collect();
    let slice = |(a, b): (usize, usize)| -> String {
        let a = a.saturating_sub(start).min(chars.len());
        let b = b.saturating_sub(start).min(chars.len()).max(a);
        chars[a..b].iter().collect::<String>().trim().to_owned()
    };
    parts
        .iter()
        .map(|&p| slice(p))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(&format!(" {OMISSION} "))
}

/// A coarser attribution that no longer warns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coarser {
    /// Its template.
    pub template: String,
    /// The attribution it writes for the quote.
    pub text: String,
}

/// A quote of a set as a chapter prints it, with where it comes from.
#[derive(Clone, Debug)]
pub struct ChapterQuote {
    /// The set's item (note, trim, own template).
    pub item: QuoteSetItem,
    /// The coding quoted.
    pub coding: Coding,
    /// The code's path ("Samverkan / Systemets dilemman").
    pub code_path: String,
    /// The quote's text, trimmed, omissions marked.
    pub text: String,
    /// The document's name and kind.
    pub document_name: String,
    /// The kind of document.
    pub document_kind: DocumentKind,
    /// The speaker label of the turn the quote starts in.
    pub speaker: Option<String>,
    /// The number of the turn (from 1, as the reader shows it).
    pub turn: Option<usize>,
    /// When the turn starts in the recording, in milliseconds.
    pub start_ms: Option<u64>,
    /// The template the attribution is written with.
    pub template: String,
    /// The attribution.
    pub attribution: Attribution,
    /// Whether the attribution may identify someone.
    pub risk: Option<Risk>,
    /// A coarser attribution that would not, when it does.
    pub coarser: Option<Coarser>,
    /// The (other) sets that quote the same coding.
    pub other_sets: Vec<(QuoteSetId, String)>,
}

/// The quotes of `set` as its chapter prints them, in the set's order.
pub fn quotes_of_set(
    p: &Project,
    set: &QuoteSet,
    population: &Population,
    settings: &ProjectSettings,
) -> Result<Vec<ChapterQuote>> {
    let templates = Templates::of(settings);
    let ids: Vec<CodingId> = set.items.iter().map(|i| i.coding_id).collect();
    let mut codings: HashMap<CodingId, Coding> = p
        .codings_by_ids(&ids)?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut out = Vec::with_capacity(set.items.len());
    for item in &set.items {
        let Some(coding) = codings.remove(&item.coding_id) else {
            continue;
        };
        out.push(chapter_quote(
            p,
            Some(set.id),
            item.clone(),
            coding,
            population,
            &templates,
            settings.reidentification_k,
        )?);
    }
    Ok(out)
}

/// Codings as a chapter would print them, not in any set (a report
/// skeleton's pinned examples and candidates), in the order given.
pub fn quotes_of_codings(
    p: &Project,
    ids: &[CodingId],
    population: &Population,
    settings: &ProjectSettings,
) -> Result<Vec<ChapterQuote>> {
    let templates = Templates::of(settings);
    let mut codings: HashMap<CodingId, Coding> = p
        .codings_by_ids(ids)?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(coding) = codings.remove(id) else {
            continue;
        };
        let item = QuoteSetItem {
            coding_id: *id,
            note: String::new(),
            parts: None,
            attribution: None,
        };
        out.push(chapter_quote(
            p,
            None,
            item,
            coding,
            population,
            &templates,
            settings.reidentification_k,
        )?);
    }
    Ok(out)
}

fn chapter_quote(
    p: &Project,
    set: Option<QuoteSetId>,
    item: QuoteSetItem,
    coding: Coding,
    population: &Population,
    templates: &Templates,
    k: u32,
) -> Result<ChapterQuote> {
    let (src, kind) = attribution::sources_of(p, &coding)?;
    let template = item
        .attribution
        .clone()
        .unwrap_or_else(|| templates.for_quote(&src, kind).to_owned());
    let written = attribution::fill(&template, &src)?;
    let risk = population.risk(&template, &src, k)?;
    let coarser = match &risk {
        Some(_) => population
            .coarser(&template, &src, k)?
            .map(|t| -> Result<Coarser> {
                Ok(Coarser {
                    text: attribution::fill(&t, &src)?.text,
                    template: t,
                })
            })
            .transpose()?,
        None => None,
    };
    let doc = p.document_summary(coding.document_id)?;
    let turn = p.turn_at(coding.document_id, coding.start)?;
    let turn_number = match &turn {
        Some(_) => p.turn_number_at(coding.document_id, coding.start)?,
        None => None,
    };
    let other_sets = p
        .quote_sets_with(coding.id)?
        .into_iter()
        .filter(|(s, _)| Some(*s) != set)
        .collect();
    Ok(ChapterQuote {
        text: excerpt(&coding.text, coding.start, item.parts.as_deref()),
        code_path: p.code_path(coding.code_id)?,
        document_name: doc.name,
        document_kind: doc.kind,
        speaker: turn.as_ref().map(|t| t.speaker.clone()),
        turn: turn_number,
        start_ms: turn.and_then(|t| t.start_ms),
        template,
        attribution: written,
        risk,
        coarser,
        other_sets,
        item,
        coding,
    })
}

/// The words of a placeholder in a warning: the attribute's name, or what
/// `speaker` and `case` stand for.
fn placeholder_label(name: &str, lang: Language) -> String {
    let first = name.split('|').next().unwrap_or(name).trim();
    match (first, lang) {
        ("speaker", Language::Sv) => "talare".into(),
        ("speaker", Language::En) => "speaker".into(),
        ("case", Language::Sv) => "deltagare".into(),
        ("case", Language::En) => "participant".into(),
        (other, _) => other.to_owned(),
    }
}

/// The reason of a re-identification warning in the user's language.
pub fn risk_reason(risk: &Risk, lang: Language) -> String {
    let values: Vec<String> = risk
        .shown
        .iter()
        .map(|(name, value)| format!("{} {value}", placeholder_label(name, lang)))
        .collect();
    let and = match lang {
        Language::Sv => " och ",
        Language::En => " and ",
    };
    let list = match values.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{}{and}{last}", rest.join(", ")),
        None => String::new(),
    };
    let n = risk.participants.max(1);
    match lang {
        Language::Sv => format!(
            "bara {n} deltagare i projektet har {list} (färre än {})",
            risk.k
        ),
        Language::En if n == 1 => {
            format!(
                "only 1 participant in the project has {list} (fewer than {})",
                risk.k
            )
        }
        Language::En => format!(
            "only {n} participants in the project have {list} (fewer than {})",
            risk.k
        ),
    }
}

/// "00:12:31" for a turn's time in the recording.
fn clock_time(ms: u64) -> String {
    let s = ms / 1000;
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// Where a quote comes from, as a report's source line prints it:
/// "fokusgrupp-2022-team1 · Sjuksköterska · replik 12 · 00:12:31".
pub fn source_line(q: &ChapterQuote, lang: Language) -> String {
    let mut parts = vec![q.document_name.clone()];
    parts.extend(q.speaker.clone());
    if let Some(n) = q.turn {
        parts.push(match lang {
            Language::Sv => format!("replik {n}"),
            Language::En => format!("turn {n}"),
        });
    }
    parts.extend(q.start_ms.map(clock_time));
    parts.join(" · ")
}

/// A chapter's quote in the report model.
pub fn report_quote(q: &ChapterQuote, lang: Language) -> ReportQuote {
    ReportQuote {
        text: q.text.clone(),
        attribution: q.attribution.text.clone(),
        note: q.item.note.clone(),
        warning: q.risk.as_ref().map(|r| risk_reason(r, lang)),
        source: source_line(q, lang),
    }
}

/// What a report is made of: quote sets (a section each, with their quotes
/// as the set prints them), or a skeleton of themes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportSource {
    /// These sets, in this order.
    QuoteSets(Vec<QuoteSetId>),
    /// These themes, each with its definition and scope notes, its pinned
    /// examples and then the quote finder's best candidates up to
    /// `quotes_per_theme`, and its subthemes with their definitions and
    /// pinned examples. A discarded theme is left out.
    Themes {
        /// The themes (any node can stand as one).
        themes: Vec<CodeId>,
        /// How many quotes a theme gets at most.
        quotes_per_theme: usize,
    },
}

/// A chapter as a report (its quotes that may identify someone flagged).
pub fn report(
    p: &Project,
    facts: &Facts,
    population: &Population,
    settings: &ProjectSettings,
    source: &ReportSource,
    lang: Language,
) -> Result<Report> {
    let mut sections = Vec::new();
    match source {
        ReportSource::QuoteSets(ids) => {
            for &set in ids {
                let set = p.quote_set(set)?;
                let quotes = quotes_of_set(p, &set, population, settings)?;
                sections.push(Section {
                    level: 1,
                    title: set.name,
                    definition: set.description,
                    quotes: quotes.iter().map(|q| report_quote(q, lang)).collect(),
                    ..Default::default()
                });
            }
        }
        ReportSource::Themes {
            themes,
            quotes_per_theme,
        } => {
            for &theme in themes {
                theme_sections(
                    p,
                    facts,
                    theme,
                    *quotes_per_theme,
                    population,
                    settings,
                    lang,
                    &mut sections,
                )?;
            }
        }
    }
    Ok(Report {
        title: p.info()?.name,
        subtitle: None,
        sections,
    })
}

/// A node as a report section with these quotes.
fn section(
    p: &Project,
    code: CodeId,
    level: u8,
    quotes: &[ChapterQuote],
    lang: Language,
) -> Result<Section> {
    let info = p.code(code)?;
    Ok(Section {
        level,
        title: info.name,
        definition: info.definition,
        scope_includes: info.scope_includes,
        scope_excludes: info.scope_excludes,
        quotes: quotes.iter().map(|q| report_quote(q, lang)).collect(),
    })
}

#[allow(clippy::too_many_arguments)]
fn theme_sections(
    p: &Project,
    facts: &Facts,
    theme: CodeId,
    per_theme: usize,
    population: &Population,
    settings: &ProjectSettings,
    lang: Language,
    out: &mut Vec<Section>,
) -> Result<()> {
    let Some(&t) = facts.code_index.get(&theme) else {
        return Err(crate::Error::unknown("code", theme));
    };
    if facts.codes[t as usize].out {
        return Ok(());
    }
    let pinned = p.code_examples(theme)?;
    let mut chosen = pinned.clone();
    if chosen.len() < per_theme {
        // The codings below the theme, in document order, for the finder.
        let mut below: Vec<(i64, u32, u32)> = facts
            .codings
            .iter()
            .enumerate()
            .filter(|(_, c)| !pinned.contains(&c.id) && facts.ancestors(c.code).any(|a| a == t))
            .map(|(i, c)| (facts.docs[c.doc as usize].sort_key, c.start, i as u32))
            .collect();
        below.sort_unstable();
        let below: Vec<u32> = below.iter().map(|b| b.2).collect();
        let ranked = rank(facts, &below, per_theme - chosen.len());
        chosen.extend(ranked.iter().map(|c| c.coding));
    }
    let quotes = quotes_of_codings(p, &chosen, population, settings)?;
    out.push(section(p, theme, 1, &quotes, lang)?);
    // Its subthemes: its children in the analysis, in tree order.
    let mut children: Vec<(u32, CodeId)> = facts
        .codes
        .iter()
        .enumerate()
        .filter(|(_, c)| c.parent == Some(t) && !c.out)
        .map(|(i, c)| (i as u32, c.id))
        .collect();
    children.sort_unstable();
    for (_, child) in children {
        let examples = p.code_examples(child)?;
        let quotes = quotes_of_codings(p, &examples, population, settings)?;
        out.push(section(p, child, 2, &quotes, lang)?);
    }
    Ok(())
}

/// Why the quote finder ranks a candidate where it does.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// About 15–80 words: reads well in a report.
    ReadableLength,
    /// Fewer words than a quote needs.
    Short,
    /// More words than a report quotes at once.
    Long,
    /// A participant not yet among the candidates above it.
    NewParticipant,
    /// A document not yet among the candidates above it.
    NewDocument,
    /// A tag value (a level, a focus area …) not yet among those above it.
    NewTag {
        /// The dimension's name.
        dimension: String,
        /// The value's label.
        value: String,
    },
}

/// A candidate quote with its words and the reasons for its place.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The coding.
    pub coding: CodingId,
    /// Its words.
    pub words: usize,
    /// Its score when it was chosen (higher first).
    pub score: f64,
    /// Why.
    pub reasons: Vec<Reason>,
}

/// The readable length of a quote, in words.
pub const READABLE_WORDS: (usize, usize) = (15, 80);

/// How well a quote of `words` words reads in a report: 1 within
/// [`READABLE_WORDS`], less the further outside.
fn length_score(words: usize) -> f64 {
    let (lo, hi) = READABLE_WORDS;
    if words < lo {
        words as f64 / lo as f64
    } else if words > hi {
        hi as f64 / words as f64
    } else {
        1.0
    }
}

/// Ranks candidate quotes (codings, in document order) to help an author
/// choose: readable length first, then different participants and
/// documents before repeats, and levels and focus areas (every tag
/// dimension) not yet covered. Greedy: each next candidate is the best
/// given those above it. Codings of discarded codes, and ids the facts do
/// not hold, are left out. At most `limit`.
pub fn rank_candidates(facts: &Facts, codings: &[CodingId], limit: usize) -> Vec<Candidate> {
    let indexes: Vec<u32> = codings
        .iter()
        .filter_map(|id| facts.coding_index.get(id).copied())
        .collect();
    rank(facts, &indexes, limit)
}

/// [`rank_candidates`] of codings given by their index in the facts.
fn rank(facts: &Facts, codings: &[u32], limit: usize) -> Vec<Candidate> {
    struct Item<'f> {
        id: CodingId,
        words: usize,
        participant: Option<u32>,
        unit: u32,
        tags: &'f [u32],
    }
    let mut items: Vec<Item> = codings
        .iter()
        .filter_map(|&i| {
            let c = &facts.codings[i as usize];
            if facts.codes[c.code as usize].out {
                return None;
            }
            Some(Item {
                id: c.id,
                words: c.words as usize,
                participant: c.participant,
                unit: facts.docs[c.doc as usize].unit,
                tags: &c.tags,
            })
        })
        .collect();
    // How often each participant and unit (dense indexes of the facts) is
    // among the candidates above, and which tag values are; scored for
    // every item at every pick, so counted in vectors, not hashed.
    let participants = items.iter().filter_map(|it| it.participant).max();
    let mut seen_participants = vec![0u32; participants.map_or(0, |p| p as usize + 1)];
    let units = items.iter().map(|it| it.unit as usize + 1).max();
    let mut seen_units = vec![0u32; units.unwrap_or(0)];
    let mut seen_tags = vec![false; facts.values.len()];
    let mut out = Vec::new();
    while out.len() < limit && !items.is_empty() {
        let score = |it: &Item| {
            let mut s = 2.0 * length_score(it.words);
            s += match it.participant.map(|p| seen_participants[p as usize]) {
                None | Some(0) => 1.0,
                Some(n) => -0.5 * n as f64,
            };
            s += match seen_units[it.unit as usize] {
                0 => 0.6,
                n => -0.2 * n as f64,
            };
            s += 0.4 * it.tags.iter().filter(|&&t| !seen_tags[t as usize]).count() as f64;
            s
        };
        // The best; of equals the first in document order.
        let (best, best_score) = items
            .iter()
            .enumerate()
            .map(|(i, it)| (i, score(it)))
            .fold((0, f64::MIN), |acc, x| if x.1 > acc.1 { x } else { acc });
        let it = items.remove(best);
        let mut reasons = vec![match it.words {
            w if w < READABLE_WORDS.0 => Reason::Short,
            w if w > READABLE_WORDS.1 => Reason::Long,
            _ => Reason::ReadableLength,
        }];
        if let Some(p) = it.participant
            && seen_participants[p as usize] == 0
        {
            reasons.push(Reason::NewParticipant);
        }
        if seen_units[it.unit as usize] == 0 {
            reasons.push(Reason::NewDocument);
        }
        for &t in it.tags {
            if !seen_tags[t as usize] {
                let v = &facts.values[t as usize];
                reasons.push(Reason::NewTag {
                    dimension: facts.dims[v.dim as usize].name.clone(),
                    value: v.label.clone(),
                });
            }
        }
        if let Some(p) = it.participant {
            seen_participants[p as usize] += 1;
        }
        seen_units[it.unit as usize] += 1;
        for &t in it.tags {
            seen_tags[t as usize] = true;
        }
        out.push(Candidate {
            coding: it.id,
            words: it.words,
            score: best_score,
            reasons,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trimmed_quote_marks_its_omissions_and_the_whole_one_is_its_coding() {
        let text = "Vi ringer varandra. Det tar tid. Men det fungerar till slut.";
        assert_eq!(excerpt(text, 100, None), text);
        assert_eq!(
            excerpt(text, 100, Some(&[(100, 119), (133, 160)])),
            "Vi ringer varandra. […] Men det fungerar till slut."
        );
        assert_eq!(excerpt(text, 100, Some(&[(103, 118)])), "ringer varandra");
    }

    #[test]
    fn length_reads_best_between_15_and_80_words() {
        assert_eq!(length_score(15), 1.0);
        assert_eq!(length_score(80), 1.0);
        assert!(length_score(5) < 0.5);
        assert!(length_score(200) < 0.5);
    }
}
