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

impl NewDimension {
    /// A dimension named `name` with values labelled `labels`, in order;
    /// its key and its values' keys are derived from the name and labels
    /// (as [`Project::create_dimension`] derives empty keys).
    pub fn labelled(name: &str, multi: bool, labels: &[String]) -> Self {
        NewDimension {
            name: name.to_owned(),
            multi,
            values: labels
                .iter()
                .map(|label| NewTagValue {
                    label: label.clone(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }
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

/// Inserts a dimension with its values; shared with templates. An empty
/// key (of the dimension or of a value) is derived from the name or label
/// ([`key_from_label`], numbered where taken).
pub(crate) fn insert_dimension(tx: &Tx, new: &NewDimension) -> Result<DimensionId> {
    if new.name.trim().is_empty() {
        return Err(Error::NameRequired {
            what: "tag dimension",
        });
    }
    let derived;
    let key = match new.key.trim() {
        "" => {
            derived = new_dimension_key(tx, &new.name)?;
            derived.as_str()
        }
        k => k,
    };
    let (key_taken, name_taken): (bool, bool) = tx.query_row(
        "SELECT EXISTS(SELECT 1 FROM tag_dimensions WHERE key = ?1),
                EXISTS(SELECT 1 FROM tag_dimensions WHERE lower(name) = lower(?2))",
        params![key, new.name.trim()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if key_taken || name_taken {
        return Err(Error::NameTaken {
            kind: "tag dimension",
            name: if key_taken { key } else { new.name.trim() }.to_owned(),
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
    let mut keys: Vec<String> = Vec::new();
    for (i, v) in new.values.iter().enumerate() {
        let color = v.color.as_deref().map(super::check_color).transpose()?;
        let label = v.label.trim();
        if label.is_empty() {
            return Err(Error::NameRequired { what: "tag value" });
        }
        let key = match v.key.trim() {
            "" => free_key(&key_from_label(label), |k| Ok(keys.iter().any(|x| x == k)))?,
            k => k.to_owned(),
        };
        if keys.contains(&key) {
            return Err(Error::NameTaken {
                kind: "tag value",
                name: key,
                within: Some(new.name.trim().to_owned()),
            });
        }
        tx.execute(
            "INSERT INTO tag_values(id, dimension_id, key, label, alias, color, definition, position)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![v.id.unwrap_or_default(), id, key, label, v.alias.trim(), color, v.definition.trim(), i as i64],
        )?;
        keys.push(key);
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

/// A stable key made from a label, as the template's keys are written:
/// lower case, å/ä/ö and other accented letters without their accents,
/// anything but letters and digits as single dashes ("Fokusområde" →
/// "fokusomrade", "Enkla problem" → "enkla-problem").
pub(crate) fn key_from_label(label: &str) -> String {
    let mut key = String::new();
    for ch in label.trim().to_lowercase().chars() {
        let plain = match ch {
            'å' | 'ä' | 'à' | 'á' | 'â' | 'ã' | 'æ' => 'a',
            'ö' | 'ø' | 'ò' | 'ó' | 'ô' | 'õ' | 'œ' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            'ç' => 'c',
            'ñ' => 'n',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if plain != '-' || !key.ends_with('-') {
            key.push(plain);
        }
    }
    key.trim_matches('-').to_owned()
}

/// `base`, or `base-2`, `base-3` … : the first that `taken` says is free.
fn free_key(base: &str, taken: impl Fn(&str) -> Result<bool>) -> Result<String> {
    let base = if base.is_empty() { "varde" } else { base };
    if !taken(base)? {
        return Ok(base.to_owned());
    }
    for n in 2.. {
        let key = format!("{base}-{n}");
        if !taken(&key)? {
            return Ok(key);
        }
    }
    unreachable!("some numbered key is free")
}

/// The key for a new dimension named `name`: derived from it, numbered if
/// another dimension has that key.
pub(crate) fn new_dimension_key(conn: &Connection, name: &str) -> Result<String> {
    free_key(&key_from_label(name), |k| {
        Ok(conn.query_row(
            "SELECT EXISTS(SELECT 1 FROM tag_dimensions WHERE key = ?1)",
            [k],
            |r| r.get(0),
        )?)
    })
}

fn dimension_of(conn: &Connection, id: DimensionId) -> Result<(String, i64)> {
    conn.prepare_cached("SELECT name, position FROM tag_dimensions WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| Error::unknown("tag dimension", id))
}

/// A value of `dimension` with this label (case-insensitive), other than `except`.
fn value_labelled(
    conn: &Connection,
    dimension: DimensionId,
    label: &str,
    except: Option<TagValueId>,
) -> Result<Option<TagValueId>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM tag_values WHERE dimension_id = ?1 AND lower(label) = lower(?2) AND id IS NOT ?3",
        )?
        .query_row(params![dimension, label, except], |r| r.get(0))
        .optional()?)
}

/// Rewrites positions of rows `ids` of `table` as 0, 1, 2 … in this order.
fn renumber(conn: &Connection, table: &str, ids: &[String]) -> Result<()> {
    let mut stmt = conn.prepare_cached(&format!(
        "UPDATE {table} SET position = ?1 WHERE id = ?2 AND position <> ?1"
    ))?;
    for (i, id) in ids.iter().enumerate() {
        stmt.execute(params![i as i64, id])?;
    }
    Ok(())
}

/// The ids of `table`'s rows in order, `filter` (SQL, `?1` bound to
/// `arg`) choosing them.
fn ordered(conn: &Connection, table: &str, filter: &str, arg: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT id FROM {table} WHERE {filter} ORDER BY position, id"
    ))?;
    let rows = stmt.query_map([arg], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Moves `id` to `position` in `order` (the end if beyond it); returns
/// where it went.
fn reorder(order: &mut Vec<String>, id: &str, position: usize) -> usize {
    order.retain(|x| x != id);
    let at = position.min(order.len());
    order.insert(at, id.to_owned());
    at
}

fn clean_label(label: &str, what: &'static str) -> Result<String> {
    let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
    if label.is_empty() {
        return Err(Error::NameRequired { what });
    }
    Ok(label)
}

impl Project {
    /// Renames a tag dimension (its key, which codings and the search
    /// index refer to, stays).
    pub fn rename_dimension(&mut self, by: CoderId, id: DimensionId, name: &str) -> Result<()> {
        self.write(by, "rename_dimension", UndoMode::Undoable, |tx| {
            let (old, _) = dimension_of(tx, id)?;
            let name = clean_label(name, "tag dimension")?;
            let taken: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM tag_dimensions WHERE lower(name) = lower(?1) AND id <> ?2)",
                params![name, id],
                |r| r.get(0),
            )?;
            if taken {
                return Err(Error::NameTaken {
                    kind: "tag dimension",
                    name,
                    within: None,
                });
            }
            tx.execute(
                "UPDATE tag_dimensions SET name = ?1 WHERE id = ?2 AND name <> ?1",
                params![name, id],
            )?;
            Ok(Change::new(
                (),
                format!("Renamed tag dimension \"{old}\" to \"{name}\""),
                json!({ "dimension": id, "from": old, "to": name }),
            ))
        })
    }

    /// Moves a tag dimension to `position` among the dimensions (the end
    /// if beyond it).
    pub fn move_dimension(&mut self, by: CoderId, id: DimensionId, position: usize) -> Result<()> {
        self.write(by, "move_dimension", UndoMode::Undoable, |tx| {
            let (name, _) = dimension_of(tx, id)?;
            let mut order = ordered(tx, "tag_dimensions", "?1 IS NOT NULL", "")?;
            let at = reorder(&mut order, &id.to_string(), position);
            renumber(tx, "tag_dimensions", &order)?;
            Ok(Change::new(
                (),
                format!("Moved tag dimension \"{name}\" to position {}", at + 1),
                json!({ "dimension": id, "position": at }),
            ))
        })
    }

    /// Adds a value to a dimension, at the end. Its key is `key`, or, when
    /// `None`, derived from the label as the template's keys are
    /// ("Komplicerad" → "komplicerad"; numbered if taken). A label or key
    /// the dimension has already is refused ([`Error::NameTaken`]).
    pub fn add_tag_value(
        &mut self,
        by: CoderId,
        dimension: DimensionId,
        label: &str,
        key: Option<&str>,
    ) -> Result<TagValueId> {
        self.write(by, "add_tag_value", UndoMode::Undoable, |tx| {
            let (dim_name, _) = dimension_of(tx, dimension)?;
            let label = clean_label(label, "tag value")?;
            if value_labelled(tx, dimension, &label, None)?.is_some() {
                return Err(Error::NameTaken {
                    kind: "tag value",
                    name: label,
                    within: Some(dim_name),
                });
            }
            let key_taken = |k: &str| -> Result<bool> {
                Ok(tx.query_row(
                    "SELECT EXISTS(SELECT 1 FROM tag_values WHERE dimension_id = ?1 AND key = ?2)",
                    params![dimension, k],
                    |r| r.get(0),
                )?)
            };
            let key = match key.map(str::trim) {
                Some(k) if !k.is_empty() => {
                    if key_taken(k)? {
                        return Err(Error::NameTaken {
                            kind: "tag value",
                            name: k.to_owned(),
                            within: Some(dim_name),
                        });
                    }
                    k.to_owned()
                }
                _ => free_key(&key_from_label(&label), key_taken)?,
            };
            let position: i64 = tx.query_row(
                "SELECT count(*) FROM tag_values WHERE dimension_id = ?1",
                [dimension],
                |r| r.get(0),
            )?;
            let id = TagValueId::new();
            tx.execute(
                "INSERT INTO tag_values(id, dimension_id, key, label, position) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, dimension, key, label, position],
            )?;
            Ok(Change::new(
                id,
                format!("Added \"{label}\" to tag dimension \"{dim_name}\""),
                json!({ "dimension": dimension, "value": id, "key": key, "label": label }),
            ))
        })
    }

    /// Gives a tag value another label (its key stays).
    pub fn rename_tag_value(&mut self, by: CoderId, id: TagValueId, label: &str) -> Result<()> {
        self.write(by, "rename_tag_value", UndoMode::Undoable, |tx| {
            let v = value(tx, id)?;
            let label = clean_label(label, "tag value")?;
            if value_labelled(tx, v.dimension_id, &label, Some(id))?.is_some() {
                return Err(Error::NameTaken {
                    kind: "tag value",
                    name: label,
                    within: Some(dimension_name(tx, v.dimension_id)?),
                });
            }
            tx.execute(
                "UPDATE tag_values SET label = ?1 WHERE id = ?2 AND label <> ?1",
                params![label, id],
            )?;
            Ok(Change::new(
                (),
                format!("Renamed tag value \"{}\" to \"{label}\"", v.label),
                json!({ "value": id, "from": v.label, "to": label }),
            ))
        })
    }

    /// Moves a tag value to `position` among its dimension's values (the
    /// end if beyond it).
    pub fn move_tag_value(&mut self, by: CoderId, id: TagValueId, position: usize) -> Result<()> {
        self.write(by, "move_tag_value", UndoMode::Undoable, |tx| {
            let v = value(tx, id)?;
            let mut order = ordered(
                tx,
                "tag_values",
                "dimension_id = ?1",
                &v.dimension_id.to_string(),
            )?;
            let at = reorder(&mut order, &id.to_string(), position);
            renumber(tx, "tag_values", &order)?;
            Ok(Change::new(
                (),
                format!("Moved tag value \"{}\" to position {}", v.label, at + 1),
                json!({ "value": id, "position": at }),
            ))
        })
    }

    /// Makes a dimension multi-valued or single-valued. Becoming
    /// single-valued is refused ([`Error::SeveralValuesInUse`], nothing
    /// changed) while any coding's effective tags or any code's default
    /// tags hold more than one of its values.
    pub fn set_dimension_multi(&mut self, by: CoderId, id: DimensionId, multi: bool) -> Result<()> {
        self.write(by, "set_dimension_multi", UndoMode::Undoable, |tx| {
            let (name, _) = dimension_of(tx, id)?;
            if !multi {
                let (codings, codes): (i64, i64) = tx.query_row(
                    "WITH own AS (
                         SELECT ct.coding_id, count(*) AS n FROM coding_tags ct
                         JOIN tag_values v ON v.id = ct.value_id WHERE v.dimension_id = ?1
                         GROUP BY ct.coding_id),
                     defaults AS (
                         SELECT ct.code_id, count(*) AS n FROM code_tags ct
                         JOIN tag_values v ON v.id = ct.value_id WHERE v.dimension_id = ?1
                         GROUP BY ct.code_id)
                     SELECT
                       (SELECT count(*) FROM codings c
                          LEFT JOIN own o ON o.coding_id = c.id
                          LEFT JOIN defaults d ON d.code_id = c.code_id
                         WHERE coalesce(o.n, d.n, 0) > 1),
                       (SELECT count(*) FROM defaults WHERE n > 1)",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                if codings > 0 || codes > 0 {
                    return Err(Error::SeveralValuesInUse {
                        dimension: name,
                        codings: codings as u64,
                        codes: codes as u64,
                    });
                }
            }
            tx.execute(
                "UPDATE tag_dimensions SET multi = ?1 WHERE id = ?2 AND multi <> ?1",
                params![multi, id],
            )?;
            Ok(Change::new(
                (),
                format!(
                    "Made tag dimension \"{name}\" {}",
                    if multi {
                        "multi-valued"
                    } else {
                        "single-valued"
                    }
                ),
                json!({ "dimension": id, "multi": multi }),
            ))
        })
    }
}
