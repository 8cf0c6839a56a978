//! The user's settings and recent projects, kept as JSON in a config
//! directory the shell chooses (`$XDG_CONFIG_HOME/tematik/` in the app; a
//! temporary directory in tests).

use super::views::{Language, RecentProject, Settings};
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// How many recent projects are remembered.
const RECENT_MAX: usize = 12;

/// What is kept in `settings.json`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Stored {
    /// The chosen language, or none to follow the system.
    #[serde(default)]
    pub language: Option<Language>,
    /// The coder name, once chosen.
    #[serde(default)]
    pub coder: Option<String>,
    /// Recently opened projects, newest first.
    #[serde(default)]
    pub recent: Vec<RecentProject>,
    /// Where the file lives (not stored); `None`: nothing is saved.
    #[serde(skip)]
    file: Option<PathBuf>,
}

/// The language of a locale string such as `LANG`'s ("sv_SE.UTF-8"):
/// English for "en…", Swedish otherwise (also for C/POSIX and unknown
/// locales: Swedish first).
pub fn language_of_locale(locale: &str) -> Language {
    if locale.starts_with("en") {
        Language::En
    } else {
        Language::Sv
    }
}

impl Stored {
    /// Reads the settings in `dir` (`None`: keep them in memory only). A
    /// missing or unreadable file gives defaults; it is rewritten on the
    /// next change.
    pub fn load(dir: Option<&Path>) -> Stored {
        let file = dir.map(|d| d.join("settings.json"));
        let mut stored: Stored = file
            .as_ref()
            .and_then(|f| std::fs::read_to_string(f).ok())
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        stored.file = file;
        stored
    }

    /// Writes the settings (a temporary file renamed over the old one, so
    /// a crash never leaves half a file).
    pub fn save(&self) -> Result<()> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        let io = |path: &Path| {
            let path = path.to_owned();
            move |source| Error::Io { path, source }
        };
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        let tmp = file.with_extension("json.tmp");
        let text = serde_json::to_string_pretty(self)?;
        std::fs::write(&tmp, text).map_err(io(&tmp))?;
        std::fs::rename(&tmp, file).map_err(io(file))
    }

    /// The settings as the window shows them; `default_coder` is the name
    /// used until one is chosen.
    pub fn settings(&self, default_coder: &str, system_language: Language) -> Settings {
        Settings {
            language: self.language,
            coder: self
                .coder
                .clone()
                .unwrap_or_else(|| default_coder.to_owned()),
            system_language,
        }
    }

    /// Puts a project first in the recent list.
    pub fn opened(&mut self, path: &Path, name: &str, at: DateTime<Utc>) {
        let path = path.display().to_string();
        self.recent.retain(|r| r.path != path);
        self.recent.insert(
            0,
            RecentProject {
                path,
                name: name.to_owned(),
                opened_at: crate::clock::format_time(at),
            },
        );
        self.recent.truncate(RECENT_MAX);
    }

    /// Recent projects whose files still exist.
    pub fn recent(&self) -> Vec<RecentProject> {
        self.recent
            .iter()
            .filter(|r| Path::new(&r.path).exists())
            .cloned()
            .collect()
    }
}
