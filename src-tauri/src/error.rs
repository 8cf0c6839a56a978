//! Errors as they cross IPC: `{code, message}`, with the core's stable codes
//! and a few of the shell's own.

use serde::Serialize;
use ts_rs::TS;

/// Every failed command rejects with this.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
pub struct ApiError {
    /// Stable machine code: the core's ("not_found", "invalid",
    /// "already_imported", "import", "code_in_use", "undo_conflict", "io" …)
    /// or the shell's ("no_project", "internal").
    pub code: String,
    /// A sentence for the user.
    pub message: String,
}

impl ApiError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        ApiError {
            code: code.to_owned(),
            message: message.into(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new("invalid", message)
    }

    pub fn no_project() -> Self {
        Self::new("no_project", "no project is open")
    }
}

impl From<tematik::Error> for ApiError {
    fn from(e: tematik::Error) -> Self {
        ApiError::new(e.code(), e.to_string())
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ApiError {}

pub type ApiResult<T> = Result<T, ApiError>;
