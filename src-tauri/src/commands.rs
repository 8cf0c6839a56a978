//! The Tauri commands: one call each into the core's application layer
//! (`tematik::app::App`), which converts ids, positions and errors. Nothing
//! here knows a domain rule.

use std::path::{Path, PathBuf};
use tauri::{AppHandle, Emitter, State};
use tematik::analysis;
use tematik::app::views::*;
use tematik::app::{ApiResult, App, MapFormat, MatrixOptions};
use tematik::storage::CodeUpdate;

type St<'a> = State<'a, App>;

// ------------------------------------------------------------ settings, projects

#[tauri::command]
pub async fn get_settings(app: St<'_>) -> ApiResult<Settings> {
    app.get_settings()
}

#[tauri::command]
pub async fn set_settings(app: St<'_>, settings: Settings) -> ApiResult<()> {
    app.set_settings(settings)
}

#[tauri::command]
pub async fn recent_projects(app: St<'_>) -> ApiResult<Vec<RecentProject>> {
    app.recent_projects()
}

#[tauri::command]
pub async fn new_project(
    app: St<'_>,
    path: String,
    name: String,
    template: Template,
) -> ApiResult<ProjectInfo> {
    app.new_project(Path::new(&path), &name, template)
}

#[tauri::command]
pub async fn open_project(app: St<'_>, path: String) -> ApiResult<ProjectInfo> {
    app.open_project(Path::new(&path))
}

#[tauri::command]
pub async fn open_demo_project(app: St<'_>) -> ApiResult<ProjectInfo> {
    app.open_demo_project()
}

#[tauri::command]
pub async fn close_project(app: St<'_>) -> ApiResult<()> {
    app.close_project()
}

#[tauri::command]
pub async fn project_info(app: St<'_>) -> ApiResult<ProjectInfo> {
    app.project_info()
}

// ------------------------------------------------------------ import

#[tauri::command]
pub async fn import_kinds(app: St<'_>) -> ApiResult<ImportKinds> {
    app.import_kinds()
}

#[tauri::command]
pub async fn import_files(
    handle: AppHandle,
    app: St<'_>,
    paths: Vec<String>,
) -> ApiResult<ImportReport> {
    let paths: Vec<PathBuf> = paths.into_iter().map(PathBuf::from).collect();
    app.import_files(&paths, &mut |p| {
        let _ = handle.emit("import-progress", p);
    })
}

#[tauri::command]
pub async fn survey_columns(
    app: St<'_>,
    path: String,
    sheet: Option<String>,
) -> ApiResult<SurveyColumns> {
    app.survey_columns(Path::new(&path), sheet.as_deref())
}

#[tauri::command]
pub async fn preview_survey(
    app: St<'_>,
    path: String,
    mapping: SurveyMapping,
) -> ApiResult<SurveyPreview> {
    app.preview_survey(Path::new(&path), mapping)
}

#[tauri::command]
pub async fn import_survey(
    app: St<'_>,
    path: String,
    mapping: SurveyMapping,
) -> ApiResult<ImportReport> {
    app.import_survey(Path::new(&path), mapping)
}

// ------------------------------------------------------------ documents

#[tauri::command]
pub async fn list_documents(app: St<'_>) -> ApiResult<DocumentList> {
    app.list_documents()
}

#[tauri::command]
pub async fn get_document(app: St<'_>, id: String) -> ApiResult<DocumentView> {
    app.get_document(&id)
}

#[tauri::command]
pub async fn survey_page(app: St<'_>, query: SurveyQuery) -> ApiResult<SurveyPage> {
    app.survey_page(query)
}

// ------------------------------------------------------------ codes

#[tauri::command]
pub async fn code_tree(app: St<'_>) -> ApiResult<Vec<CodeNode>> {
    app.code_tree()
}

#[tauri::command]
pub async fn dimensions(app: St<'_>) -> ApiResult<Vec<DimensionView>> {
    app.dimensions()
}

#[tauri::command]
pub async fn create_code(app: St<'_>, request: NewCodeRequest) -> ApiResult<CodeNode> {
    app.create_code(request)
}

#[tauri::command]
pub async fn rename_code(app: St<'_>, id: String, name: String) -> ApiResult<()> {
    app.rename_code(&id, &name)
}

#[tauri::command]
pub async fn recolor_code(app: St<'_>, id: String, color: String) -> ApiResult<()> {
    app.recolor_code(&id, &color)
}

#[tauri::command]
pub async fn define_code(app: St<'_>, id: String, definition: String) -> ApiResult<()> {
    app.define_code(&id, &definition)
}

#[tauri::command]
pub async fn update_code(app: St<'_>, id: String, update: CodeUpdate) -> ApiResult<()> {
    app.update_code(&id, update)
}

#[tauri::command]
pub async fn move_code(
    app: St<'_>,
    id: String,
    parent_id: Option<String>,
    position: u32,
) -> ApiResult<()> {
    app.move_code(&id, parent_id.as_deref(), position)
}

#[tauri::command]
pub async fn set_code_role(app: St<'_>, id: String, role: CodeRole) -> ApiResult<()> {
    app.set_code_role(&id, role)
}

#[tauri::command]
pub async fn set_code_status(app: St<'_>, id: String, status: ReviewStatus) -> ApiResult<()> {
    app.set_code_status(&id, status)
}

#[tauri::command]
pub async fn merge_codes(app: St<'_>, from: String, into: String) -> ApiResult<()> {
    app.merge_codes(&from, &into)
}

#[tauri::command]
pub async fn delete_code(app: St<'_>, id: String, codings: DeleteCodings) -> ApiResult<()> {
    app.delete_code(&id, codings)
}

#[tauri::command]
pub async fn split_code(
    app: St<'_>,
    id: String,
    codings: Vec<String>,
    name: String,
) -> ApiResult<CodeNode> {
    app.split_code(&id, codings, &name)
}

#[tauri::command]
pub async fn promote_code(app: St<'_>, id: String) -> ApiResult<()> {
    app.promote_code(&id)
}

#[tauri::command]
pub async fn demote_code(app: St<'_>, id: String) -> ApiResult<()> {
    app.demote_code(&id)
}

#[tauri::command]
pub async fn discard_code(app: St<'_>, id: String) -> ApiResult<()> {
    app.discard_code(&id)
}

#[tauri::command]
pub async fn restore_code(app: St<'_>, id: String) -> ApiResult<()> {
    app.restore_code(&id)
}

#[tauri::command]
pub async fn pin_example(
    app: St<'_>,
    id: String,
    coding: String,
    position: Option<u32>,
) -> ApiResult<()> {
    app.pin_example(&id, &coding, position)
}

#[tauri::command]
pub async fn unpin_example(app: St<'_>, id: String, coding: String) -> ApiResult<()> {
    app.unpin_example(&id, &coding)
}

#[tauri::command]
pub async fn move_example(app: St<'_>, id: String, coding: String, position: u32) -> ApiResult<()> {
    app.move_example(&id, &coding, position)
}

#[tauri::command]
pub async fn code_examples(app: St<'_>, id: String) -> ApiResult<Vec<CodingView>> {
    app.code_examples(&id)
}

// ------------------------------------------------------------ tag dimensions

#[tauri::command]
pub async fn create_dimension(
    app: St<'_>,
    request: NewDimensionRequest,
) -> ApiResult<DimensionView> {
    app.create_dimension(request)
}

#[tauri::command]
pub async fn rename_dimension(app: St<'_>, dimension: String, name: String) -> ApiResult<()> {
    app.rename_dimension(&dimension, &name)
}

#[tauri::command]
pub async fn move_dimension(app: St<'_>, dimension: String, position: u32) -> ApiResult<()> {
    app.move_dimension(&dimension, position)
}

#[tauri::command]
pub async fn add_tag_value(
    app: St<'_>,
    dimension: String,
    label: String,
    key: Option<String>,
) -> ApiResult<TagValueView> {
    app.add_tag_value(&dimension, &label, key.as_deref())
}

#[tauri::command]
pub async fn rename_tag_value(
    app: St<'_>,
    dimension: String,
    value: String,
    label: String,
) -> ApiResult<()> {
    app.rename_tag_value(&dimension, &value, &label)
}

#[tauri::command]
pub async fn move_tag_value(
    app: St<'_>,
    dimension: String,
    value: String,
    position: u32,
) -> ApiResult<()> {
    app.move_tag_value(&dimension, &value, position)
}

#[tauri::command]
pub async fn set_code_default_tags(
    app: St<'_>,
    id: String,
    values: Vec<(String, String)>,
) -> ApiResult<()> {
    app.set_code_default_tags(&id, values)
}

// ------------------------------------------------------------ coding

#[tauri::command]
pub async fn apply_code(app: St<'_>, request: ApplyCodeRequest) -> ApiResult<CodingView> {
    app.apply_code(request)
}

#[tauri::command]
pub async fn toggle_coding_tag(
    app: St<'_>,
    coding_id: String,
    dimension: String,
    value: String,
) -> ApiResult<CodingView> {
    app.toggle_coding_tag(&coding_id, &dimension, &value)
}

#[tauri::command]
pub async fn remove_coding(
    app: St<'_>,
    coding_id: String,
    also_from_quote_sets: Option<bool>,
) -> ApiResult<()> {
    app.remove_coding(&coding_id, also_from_quote_sets.unwrap_or(false))
}

#[tauri::command]
pub async fn snap_selection(
    app: St<'_>,
    document_id: String,
    start: u32,
    end: u32,
) -> ApiResult<(u32, u32)> {
    app.snap_selection(&document_id, start, end)
}

#[tauri::command]
pub async fn undo(app: St<'_>) -> ApiResult<Option<UndoOutcome>> {
    app.undo()
}

#[tauri::command]
pub async fn redo(app: St<'_>) -> ApiResult<Option<UndoOutcome>> {
    app.redo()
}

// ------------------------------------------------------------ search and quotes

#[tauri::command]
pub async fn search(app: St<'_>, request: SearchRequest) -> ApiResult<SearchResultsView> {
    app.search(request)
}

#[tauri::command]
pub async fn quotes(app: St<'_>, request: QuoteRequest) -> ApiResult<QuotesView> {
    app.quotes(request)
}

#[tauri::command]
pub async fn similar(app: St<'_>, to: SimilarTo, limit: u32) -> ApiResult<Vec<SearchHitView>> {
    app.similar(to, limit)
}

// ------------------------------------------------------------ memos

#[tauri::command]
pub async fn memos(app: St<'_>, target: MemoTarget) -> ApiResult<Vec<MemoView>> {
    app.memos(target)
}

#[tauri::command]
pub async fn save_memo(
    app: St<'_>,
    id: Option<String>,
    target: MemoTarget,
    title: String,
    body: String,
) -> ApiResult<MemoView> {
    app.save_memo(id.as_deref(), target, &title, &body)
}

#[tauri::command]
pub async fn delete_memo(app: St<'_>, id: String) -> ApiResult<()> {
    app.delete_memo(&id)
}

// ------------------------------------------------------------ theme review: analyses

#[tauri::command]
pub async fn review_tree(app: St<'_>) -> ApiResult<analysis::ReviewView> {
    app.review_tree()
}

#[tauri::command]
pub async fn matrix_options(app: St<'_>) -> ApiResult<MatrixOptions> {
    app.matrix_options()
}

#[tauri::command]
pub async fn matrix(
    app: St<'_>,
    request: analysis::MatrixRequest,
) -> ApiResult<analysis::MatrixView> {
    app.matrix(request)
}

#[tauri::command]
pub async fn compare_matrix(
    app: St<'_>,
    request: analysis::MatrixRequest,
    attribute: String,
    a: String,
    b: String,
) -> ApiResult<(analysis::MatrixView, analysis::MatrixView)> {
    app.compare_matrix(request, &attribute, &a, &b)
}

#[tauri::command]
pub async fn matrix_cell(
    app: St<'_>,
    request: analysis::MatrixRequest,
    row: u32,
    column: Option<u32>,
) -> ApiResult<Vec<String>> {
    app.matrix_cell(request, row, column)
}

#[tauri::command]
pub async fn cooccurrence(
    app: St<'_>,
    request: analysis::CooccurrenceRequest,
) -> ApiResult<analysis::MatrixView> {
    app.cooccurrence(request)
}

#[tauri::command]
pub async fn cooccurrence_cell(
    app: St<'_>,
    request: analysis::CooccurrenceRequest,
    row: u32,
    column: u32,
) -> ApiResult<Vec<String>> {
    app.cooccurrence_cell(request, row, column)
}

#[tauri::command]
pub async fn export_matrix(
    app: St<'_>,
    request: analysis::MatrixRequest,
    path: String,
    options: analysis::TableExport,
) -> ApiResult<()> {
    app.export_matrix(request, Path::new(&path), options)
}

#[tauri::command]
pub async fn export_cooccurrence(
    app: St<'_>,
    request: analysis::CooccurrenceRequest,
    path: String,
    options: analysis::TableExport,
) -> ApiResult<()> {
    app.export_cooccurrence(request, Path::new(&path), options)
}

#[tauri::command]
pub async fn thematic_map(app: St<'_>) -> ApiResult<analysis::MapView> {
    app.thematic_map()
}

#[tauri::command]
pub async fn export_map(app: St<'_>, path: String, format: MapFormat) -> ApiResult<()> {
    app.export_map(Path::new(&path), format)
}

#[tauri::command]
pub async fn export_codebook(
    app: St<'_>,
    format: tematik::app::exports::ExportFormat,
    path: String,
    options: tematik::app::exports::ExportOptions,
) -> ApiResult<tematik::app::exports::ExportWritten> {
    app.export_codebook(format, Path::new(&path), options)
}

#[tauri::command]
pub async fn export_segments(
    app: St<'_>,
    format: tematik::app::exports::ExportFormat,
    path: String,
    options: tematik::app::exports::ExportOptions,
) -> ApiResult<tematik::app::exports::ExportWritten> {
    app.export_segments(format, Path::new(&path), options)
}
