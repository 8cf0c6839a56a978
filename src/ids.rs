//! Typed identities. Every entity is identified by a UUID; a distinct type per
//! entity keeps a code id from being passed where a document id is meant.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new, random identity.
            pub fn new() -> Self {
                Self(Uuid::new_v4())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.0.hyphenated().to_string()))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let text = value.as_str()?;
                Uuid::parse_str(text)
                    .map(Self)
                    .map_err(|e| FromSqlError::Other(Box::new(e)))
            }
        }
    )*};
}

id_type! {
    /// Identity of a project (stored in the project's meta table).
    ProjectId,
    /// Identity of a coder.
    CoderId,
    /// Identity of an imported file.
    SourceId,
    /// Identity of a document.
    DocumentId,
    /// Identity of a case (respondent, participant, team, organisation).
    CaseId,
    /// Identity of an attribute definition.
    AttributeId,
    /// Identity of a node in the code tree.
    CodeId,
    /// Identity of a tag dimension ("Fokusområde", "Nivå").
    DimensionId,
    /// Identity of a tag value ("samverkan", "mikro").
    TagValueId,
    /// Identity of a coding (a coded span).
    CodingId,
    /// Identity of a memo.
    MemoId,
    /// Identity of a quote set.
    QuoteSetId,
    /// Identity of a history entry.
    ChangeId,
}
