//! Undo and redo by row images.
//!
//! Temporary triggers on every tracked table write, for each row an operation
//! inserts, updates or deletes (foreign-key cascades included), one SQL
//! statement that replays the change and one that reverts it. An operation's
//! statements are stored on the undo stack; undo runs the reverting
//! statements newest first, redo runs the replaying ones oldest first. Every
//! replayed statement must touch exactly the row it names, otherwise the
//! project has diverged and nothing is changed.
//!
//! This is the technique of <https://sqlite.org/undoredo.html>, with rows
//! addressed by primary key (row ids can change on VACUUM).

use super::{Project, Table, UNDO_DEPTH, bump_revision, history};
use crate::clock::format_time;
use crate::error::{Error, Result};
use crate::ids::CoderId;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use uuid::Uuid;

/// The entry undo acts on next: the newest not undone. (Its statements,
/// megabytes after a large import, are read only to be replayed.)
const NEXT_UNDO: &str = "SELECT u.history_seq, h.kind, h.summary, u.origin, c.name
     FROM undo_stack u JOIN history h ON h.seq = u.history_seq JOIN coders c ON c.id = h.coder_id
     WHERE u.undone = 0 ORDER BY u.history_seq DESC LIMIT 1";

/// The entry redo acts on next: the oldest undone.
const NEXT_REDO: &str = "SELECT u.history_seq, h.kind, h.summary, u.origin, c.name
     FROM undo_stack u JOIN history h ON h.seq = u.history_seq JOIN coders c ON c.id = h.coder_id
     WHERE u.undone = 1 ORDER BY u.history_seq ASC LIMIT 1";

/// An entry on top of the undo or redo stack.
struct Entry {
    seq: i64,
    kind: String,
    summary: String,
    /// The computer it was made on (none before schema version 4).
    origin: Option<String>,
    /// Who made it.
    coder: String,
}

/// Whether `entry` was made on the computer `origin`.
fn made_on(entry: &Entry, origin: Uuid) -> bool {
    entry.origin.as_deref() == Some(origin.to_string().as_str())
}

fn next_entry(conn: &Connection, undo: bool) -> Result<Option<Entry>> {
    Ok(conn
        .prepare_cached(if undo { NEXT_UNDO } else { NEXT_REDO })?
        .query_row([], |r| {
            Ok(Entry {
                seq: r.get(0)?,
                kind: r.get(1)?,
                summary: r.get(2)?,
                origin: r.get(3)?,
                coder: r.get(4)?,
            })
        })
        .optional()?)
}

/// What an undo or redo did.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct UndoOutcome {
    /// The history entry that was undone or redone.
    pub target_seq: i64,
    /// Its kind ("code_span" …).
    pub kind: String,
    /// Its summary.
    pub summary: String,
    /// The new history entry that records the undo or redo.
    pub seq: i64,
}

/// One captured change: (replay, revert).
pub(super) type Log = Vec<(String, String)>;

fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Creates the capture table and triggers on this connection (they are
/// TEMP: they exist for this connection only and never reach the file).
pub(super) fn install(conn: &Connection, tables: &[Table]) -> Result<()> {
    let mut sql = String::from(
        "CREATE TEMP TABLE IF NOT EXISTS _capture (on_ INTEGER NOT NULL);
         DELETE FROM temp._capture;
         INSERT INTO temp._capture VALUES (0);
         CREATE TEMP TABLE IF NOT EXISTS _log (seq INTEGER PRIMARY KEY, fwd TEXT NOT NULL, inv TEXT NOT NULL);
         CREATE TEMP TABLE IF NOT EXISTS _touched (tbl TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (tbl, key)) WITHOUT ROWID;\n",
    );
    for table in tables.iter().map(|t| t.name()) {
        let mut cols = Vec::new();
        let mut pk = Vec::new();
        let mut stmt = conn.prepare(&format!("PRAGMA main.table_info({})", quote_ident(table)))?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, i64>(5)?)))?;
        for row in rows {
            let (name, pk_pos) = row?;
            if pk_pos > 0 {
                pk.push((pk_pos, name.clone()));
            }
            cols.push(name);
        }
        if cols.is_empty() || pk.is_empty() {
            return Err(Error::internal(format!(
                "table {table} cannot be tracked for undo: it has no primary key"
            )));
        }
        pk.sort();
        let t = quote_ident(table);
        let col_list = cols
            .iter()
            .map(|c| quote_ident(c))
            .collect::<Vec<_>>()
            .join(",");
        // SQL text of the pieces, built inside the trigger with quote().
        let values = |row: &str| {
            cols.iter()
                .map(|c| format!("quote({row}.{})", quote_ident(c)))
                .collect::<Vec<_>>()
                .join(" || ',' || ")
        };
        // The columns an update changed, as `,"c"=<value in row>` each:
        // what an update statement sets (the rest it leaves alone).
        let changed = |row: &str, glue: &str, op: &str| {
            cols.iter()
                .map(|c| {
                    let c = quote_ident(c);
                    format!("CASE WHEN OLD.{c} IS NOT NEW.{c} THEN '{glue}{c}{op}' || quote({row}.{c}) ELSE '' END")
                })
                .collect::<Vec<_>>()
                .join(" || ")
        };
        let key = |row: &str| {
            pk.iter()
                .map(|(_, c)| format!("'{}=' || quote({row}.{})", quote_ident(c), quote_ident(c)))
                .collect::<Vec<_>>()
                .join(" || ' AND ' || ")
        };
        // The whole row as it must be for the statement to apply: replaying
        // onto a row that changed since is a conflict, not a silent overwrite.
        let whole = |row: &str| {
            cols.iter()
                .map(|c| {
                    format!(
                        "'{} IS ' || quote({row}.{})",
                        quote_ident(c),
                        quote_ident(c)
                    )
                })
                .collect::<Vec<_>>()
                .join(" || ' AND ' || ")
        };
        let insert = |row: &str| {
            format!(
                "'INSERT INTO {t}({col_list}) VALUES(' || {} || ')'",
                values(row)
            )
        };
        let delete = |row: &str| {
            format!(
                "'DELETE FROM {t} WHERE (' || {} || ') AND (' || {} || ')'",
                key(row),
                whole(row)
            )
        };
        // An update sets only the columns the change changed, on the row
        // whose key and changed columns are as the change left them: it
        // cannot overwrite anything but the change itself, and a row whose
        // changed columns differ since is a conflict. (An image of the whole
        // row, as inserts and deletes need, made each coding moved between
        // codes carry its text twice in both directions: 15 MB of log for
        // a merge of 8,000 codings.) An update that changed no column sets
        // its first key column to itself, so it still must find its row.
        let first = quote_ident(&pk[0].1);
        let update = |set_row: &str, match_row: &str| {
            format!(
                "'UPDATE {t} SET ' || coalesce(nullif(substr({}, 2), ''), '{first}={first}') || ' WHERE (' || {} || ')' || {}",
                changed(set_row, ",", "="),
                key(match_row),
                changed(match_row, " AND ", " IS "),
            )
        };
        let when = "WHEN (SELECT on_ FROM temp._capture) = 1";
        // Which rows changed, for derived data (the search index); recorded
        // for every write, undo and redo alike. The first key column names
        // the row's owner (a turn's document, a coding tag's coding).
        let first_key = &first;
        for (suffix, event, row) in [
            ("ti", "INSERT", "NEW"),
            ("tu", "UPDATE", "NEW"),
            ("td", "DELETE", "OLD"),
        ] {
            sql.push_str(&format!(
                "CREATE TEMP TRIGGER IF NOT EXISTS _touch_{table}_{suffix} AFTER {event} ON main.{t} BEGIN
                   INSERT OR IGNORE INTO temp._touched(tbl, key) VALUES ('{table}', {row}.{first_key});
                 END;\n"
            ));
            // A coding that came, went or moved in its text (not one that
            // only changed code) is recorded apart: derived data holds its
            // place.
            if table == Table::Codings.name() {
                let when = match event {
                    "UPDATE" => format!(
                        "WHEN {}",
                        super::CODING_PLACE
                            .iter()
                            .map(|c| format!("OLD.{c} IS NOT NEW.{c}", c = quote_ident(c)))
                            .collect::<Vec<_>>()
                            .join(" OR ")
                    ),
                    _ => String::new(),
                };
                sql.push_str(&format!(
                    "CREATE TEMP TRIGGER IF NOT EXISTS _place_{table}_{suffix} AFTER {event} ON main.{t} {when} BEGIN
                       INSERT OR IGNORE INTO temp._touched(tbl, key) VALUES ('{PLACED}', {row}.{first_key});
                     END;\n"
                ));
            }
        }
        sql.push_str(&format!(
            "CREATE TEMP TRIGGER IF NOT EXISTS _undo_{table}_i AFTER INSERT ON main.{t} {when} BEGIN
               INSERT INTO temp._log(fwd, inv) VALUES ({}, {});
             END;
             CREATE TEMP TRIGGER IF NOT EXISTS _undo_{table}_u AFTER UPDATE ON main.{t} {when} BEGIN
               INSERT INTO temp._log(fwd, inv) VALUES ({}, {});
             END;
             CREATE TEMP TRIGGER IF NOT EXISTS _undo_{table}_d BEFORE DELETE ON main.{t} {when} BEGIN
               INSERT INTO temp._log(fwd, inv) VALUES ({}, {});
             END;\n",
            insert("NEW"),
            delete("NEW"),
            update("NEW", "OLD"),
            update("OLD", "NEW"),
            delete("OLD"),
            insert("OLD"),
        ));
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

/// Takes the statements captured so far in this transaction, in order.
pub(super) fn take_log(conn: &Connection) -> Result<Log> {
    let mut stmt = conn.prepare_cached("SELECT fwd, inv FROM temp._log ORDER BY seq")?;
    let log = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Log>>()?;
    conn.prepare_cached("DELETE FROM temp._log")?.execute([])?;
    Ok(log)
}

/// Takes the (table, key) pairs of the rows changed since last taken.
/// The rows a transaction touched, for derived data.
pub(super) struct Touched {
    /// (table, key of the row's owner).
    pub rows: Vec<(Table, String)>,
    /// The codings among them whose place changed (see
    /// [`super::Changes::placed_codings`]).
    pub placed: Vec<String>,
}

/// Takes the rows touched so far in this transaction.
pub(super) fn take_touched(conn: &Connection) -> Result<Touched> {
    let mut stmt = conn.prepare_cached("SELECT tbl, key FROM temp._touched")?;
    let mut rows = Vec::new();
    let mut placed = Vec::new();
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))? {
        let (name, key) = row?;
        if name == PLACED {
            placed.push(key);
            continue;
        }
        // Only the triggers `install` made for a `Table` write here.
        let table = Table::from_name(&name).ok_or_else(|| {
            Error::internal(format!("a change was captured in unknown table {name}"))
        })?;
        rows.push((table, key));
    }
    conn.prepare_cached("DELETE FROM temp._touched")?
        .execute([])?;
    Ok(Touched { rows, placed })
}

/// The `_touched` name of a coding whose place changed (no table is called so).
const PLACED: &str = "codings:placed";

/// Pushes an operation's log onto the undo stack, made on the computer
/// `origin`, dropping whatever could have been redone and the oldest entries
/// beyond [`UNDO_DEPTH`].
pub(super) fn push(conn: &Connection, seq: i64, log: &Log, origin: Uuid) -> Result<()> {
    conn.prepare_cached("DELETE FROM undo_stack WHERE undone = 1")?
        .execute([])?;
    let forward: Vec<&str> = log.iter().map(|(f, _)| f.as_str()).collect();
    let inverse: Vec<&str> = log.iter().map(|(_, i)| i.as_str()).collect();
    conn.prepare_cached(
        "INSERT INTO undo_stack(history_seq, forward, inverse, undone, origin) VALUES (?1, ?2, ?3, 0, ?4)",
    )?
    .execute(params![
        seq,
        serde_json::to_string(&forward)?,
        serde_json::to_string(&inverse)?,
        origin.to_string()
    ])?;
    conn.prepare_cached(
        "DELETE FROM undo_stack WHERE history_seq <= (
             SELECT history_seq FROM undo_stack ORDER BY history_seq DESC LIMIT 1 OFFSET ?1)",
    )?
    .execute([UNDO_DEPTH])?;
    Ok(())
}

/// How a replay ended, when no row had changed.
#[derive(Debug, PartialEq, Eq)]
enum Replayed {
    /// Every statement applied.
    Done,
    /// A statement broke a foreign key checked immediately (a row back
    /// before the row it refers to); nothing after it ran.
    ForeignKeyOrder,
}

fn is_foreign_key_violation(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY
    )
}

/// A logged statement as its shape and its values: each string, blob and
/// integer literal becomes a `?` bound to that value (`None` for text this
/// reader does not expect; the statement then runs as it is).
///
/// Undoing a merge of thousands of codings replays thousands of statements
/// of a few shapes. Run as text, each was parsed and had the tables'
/// triggers compiled into it again (about 100 µs each, most of an undo's
/// time); a shape is prepared once and kept. A bound value is the same
/// value the literal was (a literal has no affinity, nor has a
/// parameter); real numbers, rare here, stay literals (their text is
/// exact, a re-parsed float might not be).
fn with_parameters(sql: &str) -> Option<(String, Vec<rusqlite::types::Value>)> {
    use rusqlite::types::Value;
    let b = sql.as_bytes();
    let mut shape = String::with_capacity(sql.len());
    let mut values = Vec::new();
    let mut i = 0;
    // Whether the byte before `i` could end a word (a digit or letter
    // there makes the next one part of that word, not a literal).
    let in_word = |i: usize| i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
    while i < b.len() {
        match b[i] {
            quote @ (b'\'' | b'"') => {
                // A string literal, or a quoted name (kept); '' or "" inside
                // stands for one quote.
                let mut text = String::new();
                let mut j = i + 1;
                loop {
                    let end = j + sql[j..].find(quote as char)?;
                    text.push_str(&sql[j..end]);
                    if b.get(end + 1) == Some(&quote) {
                        text.push(quote as char);
                        j = end + 2;
                    } else {
                        j = end + 1;
                        break;
                    }
                }
                if quote == b'"' {
                    shape.push_str(&sql[i..j]);
                } else {
                    shape.push('?');
                    values.push(Value::Text(text));
                }
                i = j;
            }
            b'X' | b'x' if b.get(i + 1) == Some(&b'\'') && !in_word(i) => {
                let end = i + 2 + sql[i + 2..].find('\'')?;
                let hex = &sql[i + 2..end];
                if !hex.len().is_multiple_of(2) {
                    return None;
                }
                let blob = (0..hex.len())
                    .step_by(2)
                    .map(|k| u8::from_str_radix(&hex[k..k + 2], 16).ok())
                    .collect::<Option<Vec<u8>>>()?;
                shape.push('?');
                values.push(Value::Blob(blob));
                i = end + 1;
            }
            b'0'..=b'9' if !in_word(i) => {
                let end = i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                let real = matches!(b.get(end), Some(b'.' | b'e' | b'E'));
                match sql[i..end].parse::<i64>() {
                    Ok(n) if !real => {
                        shape.push('?');
                        values.push(Value::Integer(n));
                        i = end;
                    }
                    // A real number or an integer too large: kept as text,
                    // up to its end.
                    _ => {
                        let end = i + b[i..]
                            .iter()
                            .take_while(|c| {
                                c.is_ascii_alphanumeric() || matches!(c, b'.' | b'+' | b'-')
                            })
                            .count();
                        shape.push_str(&sql[i..end]);
                        i = end;
                    }
                }
            }
            _ => {
                let c = sql[i..].chars().next()?;
                shape.push(c);
                i += c.len_utf8();
            }
        }
    }
    Some((shape, values))
}

/// Runs replay statements. Each must touch exactly the one row it names, in
/// exactly the state it was recorded in; anything else means the project has
/// changed since, and the caller's transaction is rolled back. A DELETE of a
/// row that is already gone is fine: a foreign-key cascade earlier in the
/// same log removed it.
fn replay(conn: &Connection, statements: &[String], action: &'static str) -> Result<Replayed> {
    let conflict = || Error::UndoConflict {
        action,
        reason: "the project has changed since, and the change no longer applies".into(),
    };
    for sql in statements {
        let run = match with_parameters(sql) {
            Some((shape, values)) => conn
                .prepare_cached(&shape)
                .and_then(|mut stmt| stmt.execute(rusqlite::params_from_iter(values))),
            None => conn.execute(sql, []),
        };
        let changed = match run {
            Ok(n) => n,
            Err(e) if is_foreign_key_violation(&e) => return Ok(Replayed::ForeignKeyOrder),
            Err(e) => {
                return Err(Error::UndoConflict {
                    action,
                    reason: format!("the project has changed since ({e})"),
                });
            }
        };
        if changed == 1 {
            continue;
        }
        // "DELETE FROM t WHERE (key) AND (whole row)": is the row gone, or changed?
        let gone = match (
            sql.strip_prefix("DELETE FROM "),
            sql.find(" WHERE ("),
            sql.find(") AND ("),
        ) {
            (Some(_), Some(w), Some(a)) if changed == 0 && a > w => {
                let table = &sql["DELETE FROM ".len()..w];
                let key = &sql[w + " WHERE (".len()..a];
                let exists: bool = conn.query_row(
                    &format!("SELECT EXISTS(SELECT 1 FROM {table} WHERE {key})"),
                    [],
                    |r| r.get(0),
                )?;
                !exists
            }
            _ => false,
        };
        if !gone {
            return Err(conflict());
        }
    }
    Ok(Replayed::Done)
}

/// The (kind, summary) of the change undo or redo would act on next.
pub type NextChange = Option<(String, String)>;

impl Project {
    /// Undoes the newest undoable operation not yet undone.
    pub fn undo(&mut self, by: CoderId) -> Result<UndoOutcome> {
        self.undo_or_redo(by, true)
    }

    /// Redoes the operation undone last, if nothing was done since.
    pub fn redo(&mut self, by: CoderId) -> Result<UndoOutcome> {
        self.undo_or_redo(by, false)
    }

    /// Whether there is something to undo and something to redo here: an
    /// entry on top made on another computer (a barrier) counts as nothing.
    pub fn can_undo_redo(&self) -> Result<(bool, bool)> {
        let (undo, redo) = self.undo_redo_summaries()?;
        Ok((undo.is_some(), redo.is_some()))
    }

    /// What undo and redo would do next, as (kind, summary) of the history
    /// entry ("code_span", "Coded 12–40 of …"), for tooltips; `None` where
    /// there is nothing, or the entry was made on another computer.
    pub fn undo_redo_summaries(&self) -> Result<(NextChange, NextChange)> {
        let next = |undo: bool| -> Result<NextChange> {
            Ok(next_entry(&self.conn, undo)?
                .filter(|e| self.made_here(e))
                .map(|e| (e.kind, e.summary)))
        };
        Ok((next(true)?, next(false)?))
    }

    /// Whether an undo entry was made on this computer.
    fn made_here(&self, entry: &Entry) -> bool {
        made_on(entry, self.origin)
    }

    fn undo_or_redo(&mut self, by: CoderId, undo: bool) -> Result<UndoOutcome> {
        let action = if undo { "undo" } else { "redo" };
        self.ensure_capture()?;
        let now = format_time(self.clock.now());
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let entry = next_entry(&tx, undo)?.ok_or(Error::NothingTo(action))?;
        if !made_on(&entry, self.origin) {
            // Made on a colleague's computer (or before undo knew
            // computers): theirs to undo, not ours. Nothing changes, and
            // what was done here after it stays undoable.
            return Err(Error::UndoBarrier {
                summary: entry.summary,
                coder: entry.coder,
            });
        }
        let Entry {
            seq: target,
            kind,
            summary,
            ..
        } = entry;
        let statements: String = tx
            .prepare_cached(if undo {
                "SELECT inverse FROM undo_stack WHERE history_seq = ?1"
            } else {
                "SELECT forward FROM undo_stack WHERE history_seq = ?1"
            })?
            .query_row([target], |r| r.get(0))?;
        let mut statements: Vec<String> = serde_json::from_str(&statements)?;
        if undo {
            statements.reverse();
        }
        // Rows may come back in an order foreign keys do not like mid-way
        // (a coding before its code). Replayed first as they are, with each
        // statement checked; only if one trips a foreign key are they
        // replayed again with the checks deferred to the commit. (Setting
        // `defer_foreign_keys` expires every prepared statement of the
        // connection: the undo and the next change re-parsed all their SQL,
        // about a millisecond each at 5M words, though most undos, a
        // coding's among them, never need it.)
        tx.execute_batch("SAVEPOINT replay")?;
        if replay(&tx, &statements, action)? == Replayed::ForeignKeyOrder {
            tx.execute_batch("ROLLBACK TO replay")?;
            tx.pragma_update(None, "defer_foreign_keys", true)?;
            if replay(&tx, &statements, action)? != Replayed::Done {
                return Err(Error::UndoConflict {
                    action,
                    reason: "a foreign key failed although its checks were deferred".into(),
                });
            }
        }
        tx.execute_batch("RELEASE replay")?;
        tx.prepare_cached("UPDATE undo_stack SET undone = ?1 WHERE history_seq = ?2")?
            .execute(params![undo, target])?;
        let verb = if undo { "Undid" } else { "Redid" };
        let seq = history::append(
            &tx,
            &now,
            by,
            action,
            &format!("{verb}: {summary}"),
            &serde_json::json!({ "target": target, "kind": kind }),
            Some(target),
        )?;
        bump_revision(&tx)?;
        let touched = take_touched(&tx)?;
        tx.commit().map_err(|e| Error::UndoConflict {
            action,
            reason: format!("later changes depend on it ({e})"),
        })?;
        self.changes.add(touched);
        Ok(UndoOutcome {
            target_seq: target,
            kind,
            summary,
            seq,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::with_parameters;
    use rusqlite::types::Value;

    #[test]
    fn a_logged_statement_becomes_its_shape_and_values() {
        let (shape, values) = with_parameters(
            r#"UPDATE "codings" SET "code_id"='b''c',"n2"=-12 WHERE ("id"='å"x') AND "blob" IS X'00ff' AND "r" IS 1.5e+20 AND "t" IS NULL"#,
        )
        .unwrap();
        assert_eq!(
            shape,
            r#"UPDATE "codings" SET "code_id"=?,"n2"=-? WHERE ("id"=?) AND "blob" IS ? AND "r" IS 1.5e+20 AND "t" IS NULL"#
        );
        assert_eq!(
            values,
            [
                Value::Text("b'c".into()),
                Value::Integer(12),
                Value::Text("å\"x".into()),
                Value::Blob(vec![0, 255]),
            ]
        );
        // What it does not expect runs as it is.
        assert_eq!(with_parameters("SELECT 'open"), None);
    }
}
