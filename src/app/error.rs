//! Errors as they cross IPC: `{code, message, details}`. `code` is the
//! core's [`ErrorCode`](crate::error::ErrorCode), the one list a view
//! switches on; `details` carries the error's fields so the window writes
//! the message in the user's language; `message` is the core's English
//! sentence, for logs and the command line.

use serde::Serialize;
use ts_rs::TS;

/// Every failed command rejects with this.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
pub struct ApiError {
    /// What went wrong, as a stable code.
    pub code: crate::error::ErrorCode,
    /// The core's English sentence.
    pub message: String,
    /// The error's fields by name (a file's name under "file" …).
    #[ts(type = "{ [key in string]?: JsonValue }")]
    pub details: serde_json::Map<String, serde_json::Value>,
}

impl From<crate::Error> for ApiError {
    fn from(e: crate::Error) -> Self {
        ApiError {
            code: e.code(),
            message: e.to_string(),
            details: e.details(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for ApiError {}

/// The result of an app-layer call.
pub type ApiResult<T> = Result<T, ApiError>;
