//! The Tauri commands of chapter writing (quote sets, attribution settings,
//! the quote finder): one call each into `tematik::app::App`.

use tauri::State;
use tematik::app::exports::{ExportFormat, ExportOptions, ExportWritten};
use tematik::app::views::*;
use tematik::app::{ApiResult, App};

type St<'a> = State<'a, App>;

#[tauri::command]
pub async fn project_settings(app: St<'_>) -> ApiResult<ProjectSettingsView> {
    app.project_settings()
}

#[tauri::command]
pub async fn set_project_settings(
    app: St<'_>,
    settings: ProjectSettingsView,
) -> ApiResult<ProjectSettingsView> {
    app.set_project_settings(settings)
}

#[tauri::command]
pub async fn preview_attribution(app: St<'_>, template: String) -> ApiResult<Vec<String>> {
    app.preview_attribution(&template)
}

#[tauri::command]
pub async fn quote_sets(app: St<'_>) -> ApiResult<Vec<QuoteSetSummary>> {
    app.quote_sets()
}

#[tauri::command]
pub async fn quote_set(app: St<'_>, id: String) -> ApiResult<QuoteSetView> {
    app.quote_set(&id)
}

#[tauri::command]
pub async fn create_quote_set(app: St<'_>, name: String) -> ApiResult<QuoteSetView> {
    app.create_quote_set(&name)
}

#[tauri::command]
pub async fn rename_quote_set(app: St<'_>, id: String, name: String) -> ApiResult<()> {
    app.rename_quote_set(&id, &name)
}

#[tauri::command]
pub async fn describe_quote_set(app: St<'_>, id: String, description: String) -> ApiResult<()> {
    app.describe_quote_set(&id, &description)
}

#[tauri::command]
pub async fn delete_quote_set(app: St<'_>, id: String) -> ApiResult<()> {
    app.delete_quote_set(&id)
}

#[tauri::command]
pub async fn move_quote_set(app: St<'_>, id: String, position: u32) -> ApiResult<()> {
    app.move_quote_set(&id, position)
}

#[tauri::command]
pub async fn add_to_quote_set(
    app: St<'_>,
    id: String,
    coding_id: String,
    position: Option<u32>,
) -> ApiResult<QuoteSetView> {
    app.add_to_quote_set(&id, &coding_id, position)
}

#[tauri::command]
pub async fn remove_from_quote_set(
    app: St<'_>,
    id: String,
    coding_id: String,
) -> ApiResult<QuoteSetView> {
    app.remove_from_quote_set(&id, &coding_id)
}

#[tauri::command]
pub async fn move_in_quote_set(
    app: St<'_>,
    id: String,
    coding_id: String,
    position: u32,
) -> ApiResult<QuoteSetView> {
    app.move_in_quote_set(&id, &coding_id, position)
}

#[tauri::command]
pub async fn set_quote_note(
    app: St<'_>,
    id: String,
    coding_id: String,
    note: String,
) -> ApiResult<QuoteSetView> {
    app.set_quote_note(&id, &coding_id, &note)
}

#[tauri::command]
pub async fn trim_quote(
    app: St<'_>,
    id: String,
    coding_id: String,
    parts: Option<Vec<(u32, u32)>>,
) -> ApiResult<QuoteSetView> {
    app.trim_quote(&id, &coding_id, parts)
}

#[tauri::command]
pub async fn set_quote_attribution(
    app: St<'_>,
    id: String,
    coding_id: String,
    template: Option<String>,
) -> ApiResult<QuoteSetView> {
    app.set_quote_attribution(&id, &coding_id, template)
}

#[tauri::command]
pub async fn quote_sets_with(app: St<'_>, coding_id: String) -> ApiResult<Vec<QuoteSetRef>> {
    app.quote_sets_with(&coding_id)
}

#[tauri::command]
pub async fn quote_finder(app: St<'_>, request: FinderRequest) -> ApiResult<FinderView> {
    app.quote_finder(request)
}

#[tauri::command]
pub async fn export_chapter(
    app: St<'_>,
    source: ChapterSource,
    format: ExportFormat,
    path: String,
    options: ExportOptions,
) -> ApiResult<ExportWritten> {
    app.export_chapter(source, format, std::path::Path::new(&path), options)
}

#[tauri::command]
pub async fn chapter_clipboard(app: St<'_>, source: ChapterSource) -> ApiResult<ClipboardView> {
    app.chapter_clipboard(source)
}
