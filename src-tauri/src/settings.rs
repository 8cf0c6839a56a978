//! The user's settings and recent projects, kept as JSON in the user's
//! config directory (`$XDG_CONFIG_HOME/tematik/settings.json`), and where
//! the demo project lives (`$XDG_DATA_HOME/tematik/`).

use crate::dto::{Language, RecentProject, Settings};
use crate::error::{ApiError, ApiResult};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const RECENT_MAX: usize = 12;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Stored {
    #[serde(default)]
    pub language: Option<Language>,
    #[serde(default)]
    pub coder: Option<String>,
    #[serde(default)]
    pub recent: Vec<RecentProject>,
}

fn config_file() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("tematik").join("settings.json"))
}

/// Where the demo project is created.
pub fn demo_path() -> ApiResult<PathBuf> {
    let dir = dirs::data_dir()
        .ok_or_else(|| ApiError::new("io", "this user has no data directory"))?
        .join("tematik");
    std::fs::create_dir_all(&dir)
        .map_err(|e| ApiError::new("io", format!("{}: {e}", dir.display())))?;
    Ok(dir.join("demo.tematik"))
}

/// The language of the system locale (LC_ALL, LC_MESSAGES, LANG).
pub fn system_language() -> Language {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_default();
    if locale.starts_with("en") {
        Language::En
    } else {
        // Swedish first: also for C/POSIX and unknown locales.
        Language::Sv
    }
}

fn default_coder() -> String {
    std::env::var("TEMATIK_CODER")
        .or_else(|_| std::env::var("USER"))
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "Kodare".to_owned())
}

impl Stored {
    /// Reads the settings; a missing or unreadable file gives defaults (it
    /// is rewritten on the next change).
    pub fn load() -> Stored {
        config_file()
            .and_then(|f| std::fs::read_to_string(f).ok())
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    }

    pub fn save(&self) -> ApiResult<()> {
        let Some(file) = config_file() else {
            return Ok(());
        };
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| ApiError::new("io", format!("{}: {e}", dir.display())))?;
        }
        let tmp = file.with_extension("json.tmp");
        let text = serde_json::to_string_pretty(self).expect("settings serialise");
        std::fs::write(&tmp, text)
            .and_then(|_| std::fs::rename(&tmp, &file))
            .map_err(|e| ApiError::new("io", format!("{}: {e}", file.display())))
    }

    pub fn settings(&self) -> Settings {
        Settings {
            language: self.language,
            coder: self.coder.clone().unwrap_or_else(default_coder),
            system_language: system_language(),
        }
    }

    /// Puts a project first in the recent list.
    pub fn opened(&mut self, path: &Path, name: &str) {
        let path = path.display().to_string();
        self.recent.retain(|r| r.path != path);
        self.recent.insert(
            0,
            RecentProject {
                path,
                name: name.to_owned(),
                opened_at: chrono::Utc::now().to_rfc3339(),
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
