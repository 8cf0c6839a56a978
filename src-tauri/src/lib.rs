//! Tematik's desktop shell: Tauri commands that adapt the `tematik` core,
//! and nothing more. All logic lives in the core; this crate converts ids,
//! positions (code points ↔ UTF-16) and errors (`{code, message}`) at the
//! IPC edge, and keeps the search index in step after every write.

pub mod commands;
pub mod dto;
pub mod error;
pub mod positions;
pub mod session;
pub mod settings;

use commands::AppState;
use std::sync::Mutex;

/// Starts the app. `--demo` opens the demo project at once; `--project
/// FILE` opens that project.
pub fn run() {
    let state = AppState {
        session: Mutex::new(None),
        settings: Mutex::new(settings::Stored::load()),
    };
    let startup = startup_project();
    if let Some(path) = &startup {
        let coder = state
            .settings
            .lock()
            .map(|s| s.settings().coder)
            .unwrap_or_default();
        let opened = match path {
            Startup::Demo => settings::demo_path().and_then(|p| {
                if p.exists() {
                    session::Session::open(&p, &coder)
                } else {
                    let project = tematik::demo::create(
                        &p,
                        std::sync::Arc::new(tematik::SystemClock),
                        &coder,
                    )?;
                    session::Session::start(project, &p, &coder)
                }
            }),
            Startup::File(p) => session::Session::open(p, &coder),
        };
        match opened {
            Ok(s) => {
                if let Ok(info) = s.info()
                    && let Ok(mut st) = state.settings.lock()
                {
                    st.opened(&s.path, &info.name);
                    let _ = st.save();
                }
                *state.session.lock().expect("fresh lock") = Some(s);
            }
            Err(e) => eprintln!("tematik: could not open the project: {e}"),
        }
    }
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::get_settings,
            commands::set_settings,
            commands::recent_projects,
            commands::new_project,
            commands::open_project,
            commands::open_demo_project,
            commands::close_project,
            commands::project_info,
            commands::import_files,
            commands::survey_columns,
            commands::preview_survey,
            commands::import_survey,
            commands::list_documents,
            commands::get_document,
            commands::survey_rows,
            commands::code_tree,
            commands::dimensions,
            commands::create_code,
            commands::rename_code,
            commands::recolor_code,
            commands::define_code,
            commands::move_code,
            commands::set_code_role,
            commands::set_code_status,
            commands::merge_codes,
            commands::delete_code,
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
        ])
        .build(tauri::generate_context!())
        .expect("error while building Tematik")
        .run(|app, event| {
            // Tauri ends the process without running destructors: write the
            // search index out now, or the next start rebuilds it.
            if let tauri::RunEvent::Exit = event {
                use tauri::Manager;
                let state = app.state::<AppState>();
                let session = state.session.lock().ok().and_then(|mut s| s.take());
                if let Some(session) = session
                    && let Err(e) = session.index.close()
                {
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

#[cfg(test)]
mod tests {
    /// The checked-in TypeScript bindings match the Rust types.
    #[test]
    fn bindings_are_up_to_date() {
        let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/lib/api/bindings.ts");
        let generated = crate::dto::typescript();
        if std::env::var_os("TEMATIK_WRITE_BINDINGS").is_some() {
            std::fs::write(file, &generated).unwrap();
        }
        let checked_in = std::fs::read_to_string(file).unwrap_or_default();
        assert!(
            checked_in == generated,
            "ui/src/lib/api/bindings.ts is out of date: run \
             `TEMATIK_WRITE_BINDINGS=1 cargo test -p tematik-app bindings`"
        );
    }
}
