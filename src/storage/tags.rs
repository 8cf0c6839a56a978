//! Tag dimensions and their values ("Fokusområde": samverkan …; "Nivå":
//! makro, meso, mikro), default tags on codes.

use super::{Change, Project, Tx, UndoMode};
use crate::error::{Error, Result};
use crate::ids::{CodeId, CoderId, CodingId, DimensionId, TagValueId};
use crate::model::{Dimension, TagValue};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;
use std::collections::HashMap;

/// A tag dimension to create, with its values.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct NewDimension {
    /// Stable key ("fokusomrade").
    pub key: String,
    /// Display name ("Fokusområde").
    pub name: String,
    /// Several values per coding allowed.
    pub multi: bool,
    /// Definition.
    pub definition: String,
    /// Values in order.
    pub values: Vec<NewTagValue>,
    /// Identity to give the dimension; a new random one when `None` (a
    /// template gives the same ids in every project made from it).
    pub id: Option<DimensionId>,
}

/// A tag value to create.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct NewTagValue {
    /// Stable key ("samverkan").
    pub key: String,
    /// Display label ("Samverkan").
    pub label: String,
    /// Another name ("Systemnivå").
    pub alias: String,
    /// Colour `#rrggbb`, if any.
    pub color: Option<String>,
    /// Definition.
    pub definition: String,
    /// Identity to give the value; a new random one when `None`.
    pub id: Option<TagValueId>,
}

fn value_from_row(r: &rusqlite::Row) -> rusqlite::Result<TagValue> {
    Ok(TagValue {
        id: r.get(0)?,
        dimension_id: r.get(1)?,
        key: r.get(2)?,
        label: r.get(3)?,
        alias: r.get(4)?,
        color: r.get(5)?,
        definition: r.get(6)?,
    })
}

const VALUE_COLUMNS: &str = "id, dimension_id, key, label, alias, color, definition";

pub(super) fn value(conn: &Connection, id: TagValueId) -> Result<TagValue> {
    conn.prepare_cached(&format!(
        "SELECT {VALUE_COLUMNS} FROM tag_values WHERE id = ?1"
    ))?
    .query_row([id], value_from_row)
    .optional()?
    .ok_or_else(|| Error::unknown("tag value", id))
}

pub(super) fn dimension_name(conn: &Connection, id: DimensionId) -> Result<String> {
    conn.prepare_cached("SELECT name FROM tag_dimensions WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::unknown("tag dimension", id))
}

/// The one rule for a coding's effective tags: its own values win per
/// dimension over its code's defaults. A dimension in which the coding has
/// any value of its own takes only those (for a multi-valued dimension too:
/// own values replace the defaults, they are not added to them); every other
/// dimension inherits the code's defaults.
///
/// `own` and `defaults` are (dimension, value) pairs in display order; the
/// result holds the own pairs, then the inherited ones, each in the order
/// given. Generic over the dimension's and value's types so that storage
/// (ids) and the search index (keys) share this one function.
pub fn effective_tags<D: PartialEq + Copy, V: Copy>(
    own: &[(D, V)],
    defaults: &[(D, V)],
) -> Vec<(D, V)> {
    let mut out = own.to_vec();
    out.extend(
        defaults
            .iter()
            .filter(|(dim, _)| !own.iter().any(|(d, _)| d == dim)),
    );
    out
}

/// Whether each dimension is multi-valued.
pub(super) fn dimension_multi(conn: &Connection) -> Result<HashMap<DimensionId, bool>> {
    let mut stmt = conn.prepare_cached("SELECT id, multi FROM tag_dimensions")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A code's default tags as (dimension, value), in display order.
pub(super) fn code_defaults(
    conn: &Connection,
    code: CodeId,
) -> Result<Vec<(DimensionId, TagValueId)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.dimension_id, v.id FROM code_tags ct JOIN tag_values v ON v.id = ct.value_id
         JOIN tag_dimensions d ON d.id = v.dimension_id WHERE ct.code_id = ?1 ORDER BY d.position, v.position",
    )?;
    let rows = stmt.query_map([code], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every code's default tags.
pub(super) fn all_code_defaults(
    conn: &Connection,
) -> Result<HashMap<CodeId, Vec<(DimensionId, TagValueId)>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT ct.code_id, v.dimension_id, v.id FROM code_tags ct JOIN tag_values v ON v.id = ct.value_id
         JOIN tag_dimensions d ON d.id = v.dimension_id ORDER BY d.position, v.position",
    )?;
    let mut out: HashMap<CodeId, Vec<(DimensionId, TagValueId)>> = HashMap::new();
    for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))? {
        let (code, dim, value) = row?;
        out.entry(code).or_default().push((dim, value));
    }
    Ok(out)
}

/// A coding's own tags as (dimension, value).
pub(super) fn coding_own_tags(
    conn: &Connection,
    coding: CodingId,
) -> Result<Vec<(DimensionId, TagValueId)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.dimension_id, v.id FROM coding_tags ct JOIN tag_values v ON v.id = ct.value_id
         JOIN tag_dimensions d ON d.id = v.dimension_id WHERE ct.coding_id = ?1 ORDER BY d.position, v.position",
    )?;
    let rows = stmt.query_map([coding], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Checks a set of tag values: each exists, and a single-valued dimension
/// gets at most one.
pub(super) fn check_values(conn: &Connection, values: &[TagValueId]) -> Result<()> {
    let multi = dimension_multi(conn)?;
    let mut seen: HashMap<DimensionId, TagValueId> = HashMap::new();
    for v in values {
        let tv = value(conn, *v)?;
        let single = !multi.get(&tv.dimension_id).copied().unwrap_or(true);
        if let Some(prev) = seen.insert(tv.dimension_id, *v)
            && prev != *v
            && single
        {
            return Err(Error::SingleValued {
                dimension: dimension_name(conn, tv.dimension_id)?,
            });
        }
    }
    Ok(())
}

/// Adds a default tag to a code, replacing the code's value in a
/// single-valued dimension.
pub(super) fn add_code_tag(tx: &Tx, code: CodeId, value_id: TagValueId) -> Result<()> {
    let v = value(tx, value_id)?;
    let multi = dimension_multi(tx)?
        .get(&v.dimension_id)
        .copied()
        .unwrap_or(true);
    if !multi {
        tx.execute(
            "DELETE FROM code_tags WHERE code_id = ?1 AND value_id IN (SELECT id FROM tag_values WHERE dimension_id = ?2)",
            params![code, v.dimension_id],
        )?;
    }
    tx.execute(
        "INSERT OR IGNORE INTO code_tags(code_id, value_id) VALUES (?1, ?2)",
        params![code, value_id],
    )?;
    Ok(())
}

/// Inserts a dimension with its values; shared with templates.
pub(crate) fn insert_dimension(tx: &Tx, new: &NewDimension) -> Result<DimensionId> {
    let key = new.key.trim();
    if key.is_empty() || new.name.trim().is_empty() {
        return Err(Error::NameRequired {
            what: "tag dimension",
        });
    }
    let exists: bool = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM tag_dimensions WHERE key = ?1)",
        [key],
        |r| r.get(0),
    )?;
    if exists {
        return Err(Error::NameTaken {
            kind: "tag dimension",
            name: key.to_owned(),
            within: None,
        });
    }
    let position: i64 = tx.query_row("SELECT count(*) FROM tag_dimensions", [], |r| r.get(0))?;
    // An id type's default is a new random id.
    let id = new.id.unwrap_or_default();
    tx.execute(
        "INSERT INTO tag_dimensions(id, key, name, multi, definition, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, key, new.name.trim(), new.multi, new.definition.trim(), position],
    )?;
    for (i, v) in new.values.iter().enumerate() {
        let color = v.color.as_deref().map(super::check_color).transpose()?;
        tx.execute(
            "INSERT INTO tag_values(id, dimension_id, key, label, alias, color, definition, position)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![v.id.unwrap_or_default(), id, v.key.trim(), v.label.trim(), v.alias.trim(), color, v.definition.trim(), i as i64],
        )?;
    }
    Ok(id)
}

impl Project {
    /// All tag dimensions with their values, in order.
    pub fn dimensions(&self) -> Result<Vec<Dimension>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, key, name, multi, definition FROM tag_dimensions ORDER BY position",
        )?;
        let mut dims: Vec<Dimension> = stmt
            .query_map([], |r| {
                Ok(Dimension {
                    id: r.get(0)?,
                    key: r.get(1)?,
                    name: r.get(2)?,
                    multi: r.get(3)?,
                    definition: r.get(4)?,
                    values: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {VALUE_COLUMNS} FROM tag_values ORDER BY position"
        ))?;
        for v in stmt.query_map([], value_from_row)? {
            let v = v?;
            if let Some(d) = dims.iter_mut().find(|d| d.id == v.dimension_id) {
                d.values.push(v);
            }
        }
        Ok(dims)
    }

    /// Finds a tag value by its key, label or alias (case-insensitive),
    /// optionally within one dimension (by key or name).
    pub fn find_tag_value(&self, dimension: Option<&str>, value: &str) -> Result<TagValue> {
        let needle = value.trim().to_lowercase();
        let mut found = Vec::new();
        for d in self.dimensions()? {
            if let Some(dim) = dimension {
                let dim = dim.trim().to_lowercase();
                if d.key.to_lowercase() != dim && d.name.to_lowercase() != dim {
                    continue;
                }
            }
            for v in d.values {
                if [&v.key, &v.label, &v.alias]
                    .iter()
                    .any(|s| !s.is_empty() && s.to_lowercase() == needle)
                {
                    found.push(v);
                }
            }
        }
        match found.len() {
            0 => Err(Error::UnknownName {
                kind: "tag value",
                name: value.to_owned(),
            }),
            1 => Ok(found.remove(0)),
            count => Err(Error::AmbiguousName {
                kind: "tag value",
                name: value.to_owned(),
                count,
            }),
        }
    }

    /// Creates a tag dimension with its values.
    pub fn create_dimension(&mut self, by: CoderId, new: NewDimension) -> Result<DimensionId> {
        self.write(by, "create_dimension", UndoMode::Undoable, |tx| {
            let id = insert_dimension(tx, &new)?;
            Ok(Change::new(
                id,
                format!("Created tag dimension {}", new.name.trim()),
                json!({ "dimension": id, "key": new.key }),
            ))
        })
    }

    /// Replaces a code's default tags.
    pub fn set_code_default_tags(
        &mut self,
        by: CoderId,
        code: CodeId,
        values: Vec<TagValueId>,
    ) -> Result<()> {
        self.write(by, "set_code_tags", UndoMode::Undoable, |tx| {
            let c = super::codes::get(tx, code)?;
            check_values(tx, &values)?;
            tx.execute("DELETE FROM code_tags WHERE code_id = ?1", [code])?;
            for v in &values {
                add_code_tag(tx, code, *v)?;
            }
            Ok(Change::new(
                (),
                format!("Set default tags of \"{}\"", c.name),
                json!({ "code": code, "values": values }),
            ))
        })
    }
}
