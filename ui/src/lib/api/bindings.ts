// Generated from src/app/views.rs (and the types it uses) by ts-rs. Do not
// edit: change the Rust types and run
// `TEMATIK_WRITE_BINDINGS=1 cargo test --test tests app::bindings`.

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null;

export type ErrorCode = "not_a_project" | "newer_schema" | "already_exists" | "not_found" | "unknown_id" | "unknown_name" | "ambiguous_name" | "name_required" | "name_taken" | "name_has_slash" | "would_create_cycle" | "self_merge" | "no_parent" | "at_top_level" | "no_previous_sibling" | "coding_not_of_code" | "not_pinned" | "several_values_in_use" | "out_of_range" | "empty_span" | "inside_character" | "not_normalized" | "bad_turn" | "wrong_dimension" | "single_valued" | "not_in_quote_set" | "coding_in_quote_set" | "bad_excerpt" | "empty_memo" | "bad_attribute_value" | "bad_value" | "bad_color" | "bad_pattern" | "query_syntax" | "bad_template" | "bad_attribution" | "survey_needs_mapping" | "corrupt" | "code_in_use" | "nothing_to_undo" | "nothing_to_redo" | "undo_conflict" | "undo_barrier" | "io" | "import" | "already_imported" | "index" | "database" | "no_project" | "bad_id" | "internal" | "not_a_word_document";
export type ApiError = { 
/**
 * What went wrong, as a stable code.
 */
code: ErrorCode, 
/**
 * The core's English sentence.
 */
message: string, 
/**
 * The error's fields by name (a file's name under "file" …).
 */
details: { [key in string]?: JsonValue }, };
export type Language = "sv" | "en";
export type Template = "blank" | "nvos";
export type RecentProject = { path: string, name: string, 
/**
 * RFC 3339, UTC.
 */
opened_at: string, };
export type Settings = { 
/**
 * null: follow the system locale.
 */
language: Language | null, 
/**
 * The coder name codings are attributed to.
 */
coder: string, 
/**
 * The system locale's language (read only: ignored when saving).
 */
system_language: Language, };
export type ProjectInfo = { id: string, name: string, path: string, revision: number, documents: number, codes: number, codings: number, can_undo: boolean, can_redo: boolean, 
/**
 * What Ctrl+Z would undo, for a tooltip (the core's English summary).
 */
undo_label: string | null, redo_label: string | null, 
/**
 * The kind of change Ctrl+Z would undo ("code_span", "rename_code" …),
 * for a translated tooltip.
 */
undo_kind: string | null, redo_kind: string | null, 
/**
 * The system locale's language.
 */
system_language: Language, };
export type DocumentKind = "focus_group" | "interview" | "survey_answer" | "text";
export type CodeRole = "theme" | "subtheme" | "code";
export type ReviewStatus = "candidate" | "reviewed" | "final";
export type DocumentSummary = { id: string, name: string, kind: DocumentKind, words: number, codings: number, 
/**
 * Survey answers: the question.
 */
question: string | null, 
/**
 * Survey answers: the respondent.
 */
respondent: string | null, };
export type DocumentList = { documents: Array<DocumentSummary>, surveys: Array<SurveyQuestionSummary>, 
/**
 * Codings in all survey answers.
 */
survey_codings: number, };
export type SurveyQuestionSummary = { question: string, answers: number, words: number, };
export type TurnView = { speaker: string, start: number, text_start: number, end: number, start_ms: number | null, };
export type TagView = { 
/**
 * Dimension key: "niva", "fokusomrade".
 */
dimension: string, 
/**
 * Value key: "mikro", "samverkan".
 */
value: string, label: string, 
/**
 * Set on the coding itself (false: inherited from the code).
 */
own: boolean, };
export type CodingView = { id: string, document_id: string, code_id: string, code_name: string, code_color: string, start: number, end: number, text: string, coder: string, created_at: string, tags: Array<TagView>, };
export type DocumentView = { id: string, name: string, kind: DocumentKind, text: string, words: number, turns: Array<TurnView>, codings: Array<CodingView>, 
/**
 * Document and case attributes as [name, value].
 */
attributes: Array<[string, string]>, };
export type CodeNode = { id: string, parent_id: string | null, name: string, color: string, definition: string, role: CodeRole, status: ReviewStatus, depth: number, 
/**
 * Codings of this code alone.
 */
codings: number, 
/**
 * Codings of this code and everything below it.
 */
codings_total: number, documents: number, 
/**
 * Default tags as "dimension/value" keys.
 */
default_tags: Array<string>, 
/**
 * The scope note: what the node covers ("omfattar …").
 */
scope_includes: string, 
/**
 * … and what it does not ("omfattar inte …").
 */
scope_excludes: string, 
/**
 * When the status was last set (RFC 3339, UTC).
 */
status_at: string | null, 
/**
 * Who set it (the coder's name).
 */
status_by: string | null, 
/**
 * Out of the analysis: it or a node above it is on the discard pile.
 */
discarded: boolean, 
/**
 * Example quotes pinned to it.
 */
examples: number, };
export type TagValueView = { key: string, label: string, color: string | null, definition: string, };
export type DimensionView = { key: string, name: string, 
/**
 * Several values at once (focus areas) or one (level).
 */
multi: boolean, definition: string, values: Array<TagValueView>, };
export type NewCodeRequest = { name: string, parent_id: string | null, color: string | null, role: CodeRole | null, };
export type NewDimensionRequest = { name: string, 
/**
 * Several values per coding (focus areas) or one (level).
 */
multi: boolean, values: Array<string>, };
export type CodeUpdate = { 
/**
 * New name (unique among its siblings, no '/').
 */
name: string | null, 
/**
 * New colour `#rrggbb`.
 */
color: string | null, 
/**
 * New definition.
 */
definition: string | null, 
/**
 * New scope note, what the node covers ("omfattar …").
 */
scope_includes: string | null, 
/**
 * New scope note, what the node does not cover ("omfattar inte …").
 */
scope_excludes: string | null, 
/**
 * New role.
 */
role: CodeRole | null, 
/**
 * New review status.
 */
status: ReviewStatus | null, };
export type ApplyCodeRequest = { document_id: string, start: number, end: number, 
/**
 * An existing code, or …
 */
code_id: string | null, 
/**
 * … a new code made in the same step.
 */
new_code: NewCodeRequest | null, 
/**
 * Tags as [dimension key, value key].
 */
tags: Array<[string, string]>, };
export type DeleteCodings = "move_to_parent" | "delete";
export type Filters = { codes: Array<string>, 
/**
 * [dimension key, value key]: ["niva", "mikro"].
 */
tags: Array<[string, string]>, documents: Array<string>, 
/**
 * Survey questions: their answers.
 */
questions: Array<string>, kinds: Array<DocumentKind>, 
/**
 * [attribute name, value]: ["Kommunstorlek", "Liten"].
 */
attributes: Array<[string, string]>, speakers: Array<string>, coders: Array<string>, statuses: Array<ReviewStatus>, };
export type EntryKind = "passage" | "coding";
export type SearchRequest = { query: string, filters: Filters, 
/**
 * null: passages and codings; or only one kind.
 */
entries: EntryKind | null, offset: number, limit: number, with_facets: boolean, 
/**
 * Long facet groups to send whole ("visa alla"); the others come capped
 * to their most frequent values.
 */
full_groups: Array<FacetGroupName>, };
export type SnippetView = { text: string, 
/**
 * [start, end) within `text`.
 */
highlights: Array<[number, number]>, };
export type SearchHitView = { entry: EntryKind, document_id: string, document_name: string, coding_id: string | null, code_id: string | null, speaker: string | null, start: number, end: number, jump_to: number, snippet: SnippetView, score: number, };
export type FacetKey = { "group": "doc", 
/**
 * The document.
 */
id: string, } | { "group": "kind", 
/**
 * The kind.
 */
value: DocumentKind, } | { "group": "question", 
/**
 * The question (the export's column) as written.
 */
value: string, } | { "group": "speaker", 
/**
 * The label as written in the transcript.
 */
value: string, } | { "group": "attr", 
/**
 * The attribute's name.
 */
name: string, 
/**
 * Its value.
 */
value: string, } | { "group": "code", 
/**
 * Ids from the theme to the code itself (the last).
 */
path: Array<string>, } | { "group": "tag", 
/**
 * The dimension's key ("niva").
 */
dimension: string, 
/**
 * The value's key ("mikro").
 */
value: string, } | { "group": "coder", 
/**
 * The coder's name.
 */
value: string, } | { "group": "status", 
/**
 * The status.
 */
value: ReviewStatus, };
export type FacetCountView = { 
/**
 * What the value stands for (filter by it as it is).
 */
facet: FacetKey, 
/**
 * A readable label: the code's, document's or tag value's name.
 */
label: string, count: number, };
export type FacetGroupName = { "group": "code" } | { "group": "doc" } | { "group": "question" } | { "group": "speaker" } | { "group": "attr", name: string, };
export type FacetGroupSize = { name: FacetGroupName, values: number, };
export type SearchResultsView = { total: number, hits: Array<SearchHitView>, facets: Array<FacetCountView>, 
/**
 * Every long group's number of values (`facets` holds its top ones
 * unless the request asked for it whole).
 */
facet_groups: Array<FacetGroupSize>, 
/**
 * Time spent in the core, milliseconds.
 */
elapsed_ms: number, };
export type QuoteContext = { "kind": "turn" } | { "kind": "sentences", n: number, };
export type QuoteOrder = "document" | "relevance";
export type QuoteRequest = { code: string | null, 
/**
 * Exactly these codings, in this order (a matrix cell's, pinned
 * examples); when given, `code`, `filters` and `query` are not used.
 */
codings: Array<string> | null, filters: Filters, query: string, order: QuoteOrder, context: QuoteContext, offset: number, limit: number, };
export type QuoteView = { coding: CodingView, document_name: string, speaker: string | null, context: string, 
/**
 * Where the quote lies within `context`.
 */
quote_start: number, quote_end: number, 
/**
 * "– arbetsterapeut, team 3, 2023", from the speaker's and document's attributes.
 */
attribution: string, };
export type QuotesView = { total: number, quotes: Array<QuoteView>, elapsed_ms: number, };
export type SimilarTo = { "coding": string } | { "code": string };
export type MemoTarget = { "kind": "journal" } | { "kind": "document", id: string, } | { "kind": "code", id: string, } | { "kind": "coding", id: string, };
export type MemoView = { id: string, target: MemoTarget, title: string, body: string, coder: string, created_at: string, updated_at: string, };
export type ImportKinds = { 
/**
 * Imported as transcripts (one document each).
 */
transcripts: Array<string>, 
/**
 * Imported as survey exports, with a column mapping.
 */
surveys: Array<string>, };
export type ImportedFile = { file: string, documents: number, 
/**
 * What the file held, for the window to say in the user's language.
 */
summary: ImportSummary, };
export type ImportSummary = { "kind": "transcript", turns: number, speakers: number, timestamps: boolean, } | { "kind": "survey", answers: number, respondents: number, };
export type FailedFile = { file: string, 
/**
 * Why, as an error code with its details (as [`super::ApiError`]).
 */
code: ErrorCode, message: string, details: { [key in string]?: JsonValue }, };
export type ImportReport = { imported: Array<ImportedFile>, failed: Array<FailedFile>, };
export type ImportProgress = { done: number, total: number, file: string, };
export type ColumnGuess = "id" | "round" | "attribute" | "question" | "ignore";
export type SurveyColumn = { name: string, 
/**
 * A few distinct non-blank values, as read.
 */
samples: Array<string>, non_blank: number, distinct: number, 
/**
 * The guessed role.
 */
guess: ColumnGuess, 
/**
 * The focus area (a value key of the open project's multi-valued
 * dimension, as [`QuestionColumn::focus`]) the column's name begins
 * with, if any.
 */
focus_guess: string | null, };
export type SurveyColumns = { file: string, rows: number, 
/**
 * The sheet read (workbooks); empty for CSV.
 */
sheets: Array<string>, columns: Array<SurveyColumn>, };
export type QuestionColumn = { column: string, focus: string | null, };
export type SurveyMapping = { id: string, round: string | null, attributes: Array<string>, questions: Array<QuestionColumn>, sheet: string | null, };
export type QuestionCount = { question: string, focus: string | null, answers: number, };
export type RoundCount = { round: string, respondents: number, answers: number, questions: Array<QuestionCount>, };
export type SurveyPreview = { file_name: string, format: string, read_as: string, rows: number, respondents: number, respondents_with_answers: number, answers: number, questions: Array<QuestionCount>, rounds: Array<RoundCount>, unmapped_columns: Array<string>, };
export type SurveyRow = { document_id: string, respondent: string, question: string, text: string, attributes: Array<[string, string]>, codings: Array<CodingView>, };
export type SurveyQuery = { question: string | null, filters: Array<SurveyFilter>, offset: number, limit: number, };
export type SurveyFilter = { name: string, value: string, };
export type SurveyPage = { 
/**
 * How many answers match the question and filters.
 */
total: number, offset: number, rows: Array<SurveyRow>, 
/**
 * Every question with answers, in document order (for the filters).
 */
questions: Array<string>, 
/**
 * Every attribute the answers have, with its values sorted.
 */
attributes: Array<SurveyAttribute>, };
export type SurveyAttribute = { name: string, values: Array<string>, };
export type UndoOutcome = { 
/**
 * What was undone or redone (the core's English summary).
 */
label: string, 
/**
 * Its kind ("code_span" …), for a translated message.
 */
kind: string, info: ProjectInfo, 
/**
 * Where the change was, for the message and for the reader to show
 * it (`None` for a change of no coding: a code renamed …).
 */
place: UndoPlace | null, };
export type UndoPlace = { document_id: string, document_name: string, 
/**
 * The coding's code, if it still exists.
 */
code_name: string | null, 
/**
 * The turn's number from 1 (`None` in a document without turns).
 */
turn: number | null, 
/**
 * The span, in UTF-16 units.
 */
start: number, end: number, };
export type CodeSelection = { "kind": "themes" } | { "kind": "children", 
/**
 * The node's id.
 */
of: string, } | { "kind": "depth", 
/**
 * The depth.
 */
depth: number, } | { "kind": "all" } | { "kind": "codes", 
/**
 * Their ids.
 */
ids: Array<string>, };
export type Axis = { "kind": "codes", 
/**
 * Which.
 */
select: CodeSelection, } | { "kind": "dimension", 
/**
 * The dimension's key.
 */
key: string, } | { "kind": "attribute", 
/**
 * The attribute's name.
 */
name: string, } | { "kind": "documents" } | { "kind": "coders" };
export type Measure = "codings" | "documents" | "participants";
export type Percent = "none" | "row" | "column";
export type Restriction = { "kind": "attribute", 
/**
 * The attribute's name.
 */
name: string, 
/**
 * The value.
 */
value: string, } | { "kind": "tag", 
/**
 * The dimension's key.
 */
dimension: string, 
/**
 * The value's key.
 */
value: string, } | { "kind": "coder", 
/**
 * The coder.
 */
id: string, };
export type MatrixRequest = { 
/**
 * The rows.
 */
rows: Axis, 
/**
 * The columns.
 */
columns: Axis, 
/**
 * What a cell counts.
 */
measure: Measure, 
/**
 * Percentages.
 */
percent: Percent, 
/**
 * Count each coder's codings of a passage apart (otherwise a passage
 * coded with one code by several coders counts once).
 */
by_coder: boolean, 
/**
 * Only codings matching all of these.
 */
restrict: Array<Restriction>, };
export type MatrixHeader = { 
/**
 * A code id, value key, attribute value, document or survey id, coder
 * id; "" for the row or column of codings without a value.
 */
key: string, 
/**
 * What the window shows ("" for the one without a value).
 */
label: string, 
/**
 * Depth in the code tree (0 for everything else).
 */
depth: number, 
/**
 * The code's or value's colour.
 */
color: string | null, };
export type MatrixView = { 
/**
 * Rows.
 */
rows: Array<MatrixHeader>, 
/**
 * Columns.
 */
columns: Array<MatrixHeader>, 
/**
 * `counts[row][column]`.
 */
counts: Array<Array<number>>, 
/**
 * Percentages (0–100) when asked for.
 */
percents: Array<Array<number>> | null, 
/**
 * Distinct units of each row (not the sum of its cells: a coding can
 * lie in two columns).
 */
row_totals: Array<number>, 
/**
 * Distinct units of each column.
 */
column_totals: Array<number>, 
/**
 * Distinct units in the whole matrix.
 */
total: number, 
/**
 * The largest cell.
 */
max: number, 
/**
 * How long counting took.
 */
elapsed_ms: number, };
export type CooccurrenceMode = "overlap" | "same_turn" | "same_document";
export type CooccurrenceRequest = { 
/**
 * The nodes, as rows and as columns.
 */
codes: CodeSelection, 
/**
 * Where they count as together.
 */
mode: CooccurrenceMode, 
/**
 * What a cell counts.
 */
measure: Measure, 
/**
 * Only codings matching all of these.
 */
restrict: Array<Restriction>, };
export type AttributeValues = { 
/**
 * Name.
 */
name: string, 
/**
 * Values, in natural order.
 */
values: Array<string>, };
export type MatrixCoder = { 
/**
 * Id.
 */
id: string, 
/**
 * Name.
 */
name: string, 
/**
 * Colour.
 */
color: string, };
export type MatrixOptions = { 
/**
 * Tag dimensions with their values.
 */
dimensions: Array<DimensionView>, 
/**
 * Attributes with the values they have.
 */
attributes: Array<AttributeValues>, 
/**
 * Coders.
 */
coders: Array<MatrixCoder>, };
export type TableFormat = "csv" | "xlsx";
export type TableExport = { 
/**
 * CSV or XLSX.
 */
format: TableFormat, 
/**
 * CSV: the separator (";" for Swedish Excel, ",").
 */
separator: string, 
/**
 * CSV: begin with a UTF-8 byte-order mark (Excel then reads UTF-8).
 */
bom: boolean, };
export type MapFormat = "svg" | "png";
export type MapNode = { 
/**
 * The code's id ("root" for the project in the centre).
 */
id: string, 
/**
 * The parent's id ("root" for a theme; None for the root and for
 * discarded nodes).
 */
parent_id: string | null, 
/**
 * The label as drawn (a long name is shortened; `name` is whole).
 */
label: string, 
/**
 * The whole name.
 */
name: string, 
/**
 * Centre, px.
 */
x: number, 
/**
 * Centre, px.
 */
y: number, 
/**
 * Radius, px.
 */
r: number, 
/**
 * The code's colour (its ring).
 */
color: string, 
/**
 * Review status (its fill).
 */
status: ReviewStatus, 
/**
 * In the discard pile.
 */
discarded: boolean, 
/**
 * 0: the project; 1: themes …
 */
depth: number, 
/**
 * Codings (with every node below it).
 */
codings: number, 
/**
 * Where the label lies: "start" (to the right of the node), "end" (to
 * the left) or "middle" (below).
 */
anchor: string, };
export type MapEdge = { 
/**
 * The parent's id.
 */
from: string, 
/**
 * The child's id.
 */
to: string, 
/**
 * Where it starts, px.
 */
x0: number, 
/**
 * Where it starts, px.
 */
y0: number, 
/**
 * Where it ends, px.
 */
x1: number, 
/**
 * Where it ends, px.
 */
y1: number, 
/**
 * The curve as an SVG path (`M … C …`).
 */
d: string, };
export type MapView = { 
/**
 * Size, px.
 */
width: number, 
/**
 * Size, px.
 */
height: number, 
/**
 * Nodes.
 */
nodes: Array<MapNode>, 
/**
 * Parent → child lines.
 */
edges: Array<MapEdge>, };
export type ReviewFlag = "few_codings" | "single_document" | "no_definition" | "missing_tags";
export type Spread = { 
/**
 * The dimension's key.
 */
dimension: string, 
/**
 * Codings per value, in the dimension's order.
 */
counts: Array<number>, 
/**
 * Codings without a value in it.
 */
missing: number, };
export type CoderUse = { 
/**
 * The coder's id.
 */
coder_id: string, 
/**
 * Name.
 */
name: string, 
/**
 * Colour.
 */
color: string, 
/**
 * Codings.
 */
codings: number, };
export type ReviewNode = { 
/**
 * Id.
 */
id: string, 
/**
 * Parent's id.
 */
parent_id: string | null, 
/**
 * Depth (0: a theme).
 */
depth: number, 
/**
 * Name.
 */
name: string, 
/**
 * Colour.
 */
color: string, 
/**
 * Role.
 */
role: CodeRole, 
/**
 * Review status.
 */
status: ReviewStatus, 
/**
 * In the discard pile (itself or below a discarded node).
 */
discarded: boolean, 
/**
 * Definition.
 */
definition: string, 
/**
 * "Omfattar …".
 */
scope_includes: string, 
/**
 * "Omfattar inte …".
 */
scope_excludes: string, 
/**
 * When the status was set (RFC 3339).
 */
status_at: string | null, 
/**
 * By whom (a coder's name).
 */
status_by: string | null, 
/**
 * Pinned example quotes.
 */
examples: number, 
/**
 * Codings.
 */
codings: number, 
/**
 * Documents (a survey counts as one).
 */
documents: number, 
/**
 * Participants.
 */
participants: number, 
/**
 * Spread over each tag dimension, in the dimensions' order.
 */
spread: Array<Spread>, 
/**
 * Coders who used it, most codings first.
 */
coders: Array<CoderUse>, 
/**
 * Flags.
 */
flags: Array<ReviewFlag>, };
export type ReviewView = { 
/**
 * Nodes, depth first.
 */
nodes: Array<ReviewNode>, 
/**
 * How long counting took.
 */
elapsed_ms: number, };
export type ProjectSettingsView = { 
/**
 * The template of a quote from a transcript ("– {Yrke|speaker:lower}[, team {Team}]").
 */
transcript_attribution: string, 
/**
 * The template of a survey answer.
 */
survey_attribution: string, 
/**
 * An attribution whose values fit fewer participants than this warns.
 */
reidentification_k: number, };
export type QuoteSetSummary = { id: string, name: string, description: string, quotes: number, 
/**
 * Quotes whose attribution may identify someone.
 */
warnings: number, };
export type QuoteSetRef = { id: string, name: string, };
export type WarningView = { 
/**
 * Participants of the project who share every value it shows.
 */
participants: number, 
/**
 * The fewest the project accepts.
 */
k: number, 
/**
 * What it shows, as [placeholder, value].
 */
shown: Array<[string, string]>, 
/**
 * "bara 1 deltagare i projektet har Yrke sjuksköterska, Team 3 och Omgång 2023".
 */
reason: string, };
export type CoarserView = { template: string, attribution: string, };
export type SetQuoteView = { coding: CodingView, 
/**
 * "Samverkan / Systemets dilemman".
 */
code_path: string, document_name: string, speaker: string | null, 
/**
 * The turn's number (from 1) and its time in the recording.
 */
turn: number | null, start_ms: number | null, 
/**
 * Where it comes from, as an export writes it:
 * "fokusgrupp-2023-team2 · Deltagare 3 · replik 12 · 00:12:31".
 */
source: string, 
/**
 * The text the chapter prints: trimmed, omissions as "[…]".
 */
text: string, 
/**
 * The parts kept, as [start, end] UTF-16 offsets into the coding's
 * text; none when the whole coding is quoted.
 */
parts: Array<[number, number]> | null, note: string, 
/**
 * The template the attribution is written with, and whether it is
 * this quote's own (not the project's).
 */
template: string, own_template: boolean, attribution: string, 
/**
 * Placeholders that had no value (written "…").
 */
missing: Array<string>, warning: WarningView | null, coarser: CoarserView | null, 
/**
 * Other sets that quote the same coding.
 */
other_sets: Array<QuoteSetRef>, };
export type QuoteSetView = { id: string, name: string, description: string, quotes: Array<SetQuoteView>, warnings: number, };
export type FinderRequest = { 
/**
 * The theme, subtheme or code (everything below it is included).
 */
code: string, filters: Filters, query: string, limit: number, };
export type FinderReason = { "kind": "readable_length" } | { "kind": "short" } | { "kind": "long" } | { "kind": "new_participant" } | { "kind": "new_document" } | { "kind": "new_tag", dimension: string, value: string, };
export type FinderCandidate = { quote: QuoteView, words: number, reasons: Array<FinderReason>, 
/**
 * The sets that quote it already.
 */
in_sets: Array<QuoteSetRef>, };
export type FinderView = { 
/**
 * Codings that match (before ranking).
 */
total: number, candidates: Array<FinderCandidate>, elapsed_ms: number, };
export type ChapterSource = { "kind": "quote_sets", ids: Array<string>, } | { "kind": "report", themes: Array<string>, quotes_per_theme: number, };
export type ClipboardView = { html: string, text: string, };
export type ExportFormat = "docx" | "md" | "csv" | "xlsx" | "txt";
export type NoteMode = "comment" | "omit";
export type ExportOptions = { 
/**
 * CSV: the separator (";" for Swedish Excel, ",").
 */
separator: string, 
/**
 * CSV: begin with a UTF-8 byte-order mark (Excel then reads UTF-8).
 */
bom: boolean, 
/**
 * Coded segments: also those of discarded codes.
 */
include_discarded: boolean, 
/**
 * DOCX: the organisation's template (.docx or .dotx) whose styles to
 * use.
 */
template: string | null, 
/**
 * DOCX: a quote's note as a comment, or left out.
 */
notes: NoteMode, 
/**
 * Chapters: a line under each quote saying where it comes from.
 */
include_sources: boolean, };
export type ExportWritten = { 
/**
 * The file.
 */
path: string, 
/**
 * Its size in bytes.
 */
bytes: number, 
/**
 * Rows (segments), nodes (codebook) or quotes (chapters) written.
 */
rows: number, 
/**
 * Quotes whose attribution may identify someone, flagged in the file.
 */
warnings: number, 
/**
 * How long it took.
 */
elapsed_ms: number, };
