//! The views the window is sent and the requests it makes: every type that
//! crosses IPC. TypeScript bindings are generated from these (ts-rs) into
//! `ui/src/lib/api/bindings.ts`; a test fails when that file is out of date
//! (`TEMATIK_WRITE_BINDINGS=1 cargo test --test tests app::bindings`
//! rewrites it).
//!
//! Every text position here is a UTF-16 code unit offset (as JavaScript
//! counts), end exclusive; the app layer converts to and from the core's
//! code points. Ids are sent as strings.

// Wire types: their fields mirror the documented core model one to one.
#![allow(missing_docs)]

pub use crate::model::{CodeRole, DocumentKind, Language, ReviewStatus};
pub use crate::search::FacetKey;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Template {
    Blank,
    Nvos,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct RecentProject {
    pub path: String,
    pub name: String,
    /// RFC 3339, UTC.
    pub opened_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct Settings {
    /// null: follow the system locale.
    pub language: Option<Language>,
    /// The coder name codings are attributed to.
    pub coder: String,
    /// The system locale's language (read only: ignored when saving).
    pub system_language: Language,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ProjectInfo {
    pub id: String,
    pub name: String,
    pub path: String,
    #[ts(type = "number")]
    pub revision: i64,
    pub documents: u32,
    pub codes: u32,
    pub codings: u32,
    pub can_undo: bool,
    pub can_redo: bool,
    /// What Ctrl+Z would undo, for a tooltip (the core's English summary).
    pub undo_label: Option<String>,
    pub redo_label: Option<String>,
    /// The kind of change Ctrl+Z would undo ("code_span", "rename_code" …),
    /// for a translated tooltip.
    pub undo_kind: Option<String>,
    pub redo_kind: Option<String>,
    /// The system locale's language.
    pub system_language: Language,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct DocumentSummary {
    pub id: String,
    pub name: String,
    pub kind: DocumentKind,
    pub words: u32,
    pub codings: u32,
    /// Survey answers: the question.
    pub question: Option<String>,
    /// Survey answers: the respondent.
    pub respondent: Option<String>,
}

/// The document list: transcripts and texts one by one, survey answers by
/// question (a survey's thousands of answers are not sent one by one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct DocumentList {
    pub documents: Vec<DocumentSummary>,
    pub surveys: Vec<SurveyQuestionSummary>,
    /// Codings in all survey answers.
    pub survey_codings: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SurveyQuestionSummary {
    pub question: String,
    pub answers: u32,
    pub words: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct TurnView {
    pub speaker: String,
    pub start: u32,
    pub text_start: u32,
    pub end: u32,
    #[ts(type = "number | null")]
    pub start_ms: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct TagView {
    /// Dimension key: "niva", "fokusomrade".
    pub dimension: String,
    /// Value key: "mikro", "samverkan".
    pub value: String,
    pub label: String,
    /// Set on the coding itself (false: inherited from the code).
    pub own: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct CodingView {
    pub id: String,
    pub document_id: String,
    pub code_id: String,
    pub code_name: String,
    pub code_color: String,
    pub start: u32,
    pub end: u32,
    pub text: String,
    pub coder: String,
    pub created_at: String,
    pub tags: Vec<TagView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct DocumentView {
    pub id: String,
    pub name: String,
    pub kind: DocumentKind,
    pub text: String,
    pub words: u32,
    pub turns: Vec<TurnView>,
    pub codings: Vec<CodingView>,
    /// Document and case attributes as [name, value].
    pub attributes: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct CodeNode {
    pub id: String,
    pub parent_id: Option<String>,
    pub name: String,
    pub color: String,
    pub definition: String,
    pub role: CodeRole,
    pub status: ReviewStatus,
    pub depth: u32,
    /// Codings of this code alone.
    pub codings: u32,
    /// Codings of this code and everything below it.
    pub codings_total: u32,
    pub documents: u32,
    /// Default tags as "dimension/value" keys.
    pub default_tags: Vec<String>,
    /// The scope note: what the node covers ("omfattar …").
    pub scope_includes: String,
    /// … and what it does not ("omfattar inte …").
    pub scope_excludes: String,
    /// When the status was last set (RFC 3339, UTC).
    pub status_at: Option<String>,
    /// Who set it (the coder's name).
    pub status_by: Option<String>,
    /// Out of the analysis: it or a node above it is on the discard pile.
    pub discarded: bool,
    /// Example quotes pinned to it.
    pub examples: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct TagValueView {
    pub key: String,
    pub label: String,
    pub color: Option<String>,
    pub definition: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct DimensionView {
    pub key: String,
    pub name: String,
    /// Several values at once (focus areas) or one (level).
    pub multi: bool,
    pub definition: String,
    pub values: Vec<TagValueView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct NewCodeRequest {
    pub name: String,
    pub parent_id: Option<String>,
    pub color: Option<String>,
    pub role: Option<CodeRole>,
}

/// A tag dimension to add, with its values' labels in order (keys are
/// derived from the name and labels).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct NewDimensionRequest {
    pub name: String,
    /// Several values per coding (focus areas) or one (level).
    pub multi: bool,
    pub values: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ApplyCodeRequest {
    pub document_id: String,
    pub start: u32,
    pub end: u32,
    /// An existing code, or …
    pub code_id: Option<String>,
    /// … a new code made in the same step.
    pub new_code: Option<NewCodeRequest>,
    /// Tags as [dimension key, value key].
    pub tags: Vec<(String, String)>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Filters {
    pub codes: Vec<String>,
    /// [dimension key, value key]: ["niva", "mikro"].
    pub tags: Vec<(String, String)>,
    pub documents: Vec<String>,
    /// Survey questions: their answers.
    pub questions: Vec<String>,
    pub kinds: Vec<DocumentKind>,
    /// [attribute name, value]: ["Kommunstorlek", "Liten"].
    pub attributes: Vec<(String, String)>,
    pub speakers: Vec<String>,
    pub coders: Vec<String>,
    pub statuses: Vec<ReviewStatus>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Passage,
    Coding,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SearchRequest {
    pub query: String,
    pub filters: Filters,
    /// null: passages and codings; or only one kind.
    pub entries: Option<EntryKind>,
    pub offset: u32,
    pub limit: u32,
    pub with_facets: bool,
    /// Long facet groups to send whole ("visa alla"); the others come capped
    /// to their most frequent values.
    #[serde(default)]
    pub full_groups: Vec<FacetGroupName>,
}

/// A facet group that can be long, and then comes capped to its most
/// frequent values (plus any selected) unless asked for whole.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "group", rename_all = "snake_case")]
pub enum FacetGroupName {
    Code,
    Doc,
    Question,
    Speaker,
    /// One attribute's values.
    Attr {
        name: String,
    },
}

/// How many values a long facet group has in an answer (it may send fewer).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct FacetGroupSize {
    pub name: FacetGroupName,
    pub values: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SnippetView {
    pub text: String,
    /// [start, end) within `text`.
    pub highlights: Vec<(u32, u32)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SearchHitView {
    pub entry: EntryKind,
    pub document_id: String,
    pub document_name: String,
    pub coding_id: Option<String>,
    pub code_id: Option<String>,
    pub speaker: Option<String>,
    pub start: u32,
    pub end: u32,
    pub jump_to: u32,
    pub snippet: SnippetView,
    pub score: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct FacetCountView {
    /// What the value stands for (filter by it as it is).
    pub facet: FacetKey,
    /// A readable label: the code's, document's or tag value's name.
    pub label: String,
    #[ts(type = "number")]
    pub count: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SearchResultsView {
    pub total: u32,
    pub hits: Vec<SearchHitView>,
    pub facets: Vec<FacetCountView>,
    /// Every long group's number of values (`facets` holds its top ones
    /// unless the request asked for it whole).
    pub facet_groups: Vec<FacetGroupSize>,
    /// Time spent in the core, milliseconds.
    pub elapsed_ms: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QuoteContext {
    Turn,
    Sentences { n: u32 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum QuoteOrder {
    Document,
    Relevance,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct QuoteRequest {
    pub code: Option<String>,
    /// Exactly these codings, in this order (a matrix cell's, pinned
    /// examples); when given, `code`, `filters` and `query` are not used.
    pub codings: Option<Vec<String>>,
    pub filters: Filters,
    pub query: String,
    pub order: QuoteOrder,
    pub context: QuoteContext,
    pub offset: u32,
    pub limit: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct QuoteView {
    pub coding: CodingView,
    pub document_name: String,
    pub speaker: Option<String>,
    pub context: String,
    /// Where the quote lies within `context`.
    pub quote_start: u32,
    pub quote_end: u32,
    /// "– arbetsterapeut, team 3, 2023", from the speaker's and document's attributes.
    pub attribution: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct QuotesView {
    pub total: u32,
    pub quotes: Vec<QuoteView>,
    pub elapsed_ms: f64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SimilarTo {
    Coding(String),
    Code(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MemoTarget {
    Journal,
    Document { id: String },
    Code { id: String },
    Coding { id: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct MemoView {
    pub id: String,
    pub target: MemoTarget,
    pub title: String,
    pub body: String,
    pub coder: String,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportedFile {
    pub file: String,
    pub documents: u32,
    /// What the file held, for the window to say in the user's language.
    pub summary: ImportSummary,
}

/// What an imported file held.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ImportSummary {
    /// A transcript: its turns, its speakers, and whether it had time stamps.
    Transcript {
        turns: u32,
        speakers: u32,
        timestamps: bool,
    },
    /// A survey export: the answers read, from this many respondents.
    Survey { answers: u32, respondents: u32 },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct FailedFile {
    pub file: String,
    /// Why, as an error code with its details (as [`super::ApiError`]).
    pub code: crate::error::ErrorCode,
    pub message: String,
    #[ts(type = "{ [key in string]?: JsonValue }")]
    pub details: serde_json::Map<String, serde_json::Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportReport {
    pub imported: Vec<ImportedFile>,
    pub failed: Vec<FailedFile>,
}

/// Emitted as the "import-progress" event during import_files.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportProgress {
    pub done: u32,
    pub total: u32,
    pub file: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ColumnGuess {
    Id,
    Round,
    Attribute,
    Question,
    Ignore,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SurveyColumn {
    pub name: String,
    /// A few distinct non-blank values, as read.
    pub samples: Vec<String>,
    pub non_blank: u32,
    pub distinct: u32,
    /// The guessed role.
    pub guess: ColumnGuess,
    /// The focus area (a value key of the open project's multi-valued
    /// dimension, as [`QuestionColumn::focus`]) the column's name begins
    /// with, if any.
    pub focus_guess: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SurveyColumns {
    pub file: String,
    pub rows: u32,
    /// The sheet read (workbooks); empty for CSV.
    pub sheets: Vec<String>,
    pub columns: Vec<SurveyColumn>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct QuestionColumn {
    pub column: String,
    pub focus: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SurveyMapping {
    pub id: String,
    pub round: Option<String>,
    pub attributes: Vec<String>,
    pub questions: Vec<QuestionColumn>,
    pub sheet: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct QuestionCount {
    pub question: String,
    pub focus: Option<String>,
    pub answers: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct RoundCount {
    pub round: String,
    pub respondents: u32,
    pub answers: u32,
    pub questions: Vec<QuestionCount>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SurveyPreview {
    pub file_name: String,
    pub format: String,
    pub read_as: String,
    pub rows: u32,
    pub respondents: u32,
    pub respondents_with_answers: u32,
    pub answers: u32,
    pub questions: Vec<QuestionCount>,
    pub rounds: Vec<RoundCount>,
    pub unmapped_columns: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SurveyRow {
    pub document_id: String,
    pub respondent: String,
    pub question: String,
    pub text: String,
    pub attributes: Vec<(String, String)>,
    pub codings: Vec<CodingView>,
}

/// A page of the survey grid: answers of one question (or all), with
/// respondent or answer attributes equal to the filters' values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SurveyQuery {
    pub question: Option<String>,
    pub filters: Vec<SurveyFilter>,
    pub offset: u32,
    pub limit: u32,
}

/// An attribute that must have this value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SurveyFilter {
    pub name: String,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SurveyPage {
    /// How many answers match the question and filters.
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<SurveyRow>,
    /// Every question with answers, in document order (for the filters).
    pub questions: Vec<String>,
    /// Every attribute the answers have, with its values sorted.
    pub attributes: Vec<SurveyAttribute>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SurveyAttribute {
    pub name: String,
    pub values: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct UndoOutcome {
    /// What was undone or redone (the core's English summary).
    pub label: String,
    /// Its kind ("code_span" …), for a translated message.
    pub kind: String,
    pub info: ProjectInfo,
    /// Where the change was, for the message and for the reader to show
    /// it (`None` for a change of no coding: a code renamed …).
    pub place: Option<UndoPlace>,
}

/// Where an undone or redone change was: a coding's document, code, turn
/// and span.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct UndoPlace {
    pub document_id: String,
    pub document_name: String,
    /// The coding's code, if it still exists.
    pub code_name: Option<String>,
    /// The turn's number from 1 (`None` in a document without turns).
    pub turn: Option<u32>,
    /// The span, in UTF-16 units.
    pub start: u32,
    pub end: u32,
}

/// The files the window offers to import, by extension (lowercase, no dot).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportKinds {
    /// Imported as transcripts (one document each).
    pub transcripts: Vec<String>,
    /// Imported as survey exports, with a column mapping.
    pub surveys: Vec<String>,
}

/// What happens to a deleted code's codings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DeleteCodings {
    /// They move to the code's parent.
    MoveToParent,
    /// They are deleted with it.
    Delete,
}

// Chapter writing: quote sets, attribution settings, the quote finder.

/// The project's attribution settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ProjectSettingsView {
    /// The template of a quote from a transcript ("– {Yrke|speaker:lower}[, team {Team}]").
    pub transcript_attribution: String,
    /// The template of a survey answer.
    pub survey_attribution: String,
    /// An attribution whose values fit fewer participants than this warns.
    pub reidentification_k: u32,
}

/// A quote set as listed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct QuoteSetSummary {
    pub id: String,
    pub name: String,
    pub description: String,
    pub quotes: u32,
    /// Quotes whose attribution may identify someone.
    pub warnings: u32,
}

/// A quote set by id and name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct QuoteSetRef {
    pub id: String,
    pub name: String,
}

/// Why an attribution may identify someone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct WarningView {
    /// Participants of the project who share every value it shows.
    pub participants: u32,
    /// The fewest the project accepts.
    pub k: u32,
    /// What it shows, as [placeholder, value].
    pub shown: Vec<(String, String)>,
    /// "bara 1 deltagare i projektet har Yrke sjuksköterska, Team 3 och Omgång 2023".
    pub reason: String,
}

/// A coarser attribution that does not warn.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct CoarserView {
    pub template: String,
    pub attribution: String,
}

/// A quote of a set as its chapter prints it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct SetQuoteView {
    pub coding: CodingView,
    /// "Samverkan / Systemets dilemman".
    pub code_path: String,
    pub document_name: String,
    pub speaker: Option<String>,
    /// The turn's number (from 1) and its time in the recording.
    pub turn: Option<u32>,
    pub start_ms: Option<u32>,
    /// Where it comes from, as an export writes it:
    /// "fokusgrupp-2023-team2 · Deltagare 3 · replik 12 · 00:12:31".
    pub source: String,
    /// The text the chapter prints: trimmed, omissions as "[…]".
    pub text: String,
    /// The parts kept, as [start, end] UTF-16 offsets into the coding's
    /// text; none when the whole coding is quoted.
    pub parts: Option<Vec<(u32, u32)>>,
    pub note: String,
    /// The template the attribution is written with, and whether it is
    /// this quote's own (not the project's).
    pub template: String,
    pub own_template: bool,
    pub attribution: String,
    /// Placeholders that had no value (written "…").
    pub missing: Vec<String>,
    pub warning: Option<WarningView>,
    pub coarser: Option<CoarserView>,
    /// Other sets that quote the same coding.
    pub other_sets: Vec<QuoteSetRef>,
}

/// A quote set with its quotes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct QuoteSetView {
    pub id: String,
    pub name: String,
    pub description: String,
    pub quotes: Vec<SetQuoteView>,
    pub warnings: u32,
}

/// What the quote finder looks through.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct FinderRequest {
    /// The theme, subtheme or code (everything below it is included).
    pub code: String,
    pub filters: Filters,
    pub query: String,
    pub limit: u32,
}

/// Why a candidate is where it is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FinderReason {
    ReadableLength,
    Short,
    Long,
    NewParticipant,
    NewDocument,
    NewTag { dimension: String, value: String },
}

/// A candidate quote.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct FinderCandidate {
    pub quote: QuoteView,
    pub words: u32,
    pub reasons: Vec<FinderReason>,
    /// The sets that quote it already.
    pub in_sets: Vec<QuoteSetRef>,
}

/// The quote finder's candidates, best first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct FinderView {
    /// Codings that match (before ranking).
    pub total: u32,
    pub candidates: Vec<FinderCandidate>,
    pub elapsed_ms: f64,
}

/// What a chapter export is of: quote sets, or a report skeleton of themes
/// (each with its definition, subthemes, pinned examples and the quote
/// finder's best candidates, up to `quotes_per_theme`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChapterSource {
    QuoteSets {
        ids: Vec<String>,
    },
    Report {
        themes: Vec<String>,
        quotes_per_theme: u32,
    },
}

/// A chapter for the clipboard: rich text for Word, and plain text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, TS)]
pub struct ClipboardView {
    pub html: String,
    pub text: String,
}
