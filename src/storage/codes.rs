//! The code tree: themes, subthemes and codes, nested to any depth, in a
//! stable sibling order.

use super::{Change, Project, Tx, UndoMode, check_color, codings, palette_color};
use crate::error::{Error, Result};
use crate::ids::{CodeId, CoderId, TagValueId};
use crate::model::{Code, CodeRole, CodeTreeNode, ReviewStatus};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;
use std::collections::HashMap;

/// A code to create.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct NewCode {
    /// Name (required, unique among its siblings).
    pub name: String,
    /// Parent; `None` for the top level.
    pub parent_id: Option<CodeId>,
    /// Colour `#rrggbb`; the next palette colour when `None`.
    pub color: Option<String>,
    /// Definition.
    pub definition: String,
    /// Role; when `None`, a top-level node is a theme, a child of a theme a
    /// subtheme, anything deeper a code.
    pub role: Option<CodeRole>,
    /// Review status; candidate when `None`.
    pub status: Option<ReviewStatus>,
    /// Position among the siblings; at the end when `None`.
    pub position: Option<usize>,
    /// Default tags: codings of this code carry them unless they set their own.
    pub default_tags: Vec<TagValueId>,
    /// Identity to give the code; a new random one when `None`. A template
    /// gives its codes the same ids in every project made from it.
    pub id: Option<CodeId>,
}

/// Changes to a code's fields, made together as one operation (one history
/// entry, one undo step) by [`Project::update_code`]; `None` leaves a field
/// as it is.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct CodeUpdate {
    /// New name (unique among its siblings, no '/').
    pub name: Option<String>,
    /// New colour `#rrggbb`.
    pub color: Option<String>,
    /// New definition.
    pub definition: Option<String>,
    /// New role.
    pub role: Option<CodeRole>,
    /// New review status.
    pub status: Option<ReviewStatus>,
}

/// What to do with a deleted code's codings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeleteCodings {
    /// Move them (and the code's memos) to the parent code.
    MoveToParent,
    /// Delete them, with their tags and memos.
    Delete,
}

const CODE_COLUMNS: &str = "id, parent_id, position, name, color, definition, role, status";

fn code_from_row(r: &rusqlite::Row) -> rusqlite::Result<Code> {
    Ok(Code {
        id: r.get(0)?,
        parent_id: r.get(1)?,
        position: r.get::<_, i64>(2)? as usize,
        name: r.get(3)?,
        color: r.get(4)?,
        definition: r.get(5)?,
        role: r.get(6)?,
        status: r.get(7)?,
    })
}

pub(super) fn get(conn: &Connection, id: CodeId) -> Result<Code> {
    conn.prepare_cached(&format!("SELECT {CODE_COLUMNS} FROM codes WHERE id = ?1"))?
        .query_row([id], code_from_row)
        .optional()?
        .ok_or_else(|| Error::unknown("code", id))
}

/// Children of `parent` in order.
fn children(conn: &Connection, parent: Option<CodeId>) -> Result<Vec<Code>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CODE_COLUMNS} FROM codes WHERE parent_id IS ?1 ORDER BY position, name"
    ))?;
    let rows = stmt.query_map([parent], code_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Rewrites sibling positions as 0, 1, 2 … in the given order.
fn renumber(conn: &Connection, ids: &[CodeId]) -> Result<()> {
    let mut stmt =
        conn.prepare_cached("UPDATE codes SET position = ?1 WHERE id = ?2 AND position <> ?1")?;
    for (i, id) in ids.iter().enumerate() {
        stmt.execute(params![i as i64, id])?;
    }
    Ok(())
}

/// A sibling of a code under `parent` with this name (case-insensitive), other than `except`.
fn sibling_named(
    conn: &Connection,
    parent: Option<CodeId>,
    name: &str,
    except: Option<CodeId>,
) -> Result<Option<CodeId>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM codes WHERE parent_id IS ?1 AND lower(name) = lower(?2) AND id IS NOT ?3",
        )?
        .query_row(params![parent, name, except], |r| r.get(0))
        .optional()?)
}

/// The error for a code name already taken under `parent`.
fn name_taken(conn: &Connection, name: &str, parent: Option<CodeId>) -> Result<Error> {
    Ok(Error::NameTaken {
        kind: "code",
        name: name.to_owned(),
        within: parent.map(|p| get(conn, p)).transpose()?.map(|p| p.name),
    })
}

fn clean_name(name: &str) -> Result<String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(Error::NameRequired { what: "code" });
    }
    if name.contains('/') {
        return Err(Error::NameHasSlash { name });
    }
    Ok(name)
}

/// Whether `candidate` is `ancestor` or lies below it.
fn is_within(conn: &Connection, candidate: CodeId, ancestor: CodeId) -> Result<bool> {
    let mut current = Some(candidate);
    while let Some(id) = current {
        if id == ancestor {
            return Ok(true);
        }
        current = get(conn, id)?.parent_id;
    }
    Ok(false)
}

/// Inserts a new code row; shared by [`Project::create_code`] and templates.
pub(crate) fn insert(tx: &Tx, new: &NewCode) -> Result<CodeId> {
    let name = clean_name(&new.name)?;
    let parent = match new.parent_id {
        Some(p) => Some(get(tx, p)?),
        None => None,
    };
    if sibling_named(tx, new.parent_id, &name, None)?.is_some() {
        return Err(name_taken(tx, &name, new.parent_id)?);
    }
    let color = match &new.color {
        Some(c) => check_color(c)?,
        None => {
            let n: i64 = tx.query_row("SELECT count(*) FROM codes", [], |r| r.get(0))?;
            palette_color(n as usize)
        }
    };
    let role = new.role.unwrap_or(match &parent {
        None => CodeRole::Theme,
        Some(p) if p.role == CodeRole::Theme => CodeRole::Subtheme,
        Some(_) => CodeRole::Code,
    });
    // An id type's default is a new random id.
    let id = new.id.unwrap_or_default();
    let mut order: Vec<CodeId> = children(tx, new.parent_id)?.iter().map(|c| c.id).collect();
    let at = new.position.unwrap_or(order.len()).min(order.len());
    tx.prepare_cached(
        "INSERT INTO codes(id, parent_id, position, name, color, definition, role, status, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        id,
        new.parent_id,
        at as i64,
        name,
        color,
        new.definition.trim(),
        role,
        new.status.unwrap_or(ReviewStatus::Candidate),
        tx.now,
        tx.by
    ])?;
    order.insert(at, id);
    renumber(tx, &order)?;
    for value in &new.default_tags {
        super::tags::add_code_tag(tx, id, *value)?;
    }
    Ok(id)
}

impl Project {
    /// A code by id.
    pub fn code(&self, id: CodeId) -> Result<Code> {
        get(&self.conn, id)
    }

    /// All codes, unordered.
    pub fn codes(&self) -> Result<Vec<Code>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {CODE_COLUMNS} FROM codes"))?;
        let rows = stmt.query_map([], code_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Finds a code by id, by path ("Theme/Subtheme/Code") or by a name that
    /// is unique in the project (all case-insensitive).
    pub fn find_code(&self, reference: &str) -> Result<Code> {
        let reference = reference.trim();
        if let Ok(id) = reference.parse::<CodeId>() {
            return self.code(id);
        }
        if reference.contains('/') {
            let mut parent = None;
            let mut found = None;
            for part in reference.split('/').map(str::trim) {
                let id = sibling_named(&self.conn, parent, part, None)?.ok_or_else(|| {
                    Error::UnknownName {
                        kind: "code",
                        name: reference.to_owned(),
                    }
                })?;
                parent = Some(id);
                found = Some(id);
            }
            return self.code(found.ok_or_else(|| Error::UnknownName {
                kind: "code",
                name: reference.to_owned(),
            })?);
        }
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {CODE_COLUMNS} FROM codes WHERE lower(name) = lower(?1)"
        ))?;
        let mut matches: Vec<Code> = stmt
            .query_map([reference], code_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        match matches.len() {
            0 => Err(Error::UnknownName {
                kind: "code",
                name: reference.to_owned(),
            }),
            1 => Ok(matches.remove(0)),
            count => Err(Error::AmbiguousName {
                kind: "code",
                name: reference.to_owned(),
                count,
            }),
        }
    }

    /// The path of a code from the top ("Theme/Subtheme/Code").
    pub fn code_path(&self, id: CodeId) -> Result<String> {
        path_in(&self.conn, id)
    }

    /// The whole code tree in display order (depth first, siblings by
    /// position), each node with its coding counts.
    pub fn code_tree(&self) -> Result<Vec<CodeTreeNode>> {
        let codes = self.codes()?;
        let mut counts: HashMap<CodeId, (usize, usize)> = HashMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT code_id, count(*), count(DISTINCT document_id) FROM codings GROUP BY code_id",
        )?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, CodeId>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })? {
            let (id, n, docs) = row?;
            counts.insert(id, (n as usize, docs as usize));
        }
        let mut tags: HashMap<CodeId, Vec<TagValueId>> = HashMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT ct.code_id, ct.value_id FROM code_tags ct
             JOIN tag_values v ON v.id = ct.value_id JOIN tag_dimensions d ON d.id = v.dimension_id
             ORDER BY d.position, v.position",
        )?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, CodeId>(0)?, r.get(1)?)))? {
            let (code, value) = row?;
            tags.entry(code).or_default().push(value);
        }
        let mut by_parent: HashMap<Option<CodeId>, Vec<Code>> = HashMap::new();
        for code in codes {
            by_parent.entry(code.parent_id).or_default().push(code);
        }
        for siblings in by_parent.values_mut() {
            siblings.sort_by(|a, b| a.position.cmp(&b.position).then(a.name.cmp(&b.name)));
        }
        fn walk(
            parent: Option<CodeId>,
            depth: usize,
            by_parent: &HashMap<Option<CodeId>, Vec<Code>>,
            counts: &HashMap<CodeId, (usize, usize)>,
            tags: &mut HashMap<CodeId, Vec<TagValueId>>,
            out: &mut Vec<CodeTreeNode>,
        ) -> usize {
            let mut total = 0;
            for code in by_parent.get(&parent).into_iter().flatten() {
                let (own, docs) = counts.get(&code.id).copied().unwrap_or((0, 0));
                let slot = out.len();
                out.push(CodeTreeNode {
                    code: code.clone(),
                    depth,
                    codings: own,
                    codings_with_descendants: own,
                    documents: docs,
                    default_tags: tags.remove(&code.id).unwrap_or_default(),
                });
                let below = walk(Some(code.id), depth + 1, by_parent, counts, tags, out);
                out[slot].codings_with_descendants += below;
                total += own + below;
            }
            total
        }
        let mut out = Vec::new();
        walk(None, 0, &by_parent, &counts, &mut tags, &mut out);
        Ok(out)
    }

    /// The ids of a code and every code below it.
    pub fn code_with_descendants(&self, id: CodeId) -> Result<Vec<CodeId>> {
        let mut stmt = self.conn.prepare_cached(
            "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT c.id FROM codes c JOIN sub ON c.parent_id = sub.id)
             SELECT id FROM sub",
        )?;
        let ids = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<CodeId>>>()?;
        Ok(ids)
    }

    /// Creates a code.
    pub fn create_code(&mut self, by: CoderId, new: NewCode) -> Result<CodeId> {
        self.write(by, "create_code", UndoMode::Undoable, |tx| {
            let id = insert(tx, &new)?;
            let path = path_in(tx, id)?;
            Ok(Change::new(
                id,
                format!("Created code {path}"),
                json!({ "code": id, "path": path }),
            ))
        })
    }

    /// Renames a code.
    pub fn rename_code(&mut self, by: CoderId, id: CodeId, name: &str) -> Result<()> {
        self.write(by, "rename_code", UndoMode::Undoable, |tx| {
            let code = get(tx, id)?;
            let name = clean_name(name)?;
            if sibling_named(tx, code.parent_id, &name, Some(id))?.is_some() {
                return Err(name_taken(tx, &name, code.parent_id)?);
            }
            tx.execute(
                "UPDATE codes SET name = ?1 WHERE id = ?2",
                params![name, id],
            )?;
            Ok(Change::new(
                (),
                format!("Renamed code \"{}\" to \"{name}\"", code.name),
                json!({ "code": id, "from": code.name, "to": name }),
            ))
        })
    }

    /// Changes any of a code's name, colour, definition, role and status as
    /// one change: one history entry, one undo step. Each field is checked
    /// as its single operation checks it (a name is required, unique among
    /// its siblings and without '/'; a colour is `#rrggbb`), and nothing is
    /// written if any check fails. Fields equal to what the code has are left
    /// alone; an update that changes nothing writes nothing.
    pub fn update_code(&mut self, by: CoderId, id: CodeId, update: CodeUpdate) -> Result<()> {
        let color = update.color.as_deref().map(check_color).transpose()?;
        self.write(by, "update_code", UndoMode::Undoable, |tx| {
            let code = get(tx, id)?;
            let mut set: Vec<(&'static str, String)> = Vec::new();
            if let Some(name) = &update.name {
                let name = clean_name(name)?;
                if name != code.name {
                    if sibling_named(tx, code.parent_id, &name, Some(id))?.is_some() {
                        return Err(name_taken(tx, &name, code.parent_id)?);
                    }
                    set.push(("name", name));
                }
            }
            if let Some(color) = color
                && color != code.color
            {
                set.push(("color", color));
            }
            if let Some(definition) = update.definition.as_deref().map(str::trim)
                && definition != code.definition
            {
                set.push(("definition", definition.to_owned()));
            }
            if let Some(role) = update.role
                && role != code.role
            {
                set.push(("role", role.as_str().to_owned()));
            }
            if let Some(status) = update.status
                && status != code.status
            {
                set.push(("status", status.as_str().to_owned()));
            }
            let mut details = serde_json::Map::new();
            details.insert("code".into(), json!(id));
            for (column, value) in &set {
                tx.execute(
                    &format!("UPDATE codes SET {column} = ?1 WHERE id = ?2"),
                    params![value, id],
                )?;
                details.insert((*column).into(), json!(value));
            }
            let columns: Vec<&str> = set.iter().map(|(c, _)| *c).collect();
            Ok(Change::new(
                (),
                format!("Changed {} of \"{}\"", columns.join(", "), code.name),
                details.into(),
            ))
        })
    }

    /// Changes a code's colour.
    pub fn recolor_code(&mut self, by: CoderId, id: CodeId, color: &str) -> Result<()> {
        let color = check_color(color)?;
        self.update_code_field(by, id, "recolor_code", "color", &color)
    }

    /// Changes a code's definition.
    pub fn define_code(&mut self, by: CoderId, id: CodeId, definition: &str) -> Result<()> {
        self.update_code_field(by, id, "define_code", "definition", definition.trim())
    }

    /// Changes a code's role (theme, subtheme, code).
    pub fn set_code_role(&mut self, by: CoderId, id: CodeId, role: CodeRole) -> Result<()> {
        self.update_code_field(by, id, "set_code_role", "role", role.as_str())
    }

    /// Changes a code's review status.
    pub fn set_code_status(&mut self, by: CoderId, id: CodeId, status: ReviewStatus) -> Result<()> {
        self.update_code_field(by, id, "set_code_status", "status", status.as_str())
    }

    fn update_code_field(
        &mut self,
        by: CoderId,
        id: CodeId,
        kind: &str,
        column: &'static str,
        value: &str,
    ) -> Result<()> {
        self.write(by, kind, UndoMode::Undoable, |tx| {
            let code = get(tx, id)?;
            tx.execute(
                &format!("UPDATE codes SET {column} = ?1 WHERE id = ?2"),
                params![value, id],
            )?;
            Ok(Change::new(
                (),
                format!("Set {column} of \"{}\"", code.name),
                json!({ "code": id, column: value }),
            ))
        })
    }

    /// Moves a code (with everything below it) under `new_parent` at
    /// `position` among its new siblings (the end when `None`).
    pub fn move_code(
        &mut self,
        by: CoderId,
        id: CodeId,
        new_parent: Option<CodeId>,
        position: Option<usize>,
    ) -> Result<()> {
        self.write(by, "move_code", UndoMode::Undoable, |tx| {
            let code = get(tx, id)?;
            if let Some(p) = new_parent
                && is_within(tx, p, id)?
            {
                return Err(Error::WouldCreateCycle {
                    kind: "code",
                    name: code.name,
                    target: get(tx, p)?.name,
                });
            }
            if new_parent != code.parent_id
                && sibling_named(tx, new_parent, &code.name, Some(id))?.is_some()
            {
                return Err(name_taken(tx, &code.name, new_parent)?);
            }
            let old_siblings: Vec<CodeId> = children(tx, code.parent_id)?
                .iter()
                .map(|c| c.id)
                .filter(|c| *c != id)
                .collect();
            let mut new_siblings: Vec<CodeId> = children(tx, new_parent)?
                .iter()
                .map(|c| c.id)
                .filter(|c| *c != id)
                .collect();
            let at = position
                .unwrap_or(new_siblings.len())
                .min(new_siblings.len());
            new_siblings.insert(at, id);
            tx.execute(
                "UPDATE codes SET parent_id = ?1 WHERE id = ?2",
                params![new_parent, id],
            )?;
            if new_parent != code.parent_id {
                renumber(tx, &old_siblings)?;
            }
            renumber(tx, &new_siblings)?;
            let from = code.parent_id.map(|p| path_in(tx, p)).transpose()?;
            let to = new_parent.map(|p| path_in(tx, p)).transpose()?;
            Ok(Change::new(
                (),
                format!(
                    "Moved \"{}\" to {} (position {})",
                    code.name,
                    to.as_deref().unwrap_or("the top level"),
                    at + 1
                ),
                json!({ "code": id, "from": from, "to": to, "position": at }),
            ))
        })
    }

    /// Merges `source` into `target`: every coding, memo and child of
    /// `source` goes to `target`, then `source` is deleted. Codings keep the
    /// tags they had. A child with the same name as one of `target`'s is
    /// merged into it in turn.
    pub fn merge_codes(&mut self, by: CoderId, source: CodeId, target: CodeId) -> Result<()> {
        self.write(by, "merge_codes", UndoMode::Undoable, |tx| {
            let s = get(tx, source)?;
            let t = get(tx, target)?;
            if source == target {
                return Err(Error::SelfMerge { name: s.name });
            }
            if is_within(tx, target, source)? {
                return Err(Error::WouldCreateCycle {
                    kind: "code",
                    name: s.name,
                    target: t.name,
                });
            }
            let (from_path, to_path) = (path_in(tx, source)?, path_in(tx, target)?);
            let moved = merge_into(tx, &s, &t)?;
            Ok(Change::new(
                (),
                format!("Merged {from_path} into {to_path} ({moved} codings moved)"),
                json!({ "source": source, "target": target, "from": from_path, "to": to_path, "codings_moved": moved }),
            ))
        })
    }

    /// What deleting a code would affect: (codings, memos) on the code itself.
    pub fn code_usage(&self, id: CodeId) -> Result<(u64, u64)> {
        usage(&self.conn, id)
    }

    /// Deletes a code. Its children move up to its parent, in its place.
    ///
    /// If the code has codings or memos, `codings` must say what happens to
    /// them; without a choice the call fails with [`Error::CodeInUse`] and
    /// nothing changes.
    pub fn delete_code(
        &mut self,
        by: CoderId,
        id: CodeId,
        codings: Option<DeleteCodings>,
    ) -> Result<()> {
        self.write(by, "delete_code", UndoMode::Undoable, |tx| {
            let code = get(tx, id)?;
            let path = path_in(tx, id)?;
            let (n_codings, n_memos) = usage(tx, id)?;
            let in_use = n_codings > 0 || n_memos > 0;
            let choice = match (in_use, codings) {
                (true, None) => {
                    return Err(Error::CodeInUse {
                        name: code.name,
                        codings: n_codings,
                        memos: n_memos,
                    });
                }
                (_, choice) => choice,
            };
            let parent = match (choice, code.parent_id) {
                (Some(DeleteCodings::MoveToParent), None) if in_use => {
                    return Err(Error::NoParent { name: code.name });
                }
                (_, p) => p.map(|p| get(tx, p)).transpose()?,
            };
            match (choice, &parent) {
                (Some(DeleteCodings::MoveToParent), Some(parent)) => {
                    codings::move_all(tx, id, parent.id)?;
                    tx.execute("UPDATE memos SET code_id = ?1 WHERE code_id = ?2", params![parent.id, id])?;
                }
                _ => {
                    tx.execute("DELETE FROM codings WHERE code_id = ?1", [id])?;
                }
            }
            // Children take the deleted code's place among its siblings.
            let kids = children(tx, Some(id))?;
            let mut order: Vec<CodeId> = Vec::new();
            for sibling in children(tx, code.parent_id)? {
                if sibling.id == id {
                    order.extend(kids.iter().map(|k| k.id));
                } else {
                    order.push(sibling.id);
                }
            }
            for kid in &kids {
                if let Some(existing) = sibling_named(tx, code.parent_id, &kid.name, Some(id))? {
                    // Same name already there: merge rather than duplicate.
                    merge_into(tx, kid, &get(tx, existing)?)?;
                    order.retain(|o| *o != kid.id);
                } else {
                    tx.execute("UPDATE codes SET parent_id = ?1 WHERE id = ?2", params![code.parent_id, kid.id])?;
                }
            }
            tx.execute("DELETE FROM code_tags WHERE code_id = ?1", [id])?;
            tx.execute("DELETE FROM memos WHERE code_id = ?1", [id])?;
            tx.execute("DELETE FROM codes WHERE id = ?1", [id])?;
            renumber(tx, &order)?;
            let what = match choice {
                Some(DeleteCodings::MoveToParent) if in_use => format!(
                    "; {n_codings} codings moved to {}",
                    parent.map(|p| p.name).unwrap_or_default()
                ),
                Some(DeleteCodings::Delete) if in_use => {
                    format!("; {n_codings} codings and {n_memos} memos deleted")
                }
                _ => String::new(),
            };
            Ok(Change::new(
                (),
                format!("Deleted code {path}{what}"),
                json!({ "code": id, "path": path, "codings": n_codings, "memos": n_memos, "choice": choice }),
            ))
        })
    }
}

fn usage(conn: &Connection, id: CodeId) -> Result<(u64, u64)> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM codings WHERE code_id = ?1), (SELECT count(*) FROM memos WHERE code_id = ?1)",
        [id],
        |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64)),
    )?)
}

fn path_in(conn: &Connection, id: CodeId) -> Result<String> {
    let mut parts = Vec::new();
    let mut current = Some(id);
    while let Some(c) = current {
        let code = get(conn, c)?;
        parts.push(code.name);
        current = code.parent_id;
    }
    parts.reverse();
    Ok(parts.join("/"))
}

/// Moves everything of `source` into `target` and deletes `source`.
/// Returns how many codings moved.
fn merge_into(tx: &Tx, source: &Code, target: &Code) -> Result<u64> {
    let moved = codings::move_all(tx, source.id, target.id)?;
    tx.execute(
        "UPDATE memos SET code_id = ?1 WHERE code_id = ?2",
        params![target.id, source.id],
    )?;
    if !source.definition.is_empty() && source.definition != target.definition {
        let merged = if target.definition.is_empty() {
            source.definition.clone()
        } else {
            format!("{}\n\n{}", target.definition, source.definition)
        };
        tx.execute(
            "UPDATE codes SET definition = ?1 WHERE id = ?2",
            params![merged, target.id],
        )?;
    }
    let mut order: Vec<CodeId> = children(tx, Some(target.id))?
        .iter()
        .map(|c| c.id)
        .collect();
    for kid in children(tx, Some(source.id))? {
        if let Some(existing) = sibling_named(tx, Some(target.id), &kid.name, None)? {
            merge_into(tx, &kid, &get(tx, existing)?)?;
        } else {
            tx.execute(
                "UPDATE codes SET parent_id = ?1 WHERE id = ?2",
                params![target.id, kid.id],
            )?;
            order.push(kid.id);
        }
    }
    renumber(tx, &order)?;
    tx.execute("DELETE FROM code_tags WHERE code_id = ?1", [source.id])?;
    tx.execute("DELETE FROM codes WHERE id = ?1", [source.id])?;
    let rest: Vec<CodeId> = children(tx, source.parent_id)?
        .iter()
        .map(|c| c.id)
        .collect();
    renumber(tx, &rest)?;
    Ok(moved)
}
