//! The domain model: what a project holds, as plain data.

use crate::ids::*;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Declares a closed set of values stored as text in the project file.
macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The text stored in the project file.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::Error;
            fn from_str(s: &str) -> crate::Result<Self> {
                match s {
                    $($text => Ok($name::$variant),)+
                    other => Err(crate::Error::BadValue {
                        what: stringify!($name),
                        value: other.to_owned(),
                        expected: [$($text),+].join(", "),
                    }),
                }
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.as_str().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                v.as_str()?.parse().map_err(|e: crate::Error| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

text_enum! {
    /// What kind of material a document is.
    DocumentKind {
        /// A focus-group transcript.
        FocusGroup = "focus_group",
        /// An interview transcript.
        Interview = "interview",
        /// One free-text answer to one survey question.
        SurveyAnswer = "survey_answer",
        /// Any other text.
        Text = "text",
    }
}

text_enum! {
    /// What a case stands for.
    CaseKind {
        /// A survey respondent.
        Respondent = "respondent",
        /// A person speaking in a transcript (a team member, an interviewee).
        Participant = "participant",
        /// A team.
        Team = "team",
        /// An organisation.
        Organisation = "organisation",
    }
}

text_enum! {
    /// The type of an attribute's values.
    AttributeType {
        /// Free text.
        Text = "text",
        /// A number (stored as its decimal text).
        Number = "number",
        /// A calendar date, YYYY-MM-DD.
        Date = "date",
        /// One of a set of categories (Kommunstorlek: Liten, Mellanstor, Stor).
        Category = "category",
    }
}

text_enum! {
    /// Whether an attribute describes cases or documents.
    AttributeScope {
        /// On cases (respondents, participants, teams).
        Case = "case",
        /// On documents.
        Document = "document",
    }
}

text_enum! {
    /// The place of a node in the theme hierarchy.
    CodeRole {
        /// A theme.
        Theme = "theme",
        /// A subtheme.
        Subtheme = "subtheme",
        /// A code.
        Code = "code",
    }
}

text_enum! {
    /// How far a code or theme has come through review.
    ReviewStatus {
        /// Proposed, not yet reviewed.
        Candidate = "candidate",
        /// Looked at by a team lead.
        Reviewed = "reviewed",
        /// Defined and named: ready for the report.
        Final = "final",
    }
}

/// A person who codes. Every coding, memo and change records its coder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Coder {
    /// Identity.
    pub id: CoderId,
    /// Display name, unique in the project (case-insensitively).
    pub name: String,
    /// Colour as `#rrggbb`.
    pub color: String,
}

/// A speaker turn in a transcript.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turn {
    /// The speaker label as written in the transcript ("Sjuksköterska 2").
    pub speaker: String,
    /// The participant case the speaker is, where known.
    pub case_id: Option<CaseId>,
    /// Start position (code points, inclusive) of the whole turn line, label included.
    pub start: usize,
    /// Where the turn's text starts, after the "Speaker: " label.
    pub text_start: usize,
    /// End position (exclusive).
    pub end: usize,
    /// When the turn starts in the recording, in milliseconds.
    pub start_ms: Option<u64>,
}

/// A document as listed (without its text).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentSummary {
    /// Identity.
    pub id: DocumentId,
    /// Name shown in lists.
    pub name: String,
    /// Kind of material.
    pub kind: DocumentKind,
    /// Length of the text in code points.
    pub char_count: usize,
    /// Word count (white-space separated, speaker labels excluded for transcripts).
    pub word_count: usize,
    /// For survey answers, the question answered.
    pub question: Option<String>,
    /// For survey answers, the respondent.
    pub case_id: Option<CaseId>,
    /// Number of codings in the document.
    pub codings: usize,
}

/// The document list as a project opens: every transcript and text, and
/// the survey answers grouped by question (a survey of thousands of
/// respondents is one entry per question, not a row per answer).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentList {
    /// Transcripts and texts (everything but survey answers), in import order.
    pub documents: Vec<DocumentSummary>,
    /// One entry per survey question, in import order.
    pub surveys: Vec<SurveyQuestionSummary>,
    /// Codings in all survey answers.
    pub survey_codings: usize,
}

/// The answers to one survey question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurveyQuestionSummary {
    /// The question.
    pub question: String,
    /// How many answers it has.
    pub answers: usize,
    /// Words in all its answers.
    pub words: usize,
}

/// A whole document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Identity.
    pub id: DocumentId,
    /// Name shown in lists.
    pub name: String,
    /// Kind of material.
    pub kind: DocumentKind,
    /// NFC-normalised plain text.
    pub text: String,
    /// Word count.
    pub word_count: usize,
    /// Where it came from: the file name and its sha256, if imported.
    pub source: Option<SourceInfo>,
    /// For survey answers, the respondent.
    pub case_id: Option<CaseId>,
    /// For survey answers, the question answered.
    pub question: Option<String>,
    /// When it was imported.
    pub imported_at: DateTime<Utc>,
    /// Speaker turns, in order (empty for plain text and survey answers).
    pub turns: Vec<Turn>,
}

/// An imported file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// Identity.
    pub id: SourceId,
    /// The file's name (without its folder).
    pub file_name: String,
    /// Hex sha256 of the file's bytes.
    pub sha256: String,
}

/// A case: a respondent, a participant, a team, an organisation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Case {
    /// Identity.
    pub id: CaseId,
    /// Name, unique within its kind.
    pub name: String,
    /// What the case stands for.
    pub kind: CaseKind,
    /// A containing case (the team of a participant), if any.
    pub parent_id: Option<CaseId>,
    /// Attribute values, by attribute name.
    pub attributes: Vec<(String, String)>,
}

/// An attribute definition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attribute {
    /// Identity.
    pub id: AttributeId,
    /// Name ("Kommunstorlek").
    pub name: String,
    /// On cases or on documents.
    pub scope: AttributeScope,
    /// Type of its values.
    pub value_type: AttributeType,
}

/// A node of the code tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Code {
    /// Identity.
    pub id: CodeId,
    /// Parent node; `None` at the top level.
    pub parent_id: Option<CodeId>,
    /// Position among its siblings, from 0.
    pub position: usize,
    /// Name.
    pub name: String,
    /// Colour as `#rrggbb`.
    pub color: String,
    /// What the code means and when to apply it.
    pub definition: String,
    /// The scope note's "omfattar …": what the node covers.
    pub scope_includes: String,
    /// The scope note's "omfattar inte …": what it does not cover.
    pub scope_excludes: String,
    /// Theme, subtheme or code.
    pub role: CodeRole,
    /// Review status.
    pub status: ReviewStatus,
    /// When the status was last set (`None`: never since the node was made).
    pub status_at: Option<DateTime<Utc>>,
    /// Who last set the status.
    pub status_by: Option<CoderId>,
    /// When the node was laid on the discard pile (`None`: it is in the
    /// analysis, unless a node above it is discarded).
    pub discarded_at: Option<DateTime<Utc>>,
    /// Who discarded it.
    pub discarded_by: Option<CoderId>,
}

/// A code with its place in the tree and its counts, as the code tree shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CodeTreeNode {
    /// The code.
    #[serde(flatten)]
    pub code: Code,
    /// Depth in the tree, 0 at the top.
    pub depth: usize,
    /// Codings made with this code itself.
    pub codings: usize,
    /// Codings made with this code or any code below it.
    pub codings_with_descendants: usize,
    /// Distinct documents coded with this code itself.
    pub documents: usize,
    /// The code's default tags.
    pub default_tags: Vec<TagValueId>,
    /// Whether the node is out of the analysis: it or a node above it is
    /// on the discard pile.
    pub discarded: bool,
    /// How many example quotes are pinned to the node.
    pub examples: usize,
}

/// A tag dimension ("Fokusområde", "Nivå") with its values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dimension {
    /// Identity.
    pub id: DimensionId,
    /// Stable key ("fokusomrade", "niva").
    pub key: String,
    /// Display name.
    pub name: String,
    /// Whether a coding may carry several values of this dimension.
    pub multi: bool,
    /// What the dimension means.
    pub definition: String,
    /// Its values, in order.
    pub values: Vec<TagValue>,
}

/// One value of a tag dimension.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TagValue {
    /// Identity.
    pub id: TagValueId,
    /// The dimension it belongs to.
    pub dimension_id: DimensionId,
    /// Stable key ("samverkan", "mikro").
    pub key: String,
    /// Display label.
    pub label: String,
    /// Another name for it ("Individnivå" for mikro).
    pub alias: String,
    /// Colour, if it has one.
    pub color: Option<String>,
    /// What the value means.
    pub definition: String,
}

/// A coded span of a document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Coding {
    /// Identity.
    pub id: CodingId,
    /// The document coded.
    pub document_id: DocumentId,
    /// Start position (code points, inclusive).
    pub start: usize,
    /// End position (exclusive).
    pub end: usize,
    /// The code applied.
    pub code_id: CodeId,
    /// Who coded it.
    pub coder_id: CoderId,
    /// When.
    pub created_at: DateTime<Utc>,
    /// The coded text.
    pub text: String,
    /// The coding's own tags (which win over the code's defaults per dimension).
    pub own_tags: Vec<TagValueId>,
    /// The tags in effect: own tags, plus the code's defaults for dimensions
    /// where the coding sets none.
    pub tags: Vec<TagValueId>,
}

/// What a memo is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum MemoTarget {
    /// The project journal.
    Journal,
    /// A document.
    Document(DocumentId),
    /// A code or theme.
    Code(CodeId),
    /// A coding.
    Coding(CodingId),
    /// A case.
    Case(CaseId),
}

/// A memo.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Memo {
    /// Identity.
    pub id: MemoId,
    /// What it is about.
    pub target: MemoTarget,
    /// Title (may be empty).
    pub title: String,
    /// Text.
    pub body: String,
    /// Who wrote it.
    pub coder_id: CoderId,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
}

/// A named, ordered list of codings, for writing a report chapter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuoteSet {
    /// Identity.
    pub id: QuoteSetId,
    /// Name.
    pub name: String,
    /// What the chapter or section is about, for its author.
    pub description: String,
    /// Items in order.
    pub items: Vec<QuoteSetItem>,
}

/// One quote in a quote set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuoteSetItem {
    /// The coding quoted.
    pub coding_id: CodingId,
    /// The author's note on it.
    pub note: String,
    /// The parts of the coding's span the quote keeps (document positions,
    /// in order and apart; the gaps are omissions, written "[…]"); `None`
    /// is the whole span.
    pub parts: Option<Vec<(usize, usize)>>,
    /// An attribution template for this quote alone (a coarser one after a
    /// re-identification warning); `None` is the project's.
    pub attribution: Option<String>,
}

/// One entry of the append-only change history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Sequence number, increasing.
    pub seq: i64,
    /// Identity.
    pub id: ChangeId,
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// Who.
    pub coder_id: CoderId,
    /// The coder's name.
    pub coder_name: String,
    /// Operation kind ("create_code", "code_span", "undo" …).
    pub kind: String,
    /// One line saying what happened.
    pub summary: String,
    /// The operation's parameters and results.
    pub details: serde_json::Value,
    /// For undo and redo, the entry acted on.
    pub target: Option<i64>,
}

/// The language the user reads: Swedish first, English second. What the
/// core writes for people (an export's labels, a warning's reason) is
/// written in it; the project's own words (a dimension named Nivå) stay as
/// the project names them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Svenska ("sv").
    #[default]
    Sv,
    /// English ("en").
    En,
}
