//! The project's own settings (not the user's: those live beside the app):
//! how quotes are attributed and when an attribution warns that it may
//! identify someone. Rows of `project_settings`, so changing them is one
//! undoable change in the history, and a copy of the project keeps them.

use super::{Change, Project, UndoMode};
use crate::attribution::{SURVEY_TEMPLATE, TRANSCRIPT_TEMPLATE};
use crate::error::{Error, Result};
use crate::ids::CoderId;
use rusqlite::{Connection, params};
use serde_json::json;

/// The fewest participants an attribution's values should fit before it is
/// safe from re-identification, unless the project says otherwise.
pub const DEFAULT_K: u32 = 3;

/// A project's settings.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProjectSettings {
    /// The attribution template of a quote from a transcript.
    pub transcript_attribution: String,
    /// The attribution template of a survey answer.
    pub survey_attribution: String,
    /// An attribution whose values fit fewer participants than this is
    /// flagged (k-anonymity).
    pub reidentification_k: u32,
}

impl Default for ProjectSettings {
    fn default() -> Self {
        ProjectSettings {
            transcript_attribution: TRANSCRIPT_TEMPLATE.to_owned(),
            survey_attribution: SURVEY_TEMPLATE.to_owned(),
            reidentification_k: DEFAULT_K,
        }
    }
}

const TRANSCRIPT: &str = "transcript_attribution";
const SURVEY: &str = "survey_attribution";
const K: &str = "reidentification_k";

pub(crate) fn read(conn: &Connection) -> Result<ProjectSettings> {
    let mut s = ProjectSettings::default();
    let mut stmt = conn.prepare_cached("SELECT key, value FROM project_settings")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (key, value) = row?;
        match key.as_str() {
            TRANSCRIPT => s.transcript_attribution = value,
            SURVEY => s.survey_attribution = value,
            K => {
                s.reidentification_k = value.parse().map_err(|_| Error::Corrupt {
                    what: "project setting reidentification_k".into(),
                    reason: format!("\"{value}\" is not a whole number"),
                })?
            }
            // A setting of a newer version: kept, not understood.
            _ => {}
        }
    }
    Ok(s)
}

impl Project {
    /// The project's settings (the defaults for any not set).
    pub fn project_settings(&self) -> Result<ProjectSettings> {
        read(&self.conn)
    }

    /// Changes the project's settings: the templates must be valid and k at
    /// least 1.
    pub fn set_project_settings(&mut self, by: CoderId, new: &ProjectSettings) -> Result<()> {
        crate::attribution::check(&new.transcript_attribution)?;
        crate::attribution::check(&new.survey_attribution)?;
        if new.reidentification_k == 0 || new.reidentification_k > 1000 {
            return Err(Error::BadValue {
                what: "reidentification_k",
                value: new.reidentification_k.to_string(),
                expected: "a whole number from 1 to 1000".into(),
            });
        }
        self.write(by, "set_project_settings", UndoMode::Undoable, |tx| {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO project_settings(key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE value <> excluded.value",
            )?;
            stmt.execute(params![TRANSCRIPT, new.transcript_attribution])?;
            stmt.execute(params![SURVEY, new.survey_attribution])?;
            stmt.execute(params![K, new.reidentification_k.to_string()])?;
            Ok(Change::new(
                (),
                "Changed the project's attribution settings",
                json!({
                    "transcript_attribution": new.transcript_attribution,
                    "survey_attribution": new.survey_attribution,
                    "reidentification_k": new.reidentification_k,
                }),
            ))
        })
    }
}
