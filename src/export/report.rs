//! The report model: what a chapter or report skeleton holds, filled by the
//! app layer (themes with their definitions, the quotes chosen for them,
//! each with its attribution) and written by every renderer of this module
//! alike. It knows nothing of the project: the renderers never look
//! anything up, so what is exported is exactly what the author saw.

use std::path::PathBuf;

/// A report: a title, and sections in reading order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The document's title.
    pub title: String,
    /// A line under the title (the project, a date …).
    pub subtitle: Option<String>,
    /// The sections, each with its heading level.
    pub sections: Vec<Section>,
}

impl Report {
    /// Every quote, in reading order.
    pub fn quotes(&self) -> impl Iterator<Item = &ReportQuote> {
        self.sections.iter().flat_map(|s| &s.quotes)
    }

    /// How many quotes are flagged as possibly identifying someone.
    pub fn warnings(&self) -> usize {
        flagged(self.quotes())
    }
}

/// How many of these quotes are flagged as possibly identifying someone.
pub fn flagged<'a>(quotes: impl IntoIterator<Item = &'a ReportQuote>) -> usize {
    quotes.into_iter().filter(|q| q.warning.is_some()).count()
}

/// A theme, subtheme or code with what is written under its heading.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Section {
    /// 1 = theme, 2 = subtheme, 3 = code (deeper is written as 3).
    pub level: u8,
    /// The heading.
    pub title: String,
    /// The definition (may be empty).
    pub definition: String,
    /// "Omfattar …" (may be empty).
    pub scope_includes: String,
    /// "Omfattar inte …" (may be empty).
    pub scope_excludes: String,
    /// The quotes, in order.
    pub quotes: Vec<ReportQuote>,
}

/// A quote as it goes into the report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportQuote {
    /// The quote, already trimmed, omissions written "[…]".
    pub text: String,
    /// "– arbetsterapeut, team 3, 2023" (may be empty).
    pub attribution: String,
    /// The author's note (may be empty).
    pub note: String,
    /// Why the attribution may identify someone, when it may.
    pub warning: Option<String>,
    /// Where it comes from: "fokusgrupp-2022-team1 · Arbetsterapeut 1 · 00:12:31".
    pub source: String,
}

/// The words of a report that are not the user's, in the user's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportTexts {
    /// Before the definition.
    pub definition: String,
    /// Before the scope note of what a code covers.
    pub includes: String,
    /// Before the scope note of what it does not cover.
    pub excludes: String,
    /// Before a re-identification warning.
    pub warning: String,
    /// Before a quote's source.
    pub source: String,
    /// Before a note (in the text formats; DOCX makes it a comment).
    pub note: String,
    /// The author of the notes' Word comments.
    pub comment_author: String,
}

impl ReportTexts {
    /// Swedish.
    pub fn sv() -> ReportTexts {
        ReportTexts {
            definition: "Definition".into(),
            includes: "Omfattar".into(),
            excludes: "Omfattar inte".into(),
            warning: "Varning – risk för igenkänning".into(),
            source: "Källa".into(),
            note: "Anteckning".into(),
            comment_author: "Tematik".into(),
        }
    }

    /// English.
    pub fn en() -> ReportTexts {
        ReportTexts {
            definition: "Definition".into(),
            includes: "Includes".into(),
            excludes: "Excludes".into(),
            warning: "Warning – risk of re-identification".into(),
            source: "Source".into(),
            note: "Note".into(),
            comment_author: "Tematik".into(),
        }
    }

    /// In this language.
    pub fn of(language: crate::model::Language) -> ReportTexts {
        match language {
            crate::model::Language::Sv => ReportTexts::sv(),
            crate::model::Language::En => ReportTexts::en(),
        }
    }
}

/// What becomes of a quote's note in a Word document.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum NoteMode {
    /// A Word comment on the quote.
    #[default]
    Comment,
    /// Left out.
    Omit,
}

/// How to write a Word document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocxOptions {
    /// The organisation's report template (.docx or .dotx) whose styles the
    /// document uses, matched by style name.
    pub template: Option<PathBuf>,
    /// Notes as comments, or left out.
    pub notes: NoteMode,
    /// The words that are not the user's.
    pub texts: ReportTexts,
    /// Write each quote's source under it.
    pub include_sources: bool,
}

impl DocxOptions {
    /// Tematik's own styles, notes as comments, sources left out.
    pub fn new(texts: ReportTexts) -> DocxOptions {
        DocxOptions {
            template: None,
            notes: NoteMode::Comment,
            texts,
            include_sources: false,
        }
    }
}
