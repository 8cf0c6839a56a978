//! The append-only change history: who did what, when.

use super::{Project, time_col};
use crate::error::Result;
use crate::ids::{ChangeId, CoderId};
use crate::model::HistoryEntry;
use rusqlite::{Connection, params};

/// Appends an entry and returns its sequence number.
pub(super) fn append(
    conn: &Connection,
    at: &str,
    by: CoderId,
    kind: &str,
    summary: &str,
    details: &serde_json::Value,
    target: Option<i64>,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO history(id, at, coder_id, kind, summary, details, target)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        ChangeId::new(),
        at,
        by,
        kind,
        summary,
        details.to_string(),
        target
    ])?;
    Ok(conn.last_insert_rowid())
}

impl Project {
    /// The newest `limit` history entries, newest first.
    pub fn history(&self, limit: usize) -> Result<Vec<HistoryEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT h.seq, h.id, h.at, h.coder_id, c.name, h.kind, h.summary, h.details, h.target
             FROM history h JOIN coders c ON c.id = h.coder_id
             ORDER BY h.seq DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            let details: String = r.get(7)?;
            Ok(HistoryEntry {
                seq: r.get(0)?,
                id: r.get(1)?,
                at: time_col(r, 2)?,
                coder_id: r.get(3)?,
                coder_name: r.get(4)?,
                kind: r.get(5)?,
                summary: r.get(6)?,
                details: serde_json::from_str(&details).unwrap_or(serde_json::Value::Null),
                target: r.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
