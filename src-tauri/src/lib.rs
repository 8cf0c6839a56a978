//! Tematik's desktop shell: Tauri commands over the core's application
//! layer (`tematik::app`), and nothing more. This crate reads what only the
//! shell knows (command-line flags, the user's directories and locale) and
//! hands every command to the core.

pub mod chapters;
pub mod commands;
mod rendering;

use std::sync::Arc;
use tematik::app::settings::language_of_locale;
use tematik::app::{App, AppConfig};

/// What the app reads from the system once, at start.
fn config() -> AppConfig {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_default();
    AppConfig {
        config_dir: dirs::config_dir().map(|d| d.join("tematik")),
        data_dir: dirs::data_dir().map(|d| d.join("tematik")),
        index_dir: None,
        default_coder: std::env::var("TEMATIK_CODER")
            .or_else(|_| std::env::var("USER"))
            .ok()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| "Kodare".to_owned()),
        system_language: language_of_locale(&locale),
    }
}

/// Starts the app. `--demo` opens the demo project at once; `--project
/// FILE` opens that project.
pub fn run() {
    // First, while this is the only thread: the environment is read by
    // WebKit when the window is made.
    rendering::paint_on_cpu_if_no_gpu();
    let app = App::new(config(), Arc::new(tematik::SystemClock));
    if let Some(startup) = startup_project() {
        let opened = match &startup {
            Startup::Demo => app.open_demo_project(),
            Startup::File(p) => app.open_project(p),
        };
        if let Err(e) = opened {
            eprintln!("tematik: could not open the project: {e}");
        }
    }
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(app)
        .invoke_handler(tauri::generate_handler![
            chapters::project_settings,
            chapters::set_project_settings,
            chapters::preview_attribution,
            chapters::quote_sets,
            chapters::quote_set,
            chapters::create_quote_set,
            chapters::rename_quote_set,
            chapters::describe_quote_set,
            chapters::delete_quote_set,
            chapters::move_quote_set,
            chapters::add_to_quote_set,
            chapters::remove_from_quote_set,
            chapters::move_in_quote_set,
            chapters::set_quote_note,
            chapters::trim_quote,
            chapters::set_quote_attribution,
            chapters::quote_sets_with,
            chapters::quote_finder,
            chapters::export_chapter,
            chapters::chapter_clipboard,
            commands::review_tree,
            commands::matrix_options,
            commands::matrix,
            commands::compare_matrix,
            commands::matrix_cell,
            commands::cooccurrence,
            commands::cooccurrence_cell,
            commands::export_matrix,
            commands::export_cooccurrence,
            commands::thematic_map,
            commands::export_map,
            commands::get_settings,
            commands::set_settings,
            commands::recent_projects,
            commands::new_project,
            commands::open_project,
            commands::open_demo_project,
            commands::close_project,
            commands::project_info,
            commands::import_kinds,
            commands::import_files,
            commands::survey_columns,
            commands::preview_survey,
            commands::import_survey,
            commands::list_documents,
            commands::get_document,
            commands::survey_page,
            commands::code_tree,
            commands::dimensions,
            commands::create_code,
            commands::rename_code,
            commands::recolor_code,
            commands::define_code,
            commands::update_code,
            commands::move_code,
            commands::set_code_role,
            commands::set_code_status,
            commands::merge_codes,
            commands::delete_code,
            commands::split_code,
            commands::promote_code,
            commands::demote_code,
            commands::discard_code,
            commands::restore_code,
            commands::pin_example,
            commands::unpin_example,
            commands::move_example,
            commands::code_examples,
            commands::create_dimension,
            commands::rename_dimension,
            commands::move_dimension,
            commands::add_tag_value,
            commands::rename_tag_value,
            commands::move_tag_value,
            commands::set_code_default_tags,
            commands::apply_code,
            commands::toggle_coding_tag,
            commands::remove_coding,
            commands::snap_selection,
            commands::undo,
            commands::redo,
            commands::search,
            commands::quotes,
            commands::similar,
            commands::memos,
            commands::save_memo,
            commands::delete_memo,
            commands::export_codebook,
            commands::export_segments,
        ])
        .build(tauri::generate_context!())
        .expect("error while building Tematik")
        .run(|handle, event| {
            // Tauri ends the process without running destructors: write the
            // search index out now, or the next start rebuilds it.
            if let tauri::RunEvent::Exit = event {
                use tauri::Manager;
                if let Err(e) = handle.state::<App>().close_project() {
                    eprintln!("tematik: the search index was not saved (it will be rebuilt): {e}");
                }
            }
        });
}

enum Startup {
    Demo,
    File(std::path::PathBuf),
}

fn startup_project() -> Option<Startup> {
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--demo" => return Some(Startup::Demo),
            "--project" => return args.next().map(|p| Startup::File(p.into())),
            _ => {}
        }
    }
    match std::env::var("TEMATIK_OPEN").ok().as_deref() {
        Some("demo") => Some(Startup::Demo),
        Some(p) if !p.is_empty() => Some(Startup::File(p.into())),
        _ => None,
    }
}
