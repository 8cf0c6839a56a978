//! Memos: the project journal and notes on documents, codes, codings and cases.

use super::{Change, Project, UndoMode, time_col};
use crate::error::{Error, Result};
use crate::ids::{CoderId, MemoId};
use crate::model::{Memo, MemoTarget};
use rusqlite::{OptionalExtension, params};
use serde_json::json;

fn target_columns(
    t: MemoTarget,
) -> (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
) {
    match t {
        MemoTarget::Journal => (None, None, None, None),
        MemoTarget::Document(id) => (Some(id.to_string()), None, None, None),
        MemoTarget::Code(id) => (None, Some(id.to_string()), None, None),
        MemoTarget::Coding(id) => (None, None, Some(id.to_string()), None),
        MemoTarget::Case(id) => (None, None, None, Some(id.to_string())),
    }
}

fn memo_from_row(r: &rusqlite::Row) -> rusqlite::Result<Memo> {
    let target = if let Some(id) = r.get(4)? {
        MemoTarget::Document(id)
    } else if let Some(id) = r.get(5)? {
        MemoTarget::Code(id)
    } else if let Some(id) = r.get(6)? {
        MemoTarget::Coding(id)
    } else if let Some(id) = r.get(7)? {
        MemoTarget::Case(id)
    } else {
        MemoTarget::Journal
    };
    Ok(Memo {
        id: r.get(0)?,
        title: r.get(1)?,
        body: r.get(2)?,
        coder_id: r.get(3)?,
        target,
        created_at: time_col(r, 8)?,
        updated_at: time_col(r, 9)?,
    })
}

const MEMO_COLUMNS: &str =
    "id, title, body, coder_id, document_id, code_id, coding_id, case_id, created_at, updated_at";

impl Project {
    /// Memos about `target` (the journal for [`MemoTarget::Journal`]), oldest first.
    pub fn memos(&self, target: MemoTarget) -> Result<Vec<Memo>> {
        let (d, c, g, k) = target_columns(target);
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {MEMO_COLUMNS} FROM memos WHERE document_id IS ?1 AND code_id IS ?2 AND coding_id IS ?3 AND case_id IS ?4
             ORDER BY created_at, id"
        ))?;
        let rows = stmt.query_map(params![d, c, g, k], memo_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A memo by id.
    pub fn memo(&self, id: MemoId) -> Result<Memo> {
        self.conn
            .query_row(
                &format!("SELECT {MEMO_COLUMNS} FROM memos WHERE id = ?1"),
                [id],
                memo_from_row,
            )
            .optional()?
            .ok_or_else(|| Error::unknown("memo", id))
    }

    /// Writes a new memo.
    pub fn write_memo(
        &mut self,
        by: CoderId,
        target: MemoTarget,
        title: &str,
        body: &str,
    ) -> Result<MemoId> {
        if body.trim().is_empty() && title.trim().is_empty() {
            return Err(Error::EmptyMemo);
        }
        self.write(by, "write_memo", UndoMode::Undoable, |tx| {
            let id = MemoId::new();
            let (d, c, g, k) = target_columns(target);
            tx.execute(
                &format!("INSERT INTO memos({MEMO_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)"),
                params![id, title.trim(), body, tx.by, d, c, g, k, tx.now],
            )
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
                    match target {
                        MemoTarget::Journal => Error::internal("the journal cannot be missing"),
                        MemoTarget::Document(id) => Error::unknown("document", id),
                        MemoTarget::Code(id) => Error::unknown("code", id),
                        MemoTarget::Coding(id) => Error::unknown("coding", id),
                        MemoTarget::Case(id) => Error::unknown("case", id),
                    }
                }
                e => e.into(),
            })?;
            Ok(Change::new(id, format!("Wrote memo \"{}\"", title.trim()), json!({ "memo": id, "target": target })))
        })
    }

    /// Changes a memo's title and text.
    pub fn edit_memo(&mut self, by: CoderId, id: MemoId, title: &str, body: &str) -> Result<()> {
        self.write(by, "edit_memo", UndoMode::Undoable, |tx| {
            let n = tx.execute(
                "UPDATE memos SET title = ?1, body = ?2, updated_at = ?3 WHERE id = ?4",
                params![title.trim(), body, tx.now, id],
            )?;
            if n == 0 {
                return Err(Error::unknown("memo", id));
            }
            Ok(Change::new(
                (),
                format!("Edited memo \"{}\"", title.trim()),
                json!({ "memo": id }),
            ))
        })
    }

    /// Deletes a memo.
    pub fn delete_memo(&mut self, by: CoderId, id: MemoId) -> Result<()> {
        self.write(by, "delete_memo", UndoMode::Undoable, |tx| {
            let n = tx.execute("DELETE FROM memos WHERE id = ?1", [id])?;
            if n == 0 {
                return Err(Error::unknown("memo", id));
            }
            Ok(Change::new((), "Deleted a memo", json!({ "memo": id })))
        })
    }
}
