//! The application layer: what the window can ask for, without a window.
//!
//! [`App`] holds the open [`Session`] (the project with its search index)
//! and the user's settings, and has one method per command the desktop
//! shell offers. Each takes and returns the [`views`] that cross IPC (text
//! positions as UTF-16 offsets, ids as strings) and fails with an
//! [`ApiError`] (`{code, message, details}`). The shell's Tauri commands
//! are one call each into this layer, so everything here is tested headless
//! against temporary projects (`tests/app.rs`).
//!
//! Every method that writes runs the core operation (one transaction), then
//! brings the search index up to date and waits until the change is on
//! disk before it answers: a change the window was told about is saved
//! and searchable.

mod analysis;
mod chapters;
mod codes;
mod documents;
mod error;
pub mod exports;
mod imports;
mod memos;
mod search;
mod session;
pub mod settings;
pub mod views;

pub use crate::chapter::risk_reason;
pub use analysis::{MapFormat, MatrixOptions};
pub use error::{ApiError, ApiResult};
pub use session::Session;

use crate::Clock;
use crate::error::{Error, Result};
use crate::identity::LocalIdentity;
use session::Me;
use settings::Stored;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use views::*;

/// Where the app keeps what is not in a project, and what it reads from
/// the system once at start (passed in, so tests choose).
#[derive(Clone, Debug, Default)]
pub struct AppConfig {
    /// The user's config directory for Tematik (settings, recent
    /// projects); `None` keeps them in memory.
    pub config_dir: Option<PathBuf>,
    /// Where the demo project is created.
    pub data_dir: Option<PathBuf>,
    /// Where search indexes are kept, one folder per project (`None`: the
    /// user's cache directory).
    pub index_dir: Option<PathBuf>,
    /// The coder name until the user chooses one (`$TEMATIK_CODER`,
    /// `$USER`).
    pub default_coder: String,
    /// The system locale's language.
    pub system_language: Language,
}

/// The app: the open project, if any, and the user's settings.
pub struct App {
    session: Mutex<Option<Session>>,
    settings: Mutex<Stored>,
    config: AppConfig,
    clock: Arc<dyn Clock>,
    /// This computer and its coder (shared with the command line).
    identity: LocalIdentity,
}

impl App {
    /// The app with no project open. This computer's identity is read
    /// from (or created in) the config directory; without one, or if it
    /// cannot be written, a new identity lives as long as the app.
    pub fn new(config: AppConfig, clock: Arc<dyn Clock>) -> App {
        let identity = config
            .config_dir
            .as_deref()
            .map(LocalIdentity::load_or_create)
            .transpose()
            .unwrap_or_else(|e| {
                eprintln!("tematik: this computer's identity could not be kept: {e}");
                None
            })
            .unwrap_or_else(|| LocalIdentity {
                computer: uuid::Uuid::new_v4(),
                coder: crate::CoderId::new(),
            });
        App {
            session: Mutex::new(None),
            settings: Mutex::new(Stored::load(config.config_dir.as_deref())),
            config,
            clock,
            identity,
        }
    }

    /// Runs `f` on the open session; whatever it committed is on disk
    /// before this returns (a no-op when it committed nothing).
    fn with<T>(&self, f: impl FnOnce(&mut Session) -> Result<T>) -> ApiResult<T> {
        let mut guard = self.lock_session()?;
        let session = guard.as_mut().ok_or(Error::NoProject)?;
        let out = f(session);
        session.project.wait_durable()?;
        Ok(out?)
    }

    /// Like [`App::with`], for a command that writes: the index is brought
    /// up to date after `f`, so the change is searchable when it returns.
    fn write<T>(&self, f: impl FnOnce(&mut Session) -> Result<T>) -> ApiResult<T> {
        self.with(|s| {
            let out = f(s)?;
            s.synced()?;
            Ok(out)
        })
    }

    fn lock_session(&self) -> Result<MutexGuard<'_, Option<Session>>> {
        self.session.lock().map_err(|_| Error::Internal {
            reason: "the project lock was poisoned by an earlier failure".into(),
        })
    }

    fn stored(&self) -> MutexGuard<'_, Stored> {
        self.settings.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Who works here, under the name the settings give.
    fn me(&self) -> Me {
        Me {
            identity: self.identity,
            name: self
                .stored()
                .settings(&self.config.default_coder, self.config.system_language)
                .coder,
        }
    }

    /// Makes `session` the open project and records it as recent.
    fn install(&self, session: Session) -> ApiResult<ProjectInfo> {
        let info = session.info(self.config.system_language)?;
        {
            let mut s = self.stored();
            s.opened(&session.path, &info.name, self.clock.now());
            s.save()?;
        }
        // The project open before (if any) closes with its index written
        // out. The new one is open whatever happens to the old index (it is
        // derived data: at worst it is rebuilt when that project opens).
        let old = self.lock_session()?.replace(session);
        if let Some(old) = old
            && let Err(e) = old.index.close()
        {
            eprintln!("tematik: the search index of the project closed was not saved: {e}");
        }
        Ok(info)
    }

    // -------------------------------------------------------- settings, projects

    /// The user's settings.
    pub fn get_settings(&self) -> ApiResult<Settings> {
        Ok(self
            .stored()
            .settings(&self.config.default_coder, self.config.system_language))
    }

    /// Changes the language and the coder name (the open project's later
    /// changes are attributed to the new name).
    pub fn set_settings(&self, settings: Settings) -> ApiResult<()> {
        let coder = settings.coder.trim().to_owned();
        if coder.is_empty() {
            return Err(Error::NameRequired { what: "coder" }.into());
        }
        {
            let mut s = self.stored();
            s.language = settings.language;
            s.coder = Some(coder.clone());
            s.save()?;
        }
        let mut guard = self.lock_session()?;
        if let Some(session) = guard.as_mut() {
            session.coder = self.me().act_here(&mut session.project)?;
            session.synced()?;
        }
        Ok(())
    }

    /// Recent projects whose files still exist, newest first.
    pub fn recent_projects(&self) -> ApiResult<Vec<RecentProject>> {
        Ok(self.stored().recent())
    }

    /// Creates a project file (refusing to overwrite one) from a template
    /// and opens it.
    pub fn new_project(
        &self,
        path: &Path,
        name: &str,
        template: Template,
    ) -> ApiResult<ProjectInfo> {
        let name = if name.trim().is_empty() {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "Projekt".into())
        } else {
            name.trim().to_owned()
        };
        let mut project = crate::Project::create(path, &name, self.clock.clone())?;
        let me = self.me();
        let by = me.act_here(&mut project)?;
        let t = match template {
            Template::Blank => crate::Template::Blank,
            Template::Nvos => crate::Template::Nvos,
        };
        crate::template::apply(&mut project, by, t)?;
        self.start(project, path, &me)
    }

    fn start(&self, project: crate::Project, path: &Path, me: &Me) -> ApiResult<ProjectInfo> {
        let session = Session::start(project, path, me, self.config.index_dir.as_deref())?;
        self.install(session)
    }

    /// Opens a project file.
    pub fn open_project(&self, path: &Path) -> ApiResult<ProjectInfo> {
        let project = crate::Project::open(path, self.clock.clone())?;
        self.start(project, path, &self.me())
    }

    /// Where the demo project lives.
    pub fn demo_path(&self) -> Result<PathBuf> {
        let dir = self
            .config
            .data_dir
            .clone()
            .ok_or_else(|| Error::Internal {
                reason: "this user has no data directory for the demo project".into(),
            })?;
        std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
            path: dir.clone(),
            source,
        })?;
        Ok(dir.join("demo.tematik"))
    }

    /// Opens the demo project, creating it the first time.
    pub fn open_demo_project(&self) -> ApiResult<ProjectInfo> {
        let path = self.demo_path()?;
        let me = self.me();
        let project = if path.exists() {
            crate::Project::open(&path, self.clock.clone())?
        } else {
            crate::demo::create(&path, self.clock.clone(), &me.identity, &me.name)?
        };
        self.start(project, &path, &me)
    }

    /// Closes the open project, writing its search index out.
    pub fn close_project(&self) -> ApiResult<()> {
        if let Some(session) = self.lock_session()?.take() {
            session.project.wait_durable()?;
            session.index.close()?;
        }
        Ok(())
    }

    /// The open project as the top bar shows it.
    pub fn project_info(&self) -> ApiResult<ProjectInfo> {
        let lang = self.config.system_language;
        self.with(|s| s.info(lang))
    }

    /// Whether a project is open.
    pub fn is_open(&self) -> bool {
        self.lock_session().map(|s| s.is_some()).unwrap_or(false)
    }

    /// The open session, for the shell's start-up and for tests that look
    /// below the views (e.g. at the project itself).
    pub fn session(&self) -> ApiResult<MutexGuard<'_, Option<Session>>> {
        Ok(self.lock_session()?)
    }

    // -------------------------------------------------------- undo

    fn undo_or_redo(&self, undo: bool) -> ApiResult<Option<UndoOutcome>> {
        let lang = self.config.system_language;
        self.with(|s| {
            let outcome = if undo {
                s.project.undo(s.coder)
            } else {
                s.project.redo(s.coder)
            };
            let outcome = match outcome {
                Ok(o) => o,
                Err(Error::NothingTo(_)) => return Ok(None),
                Err(e) => return Err(e),
            };
            // Read before the index forgets a coding the undo removed.
            let place = s.changed_place()?;
            s.documents_changed()?;
            Ok(Some(UndoOutcome {
                label: outcome.summary,
                kind: outcome.kind,
                info: s.info(lang)?,
                place,
            }))
        })
    }

    /// Undoes the newest change (`None` when there is nothing to undo).
    pub fn undo(&self) -> ApiResult<Option<UndoOutcome>> {
        self.undo_or_redo(true)
    }

    /// Redoes the newest undone change (`None` when there is none).
    pub fn redo(&self) -> ApiResult<Option<UndoOutcome>> {
        self.undo_or_redo(false)
    }
}

/// The TypeScript declarations of every type that crosses IPC, in one file
/// (`ui/src/lib/api/bindings.ts`).
pub fn typescript() -> String {
    use ts_rs::TS;
    let mut out = String::from(
        "// Generated from src/app/views.rs (and the types it uses) by ts-rs. Do not\n\
         // edit: change the Rust types and run\n\
         // `TEMATIK_WRITE_BINDINGS=1 cargo test --test tests app::bindings`.\n\n\
         export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null;\n\n",
    );
    macro_rules! decls {
        ($($t:ty),* $(,)?) => {$(
            out.push_str("export ");
            out.push_str(&<$t as TS>::decl());
            out.push('\n');
        )*};
    }
    decls!(
        crate::error::ErrorCode,
        ApiError,
        Language,
        Template,
        RecentProject,
        Settings,
        ProjectInfo,
        DocumentKind,
        CodeRole,
        ReviewStatus,
        DocumentSummary,
        DocumentList,
        SurveyQuestionSummary,
        TurnView,
        TagView,
        CodingView,
        DocumentView,
        CodeNode,
        TagValueView,
        DimensionView,
        NewCodeRequest,
        NewDimensionRequest,
        crate::storage::CodeUpdate,
        ApplyCodeRequest,
        DeleteCodings,
        Filters,
        EntryKind,
        SearchRequest,
        SnippetView,
        SearchHitView,
        FacetKey,
        FacetCountView,
        FacetGroupName,
        FacetGroupSize,
        SearchResultsView,
        QuoteContext,
        QuoteOrder,
        QuoteRequest,
        QuoteView,
        QuotesView,
        SimilarTo,
        MemoTarget,
        MemoView,
        ImportKinds,
        ImportedFile,
        ImportSummary,
        FailedFile,
        ImportReport,
        ImportProgress,
        ColumnGuess,
        SurveyColumn,
        SurveyColumns,
        QuestionColumn,
        SurveyMapping,
        QuestionCount,
        RoundCount,
        SurveyPreview,
        SurveyRow,
        SurveyQuery,
        SurveyFilter,
        SurveyPage,
        SurveyAttribute,
        UndoOutcome,
        UndoPlace,
        crate::analysis::CodeSelection,
        crate::analysis::Axis,
        crate::analysis::Measure,
        crate::analysis::Percent,
        crate::analysis::Restriction,
        crate::analysis::MatrixRequest,
        crate::analysis::MatrixHeader,
        crate::analysis::MatrixView,
        crate::analysis::CooccurrenceMode,
        crate::analysis::CooccurrenceRequest,
        crate::analysis::AttributeValues,
        crate::analysis::MatrixCoder,
        MatrixOptions,
        crate::analysis::TableFormat,
        crate::analysis::TableExport,
        MapFormat,
        crate::analysis::MapNode,
        crate::analysis::MapEdge,
        crate::analysis::MapView,
        crate::analysis::ReviewFlag,
        crate::analysis::Spread,
        crate::analysis::CoderUse,
        crate::analysis::ReviewNode,
        crate::analysis::ReviewView,
        ProjectSettingsView,
        QuoteSetSummary,
        QuoteSetRef,
        WarningView,
        CoarserView,
        SetQuoteView,
        QuoteSetView,
        FinderRequest,
        FinderReason,
        FinderCandidate,
        FinderView,
        ChapterSource,
        ClipboardView,
        exports::ExportFormat,
        crate::export::NoteMode,
        exports::ExportOptions,
        exports::ExportWritten,
    );
    out
}
