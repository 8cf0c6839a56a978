//! The code tree: themes, subthemes and codes, nested to any depth, in a
//! stable sibling order.

use super::{
    Change, Project, Tx, UndoMode, check_color, codings, examples, opt_time_col, palette_color,
};
use crate::error::{Error, Result};
use crate::ids::{CodeId, CoderId, CodingId, TagValueId};
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
    /// New scope note, what the node covers ("omfattar …").
    #[serde(default)]
    pub scope_includes: Option<String>,
    /// New scope note, what the node does not cover ("omfattar inte …").
    #[serde(default)]
    pub scope_excludes: Option<String>,
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

const CODE_COLUMNS: &str = "id, parent_id, position, name, color, definition, role, status,
     scope_includes, scope_excludes, status_at, status_by, discarded_at, discarded_by";

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
        scope_includes: r.get(8)?,
        scope_excludes: r.get(9)?,
        status_at: opt_time_col(r, 10)?,
        status_by: r.get(11)?,
        discarded_at: opt_time_col(r, 12)?,
        discarded_by: r.get(13)?,
    })
}

/// The role the depth rule gives a node at `depth`: a theme at the top, a
/// subtheme below a theme, a code anywhere deeper.
fn role_at(depth: usize) -> CodeRole {
    match depth {
        0 => CodeRole::Theme,
        1 => CodeRole::Subtheme,
        _ => CodeRole::Code,
    }
}

/// How deep a node lies: 0 at the top.
fn depth_of(conn: &Connection, id: CodeId) -> Result<usize> {
    let mut depth = 0;
    let mut current = get(conn, id)?.parent_id;
    while let Some(p) = current {
        depth += 1;
        current = get(conn, p)?.parent_id;
    }
    Ok(depth)
}

/// Gives a node at `depth` and everything below it the roles of the depth
/// rule ([`role_at`]).
fn apply_depth_roles(conn: &Connection, id: CodeId, depth: usize) -> Result<()> {
    conn.prepare_cached("UPDATE codes SET role = ?1 WHERE id = ?2 AND role <> ?1")?
        .execute(params![role_at(depth), id])?;
    for kid in children(conn, Some(id))? {
        apply_depth_roles(conn, kid.id, depth + 1)?;
    }
    Ok(())
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
        // (codings, documents, pinned examples) of each code itself.
        let mut counts: HashMap<CodeId, (usize, usize, usize)> = counts
            .into_iter()
            .map(|(id, (n, docs))| (id, (n, docs, 0)))
            .collect();
        for (id, pins) in examples::counts(&self.conn)? {
            counts.entry(id).or_default().2 = pins;
        }
        fn walk(
            parent: Option<CodeId>,
            depth: usize,
            discarded_above: bool,
            by_parent: &HashMap<Option<CodeId>, Vec<Code>>,
            counts: &HashMap<CodeId, (usize, usize, usize)>,
            tags: &mut HashMap<CodeId, Vec<TagValueId>>,
            out: &mut Vec<CodeTreeNode>,
        ) -> usize {
            let mut total = 0;
            for code in by_parent.get(&parent).into_iter().flatten() {
                let (own, docs, pins) = counts.get(&code.id).copied().unwrap_or_default();
                let slot = out.len();
                let discarded = discarded_above || code.discarded_at.is_some();
                out.push(CodeTreeNode {
                    code: code.clone(),
                    depth,
                    codings: own,
                    codings_with_descendants: own,
                    documents: docs,
                    default_tags: tags.remove(&code.id).unwrap_or_default(),
                    discarded,
                    examples: pins,
                });
                let below = walk(
                    Some(code.id),
                    depth + 1,
                    discarded,
                    by_parent,
                    counts,
                    tags,
                    out,
                );
                out[slot].codings_with_descendants += below;
                total += own + below;
            }
            total
        }
        let mut out = Vec::new();
        walk(None, 0, false, &by_parent, &counts, &mut tags, &mut out);
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
            for (column, value, current) in [
                ("definition", &update.definition, &code.definition),
                (
                    "scope_includes",
                    &update.scope_includes,
                    &code.scope_includes,
                ),
                (
                    "scope_excludes",
                    &update.scope_excludes,
                    &code.scope_excludes,
                ),
            ] {
                if let Some(value) = value.as_deref().map(str::trim)
                    && value != current
                {
                    set.push((column, value.to_owned()));
                }
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
            let columns: Vec<&str> = set.iter().map(|(c, _)| *c).collect();
            if columns.contains(&"status") {
                set.push(("status_at", tx.now.clone()));
                set.push(("status_by", tx.by.to_string()));
            }
            for (column, value) in &set {
                tx.execute(
                    &format!("UPDATE codes SET {column} = ?1 WHERE id = ?2"),
                    params![value, id],
                )?;
                details.insert((*column).into(), json!(value));
            }
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

    /// Changes a code's review status, recording who set it and when (also
    /// when it is set to the status it has: the review was done again).
    pub fn set_code_status(&mut self, by: CoderId, id: CodeId, status: ReviewStatus) -> Result<()> {
        self.write(by, "set_code_status", UndoMode::Undoable, |tx| {
            let code = get(tx, id)?;
            tx.execute(
                "UPDATE codes SET status = ?1, status_at = ?2, status_by = ?3 WHERE id = ?4",
                params![status, tx.now, tx.by, id],
            )?;
            Ok(Change::new(
                (),
                format!("Set status of \"{}\" to {status}", code.name),
                json!({ "code": id, "status": status, "from": code.status }),
            ))
        })
    }

    /// Changes a code's scope note: what it covers ("omfattar …") and what
    /// it does not ("omfattar inte …"), as one change.
    pub fn set_code_scope(
        &mut self,
        by: CoderId,
        id: CodeId,
        includes: &str,
        excludes: &str,
    ) -> Result<()> {
        self.update_code(
            by,
            id,
            CodeUpdate {
                scope_includes: Some(includes.to_owned()),
                scope_excludes: Some(excludes.to_owned()),
                ..Default::default()
            },
        )
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
            let at = place(tx, &code, new_parent, position)?;
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

    /// Promotes a node one level: it becomes the next sibling of its parent
    /// (right after it), with everything below it in order, and it and its
    /// subtree take the roles of their new depth (a theme at the top, a
    /// subtheme below a theme, a code deeper). A node at the top level
    /// cannot be promoted ([`Error::AtTopLevel`]); a name taken at the new
    /// place is refused ([`Error::NameTaken`]); either way nothing changes.
    pub fn promote_code(&mut self, by: CoderId, id: CodeId) -> Result<()> {
        self.write(by, "promote_code", UndoMode::Undoable, |tx| {
            let code = get(tx, id)?;
            let Some(parent) = code.parent_id.map(|p| get(tx, p)).transpose()? else {
                return Err(Error::AtTopLevel { name: code.name });
            };
            // After the parent among the parent's siblings (which do not
            // include the node itself, so the parent's index is its place).
            let siblings = children(tx, parent.parent_id)?;
            let after = siblings
                .iter()
                .position(|c| c.id == parent.id)
                .map_or(siblings.len(), |i| i + 1);
            place(tx, &code, parent.parent_id, Some(after))?;
            let depth = depth_of(tx, id)?;
            apply_depth_roles(tx, id, depth)?;
            let to = parent.parent_id.map(|p| path_in(tx, p)).transpose()?;
            Ok(Change::new(
                (),
                format!(
                    "Promoted \"{}\" out of \"{}\" to {}",
                    code.name,
                    parent.name,
                    to.as_deref().unwrap_or("the top level")
                ),
                json!({ "code": id, "from": parent.id, "to": parent.parent_id, "position": after }),
            ))
        })
    }

    /// Demotes a node one level: it becomes the last child of its previous
    /// sibling, with everything below it in order, and it and its subtree
    /// take the roles of their new depth. The first of its siblings cannot
    /// be demoted ([`Error::NoPreviousSibling`]); a name taken among the new
    /// siblings is refused ([`Error::NameTaken`]); either way nothing
    /// changes.
    pub fn demote_code(&mut self, by: CoderId, id: CodeId) -> Result<()> {
        self.write(by, "demote_code", UndoMode::Undoable, |tx| {
            let code = get(tx, id)?;
            let siblings = children(tx, code.parent_id)?;
            let i = siblings.iter().position(|c| c.id == id).unwrap_or(0);
            let Some(previous) = i.checked_sub(1).map(|j| siblings[j].clone()) else {
                return Err(Error::NoPreviousSibling { name: code.name });
            };
            let at = place(tx, &code, Some(previous.id), None)?;
            let depth = depth_of(tx, id)?;
            apply_depth_roles(tx, id, depth)?;
            Ok(Change::new(
                (),
                format!("Demoted \"{}\" into \"{}\"", code.name, previous.name),
                json!({ "code": id, "from": code.parent_id, "to": previous.id, "position": at }),
            ))
        })
    }

    /// Splits a code: the codings `codings` (each a coding of `code` itself,
    /// else [`Error::CodingNotOfCode`] and nothing changes) move to a new
    /// code named `name`, placed right after `code` among its siblings, with
    /// `code`'s role and default tags and the next palette colour. Every
    /// moved coding keeps its effective tags, its memos and its places in
    /// quote sets; a moved coding pinned as an example of `code` is pinned
    /// on the new code instead (in the same order). Splitting off no codings
    /// makes an empty sibling. Returns the new code.
    pub fn split_code(
        &mut self,
        by: CoderId,
        id: CodeId,
        codings: &[CodingId],
        name: &str,
    ) -> Result<CodeId> {
        self.write(by, "split_code", UndoMode::Undoable, |tx| {
            let code = get(tx, id)?;
            let mut check = tx.prepare_cached("SELECT code_id FROM codings WHERE id = ?1")?;
            for coding in codings {
                let of: CodeId = check
                    .query_row([coding], |r| r.get(0))
                    .optional()?
                    .ok_or_else(|| Error::unknown("coding", coding))?;
                if of != id {
                    return Err(Error::CodingNotOfCode {
                        coding: coding.to_string(),
                        code: code.name,
                        below: false,
                    });
                }
            }
            let defaults = super::tags::code_defaults(tx, id)?;
            let new = insert(
                tx,
                &NewCode {
                    name: name.to_owned(),
                    parent_id: code.parent_id,
                    role: Some(code.role),
                    position: Some(code.position + 1),
                    default_tags: defaults.into_iter().map(|(_, v)| v).collect(),
                    ..Default::default()
                },
            )?;
            let moved = codings::move_codings(tx, codings, new)?;
            examples::move_pins(tx, id, new, codings)?;
            let path = path_in(tx, new)?;
            Ok(Change::new(
                new,
                format!(
                    "Split {moved} codings off \"{}\" into {path}",
                    code.name
                ),
                json!({ "code": id, "new_code": new, "path": path, "codings": codings, "codings_moved": moved }),
            ))
        })
    }

    /// Lays a node on the discard pile ("Övrigt / kasserade"): it and
    /// everything below it are out of the analysis, nothing is deleted, and
    /// it keeps its parent and position, so [`Project::restore_code`] puts
    /// it back exactly where it was. Discarding a discarded node changes
    /// nothing.
    pub fn discard_code(&mut self, by: CoderId, id: CodeId) -> Result<()> {
        self.write(by, "discard_code", UndoMode::Undoable, |tx| {
            let code = get(tx, id)?;
            tx.execute(
                "UPDATE codes SET discarded_at = ?1, discarded_by = ?2 WHERE id = ?3 AND discarded_at IS NULL",
                params![tx.now, tx.by, id],
            )?;
            let path = path_in(tx, id)?;
            Ok(Change::new(
                (),
                format!("Discarded {path}"),
                json!({ "code": id, "path": path, "name": code.name }),
            ))
        })
    }

    /// Takes a node off the discard pile, back into the analysis where it
    /// was (unless a node above it is discarded too). Restoring a node that
    /// is not discarded changes nothing.
    pub fn restore_code(&mut self, by: CoderId, id: CodeId) -> Result<()> {
        self.write(by, "restore_code", UndoMode::Undoable, |tx| {
            let code = get(tx, id)?;
            tx.execute(
                "UPDATE codes SET discarded_at = NULL, discarded_by = NULL WHERE id = ?1 AND discarded_at IS NOT NULL",
                [id],
            )?;
            let path = path_in(tx, id)?;
            Ok(Change::new(
                (),
                format!("Restored {path}"),
                json!({ "code": id, "path": path, "name": code.name }),
            ))
        })
    }

    /// Every node out of the analysis: on the discard pile, or below a
    /// node that is (what matrices, the review's counts and the quote
    /// finder leave out).
    pub fn codes_out_of_analysis(&self) -> Result<std::collections::HashSet<CodeId>> {
        let mut stmt = self.conn.prepare_cached(
            "WITH RECURSIVE out(id) AS (
                 SELECT id FROM codes WHERE discarded_at IS NOT NULL
                 UNION SELECT c.id FROM codes c JOIN out ON c.parent_id = out.id)
             SELECT id FROM out",
        )?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Whether a node is out of the analysis: it or a node above it is on
    /// the discard pile.
    pub fn is_discarded(&self, id: CodeId) -> Result<bool> {
        let mut current = Some(id);
        while let Some(c) = current {
            let code = get(&self.conn, c)?;
            if code.discarded_at.is_some() {
                return Ok(true);
            }
            current = code.parent_id;
        }
        Ok(false)
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
                    let quoted: i64 = tx.query_row(
                        "SELECT COUNT(DISTINCT i.coding_id) FROM quote_set_items i
                           JOIN codings c ON c.id = i.coding_id WHERE c.code_id = ?1",
                        [id],
                        |r| r.get(0),
                    )?;
                    return Err(Error::CodeInUse {
                        name: code.name,
                        codings: n_codings,
                        memos: n_memos,
                        quoted: quoted as u64,
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
                    examples::append_pins(tx, id, parent.id)?;
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

/// Places `code` (with everything below it) under `new_parent` at
/// `position` among its new siblings (the end when `None`), renumbering the
/// siblings it leaves and joins. Refuses a cycle and a name taken at the new
/// place. Returns the position it got.
fn place(
    tx: &Tx,
    code: &Code,
    new_parent: Option<CodeId>,
    position: Option<usize>,
) -> Result<usize> {
    let id = code.id;
    if let Some(p) = new_parent
        && is_within(tx, p, id)?
    {
        return Err(Error::WouldCreateCycle {
            kind: "code",
            name: code.name.clone(),
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
        "UPDATE codes SET parent_id = ?1 WHERE id = ?2 AND parent_id IS NOT ?1",
        params![new_parent, id],
    )?;
    if new_parent != code.parent_id {
        renumber(tx, &old_siblings)?;
    }
    renumber(tx, &new_siblings)?;
    Ok(at)
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
    // The target's definition and scope notes, then the source's (the
    // target as it is now: a child merged into it may have added to them).
    let now_target = get(tx, target.id)?;
    for (column, from, into) in [
        ("definition", &source.definition, &now_target.definition),
        (
            "scope_includes",
            &source.scope_includes,
            &now_target.scope_includes,
        ),
        (
            "scope_excludes",
            &source.scope_excludes,
            &now_target.scope_excludes,
        ),
    ] {
        if from.is_empty() || from == into {
            continue;
        }
        let merged = if into.is_empty() {
            from.clone()
        } else {
            format!("{into}\n\n{from}")
        };
        tx.execute(
            &format!("UPDATE codes SET {column} = ?1 WHERE id = ?2"),
            params![merged, target.id],
        )?;
    }
    examples::append_pins(tx, source.id, target.id)?;
    let mut order: Vec<CodeId> = children(tx, Some(target.id))?
        .iter()
        .map(|c| c.id)
        .collect();
    for kid in children(tx, Some(source.id))? {
        // The source itself may be a child of the target (merged into its
        // parent): a grandchild of its name is not merged into it.
        if let Some(existing) = sibling_named(tx, Some(target.id), &kid.name, Some(source.id))? {
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
